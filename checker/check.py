"""The check: every quotation against its cited source and the whole library.

This module only establishes facts (status, alignment, witnesses, resolved
sources). Which facts become findings, and how severe, is for the rule files.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field

from .align import Alignment, Needle, locate, may_contain, prepare, words_could_align
from .cite import Reference
from .extract import Article, Quotation
from .library import Library, Source
from .resolve import Resolution, resolve

WITNESS_SCORE = 90.0  # words found elsewhere at this similarity count as "in" that source
MIN_SEARCH_CHARS = 3
CITED_SCORE = 60.0  # in the cited source we explain differences, so a looser match still counts


@dataclass
class Witness:
    """A library source that holds the quotation's words."""

    source: Source
    alignment: Alignment

    @property
    def own_text(self) -> bool:
        return not self.alignment.quoted


@dataclass
class ReferenceResult:
    reference: Reference
    resolution: Resolution | None
    quotes: list["QuoteResult"] = field(default_factory=list)

    @property
    def source(self) -> Source | None:
        return self.resolution.source if self.resolution else None


@dataclass
class QuoteResult:
    quote: Quotation
    status: str  # verified | variant | drift | misattributed | not_found | unverifiable | uncited
    witnesses: list[Witness]
    reference: ReferenceResult | None = None
    alignment: Alignment | None = None  # with the cited source, when it is in the library

    @property
    def source(self) -> Source | None:
        return self.reference.source if self.reference else None

    def other_witnesses(self) -> list[Witness]:
        cited = self.source.id if self.source else None
        return [w for w in self.witnesses if w.source.id != cited]


@dataclass
class CheckResult:
    article: Article
    library: Library
    quotes: list[QuoteResult]
    references: list[ReferenceResult]


def check_article(article: Article, library: Library) -> CheckResult:
    quotations = [q for q in article.quotations if q.kind == "quotation"]
    needles = {id(q): prepare(q.text) for q in quotations}
    library.prepare_search(list(needles.values()), WITNESS_SCORE)
    witnesses = {id(q): find_witnesses(needles[id(q)], library) for q in quotations}
    found_in: dict[int, set[str]] = {}
    for q in quotations:
        if q.reference is not None:
            found_in.setdefault(id(q.reference), set()).update(w.source.id for w in witnesses[id(q)])
    ref_results: dict[int, ReferenceResult] = {}
    for ref in article.references:
        ref_results[id(ref)] = ReferenceResult(ref, resolve(ref, library, found_in.get(id(ref), set())))
    results = []
    for quote in quotations:
        ref_result = ref_results.get(id(quote.reference)) if quote.reference else None
        result = QuoteResult(quote, "uncited", witnesses[id(quote)], ref_result)
        if ref_result:
            ref_result.quotes.append(result)
            _judge(result)
        results.append(result)
    return CheckResult(article, library, results, list(ref_results.values()))


def find_witnesses(needle: Needle, library: Library) -> list[Witness]:
    """Every library source that holds a quotation's words (near-exact), best first."""
    found = []
    if len(needle.words) < MIN_SEARCH_CHARS:
        return []  # one or two characters say nothing about where words come from
    for source in library.candidates(needle, WITNESS_SCORE):
        if not may_contain(needle, source) or not words_could_align(needle, source.words, WITNESS_SCORE):
            continue
        alignment = locate(needle, source, explain=False, min_score=WITNESS_SCORE)
        if alignment:
            found.append(Witness(source, alignment))
    found.sort(key=lambda w: (-w.alignment.score, w.alignment.quoted, w.source.id))
    return found


def _judge(result: QuoteResult) -> None:
    source = result.source
    if source is None:
        result.status = "unverifiable"
        return
    alignment = locate(result.quote.text, source, explain=True, min_score=CITED_SCORE)
    if alignment is None or alignment.kind == "drift":
        alignment = _without_editorial_notes(result.quote.text, source) or alignment
    if alignment:
        result.alignment = alignment
        result.status = alignment.kind
    elif result.other_witnesses():
        result.status = "misattributed"
    else:
        result.status = "not_found"


# An editor's note inside a quotation: “要推动其（人工智能）科技创新”, “这〔指人工智能〕是……”.
_EDITORIAL_NOTE = re.compile(r"[（(〔［\[][^（）()〔〕［］\[\]]{1,20}[）)〕］\]]")


def _without_editorial_notes(text: str, source):
    """The alignment of a quotation read without its bracketed editor's notes, when that is
    the source's wording (then the quotation is a variant, not drift), else None."""
    if not _EDITORIAL_NOTE.search(text):
        return None
    alignment = locate(_EDITORIAL_NOTE.sub("", text), source, explain=True, min_score=CITED_SCORE)
    if alignment is None or alignment.kind == "drift":
        return None
    alignment.exact = False  # the quotation as printed is not the source's text
    return alignment
