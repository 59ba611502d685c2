"""Benchmark: the persistent index against the naive scan, on synthetic libraries of real sentences.

    python bench/scale.py --sizes 1000,10000,100000

For each N: build N reports from real sentences (the seed report and ../shared/realdata),
leaving out every sentence that shares 8 characters with a quotation of the seed article,
so the planted real report (seeds/004...) is the only source that holds them. Each report
is as long as a real report picked at random, so N reports weigh what N real ones do
(their size decides the MB/s of a build: parsing costs per report, indexing per character).
Then measure

- the index build (`quotecheck library index`, time, size on disk),
- the seed article's check through the index, end to end in a new process,
- the naive scan a user would write: rapidfuzz partial_ratio of each quotation against each
  report (timed on a sample and extrapolated when a full scan would take too long),
- whether both find the same quotations in the same reports, and peak memory (RSS).

Prints one line per size:
N=<n> build_s=<s> index_mb=<mb> indexed_s=<s> naive_s=<s> speedup=<x> same_verdicts=<yes|no> peak_mb=<mb>
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from checker.article import read_article  # noqa: E402
from checker.read import read_text  # noqa: E402
from checker.text.normalise import fold, strip_punct  # noqa: E402

ARTICLE = ROOT / "seeds" / "000_d15156123a399bde.txt"
REPORT = ROOT / "seeds" / "004_0cc289df36280051.txt"
REALDATA = ROOT.parent / "shared" / "realdata" / "library"
FOUND = 90  # a quotation is "in" a report at this partial_ratio
NAIVE_BUDGET_S = 60.0  # past this, the naive scan is timed on a sample and extrapolated
NGRAM = 8


def quotations() -> list[str]:
    article = read_article(read_text(str(ARTICLE)))
    return [q.text for q in article.quotations if q.kind == "quotation"]


def sentences(quotes: list[str]) -> list[str]:
    """Real sentences that share no 8-character run with any quotation."""
    banned = set()
    for quote in quotes:
        words = strip_punct(fold(quote))
        banned.update(words[i:i + NGRAM] for i in range(max(1, len(words) - NGRAM + 1)))
    texts = [REPORT.read_text(encoding="utf-8")]
    if REALDATA.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(REALDATA.rglob("*.md"))]
    found = []
    for text in texts:
        body = re.sub(r"^---.*?---", "", text, flags=re.S)
        for line in body.split("\n"):
            if line.startswith(("#", ">", "*", "-", "title", "date")):
                continue
            for sentence in re.split(r"(?<=[。！？])", line):
                words = strip_punct(fold(sentence))
                if 10 <= len(sentence) <= 160 and not any(words[i:i + NGRAM] in banned
                                                           for i in range(max(1, len(words) - NGRAM + 1))):
                    found.append(sentence.strip())
    return sorted(set(found))


def real_sizes() -> list[int]:
    """Bytes of each real report (the seed's and ../shared/realdata's): synthetic reports take these sizes,
    so a library of N synthetic reports is as large as N real ones (median 5.4 KB, mean 7.0 KB)."""
    paths = [REPORT] + (sorted(REALDATA.rglob("*.md")) if REALDATA.is_dir() else [])
    return [p.stat().st_size for p in paths]


def make_library(folder: Path, n: int, pool: list[str], seed: int = 7) -> int:
    """N synthetic reports in the archive's format, plus the planted real report. Returns text bytes."""
    rng = random.Random(seed)
    sizes = real_sizes()
    total = 0
    for i in range(n):
        day = f"2024-{1 + i % 12:02d}-{1 + (i // 12) % 28:02d}"
        title = rng.choice(pool)[:24].rstrip("，。、")
        size, paragraphs = rng.choice(sizes), []
        while size > 0:  # paragraphs of four real sentences up to the size of a real report
            paragraphs.append("".join(rng.sample(pool, 4)))
            size -= len(paragraphs[-1].encode("utf-8"))
        text = (f"---\ntitle: \"{title}\"\ndate: {day}\nsection: \"第{1 + i % 16:02d}版\"\n---\n\n# {title}\n\n"
                f"> 《人民日报》（{day[:4]}年{day[5:7]}月{day[8:]}日第 {1 + i % 16:02d} 版）\n\n" + "\n\n".join(paragraphs) + "\n")
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"r{i:06d}.md").write_bytes(data)
        total += len(data)
    shutil.copy(REPORT, folder / REPORT.name)
    return total + REPORT.stat().st_size


def timed_child(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run `python -m checker ARGS`; wall seconds and peak RSS in MB, read from wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, subprocess.CompletedProcess(args, code, out.decode(), err.decode())


def naive_scan(folder: Path, quotes: list[str], files: list[Path]) -> tuple[float, dict]:
    """What a user would write: every quotation against every report with partial_ratio."""
    start = time.perf_counter()
    best: dict[int, tuple[float, str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for i, quote in enumerate(quotes):
            score = fuzz.partial_ratio(quote, text)
            if score > best.get(i, (0.0, ""))[0]:
                best[i] = (score, path.relative_to(folder).as_posix())
    return time.perf_counter() - start, best


def verdicts_from_report(report: dict, quotes: list[str]) -> dict[int, str | None]:
    """Quotation -> the report it was found in (cited source or another witness), or None."""
    by_text = {}
    for q in report["quotations"]:
        if q["kind"] != "quotation":
            continue
        where = q["source"] if q["status"] in ("verified", "variant") else None
        if where is None and q.get("found_in"):
            where = q["found_in"][0]["id"]
        by_text[q["text"]] = where
    return {i: by_text.get(text) for i, text in enumerate(quotes)}


def one_size(n: int, pool: list[str], quotes: list[str], workdir: Path) -> str:
    folder = workdir / f"lib{n}"
    folder.mkdir()
    text_bytes = make_library(folder, n, pool)
    db = workdir / f"lib{n}.db"
    build_s, build_mb, result = timed_child(["library", "index", str(folder), "--db", str(db)])
    if result.returncode:
        raise SystemExit(result.stderr)
    index_mb = sum(p.stat().st_size for p in workdir.glob(f"lib{n}.db*")) / 2**20
    indexed_s, check_mb, result = timed_child(["check", str(ARTICLE), "--library", str(db), "--format", "json",
                                               "--fail-on", "never"])
    if result.returncode:
        raise SystemExit(result.stderr)
    ours = verdicts_from_report(json.loads(result.stdout), quotes)

    files = sorted(folder.rglob("*.md")) + [folder / REPORT.name]
    planted = [folder / REPORT.name]
    estimated = False
    sample = files
    if n > 2000:
        rng = random.Random(n)
        sample = rng.sample(files, 2000)
        probe_s, _ = naive_scan(folder, quotes, sample)
        estimated = probe_s * len(files) / len(sample) > NAIVE_BUDGET_S
    if estimated:
        sample_s, best = naive_scan(folder, quotes, sample + planted)
        naive_s = sample_s * len(files) / (len(sample) + 1)
    else:
        naive_s, best = naive_scan(folder, quotes, files)
    naive = {i: (where if score >= FOUND else None) for i, (score, where) in best.items()}
    same = all(naive.get(i) == ours.get(i) for i in range(len(quotes)))
    print(f"  text={text_bytes / 2**20:.1f}MB build_rate={text_bytes / 2**20 / build_s:.1f}MB/s "
          f"build_peak={build_mb:.0f}MB check_peak={check_mb:.0f}MB "
          f"found_naive={sum(v is not None for v in naive.values())} found_ours={sum(v is not None for v in ours.values())}",
          file=sys.stderr)
    line = (f"N={n} build_s={build_s:.2f} index_mb={index_mb:.1f} indexed_s={indexed_s:.2f} naive_s={naive_s:.1f} "
            f"speedup={naive_s / indexed_s:.0f} same_verdicts={'yes' if same else 'no'} "
            f"peak_mb={max(build_mb, check_mb):.0f}")
    return line + (" naive=estimated" if estimated else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated library sizes")
    parser.add_argument("--keep", help="keep the generated libraries in this folder")
    args = parser.parse_args()
    quotes = quotations()
    pool = sentences(quotes)
    print(f"{len(quotes)} quotations, {len(pool)} real sentences in the pool", file=sys.stderr)
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="quotecheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            print(one_size(size, pool, quotes, workdir), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
