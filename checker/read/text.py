"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Binary files and formats we cannot read yet (.docx, .pdf) are refused by name.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..errors import InputError, shown
from .forms import Forms

# Magic numbers of formats an editor is likely to hand us instead of text.
_MAGIC = [
    (b"%PDF", "a PDF file; extract its text first (e.g. pdftotext -layout)"),
    (b"PK\x03\x04", "a ZIP container (.docx/.xlsx/.epub?); save it as .txt or .md first"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc); save it as .txt or .md first"),
    (b"{\\rtf", "an RTF file; save it as .txt or .md first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
]

MAX_BYTES = 64 * 1024 * 1024  # larger inputs are refused with a clear limit message


@dataclass(frozen=True)
class TextFile:
    path: str
    text: str
    encoding: str
    data: bytes  # the raw bytes, kept for hashing (sha256 in reports)
    # Manuscripts (.docx, .pdf) read into text; a .txt/.md file leaves these empty.
    kind: str = "text"  # text | docx | pdf
    locations: tuple = ()  # a manuscript.Location (or None) for each line of `text`, by line - 1
    note_lines: frozenset = frozenset()  # lines that are one whole note definition each (`［n］ …`)
    warnings: tuple = ()  # what the reader wants the editor to know (unaccepted tracked changes)
    forms: Forms = Forms()  # what the manuscript sets apart by formatting (block quotes, lists, bold)


def read_text(path: str, *, allow_empty: bool = False) -> TextFile:
    """Read a text file, detecting its encoding; raise InputError with a one-line reason."""
    if not os.path.exists(path):
        raise InputError("no such file", path)
    if os.path.isdir(path):
        raise InputError("is a directory, expected a file", path)
    return text_file(path, read_bytes(path), allow_empty=allow_empty)


def text_file(path: str, data: bytes, *, allow_empty: bool = False) -> TextFile:
    """A text file from bytes already read (once: a pipe such as /dev/stdin cannot be read again)."""
    text, encoding = decode(data, path)
    if not allow_empty and not text.strip():
        raise InputError("file is empty", path)
    return TextFile(path=shown(path), text=text, encoding=encoding, data=data)  # printable in every report


def read_bytes(path: str) -> bytes:
    """The bytes of a file up to MAX_BYTES, or InputError with a one-line reason.

    Plain os.read calls: a library build reads 10^5 small files, and a buffered file
    object costs as much again as the read itself.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size / 2**20:.0f} MB, above the {MAX_BYTES // 2**20} MB limit", path)
        data = os.read(fd, size + 1)
        if len(data) == size:  # the usual case: one read, no second call to find the end
            return data
        chunks = [data]  # a short read, or a file that grew while we read it
        while data and sum(map(len, chunks)) <= MAX_BYTES:
            data = os.read(fd, 1 << 20)
            chunks.append(data)
        data = b"".join(chunks)
        if len(data) > MAX_BYTES:
            raise InputError(f"file is above the {MAX_BYTES // 2**20} MB limit", path)
        return data
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from None
    finally:
        os.close(fd)


def decode(data: bytes, path: str) -> tuple[str, str]:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary input: {what}", path)
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", path)
        if _looks_binary(text):
            raise InputError("binary input (starts like UTF-16 but is not text)", path)
        return text, "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError("binary input (contains NUL bytes); expected UTF-8 or GB18030 text", path)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            text, encoding = "", ""
        big5 = _big5(data)
        if big5 is not None and _chinese_share(big5) > 2 * _chinese_share(text):
            text, encoding = big5, "big5"  # traditional text from Taiwan or Hong Kong: GB18030 reads it as garble
        elif not encoding:
            raise InputError("cannot decode: neither UTF-8 nor GB18030/GBK nor Big5 text", path)
    if _looks_binary(text):
        raise InputError("binary input (mostly control characters); expected text", path)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


# Characters frequent in Chinese prose and written alike in simplified and traditional script:
# text decoded with the right encoding is full of them, garble rarely holds any.
_FREQUENT = frozenset("的一是在不了有人中大上和要年月日出就地也以下他可其成主行同工作生家者而方力民部外好多小心用"
                      "面自手分高合平全公安科技能新发展")


def _big5(data: bytes) -> str | None:
    try:
        return data.decode("big5")
    except UnicodeDecodeError:
        return None


def _chinese_share(text: str) -> float:
    sample = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    return sum(ch in _FREQUENT for ch in sample) / len(sample) if sample else 0.0


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise InputError(f"cannot decode as {encoding} despite its byte-order mark", path) from None


_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ud800-\udfff\ufffe\uffff]")


def _looks_binary(text: str) -> bool:
    """Control characters, private-use or surrogate code points: bytes decoded as the wrong thing."""
    sample = text[:4096]
    if not _ODD.search(sample):
        return False
    return len(_ODD.findall(sample)) / len(sample) > 0.05
