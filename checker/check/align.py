"""Locate a quotation in a source and explain the differences in words.

Exact after normalisation first (cheap, no jieba), then rapidfuzz's
partial_ratio_alignment on punctuation-free text, widened to the clause and
re-scored, so an omission or insertion does not cut the source window short.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..text.normalise import fold, strip_punct
from ..text.search import MIN_FUZZY_CHARS, Needle, prepare
from .edits import Edit, explain_edits
from .fit import fit

FOUND_SCORE = 75.0  # below this, the words are not in the source


@dataclass
class Alignment:
    source_id: str
    start: int  # canonical offsets in the source body
    end: int
    score: float  # 0..100 over the punctuation-free words
    exact: bool  # same characters, punctuation included
    words_equal: bool  # same words, punctuation aside
    quoted: bool = False  # the source itself sets these words in quotation marks
    parts: int = 1  # pieces of a quotation that marks omissions with ……
    # The differences in words are worked out when first asked for: they need jieba (a second's
    # load), and most drifts of an author's bullets are never reported.
    explain: Callable[[], list[Edit]] | None = field(default=None, repr=False, compare=False)
    _edits: list[Edit] | None = field(default=None, repr=False, compare=False)

    @property
    def edits(self) -> list[Edit]:
        if self._edits is None:
            self._edits = self.explain() if self.explain else []
        return self._edits

    @property
    def kind(self) -> str:
        if self.words_equal:
            return "verified" if self.exact else "variant"
        return "drift"


def locate(quote, source, *, explain: bool = True, min_score: float = FOUND_SCORE) -> Alignment | None:
    """Best alignment of a quotation's words in `source`, or None when they are not there."""
    needle = quote if isinstance(quote, Needle) else prepare(quote)
    if len(needle.parts) > 1:
        return _locate_parts(list(needle.parts), source, explain, min_score)
    return _locate_one(needle.folded, source, explain, min_score)


def _locate_exact(folded: str, source, search_from: int = 0) -> Alignment | None:
    """The quotation's words as they stand in the source, from `search_from` on: as printed, or punctuation aside."""
    at = source.body.text.find(folded, search_from)
    if at >= 0:
        return Alignment(source.id, at, at + len(folded), 100.0, True, True, source.is_quoted(at, at + len(folded)))
    words = strip_punct(folded)
    if not words or (search_from == 0 and words not in source.words):
        return None
    stripped, index = source.stripped
    at = stripped.find(words, _stripped_pos(index, search_from))
    if at < 0:
        return None
    start, end = index[at], index[at + len(words) - 1] + 1
    return Alignment(source.id, start, end, 100.0, False, True, source.is_quoted(start, end))


def _locate_one(folded: str, source, explain: bool, min_score: float, search_from: int = 0) -> Alignment | None:
    exact = _locate_exact(folded, source, search_from)
    words = strip_punct(folded)
    if exact or not words:
        return exact
    stripped, index = source.stripped
    if len(words) < MIN_FUZZY_CHARS or len(words) > len(stripped):
        return None
    offset = _stripped_pos(index, search_from)
    hit = fuzz.partial_ratio_alignment(words, stripped[offset:], score_cutoff=min_score - 10)
    if hit is None and not (explain and _candidates(words, stripped, None)):
        return None
    if explain:
        # Explaining a difference needs the exact source window; searching does not.
        s_start, s_end = _window(words, stripped, (offset + hit.dest_start, offset + hit.dest_end) if hit else None)
        segment = stripped[s_start:s_end]
        score = fuzz.ratio(words, segment)
        if score < min_score and _kept_share(words, segment) >= KEPT_SHARE:
            # Every word of the quotation stands in the source in order, with a clause left out
            # between them: an omission to report, not words missing from the source.
            score = min_score
    else:
        s_start, s_end = offset + hit.dest_start, offset + hit.dest_end
        segment, score = stripped[s_start:s_end], hit.score
    if score < min_score:
        return None
    start, end = index[s_start], index[s_end - 1] + 1
    alignment = Alignment(source.id, start, end, round(score, 1), False, False, source.is_quoted(start, end))
    if explain:
        alignment.explain = lambda: _explained(segment, words, source, index, s_start)
    return alignment


def align_at(quote: str, source, start: int, end: int) -> Alignment:
    """The quotation aligned with the source's canonical [start, end), a place found otherwise
    (a phrase the source sets in quotation marks): too short for the fuzzy search to place."""
    words = strip_punct(fold(quote))
    stripped, index = source.stripped
    s_start, s_end = _stripped_pos(index, start), _stripped_pos(index, end)
    segment = stripped[s_start:s_end]
    alignment = Alignment(source.id, index[s_start], index[s_end - 1] + 1, round(fuzz.ratio(words, segment), 1),
                          False, words == segment, source.is_quoted(start, end))
    alignment.explain = lambda: _explained(segment, words, source, index, s_start)
    return alignment


def _explained(segment: str, words: str, source, index: list[int], offset: int) -> list[Edit]:
    edits = explain_edits(segment, words)
    for edit in edits:
        edit.printed = _printed(source, index, offset + edit.source_span[0], offset + edit.source_span[1])
    return edits


def _printed(source, index: list[int], start: int, end: int) -> str:
    """Punctuation-free source offsets [start, end) as printed: 集中力量攻克高端芯片、基础软件等核心技术，"""
    if end <= start:
        return ""
    canon_end = index[end] if end < len(index) else len(source.body.text)  # up to the next word: its punctuation too
    return source.body.display[index[start]:canon_end].strip()


def _stripped_pos(index: list[int], canon_pos: int) -> int:
    if canon_pos <= 0:
        return 0
    import bisect
    return bisect.bisect_left(index, canon_pos)


KEPT_SHARE = 0.9  # a quotation whose words stand in the source at this share, in order, is located there
FIT_MAX_CHARS = 600  # longer quotations keep rapidfuzz's window, widened (the fit is quadratic)


def _window(words: str, stripped: str, hit: tuple[int, int] | None) -> tuple[int, int]:
    """The source window the whole quotation aligns with, gaps allowed (a dropped clause included).

    Tried around rapidfuzz's best window and around where the quotation's first and last words
    stand: a report repeats its lead in the body, and a dropped clause can pull rapidfuzz's
    window towards the wrong copy.
    """
    if len(words) > FIT_MAX_CHARS and hit:
        return _refine(words, stripped, *hit)
    margin = len(words) // 2 + 40  # room for a clause the quotation leaves out
    best = None
    for c_start, c_end in _candidates(words, stripped, hit)[:1 if len(words) > FIT_MAX_CHARS else None]:
        lo, hi = max(0, c_start - margin), min(len(stripped), c_end + margin)
        fit_start, fit_end, cost = fit(words, stripped[lo:hi])
        if best is None or cost < best[0]:
            best = (cost, lo + fit_start, lo + fit_end)
    return best[1], best[2]


ANCHOR_CHARS = 5
MAX_ANCHORS = 4


def _candidates(words: str, stripped: str, hit: tuple[int, int] | None) -> list[tuple[int, int]]:
    """Places the quotation may stand: rapidfuzz's window, and spans from its first words to its last."""
    found = [hit] if hit else []
    if len(words) < 2 * ANCHOR_CHARS:
        return found
    head, tail = words[:ANCHOR_CHARS], words[-ANCHOR_CHARS:]
    reach = len(words) * 2 + 100
    at = stripped.find(head)
    for _ in range(MAX_ANCHORS):
        if at < 0:
            break
        close = stripped.find(tail, at + ANCHOR_CHARS, at + reach)
        found.append((at, close + ANCHOR_CHARS if close >= 0 else at + len(words)))
        at = stripped.find(head, at + 1)
    at = stripped.find(tail)
    for _ in range(MAX_ANCHORS):
        if at < 0:
            break
        found.append((max(0, at + ANCHOR_CHARS - len(words)), at + ANCHOR_CHARS))
        at = stripped.find(tail, at + 1)
    return list(dict.fromkeys(found))


def _kept_share(words: str, segment: str) -> float:
    """Share of the quotation's characters that stand in the source window, in order."""
    kept = sum(b.size for b in Levenshtein.opcodes(segment, words).as_matching_blocks())
    return kept / max(1, len(words))


def _refine(words: str, stripped: str, start: int, end: int) -> tuple[int, int]:
    """Widen rapidfuzz's window, then pick the sub-window that scores best against the quotation.

    Only runs for quotations that differ from the source, so a bounded search is affordable.
    """
    margin = len(words) // 3 + 4
    lo, hi = max(0, start - margin), min(len(stripped), end + margin)
    window = stripped[lo:hi]
    shortest = max(1, len(words) // 2)
    best = (fuzz.ratio(words, stripped[start:end]), start - lo, end - lo)
    for i in range(0, len(window) - shortest + 1):
        for j in range(i + shortest, len(window) + 1):
            score = fuzz.ratio(words, window[i:j], score_cutoff=best[0])
            # Prefer the higher score; on a tie, the shorter window (no stray source words).
            if score > best[0] or (score == best[0] and score and j - i < best[2] - best[1]):
                best = (score, i, j)
    return lo + best[1], lo + best[2]


def _locate_parts(parts: list[str], source, explain: bool, min_score: float) -> Alignment | None:
    """A quotation with …… : every piece must be in the source, in order."""
    found = []
    position = 0
    for part in parts:
        # A piece's exact words anywhere beat near words after the previous piece: authors cut
        # with …… and may quote a later sentence first; loose words after it would be a false drift.
        alignment = (_locate_exact(part, source, position) or _locate_exact(part, source)
                     or _locate_one(part, source, explain, min_score, search_from=position)
                     or _locate_one(part, source, explain, min_score))
        if alignment is None:
            return None
        found.append(alignment)
        position = alignment.end
    weights = [len(strip_punct(p)) for p in parts]
    score = sum(a.score * w for a, w in zip(found, weights)) / max(1, sum(weights))
    combined = Alignment(source.id, found[0].start, max(a.end for a in found), round(score, 1),
                         all(a.exact for a in found), all(a.words_equal for a in found),
                         all(a.quoted for a in found), parts=len(parts),
                         explain=lambda: [e for a in found for e in a.edits])
    return combined


_SERIES_MARK = re.compile(r"[、；;]")
_SENTENCE_END = re.compile(r"[。！？!?]")
MIN_SERIES_PIECE = 4  # characters: a shorter piece (能消费) is found anywhere


def locate_series(text: str, source) -> Alignment | None:
    """A quotation that lists the source's phrases (its headings, its items) joined by 、 or ；:
    “稳定收入能消费、没有后顾之忧敢消费、环境优获得感强愿消费” for three headings of the report.
    Every piece must be the source's words exactly, in the source's order, each from another
    sentence: pieces of one run (A、B、C quoted as “A、C”) leave words out, a changed quotation."""
    pieces = [p for p in _SERIES_MARK.split(text) if strip_punct(p)]
    if len(pieces) < 2 or any(len(strip_punct(p)) < MIN_SERIES_PIECE for p in pieces):
        return None
    folded = [prepare(piece).folded for piece in pieces]
    for before, after in zip(folded, folded[1:]):
        if re.search(re.escape(before) + r"[^。！？!?]*" + re.escape(after), source.body.text):
            return None  # the source says both in one sentence: the quotation leaves out what lies between
    found, position = [], 0
    for piece in folded:
        alignment = _locate_exact(piece, source, position)
        if alignment is None or (found and not _SENTENCE_END.search(source.body.text, position, alignment.start)):
            return None
        found.append(alignment)
        position = alignment.end
    return Alignment(source.id, found[0].start, found[-1].end, 100.0, all(a.exact for a in found), True,
                     all(a.quoted for a in found), parts=len(found))
