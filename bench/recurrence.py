"""Benchmark of a rule boundary (not a test): how often a report's own words recur in another, unrelated report, by length.

    python bench/recurrence.py [--near] [FOLDER_OR_FILE ...]   (default: ../shared/realdata + seeds/004)

QC307 (warning) says a quotation whose cited source is missing is another library source's own
text; QC406 (info) says the same of a short quotation, because short phrases recur across
speeches and documents. Where the line between them lies is a property of the language of the
sources, measured here: every run of one to three clauses of a report's own text (outside quotation
marks; clauses split at ，：), deduplicated, is looked up word for word in every other report that
is not a copy of the same text (copies share over 20 % of their 10-character runs). Printed: per
weight (characters, as quotations are weighed) the runs and the share found in another report.
The share falls with length and then stays flat: from there on, a recurrence is a formulation
repeated on purpose (a speaker's or an editor's), which a warning may name, not a chance overlap.

--near: of a sample of 250 runs per length (seeded), how many another report holds nearly but not
exactly (rapidfuzz partial_ratio >= 85, as a quotation is bound by its words): formulaic phrases
recur with a word changed at every length, so near words alone cannot bind a heading's quotation.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.article.model import text_weight  # noqa: E402
from checker.library import load_library  # noqa: E402
from checker.text.normalise import strip_punct  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
BUCKETS = [(4, 6), (7, 9), (10, 12), (13, 14), (15, 17), (18, 20), (21, 30), (31, 60), (61, 10_000)]
COPY_SHARE = 0.2
GRAM = 10


def default_paths() -> list[str]:
    paths = [str(REALDATA / "library")] if (REALDATA / "library").is_dir() else []
    paths += sorted(str(p) for p in (REALDATA / "seed-sources").glob("*.md") if p.name != "README.md")
    return paths + [str(ROOT / "seeds" / "004_0cc289df36280051.txt")]


def _grams(words: str) -> set[str]:
    return {words[i:i + GRAM] for i in range(max(0, len(words) - GRAM + 1))}


def _copies(words: list[str]) -> list[set[int]]:
    grams = [_grams(w) for w in words]
    return [{j for j in range(len(words)) if j != i and grams[i] and grams[j]
             and len(grams[i] & grams[j]) > COPY_SHARE * min(len(grams[i]), len(grams[j]))}
            for i in range(len(words))]


def own_runs(source) -> list[str]:
    """Runs of one to three clauses of the report's own text, punctuation-free."""
    text, runs = source.body.text, []
    for sentence in re.finditer(r"[^。！？；■]+", text):
        clauses, at = [], sentence.start()
        for clause in re.split(r"[，：,:]", sentence.group(0)):
            clauses.append((at, at + len(clause)))
            at += len(clause) + 1
        for a in range(len(clauses)):
            for b in range(a, min(a + 3, len(clauses))):
                start, end = clauses[a][0], clauses[b][1]
                if not source.is_quoted(start, end):
                    runs.append(strip_punct(text[start:end]))
    return runs


def measure(paths: list[str]) -> list[tuple[int, bool, str]]:
    sources = load_library(paths).sources
    words = [s.stripped[0] for s in sources]
    copies = _copies(words)
    rows, seen = [], set()
    for i, source in enumerate(sources):
        for run in own_runs(source):
            weight = text_weight(run)
            if weight < BUCKETS[0][0] or run in seen:
                continue
            seen.add(run)
            elsewhere = any(run in words[j] for j in range(len(sources)) if j != i and j not in copies[i])
            rows.append((weight, elsewhere, run))
    print(f"{len(sources)} reports, {len(rows)} distinct runs of their own text", file=sys.stderr)
    return rows


def near(paths: list[str], per_bucket: int = 250) -> None:
    from rapidfuzz import fuzz

    sources = load_library(paths).sources
    words = [s.stripped[0] for s in sources]
    copies = _copies(words)
    runs: dict[str, int] = {}
    for i, source in enumerate(sources):
        for run in own_runs(source):
            runs.setdefault(run, i)
    rng = random.Random(1)
    print(f"{'weight':>9} {'sample':>6} {'exact':>6} {'near':>5} {'share':>7}  e.g.")
    for lo, hi in [(8, 11), (12, 14), (15, 17), (18, 20), (21, 25), (26, 30), (31, 40)]:
        mine = sorted((r, i) for r, i in runs.items() if lo <= text_weight(r) <= hi)
        sample = rng.sample(mine, min(per_bucket, len(mine)))
        exact, near_found = 0, []
        for run, i in sample:
            others = [j for j in range(len(sources)) if j != i and j not in copies[i]]
            if any(run in words[j] for j in others):
                exact += 1
                continue
            for j in others:
                hit = fuzz.partial_ratio_alignment(run, words[j], score_cutoff=85)
                if hit:
                    near_found.append(f"{run}≈{words[j][hit.dest_start:hit.dest_end]}")
                    break
        print(f"{lo:>5}-{hi:<3} {len(sample):6} {exact:6} {len(near_found):5} "
              f"{100 * len(near_found) / max(1, len(sample)):6.1f} %  " + " | ".join(near_found[:1]))


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--near"]
    if "--near" in sys.argv[1:]:
        near(args or default_paths())
        return
    rows = measure(args or default_paths())
    print(f"{'weight':>9} {'runs':>6} {'elsewhere':>9} {'share':>7}  e.g.")
    for lo, hi in BUCKETS:
        mine = [r for r in rows if lo <= r[0] <= hi]
        found = [r for r in mine if r[1]]
        label = f"{lo}-{hi}" if hi < 10_000 else f"{lo}+"
        print(f"{label:>9} {len(mine):6} {len(found):9} {100 * len(found) / max(1, len(mine)):6.1f} %  "
              + " / ".join(r[2] for r in found[:2]))
    short = [r for r in rows if 6 <= r[0] <= 14]
    long_ = [r for r in rows if r[0] >= 15]
    for name, part in (("6-14", short), ("15+", long_)):
        print(f"weights {name}: {100 * sum(r[1] for r in part) / max(1, len(part)):.1f} % of {len(part)} runs recur")


if __name__ == "__main__":
    main()
