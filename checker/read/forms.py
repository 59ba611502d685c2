"""What a manuscript sets apart by its formatting, which its plain text no longer shows.

A commentary quotes in block quotes, bold runs and lists. Markdown keeps them in the text
(`> `, `**…**`, `- `); a Word manuscript keeps them in styles and run properties. A reader that
knows them says so here, by line of the text it produced, and the layout takes them as it takes
Markdown's: the text itself stays exactly as read, so offsets, locations and anchors do not move.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[。！？!?；;：:…][”’」』）)\]】]*\s*$")


@dataclass(frozen=True)
class Forms:
    """Lines are 1-based lines of the text; columns 0-based offsets within their line."""

    quote_lines: frozenset = frozenset()  # lines of block-quote paragraphs
    heading_lines: frozenset = frozenset()  # lines of headings (a section boundary)
    list_items: tuple = ()  # (line, column where the item's own words start, after its number)
    bold: tuple = ()  # (line, start column, end column) of each bold run
    paragraphs: bool = False  # a blank line in the text separates two paragraphs (as in Markdown)
    # Lines that go on from the line before in one paragraph (a PDF's printed rows; a Word
    # paragraph is one line): a bold run or a list item reaching the end of that line runs on.
    wrapped: frozenset = frozenset()

    def __bool__(self) -> bool:
        return bool(self.quote_lines or self.heading_lines or self.list_items or self.bold or self.paragraphs)


def typed_heading(text: str, all_bold: bool) -> bool:
    """A paragraph bold throughout that ends no sentence: a heading set by hand."""
    return all_bold and bool(text.strip()) and not _SENTENCE_END.search(text)
