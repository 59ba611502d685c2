"""Benchmark: the seed check end to end, from a cold start (a new process each run).

    python bench/seed.py [--runs N]

Prints wall-clock seconds per run (median and worst), what share goes to start-up,
and whether jieba was loaded (it must not be for quotations that match exactly).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "seeds" / "000_d15156123a399bde.txt"
REPORT = ROOT / "seeds" / "004_0cc289df36280051.txt"
REALDATA = ROOT.parent / "shared" / "realdata" / "library"

PROBE = """
import json, sys, time
t0 = time.perf_counter()
from checker.cli import main
import io, contextlib
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    code = main(sys.argv[1:])
from checker.text import words
print(json.dumps({"code": code, "in_process_s": time.perf_counter() - t0, "jieba": words.is_loaded()}))
"""


def run(args: list[str]) -> dict:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["wall_s"] = wall
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = [("seed vs 004", [str(REPORT)])]
    if REALDATA.is_dir():
        cases.append(("seed vs 004 + realdata (48 sources)", [str(REPORT), str(REALDATA)]))
    for name, library in cases:
        results = [run(["check", str(ARTICLE), "--library", *library, "--format", "json", "--fail-on", "never"])
                   for _ in range(args.runs)]
        walls = [r["wall_s"] for r in results]
        print(f"{name}: wall median={statistics.median(walls):.3f}s worst={max(walls):.3f}s "
              f"in-process median={statistics.median(r['in_process_s'] for r in results):.3f}s "
              f"jieba_loaded={results[0]['jieba']} runs={args.runs}")
    starts = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import checker.commands, checker.check, checker.rules"], cwd=ROOT)
        starts.append(time.perf_counter() - start)
    print(f"interpreter + imports alone: median={statistics.median(starts):.3f}s")


if __name__ == "__main__":
    main()
