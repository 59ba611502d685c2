"""A folder library: every source file under the given paths, read on each run."""
from __future__ import annotations

import contextlib
import logging
import os
from functools import cached_property

from ..errors import InputError, QuoteCheckError, shown
from ..read.source_file import read_source
from ..text.search import PROBE_SIZE

PROBE_GRAM_CHARS = 4_000_000  # up to ~500 reports: their 5-character runs fit in memory (a few tens of MB)
from .source import SOURCE_SUFFIXES, Source, body_hash, parse_source

log = logging.getLogger("quotecheck")


class Library:
    """The sources to check against. Subclasses may fetch candidates from an index."""

    def __init__(self, sources: list[Source]):
        self.sources = sources
        self.by_id = {s.id: s for s in sources}
        self._title_keys: dict[int, tuple[list[str], list[str]]] | None = None
        self._title_cache: dict[tuple, dict[str, float]] = {}

    def _load_title_keys(self) -> dict[int, tuple[list[str], list[str]]]:
        """Title keys by length: {length: (source ids, keys)}."""
        buckets: dict[int, tuple[list[str], list[str]]] = {}
        for source in self.sources:
            for key in source.title_keys:
                ids, keys = buckets.setdefault(len(key), ([], []))
                ids.append(source.id)
                keys.append(key)
        return buckets

    def title_matches(self, key: str, cutoff: float) -> dict[str, float]:
        """Source id -> best raw title similarity at or above `cutoff`, in one C-level pass."""
        from rapidfuzz import fuzz, process

        cached = self._title_cache.get((key, cutoff))
        if cached is not None:
            return cached  # footnotes restart per page: the same title is cited again and again
        if self._title_keys is None:
            self._title_keys = self._load_title_keys()
        # A ratio of c% is impossible between lengths further apart than this.
        share = max(cutoff, 1.0) / 100
        shortest, longest = len(key) * share / (2 - share), len(key) * (2 - share) / share
        ids: list[str] = []
        keys: list[str] = []
        for length, (bucket_ids, bucket_keys) in self._title_keys.items():
            if shortest <= length <= longest:
                ids.extend(bucket_ids)
                keys.extend(bucket_keys)
        best: dict[str, float] = {}
        for _, score, index in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            best[ids[index]] = max(best.get(ids[index], 0.0), score)
        self._title_cache[(key, cutoff)] = best
        return best

    def hold(self):
        """Pin one state of the library while an article is checked (an index pins a generation)."""
        return contextlib.nullcontext()

    def prepare_search(self, needles, min_score: float) -> None:
        """Called once with every quotation before the searches (an index searches them all at once)."""

    def candidates(self, needle, min_score: float) -> list[Source]:
        """Sources that may hold a prepared quotation (text.search.Needle); an index narrows this down."""
        grams = self._probe_grams
        if grams is not None and needle.probes and all(len(p) == PROBE_SIZE for p in needle.probes):
            # A quotation whose probes are in no source is in none: most spans an author sets apart
            # are their own words, and one set look-up per probe tells it.
            if sum(p in grams for p in needle.probes) < needle.required:
                return []
        return self.sources

    @cached_property
    def _probe_grams(self) -> set[str] | None:
        """Every run of PROBE_SIZE characters in the sources' words (small libraries only)."""
        if sum(len(source.words) for source in self.sources) > PROBE_GRAM_CHARS:
            return None
        return {words[i:i + PROBE_SIZE] for words in (s.words for s in self.sources)
                for i in range(len(words) - PROBE_SIZE + 1)}

    def size(self) -> int:
        return len(self.sources)

    def get(self, source_id: str) -> Source | None:
        return self.by_id.get(source_id)

    def reference_candidates(self, ref, title_key_: str, cutoff: float) -> list[Source]:
        """Sources a reference may name: every resolution needs a title this similar (see resolve)."""
        ids = self.title_matches(title_key_, cutoff) if title_key_ else {}
        return [s for s in (self.get(i) for i in sorted(ids)) if s is not None]

    def all(self) -> list[Source]:
        return self.sources

    def copies_of(self, path: str, sha256: str, words_hash: str) -> list[str]:
        """Ids of the sources that are the file at `path`, or hold its bytes or its words (an
        article kept in its own library: it must never verify itself)."""
        here = _real(path)
        return [s.id for s in self.sources
                if s.sha256 == sha256 or _real(s.path) == here or body_hash(s) == words_hash]

    def without(self, ids) -> "Library":
        """This library less the sources `ids` (the article itself), or itself when there are none."""
        return LibraryWithout(self, ids) if ids else self


class LibraryWithout(Library):
    """A library less a few sources: the article being checked, when it lies in its own library.
    Everything is asked of the whole library and filtered, so an index keeps its searches."""

    def __init__(self, base: Library, ids):
        self.base = base
        self.excluded = frozenset(ids)

    def hold(self):
        return self.base.hold()

    def prepare_search(self, needles, min_score: float) -> None:
        self.base.prepare_search(needles, min_score)

    def candidates(self, needle, min_score: float) -> list[Source]:
        return self._kept(self.base.candidates(needle, min_score))

    def title_matches(self, key: str, cutoff: float) -> dict[str, float]:
        return {i: score for i, score in self.base.title_matches(key, cutoff).items() if i not in self.excluded}

    def reference_candidates(self, ref, title_key_: str, cutoff: float) -> list[Source]:
        return self._kept(self.base.reference_candidates(ref, title_key_, cutoff))

    def size(self) -> int:
        return self.base.size() - len(self.excluded)

    def get(self, source_id: str) -> Source | None:
        return None if source_id in self.excluded else self.base.get(source_id)

    def all(self) -> list[Source]:
        return self._kept(self.base.all())

    def _kept(self, sources: list[Source]) -> list[Source]:
        return [s for s in sources if s.id not in self.excluded]


def _real(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def collect_files(paths: list[str]) -> list[tuple[str, str]]:
    """(path, id) of every source file under `paths`, in a stable order.

    Symlinked folders are followed, each real folder read once (a link back up the tree is
    not a loop); a folder or link that cannot be read is a warning naming it, never a silent
    gap. Ids are printable (a name that is not UTF-8 shows its bytes as \\xNN).
    """
    found: list[tuple[str, str]] = []
    for root in paths:
        if not os.path.exists(root):
            if os.path.islink(root):
                raise InputError("is a broken symbolic link", root)
            raise InputError("no such file or folder", root)
        if os.path.isfile(root):
            found.append((root, shown(os.path.basename(root))))
            continue
        found.extend(sorted(_walk(root), key=lambda item: item[1]))
    unique: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path, source_id in found:
        while source_id in seen:  # the same relative path under two roots
            source_id += "~"
        seen.add(source_id)
        unique.append((path, source_id))
    return unique


def _walk(root: str):
    """(path, id) of the source files under the folder `root`, following symlinked folders."""
    visited = {os.path.realpath(root): root}

    def unreadable(error: OSError) -> None:
        log.warning("%s: cannot read folder (%s); its sources are skipped",
                    shown(error.filename or root), error.strerror or error)

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=True):
        keep = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            path = os.path.join(folder, name)
            real = os.path.realpath(path)
            if real in visited:
                log.warning("%s: links to a folder already read (%s); skipped", shown(path), shown(visited[real]))
                continue
            visited[real] = path
            keep.append(name)
        dirs[:] = keep
        # The id is the path relative to the root, with / on every system (one relpath per folder).
        prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        prefix = "" if prefix == "./" else prefix
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            if name.lower().endswith(SOURCE_SUFFIXES) and name.lower() != "readme.md":
                yield path, shown(prefix + name)
            elif not os.path.exists(path):  # os.walk lists a broken link among the files
                log.warning("%s: broken symbolic link; skipped", shown(path))


def load_folder(paths: list[str], progress=None) -> Library:
    if not paths:
        raise QuoteCheckError("no library given: use --library FILE_OR_FOLDER")
    files = collect_files(paths)
    if not files:
        raise InputError("library holds no .md, .txt or .html source", ", ".join(paths))
    sources: list[Source] = []
    seen_hash: dict[str, str] = {}
    duplicates = 0
    for path, source_id in files:
        if progress:
            progress(source_id)  # before the read: the file named is the one being read
        try:
            item = read_source(path)
        except InputError as exc:
            log.warning("%s; skipped", exc)
            continue
        source = parse_source(item.path, item.text, item.data, source_id)
        if not source.words:
            log.warning("%s: no report text found; skipped", shown(path))
            continue
        key = body_hash(source)
        if key in seen_hash:
            # One line per copy only with --verbose: a library holding one text under 64 names printed
            # 2,961 lines and buried everything else.
            log.info("%s: duplicate of %s (same text); skipped", shown(path), shown(seen_hash[key]))
            duplicates += 1
            continue
        seen_hash[key] = path
        sources.append(source)
    if duplicates:
        log.warning("duplicates skipped: %d (files repeating the text of an earlier file; --verbose names them)",
                    duplicates)
    if not sources:
        raise InputError("library holds no readable source", ", ".join(paths))
    return Library(sources)
