"""Where a line of the text read from a manuscript stands in the manuscript itself."""
from __future__ import annotations

from dataclasses import dataclass

OPENING_CHARS = 12  # how many characters of a quotation or paragraph name it for an editor


@dataclass(frozen=True)
class Location:
    """Where one line of the extracted text stands in the manuscript."""

    page: int | None = None  # PDF: page number (1-based, as the viewer counts)
    line: int | None = None  # PDF: line on the page, top to bottom (in its column)
    column: int | None = None  # PDF: 1 or 2 on a two-column page, None on one column
    paragraph: int | None = None  # .docx: paragraph number (non-empty paragraphs from the top)
    note: str | None = None  # a note's definition: its number as the manuscript shows it
    note_kind: str | None = None  # footnote | endnote
    opening: str | None = None  # .docx: the paragraph's (or quotation's) opening words

    def with_opening(self, text: str | None) -> "Location":
        if not text or self.paragraph is None:
            return self
        opening = text[:OPENING_CHARS] + ("…" if len(text) > OPENING_CHARS else "")
        return Location(self.page, self.line, self.column, self.paragraph, self.note, self.note_kind, opening)

    def to_json(self) -> dict:
        out = {}
        for key in ("page", "column", "line", "paragraph", "note", "note_kind", "opening"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def describe(self, lang: str = "zh") -> str:
        """`第6页第12行`, `第6页右栏第3行`, `第29段`, `第29段脚注3` (English: `page 6, line 12` …)."""
        zh = lang == "zh"
        if self.page is not None:
            col = ""
            if self.column:
                col = ("左栏" if self.column == 1 else "右栏") if zh else (", left column" if self.column == 1
                                                                           else ", right column")
            if self.note is not None:
                return (f"第{self.page}页{col}注{self.note}" if zh
                        else f"page {self.page}{col}, note {self.note}")
            return f"第{self.page}页{col}第{self.line}行" if zh else f"page {self.page}{col}, line {self.line}"
        if self.paragraph is not None:
            kind = {"footnote": ("脚注", "footnote"), "endnote": ("尾注", "endnote")}.get(self.note_kind or "")
            if self.note is not None and kind:
                return (f"第{self.paragraph}段{kind[0]}{self.note}" if zh
                        else f"paragraph {self.paragraph}, {kind[1]} {self.note}")
            return f"第{self.paragraph}段" if zh else f"paragraph {self.paragraph}"
        return ""
