"""`--format github`: workflow annotations (capped), the full table in $GITHUB_STEP_SUMMARY."""
from __future__ import annotations

import os

from .concise import _where
from .markdown import render as render_markdown
from .model import Report
from .safe import visible

MAX_ANNOTATIONS = 50  # GitHub shows only so many per step; the summary has them all
_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings[:MAX_ANNOTATIONS]:
        lines.append(f"::{_COMMAND[f.severity]} file={_escape_property(f.path)},line={f.line},endLine={max(f.end_line, f.line)},"
                     f"title={_escape_property(f.rule + ' ' + f.name)}::{_escape_data(_where(report, f) + f.message + ' ' + f.fix)}")
    hidden = len(report.findings) - MAX_ANNOTATIONS
    if hidden > 0:
        lines.append(f"::notice::quotecheck: {hidden} more findings are in the step summary")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(render_markdown(report))
    return "\n".join(lines) + ("\n" if lines else "")
