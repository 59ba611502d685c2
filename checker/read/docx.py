"""Word .docx manuscripts: body, Word footnotes and endnotes, hand-typed notes, tracked changes.

python-docx opens the package (and is imported only when a .docx is read); the text is taken
from the XML, because python-docx exposes neither notes nor tracked changes nor numbering:

- body paragraphs in order, headings, list items (with the number Word shows), table cells;
- `w:footnoteReference`/`w:endnoteReference` become markers `［n］` (or the custom mark such as
  ①), and each note's text follows its paragraph as a definition line `［n］ …`, so a marker
  binds to its own note exactly as a footnote of a PDF page does;
- hand-typed notes: a superscript number becomes `［n］`; `［1］`/`①` stay as typed, and typed or
  auto-numbered `[n] …` paragraphs under 注释/参考文献 are the reference list the layout reads;
- tracked changes are read as accepted (`w:ins` in, `w:del` out, a deleted paragraph mark
  joins two paragraphs), with a warning; comments are ignored. quotecheck's own suggestions
  (author `quotecheck`, report/docx_comments.py) that the editor has left pending are read as
  rejected: the text is the editor's, and a new check suggests again what still holds.

Each paragraph is one line of the text, blank lines between, except inside a run of list items
or of block-quote paragraphs, which stay together as in Markdown (one list, one block). What
Word sets apart by formatting — block quotes, list items, headings, bold runs (docx_forms.py) —
goes beside the text as `Forms`, never into it. `walk` is shared with the writer of reviewed
copies (report/docx_comments.py), so both agree on every character.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..errors import InputError
from .caps import too_large, unpacked_cap
from .docx_forms import WordForms, in_table
from .forms import typed_heading
from .paragraphs import Para, Segment, TextLines, all_bold, one_line, text_lines
from .text import TextFile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
OWN_AUTHOR = "quotecheck"  # the author of quotecheck's comments and suggestions in a reviewed copy

_TYPED_MARK = re.compile(r"^\s*(?:[［\[【]\s*\d{1,3}\s*[］\]】]|[\u2460-\u2473])+\s*$")
_DIGITS = re.compile(r"^\s*\d{1,3}(?:\s*[,，、-]\s*\d{1,3})*\s*$")
_SKIP = {_W + "del", _W + "moveFrom", _W + "commentRangeStart", _W + "commentRangeEnd", _W + "proofErr",
         _W + "bookmarkStart", _W + "bookmarkEnd", _W + "pPr", _W + "rPr", "{%s}AlternateContent" % MC}


def q(tag: str) -> str:
    return _W + tag


@dataclass
class Tracked:
    insertions: int = 0
    deletions: int = 0


def open_document(path: str, data: bytes, media: bool = False):
    """The python-docx Document, or InputError naming what to do.

    Every part is capped in what it unpacks to (caps.py); parts that are not XML (images,
    embedded files) are left packed and empty unless `media` (a reviewed copy keeps them)."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a core dependency
        raise InputError("reading .docx needs python-docx (pip install python-docx)", path) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                if "mimetype" in package.namelist() and \
                        package.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                    raise InputError("an OpenDocument text (.odt): open it in LibreOffice, WPS or Word and save it "
                                     "as .docx", path)
                raise InputError("a ZIP file but not a Word document (no word/document.xml): "
                                 "save the manuscript as .docx", path)
            unpacked = _capped_package(package, path, media)
        return docx.Document(io.BytesIO(unpacked))
    except InputError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError, OSError) as exc:
        raise InputError(f"cannot open as a Word document, the file is damaged ({type(exc).__name__}): "
                         "open it in Word or LibreOffice, repair it and save it again as .docx", path) from None
    except Exception as exc:  # lxml XMLSyntaxError and kin: a broken part inside a valid ZIP
        raise InputError(f"cannot open as a Word document, a part of it is damaged ({type(exc).__name__}): "
                         "open it in Word or LibreOffice, repair it and save it again as .docx", path) from None


def _capped_package(package: zipfile.ZipFile, path: str, media: bool) -> bytes:
    """The package again, with every part it keeps checked against the cap before it is unpacked
    (the size a ZIP entry declares bounds what zipfile unpacks: more fails its checksum)."""
    cap = unpacked_cap()
    kept = [info for info in package.infolist() if media or info.filename.endswith((".xml", ".rels"))]
    for info in kept:
        if info.file_size > cap:
            raise InputError(too_large(f"part {info.filename} of the Word document", info.file_size, cap), path)
    total = sum(info.file_size for info in kept)
    if total > 4 * cap:
        raise InputError(too_large("the Word document's parts", total, 4 * cap), path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in package.infolist():
            copy.writestr(info.filename, package.read(info) if info in kept else b"")
    return out.getvalue()


class _External:
    """A part the package points to outside itself (TargetMode="External"): never fetched."""


def _part_element(document, reltype: str):
    """The root element of the document's part of this type, None when there is none, or
    _External when the relationship points outside the package."""
    return part_element(document, reltype)[0]


def part_element(document, reltype: str):
    """(root element, part) of the document's part of this type: (None, None) when there is none,
    (_External, None) when the relationship points outside the package. A part python-docx does
    not model (footnotes, endnotes) is parsed from its bytes: `store_part` writes it back."""
    external = False
    for rel in document.part.rels.values():
        if rel.reltype == reltype:
            if rel.is_external:
                external = True
                continue
            part = rel.target_part
            element = getattr(part, "element", None)
            return (element if element is not None else etree.fromstring(part.blob)), part
    return (_External if external else None), None


def store_part(part, root) -> None:
    """Put a changed parsed part (footnotes, endnotes) back into the package before it is saved."""
    if getattr(part, "element", None) is None:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def reject_own_suggestions(root) -> None:
    """Reject quotecheck's pending tracked changes below `root`: its insertions go, its deletions
    come back as plain runs (the same elements, so offsets into them stay valid)."""
    for ins in [e for e in root.iter(q("ins")) if e.get(q("author")) == OWN_AUTHOR]:
        if ins.getparent() is not None and ins.getparent().tag != q("rPr"):
            ins.getparent().remove(ins)
    for dele in [e for e in root.iter(q("del")) if e.get(q("author")) == OWN_AUTHOR]:
        parent = dele.getparent()
        if parent is None or parent.tag == q("rPr"):
            continue
        for text in dele.iter(q("delText")):
            text.tag = q("t")
        index = parent.index(dele)
        for offset, child in enumerate(list(dele)):
            parent.insert(index + offset, child)
        parent.remove(dele)


class Walker:
    """Walks a document's XML into paragraphs of segments (see module docstring)."""

    def __init__(self, document):
        self.document = document
        self.styles = document.styles.element
        self.tracked = Tracked()
        self.forms = WordForms(document)
        self._p = None  # the body paragraph being read (its style decides a run's bold)
        self._super_styles: dict[str, bool] = {}
        numbering = _part_element(document, RT_NUMBERING)
        self.numbering = _Numbering(None if numbering is _External else numbering, self.styles)
        settings = document.settings.element
        self.note_format = {kind: _note_format(settings, kind) for kind in ("footnote", "endnote")}
        self.note_count = {"footnote": 0, "endnote": 0}
        reject_own_suggestions(document.element.body)
        self.note_parts = {}  # kind -> (root, part): the notes' XML, which a writer changes and stores back
        self.reference_runs = {}  # a w:footnote/w:endnote element -> the body run of its reference mark
        roots = {}
        for kind, rt in (("footnote", RT_FOOTNOTES), ("endnote", RT_ENDNOTES)):
            root, part = part_element(document, rt)
            if root is not None and root is not _External:
                reject_own_suggestions(root)
                self.note_parts[kind] = (root, part)
            roots[kind] = root
        # Why a kind's notes cannot be read at all (None when they can): a reference to one then
        # refuses the document, since every quotation it cites would silently become unverifiable.
        self.notes_unreadable = {kind: "kept outside the package (an external link)" if root is _External
                                 else "missing from the package" if root is None else None
                                 for kind, root in roots.items()}
        self.notes = {kind: self._read_notes(None if root is _External else root, kind)
                      for kind, root in roots.items()}

    # -- notes ---------------------------------------------------------------------------
    def _read_notes(self, root, kind: str) -> dict[str, tuple[object, str, list]]:
        """id -> (note element, its text, pieces): its paragraphs' stripped texts joined by a space;
        a piece is (Para, offset of its text in the joined text, characters stripped before it)."""
        notes: dict[str, tuple[object, str, list]] = {}
        if root is None:
            return notes
        for note in root.findall(q(kind)):
            if note.get(q("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            joined, pieces = "", []
            for p in note.iter(q("p")):
                para = Para()
                self._inline(p, para, in_note=True)
                text = para.text.strip()
                if text:
                    joined += " " if joined else ""
                    pieces.append((para, len(joined), len(para.text) - len(para.text.lstrip())))
                    joined += text
            notes[note.get(q("id"))] = (note, joined, pieces)
        return notes

    def _reference(self, ref, para: Para, kind: str, custom: str | None) -> None:
        self.note_count[kind] += 1
        fmt, start = self.note_format[kind]
        shown = custom or _format_number(self.note_count[kind] + start - 1, fmt)
        marker = shown if re.fullmatch(r"[\u2460-\u2473]", shown) else f"［{self.note_count[kind] + start - 1}］"
        if self.notes_unreadable[kind]:
            raise InputError(f"the Word document refers to {kind}s but its {kind}s part is "
                             f"{self.notes_unreadable[kind]}: open it in Word or LibreOffice, check the notes "
                             "and save it again as .docx")
        para.segments.append(Segment(marker))
        note = self.notes[kind].get(ref.get(q("id")))
        if note is None:  # a marker without its note: left undefined, as in text (QC404)
            return
        text = note[1]
        if custom and text.startswith(custom):
            text = text[len(custom):].lstrip()
        para.notes.append((marker, kind, text, shown))
        para.note_pieces.append((note[2], len(note[1]) - len(text)))
        self.reference_runs[note[0]] = ref.getparent()

    # -- paragraphs ----------------------------------------------------------------------
    def paragraphs(self) -> list[Para]:
        body = self.document.element.body
        out: list[Para] = []
        pending: Para | None = None  # a paragraph whose mark was deleted joins the next one
        for p in self._block_paragraphs(body):
            para = pending or Para()
            para.elements.append(p)
            if pending is None:
                para.form = self.forms.paragraph(p)
            label = self.numbering.label(p)
            if label:
                para.segments.append(Segment(label + " "))
                if pending is None:
                    para.label = len(para.text)
            self._p = p
            self._inline(p, para)
            self._p = None
            rpr = p.find(q("pPr") + "/" + q("rPr"))
            if rpr is not None and (rpr.find(q("del")) is not None or rpr.find(q("moveFrom")) is not None):
                self.tracked.deletions += 1
                pending = para
                continue
            if rpr is not None and rpr.find(q("ins")) is not None:
                self.tracked.insertions += 1
            pending = None
            out.append(para)
        if pending:
            out.append(pending)
        for para in out:
            if para.form is None and not in_table(para.elements[0]) \
                    and typed_heading(one_line(para.text), all_bold(para)):
                para.form = "heading"
        return out

    def _block_paragraphs(self, container):
        for child in container:
            tag = child.tag
            if tag == q("p"):
                yield child
            elif tag == q("tbl"):
                # A table's own rows and cells only: a nested table is reached through its cell,
                # so each cell is read once at any depth (iter() over the rows read a table nested
                # n deep 2^(n-1) times).
                yield from self._block_paragraphs(child)
            elif tag in (q("tr"), q("tc")):
                yield from self._block_paragraphs(child)
            elif tag in (q("sdt"),):
                content = child.find(q("sdtContent"))
                if content is not None:
                    yield from self._block_paragraphs(content)
            elif tag in (q("ins"), q("customXml"), q("moveTo")):
                yield from self._block_paragraphs(child)

    def _inline(self, element, para: Para, in_note: bool = False) -> None:
        custom_pending: list[str] = []  # the custom mark text that follows a reference
        for child in element:
            tag = child.tag
            if tag in _SKIP:
                if tag in (q("del"), q("moveFrom")):
                    self.tracked.deletions += 1
                continue
            if tag == q("r"):
                before = len(para.segments)
                self._run(child, para, in_note, custom_pending)
                if self._p is not None and len(para.segments) > before and self.forms.bold(child, self._p):
                    for seg in para.segments[before:]:
                        seg.bold = True
            elif tag in (q("ins"), q("moveTo")):
                self.tracked.insertions += 1
                self._inline(child, para, in_note)
            elif tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    self._inline(content, para, in_note)
            elif tag in (q("hyperlink"), q("smartTag"), q("fldSimple"), q("customXml"), q("sdtContent")):
                self._inline(child, para, in_note)

    def _run(self, r, para: Para, in_note: bool, custom_pending: list) -> None:
        superscript = None
        for child in r:
            tag = child.tag
            if tag == q("t"):
                text = child.text or ""
                if custom_pending:  # the custom mark typed after a note reference: already the marker
                    custom_pending.clear()
                    continue
                if superscript is None:
                    superscript = self._is_superscript(r)
                if superscript and not in_note and _DIGITS.match(text) \
                        and not (para.segments and para.segments[-1].text.endswith(("［", "[", "【"))):
                    para.segments.append(Segment(f"［{text.strip()}］"))
                    continue
                para.segments.append(Segment(text, child, 0))
                for entity in child:  # an entity reference the parser keeps unresolved (no DTD is read)
                    para.segments.append(Segment(f"&{entity.name};" if isinstance(entity, etree._Entity) else ""))
                    para.segments.append(Segment(entity.tail or ""))  # the text after it, made by the reader
            elif tag in (q("tab"), q("ptab")):
                para.segments.append(Segment(" "))
            elif tag in (q("br"), q("cr")):
                para.segments.append(Segment(" "))
            elif tag == q("noBreakHyphen"):
                para.segments.append(Segment("-"))
            elif tag in (q("footnoteReference"), q("endnoteReference")) and not in_note:
                kind = "footnote" if tag == q("footnoteReference") else "endnote"
                custom = None
                if child.get(q("customMarkFollows")) in ("1", "true", "on"):
                    custom = _custom_mark(r, child)
                    custom_pending.append(custom or "")
                self._reference(child, para, kind, custom)
            elif tag == q("ruby"):
                base = child.find(q("rubyBase"))
                if base is not None:
                    self._inline(base, para, in_note)

    def _is_superscript(self, r) -> bool:
        rpr = r.find(q("rPr"))
        if rpr is None:
            return False
        va = rpr.find(q("vertAlign"))
        if va is not None:
            return va.get(q("val")) == "superscript"
        pos = rpr.find(q("position"))
        if pos is not None and int(pos.get(q("val"), "0") or 0) > 0:
            return True
        style = rpr.find(q("rStyle"))
        return self._style_superscript(style.get(q("val"))) if style is not None else False

    def _style_superscript(self, style_id: str, depth: int = 0) -> bool:
        if style_id in self._super_styles:
            return self._super_styles[style_id]
        result = False
        for style in self.styles.findall(q("style")):
            if style.get(q("styleId")) == style_id:
                va = style.find(q("rPr") + "/" + q("vertAlign"))
                if va is not None:
                    result = va.get(q("val")) == "superscript"
                else:
                    based = style.find(q("basedOn"))
                    if based is not None and depth < 10:
                        result = self._style_superscript(based.get(q("val")), depth + 1)
                break
        self._super_styles[style_id] = result
        return result


def _custom_mark(r, ref) -> str | None:
    """The mark typed right after a reference with customMarkFollows (same run, else the next one)."""
    seen = False
    for child in r:
        if child is ref:
            seen = True
        elif seen and child.tag == q("t"):
            return (child.text or "").strip() or None
    nxt = r.getnext()
    if nxt is not None and nxt.tag == q("r"):
        t = nxt.find(q("t"))
        if t is not None:
            return (t.text or "").strip() or None
    return None


def _note_format(settings, kind: str) -> tuple[str, int]:
    default = "decimal" if kind == "footnote" else "lowerRoman"
    pr = settings.find(q(f"{kind}Pr")) if settings is not None else None
    fmt, start = default, 1
    if pr is not None:
        nf = pr.find(q("numFmt"))
        if nf is not None:
            fmt = nf.get(q("val")) or default
        ns = pr.find(q("numStart"))
        if ns is not None:
            start = int(ns.get(q("val"), "1") or 1)
    return fmt, start


_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    """A number as Word shows it in numbering format `fmt` (w:numFmt)."""
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "chineseLegalSimplified"):
        return _chinese(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """The label Word shows before a numbered paragraph (`[1]`, `1.`, `①`, `一、`)."""

    def __init__(self, root, styles):
        self.nums: dict[str, tuple[str, dict]] = {}
        self.abstract: dict[str, dict] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        if root is not None:
            for abstract in root.findall(q("abstractNum")):
                levels = {}
                for lvl in abstract.findall(q("lvl")):
                    def val(tag, default):
                        el = lvl.find(q(tag))
                        return el.get(q("val")) if el is not None and el.get(q("val")) is not None else default
                    levels[int(lvl.get(q("ilvl"), "0"))] = (int(val("start", "1")), val("numFmt", "decimal"),
                                                            val("lvlText", "%1."))
                self.abstract[abstract.get(q("abstractNumId"))] = levels
            for num in root.findall(q("num")):
                aid = num.find(q("abstractNumId"))
                overrides = {}
                for override in num.findall(q("lvlOverride")):
                    start = override.find(q("startOverride"))
                    if start is not None:
                        overrides[int(override.get(q("ilvl"), "0"))] = int(start.get(q("val"), "1"))
                if aid is not None:
                    self.nums[num.get(q("numId"))] = (aid.get(q("val")), overrides)
        for style in styles.findall(q("style")) if styles is not None else ():
            num_pr = style.find(q("pPr") + "/" + q("numPr"))
            if num_pr is not None:
                num_id = num_pr.find(q("numId"))
                ilvl = num_pr.find(q("ilvl"))
                if num_id is not None:
                    self.style_num[style.get(q("styleId"))] = (num_id.get(q("val")),
                                                               int(ilvl.get(q("val"), "0")) if ilvl is not None else 0)

    def label(self, p) -> str:
        if not self.nums:
            return ""
        ppr = p.find(q("pPr"))
        if ppr is None:
            return ""
        num_pr = ppr.find(q("numPr"))
        num_id, ilvl = None, 0
        if num_pr is not None:
            el = num_pr.find(q("numId"))
            num_id = el.get(q("val")) if el is not None else None
            el = num_pr.find(q("ilvl"))
            ilvl = int(el.get(q("val"), "0")) if el is not None else 0
        else:
            style = ppr.find(q("pStyle"))
            if style is not None and style.get(q("val")) in self.style_num:
                num_id, ilvl = self.style_num[style.get(q("val"))]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        for key in [k for k in self.counters if k[0] == num_id and k[1] > ilvl]:
            del self.counters[key]  # a higher level restarts the deeper ones
        start = overrides.get(ilvl, levels[ilvl][0])
        self.counters[(num_id, ilvl)] = self.counters.get((num_id, ilvl), start - 1) + 1
        start_fmt, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return ""

        def number(m):
            level = int(m.group(1)) - 1
            if level not in levels:
                return ""
            value = self.counters.get((num_id, level), overrides.get(level, levels[level][0]))
            return _format_number(value, levels[level][1])
        return re.sub(r"%(\d)", number, text).strip()


def line_position(lines: TextLines, line: int, column: int) -> tuple[Para, int] | None:
    """(paragraph, offset in its text) of a 0-based column of a text line, in the body or in a
    Word note; None for a line that is neither."""
    if line in lines.paragraphs:
        para, cut = lines.paragraphs[line]
        return para, column + cut
    if line in lines.notes:
        pieces, origin = lines.notes[line]
        offset = column - origin
        for para, start, cut in reversed(pieces):
            if offset >= start:
                return para, offset - start + cut
    return None


def walk(document) -> tuple[list[Para], Walker]:
    walker = Walker(document)
    return walker.paragraphs(), walker


def read_docx(path: str, data: bytes) -> TextFile:
    document = open_document(path, data)
    try:
        paras, walker = walk(document)
    except InputError as exc:
        raise exc if exc.path else InputError(exc.message, path) from None
    except Exception as exc:  # a package python-docx opens but whose XML we cannot follow
        raise InputError(f"cannot read the Word document ({type(exc).__name__}: {exc}): "
                         "open it in Word or LibreOffice and save it again as .docx", path) from None
    lines = text_lines(paras)
    if not any(lines.lines):
        raise InputError("the Word document has no text", path)
    warnings = ()
    tracked = walker.tracked
    if tracked.insertions or tracked.deletions:
        warnings = (f"{path}: the manuscript has unaccepted tracked changes ({tracked.insertions} insertions, "
                    f"{tracked.deletions} deletions); they were read as if accepted — accept or reject them "
                    "in Word before publishing",)
    return TextFile(path=path, text="\n".join(lines.lines), encoding="docx", data=data, kind="docx",
                    locations=tuple(lines.locations), note_lines=frozenset(lines.note_lines), warnings=warnings,
                    forms=lines.forms)
