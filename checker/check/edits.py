"""The differences between a quotation and its source window, as an editor reads them.

The characters are aligned (check.fit: a dropped clause is one omission); each change is then
widened to whole words of the source (jieba), so 益→利 reads 有益→有利, and classified:
substitution, omission, insertion, transposition (the same words elsewhere), number, negation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .fit import align

_NUMERAL = re.compile(r"^第?[0-9０-９.,%．〇零一二三四五六七八九十百千万亿两半]+[次个年月日倍项条届位名家万亿%]*$")
_DIGITS = re.compile(r"[0-9]")
_NEGATION = set("不没无非未否勿莫别毋")


@dataclass
class Edit:
    kind: str  # substitution | omission | insertion | transposition | number | negation
    source: str  # the source's words ("" for an insertion)
    quote: str  # the quotation's words ("" for an omission)
    source_context: str = ""  # with a neighbouring word, so an omission can be shown
    quote_context: str = ""
    source_span: tuple[int, int] = (0, 0)  # character offsets of `source` in the punctuation-free window
    quote_span: tuple[int, int] = (0, 0)  # and of `quote` in the punctuation-free quotation
    printed: str = ""  # the source's words as printed, punctuation included (set when located)

    def to_json(self) -> dict:
        return {"kind": self.kind, "source": self.source, "quote": self.quote,
                "source_context": self.shown_source, "quote_context": self.shown_quote}

    @property
    def shown_source(self) -> str:
        return self.source_context or self.source

    @property
    def shown_quote(self) -> str:
        return self.quote_context or self.quote



def explain_edits(source_words: str, quote_words: str) -> list[Edit]:
    """Word-level differences from the source window to the quotation (both punctuation-free)."""
    from ..text.words import words as split

    src_tokens = list(split(source_words))
    bounds = _boundaries(src_tokens)
    spans = _widened(align(source_words, quote_words), bounds, len(source_words))
    edits: list[Edit] = []
    for s0, s1, q0, q1 in spans:
        s, q = source_words[s0:s1], quote_words[q0:q1]
        if s and q:
            kind = "transposition" if _same_chars(s, q) else "substitution"
            edits.append(Edit(kind, s, q, source_span=(s0, s1), quote_span=(q0, q1)))
            continue
        # Show an omission or insertion with its neighbouring words: 「推动我国人工智能」→「推动人工智能」.
        left = _word_before(source_words, bounds, s0)
        right = _word_after(source_words, bounds, s1)
        kind = "omission" if s else "insertion"
        edits.append(Edit(kind, s, q, left + s + right, left + q + right, source_span=(s0, s1), quote_span=(q0, q1)))
    edits = _moves(edits, source_words, quote_words)
    for edit in edits:
        if _number_changed(edit.source, edit.quote):
            edit.kind = "number"
        elif _negation_changed(edit.source, edit.quote):
            edit.kind = "negation"
    return edits


def _boundaries(tokens: list[str]) -> list[int]:
    bounds = [0]
    for token in tokens:
        bounds.append(bounds[-1] + len(token))
    return bounds


def _widened(ops, bounds: list[int], length: int) -> list[tuple[int, int, int, int]]:
    """Each change widened to whole source words; changes that then touch are one change."""
    import bisect

    spans: list[list[int]] = []
    for tag, s0, s1, q0, q1 in ops:
        if tag == "equal":
            continue
        # Widen over equal characters only: the offset moves the same on both sides.
        left = s0 - bounds[bisect.bisect_right(bounds, s0) - 1]
        if s1 > s0:
            k = bisect.bisect_left(bounds, s1)
            right = (bounds[k] if k < len(bounds) else length) - s1
        else:
            right = 0  # an insertion between two words stays between them
            if s0 not in bounds:  # inside a word: widen to the whole word
                k = bisect.bisect_left(bounds, s0)
                right = (bounds[k] if k < len(bounds) else length) - s0
        if s1 == s0 and s0 in bounds:
            left = 0
        span = [s0 - left, s1 + right, q0 - left, q1 + right]
        if spans and span[0] <= spans[-1][1]:
            spans[-1][1], spans[-1][3] = max(spans[-1][1], span[1]), max(spans[-1][3], span[3])
        else:
            spans.append(span)
    return [tuple(span) for span in spans]


def _word_before(text: str, bounds: list[int], at: int) -> str:
    import bisect

    i = bisect.bisect_left(bounds, at)
    return text[bounds[i - 1]:at] if i > 0 and at > 0 else ""


def _word_after(text: str, bounds: list[int], at: int) -> str:
    import bisect

    i = bisect.bisect_right(bounds, at)
    return text[at:bounds[i]] if i < len(bounds) else ""


def _moves(edits: list[Edit], source_words: str, quote_words: str) -> list[Edit]:
    """The same words left out here and added there: a change of word order, one edit
    spanning both places (安全、公平 → 公平、安全)."""
    out: list[Edit] = []
    used: set[int] = set()
    for i, edit in enumerate(edits):
        if i in used:
            continue
        if edit.kind in ("omission", "insertion"):
            moved = edit.source or edit.quote
            wanted = "insertion" if edit.kind == "omission" else "omission"
            partner = next((j for j in range(i + 1, len(edits)) if j not in used and edits[j].kind == wanted
                            and (edits[j].source or edits[j].quote) == moved), None)
            if partner is not None:
                used.add(partner)
                other = edits[partner]
                s0, s1 = min(edit.source_span[0], other.source_span[0]), max(edit.source_span[1], other.source_span[1])
                q0, q1 = min(edit.quote_span[0], other.quote_span[0]), max(edit.quote_span[1], other.quote_span[1])
                out.append(Edit("transposition", source_words[s0:s1], quote_words[q0:q1],
                                source_span=(s0, s1), quote_span=(q0, q1)))
                continue
        out.append(edit)
    return out


def _same_chars(a: str, b: str) -> bool:
    return len(a) > 1 and sorted(a) == sorted(b) and a != b


def _numbers(text: str) -> list[str]:
    from ..text.words import words as split

    return [w for w in split(text) if _NUMERAL.match(w) or _DIGITS.search(w)] if text else []


def _number_changed(source: str, quote: str) -> bool:
    return _numbers(source) != _numbers(quote)


def _negation_changed(source: str, quote: str) -> bool:
    return sum(ch in _NEGATION for ch in source) != sum(ch in _NEGATION for ch in quote)
