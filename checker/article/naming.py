"""Binding by the text: a quotation belongs to the work the text names before it.

Commentaries name their sources in the running text, often without a date:
`人民日报 3 月 11 日《X》提供了一个总背景。文章说：`, `《X》一文提到，`, `5 月 7 日《X》讲得很清楚：`,
and refer back with 文章/该文/这篇报道. A 《title》 names a cited work when a paper or a date stands
before it, a verb of saying follows it, or the reference list holds it; other titles (a law, a
plan the report mentions) are what a sentence is about, not who speaks.

Each quotation or candidate span takes, in this order:
- the work named in its own sentence before it, or in the paragraph that introduces it (a
  paragraph ending in ：before a block quote or a list);
- the work named last in its section, when that sentence or paragraph refers back (文章指出);
- otherwise the last work named in its section becomes its context: the check binds the words
  to it only if that work holds them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..text import titles
from .cite import Reference, parse_reference
from .context import Context
from .model import Quotation

_PAPER = r"(?:人民日报|光明日报|经济日报|解放军报|求是|新华社|新华网|人民网|央视新闻|《[^》]{2,12}(?:报|刊|志)》)"
_DATE_BEFORE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*(?:[,，]\s*)?" + _PAPER + r"?\s*"
                          r"(?:发表|刊发|刊登|刊载|推出|发布)?的?\s*$")
_PAPER_BEFORE = re.compile(r"(?P<pub>" + _PAPER + r")\s*(?:近期|近日|日前|此前)?\s*(?:发表|刊发|刊登|刊载|的)?\s*$")
_SPEAKS_AFTER = re.compile(r"^(?:一文|这篇文章|文章|报道|评论|中|里|则|也|还|更)?\s*(?:中|里)?\s*"
                           r"(?:写到|写道|提到|指出|提出|认为|强调|说|讲|谈到|列举|概括|总结|给出|提供|提醒|介绍|披露|"
                           r"报道|显示|表示|明确|分析|呼吁|用|有一句话|这样写|写|称)")
_WORK = re.compile(r"《(?P<title>[^《》]{2,80})》")
# A paper and a date of printing with no title: 人民日报 5 月 18 日还报道了……, 6 月 2 日，人民日报刊发的
# 一篇报道…… name the report printed that day (its date is the printing's, never the event's).
_PRINTED = r"(?:还|也|又|则|曾|专门)?\s*(?:报道|刊发|发表|刊登|刊载|刊出|播发)"
_DATE = r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
_DATED_REPORTS = (re.compile(rf"(?P<pub>{_PAPER})\s*{_DATE}\s*{_PRINTED}"),
                  re.compile(rf"{_DATE}\s*[,，]?\s*(?P<pub>{_PAPER})\s*{_PRINTED}"))
_TITLE_NEXT = re.compile(r"^[^。，,；;]{0,6}《")
_LIST_POINTER = re.compile(r"参考(?:文章|文献|资料)\s*(?P<n>\d{1,3})")
_REFERS_BACK = re.compile(r"文章|该文|此文|这篇|那篇|报道|文中|原文|作者|评论")
_SAYS = re.compile(r"说|写到|写道|指出|提出|强调|认为|表示|提到|谈到|讲到|明确|要求|呼吁|称|道|概括|总结|列举|披露|"
                   r"有一句话|这样写|原文|[：:]\s*$")
SECTION_REACH = 4000  # characters: a work named further back than this is not the context
_INTRO_END = re.compile(r"[：:]\s*$")


@dataclass
class NamedWork:
    start: int  # canonical offset where the naming starts (paper or date included)
    end: int
    reference: Reference


def named_works(ctx: Context) -> list[NamedWork]:
    """Every place the body names a work it cites, each as an inline reference."""
    a = ctx.article
    listed = [r for r in a.references if r.style == "list"]
    marks = [(q.start, q.end) for q in a.quotations if q.form == "marks"]
    found: list[NamedWork] = []
    for m in _WORK.finditer(ctx.text):
        title = a.body.display[m.start("title"):m.end("title")]
        if _inside(marks, m.start()) or _is_paper(title):
            continue
        before = ctx.text[max(0, m.start() - 24):m.start()]
        dated = _DATE_BEFORE.search(before)
        paper = _PAPER_BEFORE.search(before)
        match = _find_listed(title, listed)
        if not (dated or paper or match or _SPEAKS_AFTER.match(ctx.text[m.end():m.end() + 12])):
            continue  # a law or plan the sentence is about, not a work that speaks
        start = m.start() - len(dated.group(0) if dated else paper.group(0) if paper else "")
        found.append(NamedWork(start, m.end(), _reference(ctx, title, dated, paper, match, start, m.end())))
    named = [(w.start, w.end) for w in found]
    for pattern in _DATED_REPORTS:
        for m in pattern.finditer(ctx.text):
            if _inside(marks, m.start()) or ctx.in_title(m.start()) or _TITLE_NEXT.match(ctx.text[m.end():]) \
                    or any(s <= m.start() < e or m.start() <= s < m.end() for s, e in named):
                continue  # a title follows (人民日报刊发的《X》), or this naming is one already
            found.append(NamedWork(m.start(), m.end(), _dated_reference(ctx, m, listed)))
            named.append((m.start(), m.end()))
    for m in _LIST_POINTER.finditer(ctx.text):  # 参考文章6
        match = next((r for r in listed if r.number == m.group("n")), None)
        if match:
            match.cited = True
            found.append(NamedWork(m.start(), m.end(), match))
    found.sort(key=lambda w: w.start)
    for work in found:
        if work.reference.style == "inline":
            a.references.append(work.reference)
    return found


def _reference(ctx: Context, title: str, dated, paper, listed: Reference | None, start: int, end: int) -> Reference:
    a = ctx.article
    line = a.line_of(start)
    text = f"《{title}》"
    pub = None
    if paper and paper.group("pub"):
        pub = paper.group("pub").strip("《》")
    elif dated:
        named = re.search(_PAPER, dated.group(0))
        pub = named.group(0).strip("《》") if named else None
    if pub:
        text += f"，《{pub}》"
    if dated:
        year = int(dated.group("y")) if dated.group("y") else ctx.infer_year(int(dated.group("m")), int(dated.group("d")),
                                                                             guess=True)
        if year:
            text += f"{year}年{dated.group('m')}月{dated.group('d')}日"
    ref = parse_reference(text, number=None, line=line, end_line=line, style="inline")
    ref.text = a.body.display[start:end]
    ref.year_guessed = bool(dated and not dated.group("y") and a.date is None and ref.date)
    if listed:
        _complete_from(ref, listed)
    ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
    return ref


def _complete_from(ref: Reference, listed: Reference) -> None:
    """An inline naming completed from its reference-list entry: the fields it does not write."""
    listed.cited = True
    ref.listed = listed
    ref.borrowed = frozenset(name for name, here, there in (("date", ref.date, listed.date),
                                                            ("page", ref.page, listed.page)) if there and not here)
    ref.number = listed.number
    ref.author = ref.author or listed.author
    ref.page, ref.page_number, ref.page_unit = listed.page, listed.page_number, listed.page_unit
    ref.publication = ref.publication or listed.publication
    ref.date = ref.date or listed.date


def _dated_reference(ctx: Context, m: re.Match, listed: list[Reference]) -> Reference:
    """The report a paper and a printing date name: the reference-list entry of that paper and day
    when there is exactly one, else a reference by paper and date (resolved by where the words are)."""
    month, day = int(m.group("m")), int(m.group("d"))
    year = int(m.group("y")) if m.group("y") else ctx.infer_year(month, day, guess=True)
    pub = m.group("pub").strip("《》")
    ref = parse_reference(f"《{pub}》" + (f"{year}年{month}月{day}日" if year else ""),
                          line=ctx.article.line_of(m.start()), style="inline")
    ref.text = ctx.article.body.display[m.start():m.end()]
    ref.year_guessed = bool(not m.group("y") and ctx.article.date is None and ref.date)
    same_day = [r for r in listed if r.date and ref.date and (r.date.month, r.date.day) == (month, day)
                and (r.date.year == ref.date.year or ref.year_guessed)]
    if len(same_day) == 1:
        _complete_from(ref, same_day[0])
        ref.title = same_day[0].title
    ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
    return ref


def bind(ctx: Context, works: list[NamedWork], quotes: list[Quotation]) -> None:
    """Give each quotation without a note the work its text names (or the context work)."""
    if not works:
        return
    starts = [w.start for w in works]
    sections = [ctx.article.body.canon_index(raw) for raw in ctx.article.layout.headings]
    for quote in quotes:
        if quote.reference is not None:
            continue
        window_start = _introduction(ctx, quote)
        i = bisect.bisect_left(starts, quote.start) - 1
        while i >= 0 and works[i].end > quote.start:
            i -= 1  # a naming that runs past the quotation's start does not precede it
        if i < 0:
            continue
        last = works[i]
        section = sections[bisect.bisect_right(sections, quote.start) - 1] if sections and sections[0] <= quote.start else 0
        in_section = last.start >= section and quote.start - last.end <= SECTION_REACH
        if quote.part_of is not None:
            # A clause of a span no source holds whole: the span is the author's sentence, and naming the
            # work claims no clause of it word for word. The clause is the work's if the work holds it.
            if in_section or last.start >= window_start:
                quote.context_reference = last.reference
            continue
        back = _REFERS_BACK.search(ctx.text[window_start:quote.start]) if last.start < window_start else None
        if last.start >= window_start:
            _take(quote, last.reference)
            quote.attributed = _attributes(ctx.text[last.end:quote.start])
        elif in_section and back:
            _take(quote, last.reference)
            quote.attributed = _attributes(ctx.text[window_start + back.end():quote.start])
        elif in_section:
            quote.context_reference = last.reference


def _attributes(between: str) -> bool:
    """Whether the words between the naming and the quotation attribute it to the work: a verb of
    saying (《X》指出，“……”; 文章说：) or a colon. 《X》把落脚点放在“……”上 and 报道的思路是“先……再……”
    put the author's own words for the work's argument in marks: bound to it, but claimed of it by
    no one, so words of no source there are the author's (no QC302)."""
    return bool(_SAYS.search(between))


def _take(quote: Quotation, ref: Reference) -> None:
    quote.reference = ref
    ref.cited = True


def _introduction(ctx: Context, quote: Quotation) -> int:
    """Where the text that introduces a quotation starts: its own sentence, or the paragraph before
    it when the quotation opens a paragraph (a block quote, a list) and that paragraph ends in ："""
    own = ctx.sentence_start(quote.start)
    para = ctx.paragraph_start(quote.start)  # a list's bullets are one paragraph
    if not para or (quote.form != "list" and quote.start - para > 2):
        return own
    previous = ctx.paragraph_start(para - 1)
    return previous if _INTRO_END.search(ctx.text[previous:para]) else own


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies inside one of the (sorted, non-overlapping) quotation spans."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def _is_paper(title: str) -> bool:
    return bool(re.fullmatch(r"[^《》]{2,12}(?:报|刊|杂志|周刊|月刊)|求是|新华社", title.strip()))


def _find_listed(title: str | None, listed: list[Reference]) -> Reference | None:
    """The reference-list entry a title in the text names: the entry whose title is the same
    (column tags such as （有的放矢） dropped on both sides) first; failing that, one whose title holds
    it or is held by it. A column tag is not a title: 《纵深推进全国统一大市场建设》 names the entry
    《纵深推进全国统一大市场建设（有的放矢）》, not 《从一条跨省高速……（经济新方位·纵深推进全国统一大市场建设）》."""
    if not title:
        return None
    key = titles.key(title)
    keys = [(ref, titles.key(ref.title)) for ref in listed]
    same = next((ref for ref, other in keys if other and other == key), None)
    if same is not None:
        return same
    for ref, other in keys:
        if other and len(key) >= 6 and (key in other or other in key):
            return ref
    return None

