"""The library sources that hold some words: the pre-filter (or the index), then alignment.

Shared by quotations (check.facts) and words borrowed without marks (check.unmarked), so both
search the library the same way and an index gives the verdicts of a folder.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..library import Library, Source
from ..text.search import Needle, may_contain, words_could_align
from .align import Alignment, locate

MIN_SEARCH_CHARS = 3


@dataclass
class Witness:
    """A library source that holds the quotation's words."""

    source: Source
    alignment: Alignment

    @property
    def own_text(self) -> bool:
        return not self.alignment.quoted


def witnesses_at(needle: Needle, library: Library, score: float) -> list[Witness]:
    """Every library source whose words align with the needle's at `score` or better, best first."""
    found = []
    if len(needle.words) < MIN_SEARCH_CHARS:
        return []  # one or two characters say nothing about where words come from
    for source in library.candidates(needle, score):
        if not may_contain(needle, source) or not words_could_align(needle, source.words, score):
            continue
        alignment = locate(needle, source, explain=False, min_score=score)
        if alignment:
            found.append(Witness(source, alignment))
    found.sort(key=lambda w: (-w.alignment.score, w.alignment.quoted, w.source.id))
    return found
