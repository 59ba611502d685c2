"""The report as data: what every renderer shows, computed once."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from ..check import CheckResult
from ..rules.findings import Finding
from ..text.normalise import fold, strip_punct

STATUS_ORDER = ["verified", "variant", "drift", "misattributed", "not_found", "unverifiable", "uncited"]
STATUS_ZH = {"verified": "一致", "variant": "仅标点不同", "drift": "措辞不一致", "misattributed": "出处张冠李戴",
             "not_found": "原文中找不到", "unverifiable": "来源不在资料库", "uncited": "未注出处"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def severity_label(severity: str, lang: str) -> str:
    """`错误` / `error`: the label a line of pretty or concise output gives a finding's severity."""
    return SEVERITY_ZH[severity] if lang == "zh" else severity
LIBRARY_LISTING_LIMIT = 200


@dataclass
class MissingSource:
    reference: object  # the first note that cites it
    lines: list  # raw lines of every note that cites it
    quotes: int
    references: list = field(default_factory=list)  # every note that cites it


@dataclass(frozen=True)
class StatusStyle:
    """How a status looks, the same in HTML, Markdown and the terminal."""

    symbol: str  # drawn before the label everywhere
    colour: str  # HTML
    terminal: str  # rich style
    dot: str  # Markdown has no colour: a coloured emoji stands for it
    zh: str  # what it means, for the legend
    en: str


STATUS_STYLE = {
    "verified": StatusStyle("✓", "#1e6b35", "green", "🟢", "引文与原文一致", "the words match the source"),
    "variant": StatusStyle("≈", "#2b6a8f", "cyan", "🔵", "仅标点、数字写法或编者括注不同", "punctuation or number style differs only"),
    "drift": StatusStyle("✗", "#b3261e", "bold red", "🔴", "措辞与原文不一致", "the wording differs from the source"),
    "misattributed": StatusStyle("⇄", "#7b1fa2", "bold magenta", "🟣", "原话在资料库的另一篇来源中", "the words are in another source"),
    "not_found": StatusStyle("∅", "#c2410c", "bold dark_orange", "🟠", "所注来源中找不到原话", "the cited source does not hold the words"),
    "unverifiable": StatusStyle("○", "#5f6368", "grey50", "⚪", "所注来源不在资料库，无从核对", "the cited source is not in the library"),
    "uncited": StatusStyle("!", "#8a5a00", "yellow", "🟡", "没有注明出处", "no citation"),
}

DECISION_ZH = {"dismissed": "忽略", "checked": "已核", "accepted": "已改", "reopened": "重新打开"}


@dataclass
class Report:
    check: CheckResult
    findings: list[Finding]
    lang: str = "zh"
    # Findings the editors decided on (decisions.DecisionStore, or the reviewed Word copy):
    # (Finding, Decision), shown apart as reviewed, with the reason; not in `findings`.
    reviewed: list = field(default_factory=list)

    @property
    def article(self):
        return self.check.article

    @cached_property
    def quotes(self) -> list:
        """The quotations the report shows and counts: all but scare quotes (`如果只写“加强监管、
        防范风险”`) — words in quotation marks that attribute themselves to nobody, that no source
        holds and that no rule found worth a finding. They are the author's own phrasing: no box,
        no count, and a term in the JSON, like the short ones the reader already calls terms."""
        flagged = {f.quote for f in self.findings}
        return [r for r in self.check.quotes if not (
            r.status == "uncited" and not r.witnesses and r.quote.form == "marks" and not r.quote.cue
            and r.quote.text not in flagged)]

    @cached_property
    def scare_quotes(self) -> set[int]:
        """id() of the quotations left out of `quotes`."""
        kept = {id(r.quote) for r in self.quotes}
        return {id(r.quote) for r in self.check.quotes if id(r.quote) not in kept}

    def status_counts(self) -> dict:
        counts = Counter(r.status for r in self.quotes)
        return {s: counts.get(s, 0) for s in STATUS_ORDER}

    def counts(self) -> dict:
        """The numbers a summary and a batch's totals give (JSON keys)."""
        status = self.status_counts()
        sev = self.severity_counts()
        checked = sum(n for s, n in status.items() if s not in ("unverifiable", "uncited"))
        return {"quotations": sum(status.values()), "checked": checked,
                "verified": status["verified"] + status["variant"], "unverifiable": status["unverifiable"],
                "errors": sev["error"], "warnings": sev["warning"], "infos": sev["info"],
                "missing_sources": len(self.missing_sources()), "reviewed": len(self.reviewed)}

    def severity_counts(self) -> dict:
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in ("error", "warning", "info")}

    @cached_property
    def by_quote(self) -> dict[str, list[Finding]]:
        """Findings by the quotation text they concern (renderers look them up per quotation)."""
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if finding.quote is not None:
                index.setdefault(finding.quote, []).append(finding)
        return index

    @cached_property
    def quote_texts(self) -> set[str]:
        return {r.quote.text for r in self.quotes}

    def missing_sources(self) -> list["MissingSource"]:
        """Cited sources the library lacks, one entry per source: what the editor still has to fetch."""
        groups: dict[tuple, MissingSource] = {}
        for rr in self.check.references:
            if rr.resolution is None and rr.quotes:
                ref = rr.reference
                key = (strip_punct(fold(ref.title or ref.text)), ref.date.iso if ref.date else "")
                entry = groups.setdefault(key, MissingSource(ref, [], 0))
                entry.lines.append(ref.line)
                entry.references.append(ref)
                entry.quotes += len(rr.quotes)
        return list(groups.values())

    def listed_library(self) -> list:
        """All sources of a small library; for a large one, those the report refers to."""
        library = self.check.library
        if library.size() <= LIBRARY_LISTING_LIMIT:
            return sorted(library.all(), key=lambda s: s.id)
        used = {r.source.id for r in self.check.quotes if r.source}
        used |= {w.source.id for r in self.check.quotes for w in r.witnesses}
        used |= {rr.source.id for rr in self.check.references if rr.source}
        return [library.get(i) for i in sorted(used)]

    def location(self, line: int, quote: str | None = None):
        """The manuscript location of raw line `line` (.docx/.pdf), or None for a text article."""
        return self.article.location(line, quote)

    def where(self, line: int, quote: str | None = None) -> str:
        """`第6页第12行` / `第29段` (English: `page 6, line 12`), or "" for a text article."""
        here = self.location(line, quote)
        return here.describe(self.lang) if here else ""

    def line_label(self, line: int, end_line: int | None = None, quote: str | None = None,
                   prefix: str = "L", sep: str = "-") -> str:
        """How a human report names a place: `L815-833` in a text article, `第29段` in a .docx,
        `第6页第12行` (or `第6页第12行–第7页第2行`) in a PDF."""
        here = self.where(line, quote)
        if not here:
            return f"{prefix}{line}" + (f"{sep}{end_line}" if end_line and end_line != line else "")
        if end_line and end_line != line:
            end = self.location(end_line)
            start = self.location(line)
            if end and start and end.page is not None and (end.page, end.line) != (start.page, start.line):
                here += "–" + end.describe(self.lang)
        return here

    def date_text(self, date) -> str:
        """A date as the report's language writes it: 2025年4月27日, or 2025-04-27 in English; "" for none."""
        if date is None:
            return ""
        return date.zh() if self.lang == "zh" else date.iso

    def notes_at(self, lines: list[int]) -> str:
        """Where a missing source's notes stand: `注释在第102、1137行`, `注释在第8段脚注2、第9段脚注3`
        (`notes on lines 102, 1137`; `notes at paragraph 8, footnote 2`)."""
        places = [self.where(line) for line in lines]
        if self.lang == "zh":
            if all(places):
                return "注释在" + "、".join(places)
            return f"注释在第{'、'.join(map(str, lines))}行"
        if all(places):
            return "notes at " + "; ".join(places)
        return f"note{'s' if len(lines) != 1 else ''} on line{'s' if len(lines) != 1 else ''} {', '.join(map(str, lines))}"

    def status_badge(self, status: str) -> str:
        """`✗ 措辞不一致` / `✗ drift`: the symbol and the label, as every renderer shows a status."""
        return f"{STATUS_STYLE[status].symbol} {self.status_label(status)}" if status in STATUS_STYLE else status

    def status_meaning(self, status: str) -> str:
        style = STATUS_STYLE[status]
        return style.zh if self.lang == "zh" else style.en

    def status_label(self, status: str) -> str:
        return STATUS_ZH.get(status, status) if self.lang == "zh" else status.replace("_", " ")
