"""Citations in the running text: brackets after a quotation, inline citations, block quotes.

- `“……”（《人民日报》2025年4月27日第1版）`: a bracket naming a 《work》 and a date stands where a
  marker would (`（下称《意见》）` is not one).
- `人民日报 4 月 3 日《…》`: an inline citation, completed from the reference list; quotations
  later in its paragraph belong to it.
- A Markdown block quote right after an attribution cue (`文章说：`) is a quotation; others are
  the author's own slogans.
"""
from __future__ import annotations

import re

from ..text.dates import MONTH_DAY, PartialDate
from ..text.normalise import fold, strip_punct
from .cite import Reference, parse_reference
from .context import Context
from .model import Marker, Quotation
from .quotes import TERM_MAX_CHARS

_BLOCK_CUE = re.compile(r"(?:说|指出|强调|写道|提到|表示|认为|有一句话|一段话|这样写|原文|这样说|谈到|总结道)[^。！？]{0,20}[：:]\s*$")
_INLINE = re.compile(
    r"(?P<pub>《[^》]{2,12}(?:报|刊|志)》|人民日报|光明日报|经济日报|解放军报|求是|新华社|新华网|人民网)?\s*"
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:发表的?|刊发的?|刊登的?|的)?《(?P<title>[^》]{2,80})》")
# A citation in brackets right after the closing mark: “……”（《人民日报》2025年4月27日第1版）.
# Canonical text has half-width brackets. Only a bracket naming a 《work》 and a date counts.
_PAREN_CITE = re.compile(r"(?<=[”」』’])\s?\((?P<body>(?:见|参见|引自|摘自|转引自|据)?《[^()]{2,140}?)\)")


def bracket_citations(ctx: Context) -> list[Marker]:
    """“……”（《人民日报》2025年4月27日）: a citation that stands where a marker would."""
    a = ctx.article
    found = []
    for m in _PAREN_CITE.finditer(ctx.text):
        body = a.body.display[m.start("body"):m.end("body")]
        line = a.line_of(m.start("body"))
        ref = parse_reference(body, number=None, line=line, end_line=line, style="inline")
        if ref.date is None and (md := MONTH_DAY.search(body)):  # （《人民日报》4月27日）
            year = ctx.infer_year(int(md.group("m")), int(md.group("d")))
            ref.date = PartialDate(year, int(md.group("m")), int(md.group("d"))) if year else None
        if ref.date is None or not (ref.title or ref.publication):
            continue  # （下称《意见》）, （2025年）: not a citation
        ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
        ref.cited = True
        a.references.append(ref)
        found.append(Marker(number=body, start=m.start(), end=m.end(), line=line, reference=ref))
    return found


def bind_inline_and_blocks(ctx: Context) -> None:
    """Quotations without a marker take the inline citation before them in their paragraph."""
    inline = _inline_citations(ctx)
    if not inline and not ctx.article.layout.blockquotes:
        return
    blocks = _block_quotations(ctx, inline)
    for quote in ctx.article.quotations:
        if quote.reference or quote.kind != "quotation" or quote.block:
            continue
        if any(b.start <= quote.start < b.end for b in blocks):
            quote.kind = "term" if quote.weight <= TERM_MAX_CHARS else quote.kind
            continue
        para = ctx.paragraph_start(quote.start)
        for start, ref in reversed(inline):
            if para <= start < quote.start:
                quote.reference = ref
                ref.cited = True
                break


def _inline_citations(ctx: Context) -> list[tuple[int, Reference]]:
    a = ctx.article
    found = []
    listed = [r for r in a.references if r.style == "list"]
    for m in _INLINE.finditer(ctx.text):
        if ctx.in_title(m.start()) and not m.group("pub"):
            continue
        year = int(m.group("y")) if m.group("y") else ctx.infer_year(int(m.group("m")), int(m.group("d")))
        if year is None:
            continue
        pub = (m.group("pub") or "").strip("《》") or None
        line = a.line_of(m.start())
        title = a.body.display[m.start("title"):m.end("title")]
        text = f"《{title}》" + (f"，《{pub}》" if pub else "") + f"{year}年{m.group('m')}月{m.group('d')}日"
        ref = parse_reference(text, number=None, line=line, end_line=line, style="inline")
        ref.text = a.body.display[m.start():m.end()]
        match = _find_listed(ref.title, listed)
        if match:
            match.cited = True
            ref.number = match.number
            ref.author = ref.author or match.author
            ref.page, ref.page_number, ref.page_unit = match.page, match.page_number, match.page_unit
            ref.publication = ref.publication or match.publication
        ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
        a.references.append(ref)
        found.append((m.start(), ref))
    return found


def _block_quotations(ctx: Context, inline: list[tuple[int, Reference]]) -> list[Quotation]:
    """Block quotes right after an attribution cue (`文章说：`) are quotations; others are slogans."""
    a = ctx.article
    blocks = []
    for block in a.layout.blockquotes:
        start = a.body.canon_index(block.spans[0][0]) if block.spans else None
        end = a.body.canon_index(block.spans[-1][1]) if block.spans else None
        if start is None or end is None or end <= start:
            continue
        lead = ctx.text[max(0, start - 60):start]
        if not _BLOCK_CUE.search(lead):
            continue
        ref = next((r for s, r in reversed(inline) if start - 800 <= s < start), None)
        line, col = a.lines.line_col(block.spans[0][0])
        end_line, end_col = a.lines.line_col(block.spans[-1][1] - 1)
        quote = Quotation(text=a.body.display[start:end].strip(), kind="quotation", start=start, end=end,
                          line=line, end_line=end_line, column=col, end_column=end_col + 1, marks="> ",
                          reference=ref, cue=True, block=True)
        if ref:
            ref.cited = True
        blocks.append(quote)
    a.quotations.extend(blocks)
    a.quotations.sort(key=lambda q: q.start)
    return blocks


def _find_listed(title: str | None, listed: list[Reference]) -> Reference | None:
    if not title:
        return None
    key = strip_punct(fold(title))
    for ref in listed:
        other = strip_punct(fold(ref.title or ""))
        if other and (other == key or (len(key) >= 6 and (key in other or other in key))):
            return ref
    return None
