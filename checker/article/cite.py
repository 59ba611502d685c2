"""Parse a reference (footnote, list entry or inline citation) into fields.

Works on canonical text (width folded, no spaces between Chinese characters).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.dates import PartialDate, find_dates
from ..text.normalise import fold_width

_PAGE = re.compile(r"第\s*0*(\d{1,4})\s*(版|页|頁)")
_AUTHOR = re.compile(r"^([^《〈“\"(（,，。]{1,40}?)[:：]\s*(?=[《〈“\"])")
_PUBLISHER = re.compile(r"([^,，。;；《》]{2,30}?出版社)")
_WEBSITE = re.compile(r"([^,，。;；《》]{2,30}?网站)")
_INDIRECT = re.compile(r"^(参见|另见|详见|见)")
_ENGLISH_TITLE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_PUB_SUFFIX = ("报", "刊", "杂志", "学报", "日报", "晚报", "周刊", "月刊", "参考")


@dataclass
class Reference:
    number: str | None
    line: int
    end_line: int
    text: str  # canonical text as written
    style: str  # footnote | list | inline
    author: str | None = None
    title: str | None = None
    publication: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    page: str | None = None
    page_number: int | None = None
    page_unit: str | None = None
    kind: str = "other"
    indirect: bool = False
    back_reference: bool = False
    cited: bool = False
    # raw offsets of the title and date as written, to point a finding at them
    spans: list[tuple[int, int]] = field(default_factory=list)
    # An inline citation completed from the reference list: the entry, and the fields taken from it
    # (date, page), which are written and checked there, not here.
    listed: "Reference | None" = None
    borrowed: frozenset = frozenset()
    # The date's year is not written and the article has no date: guessed, and replaced by the
    # cited source's year once the check has found the source (only month and day are judged).
    year_guessed: bool = False

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "line": self.line,
            "end_line": self.end_line,
            "author": self.author,
            "title": self.title,
            "publication": self.publication,
            "date": self.date.iso if self.date else None,
            "page": self.page,
            "kind": self.kind,
            "indirect": self.indirect,
            "style": self.style,
            "text": self.text,
        }


def bracket_groups(text: str, open_ch: str = "《", close_ch: str = "》") -> list[tuple[int, int]]:
    """[start, end) of each top-level 《…》 group, brackets included (nesting allowed)."""
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == open_ch:
            if depth == 0:
                start = i
            depth += 1
        elif ch == close_ch and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def parse_reference(text: str, *, number: str | None = None, line: int = 0, end_line: int = 0,
                    style: str = "footnote") -> Reference:
    ref = Reference(number=number, line=line, end_line=end_line or line, text=text, style=style)
    rest = text.strip()
    m = _INDIRECT.match(rest)
    if m:
        ref.indirect = True
        rest = rest[m.end():]
    m = _AUTHOR.match(rest)
    if m:
        ref.author = m.group(1).strip()
    groups = bracket_groups(rest)
    titles = [rest[s + 1:e - 1].strip() for s, e in groups]
    outside = _outside(rest, groups)
    if titles:
        if len(titles) == 1 and _is_publication(titles[0]) and not ref.author:
            ref.publication = titles[0]
        else:
            ref.title = titles[0]
            if len(titles) > 1:
                ref.publication = titles[1]
    elif (m := _ENGLISH_TITLE.search(rest)):
        ref.title = m.group(1).strip()
        tail = [part.strip() for part in rest[m.end():].split(",") if part.strip()]
        if tail and not find_dates(tail[0]):
            ref.publication = tail[0].rstrip(".")
        outside = rest[:m.start()] + " " + rest[m.end():]
    dates = find_dates(outside)
    if dates:
        ref.date = dates[-1][0]
    page = _PAGE.search(outside)
    if page:
        ref.page_number, ref.page_unit = int(page.group(1)), page.group(2).replace("頁", "页")
        ref.page = f"第{ref.page_number}{ref.page_unit}"
    if (m := _PUBLISHER.search(outside)):
        ref.publisher = m.group(1).strip(" ,，")
    ref.kind = _kind(ref, outside)
    if ref.kind == "website" and not ref.publication and (m := _WEBSITE.search(outside)):
        ref.publication = m.group(1).strip(" ,，")
    ref.back_reference = ref.kind == "book" and not ref.publisher and ref.page_unit == "页" and ref.date is None
    return ref


def _outside(text: str, groups: list[tuple[int, int]]) -> str:
    """The text with every 《…》 group blanked out, so titles do not lend their dates."""
    chars = list(text)
    for s, e in groups:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def _is_publication(name: str) -> bool:
    return name.endswith(_PUB_SUFFIX) and len(name) <= 12


REFERENCE_KINDS = ("newspaper", "periodical", "book", "website", "english", "other")  # what _kind returns


def _kind(ref: Reference, outside: str) -> str:
    if ref.publisher or "年版" in outside or ref.page_unit == "页":
        return "book"
    if "网站" in outside or "http" in outside or "www." in outside:
        return "website"
    if (ref.publication and _is_publication(ref.publication)) or ref.page_unit == "版":
        return "newspaper"
    if ref.title and ref.title.isascii():
        return "english"
    if ref.publication and ref.date:
        return "periodical"
    return "other"


# 同上。 同上书，第 5 页。 同前注。 — the note before; 同注①。 见注［3］。 — an earlier note by number.
_SAME_AS_ABOVE = re.compile(r"^(?:同上|同前)(?:书|文|注|引)?(?=$|[,，。.;；:：]|第)")
_SAME_AS_NOTE = re.compile(r"^(?:同|参见|见)?注\s*[\[【〔(]?\s*(\d{1,3}|[\u2460-\u2473])\s*[\]】〕)]?(?=$|[,，。.;；:：]|第)")


def fill_back_references(refs: list[Reference]) -> None:
    """Notes that point back to another: `《…》，第 271 页` (the last full reference of that title),
    `同上` (the note before) and `同注①` (the last note of that number before it)."""
    by_title: dict[str, Reference] = {}
    notes: list[Reference] = []  # footnotes and list entries in the order they are written
    for ref in sorted(refs, key=lambda r: (r.line, r.end_line)):
        if ref.style == "inline":
            continue
        earlier = _pointed_to(ref, notes)
        if earlier is not None:
            _take_source_from(ref, earlier)
        elif ref.back_reference and ref.title in by_title:
            earlier = by_title[ref.title]
            ref.author = ref.author or earlier.author
            ref.publisher, ref.date = earlier.publisher, earlier.date
        elif ref.title:
            by_title[ref.title] = ref
        notes.append(ref)


def _pointed_to(ref: Reference, notes: list[Reference]) -> Reference | None:
    text = fold_width(ref.text).strip()  # ［5］ as [5]
    if ref.title or ref.publication:
        return None
    if _SAME_AS_ABOVE.match(text):
        return notes[-1] if notes else None
    m = _SAME_AS_NOTE.match(text)
    if m:
        number = note_number(m.group(1))
        return next((n for n in reversed(notes) if note_number(n.number) == number), None)
    return None


_CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(20)}


def note_number(number: str | None) -> str:
    """①, 1 and [^1] are the same note number."""
    return _CIRCLED.get(number or "", number or "")


def _take_source_from(ref: Reference, earlier: Reference) -> None:
    """The same work as `earlier`; a page the note gives itself (同上，第 5 页) is kept."""
    for name in ("author", "title", "publication", "publisher", "date", "kind", "indirect"):
        setattr(ref, name, getattr(earlier, name))
    if ref.page is None:
        ref.page, ref.page_number, ref.page_unit = earlier.page, earlier.page_number, earlier.page_unit
    ref.back_reference = True
