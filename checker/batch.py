"""Many articles at once: in parallel processes (-j N) or on a Dask cluster (--scheduler).

Each article is checked by `check_one`, a plain function of picklable arguments,
so the same work runs in this process, in a process pool, or on Dask workers.
A worker loads the library once and keeps it for the articles that follow.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field, replace

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
    suggestions: bool = True  # tracked changes in reviewed Word copies (--no-suggestions: comments only)


@dataclass
class Outcome:
    path: str
    text: str | bytes = ""  # the rendered report (bytes: a reviewed .docx)
    data: dict | None = None  # the JSON report, for combined JSON
    fingerprints: list = field(default_factory=list)  # every finding, for --write-baseline
    worst: int = 0  # severity rank of the worst reported finding
    reviewed: int = 0  # findings the editors decided on (shown as reviewed, not failing the gate)
    new_decisions: list = field(default_factory=list)  # decisions read from a reviewed Word copy, to record
    summary: str = ""  # the concise summary line (counts), said on stderr when the report is a file
    counts: dict = field(default_factory=dict)  # report.model.Report.counts(), for a batch's totals and index
    error: str | None = None  # an input problem with this article
    name: str = ""
    lost: bool = False  # never checked: the worker (or the scheduler) checking it went away; `error` says how


WORKER_LOST = "a worker process ended while checking (killed, or out of memory?)"


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

    _failpoint(path)
    try:
        library = _library(job)
        with library.hold():  # one state of the library for the whole article, even during an update
            checked = check_file(path, library, _rules(job), job.lang, job.baseline, job.decisions,
                                 tuple((job.config.get("terms") or {}).get("allow", ())))
    except QuoteCheckError as exc:
        return Outcome(path, error=str(exc))
    report = Report(checked.result, checked.findings, job.lang, checked.reviewed)
    from .report.concise import summary_line

    outcome = Outcome(path, fingerprints=checked.fingerprints, worst=checked.worst, reviewed=len(checked.reviewed),
                      new_decisions=checked.new_decisions, summary=summary_line(report),
                      counts=report.counts())
    if job.fmt == "json":
        from .report.json_report import report_dict
        outcome.data = report_dict(report)
    outcome.text = render(report, job.fmt, job.suggestions)
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
    from concurrent.futures.process import BrokenProcessPool

    index_library = library is not None and type(library).__name__ == "IndexLibrary"
    context = multiprocessing.get_context("fork" if not index_library else "spawn")
    results: dict[str, Outcome] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(check_one, job, path): path for path in paths}
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            try:
                results[futures[future]] = future.result()
            except BrokenProcessPool:  # a worker died: this article and every one still waiting are lost
                results[futures[future]] = Outcome(futures[future], error=WORKER_LOST, lost=True)
            if progress:
                progress(futures[future])
    return [results[path] for path in paths]


def _failpoint(path: str) -> None:
    """Fault injection for the tests: QUOTECHECK_FAILPOINT=check:NAME kills the process that starts
    to check article NAME (kill -9); check:NAME:SECONDS pauses it there first."""
    point = os.environ.get("QUOTECHECK_FAILPOINT", "")
    if not point.startswith("check:"):
        return
    name, _, pause = point[len("check:"):].partition(":")
    if os.path.basename(path) == name:
        if pause:
            import sys
            import time

            print(f"quotecheck: paused at check:{name}", file=sys.stderr, flush=True)
            time.sleep(float(pause))
            return
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler; QUOTECHECK_CONNECT_TIMEOUT overrides it


def run_dask(job: Job, paths: list[str], address: str, progress=None) -> list[Outcome]:
    """The same batch on a Dask distributed cluster (`pip install quotecheck[cluster]`)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise QuoteCheckError("--scheduler needs Dask distributed: pip install 'quotecheck[cluster]'") from None
    import logging

    # Dask logs a lost connection with its traceback at ERROR (from loggers with levels of their
    # own); what was lost is said in one line below.
    for name in [n for n in logging.root.manager.loggerDict if n.split(".")[0] in ("distributed", "tornado")]:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    timeout = connect_timeout()
    _check_scheduler_address(address, timeout)
    client = _connect(Client, address, timeout)
    try:
        # Workers run in folders of their own: they are given absolute paths, of articles and library.
        job = replace(job, library=tuple(os.path.abspath(p) for p in job.library))
        futures = client.map(check_one, [job] * len(paths), [os.path.abspath(p) for p in paths], pure=False)
        owner = {f.key: p for f, p in zip(futures, paths)}
        results: dict[str, Outcome] = {}
        for future, outcome in _collect(client, futures, address):
            outcome.path = owner[future.key]  # as the user named it (the workers were given it absolute)
            results[outcome.path] = outcome
            if progress:
                progress(owner[future.key])
        return [results[path] for path in paths]
    finally:
        _close(client)


STALL_TIMEOUT = 60.0  # seconds with no worker connected before the batch gives up; QUOTECHECK_STALL_TIMEOUT


def _collect(client, futures, address: str):
    """(future, Outcome) as each finishes; those the cluster can no longer finish come back lost:
    the scheduler went away, or no worker has been connected for STALL_TIMEOUT seconds."""
    import time

    from distributed import wait

    stall = _seconds("QUOTECHECK_STALL_TIMEOUT", STALL_TIMEOUT)
    pending = set(futures)
    idle_since = time.monotonic()
    while pending:
        try:
            done, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        except Exception as exc:  # noqa: BLE001 - the connection to the scheduler broke
            yield from _lost(pending, f"the Dask scheduler at {address} went away ({type(exc).__name__})")
            return
        for future in done:
            try:
                yield future, future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker: the task ended every worker that tried it
                yield future, Outcome("", error=f"lost on the cluster ({type(exc).__name__}: a worker checking it "
                                                f"ended, killed or out of memory?)", lost=True)
        if client.status != "running":  # reconnecting, or closed: the scheduler is gone
            if client.status != "connecting" or time.monotonic() - idle_since > stall:
                yield from _lost(pending, f"the Dask scheduler at {address} went away")
                return
            continue
        if done or client.scheduler_info().get("workers"):
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since > stall:
            # The client may not yet have noticed a killed scheduler (its status still "running", no
            # workers listed): ask the scheduler's port before blaming the workers.
            if not _answers(address):
                yield from _lost(pending, f"the Dask scheduler at {address} went away")
            else:
                yield from _lost(pending, f"no Dask worker has been connected to {address} for {stall:g} s "
                                          "(the workers were killed or stopped)")
            return


def _answers(address: str) -> bool:
    """Whether something still accepts connections at the scheduler's tcp://HOST:PORT."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address if "://" in address else f"tcp://{address}")
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except (OSError, ValueError, TypeError):
        return False


def _lost(pending, why: str):
    for future in pending:
        yield future, Outcome("", error=why, lost=True)


def _close(client) -> None:
    """Close the client without waiting on a scheduler that is gone."""
    try:
        client.close(timeout=2)
    except Exception:  # noqa: BLE001 - nothing more to do for a lost cluster
        pass


def connect_timeout() -> float:
    return _seconds("QUOTECHECK_CONNECT_TIMEOUT", CONNECT_TIMEOUT)


def _seconds(variable: str, default: float) -> float:
    value = os.environ.get(variable, "")
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise QuoteCheckError(f"{variable}={value!r}: expected seconds between 0 and 3600")
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
