"""Which library source a citation names: title similarity, date, and where the words are.

Three facts stay apart: is the quoted text in the library at all, is it in the
cited source, is the cited source in the library.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..article.cite import Reference
from ..library import Library, Source, title_key
from ..text import titles
from ..text.dates import PartialDate
from ..text.titles import TitleMatch

NEAR_TITLE = 90.0  # a title this close names the same report with a typo
LIKELY_TITLE = 80.0
WEAK_TITLE = 50.0


@dataclass
class Resolution:
    source: Source
    title_score: float
    title_exact: bool
    date_match: bool
    quote_found: bool
    title: TitleMatch | None = None  # the cited title part by part against the source's (None: no title cited)


_NUMBER = re.compile(r"[0-9]+|[〇零一二三四五六七八九十百千]+")
DIFFERENT_NUMBERS_CAP = 70.0


def _best_similarity(keys: list[str], source: Source) -> float:
    """How close the cited title comes to any name of the source (any name of each: a document
    cited with or without its issuers)."""
    return max((_similarity(key, other) for key in keys if key for other in source.title_keys), default=0.0)


def _similarity(a: str, b: str) -> float:
    score = fuzz.ratio(a, b)
    # 第十九次 vs 第二十次, 2024 vs 2025: titles that differ in a number name different events.
    if score < 100 and sorted(_NUMBER.findall(a)) != sorted(_NUMBER.findall(b)):
        score = min(score, DIFFERENT_NUMBERS_CAP)
    return score


def _same_date(ref: Reference, date: PartialDate) -> bool:
    if ref.year_guessed:  # only month and day are written
        return (ref.date.month, ref.date.day) == (date.month, date.day)
    return ref.date.agrees(date)


def _same_publication(ref: Reference, source: Source) -> bool:
    return bool(ref.publication and source.publication
                and title_key(ref.publication) == title_key(source.publication))


def resolve(ref: Reference, library: Library, found_in: set[str]) -> Resolution | None:
    """The library source `ref` names, or None when the cited source is not in the library.

    `found_in` holds the ids of sources where the reference's quotations were found.
    """
    if not ref.title and not ref.date:
        return None
    best: tuple[float, Resolution] | None = None
    key = title_key(ref.title or "")
    keys = [key] + sorted(titles.document_keys(ref.title) - {key}) if key else []
    found = [s for s in (library.get(i) for i in sorted(found_in)) if s is not None]
    # Sources that hold the words come in through `found`; others resolve only on a near title.
    candidates = {s.id: s for k in keys for s in library.reference_candidates(ref, k, NEAR_TITLE)}
    candidates.update({s.id: s for s in found})
    for source in sorted(candidates.values(), key=lambda s: s.id):
        score = _best_similarity(keys, source)
        exact = score >= 100.0
        date_match = bool(ref.date and source.date and ref.date.day and _same_date(ref, source.date))
        quote_found = source.id in found_in
        ok = (exact
              or (score >= NEAR_TITLE and date_match)
              or (score >= LIKELY_TITLE and quote_found)
              or (date_match and quote_found and score >= WEAK_TITLE)
              # （《人民日报》2025年4月27日）names no title: the paper holding the words is meant.
              or (not key and quote_found and (date_match or _same_publication(ref, source))))
        if not ok:
            continue
        rank = score + 40 * date_match + 30 * quote_found
        if best is None or rank > best[0]:
            best = (rank, Resolution(source, score, exact, date_match, quote_found))
    if best is None:
        return None
    resolution = best[1]
    if ref.year_guessed and resolution.source.date and ref.date:
        # 5 月 7 日 in an undated manuscript: the year is the source's; month and day are judged.
        ref.date = PartialDate(resolution.source.date.year, ref.date.month, ref.date.day)
        ref.year_guessed = False
    if ref.title:
        resolution.title = TitleMatch(True) if resolution.title_exact else \
            titles.compare(ref.title, resolution.source.title_versions)
    return resolution
