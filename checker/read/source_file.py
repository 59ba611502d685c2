"""A library source file's text: a text or Markdown file as it is, a saved web page as report text."""
from __future__ import annotations

import os

from ..errors import shown
from .html import looks_like_html, read_html_source, refuse_other_markup
from .text import TextFile, decode, read_bytes, read_text, text_file


def read_source(path: str) -> TextFile:
    """One source file, or InputError with a one-line reason."""
    if not os.path.isfile(path):
        return read_text(path)  # says what is wrong: no such file, a folder
    data = read_bytes(path)
    if looks_like_html(path, data):
        return read_html_source(shown(path), data)
    refuse_other_markup(path, data)
    return text_file(path, data)


def decode_source(data: bytes, path: str) -> tuple[str, str]:
    """The text a source's bytes hold (a web page's as report text) and its encoding."""
    if looks_like_html(path, data):
        page = read_html_source(shown(path), data)
        return page.text, page.encoding
    refuse_other_markup(path, data)
    return decode(data, path)
