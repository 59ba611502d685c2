"""What the text claims about the event a quotation comes from: `2025 年 4 月，在……集体学习时`.

A date belongs to the first quotation after it in its sentence. Dates without a year
(`4月25日`, `今年4月`, `去年4月`) take it from the article's date; a date after 截至/自/从 is a span.
"""
from __future__ import annotations

import re

from ..text.dates import PartialDate, find_dates
from .context import Context
from .model import Quotation

_YEARLESS = re.compile(r"(?<![\d年.\-/])(?P<rel>今年|去年|前年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_EVENT_DATE_TAIL = re.compile(r"^(?:[上中下]旬|初|底|末)?\s*[,，在]")
_SPAN_DATE_HEAD = re.compile(r"(?:截至|截止|自|从|到|至|直到)\s*$")  # 截至 2025 年 4 月: a span, not the event


def find(ctx: Context) -> None:
    previous = None
    for quote in ctx.article.quotations:
        if quote.kind == "quotation":
            _date_claim(ctx, quote, previous)
            previous = quote


def _date_claim(ctx: Context, quote: Quotation, previous: Quotation | None) -> None:
    """`2025 年 4 月，在……集体学习时，习近平强调，要“……”`: the date the text gives the event."""
    start = ctx.sentence_start(quote.start)
    # A date belongs to the first quotation after it, not to later ones in the sentence.
    if previous is not None and start <= previous.start < quote.start:
        start = previous.end
    window = ctx.text[start:quote.start]
    dated = find_dates(window)
    claims = [(d, s, e) for d, s, e in dated + _yearless_dates(ctx, window, dated)
              if d.month and _EVENT_DATE_TAIL.match(window[e:]) and not _SPAN_DATE_HEAD.search(window[:s])
              and not ctx.in_title(start + s)]
    claims.sort(key=lambda claim: claim[1])
    if claims:
        date, s, _ = claims[-1]
        quote.claim_date = date
        quote.claim_line = ctx.article.line_of(start + s)


def _yearless_dates(ctx: Context, window: str, dated) -> list[tuple[PartialDate, int, int]]:
    """`4月25日` and `今年4月` take their year from the article's date (去年: the year before).

    `dated` holds the window's dates that carry a year: their month and day are not taken again.
    """
    article_date = ctx.article.date
    if not article_date:
        return []
    found = []
    for m in _YEARLESS.finditer(window):
        if any(s < m.end() and m.start() < e for _, s, e in dated):
            continue
        month, day = int(m.group("m")), int(m.group("d")) if m.group("d") else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        back = {"今年": 0, "去年": 1, "前年": 2}.get(m.group("rel") or "")
        year = article_date.year - back if back is not None else ctx.infer_year(month, day or 1)
        if year:
            found.append((PartialDate(year, month, day), m.start(), m.end()))
    return found
