"""What the editorial review report (HTML and Markdown) shows for each quotation, computed once."""
from __future__ import annotations

from dataclasses import dataclass

from .diff import side_by_side
from .model import Report

SHOWN_STATUSES = ("drift", "misattributed", "not_found", "variant", "uncited", "unverifiable", "verified")


@dataclass
class QuoteView:
    result: object
    findings: list
    source_pieces: list | None  # [(text, tag)] or None when there is no aligned source text
    quote_pieces: list
    worst: str  # error | warning | info | ok


def quote_views(report: Report) -> list[QuoteView]:
    views = []
    rank = {"error": 0, "warning": 1, "info": 2}
    for result in report.check.quotes:
        q = result.quote
        findings = [f for f in report.by_quote.get(q.text, []) if (f.line in (q.line, q.claim_line)
                    or f.category != "drift")]
        findings = [f for f in findings if _belongs(f, result)]
        src = qt = None
        if result.alignment and result.source:
            source_text = result.source.body.display[result.alignment.start:result.alignment.end]
            src, qt = side_by_side(source_text, q.text)
        worst = min((f.severity for f in findings), key=lambda s: rank[s], default="ok")
        views.append(QuoteView(result, findings, src, qt or [(q.text, "same")], worst))
    order = {"error": 0, "warning": 1, "info": 2, "ok": 3}
    return sorted(views, key=lambda v: (order[v.worst], v.result.quote.line))


def _belongs(finding, result) -> bool:
    q = result.quote
    ref = q.reference
    if q.line <= finding.line <= q.end_line or finding.line == q.claim_line:
        return True
    return bool(ref and ref.line <= finding.line <= ref.end_line)
