"""Which paragraphs of a Word manuscript are block quotes, list items or headings, and which runs are bold.

A commentary sets a source's words apart the way Markdown does with `> `, `- ` and `**`; in
Word the same forms are styles and run properties. The rules, in this order:

- **heading**: a paragraph in a heading style (Title, Subtitle, Heading N, or one based on
  them) or with an outline level; headings are never quotations, and their bold is the style's.
- **block quote**: a paragraph in the built-in Quote, Intense Quote or Block Text style, or a
  style based on one (matched by the style's name, which Word stores in English whatever the
  interface language; 引用/明显引用/文本块 too, for tools that store the shown name); or, when
  no style says so, a paragraph indented on the left by at least one character more than the
  body: the body's indent is the most common one among ordinary paragraphs (weighted by their
  length), and a paragraph counts from where its text starts (a hanging indent counts at its
  first line, a first-line indent not at all), so Chinese paragraphs indented two characters on
  their first line are body, and a passage moved in as a whole is set apart. Table cells have
  their own margins and are left out of the indent rule.
- **list item**: a numbered or bulleted paragraph (w:numPr on it or on its style, numId not
  0) or one in a List style (List Paragraph, List Bullet, List Number, …).
- **bold**: a run whose effective w:b is on: its own w:rPr first, then its character style
  (and the styles that one is based on), then the paragraph's style, then the document default.
  A paragraph bold from end to end that does not end a sentence (no 。！？；：or … at its end)
  is a heading typed by hand (`（一）引领新一轮科技革命和产业变革`, bold in a body style), as
  theory pieces set their section titles: a heading, not a bold run (not in a table, whose
  bold header cells start no section).
"""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_QUOTE_STYLES = {"quote", "intense quote", "block text", "引用", "明显引用", "文本块"}
_HEADING_STYLE = re.compile(r"^(?:heading \d|title|subtitle|标题(?: ?\d)?|副标题)$")
_LIST_STYLE = re.compile(r"^(?:list(?: paragraph| bullet| number| continue)?(?: \d)?|列表段落|列表项目符号.*|列表编号.*)$")
_OFF = ("0", "false", "off", "none")
TWIPS_PER_HALF_POINT = 10  # a character of size sz (half-points) is sz * 10 twips wide
MAX_DEPTH = 10  # basedOn chains longer than this are broken documents, not styles


def _on(element) -> bool:
    return element.get(W + "val", "1").lower() not in _OFF


def _int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


class WordForms:
    """The rules of the module docstring, for one document."""

    def __init__(self, document):
        styles = document.styles.element
        self.styles = {s.get(W + "styleId"): s for s in styles.findall(W + "style")}
        self.default_para = next((s.get(W + "styleId") for s in styles.findall(W + "style")
                                  if s.get(W + "type") == "paragraph" and _on_attr(s.get(W + "default"))), None)
        defaults = styles.find(W + "docDefaults")
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        size = self.default_rpr.find(W + "sz") if self.default_rpr is not None else None
        self.char_twips = (_int(size.get(W + "val")) if size is not None else 21) * TWIPS_PER_HALF_POINT or 210
        self.body = document.element.body
        self._body_indent: int | None = None
        self._bold_styles: dict[str, bool | None] = {}

    # -- styles --------------------------------------------------------------------------
    def _chain(self, style_id: str | None) -> list:
        """The style and the ones it is based on, nearest first."""
        out = []
        while style_id and style_id in self.styles and len(out) < MAX_DEPTH:
            style = self.styles[style_id]
            if style in out:
                break
            out.append(style)
            based = style.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return out

    def _names(self, style_id: str | None) -> list[str]:
        names = []
        for style in self._chain(style_id):
            name = style.find(W + "name")
            names.append((name.get(W + "val") if name is not None else style.get(W + "styleId") or "").lower())
        return names

    def _para_style(self, p) -> str | None:
        style = p.find(f"{W}pPr/{W}pStyle")
        return style.get(W + "val") if style is not None else self.default_para

    # -- paragraphs ----------------------------------------------------------------------
    def paragraph(self, p) -> str | None:
        """"heading", "quote", "list" or None (see the module docstring)."""
        style_id = self._para_style(p)
        names = self._names(style_id)
        if any(_HEADING_STYLE.match(n) for n in names) or self._outline(p, style_id):
            return "heading"
        if any(n in _QUOTE_STYLES for n in names):
            return "quote"
        if self._numbered(p, style_id) or any(_LIST_STYLE.match(n) for n in names):
            return "list"
        if not in_table(p) and self._indent(p) >= self.body_indent() + self.char_twips:
            return "quote"
        return None

    def _outline(self, p, style_id) -> bool:
        for ppr in [p.find(W + "pPr")] + [s.find(W + "pPr") for s in self._chain(style_id)]:
            level = ppr.find(W + "outlineLvl") if ppr is not None else None
            if level is not None:
                return _int(level.get(W + "val")) < 9  # 9 is body text
        return False

    def _numbered(self, p, style_id) -> bool:
        for ppr in [p.find(W + "pPr")] + [s.find(W + "pPr") for s in self._chain(style_id)]:
            num = ppr.find(f"{W}numPr/{W}numId") if ppr is not None else None
            if num is not None:
                return num.get(W + "val") not in (None, "0")
        return False

    def _indent(self, p) -> int:
        """Where the paragraph's text starts, in twips from the margin (its leftmost line)."""
        levels = [p.find(W + "pPr")] + [s.find(W + "pPr") for s in self._chain(self._para_style(p))]
        levels.append(self.default_ppr)
        inds = [ppr.find(W + "ind") for ppr in levels if ppr is not None]
        inds = [ind for ind in inds if ind is not None]
        left = self._measure(inds, ("leftChars", "startChars"), ("left", "start"))
        for ind in inds:  # the nearest level that sets the first line: a hanging indent moves it left
            if any(ind.get(W + a) is not None for a in ("hanging", "hangingChars")):
                return left - self._measure([ind], ("hangingChars",), ("hanging",))
            if any(ind.get(W + a) is not None for a in ("firstLine", "firstLineChars")):
                break  # a first-line indent moves only the first line right: the text starts at `left`
        return left

    def _measure(self, inds, chars: tuple, twips: tuple) -> int:
        """The nearest level that sets the value; characters win over twips when not zero."""
        for ind in inds:
            in_chars = next((ind.get(W + a) for a in chars if ind.get(W + a) is not None), None)
            if in_chars is not None and _int(in_chars):
                return _int(in_chars) * self.char_twips // 100
            in_twips = next((ind.get(W + a) for a in twips if ind.get(W + a) is not None), None)
            if in_twips is not None or in_chars is not None:
                return _int(in_twips)
        return 0

    def body_indent(self) -> int:
        """The most common indent of ordinary paragraphs, by length of text."""
        if self._body_indent is None:
            weights: dict[int, int] = {}
            for p in self.body.iter(W + "p"):
                if in_table(p):
                    continue
                style_id = self._para_style(p)
                names = self._names(style_id)
                if any(_HEADING_STYLE.match(n) or n in _QUOTE_STYLES or _LIST_STYLE.match(n) for n in names) \
                        or self._outline(p, style_id) or self._numbered(p, style_id):
                    continue
                length = sum(len(t.text or "") for t in p.iter(W + "t"))
                if length:
                    indent = self._indent(p)
                    weights[indent] = weights.get(indent, 0) + length
            self._body_indent = max(weights, key=lambda k: (weights[k], -k)) if weights else 0
        return self._body_indent

    # -- runs ----------------------------------------------------------------------------
    def bold(self, r, p) -> bool:
        own = r.find(f"{W}rPr/{W}b")
        if own is not None:
            return _on(own)
        style = r.find(f"{W}rPr/{W}rStyle")
        for style_id in ((style.get(W + "val") if style is not None else None), self._para_style(p)):
            found = self._style_bold(style_id)
            if found is not None:
                return found
        default = self.default_rpr.find(W + "b") if self.default_rpr is not None else None
        return default is not None and _on(default)

    def _style_bold(self, style_id: str | None) -> bool | None:
        if not style_id:
            return None
        if style_id not in self._bold_styles:
            found = None
            for style in self._chain(style_id):
                b = style.find(f"{W}rPr/{W}b")
                if b is not None:
                    found = _on(b)
                    break
            self._bold_styles[style_id] = found
        return self._bold_styles[style_id]


def _on_attr(value) -> bool:
    return value is not None and value.lower() not in _OFF


def in_table(p) -> bool:
    return any(a.tag == W + "tc" for a in p.iterancestors())
