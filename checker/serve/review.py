"""What the review page shows of one manuscript: its findings, each with its quotation and the
editors' decisions on it. A view of the records the CLI renders (report.review), no second model."""
from __future__ import annotations

from dataclasses import dataclass, field

REVIEWED = ("error", "warning")  # stepped through one at a time; infos are listed
DISMISS_REASONS = [  # (zh, en): offered in the dismiss form; a typed reason is as good
    ("有意改写或概括", "an intended adaptation or summary"),
    ("资料库中的原文是另一版本", "the library holds another version of the source"),
    ("已另行核对原文", "checked against the source elsewhere"),
]


@dataclass
class Item:
    """One finding to decide on."""

    number: int  # 0-based position among the manuscript's findings to review
    finding: object  # rules.Finding
    view: object | None  # report.review.QuoteView of its quotation (None: a note, a reference)
    where: str  # `第27段`, `第6页第12行`, `L815`
    decision: object | None = None  # decisions.Decision, the current one
    history: list = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return self.finding.fingerprint


def findings_to_review(manuscript, with_info: bool = False) -> list[Item]:
    """The manuscript's findings at warning or error (and infos when asked), in article order."""
    report = manuscript.report
    if report is None:
        return []
    view_of = {id(f): v for v in manuscript.views for f in v.findings}
    chosen = [f for f in report.findings if with_info or f.severity in REVIEWED]
    return [Item(i, f, view_of.get(id(f)), report.line_label(f.line, quote=f.quote, prefix=""))
            for i, f in enumerate(chosen)]


def with_decisions(items: list[Item], store, history_of: Item | None = None) -> list[Item]:
    """The current decision of every item; the full history of one."""
    current = store.current([item.fingerprint for item in items])
    for item in items:
        item.decision = current.get(item.fingerprint)
    if history_of is not None:
        history_of.history = store.history(history_of.fingerprint)
    return items


def counts(manuscript, store) -> dict:
    """The chief editor's row: quotations checked, errors, warnings, reviewed, sources missing."""
    report = manuscript.report
    if report is None:
        return {}
    status = report.status_counts()
    severity = report.severity_counts()
    items = findings_to_review(manuscript)
    decided = store.current([i.fingerprint for i in items]) if items else {}
    return {"quotations": sum(status.values()),
            "checked": sum(n for s, n in status.items() if s not in ("unverifiable", "uncited")),
            "verified": status["verified"] + status["variant"],
            "error": severity["error"], "warning": severity["warning"], "info": severity["info"],
            "to_review": len(items), "reviewed": sum(1 for i in items if i.fingerprint in decided),
            "missing": len(report.missing_sources())}
