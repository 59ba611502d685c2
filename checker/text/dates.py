"""Dates as editors write them, at the precision they are written.

`2025 年 4 月 27 日`, `2025年04月27日`, `2025-04-27`, `2025.4.27`, `2025/4/27`, `二〇二五年四月二十七日`,
`July23,2024`; `2025 年 4 月` is a month-precision claim, compared as such.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
CHINESE_DIGITS = "〇一二三四五六七八九"  # 2030 written digit by digit: 二〇三〇
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}

_CN_NUM = "[〇零○一二三四五六七八九十]"
_PATTERNS = [
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"),
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.]?\d)"),  # 2025.4.27
    re.compile(rf"(?P<cy>{_CN_NUM}{{4}})年(?P<cm>{_CN_NUM}{{1,2}})月(?:(?P<cd>{_CN_NUM}{{1,3}})日)?"),
    re.compile(r"(?P<en>[A-Za-z]{3,9})\.?\s*(?P<ed>\d{1,2})\s*,\s*(?P<ey>\d{4})"),
]
MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def agrees(self, other: "PartialDate") -> bool:
        """True when `other` is consistent with this date at this date's precision."""
        if self.year != other.year:
            return False
        if self.month and other.month and self.month != other.month:
            return False
        if self.day and other.day and self.day != other.day:
            return False
        return True

    def zh(self) -> str:
        text = f"{self.year}年"
        if self.month:
            text += f"{self.month}月"
            if self.day:
                text += f"{self.day}日"
        return text


def chinese_number(text: str) -> int:
    """二〇二五 -> 2025 (digit by digit), 二十七 -> 27, 三百零五 -> 305; KeyError for other characters."""
    if not any(ch in _CN_UNIT for ch in text):
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_UNIT:
            total += (digit or 1) * _CN_UNIT[ch]
            digit = 0
        else:
            digit = _CN_DIGIT[ch]
    return total + digit


def _valid(year: int, month: int | None, day: int | None) -> PartialDate | None:
    if not 1800 <= year <= 2200 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return PartialDate(year, month, day)


def find_dates(text: str) -> list[tuple[PartialDate, int, int]]:
    """Every date in `text` with its [start, end) offsets, in order."""
    found = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            try:
                if g.get("y"):
                    date = _valid(int(g["y"]), int(g["m"]), int(g["d"]) if g.get("d") else None)
                elif g.get("cy"):
                    date = _valid(chinese_number(g["cy"]), chinese_number(g["cm"]),
                                  chinese_number(g["cd"]) if g.get("cd") else None)
                else:
                    month = _MONTHS.get(g["en"].lower())
                    date = _valid(int(g["ey"]), month, int(g["ed"])) if month else None
            except (KeyError, ValueError):
                date = None
            if date and not any(s < m.end() and m.start() < e for _, s, e in found):
                found.append((date, m.start(), m.end()))
    return sorted(found, key=lambda item: item[1])


def parse_date(text: str) -> PartialDate | None:
    """The first date in `text`, or None."""
    dates = find_dates(str(text))
    return dates[0][0] if dates else None
