"""The source's own quoted terms: a short phrase in marks that a cited source sets in marks too.

A short phrase in quotation marks (“量体裁衣”, “能者上”) is as a rule the author's own term, and
no length tells a term from a quotation. The cited source can: when it sets the phrase in
quotation marks itself, the article's marks quote that source's term, and the phrase written
with a character changed, added or dropped is a changed quotation of it. One slip, inside the
phrase: one character changed, one or two added, one dropped, the first and last characters
kept. Two characters changed (城市伙伴 for the source's “城市过客”), a longer phrase around the
term (禁止“占道分拣”) or the term cut short are the author's own wording, as is a term no cited
source marks.

Measured on the corpus (32 articles; every phrase in marks that no note or named work binds,
against the phrases their cited reports mark): one slip inside finds none of the authors' own
phrases; two changed characters or a word at the edge would find 9 (城市伙伴 / “城市过客”, 向海图强 /
“向海增值”, 禁止“占道分拣”, ...); the marked phrases of every report, not the cited ones, 2 more
(办成事 / “办不成事”, 一管了之 / “一放了之”). So: one slip, the cited sources only.
"""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from ..text.normalise import fold, strip_punct
from .align import Alignment, align_at

MIN_TERM_CHARS = 4  # the source's phrase: shorter ones are a character away from many words
MAX_TERM_CHARS = 30
MAX_ADDED = 2


def marked_terms(source) -> list[tuple[str, int, int]]:
    """The words of each phrase the source sets in quotation marks, with its canonical range."""
    found = []
    for start, end in source.quoted_ranges:
        words = strip_punct(source.body.text[start:end])
        if MIN_TERM_CHARS <= len(words) <= MAX_TERM_CHARS:
            found.append((words, start, end))
    return found


def one_slip(quoted: str, term: str) -> bool:
    """Whether `quoted` is `term` with one slip inside it (see the module's note)."""
    if quoted == term or abs(len(quoted) - len(term)) > MAX_ADDED:
        return False
    changes = [op for op in Levenshtein.opcodes(term, quoted) if op.tag != "equal"]
    if len(changes) != 1:
        return False
    op = changes[0]
    if op.src_start == 0 or op.src_end == len(term):
        return False  # the edges differ: a phrase of the author's around or within the term
    removed, added = op.src_end - op.src_start, op.dest_end - op.dest_start
    return (removed, added) in ((1, 1), (1, 0)) or (removed == 0 and added <= MAX_ADDED)


def slipped_term(text: str, sources: list) -> tuple[object, Alignment] | None:
    """The first source, and the alignment with its phrase in marks, that `text` quotes with one slip."""
    quoted = strip_punct(fold(text))
    if len(quoted) < MIN_TERM_CHARS - 1 or any(quoted in source.words for source in sources):
        return None
    for source in sources:
        for words, start, end in marked_terms(source):
            if one_slip(quoted, words):
                return source, align_at(text, source, start, end)
    return None
