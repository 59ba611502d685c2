"""Benchmark of false alarms (not a test): every realdata report checked as an article against the others.

    python bench/reports_as_articles.py [--library DIR] [--extra DIR]

The reports quote speeches, letters, officials and foreign journalists correctly (they are the
printed record), so every error or warning here is a false alarm. Prints each one, then the
counts: reports, quotations by status, findings by severity.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import check_files  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", default=str(REALDATA / "library"))
    parser.add_argument("--extra", default=str(REALDATA / "seed-sources"), help="more sources, not checked as articles")
    args = parser.parse_args()
    reports = sorted(Path(args.library).rglob("*.md"))
    statuses, severities = Counter(), Counter()
    for article in reports:
        result, findings = check_files(article, [p for p in reports if p != article] + [Path(args.extra)])
        statuses.update(r.status for r in result.quotes)
        severities.update(f.severity for f in findings)
        for f in findings:
            if f.severity != "info":
                print(f"{article.relative_to(args.library)}:{f.line}: {f.rule} [{f.severity}] {f.message}")
    print(f"{len(reports)} reports; quotations: {dict(sorted(statuses.items()))}; "
          f"findings: {dict(sorted(severities.items()))}")


if __name__ == "__main__":
    main()
