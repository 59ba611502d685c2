"""What an uploaded file is, decided by its bytes, never by its name.

A browser sends a name and a type it guessed from the name; both are the user's (or an
attacker's) words. The bytes decide: a PDF starts with `%PDF-`, a Word .docx is a ZIP package
holding `word/document.xml`, a Compound File (D0 CF 11 E0) is an encrypted .docx or an old .doc,
anything else must decode as text. The name is kept only to show it and to tell .md from .txt.
A file refused here gets one line that names it; nothing of it is stored.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from ..errors import InputError, in_chinese
from ..read.html import looks_like_html
from ..read.text import decode

MANUSCRIPT_KINDS = ("docx", "pdf", "html", "md", "txt")
SOURCE_KINDS = ("md", "txt", "html")  # text with a frontmatter, or a page saved from the paper's site


@dataclass(frozen=True)
class Sniffed:
    kind: str | None  # docx | pdf | md | txt, or None when refused
    problem_en: str = ""
    problem_zh: str = ""

    def problem(self, lang: str) -> str:
        return self.problem_zh if lang == "zh" else self.problem_en


def _refused(en: str, zh: str) -> Sniffed:
    return Sniffed(None, en, zh)


def sniff(name: str, data: bytes) -> Sniffed:
    """The kind of an uploaded file from its content (the name only tells .md from .txt)."""
    if not data:
        return _refused("the file is empty", "文件是空的")
    if data.startswith(b"%PDF-"):
        if b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
            return _refused("an encrypted PDF: save a copy without a password and upload that",
                            "PDF 已加密：请另存一份不带密码的副本再上传")
        return Sniffed("pdf")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _refused("an encrypted Word file or an old .doc: remove the password or save it as .docx in Word, "
                        "WPS or LibreOffice", "Word 文件已加密，或是旧版 .doc：请去掉密码，或在 Word、WPS、LibreOffice 中另存为 .docx")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, EOFError, ValueError):
            return _refused("a damaged Word file (its ZIP package cannot be read): open it in Word and save it again",
                            "Word 文件已损坏（无法读取其 ZIP 包）：请在 Word 中打开并重新保存")
        if "word/document.xml" not in names:
            return _refused("a ZIP file that is not a Word .docx document", "这是 ZIP 文件，但不是 Word .docx 文稿")
        return Sniffed("docx")
    try:
        decode(data, "")  # the reader's own test of text: NUL bytes, encodings, control characters
    except InputError as exc:
        return _refused(f"not .docx, .pdf or text: {exc.message}", f"不是 .docx、.pdf 或文本：{in_chinese(exc)}")
    if name.lower().endswith((".md", ".markdown")):
        return Sniffed("md")  # Markdown may hold HTML, and is read as Markdown
    return Sniffed("html" if looks_like_html("", data) else "txt")  # a page by its start, not its name
