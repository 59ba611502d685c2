"""Benchmark: the persistent index against quotecheck's own folder mode and the naive scan.

    python bench/scale.py --sizes 1000,10000,100000 --densities 0.001,0.01

For each size N and density d: build N reports from real sentences (the seed report and
../shared/realdata), leaving out every sentence that shares 8 characters with a quotation of
the seed article, then plant the seed's quotations the way a newspaper archive holds them:
round(N * d) reports quote one of them, in quotation marks (half), as their own text (a
quarter) or with one character changed (a quarter: near-matches, which may or may not still
be the words); and plant the real report (seeds/004...). Each report is as long as a real
report picked at random (median 5.4 KB), so N reports weigh what N real ones do. Then measure

- the index build (`quotecheck library index`, time, size on disk, peak memory of the build
  and its shard workers together),
- the seed article's check through the index and through the folder (`--library FOLDER`, every
  report read on each run), each end to end in a new process; `same_verdicts` says whether the
  two JSON reports are byte for byte the same,
- `missed`: quotations whose witness count is below the number of reports planted with their
  exact words (must be 0),
- the naive scan a user would write: rapidfuzz partial_ratio of each quotation against each
  report (timed on a sample and extrapolated when a full scan would take too long).

Wall seconds on a shared machine vary; the CPU seconds (user + system of the process and its
workers) are printed too, on stderr. Peak memory is the largest sum of the resident memory of the process and all its children,
sampled every 20 ms (the index build and search run one process per shard).

Prints one line per size and density:
N=<n> d=<density> planted=<k> build_s=<s> index_mb=<mb> indexed_s=<s> folder_s=<s> naive_s=<s>
  speedup_folder=<x> speedup_naive=<x> same_verdicts=<yes|no> missed=<m> witnesses=<w>
  build_peak_mb=<mb> indexed_peak_mb=<mb> folder_peak_mb=<mb>
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
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
_PAGE = os.sysconf("SC_PAGE_SIZE")
CPU_S: list[float] = []  # CPU seconds (user + system) of each child run, its workers included


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


def planted_sentence(quote: str, how: str, rng: random.Random) -> str:
    if how == "quoted":
        return f"习近平强调，“{quote}”。"
    if how == "own":
        return quote.rstrip("。") + "。"
    # one character changed in the middle third: a near-match
    chars = [i for i in range(len(quote) // 3, 2 * len(quote) // 3) if "\u4e00" <= quote[i] <= "\u9fff"]
    i = rng.choice(chars)
    other = "新" if quote[i] != "新" else "重"
    return f"习近平强调，“{quote[:i]}{other}{quote[i + 1:]}”。"


def make_library(folder: Path, n: int, pool: list[str], quotes: list[str], density: float,
                 seed: int = 7) -> tuple[int, dict[int, int], int]:
    """N synthetic reports in the archive's format, round(N * density) of them quoting the seed, plus the
    real report. Returns (text bytes, quotation index -> reports planted with its exact words, planted)."""
    rng = random.Random(seed)
    sizes = real_sizes()
    planted = dict.fromkeys(rng.sample(range(n), round(n * density)))
    for i in planted:
        planted[i] = (rng.randrange(len(quotes)), rng.choice(["quoted", "quoted", "own", "changed"]))
    exact: dict[int, int] = {}
    total = 0
    for i in range(n):
        day = f"2024-{1 + i % 12:02d}-{1 + (i // 12) % 28:02d}"
        title = rng.choice(pool)[:24].rstrip("，。、")
        size, paragraphs = rng.choice(sizes), []
        while size > 0:  # paragraphs of four real sentences up to the size of a real report
            paragraphs.append("".join(rng.sample(pool, 4)))
            size -= len(paragraphs[-1].encode("utf-8"))
        if i in planted:
            which, how = planted[i]
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), planted_sentence(quotes[which], how, rng))
            if how != "changed":
                exact[which] = exact.get(which, 0) + 1
        text = (f"---\ntitle: \"{title}\"\ndate: {day}\nsection: \"第{1 + i % 16:02d}版\"\n---\n\n# {title}\n\n"
                f"> 《人民日报》（{day[:4]}年{day[5:7]}月{day[8:]}日第 {1 + i % 16:02d} 版）\n\n" + "\n\n".join(paragraphs) + "\n")
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"r{i:06d}.md").write_bytes(data)
        total += len(data)
    shutil.copy(REPORT, folder / REPORT.name)
    return total + REPORT.stat().st_size, exact, len(planted)


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
            with open(f"/proc/{entry}/statm", "rb") as handle:
                rss[int(entry)] = int(handle.read().split()[1]) * _PAGE
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def timed_child(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run `python -m checker ARGS`; wall seconds and peak MB of the process and its workers together."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    sampler.join()
    CPU_S.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, peak[0] / 2**20, subprocess.CompletedProcess(args, proc.returncode, out.decode(), err.decode())


def naive_scan(folder: Path, quotes: list[str], files: list[Path]) -> tuple[float, dict]:
    """What a user would write: every quotation against every report with partial_ratio."""
    start = time.perf_counter()
    found: dict[int, int] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for i, quote in enumerate(quotes):
            if fuzz.partial_ratio(quote, text, score_cutoff=FOUND):
                found[i] = found.get(i, 0) + 1
    return time.perf_counter() - start, found


def check(library: Path) -> tuple[float, float, str]:
    seconds, peak, result = timed_child(["check", str(ARTICLE), "--library", str(library), "--format", "json",
                                         "--fail-on", "never"])
    if result.returncode:
        raise SystemExit(result.stderr)
    return seconds, peak, result.stdout


def one_size(n: int, density: float, pool: list[str], quotes: list[str], workdir: Path, folder_mode: bool) -> str:
    folder = workdir / f"lib{n}-{density}"
    folder.mkdir()
    text_bytes, exact, planted = make_library(folder, n, pool, quotes, density)
    db = workdir / f"lib{n}-{density}.db"
    build_s, build_mb, result = timed_child(["library", "index", str(folder), "--db", str(db)])
    if result.returncode:
        raise SystemExit(result.stderr)
    index_mb = sum(p.stat().st_size for p in workdir.glob(f"lib{n}-{density}.db*")) / 2**20
    build_cpu = CPU_S[-1]
    indexed_s, indexed_mb, indexed = check(db)
    indexed_cpu = CPU_S[-1]
    folder_s, folder_mb, by_folder = check(folder) if folder_mode else (float("nan"), float("nan"), None)
    folder_cpu = CPU_S[-1] if folder_mode else float("nan")
    report = json.loads(indexed)
    counts = {q["text"]: q["found_in_count"] for q in report["quotations"] if q["kind"] == "quotation"}
    missed = sum(counts.get(quotes[i], 0) < k for i, k in exact.items())

    files = sorted(folder.rglob("*.md")) + [folder / REPORT.name]
    sample, estimated = files, False
    if n > 2000:
        sample = random.Random(n).sample(files, 2000)
        probe_s, _ = naive_scan(folder, quotes, sample)
        estimated = probe_s * len(files) / len(sample) > NAIVE_BUDGET_S
    if estimated:
        naive_s = probe_s * len(files) / len(sample)
    else:
        naive_s, _ = naive_scan(folder, quotes, files)
    print(f"  cpu_s: build={build_cpu:.1f} indexed={indexed_cpu:.2f} folder={folder_cpu:.2f}; "
          f"text={text_bytes / 2**20:.1f}MB build_rate={text_bytes / 2**20 / build_s:.1f}MB/s "
          f"quotations_with_witnesses={sum(c > 0 for c in counts.values())}", file=sys.stderr)
    same = "n/a" if by_folder is None else ("yes" if by_folder == indexed else "no")
    line = (f"N={n} d={density:g} planted={planted} build_s={build_s:.2f} index_mb={index_mb:.1f} "
            f"indexed_s={indexed_s:.2f} folder_s={folder_s:.2f} naive_s={naive_s:.1f} "
            f"speedup_folder={folder_s / indexed_s:.1f} speedup_naive={naive_s / indexed_s:.0f} same_verdicts={same} "
            f"missed={missed} witnesses={sum(counts.values())} build_peak_mb={build_mb:.0f} "
            f"indexed_peak_mb={indexed_mb:.0f} folder_peak_mb={folder_mb:.0f}")
    shutil.rmtree(folder, ignore_errors=True)
    return line + (" naive=estimated" if estimated else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated library sizes")
    parser.add_argument("--densities", default="0.001,0.01", help="share of reports that quote the seed's quotations")
    parser.add_argument("--no-folder", action="store_true", help="skip the folder-mode check (slow at 10^5 and more)")
    parser.add_argument("--keep", help="keep the generated indexes in this folder")
    args = parser.parse_args()
    quotes = quotations()
    pool = sentences(quotes)
    print(f"{len(quotes)} quotations, {len(pool)} real sentences in the pool", file=sys.stderr)
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="quotecheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            for density in (float(d) for d in args.densities.split(",")):
                print(one_size(size, density, pool, quotes, workdir, not args.no_folder), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
