"""Where in a Word manuscript the editor must act on a finding, and what quotecheck suggests there.

- a changed, dropped or added word against the cited source (QC101, QC102): the words that
  differ, each with a tracked change that makes them the source's;
- a wrong date in a note or in the running text (QC201): the date as written there, its wrong
  year, month or day replaced by the source's; an event date (QC202): the date in the text;
- anything else about a quotation: its words; about a note or a line: that text.

A place is a list of edits on the text as read (paragraph offsets, read/docx.py); the writer
(docx_comments.py) turns them into comment ranges and tracked changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..read.docx import line_position
from ..text.dates import _PATTERNS, MONTH_DAY, chinese_number
from ..text.normalise import strip_punct

SUGGESTED_RULES = ("QC101", "QC102")  # words the cited source decides
DATE_RULES = ("QC201",)


@dataclass
class Edit:
    """Raw offsets [start, end) of the article and, for a suggestion, the words to put there."""

    start: int
    end: int
    text: str | None = None  # None: a place to comment on, no suggestion


@dataclass
class Place:
    edits: list[Edit]  # in text order; the comment spans the first to the last


def quote_place(article, result, finding) -> Place:
    """The differing words of a drifted quotation, or the whole quotation."""
    q = result.quote
    body = article.body
    base = body.display.find(q.text, q.start, q.end) if q.text else -1
    if base < 0:
        base = q.start
    whole = Place([Edit(body.raw_offset(base), body.raw_offset(base + len(q.text) - 1) + 1)])
    if finding.rule not in SUGGESTED_RULES or not (result.alignment and result.source):
        return whole
    source_words = result.source.body.display[result.alignment.start:result.alignment.end]
    edits = []
    for op in Levenshtein.opcodes(source_words, q.text):
        if op.tag == "equal":
            continue
        old, new = q.text[op.dest_start:op.dest_end], source_words[op.src_start:op.src_end]
        if not strip_punct(old) and not strip_punct(new):
            continue  # punctuation alone (QC103, info) is not the error: left to the editor
        if op.dest_start < op.dest_end:
            start = body.raw_offset(base + op.dest_start)
            end = body.raw_offset(base + op.dest_end - 1) + 1
        else:  # the quotation leaves words out: insert them here
            start = end = (body.raw_offset(base + op.dest_start) if op.dest_start < len(q.text)
                           else body.raw_offset(base + op.dest_start - 1) + 1)
        edits.append(Edit(start, end, new))
    return Place(edits) if edits else whole


_WRITTEN = list(_PATTERNS) + [MONTH_DAY]


def written_dates(text: str) -> list[tuple[int, int, dict]]:
    """Dates as written in `text`: (start, end, {"y"|"m"|"d": (start, end, value)}), first to last."""
    found = []
    for pattern in _WRITTEN:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            parts = {}
            for key in ("y", "m", "d", "cy", "cm", "cd"):
                if m.groupdict().get(key):
                    try:
                        value = int(m.group(key)) if key[0] != "c" else chinese_number(m.group(key))
                    except (KeyError, ValueError):
                        continue
                    parts[key[-1]] = (m.start(key), m.end(key), value, key[0] == "c")
            if "m" in parts or "y" in parts:
                found.append((m.start(), m.end(), parts))
    return sorted(found, key=lambda item: item[0])


def date_place(article, start: int, end: int, written, wanted) -> Place | None:
    """The date `written` (a PartialDate) as it stands in raw [start, end), the parts of it that
    differ from `wanted` (the source's date) replaced; None when it cannot be found there."""
    raw = article.raw
    title_end = raw.rfind("》", start, end)  # a date inside a title is not the citation's date
    candidates = written_dates(raw[start:end])
    for after_title in (True, False):
        for s, e, parts in candidates:
            if after_title and title_end >= 0 and start + s < title_end:
                continue
            if not _agrees(parts, written):
                continue
            edits = []
            for key, value in (("y", wanted.year if wanted else None), ("m", wanted.month if wanted else None),
                               ("d", wanted.day if wanted else None)):
                if key in parts and value is not None and parts[key][2] != value and not parts[key][3]:
                    ps, pe, old, _ = parts[key]
                    digits = raw[start + ps:start + pe]
                    new = str(value).zfill(len(digits)) if digits.startswith("0") else str(value)
                    edits.append(Edit(start + ps, start + pe, new))
            if not edits:
                return Place([Edit(start + s, start + e)])
            edits.insert(0, Edit(start + s, edits[0].start))  # the comment covers the whole date
            edits.append(Edit(edits[-1].end, start + e))
            return Place([x for x in edits if x.end > x.start or x.text is not None])
    return None


def _agrees(parts: dict, date) -> bool:
    if date is None:
        return True
    for key, value in (("y", date.year), ("m", date.month), ("d", date.day)):
        if key in parts and value is not None and parts[key][2] != value:
            return False
    return True


def line_span(article, line: int, end_line: int | None = None) -> tuple[int, int]:
    """Raw offsets of lines `line`..`end_line`, their text without the line ends."""
    starts = article.lines.starts
    start = starts[line - 1]
    last = (end_line or line)
    end = starts[last] - 1 if last < len(starts) else len(article.raw)
    return start, max(start, end)


def paragraph_range(article, lines, start: int, end: int):
    """((Para, offset), (Para, offset)) of raw offsets [start, end): where the edit's first
    character is and just after its last one; None outside the text read from Word."""
    line, col = article.lines.line_col(start)
    first = line_position(lines, line, col - 1)
    if end <= start:
        return (first, first) if first else None
    line, col = article.lines.line_col(end - 1)
    last = line_position(lines, line, col)
    if first is None or last is None:
        return None
    return first, last


def strip_range(article, start: int, end: int) -> tuple[int, int]:
    """[start, end) without spaces and a note's own marker at the ends."""
    text = article.raw[start:end]
    m = re.match(r"\s*(?:［\d{1,3}］|[\u2460-\u2473])?\s*", text)
    lead = m.end() if m and m.end() < len(text) else 0
    return start + lead, start + len(text.rstrip())
