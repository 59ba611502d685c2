"""Command line: `quotecheck extract|check|serve|rules|explain|library index ...` (also `python -m checker`).

Results go to stdout, logs and progress to stderr. Exit codes: 0 nothing at or above --fail-on,
1 findings at or above it, 2 usage, input, rule-file or internal error (one line on stderr, in
Chinese unless --lang en or `lang = "en"` in the configuration).
"""
from __future__ import annotations

import argparse
import logging
import sys
import traceback

from .errors import QuoteCheckError, env_lang, in_chinese

log = logging.getLogger("quotecheck")

EXTRACT_FORMATS = ("pretty", "json")

EXAMPLES = {
    "zh": """示例：
  quotecheck check 文章.txt --library 资料/ --format html
      用一个文件夹的原文核对一篇文章；审阅报告写到 reports/文章.html
  quotecheck check '期刊/2026-*/*.md' --library 资料.db --fail-on warning --format github
      流水线把关：用索引核对一期的每篇文章，有警告也不通过

退出码：0 没有达到 --fail-on 的问题，1 有，2 用法、输入或规则文件错误
""",
    "en": """examples:
  quotecheck check article.txt --library sources/ --format html
      check one article against a folder of sources; the review report goes to reports/article.html
  quotecheck check 'issues/2026-*/*.md' --library archive.db --fail-on warning --format github
      a CI gate: every article of an issue against an index, failing on warnings too

exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, input or rule-file error
""",
}

# Every help text in Chinese and English: (zh, en).
HELP = {
    "description": ("核对中文文章中的引文与所引原文是否一致。", "Check the quotations of a Chinese article against their sources."),
    "help": ("显示本帮助并退出", "show this help message and exit"),
    "version": ("显示版本号并退出", "show the version and exit"),
    "debug": ("出错时显示调用栈和调试日志", "show tracebacks and debug logs"),
    "extract": ("列出文章中找到的引文和参考文献", "list the quotations and references found in an article"),
    "article": ("文章文件（.txt、.md、.docx、.pdf 或 .html）", "the article file (.txt, .md, .docx, .pdf or .html)"),
    "extract_format": ("pretty|json（默认 pretty）", "pretty|json (default: pretty)"),
    "output": ("把结果写到这个文件，而不是标准输出", "write the result here instead of stdout"),
    "lang_labels": ("标签的语言（默认 zh，或按 LANG 环境变量）", "language of labels (default: zh, or as LANG says)"),
    "text": ("打印从文章读出的文字（.docx/.pdf 稿件：SARIF、GitHub 和 concise 报告的行号所指的文字）",
             "print the text read from the article (a .docx/.pdf manuscript: the text whose line numbers SARIF, "
             "GitHub and concise reports use)"),
    "check": ("用资料库中的原文核对引文", "check quotations against a library of sources"),
    "articles": ("文件、文件夹或通配符", "files, folders or globs"),
    "library": ("原文文件或文件夹，或一个索引文件；会取其后直到下一个选项的所有路径（请把文章写在前面，或用 -- 结束列表）；可重复",
                "source files or folders, or one index file; takes every path after it up to the next option "
                "(put the articles first, or end the list with --); repeatable"),
    "rules": ("另加的规则目录（可重复）", "extra rule directory (repeatable)"),
    "config": ("配置文件（默认：最近的 pyproject.toml 中的 [tool.quotecheck]）",
               "configuration file (default: [tool.quotecheck] in the nearest pyproject.toml)"),
    "format": ("{formats}（默认：终端上 pretty，否则 concise）", "{formats} (default: pretty on a terminal, else concise)"),
    "output_report": ("把报告写到这个文件，而不是标准输出", "write the report here instead of stdout"),
    "output_dir": ("每篇文章一份报告，写到这个目录", "write one report per article into DIR"),
    "jobs": ("同时核对 N 篇文章（默认：全部 CPU 核心）", "check N articles in parallel (default: all cores)"),
    "scheduler": ("在 Dask distributed 集群上运行这批核对", "run the batch on a Dask distributed cluster"),
    "fail_on": ("有达到这个严重程度的问题时退出码为 1（默认 error）",
                "exit 1 when a finding is at or above this severity (default: error)"),
    "exit_zero": ("即使有达到 --fail-on 的问题也以 0 退出", "exit 0 even when findings are at or above --fail-on"),
    "lang": ("消息的语言（默认 zh，或按 LANG 环境变量）", "language of messages (default: zh, or as LANG says)"),
    "baseline": ("只报告这个基线中没有记下的问题", "report only findings not recorded in this baseline"),
    "write_baseline": ("把今天的问题记为基线（退出码 0）", "record today's findings as the baseline (exits 0)"),
    "verbose": ("逐条列出每个跳过的重复来源等细节（默认只给一行汇总）",
                "name every duplicate source skipped and other details (by default one summary line)"),
    "decisions": ("编辑对问题的决定（SQLite；默认：存在时用 reports/decisions.sqlite）：已决定的问题显示为已审阅，不计入结果；"
                  "在 Word 批注本中作出的决定也记在这里",
                  "the editors' decisions on findings (SQLite; default: reports/decisions.sqlite when it exists): "
                  "findings decided there are shown as reviewed and do not fail the check; decisions made in a "
                  "reviewed Word copy are recorded there"),
    "no_suggestions": ("--format docx：只写批注，不标可接受的修订", "--format docx: comments only, no tracked changes to accept"),
    "library_cmd": ("管理资料库索引", "manage a library index"),
    "index": ("建立或更新资料库的持久索引（SQLite FTS5）", "build or update a persistent index of sources (SQLite FTS5)"),
    "paths": ("原文文件或文件夹", "source files or folders"),
    "db": ("要建立或更新的索引文件", "the index file to create or update"),
    "index_jobs": ("建立索引时并行建立的全文分片数（默认：全部 CPU 核心）",
                   "full-text shards built in parallel when the index is created (default: all cores)"),
    "serve": ("编辑工作台：在本机网页上上传、审阅、下载", "the editors' desk: a local web app to upload, review and download"),
    "serve_library": ("原文文件或文件夹，或一个索引文件（默认：配置中的资料库）",
                      "source files or folders, or one index file (default: the configuration's library)"),
    "data": ("工作台写入的文件夹：稿件、添加的原文、决定（默认 reports）",
             "the folder the app writes to: manuscripts, added sources, decisions (default: reports)"),
    "host": ("监听的地址（默认 127.0.0.1，只限本机）", "address to listen on (default: 127.0.0.1, this computer only)"),
    "port": ("端口（默认 8765；0 表示任选一个空闲端口）", "port (default: 8765; 0 picks a free one)"),
    "lang_pages": ("网页的语言（默认 zh）", "language of the pages (default: zh)"),
    "max_files": ("每次上传的文件数（默认 20）", "files per upload (default: 20)"),
    "max_upload": ("单个文件的大小上限，MB（默认 20）", "size of one file (default: 20)"),
    "rules_cmd": ("列出在用的规则", "list the rules in force"),
    "lang_summaries": ("规则摘要的语言（默认 zh）", "language of the summaries (default: zh)"),
    "explain": ("说明一条规则", "explain one rule"),
    "rule": ("规则代码（QC101、qc101）或名称（quote-wording-changed）",
             "a rule code (QC101, qc101) or name (quote-wording-changed)"),
    "lang_explain": ("说明的语言（默认 zh）", "language of the explanation (default: zh)"),
    "usage": ("用法：", "usage: "),
    "positionals": ("参数", "positional arguments"),
    "options": ("选项", "options"),
    "commands": ("命令", "commands"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        raise UsageError(message)


class UsageError(QuoteCheckError):
    """A command line argparse refused."""


def _formatter(lang: str):
    """argparse's help layout, with its own words (usage:) in the language of the help."""
    class Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            if prefix is None:  # argparse passes '' when it builds a subcommand's name
                prefix = HELP["usage"][lang != "zh"]
            return super().add_usage(usage, actions, groups, prefix=prefix)
    return Formatter


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    from . import __version__
    from .report import FORMATS

    en = lang != "zh"

    def h(key: str, **values) -> str:
        return HELP[key][en].format(**values).replace("%", "%%")

    def parser_for(add, name=None, **kw):
        made = add(name, formatter_class=_formatter(lang), add_help=False, **kw) if name else \
            _Parser(formatter_class=_formatter(lang), add_help=False, **kw)
        made._positionals.title = h("positionals")
        made._optionals.title = h("options")
        made.add_argument("-h", "--help", action="help", help=h("help"))
        return made

    parser = parser_for(None, prog="quotecheck", description=h("description"), epilog=EXAMPLES[lang if not en else "en"])
    parser.add_argument("--version", action="version", version=f"quotecheck {__version__}", help=h("version"))
    parser.add_argument("--debug", action="store_true", help=h("debug"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND", title=h("commands"))

    ex = parser_for(sub.add_parser, "extract", help=h("extract"))
    ex.add_argument("article", metavar="ARTICLE", help=h("article"))
    ex.add_argument("--format", default="pretty", help=h("extract_format"))
    ex.add_argument("--output", "-o", metavar="FILE", help=h("output"))
    ex.add_argument("--lang", default=None, choices=["zh", "en"], help=h("lang_labels"))
    ex.add_argument("--text", action="store_true", help=h("text"))

    ck = parser_for(sub.add_parser, "check", help=h("check"), epilog=EXAMPLES["en" if en else "zh"])
    ck.add_argument("articles", nargs="*", metavar="ARTICLE", help=h("articles"))
    ck.add_argument("--library", "-l", nargs="+", action="extend", default=[], metavar="PATH", help=h("library"))
    ck.add_argument("--rules", action="append", default=[], metavar="DIR", help=h("rules"))
    ck.add_argument("--config", metavar="FILE", help=h("config"))
    ck.add_argument("--format", "-f", default=None, metavar="FORMAT", help=h("format", formats="|".join(FORMATS)))
    ck.add_argument("--output", "-o", metavar="FILE", help=h("output_report"))
    ck.add_argument("--output-dir", metavar="DIR", help=h("output_dir"))
    ck.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help=h("jobs"))
    ck.add_argument("--scheduler", metavar="ADDRESS", help=h("scheduler"))
    ck.add_argument("--fail-on", default=None, choices=["error", "warning", "info", "never"], help=h("fail_on"))
    ck.add_argument("--exit-zero", action="store_true", help=h("exit_zero"))
    ck.add_argument("--lang", default=None, choices=["zh", "en"], help=h("lang"))
    ck.add_argument("--baseline", metavar="FILE", help=h("baseline"))
    ck.add_argument("--write-baseline", metavar="FILE", help=h("write_baseline"))
    ck.add_argument("--decisions", metavar="FILE", help=h("decisions"))
    ck.add_argument("--verbose", "-v", action="store_true", help=h("verbose"))
    ck.add_argument("--no-suggestions", action="store_true", help=h("no_suggestions"))

    lb = parser_for(sub.add_parser, "library", help=h("library_cmd"))
    lbsub = lb.add_subparsers(dest="library_command", parser_class=_Parser, metavar="COMMAND", title=h("commands"))
    ix = parser_for(lbsub.add_parser, "index", help=h("index"))
    ix.add_argument("paths", nargs="+", metavar="PATH", help=h("paths"))
    ix.add_argument("--db", required=True, metavar="FILE", help=h("db"))
    ix.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help=h("index_jobs"))
    ix.add_argument("--lang", default=None, choices=["zh", "en"], help=h("lang"))
    ix.add_argument("--verbose", "-v", action="store_true", help=h("verbose"))

    sv = parser_for(sub.add_parser, "serve", help=h("serve"))
    sv.add_argument("--library", "-l", nargs="+", action="extend", default=[], metavar="PATH", help=h("serve_library"))
    sv.add_argument("--rules", action="append", default=[], metavar="DIR", help=h("rules"))
    sv.add_argument("--config", metavar="FILE", help=h("config"))
    sv.add_argument("--data", default="reports", metavar="DIR", help=h("data"))
    sv.add_argument("--host", default="127.0.0.1", help=h("host"))
    sv.add_argument("--port", type=int, default=8765, help=h("port"))
    sv.add_argument("--lang", default=None, choices=["zh", "en"], help=h("lang_pages"))
    sv.add_argument("--max-files", type=int, default=20, metavar="N", help=h("max_files"))
    sv.add_argument("--max-upload-mb", type=int, default=20, metavar="MB", help=h("max_upload"))

    rl = parser_for(sub.add_parser, "rules", help=h("rules_cmd"))
    rl.add_argument("--rules", action="append", default=[], metavar="DIR", help=h("rules"))
    rl.add_argument("--config", metavar="FILE", help=h("config"))
    rl.add_argument("--lang", default=None, choices=["zh", "en"], help=h("lang_summaries"))
    xp = parser_for(sub.add_parser, "explain", help=h("explain"))
    xp.add_argument("code", metavar="RULE", help=h("rule"))
    xp.add_argument("--rules", action="append", default=[], metavar="DIR", help=h("rules"))
    xp.add_argument("--config", metavar="FILE", help=h("config"))
    xp.add_argument("--lang", default=None, choices=["zh", "en"], help=h("lang_explain"))
    _debug_everywhere(parser)
    return parser


def _lang_of(argv: list[str], args) -> str:
    """The language errors are told in: --lang, else what the command resolved from the configuration."""
    resolved = getattr(args, "lang", None) if args is not None else None
    if resolved in ("zh", "en"):
        return resolved
    for i, item in enumerate(argv):
        if item == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if item.startswith("--lang="):
            return "en" if item.endswith("=en") else "zh"
    return env_lang() or "zh"


class _Warnings(logging.Formatter):
    """`quotecheck: 警告：…` in Chinese (the English original in brackets), `quotecheck: warning: …` in English."""

    def __init__(self, lang_now):
        super().__init__()
        self.lang_now = lang_now

    def format(self, record):
        from .report.safe import visible  # warnings name files, which may hold escape sequences: shown, not obeyed

        message = record.getMessage()
        level = record.levelname.lower()
        if self.lang_now() == "zh":
            label = {"warning": "警告", "error": "错误", "info": "提示", "debug": "调试"}.get(level, level)
            return visible(f"quotecheck: {label}：{in_chinese(message)}")
        return visible(f"quotecheck: {level}: {message}")


def _debug_everywhere(parser: argparse.ArgumentParser) -> None:
    """`--debug` after the command too (`check … --debug`), as the internal-error hint suggests."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                child.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                   help=argparse.SUPPRESS)
                _debug_everywhere(child)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    args = None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Warnings(lambda: _lang_of(argv, args)))  # the command may take it from the configuration
    verbose = "--verbose" in argv or "-v" in argv  # details logged as info (each duplicate) show too
    logging.basicConfig(level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
                        handlers=[handler], force=True)
    try:
        args = build_parser(_lang_of(argv, None)).parse_args(argv)
        if args.command == "extract":
            from .commands import run_extract
            return run_extract(args)
        if args.command == "check":
            from .commands import run_check
            return run_check(args)
        if args.command == "library" and getattr(args, "library_command", None) == "index":
            from .commands import run_index
            return run_index(args)
        if args.command == "serve":
            from .serve import run_serve
            return run_serve(args)
        if args.command == "rules":
            from .commands import run_rules
            return run_rules(args)
        if args.command == "explain":
            from .commands import run_explain
            return run_explain(args)
        build_parser(_lang_of(argv, args)).print_help(sys.stderr)
        return 2
    except QuoteCheckError as exc:
        if debug:
            traceback.print_exc()
        from .report.safe import one_line  # a file name's control characters are shown, not obeyed

        if _lang_of(argv, args) == "zh":
            print(f"quotecheck: 错误：{one_line(in_chinese(exc))}", file=sys.stderr)
        else:
            print(f"quotecheck: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("quotecheck: 已中断（interrupted）" if _lang_of(argv, args) == "zh" else "quotecheck: interrupted",
              file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error still ends in one line and exit 2
        if debug:
            traceback.print_exc()
        print(f"quotecheck: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
              file=sys.stderr)
        return 2
