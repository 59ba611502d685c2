"""A primary source: one report with its metadata, parsed from its text.

Two frontmatter formats are known: the seed report's (`date: 2025年04月27日`,
`version: 第01版`, `original_url`, title lines above `《人民日报》（…第 01 版）`) and
the archive's (`date: 2025-04-27`, `section: "第01版"`, `source_url`, `### kicker`,
`# title`, `## ——subtitle`, `> 《人民日报》（…）`). A report is known by kicker,
headline and subtitle together. Problems in one source are warnings; the others are used.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import cached_property

from ..read.frontmatter import split_frontmatter
from ..text.dates import MONTH_DAY, PartialDate, find_dates
from ..text import titles
from ..text.markup import iter_lines, markdown_spans
from ..text.normalise import Canon, LineIndex, fold_width, word_runs, words_of

log = logging.getLogger("quotecheck")

SOURCE_SUFFIXES = (".md", ".txt", ".markdown", ".html", ".htm")
_PUB_LINE = re.compile(r"^\s*>?\s*(?P<author>[^《]{0,40}?)\s*《(?P<pub>[^》]{2,20})》\s*[（(]\s*(?P<date>[^）)]*?\d{1,2}\s*日)"
                       r"\s*(?:第\s*(?P<page>\d{1,3})\s*版)?\s*[）)]\s*$")
_CALLOUT = re.compile(r">\s*\[!")  # > [!NOTE] opens an Obsidian callout: notes, not report text
_HEADING_MARKS = re.compile(r"^#{1,6}\s*")
_META_LINE = re.compile(r"^\s*(?:\*\*[^*]{1,10}\*\*\s*[:：]|---|\*来源|\*处理时间)")
_DATELINE = re.compile(r"(?:新华社|中新社|本报|人民网|央视网|新华网)[^，。电]{0,16}?(?P<m>\d{1,2})月(?P<d>\d{1,2})日电")
_WIRE_DATELINE = re.compile(r"(新华社|中新社)[^，。电]{0,16}?\d{1,2}月\d{1,2}日电")
_FOOTER = re.compile(r"^\s*\*(?:来源|处理时间|原文|责任编辑)")
_OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_MARKS = re.compile("[“”‘’「」『』]")


@dataclass
class Source:
    id: str
    path: str
    raw: str
    sha256: str
    body_spans: list[tuple[int, int]]  # raw spans of the report text (title lines, notes, footers left out)
    title: str | None = None  # the headline
    kicker: str | None = None
    subtitle: str | None = None
    meta_title: str | None = None
    date: PartialDate | None = None
    page_number: int | None = None
    publication: str | None = None
    url: str | None = None
    author: str | None = None

    @cached_property
    def body(self) -> Canon:
        """The canonical report text with its map to raw offsets (built when a source is aligned)."""
        return Canon.build(self.raw, self.body_spans)

    @cached_property
    def words(self) -> str:
        """The body without punctuation: what every quotation is searched in.

        Equal to strip_punct(self.body.text), computed without building the canonical text:
        canonicalising only folds width and drops whitespace, and stripping removes all whitespace.
        """
        return words_of("".join(self.raw[s:e] for s, e in self.body_spans))

    @cached_property
    def _dates(self) -> tuple[PartialDate | None, list[PartialDate]]:
        return _read_dates(self.body.text, self.date)

    @property
    def dateline(self) -> PartialDate | None:
        return self._dates[0]

    @property
    def event_dates(self) -> list[PartialDate]:
        return self._dates[1]

    @property
    def page(self) -> str | None:
        return f"第{self.page_number}版" if self.page_number else None

    @property
    def display_title(self) -> str:
        parts = [p for p in (self.kicker, self.title, self.subtitle) if p]
        return " ".join(parts) if parts else (self.meta_title or self.id)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.raw)

    @cached_property
    def title_keys(self) -> list[str]:
        """Every way a citation may name this report, as comparison keys."""
        parts = [self.kicker, self.title, self.subtitle]
        k, t, s = (title_key(p) if p else "" for p in parts)
        keys = {k, t, s, k + t, t + s, k + t + s, title_key(self.meta_title or "")}
        main, sub = titles.split_subtitle(self.meta_title)  # 习近平：主题——副题（2020年9月11日）
        keys |= {main, sub, main + sub}
        for title in (self.title, k + t, self.meta_title):
            keys |= titles.document_keys(title)  # 《…印发〈X〉》 is cited as 《X》
        return sorted(key for key in keys if key)

    @property
    def title_versions(self) -> list[tuple[str, str, str]]:
        """(kicker, headline, subtitle) as printed, and as the frontmatter title gives it."""
        versions = [(self.kicker or "", self.title or "", self.subtitle or "")]
        if self.meta_title:
            main, _, sub = fold_width(self.meta_title).partition("——")
            versions.append(("", main, sub))
        return versions

    @cached_property
    def quoted_ranges(self) -> list[tuple[int, int]]:
        """Canonical ranges the source itself sets inside quotation marks."""
        ranges, stack = [], []
        for m in _MARKS.finditer(self.body.text):
            ch, i = m.group(), m.start()
            if stack and i - stack[0][1] > 2000:
                stack.clear()  # an unclosed mark: do not let it swallow the rest
            if ch in _OPENERS:
                stack.append((ch, i))
            elif stack and ch == _OPENERS[stack[-1][0]]:
                _, start = stack.pop()
                if not stack:
                    ranges.append((start + 1, i))
        return ranges

    def is_quoted(self, start: int, end: int) -> bool:
        """Whether canonical [start, end) lies inside text this source quotes."""
        return any(s <= start and end <= e + 1 for s, e in self.quoted_ranges)

    @cached_property
    def stripped(self) -> tuple[str, list[int]]:
        """Body without punctuation, and the canonical index of each kept character (built on demand)."""
        text = self.body.text
        keep: list[int] = []
        for run in word_runs(text):
            keep.extend(range(run.start(), run.end()))
        return self.words, keep

    @cached_property
    def wire_agency(self) -> str | None:
        """新华社 when the text opens with a wire dateline (新华社北京4月26日电): a paper printing a wire."""
        m = _WIRE_DATELINE.search(self.body.text[:2000])  # after a lead summary (■…■) if any
        return m.group(1) if m else None

    @property
    def event_date(self) -> PartialDate | None:
        """The date of the event the report tells of: the first date in the body, else the dateline."""
        return self.event_dates[0] if self.event_dates else self.dateline

    def line_of(self, canon_index: int) -> int:
        return self.lines.line(self.body.raw_offset(canon_index))

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.display_title, "date": self.date.iso if self.date else None,
                "page": self.page, "publication": self.publication, "url": self.url, "path": self.path}


def title_key(text: str) -> str:
    """Comparison key of a title: width folded, no punctuation or spaces, no speaker prefix (习近平：),
    no bracket at the end: a column (人民要论), a speech's date and place (2020年9月11日，北京)."""
    return titles.key(text)


def body_hash(source: "Source") -> str:
    """Two files with the same report words are duplicates, whatever their headers and punctuation."""
    return hashlib.sha256(source.words.encode()).hexdigest()


def words_hash(path: str, text: str) -> str:
    """body_hash of a text read as a source (an article, to find its copies in the library);
    whatever its frontmatter holds was said when it was read as an article."""
    was = log.disabled
    log.disabled = True
    try:
        return body_hash(parse_source(path, text, None, "", sha256="-"))
    finally:
        log.disabled = was


def parse_source(path: str, text: str, data: bytes | None, source_id: str, sha256: str | None = None) -> Source:
    meta, body_start, meta_error = split_frontmatter(text)
    if meta_error:
        log.warning("%s: %s; reading the rest of the file", path, meta_error)
    lines = iter_lines(text, body_start)
    pub_index = next((i for i, (_, s, e) in enumerate(lines) if _PUB_LINE.match(text[s:e])), None)
    kicker = title = subtitle = None
    page = publication = author = None
    pub_date = None
    if pub_index is not None:
        _, s, e = lines[pub_index]
        m = _PUB_LINE.match(text[s:e])
        publication = m.group("pub").strip()
        pub_date = _first_date(m.group("date"))
        page = int(m.group("page")) if m.group("page") else None
        author = m.group("author").strip() or None
        kicker, title, subtitle = _title_lines(text, lines[:pub_index])
        body_lines = lines[pub_index + 1:]
    else:
        body_lines = lines
        heading = next((text[s:e] for _, s, e in lines if text[s:e].startswith("# ")), None)
        title = heading[2:].strip() if heading else None
    meta_title = str(meta.get("title") or "").strip() or None
    date = _first_date(str(meta.get("date", ""))) or pub_date
    if page is None:
        page = _page_number(str(meta.get("version") or meta.get("section") or ""))
    source = Source(
        id=source_id, path=path, raw=text, sha256=sha256 or hashlib.sha256(data or text.encode()).hexdigest(),
        body_spans=_body_spans(text, body_lines),
        title=title or meta_title, kicker=kicker, subtitle=subtitle, meta_title=meta_title, date=date,
        page_number=page, publication=publication or _str(meta.get("source")) or None,
        url=_str(meta.get("source_url") or meta.get("original_url") or meta.get("url")) or None,
        author=author or _str(meta.get("author")) or None,
    )
    if not source.title:
        log.warning("%s: no title found; the source is searched but cannot be matched by title", path)
    if not source.date:
        log.warning("%s: no publication date found; the source is searched but cannot be matched by date", path)
    return source


def _str(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _first_date(text: str) -> PartialDate | None:
    dates = find_dates(text)
    return dates[0][0] if dates else None


def _page_number(text: str) -> int | None:
    m = re.search(r"(\d{1,3})", text)
    return int(m.group(1)) if m else None


_DATE_LINE = re.compile(r"^[（(][^（）()]{0,12}[年月][^（）()]{0,16}[）)]$")


def _title_lines(text: str, lines) -> tuple[str | None, str | None, str | None]:
    """Kicker, headline and subtitle: the lines just above the publication line."""
    found = []
    for _, s, e in reversed(lines):
        line = text[s:e].strip()
        if not line:
            continue
        if _META_LINE.match(line) or line.startswith(("> [!", ">[!")) or len(found) == 3:
            break
        if line.startswith(">") or _DATE_LINE.match(_HEADING_MARKS.sub("", line).strip()):
            continue  # （二〇二五年十月二十九日） under a document's title dates it: no title part
        found.append(_HEADING_MARKS.sub("", line).strip() if line[:1] == "#" else line)
    found.reverse()
    subtitle = next((line for line in found if line.startswith(("——", "—", "--"))), None)
    rest = [line for line in found if line != subtitle]
    headline = rest[-1] if rest else None
    kicker = rest[-2] if len(rest) >= 2 else None
    return kicker, headline, subtitle.lstrip("—- ") if subtitle else None


def _body_spans(text: str, lines) -> list[tuple[int, int]]:
    spans = []
    in_callout = False
    for _, s, e in lines:
        line = text[s:e]
        stripped = line.strip()
        if stripped[:1] == ">" and _CALLOUT.match(stripped):
            in_callout = True
            continue
        if in_callout and stripped.startswith(">"):
            continue
        in_callout = False
        if not stripped or stripped == "---" or _FOOTER.match(stripped):
            continue
        spans.extend(markdown_spans(text, s, e))
    return spans


def _read_dates(text: str, published: PartialDate | None) -> tuple[PartialDate | None, list[PartialDate]]:
    """The dateline (新华社北京4月26日电) and the event dates in the body (4月25日下午)."""
    if not published:
        return None, []
    year = published.year
    found = _DATELINE.search(text)
    dateline = _with_year(year, published, int(found.group("m")), int(found.group("d"))) if found else None
    events: list[PartialDate] = []
    for m in MONTH_DAY.finditer(text, found.end() if found else 0):
        date = _with_year(year, published, int(m.group("m")), int(m.group("d")))
        # An event reported in a newspaper happened within weeks before publication.
        if date and 0 <= _days_before(published, date) <= 40:
            events.append(date)
        if len(events) >= 5:
            break
    return dateline, events


def _with_year(year: int, published: PartialDate, month: int, day: int) -> PartialDate | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if published.month and month > published.month:
        year -= 1  # a December event reported in January
    return PartialDate(year, month, day)


def _days_before(later: PartialDate, earlier: PartialDate) -> int:
    import datetime as dt
    try:
        a = dt.date(later.year, later.month or 1, later.day or 1)
        b = dt.date(earlier.year, earlier.month or 1, earlier.day or 1)
    except ValueError:
        return -1
    return (a - b).days
