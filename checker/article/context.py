"""The article's body text as extraction reads it, with the positions every step asks about.

One `Context` per article, shared by the steps of extraction (quotes, markers, citations,
claims): where sentences and paragraphs start, which offsets lie inside a 《title》, and
which year a date without one belongs to.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from ..text.dates import find_dates
from .cite import bracket_groups
from .model import Article

STRAIGHT_PAIR_CHARS = 500  # a straight quotation is a sentence or two, not a page


@dataclass
class Context:
    article: Article
    text: str = ""  # canonical body text, straight quotes curled (same offsets as article.body)
    paragraph_starts: list[int] = field(default_factory=list)  # Markdown or Word paragraphs (PDF text has none)
    sentence_ends: list[int] = field(default_factory=list)  # just after 。！？ outside quotations (quotes.scan)
    title_groups: list[tuple[int, int]] = field(default_factory=list)  # 《…》 spans
    orphan_closers: list[int] = field(default_factory=list)  # ” with no opening mark (quotes.scan)
    _usual_year: int | None = 0  # 0: not computed yet

    @classmethod
    def of(cls, article: Article) -> "Context":
        ctx = cls(article)
        ctx.paragraph_starts = _paragraph_starts(article)
        ctx.text = curl_straight_quotes(article.body.text, ctx.paragraph_starts)
        ctx.title_groups = [g for g in bracket_groups(ctx.text) if g[1] - g[0] <= 200]
        return ctx

    @property
    def usual_year(self) -> int | None:
        """The year most full dates (year, month and day) of the article name; the latest on a tie."""
        if self._usual_year == 0:
            years = Counter(d.year for d, _, _ in find_dates(self.text) if d.day)
            self._usual_year = max(years, key=lambda y: (years[y], y)) if years else None
        return self._usual_year

    def in_title(self, pos: int) -> bool:
        i = bisect.bisect_right(self.title_groups, (pos, float("inf"))) - 1
        return i >= 0 and self.title_groups[i][0] < pos < self.title_groups[i][1]

    def paragraph_start(self, pos: int) -> int:
        j = bisect.bisect_right(self.paragraph_starts, pos) - 1
        return self.paragraph_starts[j] if j >= 0 else 0

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sentence_ends, pos) - 1
        start = self.sentence_ends[i] if i >= 0 else 0
        return max(start, self.paragraph_start(pos))

    def infer_year(self, month: int, day: int, guess: bool = False) -> int | None:
        """The year a date in the text leaves out: the article's own, or the one before.

        `guess`: when the article has no date (a manuscript without frontmatter), the year most of
        its full dates name — a guess, which the check replaces by the cited source's year.
        """
        date = self.article.date
        if not date:
            return self.usual_year if guess else None
        if date.month and (month, day) > (date.month, date.day or 31):
            return date.year - 1
        return date.year


def _paragraph_starts(article: Article) -> list[int]:
    """Canonical offsets where a new paragraph starts: after a blank line in Markdown and in the text
    read from a manuscript, except on a line that goes on from the one before (a PDF paragraph
    running on under its page's footnotes). Text pulled out of a PDF by another tool has none."""
    body = article.body
    if not article.layout.has_paragraphs:
        return []
    wrapped = article.layout.wrapped
    starts = []
    for i in range(1, len(body.seg_canon)):
        prev_end = body.raw_offset(body.seg_canon[i] - 1) + 1
        if article.raw.count("\n", prev_end, body.seg_raw[i]) >= 2 \
                and not (wrapped and article.lines.line(body.seg_raw[i]) in wrapped):
            starts.append(body.seg_canon[i])
    return starts


def curl_straight_quotes(text: str, paragraph_starts: list[int]) -> str:
    """Pair straight double quotes into “ and ” (offsets unchanged).

    Text typed or exported without curly quotes marks quotations with "…", and commentaries mix
    both. Pairs are taken in order within a paragraph and must not be too long (a stray mark is
    skipped). Text without paragraphs (PDF extractions) is paired only when it has no curly quotes.
    """
    if '"' not in text or (not paragraph_starts and ("“" in text or "”" in text)):
        return text
    chars = list(text)
    positions = [i for i, ch in enumerate(text) if ch == '"']
    k = 0
    while k + 1 < len(positions):
        i, j = positions[k], positions[k + 1]
        crosses = bisect.bisect_right(paragraph_starts, i) != bisect.bisect_right(paragraph_starts, j)
        if crosses or j - i > STRAIGHT_PAIR_CHARS:
            k += 1  # the first one is stray: try pairing the second with the next
            continue
        chars[i], chars[j] = "“", "”"
        k += 2
    return "".join(chars)
