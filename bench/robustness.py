"""Benchmark: large and hostile input, in seconds and peak memory (not a test).

    python bench/robustness.py [--library-files 100000]

Cases: a 10 MB article (the seed repeated), one 1 MB line of quotations, 100,000
unclosed quotation marks, and a folder library of many small files. Each runs in a
new process; prints one line per case with wall seconds, peak RSS and exit code.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "seeds" / "000_d15156123a399bde.txt"
REPORT = ROOT / "seeds" / "004_0cc289df36280051.txt"


def run(args: list[str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--library-files", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quotecheck-robust-"))
    try:
        seed = ARTICLE.read_text(encoding="utf-8")
        big = work / "10mb.txt"
        big.write_text(seed * (10_000_000 // len(seed.encode()) + 1), encoding="utf-8")
        line = work / "1mb-line.txt"
        line.write_text("习近平强调，要“推动我国人工智能朝着有益、安全、公平方向健康有序发展”［1］。" * 30000
                        + "\n\n［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n",
                        encoding="utf-8")
        marks = work / "unclosed.txt"
        marks.write_text("“" * 100_000 + "\n", encoding="utf-8")
        library = work / "library"
        library.mkdir()
        rng = random.Random(1)
        sentences = [s for s in REPORT.read_text(encoding="utf-8").split("。") if len(s) > 8]
        for i in range(args.library_files):
            sub = library / f"{i // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{i:06d}.md").write_text(
                f"---\ntitle: 报道{i}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n\n# 报道{i}\n\n"
                + "。".join(rng.sample(sentences, 3)) + "。\n", encoding="utf-8")
        shutil.copy(REPORT, library / REPORT.name)
        cases = [
            (f"10 MB article ({big.stat().st_size / 2**20:.1f} MB)", [str(big), "--library", str(REPORT)]),
            (f"1 MB line ({line.stat().st_size / 2**20:.1f} MB, 30,000 quotations)", [str(line), "--library", str(REPORT)]),
            ("100,000 unclosed quotation marks", [str(marks), "--library", str(REPORT)]),
            (f"library of {args.library_files:,} small files (folder)", [str(ARTICLE), "--library", str(library)]),
        ]
        for name, case in cases:
            seconds, peak, code = run(["check", *case, "--format", "json", "--output", str(work / "out.json"),
                                       "--fail-on", "never"])
            print(f"{name}: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}", flush=True)
        db = work / "library.db"
        seconds, peak, code = run(["library", "index", str(library), "--db", str(db)])
        print(f"  index of that library: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}", flush=True)
        seconds, peak, code = run(["check", str(ARTICLE), "--library", str(db), "--format", "json",
                                   "--output", str(work / "out.json"), "--fail-on", "never"])
        print(f"  check through the index: {seconds:.1f} s, peak {peak:.0f} MB, exit {code}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
