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


def in_quoted_lists(held: list, kept: list, article) -> list:
    """The held bullets (differing from their source) that stand in a list the source quotes."""
    groups = lists_of(article)
    starts = [s for s, _ in groups]

    def group_of(result) -> int | None:
        raw = article.body.raw_offset(result.quote.start)
        i = bisect.bisect_right(starts, raw) - 1
        return i if i >= 0 and raw < groups[i][1] else None

    def bullets_in(group: int) -> int:
        start, end = groups[group]
        return sum(1 for s, _ in article.layout.list_items if start <= s < end)

    verbatim: dict[tuple[int, str], int] = {}
    for r in kept:
        if (r.quote.form == "list" and r.quote.part_of is None and r.status in ("verified", "variant")
                and r.source is not None and (group := group_of(r)) is not None):
            verbatim[group, r.source.id] = verbatim.get((group, r.source.id), 0) + 1
    found = []
    for result in held:
        if result.quote.form != "list" or result.source is None or result.quote.part_of is not None:
            continue
        group = group_of(result)
        if group is None:
            continue
        same = verbatim.get((group, result.source.id), 0)
        others = bullets_in(group) - 1
        if same >= QUOTED_LIST_ITEMS.get(result.binding, 2) and 2 * same >= others:
            found.append(result)
    return found
