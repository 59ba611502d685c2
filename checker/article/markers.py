"""Footnote markers (［1］ [1] 【1】 ① ¹ [^1], and ”1 where a PDF lost the superscript) and their binding.

A marker belongs to the next definition of its number that follows it (numbering restarts
on every page). One marker covers the quotations of its sentence that precede it
(`“…”，“…”［3］`), also when it stands after the sentence end.
"""
from __future__ import annotations

import bisect
import re

from .cite import Reference, note_number
from .context import Context
from .model import Marker
from .quotes import SENTENCE_END

_MARKER = re.compile(r"\[(\d{1,3})\]|【(\d{1,3})】|\[\^(\w+)\]|([\u2460-\u2473])|([\u00b9\u00b2\u00b3\u2070-\u2079]+)"
                     r"|(?<=[”」』])(\d{1,2})(?!\d)")  # ”1。 a superscript lost in a PDF (see _plain_marker)
_SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
PLAIN_NOTE_LINES = 60  # a bare-number marker's note on the same PDF page


def find(ctx: Context) -> list[Marker]:
    """The note markers of the body, each with the note it points to (None: undefined)."""
    a = ctx.article
    markers, plain = [], []
    for m in _MARKER.finditer(ctx.text):
        if m.group(4) and ctx.text[m.start() - 1:m.start()] in _LABEL_BEFORE:
            continue  # 图① 表②: a figure's or table's label
        number = m.group(1) or m.group(2) or m.group(3) or m.group(4) or m.group(5) or m.group(6)
        if m.group(5):
            number = number.translate(_SUPERSCRIPT)
        markers.append(Marker(number=number, start=m.start(), end=m.end(), line=a.line_of(m.start())))
        plain.append(m.end() if m.group(6) else None)
    # A marker belongs to the next definition of its number that follows it.
    by_number: dict[str, list[tuple[int, Reference]]] = {}
    for ref in a.references:
        if ref.style in ("footnote", "list"):
            by_number.setdefault(note_number(ref.number), []).append((ref.spans[0][0], ref))
    for marker in markers:
        notes = by_number.get(note_number(marker.number), [])
        raw = a.body.raw_offset(marker.start)
        i = bisect.bisect_right(notes, raw, key=lambda item: item[0])
        marker.reference = notes[i][1] if i < len(notes) else None  # none follows: undefined
        if marker.reference:
            marker.reference.cited = True
    # ① … ⑳ also number a list or a series (清风正气在身边⑤): one is a note marker when a note
    # follows for it, or when the article's other circled marks have notes (then a missing one
    # is a lost note).
    notes_circled = any(mk.reference for mk in markers if mk.number in _CIRCLED)
    return [mk for mk, end in zip(markers, plain)
            if (end is None or _plain_marker(ctx, mk, end))
            and (mk.number not in _CIRCLED or mk.reference is not None or notes_circled)]


_CIRCLED = {chr(c) for c in range(0x2460, 0x2474)}
_LABEL_BEFORE = ("图", "表")


def _plain_marker(ctx: Context, marker: Marker, end: int) -> bool:
    """Whether ”1 is a note marker that lost its superscript, not ”3年.

    A note of that number must follow, and the number must end the line, stand before
    punctuation, follow a quotation that ends a sentence (。”2这一), or have its note
    within the next 60 lines (the same page).
    """
    if marker.reference is None:
        return False
    a = ctx.article
    raw_end = a.body.raw_offset(end - 1) + 1
    after = a.raw[raw_end:raw_end + 1]
    if not after or after.isspace() or after in "。，、；：！？,;:!?)）":
        return True
    if ctx.text[max(0, marker.start - 2):marker.start - 1] in SENTENCE_END:
        return True
    return marker.reference.line - marker.line <= PLAIN_NOTE_LINES


def bind(ctx: Context) -> None:
    """Give each marker's reference to the quotations of its sentence before it."""
    a = ctx.article
    quotes = a.quotations  # in text order
    starts = [q.start for q in quotes]
    previous_end = 0
    for marker in a.markers:
        anchor = marker.start
        while anchor > 0 and ctx.text[anchor - 1] in "。，,；;.！!？? ":
            anchor -= 1
        i = bisect.bisect_left(ctx.sentence_ends, anchor) - 1
        span_start = max(previous_end, ctx.sentence_ends[i] if i >= 0 else 0)
        j = bisect.bisect_right(ctx.paragraph_starts, anchor) - 1
        if j >= 0:
            span_start = max(span_start, ctx.paragraph_starts[j])
        for k in range(bisect.bisect_left(starts, span_start), bisect.bisect_left(starts, marker.start)):
            quote = quotes[k]
            if quote.reference or quote.end > marker.start:
                continue
            if quote.end >= anchor:  # right before the marker: a quotation, however short
                quote.kind = "quotation"
            if quote.kind == "quotation":
                quote.reference, quote.marker = marker.reference, marker
        previous_end = marker.end
