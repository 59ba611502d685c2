"""The verbs behind the command line, kept apart from argument parsing."""
from __future__ import annotations

import json
import os
import sys

from .errors import QuoteCheckError
from .output import write_output
from .read import read_text


def run_extract(args) -> int:
    if args.format not in ("pretty", "json"):
        raise QuoteCheckError(f"unknown --format {args.format!r} for extract (choose pretty or json)")
    from .pipeline import read_article_file

    article = read_article_file(args.article)
    if getattr(args, "text", False):
        write_output(article.raw if article.raw.endswith("\n") else article.raw + "\n", args.output,
                     inputs=[args.article])
        return 0
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
    from .batch import Job, expand_articles, run_dask, run_local
    from .report import FORMATS
    from .rules import SEVERITY_RANK, find_config, load_rules

    config, config_path = find_config(args.config)
    fmt = args.format or config.get("format") or ("pretty" if sys.stdout.isatty() else "concise")
    if fmt not in FORMATS:
        raise QuoteCheckError(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    rule_dirs = tuple(config.get("rules", [])) + tuple(args.rules)
    load_rules(list(rule_dirs), config, config_path)  # broken rule files stop us before any checking
    library_paths = tuple(args.library or config.get("library", []))
    if not library_paths:
        raise QuoteCheckError("no library given: use --library FILE_OR_FOLDER")
    paths = expand_articles(args.articles)
    if args.output and len(paths) > 1 and fmt in REPORT_FILES:
        raise QuoteCheckError(f"--format {fmt} writes one file per article: use --output-dir DIR instead of --output")
    baseline = frozenset(_read_baseline(args.baseline)) if args.baseline else None
    job = Job(library_paths, rule_dirs, config, config_path, args.lang, fmt, baseline)
    inputs = list(paths) + list(library_paths)
    library = None if args.scheduler else _load_with_progress(list(library_paths))
    with _progress(len(paths)) as advance:
        if args.scheduler:
            outcomes = run_dask(job, paths, args.scheduler, progress=advance)
        else:
            outcomes = run_local(job, paths, args.jobs or os.cpu_count() or 1, library, progress=advance)
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        print(f"quotecheck: error: {outcome.error}", file=sys.stderr)
    done = [o for o in outcomes if not o.error]
    if len(paths) == 1 and failed:
        return 2
    _write_reports(done, fmt, args, inputs)
    if args.write_baseline:
        _write_baseline(args.write_baseline, [f for o in done for f in o.fingerprints], inputs=inputs)
    worst = max([0] + [o.worst for o in done])
    if failed:
        return 2
    return 1 if (worst >= SEVERITY_RANK[args.fail_on] and not args.exit_zero) else 0


def _load_with_progress(paths: list[str]):
    """Read a folder library, with a progress bar on a terminal when it is large."""
    from .library import collect_files, load_library
    from .library.index import is_index

    if not sys.stderr.isatty() or any(is_index(p) for p in paths):
        return load_library(paths)
    total = len(collect_files(paths))
    with _progress(total if total > 2000 else 0, "reading library") as advance:
        return load_library(paths, progress=advance)


def _write_reports(outcomes, fmt: str, args, inputs) -> None:
    """One file per article (--output-dir, or reports/ for html and markdown), or one combined report."""
    out_dir = args.output_dir or ("reports" if fmt in REPORT_FILES and not args.output else None)
    if out_dir:
        names: set[str] = set()
        for outcome in outcomes:
            stem = os.path.splitext(os.path.basename(outcome.path))[0]
            name = stem
            while name in names:  # two articles with the same name in different folders
                name += "_"
            names.add(name)
            path = os.path.join(out_dir, name + (REPORT_FILES.get(fmt) or OTHER_SUFFIX[fmt]))
            write_output(outcome.text, path, inputs=inputs)
            print(f"quotecheck: wrote {path}", file=sys.stderr)
        return
    if fmt == "json" and len(outcomes) > 1:
        text = json.dumps({"version": 1, "reports": [o.data for o in outcomes]}, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "sarif" and len(outcomes) > 1:
        runs = [json.loads(o.text)["runs"][0] for o in outcomes]
        combined = json.loads(outcomes[0].text)
        combined["runs"] = runs
        text = json.dumps(combined, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "junit" and len(outcomes) > 1:
        text = _merge_junit([o.text for o in outcomes])
    else:
        text = "".join(o.text for o in outcomes)
    write_output(text, args.output, inputs=inputs)


def _merge_junit(documents: list[str]) -> str:
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites")
    for document in documents:
        root.extend(ET.fromstring(document.split("?>", 1)[1]).findall("testsuite"))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class _progress:
    """A transient progress bar on stderr, only on a terminal and only for a batch."""

    def __init__(self, total: int, label: str = "checking"):
        self.total = total
        self.label = label
        self.bar = None

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            task = self.bar.add_task(self.label, total=self.total)
            return lambda: self.bar.advance(task)
        return None

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False


REPORT_FILES = {"html": ".html", "markdown": ".md"}
OTHER_SUFFIX = {"json": ".json", "sarif": ".sarif", "junit": ".xml", "concise": ".txt", "pretty": ".txt",
                "github": ".txt"}


def _read_baseline(path: str) -> set[str]:
    try:
        data = json.loads(read_text(path).text)
        return {item["fingerprint"] if isinstance(item, dict) else item for item in data["findings"]}
    except (ValueError, KeyError, TypeError):
        raise QuoteCheckError("not a quotecheck baseline (expected JSON with a findings list)", path) from None


def _write_baseline(path: str, findings, inputs) -> None:
    """`findings`: (fingerprint, rule, quote) of every finding, before any baseline filter."""
    entries = {fp: {"fingerprint": fp, "rule": rule, "quote": quote} for fp, rule, quote in findings}
    data = {"version": 1, "findings": [entries[fp] for fp in sorted(entries)]}
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

    from .library.index import build_index, index_size

    start = time.perf_counter()
    stats = build_index(args.paths, args.db, workers=args.jobs or None)
    seconds = time.perf_counter() - start
    size = index_size(args.db) / 2**20
    print(f"{args.db}: {stats.files} files: {stats.added} added, {stats.updated} updated, "
          f"{stats.unchanged} unchanged, {stats.removed} removed, {stats.skipped} skipped, "
          f"{stats.duplicates} duplicates; {stats.text_bytes / 2**20:.1f} MB indexed in {seconds:.1f} s "
          f"({stats.shards} shards); index {size:.1f} MB", file=sys.stderr)
    return 0
