"""`--format docx`: a reviewed copy of a Word manuscript, with quotecheck's comments and suggestions.

- One Word comment per finding at error or warning (author `quotecheck`, a marker line naming
  the finding: read/docx_review.py), on the place the editor must act (docx_places.py): the
  words that differ, the date in the footnote, endnote or running text; it says what is wrong,
  what to do, the quotation and the source's words (the nearest passage when they are not there).
- A tracked change by `quotecheck` where the source decides the fix (a changed or dropped word,
  a wrong date): accepting it makes the text say what the source says. `--no-suggestions`: none.
- A summary comment on the title: quotations checked, errors, warnings, findings reviewed, and
  the sources to fetch for the quotations that could not be checked.
- Checking a reviewed copy again: quotecheck's pending suggestions are read as rejected (the
  reader does), its earlier comments are taken out, except those of findings the editor decided
  on (resolved, or answered 忽略/已核), which stay as the record; the editor's comments, replies
  and text are never touched. The manuscript itself is never written to.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os

from ..errors import QuoteCheckError
from ..read.docx import open_document, part_element, q, store_part, walk
from ..read.docx_review import (PARA_ID, RT_COMMENTS, RT_COMMENTS_EXTENDED, SUMMARY_MARKER, finding_marker,
                                own_comments)
from ..read.paragraphs import text_lines
from ..read.text import read_bytes
from . import docx_edit as edit
from .docx_places import DATE_RULES, Edit, Place, date_place, line_span, paragraph_range, quote_place, strip_range
from .model import DECISION_ZH, Report
from .review import quote_views
from .safe import visible

AUTHOR = "quotecheck"
SERIOUS = ("error", "warning")


def render(report: Report, suggestions: bool | frozenset = True) -> bytes:
    """`suggestions`: True, a tracked change wherever the source decides the fix; False, none; a set
    of fingerprints, only for those findings (the web desk: the fixes the editor accepted)."""
    article = report.article
    if article.kind != "docx":
        raise QuoteCheckError("--format docx writes a reviewed copy of a Word manuscript: give a .docx article "
                              "(for other articles use --format html or markdown)", article.path)
    data = read_bytes(article.path)
    if hashlib.sha256(data).hexdigest() != article.sha256:
        raise QuoteCheckError("the manuscript changed while it was being checked; run the check again", article.path)
    document = open_document(article.path, data, media=True)  # the copy keeps the images
    paras, walker = walk(document)  # quotecheck's pending suggestions are rejected here, as the reader did
    lines = text_lines(paras)
    when = _comment_date()
    stamp = (when or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    roots = [document.element.body] + [root for root, _ in walker.note_parts.values()]
    extended, extended_part = part_element(document, RT_COMMENTS_EXTENDED)
    extended = extended if extended_part is not None else None  # none, or outside the package: not ours to change
    kept = _clear_own_comments(document, report, roots, extended)
    writer = _Writer(document, report, lines, when, edit.Revisions(roots + _comments_roots(document), stamp)
                     if suggestions else None, walker.reference_runs)
    writer.suggest = suggestions if isinstance(suggestions, frozenset) else None
    for finding, place in _places(report):
        if finding.fingerprint not in kept:
            writer.comment(finding, place)
    writer.summary(paras)
    for root, part in walker.note_parts.values():
        store_part(part, root)
    if extended is not None:
        store_part(extended_part, extended)
    out = io.BytesIO()
    document.save(out)
    return _fixed_times(out.getvalue(), when) if when is not None else out.getvalue()


def _comments_roots(document) -> list:
    root, _ = part_element(document, RT_COMMENTS)
    return [root] if root is not None else []


def _clear_own_comments(document, report: Report, roots, extended) -> set[str]:
    """Take out quotecheck's earlier comments; keep (once) those of findings decided on. The
    fingerprints whose comment stays."""
    decided = {f.fingerprint for f, _ in report.reviewed}
    own, _ = own_comments(document)
    kept, stale = set(), []
    for entry in own:
        if entry.fingerprint in decided and entry.fingerprint not in kept:
            kept.add(entry.fingerprint)
        else:
            stale.append(entry.comment)
    edit.remove_comments(stale, roots, extended)
    return kept


def _places(report: Report):
    """(finding, Place) for every finding at error or warning, one each, in text order."""
    article = report.article
    done = set()
    out = []
    by_line = {}
    for rr in report.check.references:
        by_line.setdefault(rr.reference.line, rr)
    for view in quote_views(report):
        for finding in view.findings:
            if finding.severity not in SERIOUS or finding.fingerprint in done:
                continue
            place = None
            if finding.rule in DATE_RULES:
                place = _reference_date_place(article, view.quote.reference, view.result.source)
            elif finding.category == "date" and view.quote.claim_date and view.quote.claim_line:
                start, end = line_span(article, view.quote.claim_line)
                place = date_place(article, start, end, view.quote.claim_date, None)
            if place is None and (finding.line == view.quote.line or finding.category == "drift"
                                  or finding.quote == view.quote.text):
                place = quote_place(article, view.result, finding)
            if place is not None:
                done.add(finding.fingerprint)
                out.append((finding, place))
    for finding in report.findings:  # findings of no quotation: a note, a marker, a line
        if finding.severity not in SERIOUS or finding.fingerprint in done:
            continue
        rr = by_line.get(finding.line)
        place = _reference_date_place(article, rr.reference, rr.source) if rr and finding.rule in DATE_RULES else None
        if place is None:
            start, end = strip_range(article, *line_span(article, finding.line, finding.end_line or finding.line))
            place = Place([Edit(start, end)]) if end > start else None
        if place is not None:
            done.add(finding.fingerprint)
            out.append((finding, place))
    return sorted(out, key=lambda item: item[1].edits[0].start)


def _reference_date_place(article, ref, source):
    if ref is None or ref.date is None:
        return None
    start, end = line_span(article, ref.line, ref.end_line)
    return date_place(article, start, end, ref.date, source.date if source is not None else None)


class _Writer:
    def __init__(self, document, report: Report, lines, when, revisions, reference_runs):
        self.reference_runs = reference_runs
        self.document = document
        self.report = report
        self.lines = lines
        self.when = when
        self.revisions = revisions
        self.suggest = None  # fingerprints to suggest a fix for (None: every one the source decides)
        self.zh = report.lang == "zh"
        self.next_para_id = 0x10000000

    def comment(self, finding, place: Place) -> None:
        article = self.report.article
        in_note = article.lines.line(place.edits[0].start) in self.lines.notes
        first = last = note = None
        suggested = False
        for e in place.edits:
            span = paragraph_range(article, self.lines, e.start, e.end)
            if span is None:
                continue
            (p1, a), (p2, b) = span
            note = note if note is not None else _note_of(p1)
            elements = None
            # A source's words with characters XML forbids cannot be a suggestion: the comment shows them.
            if e.text is not None and self.revisions is not None and p1 is p2 and visible(e.text) == e.text \
                    and (self.suggest is None or finding.fingerprint in self.suggest):
                elements = self.revisions.replace(p1, a, b, e.text)
                suggested = suggested or elements is not None
            if elements is None and not in_note:
                elements = self._anchor(p1, a, p2, b)
            if elements is not None:
                first = first if first is not None else elements[0]
                last = elements[1]
        text = _comment_text(self.report, finding, self.zh, suggested)
        if in_note:
            # Word keeps comments inside notes, but LibreOffice cannot open a file that has one
            # ("source file could not be loaded", 7.4): the comment goes on the note's mark in the
            # text, naming the words in the note; the suggestion stays in the note itself.
            first = last = self.reference_runs.get(note)
            words = article.raw[place.edits[0].start:place.edits[-1].end]
            text = text.replace("\n", "\n" + (f"在注释中：「{words}」\n" if self.zh else f"In the note: “{words}”\n"), 1)
        if first is not None:
            self._add(first, last, text)

    def _anchor(self, p1, a, p2, b):
        if p1 is p2 and a == b:  # an insertion point with no suggestion: the characters on both sides
            a, b = max(0, a - 1), min(len(p1.text), b + 1)
        if p1 is p2:
            found = edit.runs(p1, a, b) or _loose_runs(p1, a, b)
            return (found[0], found[-1]) if found else None
        head = _loose_runs(p1, a, len(p1.text))
        tail = _loose_runs(p2, 0, b)
        return (head[0], tail[-1]) if head and tail else None

    def _add(self, first, last, text: str) -> None:
        # visible(): control characters (ESC, the vertical tab of a manual line break) are shown as
        # in every other format; XML 1.0 forbids them, so they would end the copy.
        comment = self.document.comments.add_comment(text=visible(text), author=AUTHOR, initials="QC")
        if self.when is not None:
            comment._comment_elm.date = self.when
        for p in comment._comment_elm.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
            self.next_para_id += 1  # Word names a comment by its last paragraph's paraId (resolved, replies)
            p.set(PARA_ID, f"{self.next_para_id:08X}")
        edit.mark_comment(first, last, comment.comment_id)

    def summary(self, paras) -> None:
        """quotecheck's summary as a comment on the first paragraph (the title)."""
        title = next((p for p in paras if p.text.strip() and any(s.t is not None for s in p.segments)), None)
        if title is None:
            return
        found = _loose_runs(title, 0, len(title.text))
        if found:
            self._add(found[0], found[-1], summary_text(self.report))


def _note_of(para):
    """The w:footnote or w:endnote element a paragraph read from a note is in (None in the body)."""
    t = next((seg.t for seg in para.segments if seg.t is not None), None)
    if t is None:
        return None
    return next((a for a in t.iterancestors() if a.tag in (q("footnote"), q("endnote"))), None)


def _loose_runs(para, start: int, end: int) -> list:
    """The runs of [start, end), cut at both ends, over note markers and numbers the reader made."""
    edit.boundary(para, start)
    edit.boundary(para, end)
    found, offset = [], 0
    for seg in para.segments:
        length = len(seg.text)
        if seg.t is not None and length and start <= offset and offset + length <= end:
            r = seg.t.getparent()
            if not found or found[-1] is not r:
                found.append(r)
        offset += length
    return found


def _comment_text(report: Report, finding, zh: bool, suggested: bool) -> str:
    severity = {"error": "错误", "warning": "警告"} if zh else {"error": "error", "warning": "warning"}
    out = [f"{finding.rule} {severity[finding.severity]}：{finding.message}" if zh else
           f"{finding.rule} {severity[finding.severity]}: {finding.message}"]
    if finding.fix:
        out.append(("怎么改：" if zh else "What to do: ") + finding.fix)
    view = next((v for v in quote_views(report) if finding in v.findings), None)
    if view is not None:
        out.append(("引文：" if zh else "Quotation: ") + _short(view.quote.text))
        comparison = view.comparison
        if comparison is not None:
            label = {"nearest": ("原文最接近的一段：", "Nearest passage of the source: "),
                     "witness": ("资料库中的原文：", "Found in the library: ")}.get(comparison.kind, ("原文：", "Source: "))
            out.append(label[0 if zh else 1] + comparison.text)
            # The source once: a fix that already names it (按原文（《…》，2025年4月27日）改正) is enough.
            title = comparison.source.display_title
            if not any(title in line for line in out):
                date = report.date_text(comparison.source.date)
                out.append("（" + "，".join(x for x in (f"《{title}》", date) if x) + "）" if zh else
                           "(" + ", ".join(x for x in (f"“{title}”", date) if x) + ")")
    if suggested:
        out.append("已按原文标出修订，可在 Word 中接受或拒绝。" if zh else
                   "The source's wording is marked as a tracked change: accept or reject it in Word.")
    out.append(("如核对后保留原文，请回复「忽略：理由」或「已核：理由」，或将批注标为已解决。" if zh else
                "To keep the text after checking, reply 忽略: reason (dismiss) or 已核: reason (checked), "
                "or resolve the comment."))
    out.append(finding_marker(finding.rule, finding.fingerprint))
    return "\n".join(out)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def summary_text(report: Report) -> str:
    """What the reviewed copy says first: counts, what was reviewed, which sources to fetch."""
    zh = report.lang == "zh"
    sev = report.severity_counts()
    status = report.status_counts()
    total = sum(status.values())
    checked = sum(n for s, n in status.items() if s not in ("unverifiable", "uncited"))
    good = status["verified"] + status["variant"]
    missing = report.missing_sources()
    if zh:
        out = ["quotecheck 核对摘要",
               f"引文 {total} 处：可核对 {checked} 处，其中 {good} 处与原文一致；错误 {sev['error']}，警告 {sev['warning']}。"]
    else:
        out = ["quotecheck summary",
               f"{total} quotations: {checked} could be checked, {good} of them match the source; "
               f"{sev['error']} errors, {sev['warning']} warnings."]
    if report.reviewed:
        out.append(f"已审阅 {len(report.reviewed)} 处（编辑已作决定，不再批注）：" if zh else
                   f"{len(report.reviewed)} reviewed (decided by the editors, not commented again):")
        for finding, decision in report.reviewed:
            word = DECISION_ZH.get(decision.decision, decision.decision) if zh else decision.decision
            who = f"（{decision.who}）" if zh and decision.who else (f" ({decision.who})" if decision.who else "")
            quote = f"「{_short(finding.quote or '', 30)}」" if finding.quote else ""
            out.append(f"· {finding.rule}{quote}：{word}{('：' + decision.reason) if decision.reason else ''}{who}"
                       if zh else f"· {finding.rule} {quote}: {word}{(': ' + decision.reason) if decision.reason else ''}{who}")
    if missing:
        unverifiable = status["unverifiable"]
        out.append(f"无法核对 {unverifiable} 处：所注来源不在资料库中，请补充以下 {len(missing)} 个来源：" if zh else
                   f"{unverifiable} could not be checked: their sources are not in the library; fetch these "
                   f"{len(missing)}:")
        for entry in missing:
            ref = entry.reference
            name = f"《{ref.title}》" if ref.title else _short(ref.text, 40)
            date = f" {report.date_text(ref.date)}" if ref.date else ""
            out.append(f"· {name}{date}（{entry.quotes} 处）" if zh else f"· {name}{date} ({entry.quotes})")
    elif not checked:
        out.append("没有可核对的引文。" if zh else "No quotation could be checked.")
    out.append(SUMMARY_MARKER)
    return "\n".join(out)


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
