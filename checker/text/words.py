"""Chinese word segmentation (jieba), loaded lazily: only a difference needs words.

jieba prints to stderr and warns on import; both are kept out of the user's output.
"""
from __future__ import annotations

import io
import logging
import os
import tempfile
import warnings
from contextlib import redirect_stderr
from functools import lru_cache

_tokenizer = None


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
