"""The project's allowlist: terms and names that are never quotations (`[terms] allow = [...]`).

A publication sets its own slogans, programme names and titles in quotation marks again and
again (“人工智能+”, “两个毫不动摇”); listed once in the configuration, they are terms wherever
they stand, never checked or reported as quotations.
"""
from __future__ import annotations

from ..text.normalise import fold, strip_punct
from .model import Article


def allow_terms(article: Article, allowed) -> int:
    """Mark the quotations whose words are an allowed term as terms; how many were marked."""
    keys = {strip_punct(fold(term)) for term in allowed}
    keys.discard("")
    marked = 0
    for quote in article.quotations:
        if quote.kind in ("quotation", "span") and strip_punct(fold(quote.text)) in keys:
            quote.kind = "term"
            marked += 1
    return marked
