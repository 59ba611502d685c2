"""Paragraphs of a PDF's printed rows, and which are headings, block quotes, list items, bold runs.

A PDF keeps no paragraphs, styles or lists, only characters where they were printed, each with
its font. What a commentary sets apart shows in where its rows start and in its fonts, measured
against the body text of each column (`c` is the body's character size, one em):

- **the margin** of a column is where its wrapped body rows start: the most common left edge
  (by characters) of body-size rows that follow a full row at the line pitch (in a commentary of
  short paragraphs, first rows indented 2 em outnumber the rows under them, so all rows would
  not do); or the document's margin for that column when some row of the page stands there or
  a first-line indent right of it (a page of bullets keeps the document's margin). The body's
  first-line indent is the most common start of a paragraph whose other rows stand at the
  margin: 2 em in Chinese typesetting, 0 in Word's default.
- **a paragraph** starts at a row when the row above stops short of the right edge (or ends a
  sentence near it) by more than the row's first unbreakable word (`题，2026` goes down whole
  when it does not fit), when the gap above is wider than the line pitch by 0.4 em (the pitch:
  the tenth percentile of baseline distances of neighbouring body rows, as most rows of a
  commentary may be one-row paragraphs spaced apart), when the row starts a list item, changes the font
  size, or leaves the left edge the paragraph's rows keep (its second row sets it: a first-line
  indent or a hanging indent changes only the first row). Across a page or column break the
  edges are compared relative to each column's margin.
- **a heading** is a paragraph in a larger font than the body (by a tenth), or one bold from end
  to end that ends no sentence (forms.typed_heading, as for Word).
- **a list item** is a paragraph that opens with a bullet (• · ▪ ◦ ● – -) or a number (`1.`,
  `1、`, `1)`, `（1）`) set apart: a gap of a third of an em after it (a tab stop), or its second
  row hanging at the item's text. A number run into its sentence (`1.5亿`, `（1）坚持…` with no
  gap and no hanging row) is text.
- **a block quote** is any other paragraph moved in on the left as a whole: its rows after the
  first at least 0.9 em right of the margin (the first may be indented further); a one-row
  paragraph at least 0.9 em right of where a body paragraph starts (margin + first-line
  indent), unless it is centred (equal gaps each side, over 3 em: a one-row quote may fill its
  row to the same gap by chance) or set flush right (a caption, a byline).
- **bold** is a character whose font is a bold face. A PDF names the font of every character;
  a bold face says so in the style part of its name, after the family: a weight word (Bold,
  SemiBold, DemiBold, ExtraBold, Heavy, Black, Bd, or a bare `B`: `Arial,Bold`,
  `NotoSansCJKsc-Bold`, `STSong-B`), or a weight number of 600 and above (`W6`–`W12` of Japanese
  and Chinese foundries, `-700`). Medium, Regular and Light are not bold; nor is a family that is
  heavy by design (黑体 `SimHei`) when its name says no weight: authors set whole documents in
  it. Bold drawn by stroking a regular font (some Word exports) is not seen. Neighbouring bold
  characters are one run across the spaces between them, as in Word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .forms import typed_heading

_BOLD_WORDS = {"bold", "heavy", "black", "bd"}  # SemiBold, ExtraBold, DemiBold: `Bold` is a word of them
_WEIGHT = re.compile(r"(?<![A-Za-z])W(\d{1,2})(?!\d)|(?<!\d)(\d{3,4})(?!\d)")
_NO_BREAK_BEFORE = "，。、；：？！”’）》」』】〕…%,.;:?!)"  # closing marks: no line starts with one
_LABEL = re.compile(r"^(?:[•·▪◦●■–\-]|\d{1,2}[.．、)）](?!\d)|[（(]\d{1,2}[）)])")

MIN_QUOTE_INDENT = 0.9  # em: a block quote stands at least one character right of the body
EDGE_SLACK = 0.5  # em: rows of one paragraph start within half a character of each other
GAP_OVER_PITCH = 0.4  # em: a paragraph space wider than the line pitch by this much
LABEL_GAP = 0.33  # em: the gap after a list label (a tab stop or a space)
LARGER = 1.1  # a heading's characters are at least a tenth larger than the body's
CENTRED = 3  # em: a one-row paragraph with equal gaps this wide each side is centred (a caption)
MARGIN_SLACK = 0.3  # em: rows whose left edges differ by less stand at the same edge


def is_bold_font(fontname: str) -> bool:
    """Whether a PDF font name names a bold face (the rule in the module docstring)."""
    name = fontname.split("+", 1)[-1]  # `ABCDEF+` marks a subset
    cut = re.search(r"[-,]", name)
    style = name[cut.end():] if cut else name  # PostScript names: Family-Style, or Family,Style
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", style)]
    if any(w in _BOLD_WORDS for w in words) or (cut and "b" in words):
        return True
    return any(6 <= int(m.group(1) or 0) <= 12 or 600 <= int(m.group(2) or 0) <= 1000 for m in _WEIGHT.finditer(style))


@dataclass
class Row:
    """A printed body row, as the text reader made it."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    boxes: tuple  # (x0, x1) of each column of `text`
    bold: tuple  # whether each column of `text` is set in a bold face
    ends: bool  # stops short of the column's right edge, or ends a sentence near it
    right: float  # the column's right edge


@dataclass
class RowForm:
    """What one row is: whether it starts a paragraph, its paragraph's form, its bold runs."""

    start: bool = True
    form: str | None = None  # heading | quote | list | None
    item: int | None = None  # a list item's first row: the column where its words start
    bold: list = field(default_factory=list)  # (start, end) columns of bold runs
    wrapped: bool = False  # goes on from the row before, in the same paragraph


@dataclass
class _Region:
    rows: list
    slot: object  # the column it stands in (None, 1, 2): margins are shared by the slot
    margin: float = 0.0


def read_forms(regions: list[tuple[object, list[Row]]], body_size: float) -> list[list[RowForm]]:
    """For each region (a page's column, or text across a page, in reading order, with the column
    it stands in), a RowForm for each of its rows."""
    regs = [_Region(rows, slot) for slot, rows in regions]
    c = body_size
    pitch = _pitch(regs, c)
    _margins(regs, pitch, c)
    rows = [(reg, row) for reg in regs for row in reg.rows]
    paragraphs: list[list[tuple[_Region, Row]]] = []
    for reg, row in rows:
        if not paragraphs or _starts(paragraphs[-1], reg, row, pitch, c):
            paragraphs.append([])
        paragraphs[-1].append((reg, row))
    first = _first_indent(paragraphs, c)
    out = {id(row): RowForm() for _, row in rows}
    for para in paragraphs:
        form, item = _form(para, first, c)
        for i, (reg, row) in enumerate(para):
            rf = out[id(row)]
            rf.start, rf.wrapped, rf.form = i == 0, i > 0, form
            if i == 0 and form == "list":
                rf.item = item
            if form != "heading":
                rf.bold = _bold_runs(row)
    return [[out[id(row)] for row in reg.rows] for reg in regs]


def _body(row: Row, c: float) -> bool:
    return abs(row.size - c) < 0.1 * c


def _margins(regs: list[_Region], pitch: float, c: float) -> None:
    """Each region's margin: where its wrapped body rows start (the module docstring)."""
    def wrapped(rows) -> list[Row]:
        return [b for a, b in zip(rows, rows[1:]) if _body(a, c) and _body(b, c) and not a.ends
                and b.baseline - a.baseline <= pitch + GAP_OVER_PITCH * c]

    def common(rows) -> float | None:
        weights: dict[float, int] = {}
        for row in rows:
            edge = next((e for e in weights if abs(e - row.x0) <= MARGIN_SLACK * c), row.x0)
            weights[edge] = weights.get(edge, 0) + len(row.text)
        return max(weights, key=lambda e: (weights[e], -e)) if weights else None

    document = {}
    for slot in {reg.slot for reg in regs}:
        mine = [reg.rows for reg in regs if reg.slot == slot]
        document[slot] = common([row for rows in mine for row in wrapped(rows)]) \
            or common([row for rows in mine for row in rows if _body(row, c)])
    for reg in regs:
        shared = document[reg.slot]
        own = common(wrapped(reg.rows))
        # The document's margin when the page has rows there (or a first-line indent right of it).
        near = shared is not None and any(_body(row, c) and -MARGIN_SLACK * c <= row.x0 - shared <= 2.5 * c
                                          for row in reg.rows)
        reg.margin = shared if near or own is None else own
        if reg.margin is None:
            reg.margin = min((row.x0 for row in reg.rows), default=0.0)


def _pitch(regs: list[_Region], c: float) -> float:
    """The line pitch: the distance between baselines of rows in one paragraph. Its tenth
    percentile, not its mode: most rows of a commentary may be one-row paragraphs, spaced apart."""
    steps = []
    for reg in regs:
        body = [row for row in reg.rows if _body(row, c)]
        steps += [round(b.baseline - a.baseline, 1) for a, b in zip(body, body[1:]) if b.baseline - a.baseline >= c]
    if not steps:
        return 1.5 * c
    steps.sort()
    return steps[len(steps) // 10]


def _label(row: Row) -> int | None:
    """The column after a list label set apart by a gap, or None."""
    m = _LABEL.match(row.text)
    if not m:
        return None
    end = m.end()
    while end < len(row.text) and row.text[end] in " \u3000\t":
        end += 1
    if end >= len(row.text):
        return None
    return end


def _label_gap(row: Row, end: int) -> float:
    return row.boxes[end][0] - row.boxes[end - 1][1]


def _listed(row: Row, c: float) -> int | None:
    end = _label(row)
    if end is not None and _label_gap(row, end) >= LABEL_GAP * c:
        return end
    return None


def _starts(para: list, reg: _Region, row: Row, pitch: float, c: float) -> bool:
    """Whether `row` starts a new paragraph after `para` (the rows of the one before)."""
    last_reg, last = para[-1]
    if (last.ends and _leading_word(row) <= last.right - last.x1) or _listed(row, c) is not None \
            or abs(row.size - last.size) > 0.1 * c:
        return True
    if last_reg is reg and row.baseline - last.baseline > pitch * max(row.size, last.size) / c + GAP_OVER_PITCH * c:
        return True
    indent = row.x0 - reg.margin
    if len(para) >= 2:  # the paragraph's second row set the edge its other rows keep
        second_reg, second = para[1]
        return abs(indent - (second.x0 - second_reg.margin)) > EDGE_SLACK * c
    first_reg, first = para[0]
    # The second row: left of the first (a first-line indent), level with it, or at the words
    # of a list label (a hanging indent).
    if indent <= first.x0 - first_reg.margin + EDGE_SLACK * c:
        return False
    end = _label(first)
    return end is None or abs(row.x0 - first.boxes[end][0]) > EDGE_SLACK * c


def _leading_word(row: Row) -> float:
    """The width of what the row starts with that no line may be broken inside: a character with
    the closing marks after it (`题，`), and the Latin letters or digits run on to it (`题，2026`)."""
    end = 1
    while end < len(row.text) and (row.text[end] in _NO_BREAK_BEFORE
                                   or (row.text[end].isascii() and row.text[end].isalnum()
                                       and not _is_ideograph(row.text[end - 1]))):
        end += 1
    return row.boxes[end - 1][1] - row.boxes[0][0]


def _is_ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _first_indent(paragraphs: list, c: float) -> float:
    """The body's first-line indent: where paragraphs whose other rows stand at the margin start."""
    weights: dict[float, int] = {}
    for para in paragraphs:
        if len(para) < 2 or not all(_body(row, c) for _, row in para):
            continue
        if all(abs(row.x0 - reg.margin) <= MARGIN_SLACK * c for reg, row in para[1:]):
            reg, row = para[0]
            indent = round((row.x0 - reg.margin) / c * 2) / 2  # in half ems
            if indent >= 0:
                weights[indent] = weights.get(indent, 0) + sum(len(r.text) for _, r in para)
    return max(weights, key=lambda e: (weights[e], -e)) * c if weights else 0.0


def _form(para: list, first_indent: float, c: float) -> tuple[str | None, int | None]:
    rows = [row for _, row in para]
    if all(row.size > c * LARGER for row in rows):
        return "heading", None
    head = rows[0]
    end = _label(head)
    if end is not None and (_label_gap(head, end) >= LABEL_GAP * c
                            or (len(rows) > 1 and abs(rows[1].x0 - head.boxes[end][0]) <= EDGE_SLACK * c)):
        return "list", end
    text = "".join(row.text for row in rows)
    if typed_heading(text, all(b for row in rows for ch, b in zip(row.text, row.bold) if not ch.isspace())):
        return "heading", None
    if _moved_in(para, first_indent, c):
        return "quote", None
    return None, None


def _moved_in(para: list, first_indent: float, c: float) -> bool:
    if len(para) >= 2:
        indents = [row.x0 - reg.margin for reg, row in para]
        return min(indents[1:]) >= MIN_QUOTE_INDENT * c and indents[0] >= indents[1] - EDGE_SLACK * c
    reg, row = para[0]
    left, right = row.x0 - reg.margin, row.right - row.x1
    if left < first_indent + MIN_QUOTE_INDENT * c:
        return False
    centred = abs(left - right) <= c and left - first_indent > CENTRED * c
    flush_right = right <= EDGE_SLACK * c and left > (row.right - reg.margin) / 3
    return not (centred or flush_right)


def _bold_runs(row: Row) -> list[tuple[int, int]]:
    """Columns of the row's bold runs: neighbouring runs are one across spaces between them."""
    runs: list[list[int]] = []
    for i, (ch, bold) in enumerate(zip(row.text, row.bold)):
        if ch.isspace() or not bold:
            continue
        if runs and not row.text[runs[-1][1]:i].strip():
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [(a, b) for a, b in runs]
