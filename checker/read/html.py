"""Web pages (.html): drafts an editor receives as a page, and sources saved from a paper's site.

lxml's HTML parser (libxml2; installed with python-docx, which needs it) builds the tree the way
a browser would from real pages: unclosed `<p>` and `<li>`, stray end tags, a declared charset.
The tree is walked into the same paragraphs a Word manuscript gives (paragraphs.py):

- paragraphs are block elements (`p`, `div`, `li`, headings, table cells…), `<br>` ends one;
- `h1`–`h6` are headings, paragraphs inside `blockquote` block quotes, `li` list items (an
  ordered list's number put first, as Word shows it), `b`/`strong` or a bold style bold runs;
- a footnote is a link to a note further down the page (`<sup><a href="#fn1">1</a></sup>` and
  the note `<li id="fn1">…</li>`, as Markdown converters and Word's "save as web page" write
  them): the marker becomes `［1］` and the note's text follows its paragraph, as a Word
  footnote's does; a bare `<sup>1</sup>` or `<sup>[1]</sup>` is a typed marker `［1］`;
- scripts, styles, navigation, forms and asides are not the page's text; when the page has an
  `<article>` or `<main>`, only that is read.

An article's date and title (`<meta name="date">`, `article:published_time`, `<title>`) go
before the text as a frontmatter, which the layout reads as it reads a Markdown article's.

A source page becomes the report text the library reads (library/source.py's archive form):
title, date, page (版) and publication from the page's metadata — meta tags, the title and the
`第01版` line of a People's Daily page — then kicker, headline and subtitle, then the paragraphs.
"""
from __future__ import annotations

import re

from ..errors import InputError
from .forms import typed_heading
from .paragraphs import Para, Segment, all_bold, one_line, text_lines
from .text import TextFile, decode

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# What a web page starts with (after a byte-order mark, blank space and comments).
_HTML_START = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         r"<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_XML_DECLARATION = re.compile(r"\A\ufeff?\s*<\?xml[^>]*>", re.I)

_NOT_TEXT = {"script", "style", "noscript", "template", "head", "nav", "aside", "form", "button", "select",
             "textarea", "iframe", "svg", "math", "object", "embed", "canvas", "audio", "video", "map", "input",
             "img"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {"p", "div", "section", "article", "main", "header", "footer", "blockquote", "ul", "ol",
                       "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
                       "figure", "figcaption", "pre", "address", "center", "hr", "body", "html", "details",
                       "summary", "fieldset", "legend", "hgroup"}
_BOLD_TAGS = {"b", "strong"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; U+3000 is text
_TYPED_MARK = re.compile(r"^\s*[\[［【]?\s*(\d{1,3})\s*[\]］】]?\s*$")
_CIRCLED = re.compile(r"^\s*([\u2460-\u2473])\s*$")
_BACKLINK = re.compile(r"^\s*(?:↩︎?|↑|\^|返回|back)?\s*$", re.I)
_NOTE_LEAD = re.compile(r"^\s*(?:[\[［【(（]\s*\d{1,3}\s*[\]］】)）]|\d{1,3}\s*[.、．]|[\u2460-\u2473])\s*")


def looks_like_html(path: str, data: bytes) -> bool:
    """An .html/.htm name, or text that starts as a web page does (`<!DOCTYPE html>`, `<html>`)."""
    if path.lower().endswith(HTML_SUFFIXES):
        return True
    if path.lower().endswith((".md", ".markdown")):
        return False  # Markdown may hold HTML; it is read as Markdown
    head = data[:4096]
    for encoding in ("utf-8", "utf-16", "gb18030"):
        try:
            text = head.decode(encoding, errors="ignore")
        except LookupError:  # pragma: no cover
            continue
        if _HTML_START.match(text):
            return True
    return False


_OTHER_MARKUP = re.compile(r"\A\ufeff?\s*(?:<\?xml\b|<svg\b|<rss\b|<feed\b)", re.I)


def refuse_other_markup(path: str, data: bytes) -> None:
    """XML that is not a web page (a feed, SVG, an export) is data, not an article: one line, exit 2."""
    if _OTHER_MARKUP.match(data[:512].decode("utf-8", errors="ignore")) and not looks_like_html(path, data):
        raise InputError("XML, not an article or a web page: save the text as .txt, .md, .docx or .html", path)


# -- the page as a tree ----------------------------------------------------------------------------
def _parse(path: str, data: bytes):
    text, encoding = decode(data, path)
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses a str that declares an encoding
    if not text.strip():
        raise InputError("file is empty", path)
    try:
        import lxml.html
        from lxml import etree
    except ImportError:  # pragma: no cover - installed with python-docx
        raise InputError("reading web pages needs lxml (pip install lxml)", path) from None
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot read the web page ({exc}): save it again from the browser", path) from None
    return root, encoding


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _content_root(root):
    """The page's own text: its <article> or <main> (or a People's Daily page's div.article) when it
    has one, else its body."""
    for xpath in ("//article", "//main", "//*[@role='main']",
                  "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"):  # paper.people.com.cn
        found = root.xpath(xpath)
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _text_of(el) -> str:
    return _SPACES.sub(" ", el.text_content() or "").strip()


# -- footnotes -------------------------------------------------------------------------------------
def _note_targets(root) -> dict[str, object]:
    """id → element for every id and anchor name on the page."""
    targets = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key in ("id", "name"):
            value = el.get(key)
            if value and value not in targets:
                targets[value] = el
    return targets


def _note_block(el):
    """The paragraph or list item holding a note's target."""
    node = el
    while node is not None and _tag(node) not in ("li", "p", "dd", "div", "aside", "section", "td", "body"):
        node = node.getparent()
    return node if node is not None and _tag(node) != "body" else el


def _is_note_reference(a) -> bool:
    """A link that marks a note: inside <sup>, classed as a footnote, or a number as its text."""
    parent = a.getparent()
    if _tag(parent) == "sup" or any(_tag(x) == "sup" for x in a.iter()):
        return True
    if re.search(r"foot|fn|note", " ".join(filter(None, (a.get("class"), a.get("role"), a.get("id")))), re.I):
        return True
    return bool(_TYPED_MARK.match(a.text_content() or "") or _CIRCLED.match(a.text_content() or ""))


def _note_text(block, reference_ids: set[str]) -> str:
    """A note's words: its back-links and leading number left out."""
    parts = []

    def walk(el):
        if isinstance(el.tag, str):
            href = el.get("href") or ""
            if _tag(el) == "a" and href.startswith("#") and (href[1:] in reference_ids
                                                             or _BACKLINK.match(el.text_content() or "")):
                if el.tail:
                    parts.append(el.tail)
                return
            if _tag(el) in _NOT_TEXT:
                if el.tail:
                    parts.append(el.tail)
                return
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
        if el is not block and el.tail:
            parts.append(el.tail)

    walk(block)
    return _NOTE_LEAD.sub("", _SPACES.sub(" ", "".join(parts)).strip(), count=1).strip()


# -- the walk ------------------------------------------------------------------------------------------
class _Walker:
    """Walks a content root into paragraphs (see the module docstring)."""

    def __init__(self, root, page_root):
        self.paras: list[Para] = []
        self.current: Para | None = None
        self.targets = _note_targets(page_root)
        self.note_blocks: set = set()  # elements that are notes: read at their marker, not in place
        self.note_numbers: dict[str, str] = {}  # target id → the marker it was given
        self.reference_ids: set[str] = set()
        self._find_notes(root)

    def _find_notes(self, root) -> None:
        order = {el: i for i, el in enumerate(root.getroottree().getroot().iter())}
        for a in root.iter("a"):
            href = a.get("href") or ""
            target = self.targets.get(href[1:]) if href.startswith("#") and len(href) > 1 else None
            if target is None or order.get(target, -1) <= order.get(a, -1) or not _is_note_reference(a):
                continue
            self.note_blocks.add(_note_block(target))
            for node in a.iterancestors():
                if node.get("id"):
                    self.reference_ids.add(node.get("id"))
            if a.get("id"):
                self.reference_ids.add(a.get("id"))

    # paragraphs
    def _para(self, form: str | None) -> Para:
        if self.current is None:
            self.current = Para(form=form)
        return self.current

    def _flush(self) -> None:
        para = self.current
        if para is not None and (para.text.strip() or para.notes):
            if para.form is None and typed_heading(one_line(para.text), all_bold(para)):
                para.form = "heading"  # a paragraph bold throughout that ends no sentence, as in Word
            self.paras.append(para)
        self.current = None

    def _add(self, text: str, form: str | None, bold: bool, pre: bool = False) -> None:
        if not text:
            return
        if not pre:
            text = _SPACES.sub(" ", text)
            if self.current is None or not self.current.text or self.current.text.endswith(" "):
                text = text.lstrip(" ")
            if not text:
                return
        self._para(form).segments.append(Segment(text, "html", 0, bold))

    def walk(self, el, form: str | None = None, bold: bool = False, pre: bool = False, number: list | None = None):
        tag = _tag(el)
        if not tag or tag in _NOT_TEXT or el in self.note_blocks:  # a comment, a script, a note read at its marker
            self._add(el.tail or "", form, bold, pre)
            return
        if tag == "br":
            self._flush()
            self._add(el.tail or "", form, bold, pre)
            return
        if tag == "a" and self._reference(el, form):
            self._add(el.tail or "", form, bold, pre)
            return
        if tag == "sup" and self._typed_marker(el, form):
            self._add(el.tail or "", form, bold, pre)
            return
        block = tag in _BLOCKS
        own_form = ("heading" if tag in _HEADINGS else "quote" if tag == "blockquote"
                    else "list" if tag == "li" else form)
        own_bold = bold or tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(el.get("style") or ""))
        own_pre = pre or tag == "pre"
        if block:
            self._flush()
        if tag in _HEADINGS:
            self._para(own_form).elements.append(el)  # which heading: the source's headline is its h1
        if tag == "li":
            label = self._label(el, number)
            if label:
                para = self._para(own_form)
                para.segments.append(Segment(label + " "))
                para.label = len(para.text)
        self._add(el.text or "", own_form, own_bold, own_pre)
        counter = [self._start(el)] if tag == "ol" else number if tag != "ul" else None
        for child in el:
            self.walk(child, own_form, own_bold, own_pre, counter)
        if block:
            self._flush()
        self._add(el.tail or "", form, bold, pre)

    @staticmethod
    def _start(ol) -> int:
        try:
            return int(ol.get("start") or 1)
        except ValueError:
            return 1

    @staticmethod
    def _label(li, number: list | None) -> str:
        if number is None:
            return ""  # a bullet: Word shows no number either
        try:
            number[0] = int(li.get("value"))
        except (TypeError, ValueError):
            pass
        label = f"{number[0]}."
        number[0] += 1
        return label

    def _reference(self, a, form: str | None) -> bool:
        href = a.get("href") or ""
        target = self.targets.get(href[1:]) if href.startswith("#") else None
        if target is None or _note_block(target) not in self.note_blocks or not _is_note_reference(a):
            return False
        shown = _SPACES.sub("", a.text_content() or "").strip("[]［］【】()（）^ ")
        key = id(_note_block(target))
        para = self._para(form)
        if key in self.note_numbers:
            para.segments.append(Segment(self.note_numbers[key]))
            return True
        number = shown if re.fullmatch(r"\d{1,3}|[\u2460-\u2473]", shown) else str(len(self.note_numbers) + 1)
        marker = number if re.fullmatch(r"[\u2460-\u2473]", number) else f"［{number}］"
        self.note_numbers[key] = marker
        para.segments.append(Segment(marker))
        para.notes.append((marker, "endnote", _note_text(_note_block(target), self.reference_ids), number))
        return True

    def _typed_marker(self, sup, form: str | None) -> bool:
        """A superscript number typed by hand: a marker `［n］`, as in a Word manuscript."""
        if len(sup):
            return False
        text = sup.text or ""
        m = _TYPED_MARK.match(text)
        if m:
            self._para(form).segments.append(Segment(f"［{m.group(1)}］"))
            return True
        m = _CIRCLED.match(text)
        if m:
            self._para(form).segments.append(Segment(m.group(1)))
            return True
        return False


def _paragraphs(root) -> list[Para]:
    walker = _Walker(_content_root(root), root)
    walker.walk(_content_root(root))
    walker._flush()
    return walker.paras


# -- metadata --------------------------------------------------------------------------------------
_DATE_META = ("date", "publishdate", "pubdate", "publish_date", "article:published_time", "og:published_time",
              "dc.date", "dc.date.issued", "dcterms.date", "citation_date", "citation_publication_date")
_PAGE = re.compile(r"第\s*(\d{1,3})\s*版")
_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SITE_SUFFIX = re.compile(r"\s*(?:--|——|—|-|_|\|)\s*([^-—_|]{2,20})\s*$")
_PUBLICATIONS = {"paper.people.com.cn": "人民日报", "people.com.cn": "人民网", "xinhuanet.com": "新华网",
                 "news.cn": "新华网", "gov.cn": "中国政府网", "qstheory.cn": "求是网"}


def _meta(root) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv") or "").lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in out:
            out[key] = value
    return out


def _page_date(meta: dict[str, str], text: str) -> str | None:
    for key in _DATE_META:
        m = _ISO_DATE.search(meta.get(key, ""))
        if m:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^\n]{0,12}第\s*\d{1,3}\s*版", text)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _page_of(root, text: str, url: str | None):
    """The page (版) the report was printed on: the page's own 版 label (People's Daily: `<p class="left
    ban">第01版：要闻</p>`; the list of all pages beside it is not this one), the report's text, or the
    old address form `…_20250427_1-01.htm`."""
    for el in root.xpath("//*[contains(@class, 'ban')]"):
        m = _PAGE.search(el.text_content() or "")
        if m and len(el) == 0:
            return m
    return _PAGE.search(text) or re.search(r"_\d+-(\d{2})\.htm", url or "")


def _head_title(root) -> str:
    title = root.find(".//title")
    return _SPACES.sub(" ", title.text_content()).strip() if title is not None else ""


def _canonical_url(root, meta: dict[str, str]) -> str | None:
    for el in root.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return el.get("href").strip()
    return meta.get("og:url") or meta.get("url") or None


def _publication(meta: dict[str, str], head_title: str, url: str | None) -> str | None:
    for key in ("source", "og:site_name", "citation_journal_title", "dc.publisher", "publisher"):
        if meta.get(key):
            return meta[key]
    m = _SITE_SUFFIX.search(head_title)
    if m and not re.search(r"\d", m.group(1)):
        return m.group(1).strip()
    host = re.match(r"[a-z]+://([^/]+)", url or "")
    if host:
        for domain, name in _PUBLICATIONS.items():
            if host.group(1) == domain or host.group(1).endswith("." + domain):
                return name
    return None


# -- articles --------------------------------------------------------------------------------------
def read_html(path: str, data: bytes) -> TextFile:
    """A web page as an article: its paragraphs as a manuscript's, located by paragraph."""
    root, encoding = _parse(path, data)
    lines = text_lines(_paragraphs(root))
    if not any(line.strip() for line in lines.lines):
        raise InputError("the web page has no text", path)
    meta = _meta(root)
    front = {"title": meta.get("og:title") or _head_title(root), "date": _page_date(meta, "")}
    head = ["---", *(f"{k}: {v}" for k, v in front.items() if v), "---", ""] if any(front.values()) else []
    forms = lines.forms
    if head:
        forms = _shifted(forms, len(head))
    return TextFile(path=path, text="\n".join(head + lines.lines), encoding=encoding, data=data, kind="html",
                    locations=tuple([None] * len(head) + lines.locations),
                    note_lines=frozenset(n + len(head) for n in lines.note_lines), forms=forms)


def _shifted(forms, by: int):
    from dataclasses import replace
    return replace(forms, quote_lines=frozenset(n + by for n in forms.quote_lines),
                   heading_lines=frozenset(n + by for n in forms.heading_lines),
                   list_items=tuple((n + by, c) for n, c in forms.list_items),
                   bold=tuple((n + by, s, e) for n, s, e in forms.bold),
                   wrapped=frozenset(n + by for n in forms.wrapped))


# -- sources ---------------------------------------------------------------------------------------
def html_source_text(path: str, data: bytes) -> tuple[str, str]:
    """A saved web page as the report text the library reads, and the page's encoding."""
    root, encoding = _parse(path, data)
    meta = _meta(root)
    paras = _paragraphs(root)
    head_title = _head_title(root)
    url = _canonical_url(root, meta)
    kicker, headline, subtitle, body = _title_parts(paras)
    whole = "\n".join(p.text for p in paras)
    title = meta.get("og:title") or meta.get("title") or (_SITE_SUFFIX.sub("", head_title) if head_title else "")
    title = title or headline or ""
    date = _page_date(meta, whole + "\n" + head_title)
    page = _page_of(root, whole, url)
    publication = _publication(meta, head_title, url)
    lines = ["---"]
    for key, value in (("title", title), ("date", date), ("section", f"第{int(page.group(1)):02d}版" if page else None),
                       ("source", publication), ("source_url", url), ("author", meta.get("author"))):
        if value:
            lines.append(f"{key}: {_flat(value)}")
    lines += ["---", ""]
    if headline:
        if kicker:
            lines += [f"### {_flat(kicker)}", ""]
        lines += [f"# {_flat(headline)}", ""]
        if subtitle:
            lines += [f"## ——{_flat(subtitle)}", ""]
        if publication and date:
            y, m, d = date.split("-")
            lines += [f"> 《{publication}》（{y}年{m}月{d}日" + (f"第 {page.group(1)} 版" if page else "") + "）", ""]
    for para in body:
        text = _flat(para.text)
        if text and not _is_page_line(text):
            lines += [text, ""]
        for marker, _, note, _ in para.notes:
            lines += [f"{marker} {_flat(note)}", ""]
    if len(lines) <= 3 and not any(p.text.strip() for p in body):
        raise InputError("the web page has no text", path)
    return "\n".join(lines), encoding


def _title_parts(paras: list[Para]) -> tuple[str | None, str | None, str | None, list[Para]]:
    """Kicker (引题), headline and subtitle (副题) of a report page, and the paragraphs after them.

    The headline is the page's first <h1> (else its first heading); a heading right above it is
    the kicker, a heading right below it the subtitle, as paper.people.com.cn sets h3, h1, h2."""
    tagged = [i for i, p in enumerate(paras) if p.form == "heading" and p.elements]
    main = next((i for i in tagged if _tag(paras[i].elements[0]) == "h1"), tagged[0] if tagged else None)
    if main is None:
        return None, None, None, paras
    above = main - 1 if main > 0 and paras[main - 1].form == "heading" else None
    below = main + 1 if main + 1 < len(paras) and paras[main + 1].form == "heading" else None
    text = {i: _flat(paras[i].text) for i in (above, main, below) if i is not None}
    taken = set(text)
    return (text.get(above), text[main], text[below].lstrip("—- ") if below is not None else None,
            [p for i, p in enumerate(paras) if i not in taken])


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_page_line(text: str) -> bool:
    """`《人民日报》（2025年04月27日第 01 版）` or `人民日报 2025年04月27日 第01版`: the page line, not report text."""
    return bool(_PAGE.search(text)) and len(text) < 40 and bool(_ISO_DATE.search(text) or "日" in text)


def read_html_source(path: str, data: bytes) -> TextFile:
    text, encoding = html_source_text(path, data)
    return TextFile(path=path, text=text, encoding=encoding, data=data, kind="html")


__all__ = ["HTML_SUFFIXES", "html_source_text", "looks_like_html", "read_html", "read_html_source",
           "refuse_other_markup"]
