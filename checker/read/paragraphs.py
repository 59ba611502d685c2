"""Paragraphs of a manuscript as the reader finds them, and the text lines made from them.

A reader of a formatted manuscript (Word, a web page) walks its document into paragraphs of
segments — text with its bold flag, note markers the reader made — with each paragraph's form
(heading, block quote, list item) and the notes it refers to. `text_lines` turns them into the
text the pipeline reads: one line per paragraph, a blank line after each (not inside a list or a
block quote), each paragraph's notes after it as `［n］ …` definition lines, and the forms beside
the text (forms.Forms), never in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .forms import Forms
from .location import Location


@dataclass
class Segment:
    """A piece of a paragraph's text and where it comes from.

    `t` is the `w:t` element the text is (a slice of, from `t_start`), or None for text the
    reader made: a note marker, a list number, a tab.
    """

    text: str
    t: object = None
    t_start: int = 0
    bold: bool = False


@dataclass
class Para:
    segments: list[Segment] = field(default_factory=list)
    notes: list[tuple[str, str, str, str]] = field(default_factory=list)  # (marker, kind, text, shown)
    # Per note (Word notes only): (pieces, characters dropped before its text): where each of its
    # paragraphs' text begins in the note's line, so a writer finds a place in a note (docx.line_position).
    note_pieces: list[tuple] = field(default_factory=list)
    elements: list = field(default_factory=list)  # the w:p elements (two when a paragraph mark was deleted)
    form: str | None = None  # heading | quote | list (docx_forms.py), None for an ordinary paragraph
    label: int = 0  # characters of the list number the reader put first (`1. `)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class TextLines:
    """A document's text lines, with what each line is."""

    lines: list[str] = field(default_factory=list)
    locations: list = field(default_factory=list)
    note_lines: set[int] = field(default_factory=set)
    paragraphs: dict[int, tuple[Para, int]] = field(default_factory=dict)  # line -> (paragraph, chars cut before)
    notes: dict[int, tuple[list, int]] = field(default_factory=dict)  # note line -> (pieces, column of offset 0)
    forms: Forms = field(default_factory=Forms)

    def add(self, text: str, where) -> int:
        self.lines.append(text)
        self.locations.append(where)
        return len(self.lines)


KEPT_TOGETHER = ("list", "quote")  # a run of these paragraphs is one list, one block quote


def text_lines(paras: list[Para]) -> TextLines:
    """One line per non-empty paragraph, a blank line after each (not inside a list or a block
    quote); a paragraph's notes follow it."""
    out = TextLines()
    number = 0
    quotes, headings, items, bold = set(), set(), [], []
    together = None  # the form of the previous paragraph, when it may join the next one
    for para in paras:
        full = one_line(para.text)
        text = full.strip()
        if not text and not para.notes:
            continue
        number += 1
        if text:
            if together and para.form == together:
                out.lines.pop()  # the blank line after the previous item: same list, same block
                out.locations.pop()
            cut = len(full) - len(full.lstrip())
            line = out.add(text, Location(paragraph=number).with_opening(text))
            out.paragraphs[line] = (para, cut)
            out.add("", None)
            if para.form == "quote":
                quotes.add(line)
            elif para.form == "heading":
                headings.add(line)
            elif para.form == "list":
                items.append((line, max(0, para.label - cut)))
            if para.form != "heading":
                bold.extend((line, start, end) for start, end in _bold_columns(para, cut, len(text)))
        together = para.form if para.form in KEPT_TOGETHER and text and not para.notes else None
        for i, (marker, kind, note_text, shown) in enumerate(para.notes):
            line = out.add(f"{marker} {one_line(note_text).strip()}",
                           Location(paragraph=number, note=shown, note_kind=kind))
            out.note_lines.add(line)
            if i < len(para.note_pieces):
                pieces, dropped = para.note_pieces[i]
                out.notes[line] = (pieces, len(marker) + 1 - dropped)
            out.add("", None)
    out.forms = Forms(quote_lines=frozenset(quotes), heading_lines=frozenset(headings), list_items=tuple(items),
                      bold=tuple(bold), paragraphs=True)
    return out


def all_bold(para: Para) -> bool:
    """Every word of the paragraph's own text is bold (note markers and numbers made by the reader aside)."""
    return all(seg.bold for seg in para.segments if seg.t is not None and seg.text.strip())


def _bold_columns(para: Para, cut: int, length: int) -> list[tuple[int, int]]:
    """Columns of the paragraph's bold runs in its line: neighbouring bold runs are one, across
    spaces between them; spaces at a run's ends are left out."""
    runs: list[list[int]] = []
    pos = 0
    for seg in para.segments:
        end = pos + len(seg.text)
        if seg.bold and seg.text.strip():
            if runs and not para.text[runs[-1][1]:pos].strip():
                runs[-1][1] = end
            else:
                runs.append([pos, end])
        pos = end
    out = []
    for start, end in runs:
        words = para.text[start:end]
        start += len(words) - len(words.lstrip())
        end -= len(words) - len(words.rstrip())
        start, end = max(0, start - cut), min(length, end - cut)
        if end > start:
            out.append((start, end))
    return out


def one_line(text: str) -> str:
    """Line breaks inside a paragraph as spaces, one for one (offsets stay those of the paragraph)."""
    return re.sub(r"[\r\n\v\f]", " ", text)
