"""Bullets that quote a source and bullets that restate it.

A cue before a list (`重点任务包括：`, `主要有三方面：`, `人民日报理论文章给出的方向很具体：`) says
nothing about whether its bullets are the source's words: authors list a report's points in
their own words as often as they copy them, under the same cues. The list itself tells. When the
source holds most of the list's other bullets word for word, a bullet that differs is a changed
quotation; when it holds few, the list restates the source, and a bullet that differs is the
author's paraphrase: no drift finding.
"""
from __future__ import annotations

import bisect
import re

# Verbatim bullets of one source, besides the bullet judged, that make a list a quoted one when
# only the words or the context tie the list to the source; a list the text attributes
# (`文章列出：`) needs one. Either way they must be at least half of the list's other bullets.
QUOTED_LIST_ITEMS = {"text": 1, "context": 2, "words": 2}
_BETWEEN_BULLETS = re.compile(r"\s*(?:[-*+•·▪–]|\d{1,2}[.、)）]|[（(]\d{1,2}[）)])?\s*")  # a line break, the next marker


def lists_of(article) -> list[tuple[int, int]]:
    """Raw [start, end) of each list: bullets with nothing but the next one's marker between them."""
    groups: list[tuple[int, int]] = []
    for start, end in sorted(article.layout.list_items):
        if groups and _BETWEEN_BULLETS.fullmatch(article.raw, groups[-1][1], start):
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
    return groups


class Lists:
    """The article's lists, and the bullets of each that a source holds word for word."""

    def __init__(self, article, kept: list):
        self.article = article
        self.groups = lists_of(article)
        self.starts = [s for s, _ in self.groups]
        self.verbatim: dict[tuple[int, str], int] = {}
        for r in kept:
            if (r.quote.form == "list" and r.quote.part_of is None and r.status in ("verified", "variant")
                    and r.source is not None and (group := self.group_of(r)) is not None):
                self.verbatim[group, r.source.id] = self.verbatim.get((group, r.source.id), 0) + 1

    def group_of(self, result) -> int | None:
        raw = self.article.body.raw_offset(result.quote.start)
        i = bisect.bisect_right(self.starts, raw) - 1
        return i if i >= 0 and raw < self.groups[i][1] else None

    def quoted(self, result) -> bool:
        """Whether the bullet `result` (not among the verbatim ones counted) stands in a list that
        quotes its source."""
        if result.quote.form != "list" or result.source is None or result.quote.part_of is not None:
            return False
        group = self.group_of(result)
        if group is None:
            return False
        start, end = self.groups[group]
        others = sum(1 for s, _ in self.article.layout.list_items if start <= s < end) - 1
        same = self.verbatim.get((group, result.source.id), 0)
        return same >= QUOTED_LIST_ITEMS.get(result.binding, 2) and 2 * same >= others


def in_quoted_lists(held: list, kept: list, article) -> list:
    """The held bullets (differing from their source) that stand in a list the source quotes."""
    lists = Lists(article, kept)
    return [result for result in held if lists.quoted(result)]
