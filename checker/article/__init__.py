"""Stage: the article — layout (body, notes, reference lists, block quotes), quotations,
footnote markers and their binding, citations in the text, claims about events, and the
parsing of references (cite).
"""
from .extract import read_article
from .model import Article, Marker, Quotation, text_weight

__all__ = ["Article", "Marker", "Quotation", "read_article", "text_weight"]
