"""Words an article borrows without quotation marks: attributed sentences and reused formulations.

Two kinds of candidate, found sentence by sentence outside quotation marks:
- attributed: a subject and a verb of saying, then the words to the end of the sentence
  (`习近平强调，要……。` `总书记指出，……` `正如习近平所指出的，……` `《X》一文提到，……`);
- unattributed: a sentence of 15 characters or more (a formulation reused as the author's own).

Only candidates: the check keeps those a library source holds nearly, and says nothing of the rest
(an author may paraphrase a source the library lacks, and most sentences are the author's own).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..text.normalise import strip_punct
from ..text.speakers import ATTRIBUTION, subject
from .context import Context
from .model import Article, text_weight

MIN_ATTRIBUTED = 8  # characters of words after the verb of saying
MIN_SENTENCE = 15  # characters of an unattributed sentence or clause (shorter ones recur by chance)
MAX_SENTENCE = 400  # a longer "sentence" is a run-on list or an unpunctuated block: not one formulation
_MARKS = re.compile("[“”‘’「」『』]")
_NOTE_MARK = re.compile(r"\[\d{1,3}\]|【\d{1,3}】|\[\^\d+\]|[\u2460-\u2473]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_CLAUSE_END = re.compile(r"[,;:]")


@dataclass
class Unmarked:
    text: str  # the words as printed, note marks dropped
    start: int  # canonical offsets in the body text
    end: int
    line: int
    end_line: int
    column: int
    end_column: int
    speaker: str | None = None  # the subject before the verb of saying; None: unattributed
    verb: str | None = None
    heading: bool = False

    @property
    def attributed(self) -> bool:
        return self.speaker is not None

    @property
    def words(self) -> str:
        return strip_punct(self.text)

    def to_json(self) -> dict:
        return {"text": self.text, "line": self.line, "end_line": self.end_line, "column": self.column,
                "speaker": self.speaker, "verb": self.verb}


def find(ctx: Context) -> list[Unmarked]:
    """Every candidate of the article, in order."""
    found = []
    quoted = sorted((q.start, q.end) for q in ctx.article.quotations)
    for start, end in _sentences(ctx):
        if not _overlaps(quoted, start, end):  # set apart (a bold run, a block quote): checked as a quotation
            found.extend(_candidates(ctx, start, end))
    return found


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and e > start for s, e in spans[max(0, i - 8):i])


def _sentences(ctx: Context) -> list[tuple[int, int]]:
    """Sentences of the body outside quotations' lines of markup: ends at 。！？, paragraphs,
    headings and (Markdown) every line, since each line of Markdown is a paragraph or an item."""
    a = ctx.article
    text = ctx.text
    cuts = set(ctx.sentence_ends) | set(ctx.paragraph_starts)
    cuts |= {a.body.canon_index(h) for h in a.layout.headings}
    if a.layout.is_markdown:
        body = a.body
        for i in range(1, len(body.seg_canon)):
            prev_end = body.raw_offset(body.seg_canon[i] - 1) + 1
            if "\n" in a.raw[prev_end:body.seg_raw[i]]:
                cuts.add(body.seg_canon[i])
    bounds = sorted(c for c in cuts if 0 < c < len(text))
    return list(zip([0] + bounds, bounds + [len(text)]))


def _candidates(ctx: Context, start: int, end: int) -> list[Unmarked]:
    text = ctx.text[start:end]
    if _MARKS.search(text) or len(text) > MAX_SENTENCE:
        return []  # quotation marks: the quotation pass checks the quoted words
    m = ATTRIBUTION.search(text)
    if m and not ctx.in_title(start + m.start("verb")):
        who = subject(m.group("who"))
        if who.startswith("》"):  # a title with its own punctuation: 《以旧换新，换出了什么？》写到，
            # (its ？ ended a "sentence" inside the title: look back in the whole text)
            opening = ctx.text.rfind("《", max(0, start - 60), start + m.start("who"))
            who = ctx.article.body.display[opening:start + m.start("verb")] if opening >= 0 else who
        words_at = start + m.end()
        item = _item(ctx.article, words_at, end)
        if item is not None and len(item.words) >= MIN_ATTRIBUTED and who:
            item.speaker, item.verb = who, m.group("verb")
            return [item]
        return []
    item = _item(ctx.article, start, end)
    if item is None or text_weight(item.text) < MIN_SENTENCE:
        return []
    return [item]


def _item(a: Article, start: int, end: int) -> Unmarked | None:
    display = a.body.display
    # Leading markup and spaces, trailing note marks: not the author's words.
    while start < end and display[start] in "#>*-+ \u3000":
        start += 1
    text = _NOTE_MARK.sub("", display[start:end]).replace("**", "").strip()
    if not strip_punct(text):
        return None
    raw_start, raw_end = a.body.raw_offset(start), a.body.raw_offset(max(start, end - 1)) + 1
    line, column = a.lines.line_col(raw_start)
    end_line, end_column = a.lines.line_col(raw_end)
    heading = a.in_heading(line)
    return Unmarked(text, start, end, line, end_line, column, end_column, heading=heading)


def clauses(article: Article, item: Unmarked) -> list[Unmarked]:
    """The clauses of a long sentence (between ， ； ：), each long enough to say where it comes
    from: tried only when no source holds the whole sentence."""
    text = article.body.text
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, item.start, item.end)]
    if not cuts:
        return []
    pieces = []
    for s, e in zip([item.start] + cuts, cuts + [item.end]):
        piece = _item(article, s, e)
        if piece is not None and text_weight(piece.text) >= MIN_SENTENCE:
            piece.speaker, piece.verb = item.speaker, item.verb
            pieces.append(piece)
    return pieces
