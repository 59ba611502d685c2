"""A quotation one run apart from its source: a clause left out, or a word added.

The fuzzy search scores a quotation against a window of the source as long as the quotation; a
quotation of 12-20 characters that leaves out 4 of the source's (事前预防—事后修复 for
“事前预防—事中管控—事后修复”) scores below the bar that binds words to a source, although
every word of it stands in the source, in order. That is evidence of its own: the quotation is the
source's, with an omission to report. The quotation must say something (8 characters, 3 in each
piece) and the run left out must be a clause's worth (4-40 characters): a character or two between them is a
different wording (公共服务均等化 for 公共服务的均等化), not an omission. The mirror case, a word of
one or two characters added inside the source's words, scores low for the same reason on a
short quotation and is the same evidence.
"""
from __future__ import annotations

from ..text.normalise import fold, strip_punct
from .align import Alignment, align_at

MIN_PIECE = 3  # each piece around a clause left out
MIN_WORDS = 8  # the quotation's own characters: shorter ones are a term's two words
MIN_GAP = 4
MAX_GAP = 40
MAX_ADDED = 2  # a word added inside: more is the author's own wording
MIN_KEPT = 3  # the source's characters before and after the word added


def one_gap(words: str, text: str) -> tuple[int, int] | None:
    """[start, end) in `text` of `words` standing there in two pieces with one run left out."""
    if len(words) < MIN_WORDS:
        return None
    at = text.find(words[:MIN_PIECE])
    while at >= 0:
        matched = MIN_PIECE
        while matched < len(words) and at + matched < len(text) and text[at + matched] == words[matched]:
            matched += 1
        for split in range(min(matched, len(words) - MIN_PIECE), MIN_PIECE - 1, -1):
            rest = words[split:]
            found = text.find(rest, at + split + MIN_GAP, at + split + MAX_GAP + len(rest))
            if found >= 0:
                return at, found + len(rest)
        at = text.find(words[:MIN_PIECE], at + 1)
    return None


def one_addition(words: str, text: str) -> tuple[int, int] | None:
    """[start, end) in `text` of `words` with one run of up to MAX_ADDED characters taken out of
    its inside (the quotation adds a word to the source's words)."""
    if len(words) < 2 * MIN_KEPT + 1 or words[:MIN_KEPT] not in text or words[-MIN_KEPT:] not in text:
        return None
    for added in range(1, MAX_ADDED + 1):
        for split in range(MIN_KEPT, len(words) - MIN_KEPT - added + 1):
            at = text.find(words[:split] + words[split + added:])
            if at >= 0:
                return at, at + len(words) - added
    return None


def one_run_apart(quote_text: str, sources: list) -> tuple[object, Alignment] | None:
    """The first source that holds the quotation's words with one clause left out or one word
    added, and the alignment with it there."""
    words = strip_punct(fold(quote_text))
    for source in sources:
        stripped, index = source.stripped
        found = one_gap(words, stripped) or one_addition(words, stripped)
        if found:
            return source, align_at(quote_text, source, index[found[0]], index[found[1] - 1] + 1)
    return None
