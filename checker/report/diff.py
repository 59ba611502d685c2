"""Character-level marks for showing two wordings side by side (shared by every renderer)."""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein

# tag per piece: "same", "changed" (substituted), "missing" (only in the source), "extra" (only in the quotation)


def side_by_side(source: str, quote: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Pieces of the source and of the quotation, each tagged by how it differs."""
    src_pieces: list[tuple[str, str]] = []
    quote_pieces: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(source, quote):
        s, q = source[op.src_start:op.src_end], quote[op.dest_start:op.dest_end]
        if op.tag == "equal":
            src_pieces.append((s, "same"))
            quote_pieces.append((q, "same"))
        elif op.tag == "replace":
            src_pieces.append((s, "changed"))
            quote_pieces.append((q, "changed"))
        elif op.tag == "delete":
            src_pieces.append((s, "missing"))
        else:
            quote_pieces.append((q, "extra"))
    return _merge(src_pieces), _merge(quote_pieces)


def _merge(pieces):
    out: list[tuple[str, str]] = []
    for text, tag in pieces:
        if out and out[-1][1] == tag:
            out[-1] = (out[-1][0] + text, tag)
        elif text:
            out.append((text, tag))
    return out


def aligned_columns(source: str, quote: str) -> list[tuple[str, str, str]]:
    """(article piece, source piece, tag) pairs in reading order, for stacking two wordings.

    Equal text comes one character at a time (a line may break anywhere in it); a difference is
    one column, so the two rows differ in the same column. Terminal renderers pad each column
    to one width, then wrap both rows at the same width: an editor compares them line by line.
    """
    columns: list[tuple[str, str, str]] = []
    for op in Levenshtein.opcodes(source, quote):
        s, q = source[op.src_start:op.src_end], quote[op.dest_start:op.dest_end]
        if op.tag == "equal":
            columns.extend((ch, ch, "same") for ch in q)
        else:
            columns.append((q, s, {"replace": "changed", "delete": "missing", "insert": "extra"}[op.tag]))
    return columns
