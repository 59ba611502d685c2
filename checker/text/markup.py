"""Lines of a text and the text of a Markdown line without its markup.

Shared by the article's layout and the library's source parser.
"""
from __future__ import annotations

import re

_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+")
_QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)+")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def markdown_spans(raw: str, start: int, end: int, quote_prefix: bool = True) -> list[tuple[int, int]]:
    """Raw spans of one line's text without Markdown markup (`> `, `# `, `- `, `**`)."""
    text = raw[start:end]
    pos = 0
    if quote_prefix and text[:1] in (">", " ", "\t"):
        m = _QUOTE_PREFIX.match(text)
        pos = m.end() if m else 0
    for pattern in (_HEADING, _BULLET):
        m = pattern.match(text, pos)
        if m:
            pos = m.end()
    if "*" not in text and "_" not in text:
        return [(start + pos, end)] if pos < len(text) else []
    spans = []
    for m in _EMPHASIS.finditer(text, pos):
        if m.start() > pos:
            spans.append((start + pos, start + m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((start + pos, end))
    return spans


def iter_lines(raw: str, start: int = 0) -> list[tuple[int, int, int]]:
    """(line number, raw start, raw end without newline) for each line from `start`."""
    out = []
    line_no = raw.count("\n", 0, start) + 1
    pos = start
    for line in raw[start:].split("\n"):  # a text ending in a newline ends with an empty line
        end = pos + len(line)
        out.append((line_no, pos, end))
        line_no += 1
        pos = end + 1
    return out
