"""Locate a quotation in a source and explain the differences in words.

Exact after normalisation first (cheap, no jieba), then rapidfuzz's
partial_ratio_alignment on punctuation-free text, widened to the clause and
re-scored, so an omission or insertion does not cut the source window short.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..text.normalise import strip_punct
from ..text.search import MIN_FUZZY_CHARS, Needle, prepare

_NUMERAL = re.compile(r"^第?[0-9０-９.,%．〇零一二三四五六七八九十百千万亿两半]+[次个年月日倍项条届位名家万亿%]*$")
_DIGITS = re.compile(r"[0-9]")
_NEGATION = set("不没无非未否勿莫别毋")
FOUND_SCORE = 75.0  # below this, the words are not in the source


@dataclass
class Edit:
    kind: str  # substitution | omission | insertion | transposition | number | negation
    source: str  # the source's words ("" for an insertion)
    quote: str  # the quotation's words ("" for an omission)
    source_context: str = ""  # with a neighbouring word, so an omission can be shown
    quote_context: str = ""

    def to_json(self) -> dict:
        return {"kind": self.kind, "source": self.source, "quote": self.quote,
                "source_context": self.shown_source, "quote_context": self.shown_quote}

    @property
    def shown_source(self) -> str:
        return self.source_context or self.source

    @property
    def shown_quote(self) -> str:
        return self.quote_context or self.quote


@dataclass
class Alignment:
    source_id: str
    start: int  # canonical offsets in the source body
    end: int
    score: float  # 0..100 over the punctuation-free words
    exact: bool  # same characters, punctuation included
    words_equal: bool  # same words, punctuation aside
    quoted: bool = False  # the source itself sets these words in quotation marks
    edits: list[Edit] = field(default_factory=list)
    parts: int = 1  # pieces of a quotation that marks omissions with ……

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


def _locate_one(folded: str, source, explain: bool, min_score: float, search_from: int = 0) -> Alignment | None:
    body = source.body.text
    at = body.find(folded, search_from)
    if at >= 0:
        return Alignment(source.id, at, at + len(folded), 100.0, True, True, source.is_quoted(at, at + len(folded)))
    words = strip_punct(folded)
    if not words:
        return None
    if search_from == 0 and words not in source.words and len(words) < MIN_FUZZY_CHARS:
        return None
    stripped, index = source.stripped
    at = stripped.find(words, _stripped_pos(index, search_from))
    if at >= 0:
        start, end = index[at], index[at + len(words) - 1] + 1
        return Alignment(source.id, start, end, 100.0, False, True, source.is_quoted(start, end))
    if len(words) < MIN_FUZZY_CHARS or len(words) > len(stripped):
        return None
    hit = fuzz.partial_ratio_alignment(words, stripped[_stripped_pos(index, search_from):], score_cutoff=min_score - 10)
    if hit is None:
        return None
    offset = _stripped_pos(index, search_from)
    if explain:
        # Explaining a difference needs the exact source window; searching does not.
        s_start, s_end = _refine(words, stripped, offset + hit.dest_start, offset + hit.dest_end)
        segment = stripped[s_start:s_end]
        score = fuzz.ratio(words, segment)
    else:
        s_start, s_end = offset + hit.dest_start, offset + hit.dest_end
        segment, score = stripped[s_start:s_end], hit.score
    if score < min_score:
        return None
    start, end = index[s_start], index[s_end - 1] + 1
    alignment = Alignment(source.id, start, end, round(score, 1), False, False, source.is_quoted(start, end))
    if explain:
        alignment.edits = explain_edits(segment, words)
    return alignment


def _stripped_pos(index: list[int], canon_pos: int) -> int:
    if canon_pos <= 0:
        return 0
    import bisect
    return bisect.bisect_left(index, canon_pos)


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
        alignment = _locate_one(part, source, explain, min_score, search_from=position)
        if alignment is None:
            alignment = _locate_one(part, source, explain, min_score)  # order aside, is it there at all?
            if alignment is None:
                return None
        found.append(alignment)
        position = alignment.end
    weights = [len(strip_punct(p)) for p in parts]
    score = sum(a.score * w for a, w in zip(found, weights)) / max(1, sum(weights))
    combined = Alignment(source.id, found[0].start, max(a.end for a in found), round(score, 1),
                         all(a.exact for a in found), all(a.words_equal for a in found),
                         all(a.quoted for a in found), [e for a in found for e in a.edits], parts=len(parts))
    return combined


def explain_edits(source_words: str, quote_words: str) -> list[Edit]:
    """Word-level differences from the source to the quotation (jieba tokens)."""
    from ..text.words import words as split

    src, qt = list(split(source_words)), list(split(quote_words))
    ops = _merge_adjacent([op for op in Levenshtein.opcodes(src, qt) if op.tag != "equal"])
    edits: list[Edit] = []
    used: set[int] = set()
    for i, op in enumerate(ops):
        if i in used:
            continue
        s = "".join(src[op.src_start:op.src_end])
        q = "".join(qt[op.dest_start:op.dest_end])
        partner = _moved_partner(ops, i, src, qt, used)
        if partner is not None:
            # The same words left out here and added there: a change of word order.
            other = ops[partner]
            used.add(partner)
            edits.append(Edit("transposition", "".join(src[op.src_start:other.src_end]),
                              "".join(qt[op.dest_start:other.dest_end])))
        elif op.tag == "replace":
            edits.append(Edit("transposition" if _same_chars(s, q) else "substitution", s, q))
        else:
            # Show an omission or insertion with its neighbouring words: 「推动我国人工智能」→「推动人工智能」.
            left = src[op.src_start - 1] if op.src_start > 0 else ""
            right = src[op.src_end] if op.src_end < len(src) else ""
            kind = "omission" if op.tag == "delete" else "insertion"
            edits.append(Edit(kind, s, q, left + s + right, left + q + right))
    for edit in edits:
        if _number_changed(edit.source, edit.quote):
            edit.kind = "number"
        elif _negation_changed(edit.source, edit.quote):
            edit.kind = "negation"
    return edits


@dataclass(frozen=True)
class _Op:
    tag: str
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


def _merge_adjacent(ops) -> list[_Op]:
    """Touching changes are one change to an editor: 有益 → 有利1, not 有益 → 有利 plus an inserted 1."""
    merged: list[_Op] = []
    for op in ops:
        if merged and merged[-1].src_end == op.src_start and merged[-1].dest_end == op.dest_start:
            last = merged[-1]
            merged[-1] = _Op("replace", last.src_start, op.src_end, last.dest_start, op.dest_end)
        else:
            merged.append(_Op(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return merged


def _moved_partner(ops, i, src, qt, used) -> int | None:
    op = ops[i]
    if op.tag not in ("delete", "insert"):
        return None
    moved = "".join(src[op.src_start:op.src_end]) if op.tag == "delete" else "".join(qt[op.dest_start:op.dest_end])
    wanted = "insert" if op.tag == "delete" else "delete"
    for j in range(i + 1, len(ops)):
        other = ops[j]
        if j in used or other.tag != wanted:
            continue
        text = "".join(qt[other.dest_start:other.dest_end]) if wanted == "insert" else "".join(src[other.src_start:other.src_end])
        if text == moved:
            return j
    return None


def _same_chars(a: str, b: str) -> bool:
    return len(a) > 1 and sorted(a) == sorted(b) and a != b


def _numbers(text: str) -> list[str]:
    from ..text.words import words as split

    return [w for w in split(text) if _NUMERAL.match(w) or _DIGITS.search(w)] if text else []


def _number_changed(source: str, quote: str) -> bool:
    return _numbers(source) != _numbers(quote)


def _negation_changed(source: str, quote: str) -> bool:
    return sum(ch in _NEGATION for ch in source) != sum(ch in _NEGATION for ch in quote)
