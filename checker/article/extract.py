"""An article's text to quotations, markers and references, bound together.

The steps run in order on one shared `Context`: notes (layout), quotation marks (quotes),
note markers and bracket citations (markers, citations), candidate spans and the words announced
as the author's own (spans, announced), binding, then the claims the text
makes about each quoted event (claims).
"""
from __future__ import annotations

import hashlib

from ..read import TextFile
from ..text.dates import PartialDate, find_dates
from ..text.normalise import Canon, LineIndex
from . import announced, citations, claims, layout, markers, naming, quotes, spans, unmarked
from .cite import Reference, fill_back_references, parse_reference
from .context import Context
from .model import Article


def read_article(source: TextFile) -> Article:
    article_layout = layout.analyse(source.text, source.path, source.note_lines, source.forms)
    body = Canon.build(source.text, article_layout.body_spans)
    article = Article(
        path=source.path, raw=source.text, encoding=source.encoding,
        sha256=hashlib.sha256(source.data).hexdigest(), body=body, lines=LineIndex(source.text),
        layout=article_layout, date=_article_date(article_layout.meta), kind=source.kind,
        locations=source.locations,
    )
    ctx = Context.of(article)
    article.references = _notes(article)
    quotes.scan(ctx)
    article.markers = sorted(markers.find(ctx) + citations.bracket_citations(ctx), key=lambda mk: mk.start)
    markers.bind(ctx)
    spans.find(ctx)
    announced.mark(ctx)
    works = naming.named_works(ctx)
    naming.bind(ctx, works, [q for q in article.quotations if q.kind in ("quotation", "span")])
    claims.find(ctx)
    article.unmarked = unmarked.find(ctx)
    fill_back_references(article.references)
    return article


def _article_date(meta: dict) -> PartialDate | None:
    dates = find_dates(str(meta.get("date", "")))
    return dates[0][0] if dates else None


def _notes(article: Article) -> list[Reference]:
    refs = []
    for note in article.layout.notes:
        text = Canon.build(article.raw, note.spans).display
        ref = parse_reference(text, number=note.number, line=note.line, end_line=note.end_line, style=note.style)
        ref.spans = note.spans
        refs.append(ref)
    return refs
