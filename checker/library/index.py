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

Trust under faults. The main file is the truth: a shard row it does not list is invisible.
An update (1) adds the new texts to the shards under new rowids, (2) switches the main file
to the new library in one transaction that also raises its generation, (3) only then drops
the old texts from the shards. A check holds one read transaction on the main file while it
checks an article, so an update cannot switch under it, and it sees the old library or the
new one, never a mix; a kill -9 at any moment leaves either, plus invisible rows the next
run removes. A check verifies each shard (file size against its header, its index id,
generation and row count against the main file, a checksum of every text it reads) and
refuses a damaged or interrupted index with one line; `library index` takes a lock file,
rolls back hot journals, verifies every shard (quick_check, every stored text against its
checksum, rowids against the main file) and rebuilds what is damaged.
"""
from __future__ import annotations

import fcntl
import hashlib
import itertools
import logging
import multiprocessing
import os
import sqlite3
import threading
import uuid
import zlib
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import InputError, QuoteCheckError, shown
from ..read import read_bytes
from ..read.source_file import decode_source
from ..text.search import may_contain, probes_required, words_could_align, words_may_contain
from .folder import Library, collect_files
from .source import Source, body_hash, parse_source

log = logging.getLogger("quotecheck")

MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = "8"  # 8: words fold traditional characters (text.variants)
MAX_SHARDS = 8
FTS_HASHSIZE = 8 * 2**20
# A check waits this long for an update's commit; `library index` waits this long for running
# checks to finish before it switches the library (each check holds the main file while it runs).
READ_TIMEOUT = float(os.environ.get("QUOTECHECK_INDEX_READ_TIMEOUT", "30"))
WRITE_TIMEOUT = float(os.environ.get("QUOTECHECK_INDEX_WRITE_TIMEOUT", "600"))
# PRAGMA quick_check reads every page: `library index` runs it on shards up to this size.
QUICK_CHECK_BYTES = int(os.environ.get("QUOTECHECK_QUICK_CHECK_MB", "1024")) * 2**20
REPAIR = "re-run `quotecheck library index` to repair it"
FIRST_BUILD = "index is being built, or its first build was interrupted: run `quotecheck library index` (again)"
_MAIN_TABLES = {"meta", "sources", "titles", "title_buckets"}
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
    -- checksums and words before raw: reading them does not walk the raw text's overflow pages
    words_crc INTEGER NOT NULL,   -- crc32 of the words' UTF-8: a check never trusts a damaged text
    raw_crc INTEGER NOT NULL,
    words TEXT NOT NULL,          -- punctuation-free body: the exact pre-filter runs on it, unparsed
    raw TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS shard_meta(key TEXT PRIMARY KEY, value TEXT);  -- index, shard, generation, rows
"""


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def is_index(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == MAGIC
    except OSError:
        return False


def looks_like_index(path: str) -> bool:
    """An index, or what is left of one: a damaged main file still has its shards beside it."""
    return is_index(path) or (os.path.isfile(path) and os.path.exists(shard_path(path, 0)))


def shard_path(db_path: str, shard: int) -> str:
    return f"{db_path}-fts{shard}"


def lock_path(db_path: str) -> str:
    return f"{db_path}.lock"


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
    repaired: int = 0  # sources re-read because their shard was missing or damaged


# -- building and updating ------------------------------------------------------------------------
def build_index(paths: list[str], db_path: str, workers: int | None = None, progress=None) -> BuildStats:
    """Create or update the index at `db_path` so that it holds exactly the sources under `paths`.

    `progress(done, total, name)`: called as files are read (from the shard workers, through shared
    memory), so a terminal can show N/M and the file being read."""
    files = collect_files(paths)
    if not files:
        raise InputError("holds no .md, .txt or .html source", ", ".join(paths))
    with _writer_lock(db_path):
        try:
            return _build(files, db_path, workers, paths, progress)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise QuoteCheckError(f"index is in use by checks that did not finish within {WRITE_TIMEOUT:g} s; "
                                      "nothing was changed that a check can see: run library index again", db_path) from None
            raise QuoteCheckError(f"cannot update the index ({exc}); {REPAIR}", db_path) from None
        except sqlite3.DatabaseError as exc:
            raise QuoteCheckError(f"index damaged during the update ({exc}); {REPAIR}", db_path) from None


@contextmanager
def _writer_lock(db_path: str):
    """One `library index` at a time per index: an exclusive lock on FILE.lock (released by the
    system when the process ends, however it ends)."""
    path = lock_path(db_path)
    created = not os.path.exists(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise QuoteCheckError(f"cannot create the lock file {shown(path)} ({exc.strerror or exc})", db_path) from None
    try:
        try:
            _flock(fd)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            raise QuoteCheckError(f"another `quotecheck library index` (pid {holder}) is updating this index; "
                                  "wait for it to finish, then run this one again", db_path) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        except QuoteCheckError:
            if created:
                os.remove(path)  # refused before anything was made: leave no trace
            raise
    finally:
        os.close(fd)  # releases the lock


def _flock(fd: int, grace: float = 0.5) -> None:
    """The exclusive lock, waiting a moment for a run that is ending (its workers exit last)."""
    import time

    deadline = time.monotonic() + grace
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _build(files: list[tuple[str, str]], db_path: str, workers: int | None, roots: list[str],
           progress=None) -> BuildStats:
    conn = _open_for_update(db_path)
    try:
        _ensure_meta(conn, workers)
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        shards, index_id = int(meta["shards"]), meta["index"]
        generation = int(meta.get("generation", "0"))
        stats = BuildStats(files=len(files), shards=shards)
        existing = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, rowid, sha256 FROM sources")}
        by_shard: list[list[int]] = [[] for _ in range(shards)]
        for rowid, _sha in existing.values():
            by_shard[rowid % shards].append(rowid)
        # Every shard verified: those damaged are rebuilt, rows missing from a shard are re-read.
        health = _map_in_processes(_verify_shard, [(shard_path(db_path, k), index_id, k, by_shard[k])
                                                   for k in range(shards)], initializer=_die_with_parent)
        reread: set[int] = set()
        garbage: list[list[int]] = [[] for _ in range(shards)]
        fresh = [False] * shards
        for k, (state, missing, extra, why) in enumerate(health):
            if state == "rebuild":
                if why:
                    log.warning("%s: %s; rebuilding this shard", shown(shard_path(db_path, k)), why)
                _remove_files(shard_path(db_path, k))
                fresh[k] = True
                reread.update(by_shard[k])
            else:
                if missing:
                    log.warning("%s: %d sources missing from this shard; re-reading them",
                                shown(shard_path(db_path, k)), len(missing))
                reread.update(missing)
                garbage[k] = extra
        next_rowid = first_new_rowid = (conn.execute("SELECT max(rowid) FROM sources").fetchone()[0] or 0) + 1
        gone: list[list[int]] = [[] for _ in range(shards)]  # rowids per shard, dropped after the switch
        insertions: list[list[tuple]] = [[] for _ in range(shards)]  # (rowid, path, id, order, updated)
        unchanged: list[tuple] = []
        wanted = {source_id for _, source_id in files}
        for source_id in sorted(set(existing) - wanted):
            gone[existing[source_id][0] % shards].append(existing[source_id][0])
            stats.removed += 1
        for order, (path, source_id) in enumerate(files):
            known = existing.get(source_id)
            if known and known[0] not in reread and known[1] == _sha_of(path):
                unchanged.append((order, shown(stored_path(path, db_path)), known[0]))
                stats.unchanged += 1
                continue
            if known:
                gone[known[0] % shards].append(known[0])
                if known[0] in reread:
                    stats.repaired += 1
            rowid, next_rowid = next_rowid, next_rowid + 1
            insertions[rowid % shards].append((rowid, path, source_id, order, bool(known)))
        # (1) The new texts go into the shards under new rowids: invisible until the switch.
        jobs = [(shard_path(db_path, k), index_id, k, generation + 1, garbage[k], insertions[k], first_new_rowid)
                for k in range(shards)]
        with _Ticks(sum(map(len, insertions)), progress) as ticks:
            results = _map_in_processes(_index_one_shard, jobs, parallel=sum(bool(i) for i in insertions) > 1,
                                        initializer=_die_with_parent, poll=ticks.poll)
        _failpoint("shards-written")
        # (2) The switch: one transaction of the main file.
        with conn:
            conn.executemany("UPDATE sources SET ord = ?, path = ? WHERE rowid = ?", unchanged)
            for rowid in (d for shard in gone for d in shard):
                conn.execute("DELETE FROM titles WHERE id = (SELECT id FROM sources WHERE rowid = ?)", (rowid,))
                conn.execute("DELETE FROM sources WHERE rowid = ?", (rowid,))
            for shard_rows in results:
                for rowid, path, source_id, order, updated, fields in shard_rows:
                    if isinstance(fields, str):
                        log.warning("%s; skipped", fields)
                        stats.skipped += 1
                        continue
                    sha, digest, date, titles, size = fields
                    conn.execute("INSERT INTO sources(rowid, id, path, ord, sha256, body_hash, date) "
                                 "VALUES (?,?,?,?,?,?,?)",
                                 (rowid, source_id, shown(stored_path(path, db_path)), order, sha, digest, date))
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
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation + 1),))
            # The folders (and files) it was built from: a check writes no report inside them.
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('roots', ?)",
                         ("\x1f".join(shown(stored_path(root, db_path)) for root in roots),))
            _failpoint("before-switch")
        _failpoint("switched")
        # (3) The old texts leave the shards (a kill -9 here leaves invisible rows, removed next time).
        for k in range(shards):
            if gone[k]:
                _drop_rows(shard_path(db_path, k), gone[k])
    finally:
        conn.close()
    return stats


def _failpoint(name: str) -> None:
    """Fault injection for the tests: QUOTECHECK_FAILPOINT=name kills this process here (kill -9);
    QUOTECHECK_FAILPOINT=name:SECONDS pauses here (checks run against a half-done update)."""
    point, _, pause = os.environ.get("QUOTECHECK_FAILPOINT", "").partition(":")
    if point == name:
        if pause:
            import sys
            import time
            print(f"quotecheck: paused at {name}", file=sys.stderr, flush=True)
            time.sleep(float(pause))
        else:
            os.kill(os.getpid(), 9)


def _die_with_parent() -> None:
    """A build's worker ends when the build is killed (Linux): an orphan would hold the lock and
    keep writing a shard under the next run's feet."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _open_for_update(db_path: str) -> sqlite3.Connection:
    """The main file, opened to write: created, recovered (a hot journal is rolled back on open),
    rebuilt when it is damaged or from another version, refused when it is another program's."""
    if os.path.exists(db_path):
        state, why = _main_state(db_path)
        if state == "foreign":
            raise QuoteCheckError(f"exists and is not a quotecheck index ({why}); refusing to overwrite it "
                                  "(give another --db, or delete this file if it was an index)", db_path)
        if state == "damaged":
            log.warning("%s: index damaged (%s); rebuilding it", shown(db_path), why)
            _remove_index(db_path)
        elif state == "old":
            # An index is derived data: one from another version is rebuilt, not migrated.
            log.warning("%s: index built by another version of quotecheck; rebuilding it", shown(db_path))
            _remove_index(db_path)
    elif os.path.exists(shard_path(db_path, 0)):
        log.warning("%s: shards without their main file; rebuilding the index", shown(db_path))
        _remove_index(db_path)
    try:
        conn = sqlite3.connect(db_path, timeout=WRITE_TIMEOUT)
        conn.executescript("BEGIN;" + _SCHEMA + "COMMIT;")  # all the tables or none: a kill -9 leaves no half
    except sqlite3.DatabaseError as exc:
        raise QuoteCheckError(f"cannot create the index ({exc})", db_path) from None
    return conn


def _main_state(db_path: str) -> tuple[str, str]:
    """("ok" | "old" | "damaged" | "foreign", why) of an existing main file."""
    ours = os.path.exists(shard_path(db_path, 0))  # (the lock file is no proof: this run made it)
    size = os.path.getsize(db_path)
    if size == 0:
        return "ok", ""  # an empty file: nothing to lose
    if not is_index(db_path):
        return ("damaged", "its header is not SQLite's") if ours else ("foreign", "not an SQLite file")
    try:
        # Read-write: SQLite rolls back the hot journal of an interrupted update on the first read.
        conn = sqlite3.connect(db_path, timeout=WRITE_TIMEOUT)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return "ok", ""  # an empty database
            if not {"meta", "sources"} <= tables:
                if tables <= _MAIN_TABLES:  # some of ours: a first build killed while it made them
                    return "damaged", "its first build was interrupted"
                return "foreign", "its tables are another program's"
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                return "old", ""
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            return ("ok", "") if check == "ok" else ("damaged", f"quick_check: {check}")
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise QuoteCheckError("index is in use by a check that did not finish; try again", db_path) from None
        return ("damaged", str(exc)) if ours else ("foreign", str(exc))
    except sqlite3.DatabaseError as exc:
        return ("damaged", str(exc)) if ours else ("foreign", str(exc))


def _ensure_meta(conn, workers: int | None) -> None:
    """Shard count and index id, fixed when the index is created."""
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if "shards" in meta and "index" in meta and meta.get("schema") == SCHEMA_VERSION:
        return  # nothing to write: no write lock on the main file, no wait for running checks
    with conn:
        if "shards" not in meta:
            shards = max(1, min(MAX_SHARDS, workers or os.cpu_count() or 1))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('shards', ?)", (str(shards),))
        if "index" not in meta:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('index', ?)", (uuid.uuid4().hex,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))


def _remove_files(path: str) -> None:
    for name in (path, path + "-journal", path + "-wal", path + "-shm"):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass


def _remove_index(db_path: str) -> None:
    for path in [db_path, *_shard_files(db_path)]:
        _remove_files(path)


def _sha_of(path: str) -> str | None:
    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except InputError:
        return None


def _header_problem(path: str) -> str | None:
    """What is wrong with an SQLite file that its header shows (missing, truncated, overwritten)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
        size = os.path.getsize(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size == 0:
        return "empty"
    if len(header) < 100 or header[:16] != MAGIC:
        return "not an SQLite file (header overwritten?)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is valid when written by this version
    if page_size < 512 or size % page_size or (valid and pages and size < pages * page_size):
        return f"truncated ({size} bytes, header says {pages} pages of {page_size})"
    return None


def _verify_shard(job) -> tuple[str, list[int], list[int], str]:
    """("ok" | "rebuild", rowids the main file lists but the shard lacks, rowids only the shard has, why)."""
    path, index_id, number, expected = job
    problem = _header_problem(path)
    if problem == "missing":
        return "rebuild", [], [], "missing" if expected else ""
    if problem:
        return "rebuild", [], [], problem
    try:
        conn = sqlite3.connect(path, timeout=WRITE_TIMEOUT)  # rolls back a hot journal
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not {"docs", "fts", "shard_meta"} <= tables:
                return "rebuild", [], [], "not a shard of this index"
            meta = dict(conn.execute("SELECT key, value FROM shard_meta"))
            if meta.get("index") != index_id or meta.get("shard") != str(number):
                return "rebuild", [], [], "belongs to another index"
            if os.path.getsize(path) <= QUICK_CHECK_BYTES:
                check = conn.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    return "rebuild", [], [], f"damaged (quick_check: {check})"
                # A byte changed inside a stored text leaves the file sound: only the checksums a
                # check reads show it, so repair reads them all (the remedy a check names must work).
                damaged = _rows_failing_checksums(conn)
                if damaged:
                    return "rebuild", [], [], f"damaged ({damaged} stored texts fail their checksums)"
            present = {row[0] for row in conn.execute("SELECT rowid FROM docs")}
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise
        return "rebuild", [], [], f"damaged ({exc})"
    except sqlite3.DatabaseError as exc:
        return "rebuild", [], [], f"damaged ({exc})"
    wanted = set(expected)
    return "ok", sorted(wanted - present), sorted(present - wanted), ""


def _rows_failing_checksums(conn) -> int:
    """How many of a shard's texts do not match their checksums."""
    return sum(_crc(words) != words_crc or _crc(raw) != raw_crc
               for words_crc, raw_crc, words, raw in conn.execute("SELECT words_crc, raw_crc, words, raw FROM docs"))


def _index_one_shard(job) -> list[tuple]:
    """Read, parse, index and store one shard's new files (one transaction).

    Returns (rowid, path, id, order, updated, metadata or error) per file: only the small
    metadata goes back to the main process, so a build's memory does not grow with the library.
    """
    path, index_id, number, generation, garbage, insertions, first_new_rowid = job
    conn = sqlite3.connect(path, timeout=WRITE_TIMEOUT)
    out = []
    try:
        conn.executescript(_SHARD_SCHEMA)
        # Pending terms are flushed as a new segment whenever this buffer fills (1 MB by default).
        # Measured on 10^5 reports, two shards at once: 1-2 MB 47 s (too many segments to merge),
        # 4-8 MB 29-37 s, 16 MB 39 s, 64 MB 41 s (the shards' hash tables fight for the cache).
        conn.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))
        with conn:
            # Rows the main file does not list: left by an interrupted run. Rowids from
            # first_new_rowid on are given out again now.
            stale = garbage + [row[0] for row in conn.execute("SELECT rowid FROM docs WHERE rowid >= ?",
                                                               (first_new_rowid,))]
            _delete_rows(conn, sorted(set(stale)))
            for rowid, src_path, source_id, order, updated in insertions:
                _Ticks.tick(source_id)
                try:
                    data = read_bytes(src_path)
                    text, _ = decode_source(data, src_path)
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
                conn.execute("INSERT INTO docs(rowid, words_crc, raw_crc, words, raw) VALUES (?, ?, ?, ?, ?)",
                             (rowid, _crc(source.words), _crc(text), source.words, text))
                fields = (source.sha256, body_hash(source), source.date.iso if source.date else None,
                          source.title_keys, len(data))
                out.append((rowid, src_path, source_id, order, updated, fields))
            _write_shard_meta(conn, index_id, number, generation)
    finally:
        conn.close()
    return out


def _delete_rows(conn, rowids: list[int]) -> int:
    """Remove rows (those present); returns how many there were."""
    deleted = 0
    for rowid in rowids:
        # A contentless table forgets a row only when told the words it was given.
        conn.execute("INSERT INTO fts(fts, rowid, words) SELECT 'delete', rowid, words FROM docs "
                     "WHERE rowid = ?", (rowid,))
        deleted += conn.execute("DELETE FROM docs WHERE rowid = ?", (rowid,)).rowcount
    return deleted


def _write_shard_meta(conn, index_id: str, number: int, generation: int | None = None) -> None:
    rows = conn.execute("SELECT count(*) FROM docs").fetchone()[0] if generation is not None else None
    values = {"index": index_id, "shard": str(number)}
    if generation is not None:
        values.update(generation=str(generation), rows=str(rows))
    conn.executemany("INSERT OR REPLACE INTO shard_meta VALUES (?, ?)", values.items())


def _drop_rows(path: str, rowids: list[int]) -> None:
    """Remove the texts the switched main file no longer lists."""
    conn = sqlite3.connect(path, timeout=WRITE_TIMEOUT)
    try:
        with conn:
            deleted = _delete_rows(conn, rowids)
            rows = int(dict(conn.execute("SELECT key, value FROM shard_meta")).get("rows", "0"))
            conn.execute("INSERT OR REPLACE INTO shard_meta VALUES ('rows', ?)", (str(rows - deleted),))
    finally:
        conn.close()


def stored_path(path: str, db_path: str) -> str:
    """A source's path as the index keeps it: relative to the index file's folder (with /), so a
    project moved or checked out elsewhere, index and sources together, still names its files."""
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(db_path)))
    except ValueError:  # another drive (Windows): keep it absolute
        return os.path.abspath(path)
    return relative.replace(os.sep, "/")


def loaded_path(stored: str, db_path: str) -> str:
    """A stored path as this run names it: joined to the index's folder as this run named the index
    (`archive.db` → `archive/a.md`, `/data/archive.db` → `/data/archive/a.md`)."""
    if os.path.isabs(stored):
        return stored
    return os.path.normpath(os.path.join(os.path.dirname(db_path), stored))


def _mark_duplicates(conn, stats: BuildStats) -> None:
    """Same rule as loading the folder: the first source (in folder order) with a text wins."""
    conn.execute("UPDATE sources SET duplicate_of = NULL")
    conn.execute("UPDATE titles SET dup = 0")
    first: dict[str, tuple[str, str]] = {}
    for source_id, path, digest in conn.execute("SELECT id, path, body_hash FROM sources ORDER BY ord").fetchall():
        if digest in first:
            log.info("%s: duplicate of %s (same text); skipped", path, first[digest][1])  # counted in the summary
            conn.execute("UPDATE sources SET duplicate_of = ? WHERE id = ?", (first[digest][0], source_id))
            conn.execute("UPDATE titles SET dup = 1 WHERE id = ?", (source_id,))
            stats.duplicates += 1
        else:
            first[digest] = (source_id, path)


def index_roots(db_path: str) -> list[str]:
    """The folders and files an index was built from, as this run names them (none when the index
    cannot be read: the check refuses it anyway). An index built before they were kept gives the
    folders its sources lie in."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=READ_TIMEOUT)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'roots'").fetchone()
            stored = row[0].split("\x1f") if row else sorted({os.path.dirname(path) or "." for (path,)
                                                             in conn.execute("SELECT path FROM sources")})
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return []
    return [loaded_path(path, db_path) for path in stored if path]


def index_size(db_path: str) -> int:
    """Bytes on disk of the index and its shards."""
    return sum(os.path.getsize(path) for path in [db_path, *_shard_files(db_path)])


def _shard_files(db_path: str) -> list[str]:
    """The shard files beside an index that exist, in order."""
    return list(itertools.takewhile(os.path.exists, (shard_path(db_path, k) for k in itertools.count())))


# -- checking through the index -------------------------------------------------------------------
class IndexLibrary(Library):
    """A library read from an index: sources are parsed only when a quotation or citation needs them.

    `hold()` pins one generation of the library while an article is checked (a read transaction
    on the main file: an update cannot switch the library under it); between articles a
    long-lived worker lets updates through and notices a new generation.
    """

    def __init__(self, db_path: str):
        self.path = db_path
        if not os.path.exists(db_path):
            raise InputError("no such file", db_path)
        try:
            self.conn = sqlite3.connect(f"file:{os.path.abspath(db_path)}?mode=ro", uri=True, timeout=READ_TIMEOUT,
                                        isolation_level=None, check_same_thread=False)
        except sqlite3.DatabaseError as exc:
            raise _read_error(exc, db_path) from None
        self._generation: str | None = None
        self._holding = False
        super().__init__([])
        self.by_id = _LazyIds(self)
        with self.hold():
            if not self._count:
                raise InputError("index holds no source", db_path)

    @contextmanager
    def hold(self):
        if self._holding:
            yield
            return
        try:
            self.conn.execute("BEGIN")
            self._holding = True
            self._refresh()
        except sqlite3.DatabaseError as exc:
            self._release()
            raise _read_error(exc, self.path) from None
        except BaseException:
            self._release()
            raise
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise _read_error(exc, self.path) from None
        finally:
            self._release()

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                pass

    def _refresh(self) -> None:
        """Read the generation in force (this read takes the snapshot); on a new one, verify the
        shards against it and forget what was cached from the last."""
        try:
            meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                if os.path.exists(shard_path(self.path, 0)):
                    raise InputError(f"index is damaged (its main file is empty or lost its tables); {REPAIR}",
                                     self.path) from None
                if self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                    raise InputError(FIRST_BUILD, self.path) from None  # killed before its tables were made
                raise InputError("not a quotecheck index", self.path) from None
            raise
        if meta.get("schema") != SCHEMA_VERSION:
            if not meta:
                raise InputError(FIRST_BUILD, self.path)  # killed before its first build wrote anything
            if "schema" not in meta and "shards" not in meta:
                raise InputError("not a quotecheck index", self.path)
            raise InputError("index was built by another version of quotecheck; rebuild it "
                             "(run `quotecheck library index` again)", self.path)
        if "generation" not in meta:
            raise InputError(FIRST_BUILD, self.path)
        if meta["generation"] == self._generation:
            return
        self._generation = meta["generation"]
        self._found: dict = {}  # (needle, min_score) -> ids of the sources that pass the filters
        self._cache: dict[str, Source] = {}
        self._title_keys = None
        self._title_cache = {}
        shards = int(meta["shards"])
        counts = dict(self.conn.execute("SELECT rowid % ?, count(*) FROM sources GROUP BY 1", (shards,)))
        self._shard_paths = [shard_path(self.path, k) for k in range(shards)]
        self._shard_uris = [f"file:{os.path.abspath(p)}?mode=ro" for p in self._shard_paths]
        self._readers = [None] * shards
        for k, path in enumerate(self._shard_paths):
            _check_shard(path, k, meta, counts.get(k, 0))
        self._count = self.conn.execute("SELECT count(*) FROM sources WHERE duplicate_of IS NULL").fetchone()[0]

    def _shard(self, k: int) -> sqlite3.Connection:
        """This process's reader of shard k, in autocommit mode: an update's commit to a shard
        never waits for a check (nothing it adds or removes is visible to the main file in hold)."""
        if self._readers[k] is None:
            self._readers[k] = sqlite3.connect(self._shard_uris[k], uri=True, timeout=READ_TIMEOUT,
                                               isolation_level=None, check_same_thread=False)
        return self._readers[k]

    def size(self) -> int:
        return self._count

    def all(self) -> list[Source]:
        with self.hold():
            ids = [row[0] for row in self.conn.execute(
                "SELECT id FROM sources WHERE duplicate_of IS NULL ORDER BY id")]
            return self.get_many(ids)

    def get_many(self, ids: list[str]) -> list[Source]:
        """Several sources (those not parsed yet), in the order of `ids`."""
        with self.hold():
            missing = [i for i in ids if i not in self._cache]
            shards = len(self._shard_paths)
            for chunk in _chunks(missing, 900):
                rows = self.conn.execute(f"SELECT rowid, id, path, sha256 FROM sources WHERE id IN "
                                         f"({','.join('?' * len(chunk))}) AND duplicate_of IS NULL", chunk).fetchall()
                per_shard: dict[int, dict[int, tuple]] = {}
                for rowid, source_id, path, sha in rows:
                    per_shard.setdefault(rowid % shards, {})[rowid] = (source_id, path, sha)
                for k, wanted in per_shard.items():
                    found = _read_texts(self._shard(k), self._shard_paths[k], list(wanted))
                    for rowid, (source_id, path, sha) in wanted.items():
                        if rowid not in found:
                            raise InputError(f"index shard {shown(self._shard_paths[k])} lacks the text of "
                                             f"{source_id}; {REPAIR}", self.path)
                        self._cache[source_id] = parse_source(loaded_path(path, self.path), found[rowid], None,
                                                              source_id, sha256=sha)
            return [self._cache[i] for i in ids if i in self._cache]

    def get(self, source_id: str) -> Source | None:
        if source_id not in self._cache:
            self.get_many([source_id])
        return self._cache.get(source_id)

    def copies_of(self, path: str, sha256: str, words_hash: str) -> list[str]:
        """The folder's rule, asked of the index: the file at `path`, or its bytes or words (a
        duplicate stands for the source it duplicates)."""
        with self.hold():
            rows = self.conn.execute("SELECT coalesce(duplicate_of, id) FROM sources WHERE sha256 = ? "
                                     "OR body_hash = ? OR path = ?",
                                     (sha256, words_hash, stored_path(path, self.path))).fetchall()
        return sorted({row[0] for row in rows})

    def candidates(self, needle, min_score: float) -> list[Source]:
        """Sources that may hold a quotation: the folder path's filters, with the index's help."""
        with self.hold():
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
        with self.hold():
            pending = list(dict.fromkeys(n for n in needles if _searchable(n) and (n, min_score) not in self._found))
            if not pending:
                return
            jobs = [(uri, path, pending, min_score) for uri, path in zip(self._shard_uris, self._shard_paths)]
            try:
                per_shard = _map_in_processes(_search_shard, jobs)
            except sqlite3.DatabaseError as exc:
                raise _read_error(exc, self.path) from None
            for i, needle in enumerate(pending):
                rowids = sorted(rowid for found in per_shard for rowid in found[i])
                ids = []
                for chunk in _chunks(rowids, 900):
                    ids += [row[0] for row in self.conn.execute(
                        f"SELECT id FROM sources WHERE rowid IN ({','.join('?' * len(chunk))}) "
                        "AND duplicate_of IS NULL", chunk)]
                self._found[needle, min_score] = sorted(ids)

    def _load_title_keys(self) -> dict:
        with self.hold():
            return {length: (ids.split("\x1f"), keys.split("\x1f"))
                    for length, ids, keys in self.conn.execute("SELECT length, ids, keys FROM title_buckets")}


def _check_shard(path: str, number: int, meta: dict, listed: int) -> None:
    """A check's look at a shard: cheap, and enough to refuse one that is missing, cut short,
    from another index or older than the main file, or that lacks rows the main file lists."""
    problem = _header_problem(path)
    if problem:
        raise InputError(f"index shard {shown(path)} is {problem}; {REPAIR}")
    try:
        conn = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True, timeout=READ_TIMEOUT)
        try:
            shard = dict(conn.execute("SELECT key, value FROM shard_meta"))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _read_error(exc, path) from None
    generation = int(meta["generation"])
    if shard.get("index") != meta.get("index") or shard.get("shard") != str(number):
        raise InputError(f"index shard {shown(path)} belongs to another index; {REPAIR}")
    if int(shard.get("generation", -1)) not in (generation, generation + 1):
        raise InputError(f"index shard {shown(path)} is older or newer than its index (restored from a copy?); "
                         f"{REPAIR}")
    if int(shard.get("rows", -1)) < listed:
        raise InputError(f"index shard {shown(path)} holds fewer texts ({shard.get('rows')}) than the index lists "
                         f"({listed}); {REPAIR}")


def _read_error(exc: sqlite3.DatabaseError, path: str) -> InputError:
    """One line for an SQLite error: what it means for the index and what to do."""
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    if "Could not decode" in text:  # the message would quote the damaged bytes
        text = "a text is not valid UTF-8"
    text = text if len(text) < 120 else text[:117] + "..."
    if name == "SQLITE_READONLY_ROLLBACK" or os.path.exists(f"{path}-journal") and "readonly" in text:
        return InputError(f"index update was interrupted (an unfinished journal is left): {REPAIR}", path)
    if "locked" in text or "busy" in text:
        return InputError(f"index is being updated (locked for more than {READ_TIMEOUT:g} s): "
                          "check again when `quotecheck library index` has finished", path)
    if name in ("SQLITE_CANTOPEN", "SQLITE_PERM") or "unable to open" in text:
        return InputError(f"cannot open the index ({text})", path)
    return InputError(f"index is damaged ({text}); {REPAIR}", path)


def _read_texts(conn, path: str, rowids: list[int]) -> dict[int, str]:
    """rowid -> raw text of a shard's rows, each checked against its checksum."""
    found = {}
    marks = ",".join("?" * len(rowids))
    try:
        rows = conn.execute(f"SELECT rowid, raw_crc, raw FROM docs WHERE rowid IN ({marks})", rowids).fetchall()
    except sqlite3.DatabaseError as exc:
        raise _read_error(exc, path) from None
    for rowid, crc, raw in rows:
        if _crc(raw) != crc:
            raise InputError(f"index shard {shown(path)} is damaged (a text does not match its checksum); {REPAIR}")
        found[rowid] = raw
    return found


def _searchable(needle) -> bool:
    """Whether the index can be asked for a quotation: every probe has a trigram."""
    return bool(needle.probes) and all(len(p) >= 3 for p in needle.probes)


def _search_shard(job) -> list[list[int]]:
    """Rowids of the shard's sources that pass each quotation's filters (the folder path's)."""
    uri, path, needles, min_score = job
    conn = sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT)
    try:
        found = []
        checked: set[int] = set()
        for needle in needles:
            rows = conn.execute("SELECT rowid, words_crc, words FROM docs "
                                "WHERE rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
                                (probe_query(needle.probes, needle.required),)).fetchall()
            for rowid, crc, words in rows:
                if rowid not in checked:
                    if _crc(words) != crc:
                        raise InputError(f"index shard {shown(path)} is damaged (a text does not match its "
                                         f"checksum); {REPAIR}")
                    checked.add(rowid)
            # The exact tests in Python: its substring search is twice as fast as SQLite's instr.
            found.append([rowid for rowid, _, words in rows
                          if words_may_contain(needle, words) and words_could_align(needle, words, min_score)])
        return found
    except sqlite3.DatabaseError as exc:
        raise _read_error(exc, path) from None
    finally:
        conn.close()


class _Ticks:
    """Files read so far and the one being read, counted by the shard workers in shared memory
    (inherited through fork) and shown by the parent as it waits (`poll`)."""

    shared = None  # (count, name) while a build runs

    def __init__(self, total: int, progress):
        self.total, self.progress = total, progress

    def __enter__(self):
        if self.progress:
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                                  else None)
            _Ticks.shared = (context.Value("i", 0), context.Array("c", 1024, lock=False))
            self.progress(0, self.total, "")
        return self

    def __exit__(self, *exc):
        self.poll()
        _Ticks.shared = None
        return False

    @staticmethod
    def tick(name: str) -> None:
        """One more file (in a worker, or in this process when the shards are built one by one)."""
        if _Ticks.shared is None:
            return
        count, current = _Ticks.shared
        current.value = name.encode("utf-8", "replace")[:1023]
        with count.get_lock():  # the shards' workers count into one number
            count.value += 1
        if _POLL[0]:
            _POLL[0]()

    def poll(self) -> None:
        if self.progress and _Ticks.shared is not None:
            count, current = _Ticks.shared
            self.progress(min(count.value, self.total), self.total, current.value.decode("utf-8", "replace"))


_POLL = [None]  # set in the parent while it reads shards itself, so its own reads show


def _map_in_processes(function, jobs: list, parallel: bool = True, initializer=None, poll=None) -> list:
    """[function(job) for job in jobs], in forked processes when there are several jobs and we may fork.

    `poll`: called every tenth of a second while the workers run (and after each file read here)."""
    # A pool worker may not have children, and forking a process that runs other threads
    # (a Dask worker, a progress bar) can copy a lock another thread holds.
    if parallel and len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods() \
            and not multiprocessing.current_process().daemon and threading.active_count() == 1:
        with ProcessPoolExecutor(len(jobs), mp_context=multiprocessing.get_context("fork"),
                                 initializer=initializer) as pool:
            futures = [pool.submit(function, job) for job in jobs]
            while poll and not all(f.done() for f in futures):
                wait(futures, timeout=0.1)
                poll()
            return [f.result() for f in futures]
    _POLL[0] = poll
    try:
        return [function(job) for job in jobs]
    finally:
        _POLL[0] = None


def probe_query(probes, need: int | None = None) -> str:
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
    return _at_least(need or probes_required(len(probes)), terms)


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
