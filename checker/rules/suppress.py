"""Inline markers that silence one finding in a .md/.txt article, ruff's `# noqa` for prose:

    <!-- quotecheck: ignore QC310 作者自拟的标题，不是引文 -->

A marker names the codes it silences (a marker naming none silences nothing) and gives a reason.
On a line with text, it covers that line; on a line of its own, the paragraph after it (up to
the next blank line). A marker that silences nothing is reported (QC490), so markers do not
outlive the findings they were written for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..check import CheckResult
from .evaluators import Evaluator, Hit

MARKER = re.compile(r"<!--\s*quotecheck\s*:\s*ignore\b(?P<rest>.*?)-->")
_CODE = re.compile(r"QC\d{3}")


@dataclass
class Suppression:
    line: int  # where the marker is written
    codes: tuple[str, ...]
    reason: str
    first: int  # the lines it covers
    last: int
    used: set[str] = field(default_factory=set)  # the codes it silenced

    @property
    def unused(self) -> tuple[str, ...]:
        return tuple(c for c in self.codes if c not in self.used) if self.codes else ("",)


def find(article) -> list[Suppression]:
    """The markers of a .md/.txt article (a manuscript's text has none: Word and PDF keep no comments)."""
    if article.kind != "text" or "quotecheck" not in article.raw:
        return []
    lines = article.raw.split("\n")
    found = []
    for index, text in enumerate(lines):
        for m in MARKER.finditer(text):
            rest = m.group("rest").strip()
            codes = tuple(dict.fromkeys(_CODE.findall(rest)))
            reason = _CODE.sub("", rest).strip(" ,，、:：")
            line = index + 1
            if MARKER.sub("", text).strip():
                first = last = line
            else:
                first = line + 1
                while first <= len(lines) and not lines[first - 1].strip():
                    first += 1
                last = first
                while last < len(lines) and lines[last].strip():
                    last += 1
            found.append(Suppression(line, codes, reason, first, last))
    return found


def apply(findings: list, markers: list[Suppression]) -> list:
    """The findings no marker silences; each marker learns which of its codes it used."""
    kept = []
    for finding in findings:
        marker = next((m for m in markers if finding.rule in m.codes
                       and m.first <= finding.end_line and finding.line <= m.last), None)
        if marker is None:
            kept.append(finding)
        else:
            marker.used.add(finding.rule)
    return kept


def unused_suppression(check: CheckResult, params: dict) -> Iterator[Hit]:
    """Markers that silenced nothing (run after the other rules: see load.run_rules)."""
    for marker in check.suppressions:
        missing = marker.unused
        if not missing:
            continue
        codes = "、".join(c for c in missing if c)
        yield Hit(fields={"line": marker.line, "codes": codes or "（未写规则代码）", "codes_en": ", ".join(c for c in missing if c)
                          or "(no rule code)", "reason": marker.reason},
                  line=marker.line, end_line=marker.line, key=f"suppression@{','.join(missing)}@{marker.reason}")


EVALUATORS = {
    "unused_suppression": Evaluator(unused_suppression, {}, frozenset({"line", "codes", "codes_en", "reason"}),
                                    "an inline quotecheck: ignore marker that silences nothing"),
}
