"""The verbs behind the command line, kept apart from argument parsing."""
from __future__ import annotations

import json
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
