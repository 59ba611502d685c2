"""The decision store: one SQLite file, append-only, safe for two processes (a check and the web app).

A decision is never updated or deleted: undoing one records "reopened", and `current()` gives the
latest decision per fingerprint, so the history of every finding stays readable (who, when, why).
The file is in WAL mode, so a reader never blocks the writer; writers wait up to BUSY_TIMEOUT.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import QuoteCheckError

# Beside the reports quotecheck writes by default (reports/NAME.html), so every surface run from the
# project folder shares it; `check --decisions FILE` or `decisions = "FILE"` in the configuration moves it.
DEFAULT_PATH = Path("reports") / "decisions.sqlite"

# dismissed: keep the text as it is (reason required); checked: the editor verified the quotation;
# accepted: the fix was accepted; reopened: undo, the finding is open again.
DECISIONS = ("dismissed", "checked", "accepted", "reopened")
SURFACES = ("docx", "web", "cli", "baseline")
APPLICATION_ID = 0x51434443  # "QCDC": marks the file as a quotecheck decision store
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 30.0  # seconds a writer waits for the other process

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('dismissed', 'checked', 'accepted', 'reopened')),
    reason      TEXT NOT NULL DEFAULT '',
    who         TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '',
    article     TEXT NOT NULL DEFAULT '',
    surface     TEXT NOT NULL DEFAULT '',
    rule        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS decisions_by_fingerprint ON decisions (fingerprint, id);
CREATE TRIGGER IF NOT EXISTS decisions_append_only_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'the decision store is append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_append_only_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'the decision store is append-only'); END;
"""
_COLUMNS = "fingerprint, decision, reason, who, at, context, article, surface, rule"


class DecisionError(QuoteCheckError):
    """A decision store that cannot be opened or read, or a decision that is not valid."""


def is_store_file(path) -> bool:
    """Whether `path` is an SQLite file marked as a decision store (its header's application id)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(72)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def now_utc() -> str:
    """The current time as ISO 8601 UTC, to the second (`2026-12-08T01:02:03Z`)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Decision:
    fingerprint: str  # the finding's fingerprint (rule + normalised quote + source: rules/findings.py)
    decision: str  # one of DECISIONS
    reason: str
    who: str
    when: str  # ISO 8601 UTC
    context: str  # the quoted words, to re-locate the finding after edits
    article: str  # a key for the manuscript (its file name, or what the surface uses)
    surface: str  # "docx" | "web" | "cli" | "baseline"
    rule: str = ""

    def __post_init__(self):
        if self.decision not in DECISIONS:
            raise DecisionError(f"unknown decision {self.decision!r} (choose from {', '.join(DECISIONS)})")
        if self.decision == "dismissed" and not self.reason.strip():
            raise DecisionError("a dismissed finding needs a reason (why the text stays as it is)")
        if not self.fingerprint:
            raise DecisionError("a decision needs the finding's fingerprint")


class DecisionStore:
    """The decisions in one SQLite file; created with its schema when it does not exist."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._conn = self._open()

    def _fail(self, what: str) -> DecisionError:
        exc = DecisionError(f"not a usable quotecheck decision store ({what})", str(self.path))
        exc.message_zh = f"不是可用的 quotecheck 决定记录库（{what}）"
        return exc

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise self._fail("it is a folder")
        try:
            if self.path.parent and not self.path.parent.exists():
                os.makedirs(self.path.parent, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise self._fail(str(exc)) from None
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and app_id != APPLICATION_ID:
                raise self._fail("it is another SQLite database")
            if app_id == APPLICATION_ID:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise self._fail(f"schema version {version} is newer than this quotecheck reads")
            else:
                # The schema and the header's marks first, in the main file itself (so is_store_file
                # sees them at once), then WAL, which is persistent: set once.
                conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA application_id = {APPLICATION_ID}; "
                                   f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
                conn.execute("PRAGMA journal_mode = WAL")
        except DecisionError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise self._fail(str(exc)) from None
        return conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def record(self, d: Decision) -> None:
        """Append one decision (never updates an earlier one)."""
        self.record_many([d])

    def record_many(self, decisions: Iterable[Decision]) -> None:
        """Append decisions in one transaction: all of them or none."""
        rows = [(d.fingerprint, d.decision, d.reason, d.who, d.when, d.context, d.article, d.surface, d.rule)
                for d in decisions]
        if not rows:
            return
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(f"INSERT INTO decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                       rows)
        except sqlite3.Error as exc:
            raise self._fail(str(exc)) from None

    def _rows(self, sql: str, params=()) -> list[Decision]:
        try:
            return [Decision(*row) for row in self._conn.execute(sql, params)]
        except sqlite3.Error as exc:
            raise self._fail(str(exc)) from None

    def current(self, fingerprints: Iterable[str] | None = None) -> dict[str, Decision]:
        """The latest decision per fingerprint, leaving out those whose latest is "reopened"."""
        latest = (f"SELECT {_COLUMNS} FROM decisions d WHERE id = "
                  f"(SELECT MAX(id) FROM decisions WHERE fingerprint = d.fingerprint)")
        if fingerprints is None:
            found = self._rows(latest)
        else:
            wanted = list(dict.fromkeys(fingerprints))
            found = []
            for start in range(0, len(wanted), 500):  # SQLite's limit on parameters
                chunk = wanted[start:start + 500]
                found += self._rows(latest + f" AND fingerprint IN ({', '.join('?' * len(chunk))})", chunk)
        return {d.fingerprint: d for d in found if d.decision != "reopened"}

    def history(self, fingerprint: str) -> list[Decision]:
        """Every decision on one finding, oldest first."""
        return self._rows(f"SELECT {_COLUMNS} FROM decisions WHERE fingerprint = ? ORDER BY id", (fingerprint,))
