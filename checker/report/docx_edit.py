"""Edits to a Word document's XML for a reviewed copy: runs cut at a text offset, comment ranges,
quotecheck's tracked changes, and quotecheck's earlier comments taken out.

Offsets are those of a paragraph's text as read (read/docx.py `Para`): cutting a run also cuts
its `Segment`, so later offsets into the same paragraph stay right.
"""
from __future__ import annotations

import copy

from ..errors import QuoteCheckError
from ..read.docx import OWN_AUTHOR, q
from ..read.paragraphs import Segment

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def boundary(para, pos: int) -> bool:
    """Make paragraph offset `pos` a run boundary; False when it falls in text the reader made."""
    offset = 0
    for index, seg in enumerate(para.segments):
        length = len(seg.text)
        if offset < pos < offset + length:
            if seg.t is None:
                return False
            _split(para, index, pos - offset)
            return True
        offset += length
    return True


def _split(para, index: int, k: int) -> None:
    """Split the run of segment `index` after its k-th character: two runs, same formatting."""
    seg = para.segments[index]
    t = seg.t
    r = t.getparent()
    if r is None or r.tag != q("r"):
        raise QuoteCheckError("unexpected Word XML: text outside a run")
    r2 = copy.deepcopy(r)
    kids, kids2 = list(r), list(r2)
    at = kids.index(t)
    for child in kids[at + 1:]:
        r.remove(child)
    for child in kids2[:at]:
        if child.tag != q("rPr"):
            r2.remove(child)
    t2 = kids2[at]
    text = t.text or ""
    t.text, t2.text = text[:k], text[k:]
    for element in (t, t2):
        element.set(XML_SPACE, "preserve")
    r.addnext(r2)
    para.segments[index:index + 1] = [Segment(seg.text[:k], t, 0, seg.bold), Segment(seg.text[k:], t2, 0, seg.bold)]


def runs(para, start: int, end: int) -> list | None:
    """The w:r elements holding paragraph offsets [start, end), cut at both ends; None when the range
    holds text the reader made (a note marker) or is empty."""
    if end <= start or not (boundary(para, start) and boundary(para, end)):
        return None
    found, offset = [], 0
    for seg in para.segments:
        length = len(seg.text)
        if start <= offset and offset + length <= end and length:
            if seg.t is None:
                return None
            r = seg.t.getparent()
            if not found or found[-1] is not r:
                found.append(r)
        offset += length
    return found or None


def run_at(para, pos: int, after: bool):
    """The run that starts at `pos` (or, `after`, the run that ends there), cutting runs as needed."""
    if not boundary(para, pos):
        return None
    offset = 0
    previous = None
    for seg in para.segments:
        if seg.t is not None and seg.text:
            if after and offset + len(seg.text) == pos:
                previous = seg.t.getparent()
            if not after and offset == pos:
                return seg.t.getparent()
        offset += len(seg.text)
    return previous


class Revisions:
    """quotecheck's tracked changes, numbered apart from those already in the document."""

    def __init__(self, roots, when: str):
        ids = [int(e.get(q("id"))) for root in roots for tag in ("ins", "del", "comment")
               for e in root.iter(q(tag)) if (e.get(q("id")) or "").isdigit()]
        self.next_id = max(ids + [0]) + 1000
        self.when = when

    def _mark(self, tag: str):
        from lxml import etree

        element = etree.Element(q(tag))
        element.set(q("id"), str(self.next_id))
        element.set(q("author"), OWN_AUTHOR)
        element.set(q("date"), self.when)
        self.next_id += 1
        return element

    def replace(self, para, start: int, end: int, text: str):
        """Suggest `text` in place of paragraph offsets [start, end) (an insertion when they are
        equal): a w:del of the words, a w:ins of the new ones. (first, last) element, or None."""
        if start == end:
            following = run_at(para, start, after=False)
            if following is not None:
                ins = self._inserted(following, text)
                following.addprevious(ins)
                return ins, ins
            preceding = run_at(para, start, after=True)
            if preceding is None:
                return None
            ins = self._inserted(preceding, text)
            preceding.addnext(ins)
            return ins, ins
        found = runs(para, start, end)
        if not found or any(r.getparent() is not found[0].getparent() for r in found):
            return None
        parent = found[0].getparent()
        if [parent.index(r) for r in found] != list(range(parent.index(found[0]), parent.index(found[0]) + len(found))):
            return None  # something stands between the runs (a bookmark, a comment mark): leave them be
        dele = self._mark("del")
        found[0].addprevious(dele)
        for r in found:
            dele.append(r)
            for t in r.findall(q("t")):
                t.tag = q("delText")
        if not text:
            return dele, dele
        ins = self._inserted(found[0], text)
        dele.addnext(ins)
        return dele, ins

    def _inserted(self, like, text: str):
        """A w:ins holding one run of `text`, formatted as the run `like`."""
        from lxml import etree

        ins = self._mark("ins")
        r = etree.SubElement(ins, q("r"))
        rpr = like.find(q("rPr"))
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        t = etree.SubElement(r, q("t"))
        t.text = text
        t.set(XML_SPACE, "preserve")
        return ins


def mark_comment(first, last, comment_id: int) -> None:
    """Anchor comment `comment_id` from element `first` to element `last` (siblings in one
    paragraph, or in two): commentRangeStart before, commentRangeEnd and the reference after."""
    from lxml import etree

    start = etree.Element(q("commentRangeStart"))
    start.set(q("id"), str(comment_id))
    first.addprevious(start)
    end = etree.Element(q("commentRangeEnd"))
    end.set(q("id"), str(comment_id))
    reference = etree.Element(q("r"))
    rpr = etree.SubElement(reference, q("rPr"))
    etree.SubElement(rpr, q("rStyle")).set(q("val"), "CommentReference")
    etree.SubElement(reference, q("commentReference")).set(q("id"), str(comment_id))
    last.addnext(end)
    end.addnext(reference)


def remove_comments(comments, roots, extended=None) -> None:
    """Take comments (read/docx_review.WordComment) out of the document: their text, their ranges
    and references in `roots` (body and notes), their entries in commentsExtended."""
    ids = {c.id for c in comments}
    paras = {c.para_id for c in comments if c.para_id}
    for comment in comments:
        parent = comment.element.getparent()
        if parent is not None:
            parent.remove(comment.element)
    for root in roots:
        for tag in ("commentRangeStart", "commentRangeEnd"):
            for element in [e for e in root.iter(q(tag)) if e.get(q("id")) in ids]:
                element.getparent().remove(element)
        for reference in [e for e in root.iter(q("commentReference")) if e.get(q("id")) in ids]:
            run = reference.getparent()
            run.remove(reference)
            if run.tag == q("r") and all(child.tag == q("rPr") for child in run):
                run.getparent().remove(run)
    if extended is not None:
        from ..read.docx_review import W15

        for ex in list(extended.iter("{%s}commentEx" % W15)):
            if ex.get("{%s}paraId" % W15) in paras:
                ex.getparent().remove(ex)
            elif ex.get("{%s}paraIdParent" % W15) in paras:  # a reply of the editor's stays, as a comment of its own
                del ex.attrib["{%s}paraIdParent" % W15]
