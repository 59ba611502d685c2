"""The verbs behind the command line, kept apart from argument parsing."""
from __future__ import annotations

import json
import os
import sys

from .errors import QuoteCheckError
from .extract import read_article
from .output import write_output
from .read import read_text


def run_extract(args) -> int:
    if args.format not in ("pretty", "json"):
        raise QuoteCheckError(f"unknown --format {args.format!r} for extract (choose pretty or json)")
    article = read_article(read_text(args.article))
    if args.format == "json":
        text = json.dumps(extract_json(article), ensure_ascii=False, indent=2) + "\n"
    else:
        from .report.pretty import render_extract
        text = render_extract(article, lang=args.lang)
    write_output(text, args.output, inputs=[args.article])
    return 0


def extract_json(article) -> dict:
    return {
        "version": 1,
        "article": {"path": article.path, "sha256": article.sha256, "encoding": article.encoding,
                    "date": article.date.iso if article.date else None},
        "quotations": [q.to_json() for q in article.quotations],
        "references": [r.to_json() | {"cited": r.cited} for r in article.references],
        "markers": [{"number": m.number, "line": m.line,
                     "reference_line": m.reference.line if m.reference else None} for m in article.markers],
        "unbalanced_quotation_marks": article.unbalanced,
    }


def run_check(args) -> int:
    from .check import check_article
    from .findings import SEVERITY_RANK
    from .library import load_library
    from .report import FORMATS
    from .report.model import Report
    from .rules import find_config, load_rules, run_rules

    config, config_path = find_config(args.config)
    fmt = args.format or config.get("format") or ("pretty" if sys.stdout.isatty() else "concise")
    if fmt not in FORMATS:
        raise QuoteCheckError(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    rule_dirs = list(config.get("rules", [])) + list(args.rules)
    rules = load_rules(rule_dirs, config, config_path)  # broken rule files stop us before any checking
    library_paths = args.library or list(config.get("library", []))
    if not library_paths:
        raise QuoteCheckError("no library given: use --library FILE_OR_FOLDER")
    articles = [read_article(read_text(path)) for path in args.articles]
    library = load_library(library_paths)
    baseline = _read_baseline(args.baseline) if args.baseline else None
    worst = 0
    outputs = []
    recorded = []
    for article in articles:
        result = check_article(article, library)
        findings = run_rules(result, rules, args.lang)
        recorded.extend(findings)
        if baseline is not None:
            findings = [f for f in findings if f.fingerprint not in baseline]
        report = Report(result, findings, args.lang)
        text = render(report, fmt)
        if fmt in REPORT_FILES and not args.output:
            # The review report is a file an editor opens: reports/<article>.html by default.
            path = os.path.join("reports", os.path.splitext(os.path.basename(article.path))[0] + REPORT_FILES[fmt])
            write_output(text, path, inputs=list(args.articles) + library_paths)
            print(f"quotecheck: wrote {path}", file=sys.stderr)
        else:
            outputs.append(text)
        worst = max([worst] + [SEVERITY_RANK[f.severity] for f in findings])
    if args.write_baseline:
        _write_baseline(args.write_baseline, recorded, inputs=args.articles)
    if outputs or args.output:
        write_output("".join(outputs), args.output, inputs=list(args.articles) + library_paths)
    threshold = SEVERITY_RANK[args.fail_on]
    return 1 if (worst >= threshold and not args.exit_zero) else 0


REPORT_FILES = {"html": ".html", "markdown": ".md"}


def render(report, fmt: str) -> str:
    if fmt == "json":
        from .report.json_report import render as r
    elif fmt == "concise":
        from .report.concise import render as r
    elif fmt == "pretty":
        from .report.pretty import render_check as r
    else:
        import importlib
        r = importlib.import_module(f".report.{fmt}", __package__).render
    return r(report)


def _read_baseline(path: str) -> set[str]:
    try:
        data = json.loads(read_text(path).text)
        return {item["fingerprint"] if isinstance(item, dict) else item for item in data["findings"]}
    except (ValueError, KeyError, TypeError):
        raise QuoteCheckError("not a quotecheck baseline (expected JSON with a findings list)", path) from None


def _write_baseline(path: str, findings, inputs) -> None:
    data = {"version": 1, "findings": sorted(({"fingerprint": f.fingerprint, "rule": f.rule, "quote": f.quote}
                                               for f in findings), key=lambda d: (d["fingerprint"], d["rule"]))}
    write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path, inputs=inputs)


def run_rules(args) -> int:
    from .rules import find_config, load_rules

    config, path = find_config(args.config)
    for rule in load_rules(list(config.get("rules", [])) + args.rules, config, path):
        state = "" if rule.enabled else "  (off)"
        print(f"{rule.code}  {rule.name:<34} {rule.category:<9} {rule.severity:<8} {rule.summary}{state}")
    return 0


def run_explain(args) -> int:
    from .rules import load_rules

    for rule in load_rules(args.rules):
        if args.code in (rule.code, rule.name) or args.code in rule.aliases:
            print(f"{rule.code} {rule.name} ({rule.category}, {rule.severity})\n\n{rule.summary}\n\n{rule.doc}\n\n"
                  f"{rule.doc_en}\n\nevaluator: {rule.evaluator} {rule.params}\ndefined in: {rule.path}:{rule.line}")
            return 0
    raise QuoteCheckError(f"no rule {args.code!r} (see `quotecheck rules`)")


def run_index(args) -> int:
    import time

    from .index import build_index

    start = time.perf_counter()
    stats = build_index(args.paths, args.db)
    seconds = time.perf_counter() - start
    size = os.path.getsize(args.db) / 2**20
    print(f"{args.db}: {stats.files} files: {stats.added} added, {stats.updated} updated, "
          f"{stats.unchanged} unchanged, {stats.removed} removed, {stats.skipped} skipped, "
          f"{stats.duplicates} duplicates; {stats.text_bytes / 2**20:.1f} MB read in {seconds:.1f} s; "
          f"index {size:.1f} MB", file=sys.stderr)
    return 0
