"""Traditional and variant characters folded to simplified ones, one character for one.

A library from Hong Kong, Macao or Taiwan outlets, an older archive or a book keeps 繁體 text;
an article may too. Search and alignment compare both sides folded with OpenCC's `t2s`
character table; reports keep each side's own characters (the canonical text's `display`).

OpenCC's phrase tables may turn one character into two or two into one, and convert a word
by its neighbours; the fold must keep every offset (the canonical text maps each character
back to the raw one) and give a quotation the same characters alone as inside its source. So
the fold is OpenCC's conversion of each character on its own, kept only where it gives one
character: a character-by-character mapping (tests/test_variants.py checks that it agrees
with OpenCC's own t2s on the realdata text, and is length-preserving on its whole range).

Converting every CJK character once costs about half a second, so the table is written once
to the cache folder (as the jieba dictionary is: `QUOTECHECK_CACHE` or the temp folder) and
read back in a millisecond. Without OpenCC (not installed) nothing is folded.
"""
from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache

_FORMAT = 1  # of the cached table; a new one is written when this changes
# Where OpenCC's t2s table has entries: CJK Unified Ideographs and extension A, the compatibility
# ideographs, and the supplementary planes' ideographs.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def _convert_each(converter, chars: list[str]) -> list[str]:
    """OpenCC's conversion of each character alone (a line each: no phrase spans two)."""
    return converter.convert("\n".join(chars)).split("\n")


def build_table() -> dict[str, str]:
    """{traditional or variant character: simplified character} from OpenCC's t2s, 1:1 only."""
    import opencc

    chars = [chr(cp) for lo, hi in _RANGES for cp in range(lo, hi + 1)]
    converted = _convert_each(opencc.OpenCC("t2s"), chars)
    if len(converted) != len(chars):  # a line break converted away: no safe table
        return {}
    return {a: b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """The fold table, from the cache folder, written there on first use ({} without OpenCC)."""
    try:
        import opencc
    except ImportError:
        return {}
    version = getattr(opencc, "__version__", "0")
    folder = os.environ.get("QUOTECHECK_CACHE", tempfile.gettempdir())
    path = os.path.join(folder, f"quotecheck-t2s-{_FORMAT}-{version}.json")
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if isinstance(data, dict) and all(len(k) == 1 and len(v) == 1 for k, v in data.items()):
            return data
    except (OSError, ValueError):
        pass
    data = build_table()
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".quotecheck-t2s-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.chmod(tmp, 0o644)  # a shared temp folder: other users may read it too
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # a read-only cache folder: the table is rebuilt on the next run
    return data


@lru_cache(maxsize=1)
def _keys() -> frozenset[str]:
    return frozenset(table())


def fold_variants(text: str) -> str:
    """`text` with traditional and variant characters as simplified ones (same length, same offsets)."""
    keys = _keys()
    if text.isascii() or keys.isdisjoint(text):
        return text  # simplified text: one set look-up per character, nothing copied
    found = keys.intersection(text)
    mapping = table()
    return text.translate({ord(ch): mapping[ch] for ch in found})


def differs_only_in_variants(a: str, b: str) -> bool:
    """Whether two texts differ, but only in characters the fold makes equal (發展 / 发展)."""
    return a != b and len(a) == len(b) and fold_variants(a) == fold_variants(b)
