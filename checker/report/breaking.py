"""Where a terminal line of Chinese text may break (for `pretty`).

Chinese breaks between any two characters, with the typesetter's rules (避头尾): no line starts
with a closing mark or a pause (。，、：；！？）》”…) and none ends with an opening one (（《“).
Some runs are read as one word and never split: a date (`2026年4月13日`, `2026-04-13`), a number,
a Latin word (`DeepSeek`); a URL breaks only after a `/`, `?` or `&`. When no allowed place lies
within reach, the line breaks where it is full, as before.
"""
from __future__ import annotations

import re

from rich.cells import cell_len

NO_START = set("。，、：；！？）》」』”’〉】〕］｝…—·％%‰,.;:!?)]}")
NO_END = set("（《「『“‘〈【〔［｛([{")
# Runs read as one word: dates first, then URLs, then numbers and Latin words.
_UNITS = re.compile(r"\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*\d+\s*[版页段行]"
                    r"|https?://[^\s\u3000-\u303f\uff00-\uffef]+"
                    r"|[A-Za-z0-9][A-Za-z0-9.,%_\-]*[A-Za-z0-9%]")
_URL_BREAK_AFTER = set("/?&")


def unbreakable(text: str) -> set[int]:
    """Offsets p such that a line must not start at p (p lies inside a date, number, word or URL)."""
    inside: set[int] = set()
    for m in _UNITS.finditer(text):
        url = m.group().startswith(("http://", "https://"))
        path = text.find("/", text.find("//", m.start()) + 2, m.end()) if url else m.end()  # after the host
        for p in range(m.start() + 1, m.end()):
            if not (url and p > path and text[p - 1] in _URL_BREAK_AFTER):
                inside.add(p)
    return inside


def allowed(text: str, p: int, inside: set[int]) -> bool:
    """A line may start at offset p of `text`."""
    if p <= 0 or p >= len(text):
        return True
    return p not in inside and text[p] not in NO_START and text[p - 1] not in NO_END


def fold_offsets(text: str, width: int) -> list[int]:
    """Offsets where lines of at most `width` cells start (newlines in `text` end lines too)."""
    inside = unbreakable(text)
    offsets: list[int] = []
    start = col = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            start, col = i + 1, 0
            continue
        w = cell_len(ch)
        if col + w > width:
            cut = _cut(text, start, i, inside)
            offsets.append(cut)
            start = cut
            col = cell_len(text[cut:i])
        col += w
    return offsets


def _cut(text: str, start: int, full: int, inside: set[int]) -> int:
    """Where the line from `start` breaks, the character at `full` no longer fitting: the last
    place the rules allow (a date or URL moves down whole, leaving a short line); failing that,
    the last that keeps only 避头尾 (a unit longer than a line); failing that, where it is full."""
    for keep_units in (True, False):
        for cut in range(full, start, -1):
            if allowed(text, cut, inside if keep_units else set()):
                return cut
    return full
