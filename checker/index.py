"""A persistent library index: SQLite FTS5 with the trigram tokenizer (standard library only).

`quotecheck library index PATH... --db FILE` stores every source's raw text,
metadata keys and punctuation-free words; a full-text index fetches the few
sources that may hold a quotation without reading the rest. It uses the same
file list, ids and duplicate rule as loading the folders, so verdicts through the
index are the verdicts from the folders. Updates are incremental: unchanged files
(by hash) are skipped, removed files are dropped.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import sqlite3
from dataclasses import dataclass

from .errors import InputError, QuoteCheckError
from .library import Library, Source, body_hash, collect_files, parse_source
from .read import decode

log = logging.getLogger("quotecheck")

MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources(
    rowid INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,      -- the same id loading the folder gives
    path TEXT NOT NULL,
    ord INTEGER NOT NULL,         -- position in the folder order (duplicates keep the first)
    sha256 TEXT NOT NULL,         -- of the file's bytes: unchanged files are skipped
    body_hash TEXT NOT NULL,
    duplicate_of TEXT,            -- set when an earlier source has the same text
    date TEXT,
    titles TEXT NOT NULL,         -- JSON list of title keys
    raw TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_date ON sources(date);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(words, tokenize='trigram', content='');
"""


def is_index(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == MAGIC
    except OSError:
        return False


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


def build_index(paths: list[str], db_path: str, progress=None) -> BuildStats:
    """Create or update the index at `db_path` so that it holds exactly the sources under `paths`."""
    if os.path.exists(db_path) and not is_index(db_path):
        raise QuoteCheckError("exists and is not a quotecheck index; refusing to overwrite it", db_path)
    files = collect_files(paths)
    if not files:
        raise InputError("holds no .md or .txt source", ", ".join(paths))
    stats = BuildStats(files=len(files))
    conn = sqlite3.connect(db_path)
    try:
        conn.executescript(_SCHEMA)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        existing = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, rowid, sha256 FROM sources")}
        wanted = {source_id for _, source_id in files}
        with conn:
            for source_id in sorted(set(existing) - wanted):
                _delete(conn, existing[source_id][0])
                stats.removed += 1
            for order, (path, source_id) in enumerate(files):
                _add_file(conn, path, source_id, order, existing.get(source_id), stats)
                if progress:
                    progress()
            _mark_duplicates(conn, stats)
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        conn.commit()
    finally:
        conn.close()
    return stats


def _add_file(conn, path: str, source_id: str, order: int, known, stats: BuildStats) -> None:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        sha = hashlib.sha256(data).hexdigest()
        if known and known[1] == sha:
            conn.execute("UPDATE sources SET ord = ?, path = ? WHERE rowid = ?", (order, path, known[0]))
            stats.unchanged += 1
            return
        text, _ = decode(data, path)
        if not text.strip():
            raise InputError("file is empty", path)
    except (InputError, OSError) as exc:
        log.warning("%s; skipped", exc)
        if known:
            _delete(conn, known[0])
        stats.skipped += 1
        return
    source = parse_source(path, text, data, source_id)
    if not source.body.text:
        log.warning("%s: no report text found; skipped", path)
        stats.skipped += 1
        return
    if known:
        _delete(conn, known[0])
    cursor = conn.execute(
        "INSERT INTO sources(id, path, ord, sha256, body_hash, date, titles, raw) VALUES (?,?,?,?,?,?,?,?)",
        (source_id, path, order, sha, body_hash(source), source.date.iso if source.date else None,
         json.dumps(source.title_keys, ensure_ascii=False), text))
    conn.execute("INSERT INTO fts(rowid, words) VALUES (?, ?)", (cursor.lastrowid, source.words))
    stats.text_bytes += len(data)
    if known:
        stats.updated += 1
    else:
        stats.added += 1


def _delete(conn, rowid: int) -> None:
    row = conn.execute("SELECT id, path, raw FROM sources WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return
    words = parse_source(row[1], row[2], None, row[0]).words  # a contentless table needs the old words
    conn.execute("INSERT INTO fts(fts, rowid, words) VALUES ('delete', ?, ?)", (rowid, words))
    conn.execute("DELETE FROM sources WHERE rowid = ?", (rowid,))


def _mark_duplicates(conn, stats: BuildStats) -> None:
    """Same rule as loading the folder: the first source (in folder order) with a text wins."""
    conn.execute("UPDATE sources SET duplicate_of = NULL")
    first: dict[str, tuple[str, str]] = {}
    for source_id, path, digest in conn.execute("SELECT id, path, body_hash FROM sources ORDER BY ord").fetchall():
        if digest in first:
            log.warning("%s: duplicate of %s (same text); skipped", path, first[digest][1])
            conn.execute("UPDATE sources SET duplicate_of = ? WHERE id = ?", (first[digest][0], source_id))
            stats.duplicates += 1
        else:
            first[digest] = (source_id, path)


class IndexLibrary(Library):
    """A library read from an index: sources are parsed only when a quotation or citation needs them."""

    def __init__(self, db_path: str):
        uri = f"file:{os.path.abspath(db_path)}?mode=ro"
        try:
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            version = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"not a quotecheck index ({exc})", db_path) from None
        if not version or version[0] != SCHEMA_VERSION:
            raise InputError("index was built by another version of quotecheck; rebuild it", db_path)
        self.path = db_path
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
        return [self.get(i) for i in ids]

    def get(self, source_id: str) -> Source | None:
        if source_id not in self._cache:
            row = self.conn.execute("SELECT path, raw, sha256 FROM sources WHERE id = ? AND duplicate_of IS NULL",
                                    (source_id,)).fetchone()
            if row is None:
                return None
            self._cache[source_id] = parse_source(row[0], row[1], None, source_id, sha256=row[2])
        return self._cache[source_id]

    def candidates(self, needle) -> list[Source]:
        """Sources holding at least two of the quotation's probes (the folder path's pre-filter, in SQL)."""
        from .align import PROBES_REQUIRED

        probes = [p for p in needle.probes if len(p) >= 3]
        if not probes:
            return []
        need = min(PROBES_REQUIRED, len(probes))
        quoted = ['"' + p.replace('"', '""') + '"' for p in probes]
        query = " OR ".join("(" + " AND ".join(group) + ")" for group in itertools.combinations(quoted, need))
        rows = self.conn.execute(
            "SELECT s.id FROM fts JOIN sources s ON s.rowid = fts.rowid "
            "WHERE fts MATCH ? AND s.duplicate_of IS NULL ORDER BY s.id", (query,)).fetchall()
        return [self.get(row[0]) for row in rows]

    def title_matches(self, key: str, cutoff: float) -> dict[str, float]:
        from rapidfuzz import fuzz, process

        if self._title_keys is None:
            keys, owners = [], []
            for source_id, titles in self.conn.execute(
                    "SELECT id, titles FROM sources WHERE duplicate_of IS NULL ORDER BY id"):
                for k in json.loads(titles):
                    keys.append(k)
                    owners.append(source_id)
            self._title_keys = (keys, owners)
        keys, owners = self._title_keys
        best: dict[str, float] = {}
        for _, score, index in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            best[owners[index]] = max(best.get(owners[index], 0.0), score)
        return best

    def on_date(self, iso: str) -> list[Source]:
        rows = self.conn.execute("SELECT id FROM sources WHERE date = ? AND duplicate_of IS NULL ORDER BY id", (iso,))
        return [self.get(row[0]) for row in rows.fetchall()]


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
