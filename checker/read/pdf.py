"""PDF manuscripts: the text layer, character by character (pdfplumber on pdfminer.six, MIT).

pdfplumber is imported only when a PDF is read. For each page:

- characters are grouped into printed lines; a line is cut where a gap wider than two
  characters runs through it, so the two columns of a page come apart;
- a page is two-column when both halves hold many line pieces: text across the page (a title,
  an abstract) is read first, then the left column, then the right one;
- in each column (or across a one-column page) the footnote region is what stands below a
  short rule, or else a run of smaller lines at the foot that starts with a note number;
  footnotes set across the whole page under two columns are taken first, the same way;
- a running head or foot repeated on many pages, and page numbers, are left out;
- in the body, characters smaller than the line and raised above its baseline are note
  markers and become `［n］`; in the notes, a leading number (raised, bracketed, circled or
  bare) starts a note, and a note region that does not start with one continues the last note
  of the previous page;
- no spaces between CJK characters and digits (extraction adds them; authors do not), Kangxi
  radicals (U+2F00–U+2FD5, which some fonts map characters to) read as the ideographs.

The text has the body lines of each page, then that page's notes as definitions `［n］ …`,
one per line, so a marker binds to the note of its page whether the numbering restarts on
every page or runs through the document. Every text line knows its page and line on the page
(counted within its column on a two-column page).
"""
from __future__ import annotations

import io
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from ..errors import InputError
from ..progress import step
from .caps import CappedFlate, StreamTooLarge, unpacked_cap
from .forms import Forms
from .location import Location
from .pdf_forms import Row, is_bold_font, read_forms
from .text import TextFile

# A note starts with its number: bracketed or circled (always), or bare — then only when it is
# the number expected next (or 1, numbering restarting on a page) and not the rest of a date
# or a page carried over from the line above (`…《人民日报》202` / `5年4月27日。`).
_MARKED_NOTE = re.compile(r"^\s*(?:[［\[【〔]\s*(\d{1,3})\s*[］\]】〕]|([\u2460-\u2473]))\s*")
_BARE_NOTE = re.compile(r"^\s*(\d{1,3})(?![\d年月日号页版期卷,.，。、．\-–—/)）%])\s*(?=\S)")
_PAGE_NUMBER = re.compile(r"^\s*[-—–·]?\s*\d{1,4}\s*[-—–·]?\s*$")


def _is_cjk(ch: str) -> bool:
    return ("\u2e80" <= ch <= "\u9fff") or ("\uf900" <= ch <= "\ufaff") or ("\uff00" <= ch <= "\uffef") \
        or ("\u3000" <= ch <= "\u303f") or ch in "“”‘’"


def _char_text(ch: str) -> str:
    if "\u2f00" <= ch <= "\u2fd5":  # a Kangxi radical standing for the ideograph
        return unicodedata.normalize("NFKC", ch)
    return ch


@dataclass
class Piece:
    """A printed line, or the part of one in a column."""

    chars: list
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0  # the line's main character size

    def __post_init__(self):
        self.chars.sort(key=lambda c: c["x0"])
        self.top = min(c["top"] for c in self.chars)
        self.bottom = max(c["bottom"] for c in self.chars)
        self.x0 = min(c["x0"] for c in self.chars)
        self.x1 = max(c["x1"] for c in self.chars)
        self.size = statistics.median_high(round(c["size"], 1) for c in self.chars)

    @property
    def baseline(self) -> float:
        return statistics.median_high(c["bottom"] for c in self.chars if round(c["size"], 1) >= self.size * 0.9)

    def is_small_raised(self, c) -> bool:
        return c["size"] < self.size * 0.8 and c["bottom"] < self.baseline - self.size * 0.15


@dataclass
class Note:
    number: str
    parts: list[str]
    page: int
    line: int
    column: int | None
    marked: bool = False  # the number is bracketed, circled or raised: certainly a note's start


@dataclass
class PageText:
    number: int
    body: list[tuple[str, Location, bool]] = field(default_factory=list)  # (text, where, ends a paragraph)
    notes: list[Note] = field(default_factory=list)
    # The body rows as printed, region by region (a column, or text across the page), with the
    # column each stands in: where they start, their size and fonts (pdf_forms.py).
    regions: list[tuple[int | None, list[Row]]] = field(default_factory=list)


@dataclass
class PageData:
    """What the reader needs of a page: its size, characters and short horizontal rules."""

    number: int
    width: float
    height: float
    chars: list
    rules: list


_CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "fontname")


class _Char:
    """What the reader keeps of a pdfplumber character, read as `c["x0"]` like pdfplumber's own.
    Slots, not a dict: a 2,000-page PDF holds millions of them (a dict each took 1.1 GB)."""

    __slots__ = _CHAR_KEYS

    def __init__(self, c: dict):
        for key in _CHAR_KEYS:
            setattr(self, key, c[key])

    def __getitem__(self, key: str):
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)

    def __or__(self, other: dict) -> dict:  # a marker's character widened to its last one
        return {key: getattr(self, key) for key in _CHAR_KEYS} | other
_RULE_KEYS = ("x0", "x1", "top", "bottom")


def read_pdf(path: str, data: bytes) -> TextFile:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a core dependency
        raise InputError("reading PDF needs pdfplumber (pip install pdfplumber)", path) from None
    _cap_streams()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise _open_error(exc, path) from None
    try:
        with pdf:
            if not pdf.pages:
                if re.search(rb"/Type\s*/Page(?![a-zA-Z])", data):  # pages are there, the way to them is not
                    raise InputError("the PDF is damaged: its pages are there but its cross-reference table does "
                                     "not lead to them; open it in a PDF reader and save a new copy", path)
                raise InputError("the PDF has no pages", path)
            pages = []
            for page in pdf.pages:
                pages.append(_page_data(page))
                step("pages read", len(pages), len(pdf.pages))
                page.close()  # drop pdfplumber's cache of the page's objects: a long PDF stays small
        if sum(len(page.chars) for page in pages) < 20:
            raise InputError("the PDF has no text layer (a scanned image?): run OCR on it first "
                             "(e.g. ocrmypdf -l chi_sim in.pdf out.pdf) and check the OCR'd copy", path)
        _refuse_unmapped_glyphs(pages, path)
        sizes = [round(c["size"], 1) for page in pages for c in page.chars if c["text"].strip()]
        body_size = statistics.mode(sizes)
        pieces = [_page_pieces(page, body_size) for page in pages]
        running = frozenset(_running_lines(pages, pieces))
        texts = [_read_page(page, body_size, page_pieces, running) for page, page_pieces in zip(pages, pieces)]
    except InputError:
        raise
    except Exception as exc:
        if _bomb(exc):
            raise InputError(str(_bomb(exc)), path) from None
        raise InputError(f"cannot read the PDF ({type(exc).__name__}): it may be damaged; "
                         "open it in a PDF reader and save a new copy", path) from None
    return _assemble(path, data, texts)


# Glyphs of a font without a ToUnicode map come out as `(cid:N)`: their characters are unknown.
# Above this share of the characters (dates, digits, whole quotations gone) no verdict can be
# trusted; below it, a bullet or a symbol here and there, the text is still the text.
UNMAPPED_SHARE = 0.01


def _refuse_unmapped_glyphs(pages: list[PageData], path: str) -> None:
    total = sum(1 for page in pages for c in page.chars if c["text"].strip())
    unmapped = sum(1 for page in pages for c in page.chars if c["text"].startswith("(cid:"))
    if unmapped >= 20 and unmapped > total * UNMAPPED_SHARE:
        raise InputError(f"no usable text layer: {unmapped} of {total} characters are glyphs without a Unicode "
                         "mapping (fonts without ToUnicode): export the PDF again from the source document, "
                         "or OCR it (e.g. ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf)", path)


def _cap_streams() -> None:
    """pdfminer unpacks a Flate stream whole (a 1 MB PDF held a 1 GB content stream): give its
    module a zlib that stops at the cap, counting afresh for this document."""
    from pdfminer import pdftypes

    flate = CappedFlate(unpacked_cap())
    pdftypes.zlib = flate
    pdftypes.decompress_corrupted = flate.decompress_corrupted


def _bomb(exc: Exception) -> StreamTooLarge | None:
    """The cap's refusal, as raised or wrapped by pdfplumber (PdfminerException(inner))."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    return inner if isinstance(inner, StreamTooLarge) else None


def _open_error(exc: Exception, path: str) -> InputError:
    if _bomb(exc):
        return InputError(str(_bomb(exc)), path)
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encryption" in name or "encrypt" in str(inner).lower():
        return InputError("the PDF is encrypted (password-protected): open it with its password and save or "
                          "print an unprotected copy, then check that", path)
    return InputError(f"cannot open as a PDF ({name}): the file is damaged or not a PDF; "
                      "open it in a PDF reader and save a new copy", path)


def _page_data(page) -> PageData:
    chars = [_Char(c) for c in page.chars if c.get("upright", True)]
    width = float(page.width)
    rules = [{k: float(r[k]) for k in _RULE_KEYS} for r in list(page.rects) + list(page.lines)
             if abs(r["bottom"] - r["top"]) < 2 and 15 < (r["x1"] - r["x0"]) < width * 0.45]
    return PageData(page.page_number, width, float(page.height), chars, rules)


def _rows(chars: list, body_size: float) -> list[list]:
    """Characters grouped into printed rows by vertical overlap; small raised characters (note
    markers) then join the row they stand at the top of, beside their neighbours."""
    rows: list[list] = []
    spans: list[list[float]] = []  # [top, bottom] of each row's characters
    small = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if not c["text"].strip():
            continue
        if c["size"] < body_size * 0.7:
            small.append(c)
            continue
        mid = (c["top"] + c["bottom"]) / 2
        for i in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            top, bottom = spans[i]
            if top - 0.5 <= mid <= bottom + 0.5:
                rows[i].append(c)
                spans[i] = [min(top, c["top"]), max(bottom, c["bottom"])]
                break
        else:
            rows.append([c])
            spans.append([c["top"], c["bottom"]])
    for c in small:
        mid = (c["top"] + c["bottom"]) / 2
        best, best_distance = None, None
        for i, (top, bottom) in enumerate(spans):
            if not top - (bottom - top) * 0.6 <= mid <= bottom:
                continue
            near = min(min(abs(c["x0"] - o["x1"]), abs(o["x0"] - c["x1"])) for o in rows[i])
            if near > 3 * c["size"]:
                continue
            distance = abs(bottom - c["bottom"])
            if best_distance is None or distance < best_distance:
                best, best_distance = i, distance
        if best is None:
            rows.append([c])
            spans.append([c["top"], c["bottom"]])
        else:
            rows[best].append(c)
    return rows


def _split(row: list, width: float) -> list[Piece]:
    """A row cut at a gap of most of a character's width in the middle of the page (a gutter)."""
    row = sorted(row, key=lambda c: c["x0"])
    pieces, current = [], [row[0]]
    for prev, c in zip(row, row[1:]):
        if c["x0"] - prev["x1"] > 0.8 * max(prev["size"], c["size"]) \
                and c["x0"] > width * 0.35 and prev["x1"] < width * 0.65:
            pieces.append(current)
            current = []
        current.append(c)
    pieces.append(current)
    return [Piece([c for c in p if c["text"].strip()]) for p in pieces if any(c["text"].strip() for c in p)]


def _page_pieces(page: PageData, body_size: float) -> list[Piece]:
    """A page's printed line pieces without page numbers and small running heads in the margins
    (small lines at the foot stay: footnotes run down to the margin)."""
    width, height = page.width, page.height
    pieces = [p for row in _rows(page.chars, body_size) for p in _split(row, width)]
    return [p for p in pieces if not (((p.bottom < height * 0.07 or p.top > height * 0.93)
                                       and _PAGE_NUMBER.match(_plain(p)))
                                      or (p.bottom < height * 0.07 and p.size < body_size * 0.95))]


def _running_lines(pages: list[PageData], pieces: list[list[Piece]]) -> set[str]:
    """Lines that stand in the top or bottom tenth of many pages, digits aside: a running head or
    foot (`学习时报 2025年第6期`, `·理论·`), whatever its size. Left in, it would cut a quotation
    that runs over a page break."""
    seen: dict[str, set[int]] = {}
    body_size = statistics.mode([p.size for page_pieces in pieces for p in page_pieces] or [0])
    for page, page_pieces in zip(pages, pieces):
        for p in page_pieces:
            # At the foot only lines of body size: the same footnote is cited on many pages.
            if p.bottom < page.height * 0.1 or (p.top > page.height * 0.9 and p.size >= body_size * 0.95
                                                and not _starts_note(p)):
                seen.setdefault(_running_key(p), set()).add(page.number)
    least = max(3, len(pages) // 3)
    return {key for key, where in seen.items() if len(where) >= least and key}


def _running_key(piece: Piece) -> str:
    return re.sub(r"[\d\s]", "", _plain(piece))


def _read_page(page: PageData, body_size: float, pieces: list[Piece] | None = None,
               running: frozenset[str] = frozenset()) -> PageText:
    width, height = page.width, page.height
    if pieces is None:
        pieces = _page_pieces(page, body_size)
    if running:
        pieces = [p for p in pieces if not ((p.bottom < height * 0.1 or p.top > height * 0.9)
                                            and _running_key(p) in running)]
    mid = width / 2
    slack = width * 0.02
    foot = _page_wide_notes(page, pieces, body_size)
    pieces = [p for p in pieces if p not in foot]
    out = _columns(page, pieces, body_size)
    first = max([loc.line for _, loc, _ in out.body] + [n.line for n in out.notes] + [0]) + 1
    for n, piece in enumerate(foot, first):
        out.notes.append(Note("", [_note_text(piece)], out.number, n, None))
    return out


def _page_wide_notes(page: PageData, pieces: list[Piece], body_size: float) -> list[Piece]:
    """Footnotes set across the whole page under two columns: below a short rule in the lower part
    of the page, or (no rule) small lines below all the body text, starting with a note number.
    Only when a note line crosses the middle; notes under each column are read per column."""
    mid, slack = page.width / 2, page.width * 0.02

    def wide(group):
        return any(p.x0 < mid - slack and p.x1 > mid + slack for p in group)

    def small(group):
        return group and statistics.median(p.size for p in group) < body_size * 0.95

    for rule in sorted(page.rules, key=lambda r: r["top"]):
        if rule["top"] < page.height * 0.4:
            continue
        under = [p for p in pieces if p.top >= rule["top"] - 1 and rule["x0"] - 5 <= p.x0 <= rule["x0"] + 3 * body_size]
        if small(under) and wide(under):
            return sorted(under, key=lambda p: (p.top, p.x0))
    body_bottom = max((p.bottom for p in pieces if p.size >= body_size * 0.95), default=0)
    below = sorted([p for p in pieces if p.top >= body_bottom], key=lambda p: (p.top, p.x0))
    if below and small(below) and wide(below) and _starts_note(below[0]):
        return below
    return []


def _columns(page: PageData, pieces: list[Piece], body_size: float) -> PageText:
    width = page.width
    mid = width / 2
    slack = width * 0.02
    left = [p for p in pieces if p.x1 <= mid + slack]
    right = [p for p in pieces if p.x0 >= mid - slack and p not in left]
    two_columns = len(left) >= 3 and len(right) >= 3
    rules = page.rules
    out = PageText(page.number)
    if not two_columns:
        merged = _merge_rows(pieces)
        _column(out, merged, rules, None, body_size, (0, width))
        return out
    across = [p for p in pieces if p not in left and p not in right]
    first_column_top = min(p.top for p in left + right)
    above = [p for p in across if p.bottom <= first_column_top + 1]
    below = [p for p in across if p not in above]
    _column(out, above, [], None, body_size, (0, width))
    _column(out, left, [r for r in rules if r["x0"] < mid], 1, body_size, (0, mid))
    _column(out, right, [r for r in rules if r["x0"] >= mid - slack], 2, body_size, (mid, width))
    _column(out, below, rules, None, body_size, (0, width), notes_only=True)
    return out


def _merge_rows(pieces: list[Piece]) -> list[Piece]:
    """One-column page: the pieces of one row are one line again."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.top, p.x0)):
        if rows and abs(rows[-1][0].top - p.top) < p.size * 0.5 and abs(rows[-1][0].bottom - p.bottom) < p.size:
            rows[-1].append(p)
        else:
            rows.append([p])
    return [Piece([c for p in row for c in p.chars]) for row in rows]


def _column(out: PageText, pieces: list[Piece], rules: list, column: int | None, body_size: float,
            span: tuple[float, float], notes_only: bool = False) -> None:
    pieces = sorted(pieces, key=lambda p: (p.top, p.x0))
    if not pieces:
        return
    rule_top = min((r["top"] for r in rules if r["top"] > pieces[0].top and span[0] - 5 <= r["x0"] <= span[1]),
                   default=None)
    if rule_top is not None:
        cut = next((i for i, p in enumerate(pieces) if p.top >= rule_top), len(pieces))
    else:  # no rule: a run of smaller lines at the foot that starts with a note number
        cut = len(pieces)
        while cut > 0 and pieces[cut - 1].size < body_size * 0.92:
            cut -= 1
        while cut < len(pieces) and not _starts_note(pieces[cut]):
            cut += 1
        if notes_only and cut == len(pieces):
            cut = 0 if pieces and _starts_note(pieces[0]) else len(pieces)
    body, notes = pieces[:cut], pieces[cut:]
    right_edge = max((p.x1 for p in body), default=0)
    rows = []
    for n, piece in enumerate(body, 1):
        items = _body_items(piece)
        text, starts = _join_columns(items)
        if text:
            ends = piece.x1 < right_edge - 1.5 * piece.size or text.endswith(("。", "！", "？")) and \
                piece.x1 < right_edge - 0.5 * piece.size
            out.body.append((text, Location(page=out.number, line=n, column=column), ends))
            rows.append(_row(piece, text, items, starts, ends, right_edge))
    if rows:
        out.regions.append((column, rows))
    for n, piece in enumerate(notes, len(body) + 1):
        # Every line of the region, for now; _assemble decides which lines start a note.
        out.notes.append(Note("", [_note_text(piece)], out.number, n, column))


def _starts_note(piece: Piece) -> bool:
    first = piece.chars[0]
    if piece.is_small_raised(first) and first["text"].isdigit():
        return True
    text = _plain(piece)
    return bool(_MARKED_NOTE.match(text) or _BARE_NOTE.match(text))


def _plain(piece: Piece) -> str:
    return _join([(_char_text(c["text"]), c) for c in piece.chars])


def _join(items: list[tuple[str, dict]]) -> str:
    """Characters to text: a space only between Latin characters set apart, none next to CJK."""
    return _join_columns(items)[0]


def _join_columns(items: list[tuple[str, dict]]) -> tuple[str, list[int]]:
    """The text of `_join`, and the column where each item's text starts in it."""
    out: list[str] = []
    starts: list[int] = []
    length = 0
    prev = None
    for text, c in items:
        if prev is not None and out and not _is_cjk(out[-1][-1:] or "x") and not _is_cjk(text[:1] or "x"):
            if c["x0"] - prev["x1"] > 0.25 * min(c["size"], prev["size"]):
                out.append(" ")
                length += 1
        starts.append(length)
        out.append(text)
        length += len(text)
        prev = c
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip())
    return joined.strip(), [start - lead for start in starts]


def _row(piece: Piece, text: str, items: list[tuple[str, dict]], starts: list[int], ends: bool,
         right: float) -> Row:
    """What pdf_forms needs of a body row: where each column of its text was printed, in what face."""
    boxes: list[tuple[float, float]] = [(piece.x0, piece.x0)] * len(text)
    bold = [False] * len(text)
    for (item, c), start in zip(items, starts):
        face = is_bold_font(c.get("fontname") or "")
        for k in range(max(0, start), min(len(text), start + len(item))):
            boxes[k], bold[k] = (c["x0"], c["x1"]), face
    for k, ch in enumerate(text):  # a space put between two words takes its place between them
        if ch == " " and 0 < k < len(text) - 1 and boxes[k] == (piece.x0, piece.x0):
            boxes[k] = (boxes[k - 1][1], boxes[k + 1][0])
            bold[k] = bold[k - 1] and bold[k + 1]
    return Row(text, piece.x0, piece.x1, piece.baseline, piece.size, tuple(boxes), tuple(bold), ends, right)


def _body_items(piece: Piece) -> list[tuple[str, dict]]:
    """A body line's characters, raised small numbers turned into markers `［n］`."""
    items: list[tuple[str, dict]] = []
    marker: list[dict] = []

    def flush():
        if marker:
            raw = "".join(_char_text(c["text"]) for c in marker)
            digits = re.sub(r"[［\[【〔］\]】〕\s]", "", raw)
            items.append((f"［{digits}］" if digits.isdigit() else raw, marker[0] | {"x1": marker[-1]["x1"]}))
            marker.clear()

    for c in piece.chars:
        if piece.is_small_raised(c) and (c["text"].isdigit() or c["text"] in "［］[]【】〔〕"
                                         or "\u2460" <= c["text"] <= "\u2473"):
            marker.append(c)
            continue
        flush()
        items.append((_char_text(c["text"]), c))
    flush()
    return items


def _note_text(piece: Piece) -> str:
    chars = piece.chars
    lead = []
    while chars[len(lead):] and piece.is_small_raised(chars[len(lead)]) and chars[len(lead)]["text"].isdigit():
        lead.append(chars[len(lead)])
    rest = _join([(_char_text(c["text"]), c) for c in chars[len(lead):]])
    if lead:
        return "［" + "".join(c["text"] for c in lead) + "］" + rest
    return rest


def _assemble(path: str, data: bytes, pages: list[PageText]) -> TextFile:
    # Lines of the note regions to notes: a line starts a note when it starts with a note number;
    # any other line continues the note above it, on this page or (at the top of a region) the
    # last note of the page before.
    last: Note | None = None
    for page in pages:
        kept = []
        for i, line in enumerate(page.notes):
            text = line.parts[0]
            number = None
            m = _MARKED_NOTE.match(text)
            if m:
                number = next(g for g in m.groups() if g)
            else:
                m = _BARE_NOTE.match(text)
                if m and (last is None or int(m.group(1)) == int(last.number or 0) + 1
                          or (int(m.group(1)) == 1 and not kept)):
                    number = m.group(1)
            if number is not None:
                line.number, line.parts = number, [text[m.end():]]
                kept.append(line)
                last = line
            elif last is not None:
                last.parts.append(text)
        page.notes = kept
    lines: list[str] = []
    locations: list = []
    note_lines: set[int] = set()
    forms = _row_forms(pages)
    rows = iter(forms or ())
    quotes, headings, items, bold, wrapped = set(), set(), [], [], set()

    def add(text: str, where):
        lines.append(text)
        locations.append(where)

    for page in pages:
        for text, where, ends in page.body:
            add(text, where)
            if forms is None:
                if ends:
                    add("", None)
                continue
            row, after = next(rows)
            line = len(lines)
            if row.form == "quote":
                quotes.add(line)
            elif row.form == "heading":
                headings.add(line)
            if row.item is not None:
                items.append((line, row.item))
            bold.extend((line, start, end) for start, end in row.bold)
            if row.wrapped:
                wrapped.add(line)
            if after if after is not None else ends:
                add("", None)
        if page.notes:
            if lines and lines[-1]:
                add("", None)
            for note in page.notes:
                marker = note.number if "\u2460" <= note.number <= "\u2473" else f"［{note.number}］"
                add(f"{marker} {''.join(_glue(note.parts))}",
                    Location(page=note.page, line=note.line, column=note.column, note=note.number))
                note_lines.add(len(lines))
                add("", None)
    if not any(lines):
        raise InputError("the PDF has no text layer (a scanned image?): run OCR on it first", path)
    found = Forms() if forms is None else Forms(
        quote_lines=frozenset(quotes), heading_lines=frozenset(headings), list_items=tuple(items), bold=tuple(bold),
        paragraphs=True, wrapped=frozenset(wrapped))
    return TextFile(path=path, text="\n".join(lines) + "\n", encoding="pdf", data=data, kind="pdf",
                    locations=tuple(locations) + (None,), note_lines=frozenset(note_lines), forms=found)


KEPT_TOGETHER = ("list", "quote")  # a run of list items is one list, of block-quote paragraphs one block


def _row_forms(pages: list[PageText]) -> list | None:
    """Each body row's RowForm and whether a blank line follows it (a paragraph ends there; None
    at the end of the text: as the row's `ends` says); None when the pages carry no rows."""
    if any(sum(len(rows) for _, rows in page.regions) != len(page.body) for page in pages):
        return None  # pages made without their printed rows (tests of the note logic)
    regions = [region for page in pages for region in page.regions]
    sizes = [row.size for _, rows in regions for row in rows]
    if not sizes:
        return []
    forms = [rf for region_forms in read_forms(regions, statistics.mode(sizes)) for rf in region_forms]
    out = []
    for rf, following in zip(forms, forms[1:] + [None]):
        if following is None:
            out.append((rf, None))
        else:
            together = rf.form in KEPT_TOGETHER and following.form == rf.form
            out.append((rf, following.start and not together))
    return out


def _glue(parts: list[str]):
    """Lines of a note joined: no space between CJK, one between Latin words."""
    for i, part in enumerate(parts):
        if i and part and parts[i - 1] and not (_is_cjk(parts[i - 1][-1]) or _is_cjk(part[0])) \
                and not (parts[i - 1][-1].isdigit() and part[0].isdigit()):  # `…202` + `5年…`
            yield " "
        yield part
