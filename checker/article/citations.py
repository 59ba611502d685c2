"""A citation in brackets after a quotation: `“……”（《人民日报》2025年4月27日第1版）`.

It stands where a note marker would, and must name a 《work》 and a date (`（下称《意见》）` is
not one). Works named in the running text are article.naming's.
"""
from __future__ import annotations

import re

from ..text.dates import MONTH_DAY, PartialDate
from .cite import parse_reference
from .context import Context
from .model import Marker

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
            year = ctx.infer_year(int(md.group("m")), int(md.group("d")), guess=True)
            ref.date = PartialDate(year, int(md.group("m")), int(md.group("d"))) if year else None
            ref.year_guessed = ref.date is not None and a.date is None
        if ref.date is None or not (ref.title or ref.publication):
            continue  # （下称《意见》）, （2025年）: not a citation
        ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
        ref.cited = True
        a.references.append(ref)
        found.append(Marker(number=body, start=m.start(), end=m.end(), line=line, reference=ref))
    return found
