"""Chinese word segmentation (jieba), loaded lazily: only a difference needs words.

jieba prints to stderr and warns on import; both are kept out of the user's output.

jieba's own start-up unmarshals its whole dictionary (498,000 words and prefixes, ~1.5 s of
CPU) to segment the few words around a difference. Instead, the same dictionary is written once
as a sorted file in the cache folder and looked up by binary search in a memory map: the same
frequencies, so the same segmentation, for a few milliseconds. Any trouble building or reading
that file falls back to jieba's own start-up.
"""
from __future__ import annotations

import io
import logging
import mmap
import os
import tempfile
import warnings
from contextlib import redirect_stderr
from functools import lru_cache

_tokenizer = None
_FORMAT = 1  # of the sorted file; a new one is written when this changes


def _load():
    global _tokenizer
    if _tokenizer is None:
        with warnings.catch_warnings(), redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            import jieba

            jieba.setLogLevel(logging.ERROR)
            tokenizer = jieba.Tokenizer()
            # jieba caches its dictionary; keep the cache somewhere writable.
            tokenizer.tmp_dir = os.environ.get("QUOTECHECK_CACHE", tempfile.gettempdir())
            try:
                tokenizer.FREQ, tokenizer.total = _mapped_dictionary(tokenizer)
                tokenizer.initialized = True
            except (OSError, ValueError):
                tokenizer.initialize()
        _tokenizer = tokenizer
    return _tokenizer


def is_loaded() -> bool:
    return _tokenizer is not None


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Split into words; runs of Latin letters and digits stay whole."""
    tokenizer = _load()
    with redirect_stderr(io.StringIO()):
        return tuple(w for w in tokenizer.lcut(text, HMM=True) if w.strip())


class SortedWords:
    """jieba's word → frequency table (prefixes at 0), looked up in a sorted `word\\tfreq` file."""

    def __init__(self, path: str):
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._seen: dict[str, int] = {}

    def _find(self, word: str) -> int:
        known = self._seen.get(word)
        if known is not None:
            return known
        target, data = word.encode("utf-8"), self._map
        lo, hi, found = 0, len(data), -1
        while lo < hi:  # each step drops the line it looked at
            start = data.rfind(b"\n", 0, (lo + hi) // 2) + 1
            start = max(start, lo)
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            key, _, freq = data[start:end].partition(b"\t")
            if key == target:
                found = int(freq)
                break
            if key < target:
                lo = end + 1
            else:
                hi = start
        if len(self._seen) < 200_000:
            self._seen[word] = found
        return found

    def get(self, word: str, default=None):
        found = self._find(word)
        return default if found < 0 else found

    def __contains__(self, word: str) -> bool:
        return self._find(word) >= 0

    def __getitem__(self, word: str) -> int:
        found = self._find(word)
        if found < 0:
            raise KeyError(word)
        return found


def _mapped_dictionary(tokenizer) -> tuple[SortedWords, int]:
    """The sorted file for jieba's dictionary (written once, atomically), and its total frequency."""
    source = tokenizer.get_dict_file()
    name = getattr(source, "name", "dict")
    stat = os.stat(name)
    source.close()
    path = os.path.join(tokenizer.tmp_dir, f"quotecheck-jieba-{_FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.words")
    if not os.path.exists(path):
        freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        fd, tmp = tempfile.mkstemp(dir=tokenizer.tmp_dir, prefix=".quotecheck-jieba-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(f"\u0000total\t{total}\n".encode("utf-8"))  # sorts first, never a word
                out.write("".join(f"{w}\t{f}\n" for w, f in sorted(freq.items()) if "\n" not in w and "\t" not in w)
                          .encode("utf-8"))
            os.chmod(tmp, 0o644)  # a shared temp folder: other users may read it too
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    table = SortedWords(path)
    total = table.get("\u0000total")
    if total is None:
        raise ValueError("no total in the sorted dictionary")
    return table, total
