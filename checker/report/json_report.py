"""`--format json`: the versioned contract other tools read (see docs/reference.md, "JSON report")."""
from __future__ import annotations

import json

from .model import Report

VERSION = 1
FOUND_IN_LISTED = 20  # the best witnesses; found_in_count says how many there are


def report_dict(report: Report) -> dict:
    article = report.article
    check = report.check
    results = {id(r.quote): r for r in report.quotes}  # scare quotes are terms here too
    quotations = []
    for quote in article.quotations:
        if quote.kind == "span":
            continue  # set apart by the author, held by no source: the author's own words
        result = results.get(id(quote))
        kind = "term" if id(quote) in report.scare_quotes else quote.kind
        ref = quote.reference
        alignment = result.alignment if result else None
        entry = {
            "text": quote.text, "line": quote.line, "end_line": quote.end_line, "column": quote.column,
            "kind": kind, "form": quote.form,
            "citation": ({"number": ref.number, "line": ref.line, "end_line": ref.end_line, "author": ref.author,
                          "title": ref.title, "publication": ref.publication,
                          "date": ref.date.iso if ref.date else None, "page": ref.page, "kind": ref.kind}
                         if ref else None),
            "source": alignment.source_id if alignment else None,
            "status": result.status if result else None,
            "score": alignment.score if alignment else None,
            "edits": [e.to_json() for e in alignment.edits] if alignment else [],
        }
        if result:
            entry["binding"] = result.binding
            entry["cited_source"] = result.reference.source.id if result.reference and result.reference.source else None
            entry["found_in"] = [{"id": w.source.id, "own_text": w.own_text, "score": w.alignment.score}
                                 for w in result.witnesses[:FOUND_IN_LISTED]]
            entry["found_in_count"] = len(result.witnesses)
            if alignment:
                entry["source_text"] = result.source.body.display[alignment.start:alignment.end]
                entry["source_line"] = result.source.line_of(alignment.start)
        here = report.location(quote.line, quote.text)
        if here:
            entry = _beside_line(entry, here)
        if quote.claim_date:
            entry["claimed_date"] = {"date": quote.claim_date.iso, "line": quote.claim_line}
        quotations.append(entry)
    return {
        "version": VERSION,
        "article": {"path": article.path, "sha256": article.sha256, "encoding": article.encoding}
        | ({"format": article.kind} if article.kind != "text" else {}),
        "library": [s.to_json() for s in report.listed_library()],
        "quotations": quotations,
        "findings": [_finding(report, f) for f in report.findings],
        "unmarked": [_unmarked(u) for u in check.unmarked],
        # Findings the editors decided on (decisions store or reviewed Word copy), with the decision.
        "reviewed": [_finding(report, f) | {"decision": {"decision": d.decision, "reason": d.reason, "who": d.who,
                                                         "when": d.when, "surface": d.surface}}
                     for f, d in report.reviewed],
        "summary": {
            "quotations": sum(1 for q in quotations if q["kind"] == "quotation"),
            "terms": sum(1 for q in quotations if q["kind"] == "term"),
            "status": report.status_counts(),
            "severity": report.severity_counts(),
            "references": len(article.references),
            "library_sources": check.library.size(),
            "missing_sources": [{"title": m.reference.title, "citation": m.reference.text,
                                 "date": m.reference.date.iso if m.reference.date else None,
                                 "lines": m.lines, "quotations": m.quotes} for m in report.missing_sources()],
        },
    }


def _unmarked(result) -> dict:
    """A sentence borrowed without marks that a source holds: verified (转述与原文一致) or how it differs."""
    return result.item.to_json() | {
        "source": result.source.id, "status": result.alignment.kind, "reason": result.reason,
        "score": result.alignment.score, "source_text": result.source_text(),
        "source_line": result.source.line_of(result.alignment.start), "source_speaker": result.source_speaker}


def _beside_line(entry: dict, here) -> dict:
    """`entry` with a `location` key right after `line` (manuscripts only: text JSON is unchanged)."""
    out = {}
    for key, value in entry.items():
        out[key] = value
        if key == "line":
            out["location"] = here.to_json()
    return out


def _finding(report: Report, finding) -> dict:
    entry = finding.to_json()
    here = report.location(finding.line, finding.quote)
    return _beside_line(entry, here) if here else entry


def render(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
