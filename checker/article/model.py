"""What extraction finds in an article: quotations, footnote markers, and the article that holds them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.dates import PartialDate
from ..text.events import EventName
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
    # How the text sets the words apart: marks (“…”), block (> …), bold (**…**), list (a bullet
    # after a cue), clause (words up to a closing mark whose opening mark was lost).
    form: str = "marks"
    # The work the text named last before these words, in their section: the words are of that
    # work if it holds them (the check decides), e.g. bullets after 重点任务包括： under a named report.
    context_reference: Reference | None = None
    part_of: "Quotation | None" = None  # a clause of a longer span, tried when the whole is in no source
    # Words quoted inside another quotation's marks (an interviewee's “……‘……’……” quoting a
    # speech): checked when the outer quotation is tied to no source.
    inside: "Quotation | None" = None
    claim_date: PartialDate | None = None  # "2025 年 4 月，在……时" before the quotation
    claim_line: int | None = None
    claim_event: EventName | None = None  # "在……第二十次集体学习时" before the quotation
    claim_event_line: int | None = None
    # In a heading or a paragraph that is one bold run: where editors shorten and adapt words.
    heading: bool = False
    # Bound by the text with a verb of saying or a colon (《X》指出，“……”), or by a note: an explicit
    # attribution. False for 《X》把落脚点放在“……”上: the work's argument in the author's words.
    attributed: bool = True
    # Announced as the author's own wording (可以概括为, 换句话说, 申论可用表达：): no source's words.
    summary: bool = False

    @property
    def block(self) -> bool:
        """Set apart without quotation marks: a weaker promise of verbatim words than “…”."""
        return self.form != "marks"

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
            "form": self.form,
            "citation": self.reference.to_json() if self.reference else None,
            "claimed_date": self.claim_date.iso if self.claim_date else None,
        }


@dataclass
class Claim:
    """What a sentence with a note marker but no quotation says about the cited event:
    `2025 年 4 月 24 日，中共中央政治局就……进行第二十次集体学习。［3］`"""

    reference: Reference
    line: int
    date: PartialDate | None = None
    date_line: int | None = None
    event: EventName | None = None
    event_line: int | None = None


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
    claims: list[Claim] = field(default_factory=list)  # sentences that cite an event without quoting
    unmarked: list = field(default_factory=list)  # article.unmarked.Unmarked: borrowed words without marks
    unbalanced: list[int] = field(default_factory=list)  # raw lines of unclosed quotation marks
    unbalanced_at: list[int] = field(default_factory=list)  # their canonical offsets
    kind: str = "text"  # text | docx | pdf: what the article was read from
    locations: tuple = ()  # manuscripts: read.location.Location of each raw line (index line - 1)

    def line_of(self, canon_index: int) -> int:
        return self.lines.line(self.body.raw_offset(canon_index))

    def raw_line(self, line: int) -> str:
        start = self.lines.starts[line - 1]
        end = self.lines.starts[line] - 1 if line < len(self.lines.starts) else len(self.raw)
        return self.raw[start:end]

    def in_heading(self, line: int) -> bool:
        """Line `line` is a heading (Markdown's, or a Word heading style), or a Markdown paragraph
        that is wholly one bold run (a subheading)."""
        if self.lines.starts[line - 1] in self.layout.headings:
            return True
        return self.layout.is_markdown and bool(_BOLD_PARAGRAPH.match(self.raw_line(line)))

    def location(self, line: int, quote: str | None = None):
        """Where raw line `line` stands in the manuscript (page and line, or paragraph), or None.

        A .docx location names the quotation's opening words when they stand on that line.
        """
        if not self.locations or not 1 <= line <= len(self.locations):
            return None
        here = self.locations[line - 1]
        if here is None or not quote or here.note is not None:
            return here
        start = self.lines.starts[line - 1]
        end = self.lines.starts[line] - 1 if line < len(self.lines.starts) else len(self.raw)
        # The quotation's words when they stand on this line; else (a note's line) its own opening.
        return here.with_opening(quote) if quote[:4] in self.raw[start:end].replace(" ", "") else here


_BOLD_PARAGRAPH = re.compile(r"^[ \t]*\*\*[^*\n]+\*\*[ \t]*$")


def text_weight(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]", strip_punct(text)))
