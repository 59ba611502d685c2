"""Many articles at once: in parallel processes (-j N) or on a Dask cluster (--scheduler).

Each article is checked by `check_one`, a plain function of picklable arguments,
so the same work runs in this process, in a process pool, or on Dask workers.
A worker loads the library once and keeps it for the articles that follow.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field

from .errors import InputError, QuoteCheckError

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")
REVIEWED_SUFFIX = ".reviewed.docx"  # quotecheck's own reviewed copies (--format docx) are not articles


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to check an article (picklable, so it can travel to Dask)."""

    library: tuple[str, ...]
    rule_dirs: tuple[str, ...]
    config: dict
    config_path: str
    lang: str
    fmt: str
    baseline: frozenset[str] | None = None
    decisions: dict | None = None  # fingerprint -> the editors' latest Decision (decisions.DecisionStore)


@dataclass
class Outcome:
    path: str
    text: str | bytes = ""  # the rendered report (bytes: a reviewed .docx)
    data: dict | None = None  # the JSON report, for combined JSON
    fingerprints: list = field(default_factory=list)  # every finding, for --write-baseline
    worst: int = 0  # severity rank of the worst reported finding
    reviewed: int = 0  # findings the editors decided on (shown as reviewed, not failing the gate)
    error: str | None = None  # an input problem with this article
    name: str = ""


def expand_articles(items: list[str]) -> list[str]:
    """Files, folders (every .txt/.md below) and globs, in a stable order, each once."""
    found: list[str] = []
    for item in items:
        if any(ch in item for ch in "*?[") and not os.path.exists(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError("no file matches this pattern", item)
            found.extend(m for m in matches if os.path.isfile(m))
        elif os.path.isdir(item):
            before = len(found)
            for folder, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(folder, f) for f in sorted(files)
                             if f.lower().endswith(ARTICLE_SUFFIXES) and not f.startswith(".")
                             and not f.lower().endswith(REVIEWED_SUFFIX))
            if len(found) == before:
                raise InputError("is a directory with no .txt, .md, .docx or .pdf article in it", item)
        else:
            found.append(item)
    return list(dict.fromkeys(found))


_WORKER_STATE: dict = {}


def _library(job: Job):
    from .library import load_library

    key = job.library
    if _WORKER_STATE.get("library_key") != key:
        _WORKER_STATE["library"] = load_library(list(job.library))
        _WORKER_STATE["library_key"] = key
    return _WORKER_STATE["library"]


def _rules(job: Job):
    from .rules import load_rules

    key = (job.rule_dirs, repr(job.config))
    if _WORKER_STATE.get("rules_key") != key:
        _WORKER_STATE["rules"] = load_rules(list(job.rule_dirs), job.config, job.config_path)
        _WORKER_STATE["rules_key"] = key
    return _WORKER_STATE["rules"]


def preload(job: Job, library=None) -> None:
    """Give this process a library already loaded (a forked pool inherits it)."""
    if library is not None:
        _WORKER_STATE["library"], _WORKER_STATE["library_key"] = library, job.library


def check_one(job: Job, path: str) -> Outcome:
    from .pipeline import check_file, render
    from .report.model import Report

    try:
        library = _library(job)
        with library.hold():  # one state of the library for the whole article, even during an update
            checked = check_file(path, library, _rules(job), job.lang, job.baseline, job.decisions,
                                 tuple((job.config.get("terms") or {}).get("allow", ())))
    except QuoteCheckError as exc:
        return Outcome(path, error=str(exc))
    report = Report(checked.result, checked.findings, job.lang)
    outcome = Outcome(path, fingerprints=checked.fingerprints, worst=checked.worst, reviewed=len(checked.reviewed))
    if job.fmt == "json":
        from .report.json_report import report_dict
        outcome.data = report_dict(report)
    outcome.text = render(report, job.fmt)
    return outcome


def run_local(job: Job, paths: list[str], jobs: int, library=None, progress=None) -> list[Outcome]:
    """Check `paths` here (jobs == 1) or in a pool of processes that inherit the loaded library."""
    preload(job, library)
    if jobs <= 1 or len(paths) <= 1:
        outcomes = []
        for path in paths:
            outcomes.append(check_one(job, path))
            if progress:
                progress(path)
        return outcomes
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    index_library = library is not None and type(library).__name__ == "IndexLibrary"
    context = multiprocessing.get_context("fork" if not index_library else "spawn")
    results: dict[str, Outcome] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(check_one, job, path): path for path in paths}
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if progress:
                progress(futures[future])
    return [results[path] for path in paths]


CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler; QUOTECHECK_CONNECT_TIMEOUT overrides it


def run_dask(job: Job, paths: list[str], address: str, progress=None) -> list[Outcome]:
    """The same batch on a Dask distributed cluster (`pip install quotecheck[cluster]`)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise QuoteCheckError("--scheduler needs Dask distributed: pip install 'quotecheck[cluster]'") from None
    timeout = connect_timeout()
    _check_scheduler_address(address, timeout)
    client = _connect(Client, address, timeout)
    try:
        futures = client.map(check_one, [job] * len(paths), paths, pure=False)
        owner = {f.key: p for f, p in zip(futures, paths)}
        results: dict[str, Outcome] = {}
        for future in as_completed(futures):
            results[owner[future.key]] = future.result()
            if progress:
                progress(owner[future.key])
        return [results[path] for path in paths]
    finally:
        client.close()


def connect_timeout() -> float:
    value = os.environ.get("QUOTECHECK_CONNECT_TIMEOUT", "")
    if not value:
        return CONNECT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise QuoteCheckError(f"QUOTECHECK_CONNECT_TIMEOUT={value!r}: expected seconds between 0 and 3600")
    return seconds


def _check_scheduler_address(address: str, timeout: float) -> None:
    """A scheduler address that can be reached and answers like a Dask scheduler, or one clear line.

    A Dask scheduler greets a new connection at once (its handshake); a port where something
    else listens (a web server, a database) stays silent, and would keep the client waiting.
    """
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    where = f"--scheduler {address}"
    try:
        scheme, location = parse_address(address)
    except (ValueError, TypeError) as exc:
        raise QuoteCheckError(f"{where}: not a scheduler address ({exc}); expected tcp://HOST:PORT") from None
    if scheme not in backends:
        raise QuoteCheckError(f"{where}: unknown scheme {scheme!r} (known: {', '.join(sorted(backends))}); "
                              "expected tcp://HOST:PORT")
    if scheme not in ("tcp", "tls"):
        return
    try:
        host, port = parse_host_port(location)
        if not host or not 0 < int(port) < 65536:
            raise ValueError("port out of range")
    except (ValueError, TypeError):
        raise QuoteCheckError(f"{where}: not a scheduler address (expected {scheme}://HOST:PORT)") from None
    if scheme == "tls":
        return  # a TLS server speaks only after the client's hello; the connect timeout bounds it
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as conn:
            conn.settimeout(timeout)
            greeting = conn.recv(1)
    except socket.timeout:
        raise QuoteCheckError(f"cannot reach the Dask scheduler at {address}: nothing answered within "
                              f"{timeout:g} s (is this a Dask scheduler's port?)") from None
    except OSError as exc:
        raise QuoteCheckError(f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc})") from None
    if not greeting:
        raise QuoteCheckError(f"cannot reach the Dask scheduler at {address}: the port closed the connection "
                              "(is this a Dask scheduler's port?)")


def _connect(Client, address: str, timeout: float):
    """A Client, or one clear line within about `timeout` seconds, whatever the far side does."""
    import threading

    box: dict = {}

    def connect():
        try:
            box["client"] = Client(address, timeout=f"{timeout}s")
        except BaseException as exc:  # noqa: BLE001 - reported below, in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout + 5)
    if thread.is_alive():
        raise QuoteCheckError(f"cannot reach the Dask scheduler at {address}: no answer within {timeout:g} s")
    if "error" in box:
        exc = box["error"]
        raise QuoteCheckError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}: {exc})") from None
    return box["client"]
