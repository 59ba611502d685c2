"""Stage: the library of primary sources, read from folders or from a persistent index.

`load_library` opens either; the rest of the pipeline sees a `Library` and its `Source`s.
"""
from __future__ import annotations

import contextlib
import logging
import os

from ..errors import QuoteCheckError
from .folder import Library, collect_files, load_folder
from .source import Source, body_hash, parse_source, title_key, words_hash

__all__ = ["Library", "Source", "body_hash", "collect_files", "load_library", "parse_source", "title_key",
           "words_hash", "quiet_about"]


def load_library(paths: list[str], progress=None) -> Library:
    """The sources under `paths` (files and folders), or the index a single .db path names."""
    if not paths:
        raise QuoteCheckError("no library given: use --library FILE_OR_FOLDER")
    from .index import IndexLibrary, looks_like_index  # sqlite and process pools only when an index is given

    indexes = [p for p in paths if looks_like_index(p)]
    if indexes:
        if len(paths) > 1:
            raise QuoteCheckError("an index (.db) is a whole library: give it alone to --library, "
                                  "or add the other files to it with `quotecheck library index`")
        return IndexLibrary(indexes[0])
    return load_folder(paths, progress)


@contextlib.contextmanager
def quiet_about(paths):
    """Loading a library that holds the articles themselves: no warnings about those files as
    sources (`no title found` of an article is no news); the check says once that it left them out."""
    mine = {os.path.realpath(p) for p in paths}

    def keep(record: logging.LogRecord) -> bool:
        subject = record.args[0] if isinstance(record.args, tuple) and record.args else None
        return not (isinstance(subject, str) and os.path.realpath(subject) in mine)

    log = logging.getLogger("quotecheck")
    log.addFilter(keep)
    try:
        yield
    finally:
        log.removeFilter(keep)
