"""A small reader for the YAML frontmatter our sources and articles carry.

Only flat `key: value` pairs (and `[a, b]` lists) are needed; a full YAML parser
would be a dependency for nothing. Malformed frontmatter is reported, not fatal.
"""
from __future__ import annotations

import re

_CLOSE = re.compile(r"^---[ \t]*$", re.M)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def split_frontmatter(raw: str) -> tuple[dict, int, str | None]:
    """Return (fields, raw offset where the body starts, error or None)."""
    text = raw.lstrip("\ufeff")
    skip = len(raw) - len(text)
    if not text.startswith("---"):
        return {}, 0, None
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].strip() != "---":
        return {}, 0, None
    close = _CLOSE.search(text, first_nl + 1)
    if not close:
        return {}, 0, "frontmatter opened with --- but never closed"
    block = text[first_nl + 1:close.start()]
    body_start = skip + close.end()
    fields: dict = {}
    error = None
    for offset, line in enumerate(block.split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _KEY.match(line)
        if not m:
            if line[:1] in (" ", "\t", "-"):
                continue  # nested YAML we do not need
            error = error or f"frontmatter line {offset}: expected 'key: value', got {line.strip()[:40]!r}"
            continue
        fields[m.group(1).lower()] = _value(m.group(2))
    return fields, body_start, error


def _value(text: str):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        return [_value(part) for part in text[1:-1].split(",") if part.strip()]
    return text
