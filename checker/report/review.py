"""What the review report (HTML, Markdown and the terminal) shows for each quotation, computed once.

The review follows the article: quotations in article order, each with the sentence around it,
its note as written (with its number and line) and, side by side, the article's wording and
then the source's, the same order in every renderer. Which source wording is shown:

- the cited source's, when it holds the words (verified, variant, drift);
- the other library source's that holds them (misattributed, uncited, unverifiable with a witness);
- the nearest passage of the cited source (not_found, QC302; a paraphrased block quote, QC308),
  so the editor can judge without opening the source.

Quotations whose cited source the library lacks, and that raise nothing above info, are not
drawn one box each: they are grouped under the missing source, one row per quotation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .diff import side_by_side
from .model import MissingSource, Report

CONTEXT_CHARS = 60  # at most this many characters of the sentence on each side of a quotation
_SENTENCE_END = "。！？!?；;"
NEAREST_MIN_SCORE = 30.0  # a "nearest passage" less alike than this is not shown


@dataclass
class Comparison:
    """The source wording set beside the article's."""

    kind: str  # cited | witness | nearest
    source: object  # library Source
    start: int  # canonical offsets in source.body
    end: int
    score: float
    quote_pieces: list  # [(text, tag)] of the article's wording
    source_pieces: list  # [(text, tag)] of the source's wording

    @property
    def text(self) -> str:
        return self.source.body.display[self.start:self.end]


@dataclass
class QuoteView:
    result: object
    findings: list
    worst: str  # error | warning | info | ok
    before: str = ""  # the sentence around the quotation (display text)
    marked: str = ""  # the quotation with its marks, as it stands in the sentence
    after: str = ""
    note_text: str = ""  # the note as written: raw lines, spaces kept
    comparison: Comparison | None = None
    anchor: str = ""  # the page id of its box or row: q<line>, q<line>-2 for the second on a line, …

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def quote(self):
        return self.result.quote

    # The pieces every renderer draws, article first (kept for the renderers of other formats).
    @property
    def quote_pieces(self) -> list:
        return self.comparison.quote_pieces if self.comparison else [(self.quote.text, "same")]

    @property
    def source_pieces(self) -> list | None:
        return self.comparison.source_pieces if self.comparison else None


@dataclass
class MissingGroup:
    """A cited source the library lacks, with the quotations that cite it."""

    missing: MissingSource
    views: list = field(default_factory=list)

    def own_findings(self, view) -> list:
        """A grouped quotation's findings other than the group's own (the source is missing: QC401 on its notes)."""
        return [f for f in view.findings if f.line not in self.missing.lines]


@dataclass
class Review:
    views: list  # every quotation, article order
    shown: list  # the quotations drawn one box each, article order
    groups: list  # MissingGroup, in the order of their first note
    to_fix: list  # findings at warning or error, line order
    home: dict = field(default_factory=dict)  # id(finding) -> the view it is about (where its link goes)


_RANK = {"error": 0, "warning": 1, "info": 2, "ok": 3}


def quote_views(report: Report) -> list[QuoteView]:
    """Every quotation of the article, in article order."""
    views = []
    article = report.article
    for result in report.quotes:
        q = result.quote
        findings = [f for f in report.by_quote.get(q.text, []) if (f.line in (q.line, q.claim_line)
                    or f.category != "drift")]
        findings = [f for f in findings if _belongs(f, result)]
        worst = min((f.severity for f in findings), key=lambda s: _RANK[s], default="ok")
        view = QuoteView(result, findings, worst)
        view.before, view.marked, view.after = _sentence(article, q)
        view.note_text = _note_as_written(article, q.reference)
        view.comparison = _comparison(result)
        views.append(view)
    views.sort(key=lambda v: (v.quote.line, v.quote.start))
    on_line: dict[int, int] = {}
    for view in views:  # a .docx paragraph is one line: its quotations are told apart by their order
        n = on_line[view.quote.line] = on_line.get(view.quote.line, 0) + 1
        view.anchor = f"q{view.quote.line}" + (f"-{n}" if n > 1 else "")
    return views


def _homes(views: list[QuoteView]) -> dict:
    """Each finding's own quotation: the one whose words and line it names; failing that (a note's
    date, shared by the quotations it covers), the first it concerns."""
    home: dict = {}
    for view in views:
        q = view.quote
        for f in view.findings:
            if f.quote == q.text and q.line <= f.line <= q.end_line:
                home.setdefault(id(f), view)
    for view in views:
        for f in view.findings:
            home.setdefault(id(f), view)
    return home


def review(report: Report) -> Review:
    views = quote_views(report)
    groups: dict[int, MissingGroup] = {}
    missing = report.missing_sources()
    by_ref = {}
    for entry in missing:
        group = groups[id(entry)] = MissingGroup(entry)
        for ref in entry.references:
            by_ref[id(ref)] = group
    shown = []
    for view in views:
        group = by_ref.get(id(view.quote.reference)) if view.status == "unverifiable" else None
        if group is not None and _RANK[view.worst] >= _RANK["info"]:
            group.views.append(view)
        else:
            shown.append(view)
    to_fix = [f for f in report.findings if f.severity != "info"]
    return Review(views, shown, [groups[id(m)] for m in missing], to_fix, _homes(views))


def _belongs(finding, result) -> bool:
    q = result.quote
    ref = q.reference
    if q.line <= finding.line <= q.end_line or finding.line == q.claim_line:
        return True
    return bool(ref and ref.line <= finding.line <= ref.end_line)


def _sentence(article, q) -> tuple[str, str, str]:
    """(before, the quotation with its marks, after): the sentence around a quotation."""
    text = article.body.display
    start, end = max(0, min(q.start, len(text))), max(0, min(q.end, len(text)))
    lo = start
    while lo > 0 and start - lo < CONTEXT_CHARS and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < CONTEXT_CHARS and text[hi] not in _SENTENCE_END:
        hi += 1
    if hi < len(text) and text[hi] in _SENTENCE_END:
        hi += 1
    before = ("…" if lo > 0 and text[lo - 1] not in _SENTENCE_END else "") + text[lo:start].lstrip()
    after = text[end:hi].rstrip() + ("…" if hi < len(text) and text[hi - 1] not in _SENTENCE_END else "")
    return before, text[start:end], after


def _note_as_written(article, ref) -> str:
    """The note's raw lines, spaces kept, blank lines (a PDF's line spacing) left out."""
    if ref is None:
        return ""
    if getattr(ref, "style", "") == "inline":
        return ref.text
    lines = article.raw.split("\n")[ref.line - 1:ref.end_line]
    kept = [line.rstrip("\r") for line in lines if line.strip()]
    return "\n".join(kept) or ref.text


def _comparison(result) -> Comparison | None:
    q = result.quote
    if result.alignment and result.source:
        a = result.alignment
        return _compare("cited", result.source, a.start, a.end, a.score, q.text)
    witnesses = result.witnesses
    if witnesses:
        w = witnesses[0]
        return _compare("witness", w.source, w.alignment.start, w.alignment.end, w.alignment.score, q.text)
    if result.status == "not_found" and result.source is not None:
        from ..check.align import locate

        try:
            a = locate(q.text, result.source, explain=False, min_score=NEAREST_MIN_SCORE)
        except Exception:  # a best effort for the reader; the verdict does not depend on it
            a = None
        if a is not None:
            return _compare("nearest", result.source, a.start, a.end, a.score, q.text)
    return None


def _compare(kind, source, start, end, score, quote_text) -> Comparison:
    source_text = source.body.display[start:end]
    src, qt = side_by_side(source_text, quote_text)
    return Comparison(kind, source, start, end, score, qt, src)
