"""Evaluator: quotations that match their source once 繁體 and variant forms are folded.

One finding per source, not per quotation: an article in simplified characters quoting a
traditional-character library would otherwise repeat the same news on every line.
"""
from __future__ import annotations

from typing import Iterator

from ..check import CheckResult
from ..check.script import script_differences
from .evaluators import _QUOTE_FIELDS, Evaluator, Hit, _quote_hit


def script_variant(check: CheckResult, params: dict) -> Iterator[Hit]:
    by_source: dict[str, list] = {}
    for result in check.quotes:
        runs = script_differences(result)
        if runs:
            by_source.setdefault(result.source.id, []).append((result, runs))
    for found in by_source.values():
        result, runs = found[0]
        source_chars, quote_chars = runs[0]
        hit = _quote_hit(result, source_words=source_chars, quote_words=quote_chars, quote_count=len(found))
        hit.key = f"script@{result.source.id}"
        hit.evidence = {"differences": [{"line": r.quote.line, "source": s, "quote": q}
                                        for r, pairs in found for s, q in pairs[:3]][:50]}
        yield hit


EVALUATORS = {
    "script_variant": Evaluator(script_variant, {}, frozenset(_QUOTE_FIELDS | {"source_words", "quote_words",
                                                                               "quote_count"}),
                                "quotations that differ from their source only in 繁/简 or variant forms"),
}
