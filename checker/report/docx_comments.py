"""`--format docx`: a reviewed copy of a Word manuscript, one comment per quotation to look at.

Each quotation with an error or a warning gets one Word comment (author `quotecheck`) anchored
on exactly the quoted words: the runs are split where the words begin and end, every piece
keeping its formatting, and nothing else of the document changes. The comment says what is
wrong, what to do, and the source's wording. The manuscript is read again from its bytes (the
same walk as the reader, so both agree on every character) and never written to; footnotes,
endnotes and comments already there survive.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import os

from ..errors import QuoteCheckError
from ..read.docx import open_document, q, text_lines, walk
from ..read.text import read_bytes
from .model import Report
from .review import quote_views
from .safe import visible

AUTHOR = "quotecheck"
SERIOUS = ("error", "warning")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def render(report: Report) -> bytes:
    article = report.article
    if article.kind != "docx":
        raise QuoteCheckError("--format docx writes a reviewed copy of a Word manuscript: give a .docx article "
                              "(for other articles use --format html or markdown)", article.path)
    data = read_bytes(article.path)
    import hashlib

    if hashlib.sha256(data).hexdigest() != article.sha256:
        raise QuoteCheckError("the manuscript changed while it was being checked; run the check again", article.path)
    document = open_document(article.path, data, media=True)  # the copy keeps the images
    paras, _ = walk(document)
    lines = text_lines(paras)
    zh = report.lang == "zh"
    when = _comment_date()
    for view in quote_views(report):
        findings = [f for f in view.findings if f.severity in SERIOUS]
        if not findings:
            continue
        anchor = _anchor(article, lines, view.result.quote)
        if anchor is None:
            continue
        first, last = anchor
        # visible(): control characters (ESC, the vertical tab of a manual line break) are shown
        # as in every other format; XML 1.0 forbids them, so they would end the copy.
        comment = document.add_comment([first, last], text=visible(_comment_text(report, view, findings, zh)),
                                       author=AUTHOR, initials="QC")
        if when is not None:
            comment._comment_elm.date = when
    out = io.BytesIO()
    document.save(out)
    return _fixed_times(out.getvalue(), when) if when is not None else out.getvalue()


def _fixed_times(data: bytes, when: dt.datetime) -> bytes:
    """The package with every member dated `when`: the same inputs give the same bytes."""
    import zipfile

    stamp = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _comment_date():
    """A fixed comment date when SOURCE_DATE_EPOCH is set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return None


def _comment_text(report, view, findings, zh: bool) -> str:
    severity = {"error": "错误", "warning": "警告"} if zh else {"error": "error", "warning": "warning"}
    out = []
    for f in findings:
        out.append(f"{f.rule} {severity[f.severity]}：{f.message}" if zh else f"{f.rule} {severity[f.severity]}: {f.message}")
        if f.fix:
            out.append(("怎么改：" if zh else "What to do: ") + f.fix)
    result = view.result
    if result.alignment and result.source:
        source = result.source
        words = source.body.display[result.alignment.start:result.alignment.end]
        out.append(("原文：" if zh else "Source: ") + words)
        # The source once: a fix that already names it (按原文（《…》，2025年4月27日）改正) is enough.
        title = source.display_title
        if not any(title in line for line in out):
            date = report.date_text(source.date)
            out.append("（" + "，".join(x for x in (f"《{title}》", date) if x) + "）" if zh else
                       "(" + ", ".join(x for x in (f"“{title}”", date) if x) + ")")
    return "\n".join(out)


def _anchor(article, lines, quote):
    """The first and last Run of the quoted words, splitting runs there: between the marks of a
    “…” quotation; a block quote, bold run or list item (no marks) is its words from end to end."""
    from docx.text.run import Run

    body = article.body
    marks = 0 if quote.block else 1  # quote.start and quote.end stand on the marks, or on the words
    if quote.end - quote.start < 1 + 2 * marks:
        return None
    raw_start = body.raw_offset(quote.start + marks)
    raw_last = body.raw_offset(quote.end - 1 - marks)
    start_line, start_col = article.lines.line_col(raw_start)
    end_line, end_col = article.lines.line_col(raw_last)
    if start_line not in lines.paragraphs or end_line not in lines.paragraphs:
        return None
    first_para, cut = lines.paragraphs[start_line]
    last_para, last_cut = lines.paragraphs[end_line]
    start = start_col - 1 + cut
    end = end_col + last_cut  # just after the last quoted character
    first = _locate(first_para, start, at_end=False)
    last = _locate(last_para, end, at_end=True)
    if first is None or last is None:
        return None
    (t_first, k_first), (t_last, k_last) = first, last
    if t_first is t_last:  # one w:t holds the words: cut after them, then before them
        run = t_first.getparent()
        if k_last < len(t_first.text or ""):
            _split_run(t_first, k_last)
        if k_first > 0:
            run = _split_run(t_first, k_first)[1]
        return Run(run, None), Run(run, None)
    end_run = t_last.getparent() if k_last >= len(t_last.text or "") else _split_run(t_last, k_last)[0]
    start_run = t_first.getparent() if k_first == 0 else _split_run(t_first, k_first)[1]
    return Run(start_run, None), Run(end_run, None)


def _locate(para, pos: int, at_end: bool):
    """(w:t, offset in its text) of paragraph offset `pos`: the character there, or (at_end) the
    one before it. None when it falls in text the reader made (a note marker): do not guess."""
    offset = 0
    for seg in para.segments:
        length = len(seg.text)
        if (offset < pos <= offset + length) if at_end else (offset <= pos < offset + length):
            return (seg.t, pos - offset) if seg.t is not None else None
        offset += length
    return None


def _split_run(t, k: int):
    """Split the run of `t` after its k-th character: two runs, same formatting."""
    r = t.getparent()
    if r is None or r.tag != q("r"):
        raise QuoteCheckError("unexpected Word XML: text outside a run")
    r2 = copy.deepcopy(r)
    kids, kids2 = list(r), list(r2)
    index = kids.index(t)
    for child in kids[index + 1:]:
        r.remove(child)
    for child in kids2[:index]:
        if child.tag != q("rPr"):
            r2.remove(child)
    t2 = kids2[index]
    text = t.text or ""
    t.text, t2.text = text[:k], text[k:]
    for element in (t, t2):
        element.set(XML_SPACE, "preserve")
    r.addnext(r2)
    return r, r2
