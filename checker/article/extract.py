"""Quotations, footnote markers and references of an article, bound together.

A marker belongs to the next definition of its number that follows it (numbering
restarts on every page). One marker covers the quotations of its sentence that
precede it (`“…”，“…”［3］`), also when it stands after the sentence end.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field

from . import layout as layout_mod
from .cite import Reference, bracket_groups, fill_back_references, note_number, parse_reference
from ..text.dates import MONTH_DAY, PartialDate, find_dates
from ..text.normalise import Canon, LineIndex, fold, strip_punct
from ..read import TextFile

OPEN_CLOSE = {"“": "”", "「": "」", "『": "』", "‘": "’"}
TOP_OPENERS = {"“", "「", "『"}
MAX_QUOTE_CHARS = 3000
MAX_UNBALANCED = 200  # past this many unclosed marks the text is not prose; stop listing them
TERM_MAX_CHARS = 9  # shorter uncited quotes without clause punctuation are scare-quoted terms
_CLAUSE_PUNCT = set("，,。；;：:！!？?、")
_SENTENCE_END = set("。！？!?")
_MARKER = re.compile(r"\[(\d{1,3})\]|【(\d{1,3})】|\[\^(\w+)\]|([\u2460-\u2473])|([\u00b9\u00b2\u00b3\u2070-\u2079]+)"
                     r"|(?<=[”」』])(\d{1,2})(?!\d)")  # ”1。 a superscript lost in a PDF (see _plain_marker)
_SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_CUE = re.compile(r"(?:指出|强调|说|说道|表示|提出|写道|认为|要求|提到|谈到|称|坦言|直言|原文是)"
                  r"(?:[：:，,]\s*(?:要|必须|应当|应该|就是)?)?\s*$")
# Marks right after a naming word name a thing (项目“……”, 题为“……”): a term, however long.
_NAME_CUE = re.compile(r"(?:项目|课题|专项|工程|基金|题为|名为|称为|简称|主题为|口号为)\s*$")
_BLOCK_CUE = re.compile(r"(?:说|指出|强调|写道|提到|表示|认为|有一句话|一段话|这样写|原文|这样说|谈到|总结道)[^。！？]{0,20}[：:]\s*$")
_INLINE = re.compile(
    r"(?P<pub>《[^》]{2,12}(?:报|刊|志)》|人民日报|光明日报|经济日报|解放军报|求是|新华社|新华网|人民网)?\s*"
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:发表的?|刊发的?|刊登的?|的)?《(?P<title>[^》]{2,80})》")
# A citation in brackets right after the closing mark: “……”（《人民日报》2025年4月27日第1版）.
# Canonical text has half-width brackets. Only a bracket naming a 《work》 and a date counts.
_PAREN_CITE = re.compile(r"(?<=[”」』’])\s?\((?P<body>(?:见|参见|引自|摘自|转引自|据)?《[^()]{2,140}?)\)")
_YEARLESS = re.compile(r"(?<![\d年.\-/])(?P<rel>今年|去年|前年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")
_EVENT_DATE_TAIL = re.compile(r"^(?:[上中下]旬|初|底|末)?\s*[,，在]")
_SPAN_DATE_HEAD = re.compile(r"(?:截至|截止|自|从|到|至|直到)\s*$")  # 截至 2025 年 4 月: a span, not the event


@dataclass
class Marker:
    number: str
    start: int  # canonical offsets in the body text
    end: int
    line: int
    reference: Reference | None = None


@dataclass
class Quotation:
    text: str  # canonical words between the marks
    kind: str  # quotation | term
    start: int  # canonical offsets of the marks in the body text
    end: int
    line: int
    end_line: int
    column: int
    end_column: int
    marks: str = "“”"
    reference: Reference | None = None
    marker: Marker | None = None
    cue: bool = False
    block: bool = False  # a Markdown block quote after an attribution cue
    claim_date: PartialDate | None = None  # "2025 年 4 月，在……时" before the quotation
    claim_line: int | None = None

    @property
    def words(self) -> str:
        return strip_punct(self.text)

    @property
    def weight(self) -> int:
        """Length as a reader counts it: Chinese characters plus Latin words."""
        return text_weight(self.text)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "line": self.line,
            "end_line": self.end_line,
            "column": self.column,
            "kind": self.kind,
            "citation": self.reference.to_json() if self.reference else None,
            "claimed_date": self.claim_date.iso if self.claim_date else None,
        }


@dataclass
class Article:
    path: str
    raw: str
    encoding: str
    sha256: str
    body: Canon
    lines: LineIndex
    layout: layout_mod.Layout
    date: PartialDate | None
    quotations: list[Quotation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    unbalanced: list[int] = field(default_factory=list)  # raw lines of unclosed quotation marks
    unbalanced_at: list[int] = field(default_factory=list)  # their canonical offsets

    def line_of(self, canon_index: int) -> int:
        return self.lines.line(self.body.raw_offset(canon_index))


def read_article(source: TextFile) -> Article:
    layout = layout_mod.analyse(source.text, source.path)
    body = Canon.build(source.text, layout.body_spans)
    article = Article(
        path=source.path, raw=source.text, encoding=source.encoding,
        sha256=hashlib.sha256(source.data).hexdigest(), body=body, lines=LineIndex(source.text),
        layout=layout, date=_article_date(layout.meta),
    )
    _Extractor(article).run()
    return article


def _article_date(meta: dict) -> PartialDate | None:
    dates = find_dates(str(meta.get("date", "")))
    return dates[0][0] if dates else None


class _Extractor:
    def __init__(self, article: Article):
        self.a = article
        self.text = article.body.text
        self.sentence_ends: list[int] = []  # canonical offsets just after 。！？ outside quotations
        self.paragraph_starts = self._paragraph_starts()
        self.text = _curl_straight_quotes(self.text, self.paragraph_starts)
        self.title_groups = [g for g in bracket_groups(self.text) if g[1] - g[0] <= 200]

    def run(self) -> None:
        a = self.a
        a.references = self._notes()
        self._scan_quotes()
        a.markers = self._markers()
        self._bind_markers()
        self._bind_inline_and_blocks()
        previous = None
        for quote in a.quotations:
            if quote.kind == "quotation":
                self._date_claim(quote, previous)
                previous = quote
        fill_back_references(a.references)

    # -- structure -------------------------------------------------------------------------
    def _paragraph_starts(self) -> list[int]:
        """Canonical offsets where a new Markdown paragraph starts (PDF text has no usable ones)."""
        body = self.a.body
        if not self.a.layout.is_markdown:
            return []
        starts = []
        for i in range(1, len(body.seg_canon)):
            prev_end = body.raw_offset(body.seg_canon[i] - 1) + 1
            if self.a.raw.count("\n", prev_end, body.seg_raw[i]) >= 2:
                starts.append(body.seg_canon[i])
        return starts

    def _notes(self) -> list[Reference]:
        refs = []
        for note in self.a.layout.notes:
            text = Canon.build(self.a.raw, note.spans).display
            ref = parse_reference(text, number=note.number, line=note.line, end_line=note.end_line,
                                  style=note.style)
            ref.spans = note.spans
            refs.append(ref)
        return refs

    def _in_title(self, pos: int) -> bool:
        i = bisect.bisect_right(self.title_groups, (pos, float("inf"))) - 1
        return i >= 0 and self.title_groups[i][0] < pos < self.title_groups[i][1]

    # -- quotation marks -------------------------------------------------------------------
    def _scan_quotes(self) -> None:
        text = self.text
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(text):
            if stack and i - stack[0][1] > MAX_QUOTE_CHARS:
                self._unbalanced(stack[0][1])
                stack.clear()
            if ch in OPEN_CLOSE and not (not stack and self._in_title(i)):
                if stack and ch == stack[0][0] and ch in TOP_OPENERS:
                    # The same mark opened again at the top: the first one was never closed.
                    self._unbalanced(stack[0][1])
                    stack.clear()
                if stack or ch in TOP_OPENERS:
                    stack.append((ch, i))
                continue
            if stack and ch == OPEN_CLOSE[stack[-1][0]]:
                opener, start = stack.pop()
                if not stack:
                    self._add_quote(opener, start, i + 1)
                continue
            if stack and len(stack) > 1 and ch == OPEN_CLOSE[stack[0][0]]:
                # An inner mark left open: close the whole quotation here.
                opener, start = stack[0]
                stack.clear()
                self._add_quote(opener, start, i + 1)
                continue
            if not stack and ch in _SENTENCE_END:
                self.sentence_ends.append(i + 1)
        if stack:
            self._unbalanced(stack[0][1])

    def _unbalanced(self, pos: int) -> None:
        if len(self.a.unbalanced) < MAX_UNBALANCED:
            self.a.unbalanced.append(self.a.line_of(pos))
            self.a.unbalanced_at.append(pos)

    def _add_quote(self, opener: str, start: int, end: int) -> None:
        inner = self.a.body.display[start + 1:end - 1]
        if not strip_punct(inner):
            return
        a = self.a
        raw_open = a.body.raw_offset(start)
        raw_close = a.body.raw_offset(end - 1)
        line, col = a.lines.line_col(raw_open)
        end_line, end_col = a.lines.line_col(raw_close)
        before = self.text[self._sentence_start(start):start]
        quote = Quotation(text=inner.strip(), kind="term", start=start, end=end, line=line, end_line=end_line,
                          column=col, end_column=end_col + 1, marks=opener + OPEN_CLOSE[opener],
                          cue=bool(_CUE.search(before)))
        named = bool(_NAME_CUE.search(self.text[max(0, start - 6):start]))
        if not named and (quote.cue or quote.weight > TERM_MAX_CHARS or any(ch in _CLAUSE_PUNCT for ch in inner)):
            quote.kind = "quotation"
        a.quotations.append(quote)

    def _sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sentence_ends, pos) - 1
        start = self.sentence_ends[i] if i >= 0 else 0
        j = bisect.bisect_right(self.paragraph_starts, pos) - 1
        return max(start, self.paragraph_starts[j] if j >= 0 else 0)

    # -- footnote markers ------------------------------------------------------------------
    def _markers(self) -> list[Marker]:
        markers, plain = [], []
        for m in _MARKER.finditer(self.text):
            number = m.group(1) or m.group(2) or m.group(3) or m.group(4) or m.group(5) or m.group(6)
            if m.group(5):
                number = number.translate(_SUPERSCRIPT)
            markers.append(Marker(number=number, start=m.start(), end=m.end(), line=self.a.line_of(m.start())))
            plain.append(m.end() if m.group(6) else None)
        # A marker belongs to the next definition of its number that follows it.
        by_number: dict[str, list[tuple[int, Reference]]] = {}
        for ref in self.a.references:
            if ref.style in ("footnote", "list"):
                by_number.setdefault(note_number(ref.number), []).append((ref.spans[0][0], ref))
        for marker in markers:
            notes = by_number.get(note_number(marker.number), [])
            raw = self.a.body.raw_offset(marker.start)
            i = bisect.bisect_right(notes, raw, key=lambda item: item[0])
            marker.reference = notes[i][1] if i < len(notes) else None  # none follows: undefined
            if marker.reference:
                marker.reference.cited = True
        markers = [mk for mk, end in zip(markers, plain) if end is None or self._plain_marker(mk, end)]
        return sorted(markers + self._bracket_citations(), key=lambda marker: marker.start)

    def _plain_marker(self, marker: Marker, end: int) -> bool:
        """Whether ”1 is a note marker that lost its superscript, not ”3年.

        A note of that number must follow, and the number must end the line, stand before
        punctuation, follow a quotation that ends a sentence (。”2这一), or have its note
        within the next 60 lines (the same page).
        """
        if marker.reference is None:
            return False
        raw_end = self.a.body.raw_offset(end - 1) + 1
        after = self.a.raw[raw_end:raw_end + 1]
        if not after or after.isspace() or after in "。，、；：！？,;:!?)）":
            return True
        if self.text[max(0, marker.start - 2):marker.start - 1] in _SENTENCE_END:
            return True
        return marker.reference.line - marker.line <= PLAIN_NOTE_LINES

    def _bracket_citations(self) -> list[Marker]:
        """“……”（《人民日报》2025年4月27日）: a citation that stands where a marker would."""
        found = []
        for m in _PAREN_CITE.finditer(self.text):
            body = self.a.body.display[m.start("body"):m.end("body")]
            line = self.a.line_of(m.start("body"))
            ref = parse_reference(body, number=None, line=line, end_line=line, style="inline")
            if ref.date is None and (md := MONTH_DAY.search(body)):  # （《人民日报》4月27日）
                year = self._infer_year(int(md.group("m")), int(md.group("d")))
                ref.date = PartialDate(year, int(md.group("m")), int(md.group("d"))) if year else None
            if ref.date is None or not (ref.title or ref.publication):
                continue  # （下称《意见》）, （2025年）: not a citation
            ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
            ref.cited = True
            self.a.references.append(ref)
            found.append(Marker(number=body, start=m.start(), end=m.end(), line=line, reference=ref))
        return found

    def _bind_markers(self) -> None:
        quotes = self.a.quotations  # in text order
        starts = [q.start for q in quotes]
        previous_end = 0
        for marker in self.a.markers:
            anchor = marker.start
            while anchor > 0 and self.text[anchor - 1] in "。，,；;.！!？? ":
                anchor -= 1
            i = bisect.bisect_left(self.sentence_ends, anchor) - 1
            span_start = max(previous_end, self.sentence_ends[i] if i >= 0 else 0)
            j = bisect.bisect_right(self.paragraph_starts, anchor) - 1
            if j >= 0:
                span_start = max(span_start, self.paragraph_starts[j])
            for k in range(bisect.bisect_left(starts, span_start), bisect.bisect_left(starts, marker.start)):
                quote = quotes[k]
                if quote.reference or quote.end > marker.start:
                    continue
                if quote.end >= anchor:  # right before the marker: a quotation, however short
                    quote.kind = "quotation"
                if quote.kind == "quotation":
                    quote.reference, quote.marker = marker.reference, marker
            previous_end = marker.end

    # -- commentary style: inline citations and block quotes --------------------------------
    def _bind_inline_and_blocks(self) -> None:
        inline = self._inline_citations()
        if not inline and not self.a.layout.blockquotes:
            return
        blocks = self._block_quotations(inline)
        for quote in self.a.quotations:
            if quote.reference or quote.kind != "quotation" or quote.block:
                continue
            if any(b.start <= quote.start < b.end for b in blocks):
                quote.kind = "term" if quote.weight <= TERM_MAX_CHARS else quote.kind
                continue
            para = self._sentence_paragraph_start(quote.start)
            for start, ref in reversed(inline):
                if para <= start < quote.start:
                    quote.reference = ref
                    ref.cited = True
                    break

    def _sentence_paragraph_start(self, pos: int) -> int:
        j = bisect.bisect_right(self.paragraph_starts, pos) - 1
        return self.paragraph_starts[j] if j >= 0 else 0

    def _inline_citations(self) -> list[tuple[int, Reference]]:
        found = []
        listed = [r for r in self.a.references if r.style == "list"]
        for m in _INLINE.finditer(self.text):
            if self._in_title(m.start()) and not m.group("pub"):
                continue
            year = int(m.group("y")) if m.group("y") else self._infer_year(int(m.group("m")), int(m.group("d")))
            if year is None:
                continue
            pub = (m.group("pub") or "").strip("《》") or None
            line = self.a.line_of(m.start())
            title = self.a.body.display[m.start("title"):m.end("title")]
            text = f"《{title}》" + (f"，《{pub}》" if pub else "") + f"{year}年{m.group('m')}月{m.group('d')}日"
            ref = parse_reference(text, number=None, line=line, end_line=line, style="inline")
            ref.text = self.a.body.display[m.start():m.end()]
            match = _find_listed(ref.title, listed)
            if match:
                match.cited = True
                ref.number = match.number
                ref.author = ref.author or match.author
                ref.page, ref.page_number, ref.page_unit = match.page, match.page_number, match.page_unit
                ref.publication = ref.publication or match.publication
            ref.kind = "newspaper" if ref.publication or ref.page_unit == "版" else ref.kind
            self.a.references.append(ref)
            found.append((m.start(), ref))
        return found

    def _infer_year(self, month: int, day: int) -> int | None:
        """The year an inline citation leaves out: the article's own, or the one before."""
        date = self.a.date
        if not date:
            return None
        if date.month and (month, day) > (date.month, date.day or 31):
            return date.year - 1
        return date.year

    def _block_quotations(self, inline: list[tuple[int, Reference]]) -> list["Quotation"]:
        """Block quotes right after an attribution cue (`文章说：`) are quotations; others are slogans."""
        a = self.a
        blocks = []
        for block in a.layout.blockquotes:
            start = a.body.canon_index(block.spans[0][0]) if block.spans else None
            end = a.body.canon_index(block.spans[-1][1]) if block.spans else None
            if start is None or end is None or end <= start:
                continue
            lead = self.text[max(0, start - 60):start]
            if not _BLOCK_CUE.search(lead):
                continue
            ref = next((r for s, r in reversed(inline) if start - 800 <= s < start), None)
            line, col = a.lines.line_col(block.spans[0][0])
            end_line, end_col = a.lines.line_col(block.spans[-1][1] - 1)
            quote = Quotation(text=self.a.body.display[start:end].strip(), kind="quotation", start=start, end=end,
                              line=line, end_line=end_line, column=col, end_column=end_col + 1, marks="> ",
                              reference=ref, cue=True, block=True)
            if ref:
                ref.cited = True
            blocks.append(quote)
        a.quotations.extend(blocks)
        a.quotations.sort(key=lambda q: q.start)
        return blocks

    # -- in-text event dates ---------------------------------------------------------------
    def _date_claim(self, quote: Quotation, previous: Quotation | None) -> None:
        """`2025 年 4 月，在……集体学习时，习近平强调，要“……”`: the date the text gives the event."""
        start = self._sentence_start(quote.start)
        # A date belongs to the first quotation after it, not to later ones in the sentence.
        if previous is not None and start <= previous.start < quote.start:
            start = previous.end
        window = self.text[start:quote.start]
        dated = find_dates(window)
        claims = [(d, s, e) for d, s, e in dated + self._yearless_dates(window, dated)
                  if d.month and _EVENT_DATE_TAIL.match(window[e:]) and not _SPAN_DATE_HEAD.search(window[:s])
                  and not self._in_title(start + s)]
        claims.sort(key=lambda claim: claim[1])
        if claims:
            date, s, _ = claims[-1]
            quote.claim_date = date
            quote.claim_line = self.a.line_of(start + s)

    def _yearless_dates(self, window: str, dated) -> list[tuple[PartialDate, int, int]]:
        """`4月25日` and `今年4月` take their year from the article's date (去年: the year before).

        `dated` holds the window's dates that carry a year: their month and day are not taken again.
        """
        if not self.a.date:
            return []
        found = []
        for m in _YEARLESS.finditer(window):
            if any(s < m.end() and m.start() < e for _, s, e in dated):
                continue
            month, day = int(m.group("m")), int(m.group("d")) if m.group("d") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            back = {"今年": 0, "去年": 1, "前年": 2}.get(m.group("rel") or "")
            year = self.a.date.year - back if back is not None else self._infer_year(month, day or 1)
            if year:
                found.append((PartialDate(year, month, day), m.start(), m.end()))
        return found


def text_weight(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:[.'-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]", strip_punct(text)))


PLAIN_NOTE_LINES = 60  # a bare-number marker's note on the same PDF page
STRAIGHT_PAIR_CHARS = 500  # a straight quotation is a sentence or two, not a page


def _curl_straight_quotes(text: str, paragraph_starts: list[int]) -> str:
    """Pair straight double quotes into “ and ” (offsets unchanged) where an article uses no curly ones.

    Text typed or exported without curly quotes marks quotations with "…". Pairs are taken
    in order within a paragraph and must not be too long (a stray mark is skipped).
    """
    if '"' not in text or "“" in text or "”" in text:
        return text
    chars = list(text)
    positions = [i for i, ch in enumerate(text) if ch == '"']
    k = 0
    while k + 1 < len(positions):
        i, j = positions[k], positions[k + 1]
        crosses = bisect.bisect_right(paragraph_starts, i) != bisect.bisect_right(paragraph_starts, j)
        if crosses or j - i > STRAIGHT_PAIR_CHARS:
            k += 1  # the first one is stray: try pairing the second with the next
            continue
        chars[i], chars[j] = "“", "”"
        k += 2
    return "".join(chars)


def _find_listed(title: str | None, listed: list[Reference]) -> Reference | None:
    if not title:
        return None
    key = strip_punct(fold(title))
    for ref in listed:
        other = strip_punct(fold(ref.title or ""))
        if other and (other == key or (len(key) >= 6 and (key in other or other in key))):
            return ref
    return None
