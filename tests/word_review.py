"""What an editor does to a reviewed copy in Word, done to its XML (for the round-trip tests).

accept or reject quotecheck's tracked changes, resolve one of its comments (Word writes
`w15:done="1"` for the comment's last paragraph in word/commentsExtended.xml), reply to it (a
comment whose commentEx names the parent's paraId), and add a comment of one's own.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % WNS
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
MARKER = re.compile(r"\[quotecheck (?:summary|(QC\d{3}) fp=([0-9a-f]+))\]")


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _write(parts: dict[str, bytes], path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    path.write_bytes(out.getvalue())


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def comments(path: Path) -> list[dict]:
    """Every comment: id, author, text, paraId, and quotecheck's rule and fingerprint when it is ours."""
    parts = _read(path)
    if "word/comments.xml" not in parts:
        return []
    out = []
    for c in etree.fromstring(parts["word/comments.xml"]).findall(W + "comment"):
        paras = c.findall(W + "p")
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in paras)
        m = MARKER.search(text) if c.get(W + "author") == "quotecheck" else None
        out.append({"id": c.get(W + "id"), "author": c.get(W + "author"), "text": text,
                    "para": paras[-1].get("{%s}paraId" % W14) if paras else None,
                    "rule": m.group(1) if m else None, "fingerprint": m.group(2) if m else None,
                    "summary": bool(m and not m.group(1))})
    return out


def anchored(path: Path) -> dict[str, str]:
    """Comment id -> its anchored text as Word shows it with changes marked: [-deleted][+inserted]."""
    parts = _read(path)
    out: dict[str, str] = {}
    for name in TEXT_PARTS:
        if name not in parts:
            continue
        open_ids: list[str] = []
        for element in etree.fromstring(parts[name]).iter():
            if element.tag == W + "commentRangeStart":
                open_ids.append(element.get(W + "id"))
                out[element.get(W + "id")] = ""
            elif element.tag == W + "commentRangeEnd" and element.get(W + "id") in open_ids:
                open_ids.remove(element.get(W + "id"))
            elif element.tag in (W + "t", W + "delText"):
                ancestors = {a.tag for a in element.iterancestors()}
                mark = "-" if W + "del" in ancestors else "+" if W + "ins" in ancestors else ""
                piece = f"[{mark}{element.text or ''}]" if mark else (element.text or "")
                for cid in open_ids:
                    out[cid] += piece
    return out


def where(path: Path) -> dict[str, str]:
    """Comment id -> the part its range is in (word/document.xml, word/footnotes.xml, ...)."""
    parts = _read(path)
    return {e.get(W + "id"): name for name in TEXT_PARTS if name in parts
            for e in etree.fromstring(parts[name]).iter(W + "commentRangeStart")}


def suggestions(path: Path) -> list[tuple[str, str]]:
    """quotecheck's tracked changes: (kind, text) in document order."""
    parts = _read(path)
    out = []
    for name in TEXT_PARTS:
        if name in parts:
            for e in etree.fromstring(parts[name]).iter(W + "ins", W + "del"):
                if e.get(W + "author") == "quotecheck":
                    out.append((e.tag[len(W):], "".join(t.text or "" for t in e.iter(W + "t", W + "delText"))))
    return out


def decide_suggestions(path: Path, out: Path, reject_in: set[str] = frozenset()) -> int:
    """Accept quotecheck's tracked changes, except those inside the ranges of comments `reject_in`,
    which are rejected. The number accepted."""
    parts = _read(path)
    accepted = 0
    for name in TEXT_PARTS:
        if name not in parts:
            continue
        root = etree.fromstring(parts[name])
        open_ids: set[str] = set()
        decisions = []
        for element in root.iter():
            if element.tag == W + "commentRangeStart":
                open_ids.add(element.get(W + "id"))
            elif element.tag == W + "commentRangeEnd":
                open_ids.discard(element.get(W + "id"))
            elif element.tag in (W + "ins", W + "del") and element.get(W + "author") == "quotecheck":
                decisions.append((element, not (open_ids & reject_in)))
        for element, accept in decisions:
            keep = (element.tag == W + "ins") == accept
            accepted += accept and element.tag == W + "ins"
            parent = element.getparent()
            if keep:
                for t in element.iter(W + "delText"):
                    t.tag = W + "t"
                index = parent.index(element)
                for offset, child in enumerate(list(element)):
                    parent.insert(index + offset, child)
            parent.remove(element)
        parts[name] = _xml(root)
    _write(parts, out)
    return accepted


def resolve(path: Path, out: Path, comment_id: str, reply: str | None = None, who: str = "编辑甲") -> None:
    """Resolve comment `comment_id` as Word does, with a reply when given."""
    parts = _read(path)
    root = etree.fromstring(parts["word/comments.xml"])
    parent = next(c for c in root.findall(W + "comment") if c.get(W + "id") == comment_id)
    parent_para = parent.findall(W + "p")[-1].get("{%s}paraId" % W14)
    assert parent_para, "quotecheck's comments carry w14:paraId, as Word's do"
    entries = [(parent_para, None, "1")]
    if reply is not None:
        new_id = str(max(int(c.get(W + "id")) for c in root.findall(W + "comment")) + 1)
        comment = etree.SubElement(root, W + "comment", {W + "id": new_id, W + "author": who, W + "initials": "编",
                                                         W + "date": "2026-12-08T01:00:00Z"})
        p = etree.SubElement(comment, W + "p", {"{%s}paraId" % W14: "7EDC0001"})
        etree.SubElement(etree.SubElement(p, W + "r"), W + "t").text = reply
        entries.append(("7EDC0001", parent_para, "0"))
        for name in TEXT_PARTS:  # the reply's range is the parent's
            if name not in parts:
                continue
            text = etree.fromstring(parts[name])
            for start in text.iter(W + "commentRangeStart"):
                if start.get(W + "id") == comment_id:
                    start.addnext(etree.Element(W + "commentRangeStart", {W + "id": new_id}))
            for end in list(text.iter(W + "commentRangeEnd")):
                if end.get(W + "id") == comment_id:
                    mark = etree.Element(W + "commentRangeEnd", {W + "id": new_id})
                    run = etree.Element(W + "r")
                    etree.SubElement(run, W + "commentReference", {W + "id": new_id})
                    end.addnext(mark)
                    mark.addnext(run)
            parts[name] = _xml(text)
    parts["word/comments.xml"] = _xml(root)
    if "word/commentsExtended.xml" in parts:
        extended = etree.fromstring(parts["word/commentsExtended.xml"])
    else:
        extended = etree.Element("{%s}commentsEx" % W15, nsmap={"w15": W15})
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/word/commentsExtended.xml" ContentType="application/'
                         b'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>')
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdQcTest1" Type="http://schemas.microsoft.com/office/2011/'
                                 b'relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>')
    for para, parent_id, done in entries:
        ex = etree.SubElement(extended, "{%s}commentEx" % W15, {"{%s}paraId" % W15: para, "{%s}done" % W15: done})
        if parent_id:
            ex.set("{%s}paraIdParent" % W15, parent_id)
    parts["word/commentsExtended.xml"] = _xml(extended)
    _write(parts, out)


def add_own_comment(path: Path, out: Path, words: str, text: str, who: str = "编辑乙") -> None:
    """The editor's own comment on the first run holding `words` (python-docx, as Word would)."""
    import docx

    document = docx.Document(str(path))
    run = next(r for p in document.paragraphs for r in p.runs if words in r.text)
    document.add_comment(run, text=text, author=who, initials="乙")
    document.save(str(out))


def body_text(path: Path) -> str:
    """The document's text with every tracked change accepted (what the reader reads)."""
    parts = _read(path)
    root = etree.fromstring(parts["word/document.xml"])
    return "".join(t.text or "" for t in root.iter(W + "t") if W + "del" not in {a.tag for a in t.iterancestors()})
