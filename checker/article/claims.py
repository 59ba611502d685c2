"""What the text claims about the event a quotation comes from: `2025 年 4 月，在……第二十次集体学习时`.

A date or a numbered event (第二十次集体学习) belongs to the first quotation after it in its
sentence; a sentence with a note marker but no quotation of its own makes the same claims about
the event its note cites. Dates without a year (`4月25日`, `今年4月`, `去年4月`) take it from the
article's date; a date after 截至/自/从 is a span.
"""
from __future__ import annotations

import re

from ..text.dates import PartialDate, find_dates
from ..text.events import event_names
from .context import Context
from .model import Claim

_YEARLESS = re.compile(r"(?<![\d年.\-/])(?P<rel>今年|去年|前年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_EVENT_DATE_TAIL = re.compile(r"^(?:[上中下]旬|初|底|末)?\s*[,，在]")
_SPAN_DATE_HEAD = re.compile(r"(?:截至|截止|自|从|到|至|直到)\s*$")  # 截至 2025 年 4 月: a span, not the event
# 6 月 2 日，人民日报刊发的……报道: the date of printing (naming checks it against the report's date),
# not the date of the event the report tells; only a sentence about the event makes an event claim.
_PRINTING_AFTER = re.compile(r"^\s*[,，]?\s*(?:本报|人民日报|《[^》]{2,12}》|[^，,。、\s]{2,8}(?:报|社|台|网))?\s*"
                             r"(?:还|也|又|曾|专门)?\s*(?:刊发|发表|刊登|刊载|刊出|播发|报道|发布了?(?:一篇|评论|文章))")


def find(ctx: Context) -> None:
    previous = None
    for quote in ctx.article.quotations:
        if quote.kind == "quotation":
            start = ctx.sentence_start(quote.start)
            # A claim belongs to the first quotation after it, not to later ones in the sentence.
            if previous is not None and start <= previous.start < quote.start:
                start = previous.end
            date = _date_claim(ctx, start, quote.start)
            if date:
                quote.claim_date, quote.claim_line = date
            event = _event_claim(ctx, start, quote.start)
            if event:
                quote.claim_event, quote.claim_event_line = event
            previous = quote
    _marker_claims(ctx)


def _marker_claims(ctx: Context) -> None:
    """Sentences that cite an event in a note without quoting it."""
    a = ctx.article
    quoted = {id(q.marker) for q in a.quotations if q.marker is not None}
    for marker in a.markers:
        if marker.reference is None or id(marker) in quoted:
            continue
        anchor = marker.start
        while anchor > 0 and ctx.text[anchor - 1] in "。，,；;.！!？? ":
            anchor -= 1  # a marker after the sentence end (……学习。［3］) cites that sentence
        start = ctx.sentence_start(anchor)
        if any(start <= q.start < marker.start for q in a.quotations if q.kind == "quotation"):
            continue  # the sentence quotes: its claims are its quotation's
        date, event = _date_claim(ctx, start, anchor), _event_claim(ctx, start, anchor)
        if date or event:
            claim = Claim(marker.reference, marker.line)
            if date:
                claim.date, claim.date_line = date
            if event:
                claim.event, claim.event_line = event
            a.claims.append(claim)


def _event_claim(ctx: Context, start: int, end: int):
    """`在……第二十次集体学习时`: the last numbered event named before the quotation (outside titles)."""
    names = [(name, s) for name, s, _ in event_names(ctx.text[start:end]) if not ctx.in_title(start + s)]
    if not names:
        return None
    name, s = names[-1]
    return name, ctx.article.line_of(start + s)


def _date_claim(ctx: Context, start: int, end: int):
    """`2025 年 4 月，在……集体学习时，习近平强调，要“……”`: the date the text gives the event."""
    window = ctx.text[start:end]
    dated = find_dates(window)
    claims = [(d, s, e) for d, s, e in dated + _yearless_dates(ctx, window, dated)
              if d.month and _EVENT_DATE_TAIL.match(window[e:]) and not _SPAN_DATE_HEAD.search(window[:s])
              and not _PRINTING_AFTER.match(window[e:]) and not ctx.in_title(start + s)]
    claims.sort(key=lambda claim: claim[1])
    if not claims:
        return None
    date, s, _ = claims[-1]
    return date, ctx.article.line_of(start + s)


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
