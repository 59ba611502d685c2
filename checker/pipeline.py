"""One article through the pipeline: read → article → check → rules → findings → report.

Used alike by the verbs (one article), the process pool and Dask workers (batch):
the data flows one way, and nothing here reaches back up to the command line.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field

from .article import Article, read_article
from .article.allow import allow_terms
from .check import CheckResult, check_article
from .decisions import Decision
from .library import Library
from .read.manuscript import read_article_source
from .report.model import Report
from .rules import SEVERITY_RANK, Finding, Rule, run_rules

log = logging.getLogger("quotecheck")


@dataclass
class Checked:
    """An article checked: the facts, the findings reported and every finding's fingerprint."""

    result: CheckResult
    findings: list[Finding]  # after the baseline filter, without those the editors decided on
    fingerprints: list[tuple[str, str, str]]  # (fingerprint, rule, quote) of every finding, for --write-baseline
    reviewed: list[tuple[Finding, Decision]] = field(default_factory=list)  # findings decided on, with the decision
    new_decisions: list[Decision] = field(default_factory=list)  # read from a reviewed Word copy, to record

    @property
    def worst(self) -> int:
        """Severity rank of the worst reported finding (0: none)."""
        return max([0] + [SEVERITY_RANK[f.severity] for f in self.findings])


def read_article_file(path: str) -> Article:
    """An article: .txt/.md as it is, a .docx/.pdf manuscript read into the same text model."""
    source = read_article_source(path)
    for warning in source.warnings:
        log.warning("%s", warning)  # in the run's language (cli._Warnings)
    return read_article(source)


def check_file(path: str, library: Library, rules: list[Rule], lang: str,
               baseline: frozenset[str] | None = None, decisions: dict[str, Decision] | None = None,
               terms: tuple[str, ...] = ()) -> Checked:
    """`decisions`: the latest decision per fingerprint (decisions.DecisionStore.current);
    `terms`: the configuration's allowlist ([terms] allow), words that are never quotations."""
    article = read_article_file(path)
    allow_terms(article, terms)
    result = check_article(article, library)
    if result.own_copies:
        print(own_copies_note(path, result.own_copies, lang), file=sys.stderr)
    findings = run_rules(result, rules, lang)
    fingerprints = [(f.fingerprint, f.rule, f.quote) for f in findings]
    if baseline is not None:
        findings = [f for f in findings if f.fingerprint not in baseline]
    decisions = dict(decisions or {})
    new = word_decisions(result.article, findings, decisions) if result.article.kind == "docx" else []
    decisions.update((d.fingerprint, d) for d in new)
    reviewed = [(f, decisions[f.fingerprint]) for f in findings if f.fingerprint in decisions]
    findings = [f for f in findings if f.fingerprint not in decisions]
    return Checked(result, findings, fingerprints, reviewed, new)


def own_copies_note(path: str, ids: list[str], lang: str) -> str:
    """The one line that says the article lies in its own library and was not taken as its source."""
    from .errors import shown

    names = ("、" if lang == "zh" else ", ").join(shown(i) for i in ids)
    if lang == "zh":
        return (f"quotecheck: 提示：资料库中的 {names} 就是所查文章 {shown(path)} 本身（同一文件或同样的文字），"
                f"没有拿它来核对文章自己")
    return (f"quotecheck: note: {names} in the library is the article {shown(path)} itself (the same file or "
            f"text); it was not used as a source of itself")


def word_decisions(article, findings: list[Finding], known: dict[str, Decision]) -> list[Decision]:
    """The decisions an editor made in a reviewed Word copy (resolved comments, replies 忽略/已核) on
    findings that still occur, and that the store does not hold yet. A finding whose words changed
    has another fingerprint: its old comment decides nothing."""
    import hashlib
    import os

    from .decisions import now_utc
    from .read.docx_review import editor_decisions
    from .read.text import read_bytes

    data = read_bytes(article.path)
    if hashlib.sha256(data).hexdigest() != article.sha256:
        return []  # changed since it was read: its decisions are read on the next check
    current = {f.fingerprint: f for f in findings}
    out = []
    for comment, (decision, reason, who, when) in editor_decisions(article.path, data):
        finding = current.get(comment.fingerprint)
        if finding is None:
            continue
        earlier = known.get(finding.fingerprint)
        if earlier is not None and (earlier.decision, earlier.reason) == (decision, reason):
            continue
        out.append(Decision(finding.fingerprint, decision, reason, who or "Word", when or now_utc(),
                            finding.quote or "", os.path.basename(article.path), "docx", finding.rule))
    return out


def render(report: Report, fmt: str, suggestions: bool = True) -> str | bytes:
    """The report in one of report.FORMATS (`suggestions`: tracked changes in a reviewed Word copy)."""
    if fmt == "json":
        from .report.json_report import render as renderer
    elif fmt == "concise":
        from .report.concise import render as renderer
    elif fmt == "pretty":
        from .report.pretty import render_check as renderer
    elif fmt == "docx":
        from .report.docx_comments import render as docx_render
        return docx_render(report, suggestions=suggestions)
    else:
        import importlib
        renderer = importlib.import_module(f".report.{fmt}", __package__).render
    return renderer(report)
