"""Benchmark: checking the realdata commentary articles, against the realdata library (a folder)
and against an index of 10,000 reports with the realdata library planted in it.

    python bench/commentary.py [--size 10000] [--runs 3] [--root DIR]

Binding by the words looks every candidate span (block quotes, bold runs, bullets) up in the
library through the same pre-filter and index the witness search uses; this measures what that
costs end to end, in a new process each time (the interpreter and imports included). `--root`
runs another checkout's quotecheck on the same inputs (e.g. a worktree of an older commit), so
two versions are compared on one machine in one sitting.

Prints:
folder: articles=2 sources=47 median_s=<wall s> cpu_s=<s> runs=<n>
index:  articles=2 sources=<N+47> build_s=<s> median_s=<wall s> cpu_s=<s> runs=<n>
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
REALDATA = ROOT.parent / "shared" / "realdata"


def run(root: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one quotecheck process: on a busy machine only the
    CPU time compares two versions fairly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "checker", *args], cwd=root, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"quotecheck failed: {done.stderr.strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


WARM = """
import resource, statistics, sys, time
from checker.library import load_library
from checker.pipeline import check_file
from checker.rules import load_rules
library, rules, articles = load_library([sys.argv[1]]), load_rules(), sys.argv[2:]
for path in articles:
    check_file(path, library, rules, "zh")  # loads jieba if a difference must be explained
walls, cpus = [], []
for _ in range(5):
    t, c = time.perf_counter(), time.process_time()
    for path in articles:
        check_file(path, library, rules, "zh")
    walls.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(f"median_s={statistics.median(walls):.3f} cpu_s={statistics.median(cpus):.3f}")
"""


def warm(root: Path, articles: list[str], library: str) -> str:
    """Both articles checked again in one process, library loaded and jieba warm: the cost of the
    check itself (binding by the words included), without the interpreter, imports and jieba's load."""
    done = subprocess.run([sys.executable, "-c", WARM, library, *articles], cwd=root, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def candidates(articles: list[str]) -> list[str]:
    """Every quotation and candidate span of the articles."""
    sys.path.insert(0, str(ROOT))
    from checker.pipeline import read_article_file

    return [q.text for path in articles for q in read_article_file(path).quotations]


def medians(runs: list[tuple[float, float]]) -> str:
    return (f"median_s={statistics.median(w for w, _ in runs):.2f} "
            f"cpu_s={statistics.median(c for _, c in runs):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000, help="synthetic reports in the index")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose quotecheck runs")
    args = parser.parse_args()
    if not REALDATA.is_dir():
        raise SystemExit("needs ../shared/realdata")
    articles = [str(p) for p in sorted((REALDATA / "articles").glob("*.md"))]
    library = str(REALDATA / "library")
    check = ["check", *articles, "--format", "json", "--fail-on", "never", "-j", "1"]
    times = [run(args.root, check + ["--library", library]) for _ in range(args.runs)]
    print(f"folder: articles={len(articles)} sources=47 {medians(times)} runs={args.runs}", flush=True)
    print(f"warm:   articles={len(articles)} sources=47 {warm(args.root, articles, library)}", flush=True)

    import scale  # the synthetic library of real sentences (bench/scale.py)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lib"
        folder.mkdir()
        # Like bench/scale.py: synthetic reports hold no sentence that shares 8 characters with
        # anything the articles set apart, so the planted realdata reports are their only sources
        # (a real archive holds a quoted sentence in a few reports, not in hundreds).
        scale.make_library(folder, args.size, scale.sentences(scale.quotations() + candidates(articles)),
                           quotes=[], density=0.0)  # nothing planted: the realdata reports are the sources
        shutil.copytree(library, folder / "realdata")
        db = str(Path(tmp) / "lib.db")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "checker", "library", "index", str(folder), "--db", db],
                       cwd=args.root, check=True, capture_output=True)
        build = time.perf_counter() - start
        times = [run(args.root, check + ["--library", db]) for _ in range(args.runs)]
        print(f"index:  articles={len(articles)} sources={args.size + 47} build_s={build:.1f} "
              f"{medians(times)} runs={args.runs}")


if __name__ == "__main__":
    main()
