"""The check: every quotation against its cited source and the whole library.

This module only establishes facts (status, alignment, witnesses, resolved
sources). Which facts become findings, and how severe, is for the rule files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..article import Article, Quotation
from ..article.cite import Reference
from ..library import Library, Source, words_hash
from ..progress import step
from ..text import titles
from ..text.dates import CHINESE_DIGITS, chinese_number
from ..text.normalise import fold
from ..text.search import Needle, prepare, tolerant
from .align import Alignment, locate, locate_series
from .copies import CopyRelation, relate
from .holders import MIN_SEARCH_CHARS, Witness, witnesses_at as _witnesses_at
from .lists import in_quoted_lists
from .gaps import one_run_apart
from .marked import slipped_term
from .unmarked import UnmarkedResult, check_unmarked, quoted_speakers
from .resolve import Resolution, resolve

WITNESS_SCORE = 90.0  # words found elsewhere at this similarity count as "in" that source
CITED_SCORE = 60.0  # in the cited source we explain differences, so a looser match still counts
# Binding by the words, when no note and no named work binds a quotation:
NEAR_SCORE = 85.0  # words in “…” this close to a source's are a quotation of it (changed, perhaps)
NEAR_WEIGHT = 12  # ... when they say this much; shorter ones only when the source has them word for word
SPAN_WEIGHT = 15  # a bold run, bullet or plain block quote found only by its words must be this long
PART_WEIGHT = 12  # and a clause of one (article.spans: the whole is tried first)
GAP_FORMS = ("marks", "block", "list")  # forms whose words may stand in the source with a clause left out


@dataclass
class ReferenceResult:
    reference: Reference
    resolution: Resolution | None
    quotes: list["QuoteResult"] = field(default_factory=list)

    @property
    def source(self) -> Source | None:
        return self.resolution.source if self.resolution else None

    @property
    def copy(self) -> CopyRelation | None:
        """How the library's copy relates to the one cited (None: the cited source is not in the library)."""
        return relate(self.reference, self.resolution.source) if self.resolution else None


@dataclass
class QuoteResult:
    quote: Quotation
    status: str  # verified | variant | drift | misattributed | not_found | unverifiable | uncited
    witnesses: list[Witness]
    reference: ReferenceResult | None = None
    alignment: Alignment | None = None  # with the cited source, when it is in the library
    # How the quotation is tied to its source: "note" (a footnote or bracket citation), "text"
    # (the running text names the work, or refers back to it), "context" (the work named last
    # in its section holds the words), "words" (no citation: the library source that holds the
    # words), None (uncited, and the words are nowhere).
    binding: str | None = None
    inferred: Source | None = None  # the source found by the words (binding "words")

    @property
    def source(self) -> Source | None:
        if self.reference:
            return self.reference.source
        return self.inferred

    def other_witnesses(self) -> list[Witness]:
        cited = self.source.id if self.source else None
        return [w for w in self.witnesses if w.source.id != cited]


@dataclass
class CheckResult:
    article: Article
    library: Library
    quotes: list[QuoteResult]
    references: list[ReferenceResult]
    unmarked: list[UnmarkedResult] = field(default_factory=list)  # words borrowed without marks
    # Library sources that are the article itself (same file, bytes or words): never its witnesses.
    own_copies: list[str] = field(default_factory=list)
    suppressions: list = field(default_factory=list)  # the article's inline markers (rules.suppress)
    # Quotations whose sentence names a speaker, with the speaker the source names (check.unmarked).
    quoted_speakers: list[UnmarkedResult] = field(default_factory=list)


def check_article(article: Article, library: Library) -> CheckResult:
    own_copies = library.copies_of(article.path, article.sha256, words_hash(article.path, article.raw))
    library = library.without(own_copies)
    candidates = [q for q in article.quotations if q.kind in ("quotation", "span")]
    needles = {id(q): prepare(q.text) for q in candidates}
    library.prepare_search(list(needles.values()), WITNESS_SCORE)
    witnesses = {}
    for done, q in enumerate(candidates, 1):
        witnesses[id(q)] = find_witnesses(needles[id(q)], library)
        step("quotations searched", done, len(candidates))
    found_in: dict[int, set[str]] = {}
    for q in candidates:
        for ref in (q.reference, q.context_reference):
            if ref is not None:
                found_in.setdefault(id(ref), set()).update(w.source.id for w in witnesses[id(q)])
    ref_results: dict[int, ReferenceResult] = {}
    for ref in article.references:
        ref_results[id(ref)] = ReferenceResult(ref, resolve(ref, library, found_in.get(id(ref), set())))
    in_context = {id(q) for q in candidates if q.reference is None and _in_context(q, ref_results)}
    unbound = [q for q in candidates if q.reference is None and id(q) not in in_context]
    near = _near_sources(unbound, needles, library)
    # Short phrases in marks that a cited source sets in marks itself, with one slip (marked.py).
    cited_sources = list({r.source.id: r.source for r in ref_results.values() if r.source is not None}.values())
    terms = [q for q in article.quotations if q.kind == "term" and q.form == "marks"]
    slips: dict[int, Witness] = {}
    for quote in terms + [q for q in unbound if q.form in GAP_FORMS and id(q) not in near]:
        slipped = slipped_term(quote.text, cited_sources) if quote.form == "marks" else None
        if quote.kind != "term":  # a term's two words often stand apart in a report (超大规模……市场优势)
            slipped = slipped or one_run_apart(quote.text, cited_sources)  # a clause left out, a word added (gaps.py)
        if slipped:
            slips[id(quote)] = near[id(quote)] = Witness(*slipped)
    candidates += [q for q in terms if id(q) in slips]
    results = []
    kept: set[int] = set()  # spans kept whole: their clauses are not tried
    held: list[QuoteResult] = []  # adapted-looking bullets: kept only inside a quoted list (lists.py)
    sourced: set[int] = set()  # quotations tied to a source: the words they quote inside are theirs
    for done, quote in enumerate(candidates, 1):
        step("quotations checked", done, len(candidates))
        if quote.part_of is not None and id(quote.part_of) in kept:
            continue
        if quote.inside is not None and id(quote.inside) in sourced:
            continue
        result = _bind(quote, witnesses.get(id(quote), []), ref_results, id(quote) in in_context, near.get(id(quote)),
                       id(quote) in slips)
        if result is None:
            continue  # a span no source holds: the author's own words
        if result.source is not None or result.reference:
            _judge(result)
        if result.status != "not_found" and (result.source is not None or result.reference):
            sourced.add(id(quote))
        if quote.summary and result.status not in ("verified", "variant"):
            continue  # announced as the author's summary (可以概括为): no source's words to hold it to
        if result.binding in ("words", None) and result.status not in ("verified", "variant") and \
                _names_a_report(quote, library):
            continue  # “以高水平法治护航美丽中国建设”: a report's headline word for word names it, quotes nothing
        if result.status == "not_found" and result.binding == "text" and not quote.attributed:
            continue  # 《X》把落脚点放在“……”上: the author's characterisation, claimed of the work by no one
        if quote.kind == "span" and _adapted(result):
            held.append(result)
            continue
        kept.add(id(quote))
        results.append(result)
    results += in_quoted_lists(held, results, article)
    whole = {id(r.quote) for r in results}  # a bullet taken whole speaks for the clauses tried meanwhile
    results = [r for r in results if r.quote.part_of is None or id(r.quote.part_of) not in whole]
    for result in results:
        if result.quote.kind in ("span", "term"):
            result.quote.kind = "quotation"  # words of a source, set apart (or its own term): a quotation of it
        if result.reference:
            result.reference.quotes.append(result)
    results.sort(key=lambda r: r.quote.start)
    cited = {key: rr.source for key, rr in ref_results.items() if rr.source is not None}
    return CheckResult(article, library, results, list(ref_results.values()),
                       check_unmarked(article, library, cited), own_copies,
                       quoted_speakers=quoted_speakers(article, results))


def _names_a_report(quote: Quotation, library: Library) -> bool:
    """Words in marks that are a library report's headline word for word: the text names the report
    by its title (its body may say it nearly, which is no quotation of it)."""
    return quote.form == "marks" and bool(library.title_matches(titles.key(quote.text), 100.0))


ADAPTING_FORMS = ("bold", "list", "clause")
# Separate changes that make a bold run or bullet the author's restatement of the work the text
# names: a slip or two keeps the work's words (a changed quotation), three rewrite them. On the
# corpus the restated spans had 3-5 changes and 61-65 % of the work's characters; the changed
# quotations one change each.
RESTATED_CHANGES = 3


def _adapted(result: QuoteResult) -> bool:
    """A bold run, bullet or clause that the text does not attribute and that differs from the
    source it resembles, or that rewrites the work the text names: the author's adaptation of a
    report, not a quotation of it. A bullet that differs is one even when the cue names the work
    (`文章给出的方向很具体：`): whether its list quotes or restates the work is for the list to tell
    (lists.in_quoted_lists)."""
    if result.quote.form not in ADAPTING_FORMS:
        return False
    if result.binding in ("context", "words") or (result.quote.form == "list" and result.binding == "text"):
        return result.status in ("drift", "not_found", "misattributed")
    return (result.status == "drift" and result.alignment is not None
            and len(result.alignment.edits) >= RESTATED_CHANGES)


def _bind(quote: Quotation, found: list[Witness], refs: dict[int, ReferenceResult], in_context: bool,
          near: Witness | None, slip: bool = False) -> QuoteResult | None:
    """The quotation's result, bound by its note, the text, or its words; None for an author's span."""
    if quote.reference is not None:
        return QuoteResult(quote, "uncited", found, refs.get(id(quote.reference)),
                           binding="note" if quote.marker is not None else "text")
    if in_context:
        return QuoteResult(quote, "uncited", found, refs[id(quote.context_reference)], binding="context")
    if near is not None:
        # A source's term found with a slip comes with its place (too short for locate to find).
        return QuoteResult(quote, "uncited", found, binding="words", inferred=near.source,
                           alignment=near.alignment if slip else None)
    if quote.kind == "span":
        return None
    return QuoteResult(quote, "uncited", found)


def _in_context(quote: Quotation, refs: dict[int, ReferenceResult]) -> bool:
    """Whether the work the text named last holds these words (then they are its words).

    Words in “…” may differ a little (a drift of that work), and so may a bullet: one that differs
    is kept only inside a list whose other bullets are the work's very words (lists.in_quoted_lists),
    since authors restate a report in bullets of their own. Bold runs and plain block quotes must
    be near-exact.
    """
    ref = quote.context_reference
    result = refs.get(id(ref)) if ref is not None else None
    source = result.source if result else None
    score = NEAR_SCORE if quote.form in ("marks", "list") else WITNESS_SCORE
    return bool(source and (locate(quote.text, source, explain=False, min_score=score)
                            or (quote.form in GAP_FORMS and one_run_apart(quote.text, [source]))))


def _near_sources(quotes: list[Quotation], needles: dict[int, Needle], library: Library) -> dict[int, Witness]:
    """For quotations no citation binds: the library source that holds their words, if one does.

    Words in “…” count when this close (a changed word is a drift of that source); a bold run,
    bullet or plain block quote only when long and near-exact, since authors set their own
    slogans in those forms too. In a heading only word for word: a title or subheading shortens
    and adapts, and formulaic phrases recur nearly (not exactly) across reports at every length
    (0.4-3.6 % of runs, bench/recurrence.py --near), so near words there are no evidence of a source.
    """
    marks = [q for q in quotes if q.form == "marks" and len(needles[id(q)].words) >= MIN_SEARCH_CHARS]
    # A changed word must not hide the source from the pre-filter (text.search.tolerant).
    near_needles = {id(q): tolerant(needles[id(q)]) for q in marks if q.weight >= NEAR_WEIGHT}
    library.prepare_search(list(near_needles.values()), NEAR_SCORE)
    best: dict[int, Witness] = {}
    for quote in quotes:
        needle = needles[id(quote)]
        found = []
        if quote.form == "marks":
            if quote in marks:
                # A short phrase is like a hundred sentences at 85 %: it binds only word for word.
                found = _witnesses_at(near_needles[id(quote)], library, NEAR_SCORE) if id(quote) in near_needles else \
                    [w for w in find_witnesses(needle, library) if w.alignment.words_equal]
        elif quote.weight >= SPAN_WEIGHT or (quote.part_of is not None and quote.weight >= PART_WEIGHT):
            found = find_witnesses(needle, library)
        if quote.heading:
            found = [w for w in found if w.alignment.words_equal]
        if found:
            best[id(quote)] = found[0]
    return best


def find_witnesses(needle: Needle, library: Library) -> list[Witness]:
    """Every library source that holds a quotation's words (near-exact), best first."""
    return _witnesses_at(needle, library, WITNESS_SCORE)


def _judge(result: QuoteResult) -> None:
    source = result.source
    if source is None:
        result.status = "unverifiable"
        return
    if result.alignment is not None:
        result.status = result.alignment.kind
        return
    alignment = locate(result.quote.text, source, explain=True, min_score=CITED_SCORE)
    if alignment is None and result.quote.form in GAP_FORMS:
        # The source's own term one slip away, or its words with a clause left out.
        slipped = (slipped_term(result.quote.text, [source]) if result.quote.form == "marks" else None) \
            or one_run_apart(result.quote.text, [source])
        alignment = slipped[1] if slipped else None
    if alignment is None or alignment.kind == "drift":
        alignment = _as_a_variant(result.quote.text, source) or locate_series(result.quote.text, source) or alignment
    if alignment and alignment.kind == "variant" and _same_but_marks(result.quote.text, source, alignment):
        alignment.exact = True  # ‘头雁’ inside “…” for the source's “头雁”: the same wording
    if alignment:
        result.alignment = alignment
        result.status = alignment.kind
    elif result.other_witnesses():
        result.status = "misattributed"
    else:
        result.status = "not_found"


_MARKS = re.compile("[“”‘’「」『』\"']")


def _same_but_marks(text: str, source: Source, alignment: Alignment) -> bool:
    """Whether a quotation differs from the source only in the kind of its inner quotation marks:
    quoting turns the source's “…” into ‘…’ (or 『…』) inside the quotation's own marks."""
    quoted = _MARKS.sub('"', fold(text))
    original = _MARKS.sub('"', source.body.text[alignment.start:alignment.end])
    return quoted == original or quoted.strip('"') == original.strip('"')


# An editor's note inside a quotation: “要推动其（人工智能）科技创新”, “这〔指人工智能〕是……”.
_EDITORIAL_NOTE = re.compile(r"[（(〔［\[][^（）()〔〕［］\[\]]{1,20}[）)〕］\]]")
_NUMBER = re.compile(r"\d+|[〇零一二两三四五六七八九十百千]+")


def _as_a_variant(text: str, source):
    """The alignment of a quotation that differs from its source only in form, else None.

    Two differences of form are not drift: an editor's bracketed note (“要推动其（人工智能）
    科技创新”) and the way a number is written (2030年 for 二〇三〇年, 1万亿 for 一万亿),
    when the source writes that very number the other way. The quotation is then a variant.
    """
    rewrites = []
    if _EDITORIAL_NOTE.search(text):
        rewrites.append(_EDITORIAL_NOTE.sub("", text))
    for candidate in [text] + rewrites:
        numbers = _numbers_as_in_source(candidate, source.body.text)
        if numbers != candidate:
            rewrites.append(numbers)
    for rewrite in rewrites:
        alignment = locate(rewrite, source, explain=True, min_score=CITED_SCORE)
        if alignment is not None and alignment.kind != "drift":
            alignment.exact = False  # the quotation as printed is not the source's text
            return alignment
    return None


def _numbers_as_in_source(text: str, source_text: str) -> str:
    """`text` with each number written the way the source writes the same value, where it does."""
    def other_forms(token: str) -> list[str]:
        if token.isdigit():
            return ["".join(CHINESE_DIGITS[int(d)] for d in token)] + ([_positional(int(token))] if int(token) < 100 else [])
        return [str(chinese_number(token))]

    def swap(m: re.Match) -> str:
        # The other form must stand in the source next to the same neighbour (到二〇三〇, 1万),
        # so the 三 of 第三步 does not become 3 because the source has a 3 somewhere.
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        return next((form for form in other_forms(m.group())
                     if form and ((before and before + form in source_text) or (after and form + after in source_text))),
                    m.group())

    return _NUMBER.sub(swap, text)  # one pass: a number swapped in is not swapped back


def _positional(value: int) -> str:
    """35 -> 三十五, 10 -> 十, 7 -> 七 (below 100)."""
    tens, ones = divmod(value, 10)
    if not tens:
        return CHINESE_DIGITS[ones]
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[ones] if ones else "")
