"""Where a quotation and its source differ only in script: 繁體 for 简体, or a variant form.

Search and alignment compare both sides folded (text.variants), so such a quotation is verified;
what the fold hid is worked out here from each side's own characters, for its own finding
(an info: the words are the source's, written in another form), never a drift.
"""
from __future__ import annotations

from ..text.normalise import fold_width, strip_punct
from ..text.variants import differs_only_in_variants


def script_differences(result) -> list[tuple[str, str]]:
    """(source's characters, quotation's characters) for each run where the two differ in form only."""
    alignment, source = result.alignment, result.source
    if alignment is None or source is None or not alignment.words_equal or alignment.parts > 1:
        return []
    quoted = strip_punct(fold_width(result.quote.text))
    printed = strip_punct(fold_width(source.body.display[alignment.start:alignment.end]))
    if not differs_only_in_variants(printed, quoted):
        return []
    runs: list[tuple[str, str]] = []
    start = None
    for i, (a, b) in enumerate(zip(printed + "\0", quoted + "\0")):
        if a != b and start is None:
            start = i
        elif a == b and start is not None:
            runs.append((printed[max(0, start - 1):i + 1], quoted[max(0, start - 1):i + 1]))
            start = None
    return runs
