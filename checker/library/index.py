"""A persistent library index: SQLite FTS5 with the trigram tokenizer (standard library only).

`quotecheck library index PATH... --db FILE` stores every source's metadata and title
keys in FILE, and its raw text, punctuation-free words and their full-text index in
shards beside it (FILE-fts0, FILE-fts1, ...), one per core: SQLite has one writer per
file and parsing and tokenising are the cost of a build, so each core parses, indexes
and stores its own shard. A query asks every shard for the few sources that may hold
a quotation.

The index uses the same file list, ids and duplicate rule as loading the folders,
and its query is the folder pre-filter (enough of a quotation's 5-character probes),
asked of the full-text index and then tested exactly, so verdicts through the index are
the verdicts from the folders. Updates are incremental: unchanged files (by hash) are
skipped, changed ones re-indexed, removed ones dropped.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import os
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..errors import InputError, QuoteCheckError, shown
from ..read import decode, read_bytes
from ..text.search import may_contain, probes_required, words_could_align, words_may_contain
from .folder import Library, collect_files
from .source import Source, body_hash, parse_source

log = logging.getLogger("quotecheck")

MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = "6"
MAX_SHARDS = 8
FTS_HASHSIZE = 8 * 2**20
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources(
    rowid INTEGER PRIMARY KEY,    -- also picks the shard: rowid % shards
    id TEXT UNIQUE NOT NULL,      -- the same id loading the folder gives
    path TEXT NOT NULL,
    ord INTEGER NOT NULL,         -- position in the folder order (duplicates keep the first)
    sha256 TEXT NOT NULL,         -- of the file's bytes: unchanged files are skipped
    body_hash TEXT NOT NULL,
    duplicate_of TEXT,            -- set when an earlier source has the same text
    date TEXT                     -- the text lives in the shard: docs(rowid, words, raw)
);
CREATE TABLE IF NOT EXISTS titles(key TEXT NOT NULL, id TEXT NOT NULL, length INTEGER NOT NULL,
                                  dup INTEGER NOT NULL DEFAULT 0);  -- every way to cite a source
CREATE INDEX IF NOT EXISTS titles_id ON titles(id);
-- The titles of the sources in use, by length, keys and ids joined by a unit separator:
-- a check loads 10^5 keys in one C-level pass instead of sorting them first.
CREATE TABLE IF NOT EXISTS title_buckets(length INTEGER PRIMARY KEY, ids TEXT NOT NULL, keys TEXT NOT NULL);
"""
# The exact probe test after a query is case-sensitive, as the folder's is, so the tokenizer
# need not fold case; and nothing reads column sizes: both options cut the build by a fifth.
_SHARD_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(words, tokenize='trigram case_sensitive 1', content='',
                                                  detail=none, columnsize=0);
CREATE TABLE IF NOT EXISTS docs(
    rowid INTEGER PRIMARY KEY,    -- = sources.rowid in the main file
    -- words before raw: reading the words does not walk the raw text's overflow pages
    words TEXT NOT NULL,          -- punctuation-free body: the exact pre-filter runs on it, unparsed
    raw TEXT NOT NULL
);
"""


def is_index(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == MAGIC
    except OSError:
        return False


def shard_path(db_path: str, shard: int) -> str:
    return f"{db_path}-fts{shard}"


@dataclass
class BuildStats:
    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    duplicates: int = 0
    text_bytes: int = 0
    shards: int = 1


def build_index(paths: list[str], db_path: str, workers: int | None = None) -> BuildStats:
    """Create or update the index at `db_path` so that it holds exactly the sources under `paths`."""
    if os.path.exists(db_path):
        version = _schema_of(db_path)
        if version is None:
            raise QuoteCheckError("exists and is not a quotecheck index; refusing to overwrite it", db_path)
        if version != SCHEMA_VERSION:
            # An index is derived data: one from another version is rebuilt, not migrated.
            log.warning("%s: index built by another version of quotecheck; rebuilding it", db_path)
            _remove_index(db_path)
    files = collect_files(paths)
    if not files:
        raise InputError("holds no .md or .txt source", ", ".join(paths))
    conn = sqlite3.connect(db_path)
    try:
        conn.executescript(_SCHEMA)
        shards = _shard_count(conn, workers)
        stats = BuildStats(files=len(files), shards=shards)
        existing = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, rowid, sha256 FROM sources")}
        next_rowid = first_new_rowid = (conn.execute("SELECT max(rowid) FROM sources").fetchone()[0] or 0) + 1
        deletions: list[list[int]] = [[] for _ in range(shards)]  # rowids per shard
        insertions: list[list[tuple]] = [[] for _ in range(shards)]  # (rowid, path, id, order, updated)
        wanted = {source_id for _, source_id in files}
        for source_id in sorted(set(existing) - wanted):
            deletions[existing[source_id][0] % shards].append(existing[source_id][0])
            stats.removed += 1
        with conn:
            for order, (path, source_id) in enumerate(files):
                known = existing.get(source_id)
                if known and known[1] == _sha_of(path):
                    conn.execute("UPDATE sources SET ord = ?, path = ? WHERE rowid = ?", (order, shown(path), known[0]))
                    stats.unchanged += 1
                    continue
                if known:
                    deletions[known[0] % shards].append(known[0])
                rowid, next_rowid = next_rowid, next_rowid + 1
                insertions[rowid % shards].append((rowid, path, source_id, order, bool(known)))
            for rowid in (d for shard in deletions for d in shard):
                conn.execute("DELETE FROM titles WHERE id = (SELECT id FROM sources WHERE rowid = ?)", (rowid,))
                conn.execute("DELETE FROM sources WHERE rowid = ?", (rowid,))
        # Workers read, parse, tokenise and store the text in their shards; this process
        # stores the metadata they return.
        with conn:
            for shard_rows in _index_shards(db_path, deletions, insertions, first_new_rowid):
                for rowid, path, source_id, order, updated, fields in shard_rows:
                    if isinstance(fields, str):
                        log.warning("%s; skipped", fields)
                        stats.skipped += 1
                        continue
                    sha, digest, date, titles, size = fields
                    conn.execute("INSERT INTO sources(rowid, id, path, ord, sha256, body_hash, date) "
                                 "VALUES (?,?,?,?,?,?,?)", (rowid, source_id, shown(path), order, sha, digest, date))
                    conn.executemany("INSERT INTO titles(key, id, length) VALUES (?, ?, ?)",
                                     [(key, source_id, len(key)) for key in titles])
                    stats.text_bytes += size
                    if updated:
                        stats.updated += 1
                    else:
                        stats.added += 1
            _mark_duplicates(conn, stats)
            conn.execute("DELETE FROM title_buckets")
            conn.execute("INSERT INTO title_buckets SELECT length, group_concat(id, char(31)), "
                         "group_concat(key, char(31)) FROM (SELECT length, key, id FROM titles WHERE dup = 0 "
                         "ORDER BY length, id, key) GROUP BY length")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    finally:
        conn.close()
    return stats


def _schema_of(db_path: str) -> str | None:
    """The schema version of a quotecheck index ("" when unknown), None when the file is something else."""
    if not is_index(db_path):
        return None
    try:
        conn = sqlite3.connect(f"file:{os.path.abspath(db_path)}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return SCHEMA_VERSION  # an empty database: nothing to lose
            if not {"meta", "sources"} <= tables:
                return None
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            return row[0] if row else ""
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def _remove_index(db_path: str) -> None:
    for path in [db_path, *_shard_files(db_path)]:
        os.remove(path)


def _sha_of(path: str) -> str | None:
    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except InputError:
        return None


def _shard_count(conn, workers: int | None) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'shards'").fetchone()
    if row:
        return int(row[0])
    shards = max(1, min(MAX_SHARDS, workers or os.cpu_count() or 1))
    conn.execute("INSERT INTO meta VALUES ('shards', ?)", (str(shards),))
    return shards


def _index_shards(db_path: str, deletions, insertions, first_new_rowid: int):
    """Parse and tokenise in one process per shard; yields each shard's rows as it finishes."""
    jobs = [(shard_path(db_path, k), deletions[k], insertions[k], first_new_rowid) for k in range(len(insertions))]
    busy = [job for job in jobs if job[1] or job[2]]
    if len(busy) <= 1:
        for job in jobs:
            yield _index_one_shard(job)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(len(jobs)) as pool:
        yield from pool.imap_unordered(_index_one_shard, jobs)


def _index_one_shard(job) -> list[tuple]:
    """Read, parse, index and store one shard's files.

    Returns (rowid, path, id, order, updated, metadata or error) per file: only the small
    metadata goes back to the main process, so a build's memory does not grow with the library.
    """
    path, deletions, insertions, first_new_rowid = job
    conn = sqlite3.connect(path)
    out = []
    try:
        conn.executescript(_SHARD_SCHEMA)
        # Pending terms are flushed as a new segment whenever this buffer fills (1 MB by default).
        # Measured on 10^5 reports, two shards at once: 1-2 MB 47 s (too many segments to merge),
        # 4-8 MB 29-37 s, 16 MB 39 s, 64 MB 41 s (the shards' hash tables fight for the cache).
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))
        with conn:
            # Rows the main file does not know: a build interrupted after this shard was stored.
            orphans = [row[0] for row in conn.execute("SELECT rowid FROM docs WHERE rowid >= ?", (first_new_rowid,))]
            for rowid in deletions + orphans:
                # A contentless table forgets a row only when told the words it was given.
                conn.execute("INSERT INTO fts(fts, rowid, words) SELECT 'delete', rowid, words FROM docs "
                             "WHERE rowid = ?", (rowid,))
                conn.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
            for rowid, src_path, source_id, order, updated in insertions:
                try:
                    data = read_bytes(src_path)
                    text, _ = decode(data, src_path)
                    if not text.strip():
                        raise InputError("file is empty", src_path)
                except InputError as exc:
                    out.append((rowid, src_path, source_id, order, updated, str(exc)))
                    continue
                source = parse_source(shown(src_path), text, data, source_id)
                if not source.words:
                    out.append((rowid, src_path, source_id, order, updated, f"{shown(src_path)}: no report text found"))
                    continue
                conn.execute("INSERT INTO fts(rowid, words) VALUES (?, ?)", (rowid, source.words))
                conn.execute("INSERT INTO docs(rowid, words, raw) VALUES (?, ?, ?)", (rowid, source.words, text))
                fields = (source.sha256, body_hash(source), source.date.iso if source.date else None,
                          source.title_keys, len(data))
                out.append((rowid, src_path, source_id, order, updated, fields))
    finally:
        conn.close()
    return out


def _mark_duplicates(conn, stats: BuildStats) -> None:
    """Same rule as loading the folder: the first source (in folder order) with a text wins."""
    conn.execute("UPDATE sources SET duplicate_of = NULL")
    conn.execute("UPDATE titles SET dup = 0")
    first: dict[str, tuple[str, str]] = {}
    for source_id, path, digest in conn.execute("SELECT id, path, body_hash FROM sources ORDER BY ord").fetchall():
        if digest in first:
            log.warning("%s: duplicate of %s (same text); skipped", path, first[digest][1])
            conn.execute("UPDATE sources SET duplicate_of = ? WHERE id = ?", (first[digest][0], source_id))
            conn.execute("UPDATE titles SET dup = 1 WHERE id = ?", (source_id,))
            stats.duplicates += 1
        else:
            first[digest] = (source_id, path)


def index_size(db_path: str) -> int:
    """Bytes on disk of the index and its shards."""
    return sum(os.path.getsize(path) for path in [db_path, *_shard_files(db_path)])


def _shard_files(db_path: str) -> list[str]:
    """The shard files beside an index that exist, in order."""
    return list(itertools.takewhile(os.path.exists, (shard_path(db_path, k) for k in itertools.count())))


class IndexLibrary(Library):
    """A library read from an index: sources are parsed only when a quotation or citation needs them."""

    def __init__(self, db_path: str):
        try:
            self.conn = sqlite3.connect(f"file:{os.path.abspath(db_path)}?mode=ro", uri=True, check_same_thread=False)
            version = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            shards = int(self.conn.execute("SELECT value FROM meta WHERE key = 'shards'").fetchone()[0])
        except (sqlite3.DatabaseError, TypeError) as exc:
            raise InputError(f"not a quotecheck index ({exc})", db_path) from None
        if not version or version[0] != SCHEMA_VERSION:
            raise InputError("index was built by another version of quotecheck; rebuild it", db_path)
        # Shards are attached as s0, s1, ...: one query joins a shard's text to the main metadata.
        # Searches open them by URI in their own processes.
        self.shards = [f"s{k}" for k in range(shards)]
        self._shard_paths = []
        for k, name in enumerate(self.shards):
            path = shard_path(db_path, k)
            if not os.path.exists(path):
                raise InputError(f"index shard {path} is missing; rebuild the index", db_path)
            self._shard_paths.append(f"file:{os.path.abspath(path)}?mode=ro")
            self.conn.execute("ATTACH DATABASE ? AS " + name, (self._shard_paths[-1],))
        self.path = db_path
        self._found: dict = {}  # (needle, min_score) -> ids of the sources that pass the filters
        self._cache: dict[str, Source] = {}
        self._count = self.conn.execute("SELECT count(*) FROM sources WHERE duplicate_of IS NULL").fetchone()[0]
        if not self._count:
            raise InputError("index holds no source", db_path)
        super().__init__([])
        self.by_id = _LazyIds(self)

    def size(self) -> int:
        return self._count

    def all(self) -> list[Source]:
        ids = [row[0] for row in self.conn.execute("SELECT id FROM sources WHERE duplicate_of IS NULL ORDER BY id")]
        return self.get_many(ids)

    def get_many(self, ids: list[str]) -> list[Source]:
        """Several sources in one query (those not parsed yet), in the order of `ids`."""
        missing = [i for i in ids if i not in self._cache]
        for chunk in _chunks(missing, 900):
            marks = ",".join("?" * len(chunk))
            for shard in self.shards:
                for source_id, path, raw, sha in self.conn.execute(
                        f"SELECT s.id, s.path, d.raw, s.sha256 FROM sources s JOIN {shard}.docs d ON d.rowid = s.rowid "
                        f"WHERE s.id IN ({marks}) AND s.duplicate_of IS NULL", chunk):
                    self._cache[source_id] = parse_source(path, raw, None, source_id, sha256=sha)
        return [self._cache[i] for i in ids if i in self._cache]

    def get(self, source_id: str) -> Source | None:
        if source_id not in self._cache:
            self.get_many([source_id])
        return self._cache.get(source_id)

    def candidates(self, needle, min_score: float) -> list[Source]:
        """Sources that may hold a quotation: the folder path's filters, with the index's help."""
        if not _searchable(needle):
            return [s for s in self.all() if may_contain(needle, s)] if self._count <= 2000 else []
        if (needle, min_score) not in self._found:
            self.prepare_search([needle], min_score)
        return self.get_many(self._found[needle, min_score])

    def prepare_search(self, needles, min_score: float) -> None:
        """Find the sources that pass every quotation's filters, all shards at once.

        A shard's search is SQLite and rapidfuzz work that holds the GIL or SQLite's own locks
        for most of its time, so each shard is searched in a forked process (threads gained
        nothing, measured); where forking is not possible, one after the other.
        """
        pending = list(dict.fromkeys(n for n in needles if _searchable(n) and (n, min_score) not in self._found))
        if not pending:
            return
        jobs = [(path, pending, min_score) for path in self._shard_paths]
        per_shard = _map_in_processes(_search_shard, jobs)
        for i, needle in enumerate(pending):
            rowids = sorted(rowid for found in per_shard for rowid in found[i])
            ids = []
            for chunk in _chunks(rowids, 900):
                ids += [row[0] for row in self.conn.execute(
                    f"SELECT id FROM sources WHERE rowid IN ({','.join('?' * len(chunk))}) "
                    "AND duplicate_of IS NULL", chunk)]
            self._found[needle, min_score] = sorted(ids)

    def _load_title_keys(self) -> dict:
        return {length: (ids.split("\x1f"), keys.split("\x1f"))
                for length, ids, keys in self.conn.execute("SELECT length, ids, keys FROM title_buckets")}



def _searchable(needle) -> bool:
    """Whether the index can be asked for a quotation: every probe has a trigram."""
    return bool(needle.probes) and all(len(p) >= 3 for p in needle.probes)


def _search_shard(job) -> list[list[int]]:
    """Rowids of the shard's sources that pass each quotation's filters (the folder path's)."""
    path, needles, min_score = job
    conn = sqlite3.connect(path, uri=True)
    try:
        found = []
        for needle in needles:
            rows = conn.execute("SELECT rowid, words FROM docs WHERE rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
                                (probe_query(needle.probes),))
            # The exact tests in Python: its substring search is twice as fast as SQLite's instr.
            found.append([rowid for rowid, words in rows
                          if words_may_contain(needle, words) and words_could_align(needle, words, min_score)])
        return found
    finally:
        conn.close()


def _map_in_processes(function, jobs: list) -> list:
    """[function(job) for job in jobs], in forked processes when there are several jobs and we may fork."""
    # A pool worker may not have children, and forking a process that runs other threads
    # (a Dask worker, a progress bar) can copy a lock another thread holds.
    if len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods() \
            and not multiprocessing.current_process().daemon and threading.active_count() == 1:
        with ProcessPoolExecutor(len(jobs), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(function, jobs))
    return [function(job) for job in jobs]


def probe_query(probes) -> str:
    """An FTS5 query for the sources that may hold `probes_required` of the probes.

    The folder pre-filter keeps a source holding `need` of the n probes. A source holding a
    probe holds its first and last trigram (which cover it), and that is what the index can
    tell with detail=none; so asking for sources that hold both trigrams of `need` probes gives
    every such source and a few more, which the exact test on the stored words removes.
    Asking for `need` of n, not one of the rarest, keeps a quotation with a common probe
    from fetching the thousands of sources that hold only that one.
    """
    terms = ["(" + " AND ".join('"' + g.replace('"', '""') + '"' for g in dict.fromkeys((p[:3], p[-3:]))) + ")"
             for p in probes]
    return _at_least(probes_required(len(probes)), terms)


def _at_least(k: int, terms: list[str]) -> str:
    """FTS5 query: at least k of the terms (k >= 1), as (t1 AND at_least(k-1, rest)) OR at_least(k, rest)."""
    if k == len(terms):
        return "(" + " AND ".join(terms) + ")"
    first = terms[0] if k == 1 else f"({terms[0]} AND {_at_least(k - 1, terms[1:])})"
    return f"({first} OR {_at_least(k, terms[1:])})"


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class _LazyIds:
    """`library.by_id[...]` for an index, without loading every source."""

    def __init__(self, library: IndexLibrary):
        self.library = library

    def __getitem__(self, source_id: str) -> Source:
        source = self.library.get(source_id)
        if source is None:
            raise KeyError(source_id)
        return source

    def __contains__(self, source_id: str) -> bool:
        return self.library.get(source_id) is not None

    def get(self, source_id: str, default=None):
        return self.library.get(source_id) or default
