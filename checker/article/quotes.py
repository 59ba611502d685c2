"""Quotation marks: “…”, 「…」, 『…』 with nested ‘…’, across lines, pages and footnote blocks.

A quoted span is a quotation or a term: short scare-quoted words (“卡脖子”) without clause
punctuation or an attribution cue are terms; marks after a naming word (项目“……”) name a thing.
"""
from __future__ import annotations

import re

from ..text.normalise import strip_punct
from .context import Context
from .model import Quotation

OPEN_CLOSE = {"“": "”", "「": "」", "『": "』", "‘": "’"}
TOP_OPENERS = {"“", "「", "『"}
_CLOSERS = {"”", "」", "』"}
MAX_QUOTE_CHARS = 3000
MAX_UNBALANCED = 200  # past this many unclosed marks the text is not prose; stop listing them
# Shorter uncited quotes without a cue or clause punctuation are scare-quoted terms: from 10
# characters most such spans of real text are someone's words (bench/terms.py, docs/development.md).
TERM_MAX_CHARS = 9
CLAUSE_PUNCT = set("，,。；;：:！!？?、")
SENTENCE_END = set("。！？!?")
_CUE = re.compile(r"(?:指出|强调|说|说道|表示|提出|写道|认为|要求|提到|谈到|称|坦言|直言|原文是)"
                  r"(?:[：:，,]\s*(?:要|必须|应当|应该|就是)?)?\s*$")
# Marks right after a naming word name a thing (项目“……”, 题为“……”): a term, however long.
_NAME_CUE = re.compile(r"(?:项目|课题|专项|工程|基金|题为|名为|称为|简称|主题为|口号为)\s*$")


def scan(ctx: Context) -> None:
    """Find every top-level quoted span (article.quotations) and the sentence ends outside them."""
    text = ctx.text
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and i - stack[0][1] > MAX_QUOTE_CHARS:
            _unbalanced(ctx, stack[0][1])
            stack.clear()
        if ch in OPEN_CLOSE and not (not stack and ctx.in_title(i)):
            if stack and ch == stack[-1][0] and ch in TOP_OPENERS:
                # The same mark opened again right inside itself: the first one was never closed.
                # (“…‘…“…”…’…” is the third level of nesting, not this.)
                _unbalanced(ctx, stack[0][1])
                stack.clear()
            if stack or ch in TOP_OPENERS:
                stack.append((ch, i))
            continue
        if stack and ch == OPEN_CLOSE[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                _add_quote(ctx, opener, start, i + 1)
            continue
        if stack and len(stack) > 1 and ch == OPEN_CLOSE[stack[0][0]]:
            # An inner mark left open: close the whole quotation here.
            opener, start = stack[0]
            stack.clear()
            _add_quote(ctx, opener, start, i + 1)
            continue
        if not stack and ch in _CLOSERS and not ctx.in_title(i):
            ctx.orphan_closers.append(i)
        if not stack and ch in SENTENCE_END:
            ctx.sentence_ends.append(i + 1)
    if stack:
        _unbalanced(ctx, stack[0][1])


def _unbalanced(ctx: Context, pos: int) -> None:
    a = ctx.article
    if len(a.unbalanced) < MAX_UNBALANCED:
        a.unbalanced.append(a.line_of(pos))
        a.unbalanced_at.append(pos)


def _add_quote(ctx: Context, opener: str, start: int, end: int) -> None:
    a = ctx.article
    inner = a.body.display[start + 1:end - 1]
    if not strip_punct(inner):
        return
    raw_open = a.body.raw_offset(start)
    raw_close = a.body.raw_offset(end - 1)
    line, col = a.lines.line_col(raw_open)
    end_line, end_col = a.lines.line_col(raw_close)
    before = ctx.text[ctx.sentence_start(start):start]
    quote = Quotation(text=inner.strip(), kind="term", start=start, end=end, line=line, end_line=end_line,
                      column=col, end_column=end_col + 1, marks=opener + OPEN_CLOSE[opener],
                      cue=bool(_CUE.search(before)))
    quote.heading = a.in_heading(line)
    named = bool(_NAME_CUE.search(ctx.text[max(0, start - 6):start]))
    if not named and (quote.cue or quote.weight > TERM_MAX_CHARS or any(ch in CLAUSE_PUNCT for ch in inner)):
        quote.kind = "quotation"
    a.quotations.append(quote)
