"""Benchmark: reading the seed as manuscripts, cold and end to end (a new process each run).

    python bench/manuscripts.py [--runs N]

For the seed article as .docx (Word footnotes) and as PDF (one column, two columns): the whole
`quotecheck extract --format json` (start-up, imports of python-docx or pdfplumber, reading,
layout, quotations), and, for comparison, the same on the seed's .txt. Also the full check
against the seed report. Prints wall-clock medians and worst runs, and the median CPU time
(user + system: what the run costs when other work shares the cores).
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "manuscripts"
REPORT = ROOT / "seeds" / "004_0cc289df36280051.txt"
CASES = [("seed .txt", ROOT / "seeds" / "000_d15156123a399bde.txt"),
         ("seed .docx (Word footnotes)", FIXTURES / "footnotes.docx"),
         ("seed .pdf (one column, 12 pages)", FIXTURES / "one_column.pdf"),
         ("seed .pdf (two columns, 11 pages)", FIXTURES / "two_columns.pdf")]


def wall(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one cold run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr.decode())
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, path in CASES:
        read = [wall(["extract", str(path), "--format", "json", "--output", "/dev/null"]) for _ in range(args.runs)]
        check = [wall(["check", str(path), "--library", str(REPORT), "--format", "json", "--output", "/dev/null"])
                 for _ in range(args.runs)]
        print(f"{name}: read median={statistics.median(r[0] for r in read):.2f}s "
              f"worst={max(r[0] for r in read):.2f}s cpu={statistics.median(r[1] for r in read):.2f}s; "
              f"check median={statistics.median(c[0] for c in check):.2f}s "
              f"worst={max(c[0] for c in check):.2f}s cpu={statistics.median(c[1] for c in check):.2f}s; "
              f"runs={args.runs}")


if __name__ == "__main__":
    main()
