"""Find the parts of an article: body text, footnote definitions, reference lists, block quotes.

Works on raw lines, so every part keeps raw offsets. Handles PDF-extracted text
(footnote blocks that interrupt the body, even mid-quotation, numbered per page),
Markdown commentary (frontmatter, `## 参考文献` lists, `>` block quotes) and the same forms of
a Word manuscript, which its reader gives beside the text (read.forms.Forms: block-quote,
heading and list lines, bold runs) and which are recorded here exactly as Markdown's are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..read.forms import Forms
from ..read.frontmatter import split_frontmatter
from ..text.markup import iter_lines, markdown_spans

# A footnote marker at the start of a definition line: ［1］ [1] 【1】 ① [^1]:
_DEF_MARKER = re.compile(r"^[ \t\u3000]*(?:[［\[【]\s*(\d{1,3})\s*[］\]】]|([\u2460-\u2473])|\[\^(\w+)\]:)[ \t\u3000]*")
# A PDF that lost its superscripts: `1 《…》，《人民日报》2025 年 4 月 27 日。` A bare number counts
# only before a reference's start (and, see _plain_note, a year or a publisher in the note).
_PLAIN_DEF_MARKER = re.compile(
    r"^[ \t\u3000]*(\d{1,2})(?![\d.．、])[ \t\u3000]*(?=[《“\"]|参见|另见|见|同上|同注|[^，。《“\s\d]{1,30}[：:]\s*《)")
_NOTE_EVIDENCE = re.compile(r"\d\s*\d\s*\d\s*\d|出版社|同上|同注")
# What a reference looks like right after its marker.
_REF_START = re.compile(r"^(?:[《〈“\"「『]|参见|另见|见|同上|同前|同注|[A-Za-z]|[^，。《“\s]{1,30}[：:]\s*[《〈“]|[^，。《]{0,40}《[^》]+》)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:(\d{1,3})[.、．)）]|[［\[【](\d{1,3})[］\]】])[ \t\u3000]*")
_REF_HEADING = re.compile(r"^[#\s]*(?:参考文章|参考文献|参考资料|注释|注解|引用文献|文献|尾注|References?|Notes)[\s:：]*$", re.I)
_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_TERMINAL = re.compile(r"[。．.！？!?]\s*$")
MAX_NOTE_LINES = 8


@dataclass
class NoteDef:
    """A footnote or reference-list entry as written."""

    number: str
    spans: list[tuple[int, int]]  # raw spans of its text, marker excluded
    line: int
    end_line: int
    style: str  # "footnote" (bottom of page) or "list" (reference list at the end)


@dataclass
class BlockQuote:
    spans: list[tuple[int, int]]
    line: int
    end_line: int
    paragraph_start: int  # raw offset of the quote's first content character


@dataclass
class Layout:
    raw: str
    is_markdown: bool
    meta: dict = field(default_factory=dict)
    body_spans: list[tuple[int, int]] = field(default_factory=list)
    notes: list[NoteDef] = field(default_factory=list)
    blockquotes: list[BlockQuote] = field(default_factory=list)
    meta_error: str | None = None
    # Markdown structure an article may quote in (all raw offsets):
    bold: list[tuple[int, int]] = field(default_factory=list)  # text between ** and **
    list_items: list[tuple[int, int]] = field(default_factory=list)  # a bullet's text, its markup left out
    headings: list[int] = field(default_factory=list)  # where each heading line starts: a section boundary
    has_paragraphs: bool = False  # blank lines separate paragraphs (Markdown, a manuscript's reader says so)
    # Lines that go on from the line before in one paragraph (read.forms): a PDF paragraph runs on
    # past its page's footnotes, blank lines and all.
    wrapped: frozenset = frozenset()


def analyse(raw: str, path: str = "", note_lines: frozenset[int] = frozenset(), forms: Forms = Forms()) -> Layout:
    """`note_lines`: lines a manuscript reader knows to be one whole note definition each;
    `forms`: what it knows the manuscript sets apart by formatting."""
    meta, body_start, meta_error = split_frontmatter(raw)
    # Decided by what the text holds, not by its name or a frontmatter: PDF-extracted text saved
    # as .md keeps its blank line after every line, and those are not paragraphs.
    is_markdown = looks_like_markdown(raw, body_start)
    layout = Layout(raw=raw, is_markdown=is_markdown, meta=meta, meta_error=meta_error,
                    has_paragraphs=is_markdown or forms.paragraphs, wrapped=forms.wrapped)
    lines = iter_lines(raw, body_start)
    _Scanner(layout, lines, note_lines, forms).run()
    return layout


_MD_STRONG = re.compile(r"^(?:#{1,6}[ \t]+\S|>[ \t]?\S|```|~~~)|\*\*[^*\n]{2,}\*\*")
_MD_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+\S")
MIN_BULLETS = 2  # one line opening with a dash may be a PDF's; two bullets are a list


def looks_like_markdown(raw: str, start: int = 0) -> bool:
    """Whether the text is written in Markdown: a heading, block quote, fence or bold run, or a list."""
    bullets = 0
    for line in raw[start:].split("\n"):
        if _MD_STRONG.search(line):
            return True
        if _MD_BULLET.match(line):
            bullets += 1
            if bullets >= MIN_BULLETS:
                return True
    return False


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BULLET_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,2}[.、)）])[ \t]+")


class _Scanner:
    def __init__(self, layout: Layout, lines, note_lines: frozenset[int] = frozenset(), forms: Forms = Forms()):
        self.note_lines = note_lines
        self.forms = forms
        self.items = dict(forms.list_items)
        self.bold: dict[int, list[tuple[int, int]]] = {}
        for line, start, end in forms.bold:
            self.bold.setdefault(line, []).append((start, end))
        self.layout = layout
        self.raw = layout.raw
        self.lines = lines
        self.md = layout.is_markdown
        self.runs_on = (False, False)  # (a list item, a bold run) reached the end of the last formatted line

    def run(self) -> None:
        i = 0
        in_fence = False
        in_refs = False
        quote: BlockQuote | None = None
        while i < len(self.lines):
            line_no, start, end = self.lines[i]
            text = self.raw[start:end]
            stripped = text.strip()
            if line_no in self.note_lines:  # a Word footnote or endnote, whatever its words
                marker = _DEF_MARKER.match(text)
                if marker:
                    number = next(g for g in marker.groups() if g)
                    self.layout.notes.append(NoteDef(number, [(start + marker.end(), end)], line_no, line_no,
                                                     "footnote"))
                    i += 1
                    continue
            if self.md and stripped.startswith(("```", "~~~")):
                in_fence = not in_fence
                i += 1
                continue
            if in_fence:
                i += 1
                continue
            if quote and not self._quote_line(line_no, stripped):
                self.layout.blockquotes.append(quote)
                quote = None
            if _REF_HEADING.match(stripped) and len(stripped) <= 20:
                in_refs = True
                i += 1
                continue
            if in_refs:
                if (self.md and _HEADING.match(text)) or line_no in self.forms.heading_lines:
                    in_refs = False  # the next section starts
                else:
                    i = self._list_entry(i) if _LIST_ITEM.match(text) or _DEF_MARKER.match(text) else i + 1
                    continue
            if not stripped or (self.md and re.fullmatch(r"[-*_]{3,}", stripped)):
                i += 1
                continue
            marker = _DEF_MARKER.match(text) or self._plain_note(i)
            if marker and _REF_START.match(text[marker.end():].strip()):
                i = self._footnote(i, marker)
                continue
            if self._quote_line(line_no, stripped):
                if self.md and re.match(r">\s*\[!", stripped):  # an Obsidian callout: notes, not text
                    i = self._skip_callout(i)
                    continue
                spans = self._content_spans(start, end, quote_prefix=True)
                if quote is None:
                    quote = BlockQuote(spans=[], line=line_no, end_line=line_no,
                                       paragraph_start=spans[0][0] if spans else start)
                quote.spans.extend(spans)
                quote.end_line = line_no
                self.layout.body_spans.extend(spans)
                i += 1
                continue
            if self.md:
                self._structure(text, start, end)
            if self.forms:
                self._formatted(line_no, start, end)
            self.layout.body_spans.extend(self._content_spans(start, end))
            i += 1
        if quote:
            self.layout.blockquotes.append(quote)

    def _structure(self, text: str, start: int, end: int) -> None:
        """Headings, bold runs and bullets of a body line (block quotes are recorded as such)."""
        if _HEADING.match(text):
            self.layout.headings.append(start)
            return
        for m in _BOLD.finditer(text):
            self.layout.bold.append((start + m.start(1), start + m.end(1)))
        bullet = _BULLET_ITEM.match(text)
        if bullet and bullet.end() < len(text):
            self.layout.list_items.append((start + bullet.end(), end))

    def _quote_line(self, line_no: int, stripped: str) -> bool:
        return (self.md and stripped.startswith(">")) or line_no in self.forms.quote_lines

    def _formatted(self, line_no: int, start: int, end: int) -> None:
        """What `_structure` finds in Markdown, from the manuscript's formatting (read.forms). On a
        line that wraps the one before (a PDF's rows), a list item or a bold run that reached the
        end of that line goes on."""
        item_on, bold_on = self.runs_on if line_no in self.forms.wrapped else (False, False)
        self.runs_on = (False, False)
        if line_no in self.forms.heading_lines:
            self.layout.headings.append(start)
            return
        bold_to_end = False
        for bold_start, bold_end in self.bold.get(line_no, ()):
            if bold_on and bold_start == 0:
                self.layout.bold[-1] = (self.layout.bold[-1][0], start + bold_end)
            elif (start + bold_start, start + bold_end) not in self.layout.bold:
                self.layout.bold.append((start + bold_start, start + bold_end))
            bold_on, bold_to_end = False, start + bold_end >= end
        column = self.items.get(line_no)
        if column is not None and start + column < end:
            self.layout.list_items.append((start + column, end))
            item_on = True
        elif item_on:
            self.layout.list_items[-1] = (self.layout.list_items[-1][0], end)
        self.runs_on = (item_on, bold_to_end)

    def _content_spans(self, start: int, end: int, quote_prefix: bool = False) -> list[tuple[int, int]]:
        if not self.md:
            return [(start, end)]
        return markdown_spans(self.raw, start, end, quote_prefix)

    def _note_line_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        return self._content_spans(start, end) if self.md else [(start, end)]

    def _plain_note(self, i: int) -> re.Match | None:
        """A note numbered with a bare number: a year, a publisher or 同上 within its first lines."""
        _, start, end = self.lines[i]
        m = _PLAIN_DEF_MARKER.match(self.raw[start:end])
        if not m:
            return None
        for _, n_start, n_end in self.lines[i:i + MAX_NOTE_LINES]:  # up to the line that ends the note
            line = self.raw[n_start:n_end]
            if _NOTE_EVIDENCE.search(line):
                return m
            if _TERMINAL.search(line):
                return None
        return None

    def _footnote(self, i: int, marker: re.Match) -> int:
        """A footnote definition and its continuation lines; returns the next line index."""
        line_no, start, end = self.lines[i]
        number = next(g for g in marker.groups() if g)
        spans = [(start + marker.end(), end)]
        last_line = line_no
        complete = bool(_TERMINAL.search(self.raw[start:end]))
        j = i + 1
        taken = 1
        while not complete and j < len(self.lines) and taken < MAX_NOTE_LINES:
            n_no, n_start, n_end = self.lines[j]
            text = self.raw[n_start:n_end]
            if not text.strip():
                j += 1
                continue
            if _DEF_MARKER.match(text) or self._plain_note(j) or text[:1] in (" ", "\u3000") \
                    or text.lstrip().startswith(("#", ">")) \
                    or n_no in self.forms.quote_lines or n_no in self.forms.heading_lines:
                break  # the next note, a new page, or Markdown (or Word) structure
            spans.append((n_start, n_end))
            last_line = n_no
            taken += 1
            complete = bool(_TERMINAL.search(text))
            j += 1
        self.layout.notes.append(NoteDef(number, spans, line_no, last_line, "footnote"))
        # Continue after the last line taken (blank lines after it are skipped by run()).
        return next(k for k in range(i, len(self.lines)) if self.lines[k][0] == last_line) + 1

    def _list_entry(self, i: int) -> int:
        line_no, start, end = self.lines[i]
        text = self.raw[start:end]
        m = _LIST_ITEM.match(text) or _DEF_MARKER.match(text)
        number = next(g for g in m.groups() if g)
        spans = self._note_line_spans(start + m.end(), end)
        last_line = line_no
        j = i + 1
        # An entry may wrap onto following lines until a blank line or the next entry.
        while j < len(self.lines):
            n_no, n_start, n_end = self.lines[j]
            text = self.raw[n_start:n_end]
            if not text.strip() or _LIST_ITEM.match(text) or _DEF_MARKER.match(text) or _HEADING.match(text):
                break
            spans.extend(self._note_line_spans(n_start, n_end))
            last_line = n_no
            j += 1
        self.layout.notes.append(NoteDef(number, spans, line_no, last_line, "list"))
        return j

    def _skip_callout(self, i: int) -> int:
        while i < len(self.lines):
            _, start, end = self.lines[i]
            if not self.raw[start:end].strip().startswith(">"):
                break
            i += 1
        return i
