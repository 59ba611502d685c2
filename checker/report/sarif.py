"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards."""
from __future__ import annotations

import json

from .. import __version__
from .model import Report

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report) -> str:
    from ..rules import load_rules

    reviewed = list(report.reviewed)
    codes = sorted({f.rule for f in report.findings} | {f.rule for f, _ in reviewed})
    rules = {r.code: r for r in load_rules()}
    rule_entries = []
    for code in codes:
        rule = rules.get(code)
        rule_entries.append({
            "id": code, "name": rule.name if rule else code,
            "shortDescription": {"text": rule.summary if rule else code},
            "fullDescription": {"text": (rule.doc_en or rule.summary) if rule else code},
            "defaultConfiguration": {"level": _LEVEL[rule.severity] if rule else "warning"},
            "properties": {"category": rule.category if rule else ""},
        })
    index = {code: i for i, code in enumerate(codes)}
    results = [_result(report, f, index) for f in report.findings]
    # Findings the editors decided on stay in the log, suppressed, saying who decided, when and why
    # (SARIF 2.1.0 §3.35): a code-scanning dashboard shows them as dismissed, not as open alerts.
    for f, decision in reviewed:
        result = _result(report, f, index)
        result["suppressions"] = [_suppression(decision)]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "quotecheck", "version": __version__, "informationUri":
                                "https://example.invalid/quotecheck", "rules": rule_entries}},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": report.article.path}}],
            "results": results,
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _result(report: Report, f, index: dict) -> dict:
    region = {"startLine": f.line, "endLine": max(f.end_line, f.line), "startColumn": max(1, f.column)}
    if f.end_column and f.end_line == f.line and f.end_column > f.column:
        region["endColumn"] = f.end_column
    here = report.location(f.line, f.quote)  # a manuscript's page and line, or paragraph
    location = {"physicalLocation": {"artifactLocation": {"uri": f.path}, "region": region}}
    if here:
        location["logicalLocations"] = [{"name": here.describe(report.lang),
                                         "kind": "page" if here.page is not None else "paragraph"}]
    return {
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
        "message": {"text": f.message + (" " + f.fix if f.fix else "")},
        "locations": [location],
        "partialFingerprints": {"quotecheck/v1": f.fingerprint},
        "properties": {"category": f.category, "source": f.source}
        | ({"location": here.to_json()} if here else {}),
    }


def _suppression(decision) -> dict:
    """A SARIF suppression: decided outside the source (kind external), accepted, with the reason."""
    return {"kind": "external", "status": "accepted", "justification": decision.reason or decision.decision,
            "properties": {"decision": decision.decision, "who": decision.who, "when": decision.when,
                           "surface": decision.surface}}
