"""The verbs behind the command line, kept apart from argument parsing."""
from __future__ import annotations

import json
import os
import re
import sys
import time

from .errors import QuoteCheckError, in_chinese, lang_of, shown
from .output import guard_outputs, report_paths, silence_stdout, write_output
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
        text = render_extract(article, lang=lang_of(args.lang))
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


def _error(en: str, zh: str, path: str | None = None) -> QuoteCheckError:
    """An input error told in both languages (the command line picks one)."""
    exc = QuoteCheckError(en, path)
    exc.message_zh = zh
    return exc


def run_check(args) -> int:
    from .batch import Job, expand_articles, run_dask, run_local
    from .report import FORMATS
    from .rules import SEVERITY_RANK, find_config, load_rules

    config, config_path = find_config(args.config)
    args.lang = lang_of(args.lang, config)
    fail_on = args.fail_on or config.get("fail_on") or "error"
    zh = args.lang == "zh"
    if not args.articles:
        if len(args.library) > 1:
            raise _error(f"no ARTICLE given: --library takes every path after it, so {args.library[-1]!r} was taken "
                         f"as a library path; put the articles first (check ARTICLE --library PATH) or end the "
                         f"library list with --",
                         f"没有给出文章：--library 会把其后的路径都当作资料库，{args.library[-1]!r} 被当成了资料库；"
                         f"请把文章放在前面（check 文章 --library 资料库），或用 -- 结束资料库列表")
        raise _error("no ARTICLE given: quotecheck check ARTICLE... --library PATH",
                     "没有给出文章：quotecheck check 文章... --library 资料库")
    fmt = args.format or config.get("format") or ("pretty" if sys.stdout.isatty() else "concise")
    if fmt not in FORMATS:
        raise QuoteCheckError(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    rule_dirs = tuple(config.get("rules", [])) + tuple(args.rules)
    load_rules(list(rule_dirs), config, config_path)  # broken rule files stop us before any checking
    if args.scheduler is not None and not args.scheduler.strip():  # "" would silently run here
        raise QuoteCheckError("--scheduler: no address given (expected tcp://HOST:PORT)")
    library_paths = tuple(args.library or config.get("library", []))
    if not library_paths:
        raise QuoteCheckError("no library given: use --library FILE_OR_FOLDER")
    paths = expand_articles(args.articles)
    if fmt == "docx":
        not_word = [p for p in paths if not p.lower().endswith(".docx")]
        if not_word:
            raise QuoteCheckError("--format docx writes a reviewed copy of a Word manuscript, and this is not a "
                                  ".docx: use --format html or markdown for it", not_word[0])
    if args.output and len(paths) > 1 and fmt in REPORT_FILES:
        raise QuoteCheckError(f"--format {fmt} writes one file per article: use --output-dir DIR instead of --output")
    baseline = _read_baseline(args.baseline) if args.baseline else None
    decisions_path, decisions = _read_decisions(args)
    job = Job(library_paths, rule_dirs, config, config_path, args.lang, fmt,
              frozenset(baseline) if baseline is not None else None, decisions, not args.no_suggestions)
    inputs = list(paths) + list(library_paths) + [config_path] + _indexed_roots(library_paths)
    _guard_check_outputs(args, fmt, paths, inputs)
    from .library import quiet_about

    with quiet_about(paths):  # an article kept in its library is left out of the check, said once there
        library = None if args.scheduler else _load_with_progress(list(library_paths), args.lang)
    with _progress(len(paths), "核对" if args.lang == "zh" else "checking") as advance, \
            _steps(len(paths) == 1 and not args.scheduler):
        if args.scheduler:
            outcomes = run_dask(job, paths, args.scheduler, progress=advance)
        else:
            outcomes = run_local(job, paths, args.jobs or os.cpu_count() or 1, library, progress=advance)
    failed = [o for o in outcomes if o.error]
    from .report.safe import one_line

    for outcome in failed:
        if not outcome.lost:
            print(one_line(f"quotecheck: 错误：{in_chinese(outcome.error)}" if zh else f"quotecheck: error: {outcome.error}"),
                  file=sys.stderr)
    lost = [o for o in failed if o.lost]
    if lost:
        print(one_line(_lost_line(lost, len(paths), zh)), file=sys.stderr)
    done = [o for o in outcomes if not o.error]
    if len(paths) == 1 and failed:
        return 2
    try:
        _write_reports(done, fmt, args, inputs, paths)
    except BrokenPipeError:
        # The reader stopped early (`quotecheck … | head`): the verdict stands, and a gate that runs
        # under `set -o pipefail` needs it, so go on to the exit code instead of ending with 0.
        silence_stdout()
    if baseline is not None:
        _baseline_summary(args.baseline, baseline, done, zh)
    _record_word_decisions(args, done, zh)
    if fmt in REPORT_FILES and len(done) == 1:  # the report is a file: its counts on stderr, for the terminal
        print(f"quotecheck: {done[0].summary}", file=sys.stderr)
    if len(paths) > 1 or args.output_dir:  # a batch: its totals (and, for html and docx, index.html)
        print(totals_line(done, zh), file=sys.stderr)
    reviewed = sum(o.reviewed for o in done)
    if reviewed:
        print(f"quotecheck: {reviewed} 条发现已由编辑审阅（决定记录在 {decisions_path}），不计入结果" if zh else
              f"quotecheck: {reviewed} finding{'s' if reviewed != 1 else ''} reviewed by the editors "
              f"(decisions in {decisions_path}), not counted", file=sys.stderr)
    if args.write_baseline:
        entries = _write_baseline(args.write_baseline, [f for o in done for f in o.fingerprints], inputs=inputs)
        print((f"quotecheck: 基线 {args.write_baseline} 记下 {entries} 条发现" if zh else
               f"quotecheck: baseline {args.write_baseline}: {entries} findings recorded"), file=sys.stderr)
    if failed:
        return 2
    if args.write_baseline:
        return 0  # recording today's findings is not a gate
    worst = max([0] + [o.worst for o in done])
    return 1 if (worst >= SEVERITY_RANK[fail_on] and not args.exit_zero) else 0


def totals_line(outcomes, zh: bool) -> str:
    """A batch's totals: what a chief editor reads first."""
    total = {key: sum(o.counts.get(key, 0) for o in outcomes)
             for key in ("quotations", "checked", "errors", "warnings", "missing_sources", "reviewed")}
    if zh:
        line = (f"quotecheck: 共 {len(outcomes)} 篇：引文 {total['quotations']} 处，可核对 {total['checked']} 处；"
                f"错误 {total['errors']}，警告 {total['warnings']}；缺少来源 {total['missing_sources']} 个")
        return line + (f"；已审阅 {total['reviewed']} 处" if total["reviewed"] else "")
    line = (f"quotecheck: {len(outcomes)} articles: {total['quotations']} quotations, {total['checked']} checked; "
            f"{total['errors']} errors, {total['warnings']} warnings; {total['missing_sources']} sources missing")
    return line + (f"; {total['reviewed']} reviewed" if total["reviewed"] else "")


def _record_word_decisions(args, outcomes, zh: bool) -> None:
    """Decisions read from reviewed Word copies go into the decision store (created if need be)."""
    from .decisions import DEFAULT_PATH, DecisionStore

    new = [d for o in outcomes for d in o.new_decisions]
    if not new:
        return
    path = args.decisions or str(DEFAULT_PATH)
    with DecisionStore(path) as store:
        store.record_many(new)
    print(f"quotecheck: 从 Word 批注读到 {len(new)} 条编辑决定，已记入 {path}" if zh else
          f"quotecheck: {len(new)} decision{'s' if len(new) != 1 else ''} read from Word comments, recorded in {path}",
          file=sys.stderr)


def _read_decisions(args) -> tuple[str | None, dict | None]:
    """(path, latest decision per fingerprint) of the decision store: --decisions, or the default
    when it exists (a check that finds none creates none)."""
    from .decisions import DEFAULT_PATH, DecisionStore

    path = args.decisions
    if path is None:
        if not DEFAULT_PATH.is_file():
            return None, None
        path = str(DEFAULT_PATH)
    elif not os.path.exists(path):
        return path, {}
    with DecisionStore(path) as store:
        return path, store.current()


def _baseline_summary(path: str, baseline: set[str], outcomes, zh: bool) -> None:
    """Say on stderr what the baseline hid and which of its entries no longer occur."""
    seen = {fp for o in outcomes for fp, _, _ in o.fingerprints}
    hidden = sum(1 for o in outcomes for fp, _, _ in o.fingerprints if fp in baseline)
    stale = len(baseline - seen)
    if zh:
        line = f"quotecheck: 基线 {path} 隐去 {hidden} 条已知发现"
        line += f"；其中 {stale} 条（共 {len(baseline)} 条）已不再出现，可用 --write-baseline 重写基线" if stale else ""
    else:
        line = f"quotecheck: baseline {path} hid {hidden} known finding{'s' if hidden != 1 else ''}"
        line += (f"; {stale} of its {len(baseline)} entries no longer occur (stale: re-write it with --write-baseline)"
                 if stale else "")
    print(line, file=sys.stderr)


def _lost_line(lost, total: int, zh: bool) -> str:
    """One line for every article a lost worker or scheduler took with it."""
    names = ", ".join(shown(o.path) for o in lost[:10]) + (", …" if len(lost) > 10 else "")
    written = total - len(lost)
    if zh:
        return (f"quotecheck: 错误：{len(lost)} 篇文章未能核对（{names}）：{lost[0].error}；"
                f"其余 {written} 篇的报告已写出，请重新核对未完成的文章")
    return (f"quotecheck: error: {len(lost)} of {total} articles were not checked ({names}): {lost[0].error}; "
            f"the reports of the other {written} were written: check the lost ones again")


def _indexed_roots(library_paths) -> list[str]:
    """The folders the given indexes were built from: a report written there would become a
    source at the next `library index`."""
    from .library.index import index_roots, is_index

    return [root for path in library_paths if is_index(path) for root in index_roots(path)]


def _guard_check_outputs(args, fmt: str, paths: list[str], inputs: list[str]) -> None:
    """Every file this run would write, refused before any work when it would overwrite an input."""
    baseline_file = args.write_baseline if args.write_baseline and not _is_store(args.write_baseline) else None
    outputs = {"--output": args.output, "--write-baseline": baseline_file, "--output-dir": args.output_dir}
    out_dir = args.output_dir or ("reports" if fmt in REPORT_FILES and not args.output else None)
    planned = list(outputs.items())
    if out_dir:
        suffix = REPORT_FILES.get(fmt) or OTHER_SUFFIX[fmt]
        planned += [(f"--output-dir {out_dir}", p) for p in report_paths(out_dir, paths, suffix)]
        if _writes_index(fmt, args, paths):
            planned.append((f"--output-dir {out_dir}", os.path.join(out_dir, INDEX_NAME)))
    guard_outputs(planned, inputs, fmt)


# From this many sources a folder library earns an index: every check reads the whole folder (3,000
# reports: 3 min 20 s for a batch of 50 manuscripts, against 12 s through an index, same verdicts).
INDEX_HINT_SOURCES = 1000


def _load_with_progress(paths: list[str], lang: str):
    """Read a folder library: N/M and the file at hand on a terminal, and a hint to build an index
    when it is large (on any stderr: a CI log is where a slow gate is noticed)."""
    from .library import collect_files, load_library
    from .library.index import is_index

    if any(is_index(p) for p in paths):
        return load_library(paths)
    total = len(collect_files(paths))
    if total >= INDEX_HINT_SOURCES:
        where = " ".join(paths)
        print(f"quotecheck: 提示：资料库有 {total} 篇来源，每次核对都要全部读取；建一次索引会快得多："
              f"quotecheck library index {where} --db 资料库.db，之后用 --library 资料库.db" if lang == "zh" else
              f"quotecheck: hint: the library holds {total} sources, all read on every check; an index is much "
              f"faster: quotecheck library index {where} --db library.db, then --library library.db",
              file=sys.stderr)
    with _progress(total if total >= 100 else 0, "读取资料库" if lang == "zh" else "reading library") as step:
        return load_library(paths, progress=step)


def _write_reports(outcomes, fmt: str, args, inputs, articles: list[str]) -> None:
    """One file per article (--output-dir, or reports/ for html and markdown), or one combined report."""
    from .report.safe import one_line

    out_dir = args.output_dir or ("reports" if fmt in REPORT_FILES and not args.output else None)
    if out_dir:
        suffix = REPORT_FILES.get(fmt) or OTHER_SUFFIX[fmt]
        # Names from every article given, not only those checked: when one of two same-named
        # articles fails, the other keeps the name it has in a run where both succeed.
        names = dict(zip(articles, report_paths(out_dir, articles, suffix)))
        written = [names[o.path] for o in outcomes]
        for outcome, path in zip(outcomes, written):
            write_output(outcome.text, path, inputs=inputs)
            print(one_line(f"quotecheck: 已写出 {path}" if args.lang == "zh" else f"quotecheck: wrote {path}"),
                  file=sys.stderr)
        if _writes_index(fmt, args, outcomes):
            from .report.index_page import render_index

            rows = [(o.path, os.path.relpath(p, out_dir), o.counts) for o, p in zip(outcomes, written)]
            index = os.path.join(out_dir, INDEX_NAME)
            write_output(render_index(rows, totals_line(outcomes, args.lang == "zh").split(": ", 1)[1], args.lang),
                         index, inputs=inputs)
            print(f"quotecheck: 已写出 {index}" if args.lang == "zh" else f"quotecheck: wrote {index}", file=sys.stderr)
        return
    if fmt == "json" and len(outcomes) > 1:
        text = json.dumps({"version": 1, "reports": [o.data for o in outcomes]}, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "sarif" and len(outcomes) > 1:
        runs = [json.loads(o.text)["runs"][0] for o in outcomes]
        combined = json.loads(outcomes[0].text)
        combined["runs"] = runs
        text = json.dumps(combined, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "docx":  # one article (more need --output-dir): its reviewed copy
        if not outcomes:
            return
        text = outcomes[0].text
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
    """A transient progress bar on stderr, only on a terminal: N/M done and the file at hand.

    Entering gives `step(name=None)` (one more done; `name`: the one being worked on), or None off a
    terminal. `threaded=False` refreshes on each step instead of from a thread of its own, for a
    caller that forks (library index: a process that forks must not run other threads)."""

    def __init__(self, total: int, label: str, threaded: bool = True):
        self.total = total
        self.label = label
        self.threaded = threaded
        self.bar = None

    def __enter__(self):
        if self.total > 1 and sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TextColumn("{task.fields[current]}", style="dim"),
                                console=Console(file=sys.stderr), transient=True, auto_refresh=self.threaded)
            self.bar.start()
            task = self.bar.add_task(self.label, total=self.total, current="")

            def step(name: str | None = None, done: int | None = None, total: int | None = None) -> None:
                fields = {} if name is None else {"current": name[-60:]}
                if total is not None:
                    fields["total"] = max(total, 1)
                if done is None:
                    self.bar.update(task, advance=1, **fields)
                else:
                    self.bar.update(task, completed=done, **fields)
                if not self.threaded:
                    self.bar.refresh()
            return step
        return None

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()
        return False


class _steps:
    """A transient bar for the steps of one manuscript (pages read, quotations searched and
    checked), on a terminal, once it has taken SHOW_AFTER seconds: a 2,000-page PDF or 100,000
    paragraphs take minutes, and a silent terminal looks hung."""

    SHOW_AFTER = 3.0

    def __init__(self, wanted: bool):
        self.wanted = wanted and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
        self.bar = None
        self.tasks: dict[str, object] = {}
        self.started = self.shown = 0.0

    def __enter__(self):
        if self.wanted:
            from . import progress

            self.started = time.monotonic()
            self.previous = progress.listen(self.step)
        return self

    def step(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.shown < 0.1 and done < total:
            return  # a redraw per step would cost more than the step
        if self.bar is None:
            if now - self.started < self.SHOW_AFTER:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
        if what not in self.tasks:
            self.tasks[what] = self.bar.add_task(what, total=total)
        self.bar.update(self.tasks[what], completed=done, total=total)
        self.shown = now

    def __exit__(self, *exc):
        if self.wanted:
            from . import progress

            progress.listen(self.previous)
        if self.bar:
            self.bar.stop()
        return False


REPORT_FILES = {"html": ".html", "markdown": ".md", "docx": ".reviewed.docx"}
INDEX_NAME = "index.html"  # a batch's overview beside its html or docx reports


def _writes_index(fmt: str, args, paths) -> bool:
    return fmt in ("html", "docx") and (len(paths) > 1 or bool(args.output_dir))
OTHER_SUFFIX = {"json": ".json", "sarif": ".sarif", "junit": ".xml", "concise": ".txt", "pretty": ".txt",
                "github": ".txt"}


BASELINE_VERSION = 1


def _is_store(path: str) -> bool:
    """A decision store given as a baseline: a file the store wrote (its SQLite header names it), or a
    new file named *.sqlite. Any other database (an index) stays refused as a baseline."""
    from .decisions import is_store_file

    if os.path.exists(path):
        return is_store_file(path)
    return path.endswith((".sqlite", ".sqlite3"))


def _read_baseline(path: str) -> set[str]:
    """The fingerprints of a baseline written by --write-baseline, or of the findings decided on in
    a decision store (CI and editors share one record); anything else is refused in one line."""
    if _is_store(path):
        from .decisions import DecisionStore

        if not os.path.exists(path):
            return set()
        with DecisionStore(path) as store:
            return set(store.current())
    shape_en = f"not a quotecheck baseline (expected JSON {{\"version\": {BASELINE_VERSION}, \"findings\": [...]}} " \
               f"as --write-baseline writes it)"
    shape_zh = f"不是 quotecheck 基线文件（应为 --write-baseline 写出的 JSON：{{\"version\": {BASELINE_VERSION}, " \
               f"\"findings\": [...]}}）"
    try:
        data = json.loads(read_text(path).text)
    except RecursionError:
        raise _error("not a quotecheck baseline (JSON nested too deeply)", "不是 quotecheck 基线文件（JSON 嵌套过深）",
                     path) from None
    except ValueError as exc:
        raise _error(f"not a quotecheck baseline (invalid JSON: {exc})", f"不是 quotecheck 基线文件（JSON 有误：{exc}）",
                     path) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise _error(shape_en, shape_zh, path)
    version = data.get("version")
    if version != BASELINE_VERSION:
        raise _error(f"baseline version {version!r} is not one this quotecheck reads (version {BASELINE_VERSION}); "
                     f"re-write it with --write-baseline",
                     f"基线版本 {version!r} 无法读取（本版本读取第 {BASELINE_VERSION} 版）；请用 --write-baseline 重写",
                     path)
    fingerprints = set()
    for item in data["findings"]:
        fp = item.get("fingerprint") if isinstance(item, dict) else None
        if not isinstance(fp, str) or not re.fullmatch(r"[0-9a-f]{8,64}", fp):
            raise _error(shape_en + f"; an entry has no fingerprint: {str(item)[:60]}",
                         shape_zh + f"；有一条记录没有指纹：{str(item)[:60]}", path)
        fingerprints.add(fp)
    return fingerprints


def _write_baseline(path: str, findings, inputs) -> int:
    """`findings`: (fingerprint, rule, quote) of every finding, before any baseline filter. Into a
    decision store: each finding not decided yet is recorded as dismissed by the baseline."""
    if _is_store(path):
        from .decisions import Decision, DecisionStore, now_utc

        with DecisionStore(path) as store:
            known = store.current()
            when = now_utc()
            new = {fp: Decision(fp, "dismissed", "基线：引入 quotecheck 前已有的发现（--write-baseline）", "quotecheck",
                                when, quote or "", "", "baseline", rule)
                   for fp, rule, quote in findings if fp not in known}
            store.record_many(new.values())
            return len(known) + len(new)
    entries = {fp: {"fingerprint": fp, "rule": rule, "quote": quote} for fp, rule, quote in findings}
    data = {"version": BASELINE_VERSION, "findings": [entries[fp] for fp in sorted(entries)]}
    write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path, inputs=inputs)
    return len(entries)


# The rule categories as editors name them (`quotecheck rules`): wording, dates, sources, coverage.
CATEGORY_ZH = {"drift": "措辞", "date": "日期", "citation": "出处", "coverage": "覆盖"}


def run_rules(args) -> int:
    from .report.model import SEVERITY_ZH
    from .rules import find_config, load_rules

    config, path = find_config(args.config)
    lang = lang_of(args.lang, config)
    args.lang = lang
    for rule in load_rules(list(config.get("rules", [])) + args.rules, config, path):
        state = "" if rule.enabled else "  (off)"
        summary = rule.summary_for(lang)
        if lang == "zh":
            category, severity = CATEGORY_ZH[rule.category], SEVERITY_ZH[rule.severity]
            print(f"{rule.code}  {rule.name:<34} {category:<4} {severity:<4} {summary}{state and '  （已关闭）'}")
        else:
            print(f"{rule.code}  {rule.name:<34} {rule.category:<9} {rule.severity:<8} {summary}{state}")
    return 0


def run_explain(args) -> int:
    from .rules import find_config, load_rules

    config, path = find_config(args.config)
    lang = lang_of(args.lang, config)
    args.lang = lang
    wanted = args.code.strip()
    for rule in load_rules(list(config.get("rules", [])) + args.rules, config, path):
        names = {rule.code.lower(), rule.name.lower(), *(a.lower() for a in rule.aliases)}
        if wanted.lower() in names:
            print(explain_text(rule, lang))
            return 0
    raise _error(f"no rule {wanted!r} (`quotecheck rules` lists codes and names)",
                 f"没有规则 {wanted!r}（`quotecheck rules` 列出全部代码和名称）")


def explain_text(rule, lang: str) -> str:
    zh = lang == "zh"
    message, fix = rule.message_for(lang)
    doc = (rule.doc or rule.doc_en) if zh else (rule.doc_en or rule.doc)
    state = "" if rule.enabled else " (off)"
    labels = ("message", "fix", "evaluator", "params", "aliases", "defined in")  # keys, as in the rule file
    lines = [f"{rule.code} {rule.name} ({rule.category}, {rule.severity}){state}", "", rule.summary_for(lang)]
    if doc:
        lines += ["", doc.strip()]
    lines += ["", f"{labels[0]}: {message}", f"{labels[1]}: {fix}",
              f"{labels[2]}: {rule.evaluator}", f"{labels[3]}: {json.dumps(rule.params, ensure_ascii=False)}"]
    if rule.aliases:
        lines.append(f"{labels[4]}: {', '.join(rule.aliases)}")
    lines.append(f"{labels[5]}: {rule.path}:{rule.line}")
    return "\n".join(lines)


def run_index(args) -> int:
    import time

    from .library.index import build_index, index_size

    start = time.perf_counter()
    lang = lang_of(args.lang)
    with _progress(2, "建立索引" if lang == "zh" else "indexing", threaded=False) as step:
        # N/M files read and the one at hand; nothing when there is no terminal (CI logs stay clean)
        report = (lambda done, total, name: step(name, done=done, total=total)) if step else None
        stats = build_index(args.paths, args.db, workers=args.jobs or None, progress=report)
    seconds = time.perf_counter() - start
    size = index_size(args.db) / 2**20
    print(index_summary(args.db, stats, seconds, size, lang), file=sys.stderr)
    return 0



def index_summary(db: str, stats, seconds: float, size_mb: float, lang: str = "zh") -> str:
    """One line whose counts add up: every file is added, updated, unchanged or skipped; duplicates
    (the same text as an earlier file) are among them and are not searched; removed files are gone."""
    if lang == "zh":
        line = (f"{db}：共 {stats.files} 个文件：新增 {stats.added}，更新 {stats.updated}，未变 {stats.unchanged}，"
                f"删除 {stats.removed}，跳过 {stats.skipped}")
        if stats.duplicates:
            line += f"（其中 {stats.duplicates} 个与先前文件文字相同，不检索）"
        return (line + f"；索引了 {stats.text_bytes / 2**20:.1f} MB 文字，用时 {seconds:.1f} 秒（{stats.shards} 个分片）；"
                       f"索引 {size_mb:.1f} MB")
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count != 1 else ''}"

    line = (f"{db}: {n(stats.files, 'file')}: {stats.added} added, {stats.updated} updated, "
            f"{stats.unchanged} unchanged, {stats.removed} removed, {stats.skipped} skipped")
    if stats.duplicates:
        line += (f" ({stats.duplicates} of the {stats.files} repeat{'s' if stats.duplicates == 1 else ''} an earlier "
                 f"file's text and {'is' if stats.duplicates == 1 else 'are'} not searched)")
    return (line + f"; {stats.text_bytes / 2**20:.1f} MB indexed in {seconds:.1f} s ({n(stats.shards, 'shard')}); "
                   f"index {size_mb:.1f} MB")
