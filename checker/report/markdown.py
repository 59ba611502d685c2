"""`--format markdown`: the editorial review report as Markdown (a wiki, a merge request, $GITHUB_STEP_SUMMARY).

The same report as the HTML one, in the same order: counts by status with the legend, the
findings to fix, the quotations in article order (the sentence, the article's wording, then the
source's, the note as written), the sources to obtain as collapsed groups. Markdown has no
colour: each status keeps its symbol and a coloured dot. Everything from documents is escaped,
HTML included (`<img onerror=…>` in a note or a file name stays text), and control characters
are shown, not obeyed.
"""
from __future__ import annotations

from .model import SEVERITY_ZH, STATUS_ORDER, STATUS_STYLE, Report
from .review import review
from .safe import one_line, visible

_MARK = {"same": "{}", "changed": "**~~{}~~**", "missing": "**~~{}~~**", "extra": "**{}**"}
_MARK_QUOTE = {"same": "{}", "changed": "**{}**", "missing": "{}", "extra": "**{}**"}


def _escape(text) -> str:
    """Text from a document, inert in Markdown and in the HTML Markdown allows."""
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|~!":
        text = text.replace(ch, "\\" + ch)
    return text


def _cell(text) -> str:
    return _escape(one_line(text))


def _pieces(pieces, marks) -> str:
    return "".join(marks[tag].format(_escape(one_line(text))) if text.strip() else text for text, tag in pieces)


def render(report: Report) -> str:
    zh = report.lang == "zh"

    def t(z: str, e: str) -> str:
        return z if zh else e

    def badge(status: str) -> str:
        return f"{STATUS_STYLE[status].dot} {report.status_badge(status)}"

    a = report.article
    rv = review(report)
    out = [f"# {t('引文核对报告', 'Quotation review')}：{_escape(a.path)}" if zh else
           f"# Quotation review: {_escape(a.path)}", ""]
    statuses = report.status_counts()
    out.append(t("引文（处）：", "quotations: ") + (" · ".join(f"{badge(s)} **{n}**" for s, n in statuses.items() if n)
                                                  or t("没有引文", "none")))
    out.append("")
    out.append(t("问题（条）：", "findings: ")
               + " · ".join(f"{SEVERITY_ZH[s] if zh else s} **{n}**" for s, n in report.severity_counts().items()))
    out.append("")
    out.append(f"<details><summary>{t('图例', 'Legend')}</summary>")
    out.append("")
    out += [f"- {badge(s)}：{report.status_meaning(s)}" if zh else f"- {badge(s)}: {report.status_meaning(s)}"
            for s in STATUS_ORDER]
    out += ["", "</details>", ""]

    to_fix_quotes = sum(1 for v in rv.shown if v.worst in ("error", "warning"))
    out.append("## " + t(f"需要修改（{len(rv.to_fix)} 条问题，涉及 {to_fix_quotes} 处引文）",
                         f"To fix ({len(rv.to_fix)} findings in {to_fix_quotes} quotations)"))
    out.append("")
    if rv.to_fix:
        # The row is the finding's (its severity first); the quotation's own status stands apart.
        out.append(f"| {t('位置', 'where')} | {t('问题级别', 'severity')} | {t('问题', 'problem')} | "
                   f"{t('怎么改', 'what to do')} | {t('引文本身', 'the quotation')} |")
        out.append("|---|---|---|---|---|")
        for f in rv.to_fix:
            home = rv.home.get(id(f))
            status = f"{t('引文', 'quotation')} {badge(home.status)}" if home is not None else ""
            out.append(f"| {_cell(report.line_label(f.line, quote=f.quote, prefix=''))} | "
                       f"**{SEVERITY_ZH[f.severity] if zh else f.severity}** {f.rule} | {_cell(f.message)} | "
                       f"{_cell(f.fix)} | {status} |")
    else:
        out.append(t("没有错误或警告。", "No errors or warnings."))
    out.append("")

    out.append(f"## {t('逐条引文（按文章顺序）', 'Quotations (in article order)')} ({len(rv.shown)})")
    for view in rv.shown:
        r, q = view.result, view.quote
        worst = f"**{SEVERITY_ZH[view.worst] if zh else view.worst}** · " if view.worst in ("error", "warning") else ""
        out += ["", f"### {_escape(report.line_label(q.line, q.end_line, q.text, sep='–'))} · {worst}"
                    f"{t('引文', 'quotation')} {badge(r.status)}", ""]
        for f in view.findings:
            out.append(f"- **{f.rule}** {SEVERITY_ZH[f.severity] if zh else f.severity}：{_cell(f.message)} → {_cell(f.fix)}"
                       if zh else f"- **{f.rule}** {f.severity}: {_cell(f.message)} → {_cell(f.fix)}")
        out.append(f"- {t('上下文', 'in the article')}：{_cell(view.before)}**{_cell(view.marked)}**{_cell(view.after)}"
                   if zh else f"- in the article: {_cell(view.before)}**{_cell(view.marked)}**{_cell(view.after)}")
        c = view.comparison
        if c is not None and r.status != "verified":
            label = {"cited": t("原文", "source"), "witness": t("原文（资料库另一篇来源）", "source (another library source)"),
                     "nearest": t(f"所注来源中最接近的段落（相似度 {c.score:.0f}%）",
                                  f"nearest passage of the cited source ({c.score:.0f}% alike)")}[c.kind]
            out.append(f"- {t('引文', 'article')}：{_pieces(c.quote_pieces, _MARK_QUOTE)}" if zh else
                       f"- article: {_pieces(c.quote_pieces, _MARK_QUOTE)}")
            out.append(f"- {label}：{_pieces(c.source_pieces, _MARK)}" if zh else
                       f"- {label}: {_pieces(c.source_pieces, _MARK)}")
        ref = q.reference
        if ref is not None:
            number = f"［{ref.number}］" if ref.number else t("（文中）", "(inline)")
            where = report.line_label(ref.line, ref.end_line, prefix="L")
            out.append(f"- {t('注释', 'note')} {_escape(number)} {_escape(where)}，{t('原文照录', 'as written')}："
                       if zh else f"- note {_escape(number)} {_escape(where)}, as written:")
            out.append("")
            out += [f"  > {_escape(line)}" for line in view.note_text.split("\n")]
            out.append("")
        s = c.source if c is not None else r.source
        if s is not None:
            bits = [s.display_title] + [x for x in (report.date_text(s.date), s.page or "", s.publication or "",
                                                    s.url or s.id) if x]
            out.append(f"- {t('来源', 'source')}：{_cell(' · '.join(bits))}" if zh else
                       f"- source: {_cell(' · '.join(bits))}")

    out += ["", f"## {STATUS_STYLE['unverifiable'].dot} {t('需要取来核对的来源', 'Sources to obtain')} ({len(rv.groups)})", ""]
    if not rv.groups:
        out.append(t("全部所注来源都在资料库中。", "Every cited source is in the library."))
    for group in rv.groups:
        m = group.missing
        summary = (f"{_escape(one_line(m.reference.text))} · {t('引文', 'quotations')} {m.quotes} · "
                   f"{_escape(report.notes_at(m.lines))}")
        out += [f"<details><summary>{summary}</summary>", ""]
        if group.views:
            out.append(f"| {t('位置', 'where')} | {t('引文及上下文', 'quotation in its sentence')} | {t('注', 'note')} |")
            out.append("|---|---|---|")
            for view in group.views:
                q = view.quote
                number = f"［{q.reference.number}］" if q.reference and q.reference.number else ""
                extra = "".join(f"<br>{f.rule}: {_cell(f.message)}" for f in group.own_findings(view))
                out.append(f"| {_cell(report.line_label(q.line, q.end_line, q.text, prefix=''))} | "
                           f"{_cell(view.before)}**{_cell(view.marked)}**{_cell(view.after)}{extra} | {_cell(number)} |")
        out += ["", "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"
