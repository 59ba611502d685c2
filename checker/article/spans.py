"""Words an article sets apart without a note: block quotes, bold runs, bullets after a cue,
and a clause whose opening quotation mark was lost.

Commentaries quote in these forms, and put their authors' own slogans in the same forms. So
each is a candidate (kind "span"): the check keeps it as a quotation only when a library
source holds its words, or the text names the work it comes from; otherwise it is the
author's own text and gets no finding. A block quote right after an attribution cue
(`文章说：`) promises a source's words, so it is a quotation whether or not one is found.
"""
from __future__ import annotations

import re

from ..text.normalise import strip_punct
from .context import Context
from .model import Quotation

MIN_SPAN_WEIGHT = 8  # shorter bold runs and bullets are labels (**先写发展端**), not quotations
_BLOCK_CUE = re.compile(r"(?:说|指出|强调|写道|写到|提到|表示|认为|有一句话|一段话|这样写|原文|这样说|谈到|总结道|概括)"
                        r"[^。！？]{0,20}[：:]\s*$")
_INTRO_COLON = re.compile(r"[：:]\s*$")
_LABEL_AFTER = re.compile(r"^\s*[：:]")
_ITEM_LABEL = re.compile(r"^[^：:，。]{1,12}[：:]")
_QUOTE_LEAD = re.compile(r"[：:。！!？?]")
_CLAUSE_START = re.compile(r"[，,。；;：:！!？?]")


def find(ctx: Context) -> None:
    """Add every candidate span to article.quotations (kept in text order)."""
    a = ctx.article
    items = _list_items(ctx)
    bullets = {(q.line, q.text) for q in items}
    bold = [q for q in _bold(ctx) if (q.line, q.text) not in bullets]  # - **…** whole: one candidate, the bullet
    found = _blocks(ctx) + bold + items + _clauses(ctx)
    taken = [(q.start, q.end) for q in a.quotations if q.kind == "quotation"]
    for span in found:
        if any(s <= span.start and span.end <= e for s, e in taken):
            continue  # already inside a quotation: its marks speak for it
        a.quotations.append(span)
        a.quotations.extend(_parts(ctx, span))
    a.quotations.extend(_inner_quotes(ctx))
    a.quotations.sort(key=lambda q: (q.start, -q.end))


_INNER = {"“": re.compile(r"‘([^‘’“”]+)’"), "「": re.compile(r"『([^『』「」]+)』"), "『": re.compile(r"「([^「」『』]+)」")}


def _inner_quotes(ctx: Context) -> list[Quotation]:
    """Words an interviewee's quotation quotes in its own inner marks (他说：“总书记强调‘……’，我们……”):
    a candidate like any span, kept when a source holds it and the outer words have no source."""
    found = []
    for outer in [q for q in ctx.article.quotations if q.form == "marks" and q.kind == "quotation"]:
        pattern = _INNER.get(outer.marks[:1])
        if pattern is None:
            continue
        for m in pattern.finditer(ctx.text, outer.start + 1, outer.end - 1):
            inner = _span(ctx, m.start(), m.end(), form="marks")
            if inner:
                inner.text = ctx.article.body.display[m.start(1):m.end(1)].strip()
                inner.marks = m.group()[0] + m.group()[-1]
                inner.inside = outer
                found.append(inner)
    return found


def _span(ctx: Context, start: int, end: int, form: str, kind: str = "span", cue: bool = False) -> Quotation | None:
    a = ctx.article
    text = a.body.display[start:end].strip()
    quote = Quotation(text=text, kind=kind, start=start, end=end, line=0, end_line=0, column=0, end_column=0,
                      marks="> " if form == "block" else "", cue=cue, form=form)
    if quote.weight < MIN_SPAN_WEIGHT and kind == "span":
        return None
    raw_start, raw_end = a.body.raw_offset(start), a.body.raw_offset(end - 1)
    quote.line, quote.column = a.lines.line_col(raw_start)
    quote.end_line, end_col = a.lines.line_col(raw_end)
    quote.end_column = end_col + 1
    quote.heading = a.in_heading(quote.line)
    return quote


MIN_PART_WEIGHT = 12  # a clause of a span searched on its own must say this much


def _parts(ctx: Context, span: Quotation) -> list[Quotation]:
    """The clauses of a span: an author may set a report's sentence and words of their own in one
    block. Tried by the check only when no source holds the whole span."""
    pieces, start = [], span.start
    for m in _CLAUSE_START.finditer(ctx.text, span.start, span.end):
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, span.end))
    pieces = [(a, b) for a, b in pieces if strip_punct(ctx.text[a:b])]
    if len(pieces) < 2:
        return []
    parts = []
    for piece_start, piece_end in pieces:
        part = _span(ctx, piece_start, piece_end, form=span.form) if piece_end > piece_start else None
        if part and part.weight >= MIN_PART_WEIGHT:
            part.part_of = span
            parts.append(part)
    return parts


def _canon(ctx: Context, raw_start: int, raw_end: int) -> tuple[int, int] | None:
    body = ctx.article.body
    start, end = body.canon_index(raw_start), body.canon_index(raw_end)
    return (start, end) if end > start else None


def _blocks(ctx: Context) -> list[Quotation]:
    found = []
    for block in ctx.article.layout.blockquotes:
        if not block.spans:
            continue
        span = _canon(ctx, block.spans[0][0], block.spans[-1][1])
        if span is None:
            continue
        lead = ctx.text[max(0, span[0] - 60):span[0]]
        cue = bool(_BLOCK_CUE.search(lead))
        quote = _span(ctx, *span, form="block", kind="quotation" if cue else "span", cue=cue)
        if quote:
            found.append(quote)
    return found


def _bold(ctx: Context) -> list[Quotation]:
    found = []
    blocks = [_canon(ctx, b.spans[0][0], b.spans[-1][1]) for b in ctx.article.layout.blockquotes if b.spans]
    for raw_start, raw_end in ctx.article.layout.bold:
        span = _canon(ctx, raw_start, raw_end)
        if span is None or any(b and b[0] <= span[0] < b[1] for b in blocks):
            continue  # a bold block quote is one candidate, the block
        if _LABEL_AFTER.match(ctx.text[span[1]:span[1] + 2]):
            continue  # **法律法规**：…, a label before its explanation
        quote = _span(ctx, *span, form="bold")
        if quote:
            found.append(quote)
    return found


def _list_items(ctx: Context) -> list[Quotation]:
    """Bullets of a list introduced by a cue ending in a colon (重点任务包括：)."""
    found = []
    for raw_start, raw_end in ctx.article.layout.list_items:
        span = _canon(ctx, raw_start, raw_end)
        if span is None:
            continue
        para = ctx.paragraph_start(span[0])
        intro = ctx.text[ctx.paragraph_start(para - 1) if para else 0:para]
        if not para or not _INTRO_COLON.search(intro):
            continue
        text = ctx.text[span[0]:span[1]]
        label = _ITEM_LABEL.match(text)
        start = span[0] + (label.end() if label else 0)  # - **前置评估**：关注……: the words after the label
        quote = _span(ctx, start, span[1], form="list")
        if quote:
            found.append(quote)
    return found


def _clauses(ctx: Context) -> list[Quotation]:
    """…X”既涵盖……: a closing mark with no opening one; the clause up to it may be a quotation."""
    found = []
    for close in ctx.orphan_closers:
        start = max(ctx.paragraph_start(close), ctx.sentence_start(close))
        for m in _QUOTE_LEAD.finditer(ctx.text, start, close):
            start = m.end()  # after 写到： — where a quotation introduced in its sentence begins
        quote = _span(ctx, start, close, form="clause")
        if quote:
            found.append(quote)
    return found
