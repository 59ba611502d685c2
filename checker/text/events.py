"""Which event a text names by its number: 第二十次集体学习, 第十九次峰会, 第十四次会晤.

A claim that a quotation was said at the 21st study session, when its report is of the 20th,
names the wrong event; the number and the kind of meeting together identify it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import chinese_number

# Longest first, so 全体会议 is not read as 会议.
_KINDS = ("集体学习", "全体会议", "院士大会", "代表大会", "座谈会", "峰会", "会晤", "全会", "会议", "论坛", "大会")
EVENT = re.compile(r"第(?P<n>[〇零一二两三四五六七八九十百\d]{1,6})(?P<unit>次|届)\s*(?P<kind>" + "|".join(_KINDS) + ")")


@dataclass(frozen=True)
class EventName:
    number: int
    unit: str  # 次 | 届
    kind: str  # 集体学习, 峰会, …
    text: str  # as written: 第二十一次集体学习

    @property
    def key(self) -> tuple[str, str]:
        return self.unit, self.kind


def event_names(text: str) -> list[tuple[EventName, int, int]]:
    """Every numbered event in `text`, with its [start, end) offsets."""
    found = []
    for m in EVENT.finditer(text):
        n = m.group("n")
        try:
            number = int(n) if n.isdigit() else chinese_number(n.replace("两", "二"))
        except (KeyError, ValueError):
            continue
        found.append((EventName(number, m.group("unit"), m.group("kind"), m.group(0)), m.start(), m.end()))
    return found
