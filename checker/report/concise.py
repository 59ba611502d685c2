"""`--format concise`: one line per finding, `path:line:col: CODE [severity] message`."""
from __future__ import annotations

from .model import Report


def render(report: Report) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}" for f in report.findings]
    return "\n".join(lines) + ("\n" if lines else "")
