"""Caps on what a compressed manuscript may unpack to: a 1 MB file must not become 1 GB in memory.

A .docx is a ZIP and a PDF keeps its pages in Flate streams; both compress a run of one byte
about 1000 to 1. Every ZIP part and PDF stream the readers unpack is capped at
`unpacked_cap()` bytes (QUOTECHECK_MAX_UNPACKED_MB, default 64, the limit on an input file),
and so is their sum (four caps); a manuscript above it is refused in one line. Parts nothing
reads (a .docx's images and embedded files) are never unpacked.
"""
from __future__ import annotations

import os
import zlib

from ..errors import InputError
from .text import MAX_BYTES


def unpacked_cap() -> int:
    value = os.environ.get("QUOTECHECK_MAX_UNPACKED_MB", "")
    try:
        megabytes = float(value) if value else MAX_BYTES / 2**20
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes <= 4096:
        raise InputError(f"QUOTECHECK_MAX_UNPACKED_MB={value!r}: expected megabytes between 0 and 4096")
    return int(megabytes * 2**20)


def too_large(what: str, size: int | None, cap: int) -> str:
    said = f"{size / 2**20:.0f} MB" if size is not None else "more"
    return (f"{what} unpacks to {said}, above the {cap / 2**20:g} MB limit (a decompression bomb, "
            "or a manuscript too large to check at once: split it)")


class StreamTooLarge(Exception):
    """A PDF stream (or all of them together) unpacks to more than the cap."""


class CappedFlate:
    """Stands in for the zlib module inside pdfminer: `decompress` stops at the cap instead of
    filling memory, counting what every stream of one document unpacked to."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    def __init__(self, cap: int):
        self.cap = cap
        self.total = 0

    def decompress(self, data: bytes, *args) -> bytes:
        unpacker = zlib.decompressobj()
        out = unpacker.decompress(data, self.cap + 1)
        self.total += len(out)
        if len(out) > self.cap or self.total > 4 * self.cap:
            raise StreamTooLarge(too_large("a stream of the PDF" if len(out) > self.cap else "the PDF's streams",
                                           None, self.cap))
        return out + unpacker.flush()

    def decompress_corrupted(self, data: bytes) -> bytes:
        """pdfminer's fallback for a stream with a bad checksum, capped and in one call."""
        unpacker = zlib.decompressobj()
        try:
            out = unpacker.decompress(data, self.cap + 1)
        except zlib.error:
            return b""
        if len(out) > self.cap:
            raise StreamTooLarge(too_large("a stream of the PDF", None, self.cap))
        return out
