"""Write a report: to stdout, or atomically to a file that is never one of the inputs.

Every file quotecheck writes (--output, --output-dir, --write-baseline, $GITHUB_STEP_SUMMARY) is
checked by `refusal` against the inputs: it may not be an input, lie inside a library folder, or
belong to an index (the db, its shards, journals and lock file). `guard_outputs` asks that of
every planned output before any work is done; `write_output` asks it again as it writes.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile

from .errors import QuoteCheckError, shown

SQLITE_MAGIC = b"SQLite format 3\x00"
# Files SQLite and quotecheck keep beside an index db: journals, the lock, the shards (-fts0, -fts1, ...).
INDEX_SUFFIXES = ("-journal", "-wal", "-shm", ".lock")


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def _is_sqlite(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _index_member(target: str, db: str) -> bool:
    """Whether `target` (a real path) is the index `db` (a real path) or one of the files beside it."""
    if target == db:
        return True
    if not target.startswith(db):
        return False
    rest = target[len(db):]
    if rest in INDEX_SUFFIXES:
        return True
    shard = rest[len("-fts"):] if rest.startswith("-fts") else ""
    for suffix in ("-journal", "-wal", "-shm"):
        shard = shard[:-len(suffix)] if shard.endswith(suffix) else shard
    return shard.isdigit()


def refusal(path: str, inputs) -> str | None:
    """Why writing `path` would destroy an input (None when it would not)."""
    target = _real(path)
    for item in inputs:
        if not item:
            continue
        real = _real(item)
        if os.path.isdir(real):
            if target == real or target.startswith(real.rstrip(os.sep) + os.sep):
                return f"lies inside the library folder {shown(item)}; write reports elsewhere"
        elif target == real:
            return "is an input file"
        elif _index_member(target, real):  # even when the db itself is damaged
            return f"belongs to the index {shown(item)}"
    if os.path.isfile(target) and _is_sqlite(target):
        return "is a database file, not a report"
    return None


def guard_outputs(outputs, inputs, fmt: str | None = None) -> None:
    """Refuse, before any work, every planned output that would overwrite an input.

    `outputs`: option -> path (None when not given), or (option, path) pairs: --output, --write-baseline, --output-dir
    (a folder: it may not be, or lie inside, a library folder). $GITHUB_STEP_SUMMARY is added
    when the format appends to it.
    """
    planned = list(outputs.items()) if isinstance(outputs, dict) else list(outputs)  # or (option, path) pairs
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        planned.append(("GITHUB_STEP_SUMMARY", os.environ["GITHUB_STEP_SUMMARY"]))
    for option, path in planned:
        if not path or path == "-":
            continue
        reason = refusal(path, inputs)
        if reason:
            raise QuoteCheckError(f"refusing to write {option} here: it {reason}", path)


def write_output(text: str | bytes, path: str | None, inputs=()) -> None:
    """`text` is a report, or the bytes of a file (a reviewed .docx)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if not path or path == "-":
        _write_stdout(text)
        return
    reason = refusal(path, inputs)
    if reason:
        raise QuoteCheckError(f"refusing to overwrite: it {reason}", path)
    target = os.path.realpath(path)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = 0
    if mode and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # /dev/stdout, /dev/null, a pipe: write into it; renaming over it would replace the device.
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise QuoteCheckError(f"cannot write report ({exc.strerror or exc})", path) from None
        return
    folder = os.path.dirname(target) or "."
    blocked = _file_in_the_way(folder)
    if blocked:
        raise QuoteCheckError(f"cannot write report: {shown(blocked)} is a file, not a folder", path)
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        # Write to a temporary file and rename: an interrupted run leaves the old report intact.
        fd, tmp = tempfile.mkstemp(prefix=".quotecheck-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise QuoteCheckError(f"cannot write report ({exc.strerror or exc})", path) from None
    finally:
        if tmp is not None:  # a failed or interrupted write leaves no temporary file behind
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _file_in_the_way(folder: str) -> str | None:
    """The nearest existing ancestor of `folder` when it is not a folder (`-o afile/x.docx`)."""
    while folder and not os.path.exists(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder if folder and not os.path.isdir(folder) else None


def _write_stdout(text: str | bytes) -> None:
    try:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk behind a redirection, /dev/full
        silence_stdout()
        raise QuoteCheckError(f"cannot write the report to standard output ({exc.strerror or exc})") from None


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def report_paths(out_dir: str, articles: list[str], suffix: str) -> list[str]:
    """One report file per article in `out_dir`: the article's name with `suffix`, unique."""
    names: set[str] = set()
    paths = []
    for article in articles:
        name = os.path.splitext(os.path.basename(shown(article)))[0]
        while name in names:  # two articles with the same name in different folders
            name += "_"
        names.add(name)
        paths.append(os.path.join(out_dir, name + suffix))
    return paths
