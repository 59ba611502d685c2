"""Shared text tools every stage may use: the canonical text and its offset map (normalise),
dates, punctuation, Markdown lines (markup), the search pre-filter (search) and words (jieba).

Imports no other stage.
"""
