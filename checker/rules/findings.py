"""One frozen record per finding; every renderer reads this and nothing else."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 4}
CATEGORIES = ("drift", "date", "citation", "coverage")


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    message: str
    fix: str
    path: str
    line: int
    end_line: int
    column: int
    end_column: int
    quote: str | None
    source: str | None  # library id of the source involved
    source_line: int | None
    fingerprint: str
    evidence: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.rule, self.fingerprint)

    def to_json(self) -> dict:
        return {
            "rule": self.rule, "name": self.name, "category": self.category, "severity": self.severity,
            "line": self.line, "end_line": self.end_line, "column": self.column, "end_column": self.end_column,
            "message": self.message, "fix": self.fix, "quote": self.quote, "source": self.source,
            "source_line": self.source_line, "fingerprint": self.fingerprint, "evidence": self.evidence,
        }


def fingerprint(rule: str, key: str, source: str | None) -> str:
    """Stable across edits that move text: rule + normalised quotation/reference + source, no line numbers."""
    digest = hashlib.sha256(f"{rule}\x1f{key}\x1f{source or ''}".encode()).hexdigest()
    return digest[:20]
