"""Manuscripts (.docx, .pdf, .html) as the text the rest of the pipeline reads, with a location map.

A reader turns a manuscript into plain text in the form the layout analysis already reads —
body paragraphs, footnote markers `［n］` and note definitions `［n］ …` — so binding,
resolution and rules work unchanged; beside it, where each text line stands in the
manuscript: page and line on the page for a PDF, paragraph for a .docx.
"""
from __future__ import annotations

import os

from ..errors import InputError
from .html import looks_like_html, read_html, refuse_other_markup
from .location import Location
from .text import TextFile, read_bytes, text_file

MANUSCRIPT_SUFFIXES = (".docx", ".pdf")
__all__ = ["Location", "MANUSCRIPT_SUFFIXES", "is_manuscript", "read_article_source"]


def is_manuscript(path: str) -> bool:
    return path.lower().endswith(MANUSCRIPT_SUFFIXES)


def read_article_source(path: str) -> TextFile:
    """An article file: text as today, or a .docx/.pdf manuscript read into text (imported lazily)."""
    if not os.path.exists(path):
        raise InputError("no such file", path)
    if os.path.isdir(path):
        raise InputError("is a directory, expected a file", path)
    data = read_bytes(path)
    lower = path.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("an old Word .doc file: open it in Word, WPS or LibreOffice and save it as .docx", path)
    if data.startswith(b"%PDF"):
        from .pdf import read_pdf
        return read_pdf(path, data)
    if data.startswith(b"PK\x03\x04") and not lower.endswith((".txt", ".md", ".markdown")):
        from .docx import read_docx
        return read_docx(path, data)
    if lower.endswith(".docx"):
        raise InputError("not a Word .docx file (no ZIP package inside): is it damaged or renamed? "
                         "Open it in Word and save it as .docx again", path)
    if lower.endswith(".pdf"):
        raise InputError("not a PDF file (no %PDF header): is it damaged or renamed?", path)
    if looks_like_html(path, data):
        return read_html(path, data)
    refuse_other_markup(path, data)
    return text_file(path, data)  # read once: a pipe (/dev/stdin) cannot be read again
