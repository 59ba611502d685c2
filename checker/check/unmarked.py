"""Words borrowed without quotation marks, looked up like quotations and judged like paraphrase.

An attributed sentence (`习近平强调，要……`) or an unattributed one (a formulation reused as the
author's own) is searched through the same pre-filter or index as a quotation: the cited source
first (a note marker in the sentence), then the library. Only what a source holds nearly is
kept; the facts established here are what differs and whether it matters (a number, a negation,
an obligation word, a name, a clause the source does not hold) and who the source says spoke.
How severe each is, is for the rule files (rules/unmarked.toml).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..article import Article
from ..article.unmarked import Unmarked, clauses
from ..library import Library, Source
from ..text.normalise import strip_punct
from ..text.search import prepare
from ..text.speakers import BEFORE_QUOTE, is_pronoun, speaker_before, subject
from .align import Alignment, locate
from .edits import Edit
from .holders import witnesses_at

ATTRIBUTED_SCORE = 80.0  # reported speech may adapt its words, or add a clause: this near is still the source's sentence
UNATTRIBUTED_SCORE = 90.0  # a formulation reused as one's own: nearly word for word, or the author's
MAX_EDITS = 2  # an unattributed sentence with more changes than this is the author's own paraphrase
CLAUSE_CHARS = 4  # added words this long are a clause the source does not hold
OBLIGATION = ("必须", "不得", "可以", "应当", "应该", "务必", "不能", "禁止", "需要", "要")
# A number as written: digits, or Chinese numerals before a unit (两项, 三种; not 四川 or 一系列).
_NUMBER = re.compile(r"\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百千万亿]+(?=[年月日个名万亿元倍次项条届位家种人所余多])")
# A time the source gives relative to its own date, which an article rightly makes absolute.
_RELATIVE_TIME = re.compile(r"今年|去年|明年|前年|本月|上月|今天|昨天|当天|当日|今日|近日")
_NAME_CHANGE = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:省|市|县|区|国|部|委|局|厅|院|会|党|族)$")


@dataclass
class UnmarkedResult:
    item: Unmarked
    source: Source
    alignment: Alignment
    cited: bool  # the source is the one a note in the sentence cites
    reason: str = ""  # verified | wording | number | negation | obligation | name | clause
    edit: Edit | None = None  # the change that decided the reason
    source_speaker: str | None = None  # the nearest speaker before the words in the source
    source_verb: str | None = None

    @property
    def status(self) -> str:
        return self.alignment.kind

    @property
    def significant(self) -> bool:
        return self.reason in ("number", "negation", "obligation", "name", "clause")

    def source_text(self) -> str:
        return self.source.body.display[self.alignment.start:self.alignment.end]


def check_unmarked(article: Article, library: Library, cited_sources: dict[int, Source]) -> list[UnmarkedResult]:
    """The candidates a library source holds nearly, one result per sentence.

    `cited_sources`: the source each note marker's reference resolved to (by id of the reference).
    """
    items = article.unmarked
    needles = {id(item): prepare(item.text) for item in items}
    _prepare(library, items, needles)
    results: dict[int, UnmarkedResult] = {}
    for item in items:
        result = _look_up(item, needles[id(item)], library, _cited(article, item, cited_sources))
        if result is not None:
            results[id(item)] = result
    # A sentence no source holds whole may hold a clause that one does (the author's lead-in,
    # two sources' sentences joined): its clauses, in one more search; the first held one counts.
    pieces = {id(item): clauses(article, item) for item in items if id(item) not in results}
    needles.update({id(p): prepare(p.text) for group in pieces.values() for p in group})
    _prepare(library, [p for group in pieces.values() for p in group], needles)
    for item in items:
        for piece in pieces.get(id(item), ()):
            result = _look_up(piece, needles[id(piece)], library, _cited(article, item, cited_sources))
            if result is not None:
                results[id(item)] = result
                break
    return sorted(results.values(), key=lambda r: r.item.start)


def quoted_speakers(article: Article, results) -> list[UnmarkedResult]:
    """Quotations whose sentence names a speaker (习近平强调，要“…”), with the speaker the source
    holding the words names before them: the facts of the speaker rules, as for unmarked words."""
    text = article.body.text
    found = []
    for result in results:
        quote = result.quote
        if result.source is None or result.alignment is None or quote.kind != "quotation":
            continue
        start = max(text.rfind(end, 0, quote.start) for end in "。!?") + 1
        if article.layout.is_markdown:  # a line of Markdown is a paragraph or a heading: no speaker above it
            start = max(start, article.body.canon_index(article.lines.starts[quote.line - 1]))
        m = BEFORE_QUOTE.search(text, max(start, quote.start - 60), quote.start)
        if m is None:
            continue
        item = Unmarked(quote.text, quote.start, quote.end, quote.line, quote.end_line, quote.column,
                        quote.end_column, speaker=subject(m.group("who")), verb=m.group("verb"))
        fact = UnmarkedResult(item, result.source, result.alignment, result.binding in ("note", "text"), "verified")
        fact.source_speaker, fact.source_verb = _source_speaker(result.source, result.alignment)
        if fact.source_speaker and item.speaker:
            found.append(fact)
    return found


def _prepare(library: Library, items: list[Unmarked], needles: dict) -> None:
    """One batched search per threshold (an index searches them all at once)."""
    library.prepare_search([needles[id(i)] for i in items if i.attributed], ATTRIBUTED_SCORE)
    library.prepare_search([needles[id(i)] for i in items if not i.attributed], UNATTRIBUTED_SCORE)


def _cited(article: Article, item: Unmarked, cited_sources: dict[int, Source]) -> Source | None:
    for marker in article.markers:
        if item.start <= marker.start <= item.end and marker.reference is not None:
            source = cited_sources.get(id(marker.reference))
            if source is not None:
                return source
    return None


def _look_up(piece: Unmarked, needle, library: Library, cited: Source | None) -> UnmarkedResult | None:
    score = ATTRIBUTED_SCORE if piece.attributed else UNATTRIBUTED_SCORE
    found = witnesses_at(needle, library, score)
    if piece.heading:
        found = [w for w in found if w.alignment.words_equal]  # headings adapt: only word for word counts
    if not found:
        return None
    chosen = next((w for w in found if cited is not None and w.source.id == cited.id), found[0])
    alignment = chosen.alignment
    if not alignment.words_equal:
        alignment = locate(needle, chosen.source, explain=True, min_score=score) or alignment
    result = UnmarkedResult(piece, chosen.source, alignment, cited is not None and chosen.source.id == cited.id)
    result.reason, result.edit = _reason(result)
    if not piece.attributed and len(_inner(alignment.edits, len(piece.words), set())) > MAX_EDITS:
        return None  # rewritten, not reused: the author's own sentence
    if piece.attributed:
        result.source_speaker, result.source_verb = _source_speaker(chosen.source, alignment)
    return result


def _reason(result: UnmarkedResult) -> tuple[str, Edit | None]:
    """What the difference is, the weightiest first. A weighty change (number, negation,
    obligation word, name, added clause) must stand inside the borrowed words, with the source's
    words on both sides of it; at the seam it is at most adapted wording."""
    if result.alignment.words_equal:
        return "verified", None
    changed = _obligations_changed(result)
    length = len(result.item.words)
    edits = _inner(result.alignment.edits, length, changed)
    if not edits:
        return "verified", None  # only the author's lead-in or ending differs: the source's words
    year = result.source.date.year if result.source.date else None
    inside = [e for e in edits if _inside(e, length)]
    for edit in inside:
        if _number_changed(edit, year):
            return "number", edit
    for edit in inside:
        if edit.kind == "negation":
            return "negation", edit
    for edit in inside:
        if _touches(edit, changed):
            return "obligation", edit
    for edit in inside:
        if _name_changed(edit):
            return "name", edit
    for edit in inside:
        if edit.kind == "insertion" and len(edit.quote) >= CLAUSE_CHARS:
            return "clause", edit
    return "wording", edits[0]


SIDE_CHARS = 3  # the source's words on each side of a change that make it a change inside the borrowing


def _inside(edit: Edit, length: int) -> bool:
    start, end = _core(edit)
    return start >= SIDE_CHARS and end <= length - SIDE_CHARS


def _inner(edits: list[Edit], length: int, obligations: set[str]) -> list[Edit]:
    """The changes inside the borrowed words. The sentence's own first or last word (a lead-in,
    a connective) aligned with the source's neighbour is the author's seam, not a change; a
    number, negation or obligation word there, or words added that are a clause, stay."""
    kept = []
    for edit in edits:
        start, end = _core(edit)
        at_edge = start == 0 or end >= length
        # At the seam, a number, negation, obligation word or name counts only in place of another
        # (要 for 必须, 1000 for 2000): the author's 期间 against the source's next word 7月 is no change.
        replaced = ((_number_changed(edit) and bool(_numbers(edit.source)) and not _RELATIVE_TIME.search(edit.source))
                    or (_touches(edit, obligations) and _obligation_at_seam(edit.source, start == 0)
                        and bool(_obligation_words(edit.quote))) or _name_changed(edit))
        if at_edge and not (replaced or (edit.kind == "insertion" and len(edit.quote) >= CLAUSE_CHARS)):
            continue
        kept.append(edit)
    return kept


def _core(edit: Edit) -> tuple[int, int]:
    """Where in the article's words the edit really changes something: jieba widens 3 for 多 to
    3种手段 for 多种手段, whose shared 种手段 may reach the sentence's end without being a seam."""
    a, b = edit.source, edit.quote
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return edit.quote_span[0] + head, edit.quote_span[1] - tail


def _obligations_changed(result: UnmarkedResult) -> set[str]:
    """Obligation words the source's and the article's words do not have equally often
    (要 for 必须, 可以 for 不得, one added or dropped), counted as jieba's words of each whole
    text, so the 要 of 重要 or 需要 is no obligation."""
    # jieba is loaded already: explaining the edits needed it.
    source_words = strip_punct(result.source.body.text[result.alignment.start:result.alignment.end])
    ours, theirs = Counter(_obligation_words(result.item.words)), Counter(_obligation_words(source_words))
    return {w for w in ours | theirs if ours[w] != theirs[w]}


def _obligation_at_seam(source: str, at_start: bool) -> bool:
    """Whether the source's words at the seam hold an obligation word next to the borrowed words:
    the window of 要正视 may start one character early (出要 for 指出，要)."""
    return any(source.endswith(w) if at_start else source.startswith(w) for w in OBLIGATION)


def _obligation_words(text: str) -> list[str]:
    from ..text.words import words

    return [w for w in words(text) if w in OBLIGATION] if text else []


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _number_changed(edit: Edit, year: int | None = None) -> bool:
    """The article gives a number the source does not (1000 for 2000, 3种 for 多种); a number
    left out is a shortening. A year for the source's 今年/去年/明年 is compared with the year the
    source's date makes it (2026年 for 今年 in a 2026 report says the same)."""
    ours = _numbers(edit.quote)
    if not ours or ours == _numbers(edit.source):
        return False
    relative = _RELATIVE_TIME.search(edit.source)
    if relative:
        offset = _YEAR_OFFSET.get(relative.group())
        years = [int(n) for n in _YEAR.findall(edit.quote)]
        return offset is not None and year is not None and bool(years) and years[0] != year + offset
    return True


_YEAR_OFFSET = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}
_YEAR = re.compile(r"(\d{4})年")


def _name_changed(edit: Edit) -> bool:
    """A place, country or body named otherwise: 中国 for 美国, 浙江省 for 江苏省."""
    return edit.kind == "substitution" and bool(_NAME_CHANGE.search(edit.source) and _NAME_CHANGE.search(edit.quote))


def _touches(edit: Edit, obligations: set[str]) -> bool:
    return any(w in edit.source or w in edit.quote for w in obligations)


def _source_speaker(source: Source, alignment: Alignment) -> tuple[str | None, str | None]:
    """The nearest speaker and verb of saying before the words, in the same paragraph of the source.

    A report repeats its key sentences (a summary box `■ …` above the body): the first place
    the words stand after a speaker decides.
    """
    text = source.body.text
    words = text[alignment.start:alignment.end]
    at = alignment.start
    places = [at] + [i for i in _all(text, words) if i != at]
    for place in places[:MAX_PLACES]:
        raw_at = source.body.raw_offset(place)
        paragraph = source.raw[source.raw.rfind("\n", 0, raw_at) + 1:raw_at]
        found = speaker_before(paragraph)
        if found is not None:
            return (None, None) if is_pronoun(found[0]) else found  # 他指出: no claim either way
    return None, None


MAX_PLACES = 5


def _all(text: str, words: str):
    at = text.find(words)
    while at >= 0:
        yield at
        at = text.find(words, at + 1)
