"""Text from documents made safe to show: control characters become visible, never act.

An article or a source may hold terminal control sequences (ESC[2J clears the screen, OSC sets
a window title, ESC c resets the terminal), characters XML 1.0 forbids (JUnit breaks on them)
or bidirectional overrides that reorder what a reader sees. Every renderer passes text taken
from documents (quotations, notes, titles, file names, messages built from them) through
`visible`: each such character is replaced by its Unicode control picture (ESC → ␛) or by
⟨U+XXXX⟩, so the editor still sees that something is there.
"""
from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff"
                      "\ud800-\udfff]")


def _picture(m: re.Match) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def visible(text) -> str:
    """`text` with every control character (tab and line feed aside) shown, not obeyed."""
    text = "" if text is None else str(text)
    return _CONTROL.sub(_picture, text)


def one_line(text) -> str:
    """`visible`, and line breaks and tabs as spaces: for one-line formats."""
    return visible(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
