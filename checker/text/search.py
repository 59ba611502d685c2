"""A quotation prepared for searching many sources, and the cheap tests that rule a source out.

Shared by the folder library's scan, the index's query and the check: all three must agree
on which sources may hold a quotation, or the index would give other verdicts than the folder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from .normalise import fold, strip_punct

ELLIPSIS = re.compile(r"…+|\.{3,}|。{3,}|⋯+")
MIN_FUZZY_CHARS = 6  # shorter quotations are only matched exactly


@dataclass(frozen=True)
class Needle:
    """A quotation prepared once for searching many sources."""

    folded: str
    parts: tuple[str, ...]  # pieces between …… marks
    words: str  # punctuation-free
    probes: tuple[str, ...]  # a source holding none of these cannot hold the words
    need: int = 0  # how many probes a source must hold (0: probes_required)

    @property
    def required(self) -> int:
        return self.need or probes_required(len(self.probes))


PROBE_SIZE = 5  # three trigrams each: selective in an index, yet one changed word breaks at most two


def _probes(text: str, size: int = PROBE_SIZE, count: int = 6) -> tuple[str, ...]:
    """`count` evenly spaced substrings of the words (fewer for a short quotation)."""
    if len(text) <= size:
        return (text,) if text else ()
    last = len(text) - size
    starts = sorted({round(i * last / (count - 1)) for i in range(count)})
    return tuple(dict.fromkeys(text[i:i + size] for i in starts))


def prepare(quote_text: str) -> Needle:
    folded = fold(quote_text)
    parts = tuple(p for p in ELLIPSIS.split(folded) if strip_punct(p))
    words = strip_punct(folded)
    return Needle(folded, parts, words, _probes(words))


def probes_required(count: int) -> int:
    """A near-exact (90%) match keeps most probes: one changed word breaks at most two of six."""
    return min(count, max(2, (count + 1) // 2))


EDIT_CHARS = 2  # one changed word: two characters changed or added


def tolerant(needle: Needle) -> Needle:
    """The needle for a search that must survive one changed word (binding "…" by near words).

    On a long quotation the six probes lie apart and one changed word breaks at most two of
    them; on one of 12-20 characters they overlap, and two characters changed or added in the
    middle break four (农村基本全面具备现代生活条件: 2 of 6 left). Here a source need hold only the
    probes that the worst such edit leaves, at least one.
    """
    words, probes = needle.words, needle.probes
    if len(probes) < 2:
        return needle
    starts = [words.find(p) for p in probes]
    worst = max(sum(1 for s in starts if s < at + EDIT_CHARS and at < s + PROBE_SIZE)
                for at in range(len(words) - EDIT_CHARS + 1))
    need = max(1, min(probes_required(len(probes)), len(probes) - worst))
    return replace(needle, need=need)


def may_contain(needle: Needle, source) -> bool:
    """Cheap pre-filter before alignment: do enough probes occur in the source's punctuation-free text?"""
    return words_may_contain(needle, source.words)


def words_could_align(needle: Needle, text: str, min_score: float) -> bool:
    """Whether `locate(..., explain=False, min_score)` can succeed on a source with these words.

    The same tests `_locate_one` makes, on the punctuation-free words alone, so a large library
    parses only the sources that will match. Quotations with …… are left to `locate`.
    """
    if len(needle.parts) > 1:
        return True
    words = needle.words
    if words in text:
        return True
    if len(words) < MIN_FUZZY_CHARS or len(words) > len(text):
        return False
    return fuzz.partial_ratio(words, text, score_cutoff=min_score) >= min_score


def words_may_contain(needle: Needle, text: str) -> bool:
    need = needle.required
    hits = 0
    for probe in needle.probes:
        if probe in text:
            hits += 1
            if hits >= need:
                return True
    return False
