"""`--format concise`: one line per finding, `path:line:col: CODE [severity] message`."""
from __future__ import annotations

from .model import Report


def render(report: Report) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {_where(report, f)}{f.message}"
             for f in report.findings]
    return "\n".join(lines) + ("\n" if lines else "")


def _where(report: Report, finding) -> str:
    """A manuscript's own place before the message (`第29段：`, `page 6, line 12: `); "" for text."""
    where = report.where(finding.line, finding.quote)
    if not where:
        return ""
    return f"{where}：" if report.lang == "zh" else f"{where}: "
