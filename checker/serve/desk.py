"""The editors' desk: the manuscripts uploaded, checked one after another, and the library in use.

Everything the app writes is under its data folder:

    DATA/decisions.sqlite                 the decision store (the same one `check` reads)
    DATA/desk/<id>/<name>.<kind>          each manuscript as uploaded (<id>: its content hash)
    DATA/desk/<id>/upload.json            its name as given, when, its size
    DATA/desk/sources/<name>.md           sources added on the sources page
    DATA/desk/secret                      the key that signs the forms' tokens

A file name is built from the content's hash and a cleaned copy of the uploaded name (letters,
digits, CJK, `-_.` only, no separator, no leading dot); no path that came with a request is ever
opened. Checks run one at a time on one worker thread, which is also the only thread that reads
the library, so a folder or an index library is never read from two threads at once.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import QuoteCheckError, in_chinese

ID = re.compile(r"[0-9a-f]{16}")
_UNSAFE = re.compile(r"[^\w\u3400-\u9fff\uf900-\ufaff.\-]+")


def clean_name(name: str, fallback: str = "manuscript") -> str:
    """A file-name stem from an uploaded name: no folder, no separator, no leading dot, ≤ 60 characters."""
    stem = re.split(r"[\\/]", name or "")[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    stem = _UNSAFE.sub("_", stem).strip("._-")[:60]
    return stem or fallback


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: a crash leaves the old file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass
class Manuscript:
    id: str
    name: str  # as uploaded, shown only
    file: Path
    size: int
    uploaded: str
    state: str = "queued"  # queued | checking | done | failed
    error: str = ""  # one line, English
    error_zh: str = ""
    report: object = None  # report.model.Report once checked
    views: list = field(default_factory=list)  # report.review.QuoteView, article order
    seconds: float = 0.0

    @property
    def kind(self) -> str:
        return self.file.suffix.lstrip(".")

    def problem(self, lang: str) -> str:
        return self.error_zh if lang == "zh" else self.error


class Desk:
    """The manuscripts and library of one running app."""

    def __init__(self, data: Path, library_paths: list[str], rule_dirs: list[str], config: dict,
                 config_path: str, lang: str):
        self.data = Path(data)
        self.root = self.data / "desk"
        self.sources_dir = self.root / "sources"
        self.decisions_path = self.data / "decisions.sqlite"
        self.library_paths = list(library_paths)
        self.rule_dirs, self.config, self.config_path = list(rule_dirs), config, config_path
        self.lang = lang
        self.manuscripts: dict[str, Manuscript] = {}
        self.lock = threading.Lock()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotecheck-check")
        self.library = None
        self.rules = None
        self.root.mkdir(parents=True, exist_ok=True)
        self.secret = self._secret()

    # --- start and stop ------------------------------------------------------------------
    def start(self) -> None:
        """Load the rules and the library (errors here stop the app before it listens), then
        queue the manuscripts of earlier sessions for checking."""
        from ..rules import load_rules

        self.rules = load_rules(self.rule_dirs, self.config, self.config_path)
        self.library = self._load_library()
        for folder in sorted(self.root.iterdir()):
            if ID.fullmatch(folder.name) and (folder / "upload.json").is_file():
                manuscript = self._read_manuscript(folder)
                if manuscript is not None:
                    self.manuscripts[manuscript.id] = manuscript
                    self._queue(manuscript)

    def close(self) -> None:
        self.worker.shutdown(wait=False, cancel_futures=True)

    def _secret(self) -> bytes:
        path = self.root / "secret"
        try:
            value = path.read_bytes()
            if len(value) >= 32:
                return value
        except OSError:
            pass
        value = secrets.token_bytes(32)
        write_atomic(path, value)
        os.chmod(path, 0o600)
        return value

    def _load_library(self):
        from ..library import Library, load_library

        paths = list(self.library_paths)
        if self.sources_dir.is_dir() and any(p.suffix in (".md", ".txt", ".html") for p in self.sources_dir.iterdir()):
            paths.append(str(self.sources_dir))
        return load_library(paths) if paths else Library([])  # no library yet: sources can be added on the page

    @property
    def library_is_index(self) -> bool:
        from ..library.index import looks_like_index

        return any(looks_like_index(p) for p in self.library_paths)

    def _read_manuscript(self, folder: Path) -> Manuscript | None:
        try:
            meta = json.loads((folder / "upload.json").read_text(encoding="utf-8"))
            file = folder / meta["file"]
            if "/" in meta["file"] or meta["file"].startswith(".") or not file.is_file():
                return None
            return Manuscript(folder.name, str(meta["name"]), file, int(meta["size"]), str(meta["uploaded"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # --- manuscripts ---------------------------------------------------------------------
    def add(self, name: str, kind: str, data: bytes) -> Manuscript:
        """Store an accepted upload and queue its check; the same content twice is one manuscript."""
        digest = hashlib.sha256(data).hexdigest()[:16]
        with self.lock:
            known = self.manuscripts.get(digest)
            if known is not None:
                return known
            folder = self.root / digest
            file = folder / f"{clean_name(name)}.{kind}"
            uploaded = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            write_atomic(file, data)
            meta = {"name": name, "file": file.name, "size": len(data), "uploaded": uploaded}
            write_atomic(folder / "upload.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
            manuscript = Manuscript(digest, name, file, len(data), uploaded)
            self.manuscripts[digest] = manuscript
        self._queue(manuscript)
        return manuscript

    def get(self, manuscript_id: str) -> Manuscript | None:
        if not ID.fullmatch(manuscript_id or ""):
            return None
        return self.manuscripts.get(manuscript_id)

    def listed(self) -> list[Manuscript]:
        return sorted(self.manuscripts.values(), key=lambda m: (m.uploaded, m.name))

    def busy(self) -> bool:
        return any(m.state in ("queued", "checking") for m in self.manuscripts.values())

    def _queue(self, manuscript: Manuscript) -> Future:
        manuscript.state = "queued"
        return self.worker.submit(self._check, manuscript)

    def _check(self, manuscript: Manuscript) -> None:
        from ..decisions import DecisionStore
        from ..pipeline import check_file
        from ..report.model import Report
        from ..report.review import quote_views

        manuscript.state = "checking"
        start = time.perf_counter()
        try:
            checked = check_file(str(manuscript.file), self.library, self.rules, self.lang)
            if checked.new_decisions:  # a reviewed copy whose comments the editor resolved or answered in Word
                with DecisionStore(self.decisions_path) as store:
                    store.record_many(checked.new_decisions)
            # Every finding, decided or not: the review shows each with its decision (the store's, read per page).
            findings = sorted(checked.findings + [f for f, _ in checked.reviewed], key=lambda f: f.sort_key)
            report = Report(checked.result, findings, self.lang)
            views = quote_views(report)
        except QuoteCheckError as exc:
            manuscript.error = str(exc.message)
            manuscript.error_zh = in_chinese(QuoteCheckError(exc.message)) if not getattr(exc, "message_zh", None) \
                else f"{exc.message_zh}（{exc.message}）"
            manuscript.state = "failed"
            return
        except Exception as exc:  # a manuscript the readers cannot cope with: one line, the app goes on
            manuscript.error = f"cannot be read ({type(exc).__name__}: {exc})"
            manuscript.error_zh = f"无法读取（{type(exc).__name__}: {exc}）"
            manuscript.state = "failed"
            return
        manuscript.report, manuscript.views = report, views
        manuscript.seconds = time.perf_counter() - start
        manuscript.state = "done"

    async def on_worker(self, fn, *args):
        """Run `fn` on the worker thread (the one that reads the library) and wait for it."""
        return await asyncio.wrap_future(self.worker.submit(fn, *args))

    def wait(self, timeout: float = 60.0) -> None:
        """Until every queued check is done (tests and the benchmark)."""
        self.worker.submit(lambda: None).result(timeout)

    # --- sources -------------------------------------------------------------------------
    def add_source(self, name: str, kind: str, data: bytes) -> Path:
        """Store an added source file (text, already sniffed) in the desk's sources folder."""
        digest = hashlib.sha256(data).hexdigest()[:8]
        with self.lock:
            target = self.sources_dir / f"{clean_name(name, 'source')}.{kind}"
            if target.exists() and target.read_bytes() != data:
                target = self.sources_dir / f"{clean_name(name, 'source')}-{digest}.{kind}"
            write_atomic(target, data)
        return target

    def reload_library(self) -> list[Manuscript]:
        """(On the worker.) Read the library again and re-check the manuscripts that had sources to fetch."""
        self.library = self._load_library()
        again = [m for m in self.listed() if m.report is None or m.report.missing_sources()]
        for manuscript in again:
            manuscript.state = "queued"
        for manuscript in again:
            self._check(manuscript)
        return again
