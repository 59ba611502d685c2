"""A persistent library index: SQLite FTS5 with the trigram tokenizer (standard library only).

`quotecheck library index PATH... --db FILE` stores every source's raw text and
metadata in FILE, and the punctuation-free words in full-text shards beside it
(FILE-fts0, FILE-fts1, ...), one per core: SQLite has one writer per file and
tokenising is the cost of a build, so each core writes its own shard. A query
asks every shard for the few sources that may hold a quotation.

The index uses the same file list, ids and duplicate rule as loading the folders,
and its query is the folder pre-filter (enough 4-gram probes) in SQL, so verdicts
through the index are the verdicts from the folders. Updates are incremental:
unchanged files (by hash) are skipped, removed files are dropped.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import os
import sqlite3
from dataclasses import dataclass

from .align import may_contain, probes_required, words_could_align
from .errors import InputError, QuoteCheckError
from .library import Library, Source, body_hash, collect_files, parse_source
from .read import decode

log = logging.getLogger("quotecheck")

MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = "5"
MAX_SHARDS = 8
FTS_HASHSIZE = 64 * 2**20
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
    date TEXT,
    raw TEXT NOT NULL,
    words TEXT NOT NULL           -- punctuation-free body: the exact pre-filter runs on it, unparsed
);
CREATE TABLE IF NOT EXISTS titles(key TEXT NOT NULL, id TEXT NOT NULL, length INTEGER NOT NULL,
                                  dup INTEGER NOT NULL DEFAULT 0);  -- every way to cite a source
CREATE INDEX IF NOT EXISTS titles_id ON titles(id);
"""
_SHARD_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(words, tokenize='trigram', content='', detail=none);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, 'row');  -- documents per trigram
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
    if os.path.exists(db_path) and not is_index(db_path):
        raise QuoteCheckError("exists and is not a quotecheck index; refusing to overwrite it", db_path)
    files = collect_files(paths)
    if not files:
        raise InputError("holds no .md or .txt source", ", ".join(paths))
    conn = sqlite3.connect(db_path)
    try:
        conn.executescript(_SCHEMA)
        shards = _shard_count(conn, workers)
        stats = BuildStats(files=len(files), shards=shards)
        existing = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, rowid, sha256 FROM sources")}
        next_rowid = (conn.execute("SELECT max(rowid) FROM sources").fetchone()[0] or 0) + 1
        deletions: list[list[tuple]] = [[] for _ in range(shards)]  # (rowid, path, id, raw) per shard
        insertions: list[list[tuple]] = [[] for _ in range(shards)]  # (rowid, path, id, order, updated)
        wanted = {source_id for _, source_id in files}
        for source_id in sorted(set(existing) - wanted):
            deletions[existing[source_id][0] % shards].append(_old(conn, existing[source_id][0]))
            stats.removed += 1
        with conn:
            for order, (path, source_id) in enumerate(files):
                known = existing.get(source_id)
                if known and known[1] == _sha_of(path):
                    conn.execute("UPDATE sources SET ord = ?, path = ? WHERE rowid = ?", (order, path, known[0]))
                    stats.unchanged += 1
                    continue
                if known:
                    deletions[known[0] % shards].append(_old(conn, known[0]))
                rowid, next_rowid = next_rowid, next_rowid + 1
                insertions[rowid % shards].append((rowid, path, source_id, order, bool(known)))
            for rowid, _, source_id, _ in (d for shard in deletions for d in shard):
                conn.execute("DELETE FROM sources WHERE rowid = ?", (rowid,))
                conn.execute("DELETE FROM titles WHERE id = ?", (source_id,))
        # Workers read, parse and tokenise; this process stores what they return, shard by shard.
        with conn:
            for shard_rows in _index_shards(db_path, deletions, insertions):
                for rowid, path, source_id, order, updated, fields in shard_rows:
                    if isinstance(fields, str):
                        log.warning("%s; skipped", fields)
                        stats.skipped += 1
                        continue
                    sha, digest, date, titles, raw, words, size = fields
                    conn.execute("INSERT INTO sources(rowid, id, path, ord, sha256, body_hash, date, raw, words) "
                                 "VALUES (?,?,?,?,?,?,?,?,?)", (rowid, source_id, path, order, sha, digest, date,
                                                                raw, words))
                    conn.executemany("INSERT INTO titles(key, id, length) VALUES (?, ?, ?)",
                                     [(key, source_id, len(key)) for key in titles])
                    stats.text_bytes += size
                    if updated:
                        stats.updated += 1
                    else:
                        stats.added += 1
            _mark_duplicates(conn, stats)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    finally:
        conn.close()
    return stats


def _sha_of(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _shard_count(conn, workers: int | None) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'shards'").fetchone()
    if row:
        return int(row[0])
    shards = max(1, min(MAX_SHARDS, workers or os.cpu_count() or 1))
    conn.execute("INSERT INTO meta VALUES ('shards', ?)", (str(shards),))
    return shards


def _old(conn, rowid: int) -> tuple:
    row = conn.execute("SELECT path, id, raw FROM sources WHERE rowid = ?", (rowid,)).fetchone()
    return (rowid, row[0], row[1], row[2])


def _index_shards(db_path: str, deletions, insertions):
    """Parse and tokenise in one process per shard; yields each shard's rows as it finishes."""
    jobs = [(shard_path(db_path, k), deletions[k], insertions[k]) for k in range(len(insertions))]
    busy = [job for job in jobs if job[1] or job[2]]
    if len(busy) <= 1:
        for job in jobs:
            yield _index_one_shard(job)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(len(jobs)) as pool:
        yield from pool.imap_unordered(_index_one_shard, jobs)


def _index_one_shard(job) -> list[tuple]:
    """Read, parse and index one shard's files; returns (rowid, path, id, order, updated, fields or error)."""
    path, deletions, insertions = job
    conn = sqlite3.connect(path)
    out = []
    try:
        conn.executescript(_SHARD_SCHEMA)
        # Pending terms are flushed as a new segment whenever this buffer fills (1 MB by default):
        # a larger one makes a bulk build three times faster and the index smaller.
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))
        with conn:
            for rowid, src_path, source_id, raw in deletions:
                words = parse_source(src_path, raw, None, source_id).words  # a contentless table needs them
                conn.execute("INSERT INTO fts(fts, rowid, words) VALUES ('delete', ?, ?)", (rowid, words))
            for rowid, src_path, source_id, order, updated in insertions:
                try:
                    with open(src_path, "rb") as handle:
                        data = handle.read()
                    text, _ = decode(data, src_path)
                    if not text.strip():
                        raise InputError("file is empty", src_path)
                except (InputError, OSError) as exc:
                    out.append((rowid, src_path, source_id, order, updated, str(exc)))
                    continue
                source = parse_source(src_path, text, data, source_id)
                if not source.words:
                    out.append((rowid, src_path, source_id, order, updated, f"{src_path}: no report text found"))
                    continue
                conn.execute("INSERT INTO fts(rowid, words) VALUES (?, ?)", (rowid, source.words))
                fields = (source.sha256, body_hash(source), source.date.iso if source.date else None,
                          source.title_keys, text, source.words, len(data))
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
    total = os.path.getsize(db_path)
    shard = 0
    while os.path.exists(shard_path(db_path, shard)):
        total += os.path.getsize(shard_path(db_path, shard))
        shard += 1
    return total


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
        self.shards = []
        for k in range(shards):
            path = shard_path(db_path, k)
            if not os.path.exists(path):
                raise InputError(f"index shard {path} is missing; rebuild the index", db_path)
            shard = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True, check_same_thread=False)
            self.shards.append(shard)
        self.path = db_path
        self._cache: dict[str, Source] = {}
        self._df: dict[str, int] = {}
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
            for source_id, path, raw, sha in self.conn.execute(
                    f"SELECT id, path, raw, sha256 FROM sources WHERE id IN ({marks}) AND duplicate_of IS NULL", chunk):
                self._cache[source_id] = parse_source(path, raw, None, source_id, sha256=sha)
        return [self._cache[i] for i in ids if i in self._cache]

    def get(self, source_id: str) -> Source | None:
        if source_id not in self._cache:
            row = self.conn.execute("SELECT path, raw, sha256 FROM sources WHERE id = ? AND duplicate_of IS NULL",
                                    (source_id,)).fetchone()
            if row is None:
                return None
            self._cache[source_id] = parse_source(row[0], row[1], None, source_id, sha256=row[2])
        return self._cache[source_id]

    def candidates(self, needle, min_score: float) -> list[Source]:
        """Sources that may hold a quotation: the folder path's filters, with the index's help.

        A source holding `need` of the n probes holds at least one of any n - need + 1 of them,
        so asking the shards for the rarest n - need + 1 gives every such source (and some more,
        which the exact filter on the stored words then removes before anything is parsed).
        """
        probes = list(needle.probes)
        if not probes or any(len(p) < 3 for p in probes):
            return [s for s in self.all() if may_contain(needle, s)] if self._count <= 2000 else []
        need = probes_required(len(probes))
        rarest = sorted(probes, key=self._documents_with)[:len(probes) - need + 1]
        # detail=none keeps the index small: a probe is asked as its trigrams.
        query = " OR ".join("(" + " AND ".join('"' + g.replace('"', '""') + '"' for g in _trigrams(p)) + ")"
                            for p in rarest)
        rowids: set[int] = set()
        for shard in self.shards:
            rowids.update(row[0] for row in shard.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (query,)))
        # The exact probe test (words_may_contain) runs inside SQLite: only passing rows come back.
        held = " + ".join("(instr(words, ?) > 0)" for _ in probes)
        ids = []
        for chunk in _chunks(sorted(rowids), 900):
            marks = ",".join("?" * len(chunk))
            ids += [source_id for source_id, words in self.conn.execute(
                f"SELECT id, words FROM sources WHERE rowid IN ({marks}) AND duplicate_of IS NULL "
                f"AND {held} >= ?", [*chunk, *probes, need])
                if words_could_align(needle, words, min_score)]
        return self.get_many(sorted(ids))

    def prepare_search(self, needles) -> None:
        """Fetch the document counts of every probe's trigrams in one query per shard."""
        grams = sorted({g for n in needles for p in n.probes if len(p) >= 3 for g in _trigrams(p)} - set(self._df))
        for gram in grams:
            self._df[gram] = 0
        for chunk in _chunks(grams, 900):
            marks = ",".join("?" * len(chunk))
            for shard in self.shards:
                for term, docs in shard.execute(f"SELECT term, doc FROM vocab WHERE term IN ({marks})", chunk):
                    self._df[term] += docs

    def _documents_with(self, probe: str) -> int:
        """How many sources hold a probe at most: the rarest of its trigrams."""
        counts = []
        for gram in _trigrams(probe):
            if gram not in self._df:
                self._df[gram] = sum((shard.execute("SELECT doc FROM vocab WHERE term = ?", (gram,)).fetchone()
                                      or (0,))[0] for shard in self.shards)
            counts.append(self._df[gram])
        return min(counts)

    def _load_title_keys(self) -> dict:
        # One row per length, keys and ids joined by a unit separator: loads 10^5 keys in C.
        buckets = {}
        for length, keys, ids in self.conn.execute(
                "SELECT length, group_concat(key, char(31)), group_concat(id, char(31)) "
                "FROM (SELECT length, key, id FROM titles WHERE dup = 0 ORDER BY id, key) GROUP BY length"):
            buckets[length] = (ids.split("\x1f"), keys.split("\x1f"))
        return buckets



def _trigrams(probe: str) -> list[str]:
    return [probe[i:i + 3] for i in range(len(probe) - 2)]


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
