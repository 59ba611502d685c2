"""`--format junit`: one test case per quotation; error findings fail it."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from .model import Report
from .safe import one_line, visible


def render(report: Report) -> str:
    article = report.article
    path = one_line(article.path)  # XML 1.0 cannot hold control characters: show them instead
    suite = ET.Element("testsuite", name=f"quotecheck:{path}")
    failures = 0
    for result in report.quotes:
        q = result.quote
        case = ET.SubElement(suite, "testcase", classname=path, name=f"L{q.line} {one_line(q.text[:40])}",
                             file=path, line=str(q.line))
        mine = [f for f in report.by_quote.get(q.text, []) if _near(f, q)]
        errors = [f for f in mine if f.severity == "error"]
        if errors:
            failures += 1
            failure = ET.SubElement(case, "failure", message=one_line(errors[0].message), type=errors[0].rule)
            failure.text = "\n".join(f"{path}:{f.line}: {f.rule} [{f.severity}] {one_line(f.message)}" for f in mine)
        elif result.status in ("unverifiable", "uncited") and not mine:
            ET.SubElement(case, "skipped", message=result.status)
        elif mine:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{f.rule} [{f.severity}] {one_line(f.message)}" for f in mine)
    # Findings that belong to no quotation (a note, a marker) become their own cases.
    for f in report.findings:
        if f.severity == "error" and f.quote not in report.quote_texts:
            failures += 1
            case = ET.SubElement(suite, "testcase", classname=path, name=f"L{f.line} {f.rule}",
                                 file=path, line=str(f.line))
            ET.SubElement(case, "failure", message=one_line(f.message), type=f.rule).text = visible(f.fix)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _near(finding, quote) -> bool:
    ref = quote.reference
    return (quote.line <= finding.line <= quote.end_line or finding.line == quote.claim_line
            or bool(ref and ref.line <= finding.line <= ref.end_line))
