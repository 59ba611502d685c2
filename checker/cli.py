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

from .errors import QuoteCheckError, in_chinese

log = logging.getLogger("quotecheck")

EXTRACT_FORMATS = ("pretty", "json")

EXAMPLES = """examples:
  quotecheck check article.txt --library sources/ --format html
      check one article against a folder of sources; the review report goes to reports/article.html
  quotecheck check 'issues/2026-*/*.md' --library archive.db --fail-on warning --format github
      a CI gate: every article of an issue against an index, failing on warnings too

exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, input or rule-file error
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        raise UsageError(message)


class UsageError(QuoteCheckError):
    """A command line argparse refused."""


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .report import FORMATS

    parser = _Parser(prog="quotecheck", description="Check the quotations of a Chinese article against their sources.",
                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"quotecheck {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    ex = sub.add_parser("extract", help="list the quotations and references found in an article")
    ex.add_argument("article", metavar="ARTICLE", help="the article file (.txt, .md, .docx or .pdf)")
    ex.add_argument("--format", default="pretty", help="pretty|json (default: pretty)")
    ex.add_argument("--output", "-o", metavar="FILE", help="write the result here instead of stdout")
    ex.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of labels (default: zh)")
    ex.add_argument("--text", action="store_true",
                    help="print the text read from the article (a .docx/.pdf manuscript: the text whose line "
                         "numbers SARIF, GitHub and concise reports use)")

    ck = sub.add_parser("check", help="check quotations against a library of sources", epilog=EXAMPLES,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    ck.add_argument("articles", nargs="*", metavar="ARTICLE", help="files, folders or globs")
    ck.add_argument("--library", "-l", nargs="+", action="extend", default=[], metavar="PATH",
                    help="source files or folders, or one index file; takes every path after it up to the next "
                         "option (put the articles first, or end the list with --); repeatable")
    ck.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    ck.add_argument("--config", metavar="FILE", help="configuration file (default: [tool.quotecheck] in the nearest "
                                                     "pyproject.toml)")
    ck.add_argument("--format", "-f", default=None, metavar="FORMAT",
                    help="|".join(FORMATS) + " (default: pretty on a terminal, else concise)")
    ck.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    ck.add_argument("--output-dir", metavar="DIR", help="write one report per article into DIR")
    ck.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                    help="check N articles in parallel (default: all cores)")
    ck.add_argument("--scheduler", metavar="ADDRESS", help="run the batch on a Dask distributed cluster")
    ck.add_argument("--fail-on", default=None, choices=["error", "warning", "info", "never"],
                    help="exit 1 when a finding is at or above this severity (default: error)")
    ck.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are at or above --fail-on")
    ck.add_argument("--lang", default=None, choices=["zh", "en"], help="language of messages (default: zh)")
    ck.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    ck.add_argument("--write-baseline", metavar="FILE", help="record today's findings as the baseline (exits 0)")
    ck.add_argument("--decisions", metavar="FILE",
                    help="the editors' decisions on findings (SQLite; default: reports/decisions.sqlite when it "
                         "exists): findings decided there are shown as reviewed and do not fail the check")

    lb = sub.add_parser("library", help="manage a library index")
    lbsub = lb.add_subparsers(dest="library_command", parser_class=_Parser, metavar="COMMAND")
    ix = lbsub.add_parser("index", help="build or update a persistent index of sources (SQLite FTS5)")
    ix.add_argument("paths", nargs="+", metavar="PATH", help="source files or folders")
    ix.add_argument("--db", required=True, metavar="FILE", help="the index file to create or update")
    ix.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                    help="full-text shards built in parallel when the index is created (default: all cores)")

    sv = sub.add_parser("serve", help="the editors' desk: a local web app to upload, review and download")
    sv.add_argument("--library", "-l", nargs="+", action="extend", default=[], metavar="PATH",
                    help="source files or folders, or one index file (default: the configuration's library)")
    sv.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    sv.add_argument("--config", metavar="FILE", help="configuration file (default: the nearest pyproject.toml)")
    sv.add_argument("--data", default="reports", metavar="DIR",
                    help="the folder the app writes to: manuscripts, added sources, decisions (default: reports)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    sv.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    sv.add_argument("--lang", default=None, choices=["zh", "en"], help="language of the pages (default: zh)")
    sv.add_argument("--max-files", type=int, default=20, metavar="N", help="files per upload (default: 20)")
    sv.add_argument("--max-upload-mb", type=int, default=20, metavar="MB", help="size of one file (default: 20)")

    rl = sub.add_parser("rules", help="list the rules in force")
    rl.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    rl.add_argument("--config", metavar="FILE", help="configuration file (default: the nearest pyproject.toml)")
    rl.add_argument("--lang", default=None, choices=["zh", "en"], help="language of the summaries (default: zh)")
    xp = sub.add_parser("explain", help="explain one rule")
    xp.add_argument("code", metavar="RULE", help="a rule code (QC101, qc101) or name (quote-wording-changed)")
    xp.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory (repeatable)")
    xp.add_argument("--config", metavar="FILE", help="configuration file (default: the nearest pyproject.toml)")
    xp.add_argument("--lang", default=None, choices=["zh", "en"], help="language of the explanation (default: zh)")
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
    return "zh"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="quotecheck: %(levelname)s: %(message)s",
                        stream=sys.stderr)
    args = None
    try:
        args = build_parser().parse_args(argv)
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
        build_parser().print_help(sys.stderr)
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
        print("quotecheck: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error still ends in one line and exit 2
        if debug:
            traceback.print_exc()
        print(f"quotecheck: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
              file=sys.stderr)
        return 2
