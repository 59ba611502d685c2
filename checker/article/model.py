"""What extraction finds in an article: quotations, footnote markers, and the article that holds them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.dates import PartialDate
from ..text.normalise import Canon, LineIndex, strip_punct
from . import layout as layout_mod
from .cite import Reference


@dataclass
class Marker:
    number: str
    start: int  # canonical offsets in the body text
    end: int
    line: int
    reference: Reference | None = None


@dataclass
class Quotation:
    text: str  # canonical words between the marks
    kind: str  # quotation | term
    start: int  # canonical offsets of the marks in the body text
    end: int
    line: int
    end_line: int
    column: int
    end_column: int
    marks: str = "“”"
    reference: Reference | None = None
    marker: Marker | None = None
    cue: bool = False
    block: bool = False  # a Markdown block quote after an attribution cue
    claim_date: PartialDate | None = None  # "2025 年 4 月，在……时" before the quotation
    claim_line: int | None = None

    @property
    def words(self) -> str:
        return strip_punct(self.text)

    @property
    def weight(self) -> int:
        """Length as a reader counts it: Chinese characters plus Latin words."""
        return text_weight(self.text)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "kind": self.kind,
            "citation": self.reference.to_json() if self.reference else None,
            "claimed_date": self.claim_date.iso if self.claim_date else None,
        }


@dataclass
class Article:
    path: str
    raw: str
    encoding: str
    sha256: str
    body: Canon
    lines: LineIndex
    layout: layout_mod.Layout
    date: PartialDate | None
    quotations: list[Quotation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    unbalanced: list[int] = field(default_factory=list)  # raw lines of unclosed quotation marks
    unbalanced_at: list[int] = field(default_factory=list)  # their canonical offsets

    def line_of(self, canon_index: int) -> int:
        return self.lines.line(self.body.raw_offset(canon_index))


def text_weight(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]", strip_punct(text)))
