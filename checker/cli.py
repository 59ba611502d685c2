"""Command line: `quotecheck extract|check|rules|explain ...` (also `python -m checker`).

Results go to stdout, logs and progress to stderr. Exit codes: 0 nothing at or
above --fail-on, 1 findings at or above it, 2 usage, input, rule-file or internal error.
"""
from __future__ import annotations

import argparse
import logging
import sys
import traceback

from .errors import QuoteCheckError

log = logging.getLogger("quotecheck")

EXTRACT_FORMATS = ("pretty", "json")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        raise QuoteCheckError(message)


def build_parser() -> argparse.ArgumentParser:
    from .report import FORMATS

    parser = _Parser(prog="quotecheck", description="Check the quotations of a Chinese article against their sources.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    ex = sub.add_parser("extract", help="list the quotations and references found in an article")
    ex.add_argument("article")
    ex.add_argument("--format", default="pretty", help="pretty|json")
    ex.add_argument("--output", "-o")
    ex.add_argument("--lang", default="zh", choices=["zh", "en"])
    ex.add_argument("--text", action="store_true",
                    help="print the text read from the article (a .docx/.pdf manuscript: the text whose line "
                         "numbers SARIF, GitHub and concise reports use)")

    ck = sub.add_parser("check", help="check quotations against a library of sources")
    ck.add_argument("articles", nargs="+", metavar="ARTICLE", help="files, folders or globs")
    ck.add_argument("--library", "-l", nargs="+", action="extend", default=[], metavar="PATH",
                    help="source files or folders (repeatable)")
    ck.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule directory")
    ck.add_argument("--config", metavar="FILE", help="configuration file (default: [tool.quotecheck] in pyproject.toml)")
    ck.add_argument("--format", "-f", default=None, help="|".join(FORMATS) + " (default: pretty on a terminal, else concise)")
    ck.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    ck.add_argument("--output-dir", metavar="DIR", help="write one report per article into DIR")
    ck.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                    help="check N articles in parallel (default: all cores)")
    ck.add_argument("--scheduler", metavar="ADDRESS", help="run the batch on a Dask distributed cluster")
    ck.add_argument("--fail-on", default="error", choices=["error", "warning", "info", "never"])
    ck.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are at or above --fail-on")
    ck.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of messages")
    ck.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    ck.add_argument("--write-baseline", metavar="FILE", help="record today's findings as the baseline")

    lb = sub.add_parser("library", help="manage a library index")
    lbsub = lb.add_subparsers(dest="library_command", parser_class=_Parser)
    ix = lbsub.add_parser("index", help="build or update a persistent index of sources (SQLite FTS5)")
    ix.add_argument("paths", nargs="+", metavar="PATH")
    ix.add_argument("--db", required=True, metavar="FILE", help="the index file to create or update")
    ix.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                    help="full-text shards built in parallel when the index is created (default: all cores)")

    rl = sub.add_parser("rules", help="list the rules in force")
    rl.add_argument("--rules", action="append", default=[], metavar="DIR")
    rl.add_argument("--config", metavar="FILE")
    xp = sub.add_parser("explain", help="explain one rule")
    xp.add_argument("code")
    xp.add_argument("--rules", action="append", default=[], metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="quotecheck: %(levelname)s: %(message)s",
                        stream=sys.stderr)
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
        print(f"quotecheck: error: {exc}", file=sys.stderr)
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
