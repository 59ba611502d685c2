"""Words the text announces as the author's own: a summary or a model sentence, not a quotation.

`可以概括为“……”`, `归纳起来：`, `大意是`, `意思是`, `换句话说，`, `用一句话说`, and the writing
advice of commentaries (`可以转成申论总句：`, `申论可用表达：…`) introduce the author's wording of
what a source says, in marks, bold runs, block quotes or bullets alike. Such words promise no
source's wording: the check finds no drift in them (article.model.Quotation.summary).
"""
from __future__ import annotations

import re

from .context import Context

# 可以概括为 is the author's; 人民日报把这种安排概括为“……” names the source's own summary: a quotation.
_SUMMARY = (r"(?:可以|可)(?:概括|归纳|总结|提炼)(?:为|成)|(?:概括|归纳|总结)(?:起来|一下)|大意(?:是|为)|"
            r"意思(?:就)?是|换句话说|换言之|简单(?:地)?说|简单来说|简而言之|简言之|说白了|"
            r"(?:用)?一句话(?:说|讲|概括|总结)|"
            r"(?:可以|可)(?:转成|转化为|转化成|写成|化用为|这样写)[^。！？：:]{0,10}|"
            r"(?:申论|考场|作文|写作)[^。！？：:]{0,8}(?:表达|总句|金句|写法|句式|例句)")
# The announcement right before the words: nothing between it and them but a mark or a colon.
_BEFORE = re.compile(rf"(?:{_SUMMARY})\s*[：:，,]?\s*(?:就是|即|叫做|叫)?\s*[：:，,]?\s*[“「『\"]?\s*$")
# …or a label at the head of the span itself: > **申论可用表达：……**
_HEAD = re.compile(rf"^[^。！？：:]{{0,6}}(?:{_SUMMARY})\s*[：:]")
LEAD = 40  # characters before a span in which its announcement is looked for


def mark(ctx: Context) -> None:
    """Set Quotation.summary on every quotation or candidate span the text announces as a summary."""
    for quote in ctx.article.quotations:
        if quote.part_of is not None:
            continue  # a clause is what its span is (below)
        if _announced(ctx, quote):
            quote.summary = True
            if quote.kind == "quotation" and quote.form != "marks":
                quote.kind, quote.cue = "span", False  # a block after 可以概括为： is no cue of a source
    for quote in ctx.article.quotations:
        if quote.part_of is not None:
            quote.summary = quote.part_of.summary


def _announced(ctx: Context, quote) -> bool:
    if _HEAD.match(ctx.text[quote.start:quote.end].lstrip("“「『\"* ")):
        return True
    if quote.form != "marks":
        # A block quote or list opening its paragraph is introduced by the paragraph before it
        # (a list's bullets are one paragraph).
        para = ctx.paragraph_start(quote.start)
        if para > 0 and (quote.form == "list" or quote.start - para <= 2) and \
                _BEFORE.search(ctx.text[max(0, para - LEAD):para].rstrip()):
            return True
    return bool(_BEFORE.search(ctx.text[max(0, quote.start - LEAD):quote.start]))
