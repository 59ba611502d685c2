"""Benchmark: large and hostile input, in seconds and peak memory (not a test).

    python bench/robustness.py [--library-files 100000] [--big-mb 50] [--only big,faults,...]
    python bench/robustness.py --only faults --faults 20 --fault-files 20000

Cases: a 10 MB and a 50 MB article (the seed repeated; the 50 MB one also as `extract` and as
concise output, to show what its memory is spent on), one 1 MB line of quotations, 100,000
unclosed quotation marks, a folder library of many small files and its index (build, an
unchanged re-run with every shard verified, a check through it). Each runs in a new process;
prints one line per case with wall seconds, peak RSS and exit code. Every file of the library
holds the words of the seed's quotation at line 815 (推动我国人工智能朝着有益、安全、公平方向健康有序
发展) next to two other sentences of the seed report; the checks of the library say how many
sources they found holding it.

`--faults N` is the long version of tests/test_faults_index.py: N random kill -9 of builds and
updates on --fault-files generated files, each followed by a check (which must give a folder's
verdicts or refuse in one line) and a repairing index run (after which it must give the new
folder's verdicts). `--scribbles M` adds M random scribbles on a built index (a byte changed, or
up to 4 KB of garbage, in a shard or the main file). Both loops sort each round into: same
verdicts (a folder's), exit 2 with a remedy that works (the one line names `library index`, and
after it the check gives the folder's verdicts), silent changes (exit 0 with verdicts no folder
gives: must be 0) and stuck (the remedy run, the check still refuses or differs: must be 0).

`--only hostile`: the hostile manuscripts of issue 22, each checked in a new process, with wall
seconds and peak memory (each must stay under 30 s and 500 MB): tables nested 16 deep, 1 GB
decompression bombs (.docx text, .docx image, PDF stream), a PDF without ToUnicode maps, a
backtracking house pattern, a Big5 article, a 2,000-page PDF and 100,000 Word paragraphs.
"""
from __future__ import annotations

import argparse
import json
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
QUOTE = "推动我国人工智能朝着有益、安全、公平方向健康有序发展"  # the seed's line 815, verified in REPORT




def run(args: list[str], timeout: float | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code; -9 when killed at `timeout`); the CPU seconds are
    printed too, as a busy machine stretches the wall time."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    timer = threading.Timer(timeout, proc.kill) if timeout else None
    if timer:
        timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    if timer:
        timer.cancel()
    run.cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _holders(report_path: Path) -> int:
    """How many library sources the check found holding QUOTE (its found_in_count, the cited report included)."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return next(q["found_in_count"] for q in report["quotations"] if q["text"] == QUOTE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--library-files", type=int, default=100_000)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--only", default="", help="comma-separated: 10mb,big,line,marks,library,faults")
    parser.add_argument("--faults", type=int, default=0, help="random kills of builds and updates (long fault test)")
    parser.add_argument("--fault-files", type=int, default=20_000)
    parser.add_argument("--scribbles", type=int, default=0, help="random scribbles on a built index")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    work = Path(tempfile.mkdtemp(prefix="quotecheck-robust-"))
    try:
        if args.faults or args.scribbles:
            faults(work, args.faults, args.fault_files, args.scribbles)
        if "hostile" in only:
            import hostile_files  # beside this script

            hostile_files.main(work, run)
        if only and not only - {"faults", "hostile"}:
            return
        seed = ARTICLE.read_text(encoding="utf-8")
        if not only or "big" in only:
            big_article(work, seed, args.big_mb)
        if only and not only & {"10mb", "line", "marks", "library"}:
            return  # (the cases below run together: they share their files)
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
        sentences = [s for s in REPORT.read_text(encoding="utf-8").split("。") if len(s) > 8 and QUOTE not in s]
        for i in range(args.library_files):
            sub = library / f"{i // 1000:03d}"
            sub.mkdir(exist_ok=True)
            chosen = rng.sample(sentences, 2)
            chosen.insert(rng.randrange(3), f"习近平强调，要{QUOTE}")
            (sub / f"{i:06d}.md").write_text(
                f"---\ntitle: 报道{i}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n\n# 报道{i}\n\n"
                + "。".join(chosen) + "。\n", encoding="utf-8")
        shutil.copy(REPORT, library / REPORT.name)
        cases = [
            ("10mb", f"10 MB article ({big.stat().st_size / 2**20:.1f} MB)", [str(big), "--library", str(REPORT)]),
            ("line", f"1 MB line ({line.stat().st_size / 2**20:.1f} MB, 30,000 quotations)",
             [str(line), "--library", str(REPORT)]),
            ("marks", "100,000 unclosed quotation marks", [str(marks), "--library", str(REPORT)]),
            ("library", f"library of {args.library_files:,} small files (folder)",
             [str(ARTICLE), "--library", str(library)]),
        ]
        for key, name, case in cases:
            if only and key not in only:
                continue
            seconds, peak, code = run(["check", *case, "--format", "json", "--output", str(work / "out.json"),
                                       "--fail-on", "never"])
            holders = f"; {_holders(work / 'out.json')} sources hold the quotation's words" if key == "library" else ""
            print(f"{name}: {seconds:.1f} s ({run.cpu:.1f} s CPU), peak {peak:.0f} MB, exit {code}{holders}", flush=True)
        if only and "library" not in only:
            return
        db = work / "library.db"
        seconds, peak, code = run(["library", "index", str(library), "--db", str(db)])
        print(f"  index of that library: {seconds:.1f} s ({run.cpu:.1f} s CPU), peak {peak:.0f} MB, exit {code}",
              flush=True)
        seconds, peak, code = run(["library", "index", str(library), "--db", str(db)])
        print(f"  index run again, nothing changed (every file hashed, every shard verified): {seconds:.1f} s "
              f"({run.cpu:.1f} s CPU), peak {peak:.0f} MB, exit {code}", flush=True)
        seconds, peak, code = run(["check", str(ARTICLE), "--library", str(db), "--format", "json",
                                   "--output", str(work / "out.json"), "--fail-on", "never"])
        print(f"  check through the index: {seconds:.1f} s ({run.cpu:.1f} s CPU), peak {peak:.0f} MB, exit {code}; "
              f"{_holders(work / 'out.json')} sources hold the quotation's words", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def big_article(work: Path, seed: str, megabytes: int) -> None:
    """The seed repeated to `megabytes`: check (JSON and concise) and extract, to see where memory goes."""
    big = work / f"{megabytes}mb.txt"
    big.write_text(seed * (megabytes * 1_000_000 // len(seed.encode()) + 1), encoding="utf-8")
    size = big.stat().st_size / 2**20
    for name, case in [
        (f"{megabytes} MB article ({size:.1f} MB), check --format json", ["check", str(big), "--library", str(REPORT),
                                                                         "--format", "json"]),
        (f"{megabytes} MB article, check --format concise", ["check", str(big), "--library", str(REPORT),
                                                              "--format", "concise"]),
        (f"{megabytes} MB article, extract only (read, layout, quotations)", ["extract", str(big), "--format", "json"]),
    ]:
        extra = ["--fail-on", "never"] if case[0] == "check" else []
        seconds, peak, code = run([*case, *extra, "--output", str(work / "out")])
        print(f"{name}: {seconds:.1f} s ({run.cpu:.1f} s CPU), peak {peak:.0f} MB, exit {code}", flush=True)


def faults(work: Path, rounds: int, files: int, scribbles: int = 0) -> None:
    """Random kill -9 of index builds and updates, then random scribbles on a built index; each
    round sorted as the module docstring says."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_faults_index as t  # the generator and the article of the fault tests

    article = work / "article.txt"
    article.write_text(t.ARTICLE_TEXT, encoding="utf-8")
    states = [t.make_library(work / "old", files), work / "new"]
    shutil.copytree(states[0], states[1])
    t.change_library(states[1])
    lib, db = work / "lib", work / "lib.db"

    def put(which):
        link = work / "lib.new"
        link.unlink(missing_ok=True)
        link.symlink_to(states[which], target_is_directory=True)
        os.replace(link, lib)

    def check(folder=False):
        result = subprocess.run([sys.executable, "-m", "checker", "check", str(article), "--library",
                                 str(lib if folder else db), "--format", "json", "--fail-on", "never",
                                 "--lang", "en"], capture_output=True, text=True, cwd=ROOT)
        return result.returncode, result.stdout, result.stderr

    def index():
        return subprocess.run([sys.executable, "-m", "checker", "library", "index", str(lib), "--db", str(db)],
                              capture_output=True, text=True, cwd=ROOT)

    verdicts = []
    for which in (0, 1):
        put(which)
        verdicts.append(check(folder=True)[1])
    put(0)
    start = time.perf_counter()
    assert index().returncode == 0
    build = time.perf_counter() - start
    print(f"faults: {files:,} files, a build takes {build:.1f} s", flush=True)
    tally = {"same verdicts": 0, "exit 2 with a remedy that works": 0, "silent changes": 0, "stuck": 0}

    def judge(i: int, which: int, allowed: tuple, what: str) -> None:
        """Sort one round: the check after the fault, then the remedy and the check after it."""
        code, out, err = check()
        refused = code == 2 and len(err.strip().splitlines()) == 1 and "library index" in err
        if code == 0 and out in [verdicts[k] for k in allowed]:
            kind = "same verdicts"
        elif refused:
            kind = "exit 2 with a remedy that works"
        else:
            kind = "silent changes"
            print(f"  {what} {i}: SILENT CHANGE: exit {code}: {err.strip()[:200]}", flush=True)
        repair = index()
        code, out, err = check()
        if repair.returncode or code or out != verdicts[which]:
            kind = "stuck" if kind != "silent changes" else kind
            print(f"  {what} {i}: STUCK: index exit {repair.returncode} {repair.stderr.strip()[-200:]}; "
                  f"check exit {code} {err.strip()[:200]}", flush=True)
        tally[kind] += 1

    rng = random.Random(15)
    no_index = 0
    for i in range(rounds):
        which = 1 - i % 2
        put(which)
        if rng.random() < 0.3:
            for path in work.glob("lib.db*"):
                path.unlink()
        proc = subprocess.Popen([sys.executable, "-m", "checker", "library", "index", str(lib), "--db", str(db)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(rng.uniform(0.05, build))
        proc.kill()
        proc.wait()
        if not db.exists():  # killed before the index existed: nothing a check could read
            no_index += 1
            assert index().returncode == 0
            continue
        judge(i, which, (0, 1), "kill")
    if rounds:
        print(f"faults: {rounds} kills ({no_index} before any index existed): {tally}", flush=True)
    kills = dict(tally)
    tally.update(dict.fromkeys(tally, 0))
    rng = random.Random(22)
    put(0)
    assert index().returncode == 0
    for i in range(scribbles):
        files_now = sorted(work.glob("lib.db-fts[0-9]")) * 4 + [db]  # shards hold the texts: most rounds
        target = rng.choice(files_now)
        size = target.stat().st_size
        with open(target, "r+b") as handle:
            if rng.random() < 0.5:  # one byte changed, the fault a checksum alone shows
                at = rng.randrange(100, size)
                handle.seek(at)
                old = handle.read(1)
                handle.seek(at)
                handle.write(bytes([(old[0] + rng.randrange(1, 256)) % 256]))
            else:
                handle.seek(rng.randrange(100, max(101, size - 4096)))
                handle.write(os.urandom(rng.randrange(1, 4097)))
        judge(i, 0, (0,), "scribble")
    if scribbles:
        print(f"faults: {scribbles} scribbles: {tally}", flush=True)
    total = {k: kills[k] + tally[k] for k in tally} if rounds else tally
    print("faults: " + ", ".join(f"{k}: {v}" for k, v in total.items()) + " (silent changes and stuck must be 0)",
          flush=True)


if __name__ == "__main__":
    main()
