"""Benchmark: trust on real text. Every real commentary article (the 30 of the corpus and the two
of realdata/articles) checked against the corpus library and the realdata library together, in
one process, with every error and warning held against a review kept in the repository.

    python bench/real_corpus.py [--review FILE] [--add-missing] [--article SUBSTRING] [--details]

Prints one row per article: quotations checked by status, findings by severity, and the rules that
fired (`QC101:2`), then the total time. Then it holds every error- and warning-level finding against
the review file (`bench/real_corpus_review.tsv`: article, line, rule, severity, judgement, why), and
prints what the review does not cover, what it lists that no longer fires, and every finding judged
false (an editor would learn to ignore it). Exit 1 when any of these is non-empty, so the review stays current with the code.

The review file holds no article or report text: only where the finding is and an editor's
judgement — `real` (the article really misquotes, misdates, …; say what an editor gains) or `false`
(say which principle failed). `--add-missing` appends the uncovered findings with judgement `?`
for someone to decide; `?` rows count as not reviewed.

Other measurements hook in through COLUMNS: append (header, function(Checked) -> int) and the
table grows a column (e.g. sentences attributed without marks).
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDATA = Path(os.environ.get("QUOTECHECK_REALDATA") or ROOT.parent / "shared" / "realdata")  # as tests/conftest.py
CORPUS = REALDATA / "corpus"
REVIEW = Path(__file__).resolve().parent / "real_corpus_review.tsv"
REVIEW_FIELDS = ("article", "line", "rule", "severity", "judgement", "why")
JUDGEMENTS = ("real", "false", "?")
STATUSES = ("verified", "variant", "drift", "misattributed", "not_found", "unverifiable", "uncited")
SHORT = {"verified": "ver", "variant": "var", "drift": "dri", "misattributed": "mis", "not_found": "nf",
         "unverifiable": "unv", "uncited": "unc"}


def articles() -> list[Path]:
    """The corpus articles, then realdata's own two, in a fixed order."""
    return sorted((CORPUS / "articles").glob("*.md")) + sorted((REALDATA / "articles").glob("*.md"))


def libraries() -> list[str]:
    return [str(CORPUS / "library"), str(REALDATA / "library")]


_NUMBERED = re.compile(r"^(?P<id>(?:[^-]*__)?\d+)-")  # 人民日报系列__35-…, 往期文章__人民日报系列__12-…, 10-…


def name_of(path: Path) -> str:
    """The article as the review names it: its folder and number (`人民日报系列__35`), or its whole
    file name without .md when it has no number; `realdata/` before the two outside the corpus."""
    stem = path.name[:-3] if path.name.endswith(".md") else path.name
    numbered = _NUMBERED.match(stem)
    name = numbered.group("id") if numbered else stem
    return name if path.parent == CORPUS / "articles" else f"realdata/{name}"


def short_name(name: str, width: int = 24) -> str:
    return name if len(name) <= width else name[:width - 1] + "…"


# (header, function(Checked) -> int): one column each in the per-article table. Other helpers add
# theirs here (e.g. attributed sentences without marks).
COLUMNS: list[tuple[str, object]] = [
    # Sentences borrowed without quotation marks (check.unmarked): attributed ones found (习近平强调，…,
    # 《X》提到，…), those a source holds (checked), unattributed ones a source holds, and how many of
    # all the checked ones are the source's very words.
    ("att", lambda c: sum(u.attributed for u in c.result.article.unmarked)),
    ("att_ok", lambda c: sum(r.item.attributed for r in c.result.unmarked)),
    ("unatt_ok", lambda c: sum(not r.item.attributed for r in c.result.unmarked)),
    ("um_ver", lambda c: sum(r.reason == "verified" for r in c.result.unmarked)),
]


def status_counts(checked) -> Counter:
    return Counter(r.status for r in checked.result.quotes)


def severity_counts(checked) -> Counter:
    return Counter(f.severity for f in checked.findings)


def read_review(path: Path) -> dict[tuple[str, int, str], dict]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    review = {}
    for number, row in enumerate(rows, 2):
        if tuple(row) != REVIEW_FIELDS and set(row) != set(REVIEW_FIELDS):
            raise SystemExit(f"{path}: header must be {' '.join(REVIEW_FIELDS)}")
        if row["judgement"] not in JUDGEMENTS:
            raise SystemExit(f"{path}:{number}: judgement must be one of {', '.join(JUDGEMENTS)}")
        review[(row["article"], int(row["line"]), row["rule"])] = row
    return review


def append_review(path: Path, rows: list[dict]) -> None:
    new = not path.exists()
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_FIELDS, delimiter="\t", lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--review", type=Path, default=REVIEW)
    parser.add_argument("--add-missing", action="store_true", help="append uncovered findings with judgement ?")
    parser.add_argument("--article", help="only articles whose name contains this")
    parser.add_argument("--details", action="store_true", help="print each error and warning's message")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"real_corpus: {CORPUS} is not present", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from checker.library import load_library
    from checker.pipeline import check_file
    from checker.rules import load_rules

    start = time.perf_counter()
    library, rules = load_library(libraries()), load_rules()
    loaded = time.perf_counter() - start
    paths = [p for p in articles() if not args.article or args.article in name_of(p)]
    header = ["article", *(SHORT[s] for s in STATUSES), "err", "warn", "info", *(h for h, _ in COLUMNS), "rules"]
    print("\t".join(header))
    totals: Counter = Counter()
    flagged = []  # (article, finding) at error or warning level
    for path in paths:
        checked = check_file(str(path), library, rules, "zh")
        name = name_of(path)
        statuses, severities = status_counts(checked), severity_counts(checked)
        extra = [fn(checked) for _, fn in COLUMNS]
        rules_fired = Counter(f.rule for f in checked.findings if f.severity != "info")
        totals.update(statuses)
        totals.update({f"sev:{k}": v for k, v in severities.items()})
        totals.update({f"col:{h}": v for (h, _), v in zip(COLUMNS, extra)})
        print("\t".join([short_name(name), *(str(statuses[s]) for s in STATUSES),
                         str(severities["error"]), str(severities["warning"]), str(severities["info"]),
                         *(str(v) for v in extra),
                         " ".join(f"{r}:{n}" for r, n in sorted(rules_fired.items()))]))
        flagged += [(name, f) for f in checked.findings if f.severity in ("error", "warning")]
    elapsed = time.perf_counter() - start
    print("\t".join(["TOTAL", *(str(totals[s]) for s in STATUSES), str(totals["sev:error"]),
                     str(totals["sev:warning"]), str(totals["sev:info"]),
                     *(str(totals[f"col:{h}"]) for h, _ in COLUMNS), ""]))
    print(f"articles={len(paths)} sources={len(library.sources)} quotations_checked="
          f"{sum(totals[s] for s in STATUSES)} load_s={loaded:.2f} total_s={elapsed:.2f}")

    review = read_review(args.review)
    seen, missing, false_alarms, undecided = set(), [], [], []
    for name, finding in flagged:
        key = (name, finding.line, finding.rule)
        seen.add(key)
        row = review.get(key)
        if args.details:
            print(f"  {name}:{finding.line} {finding.rule} [{finding.severity}] {finding.message}")
        if row is None:
            missing.append((name, finding))
        elif row["judgement"] == "?":
            undecided.append((name, finding))
        elif row["judgement"] == "false":
            false_alarms.append((name, finding, row["why"]))
    scope = {name_of(p) for p in paths}
    stale = [key for key in review if key[0] in scope and key not in seen]
    judged = Counter((review[(n, f.line, f.rule)]["judgement"], f.severity) for n, f in flagged
                     if (n, f.line, f.rule) in review)
    print(f"review: errors real={judged[('real', 'error')]} false={judged[('false', 'error')]}; "
          f"warnings real={judged[('real', 'warning')]} false={judged[('false', 'warning')]}; "
          f"not reviewed={len(missing) + len(undecided)}; stale={len(stale)}")
    for name, finding in missing + undecided:
        print(f"NOT REVIEWED {name}:{finding.line} {finding.rule} [{finding.severity}] {finding.message}")
    for name, finding, why in false_alarms:
        print(f"FALSE {finding.severity.upper()} {name}:{finding.line} {finding.rule}: {why}")
    for name, line, rule in stale:
        print(f"STALE {name}:{line} {rule} (in the review, no longer found)")
    if args.add_missing and missing:
        append_review(args.review, [{"article": n, "line": f.line, "rule": f.rule, "severity": f.severity,
                                     "judgement": "?", "why": ""} for n, f in missing])
        print(f"appended {len(missing)} rows with judgement ? to {args.review}")
    return 1 if missing or undecided or false_alarms or stale else 0


if __name__ == "__main__":
    sys.exit(main())
