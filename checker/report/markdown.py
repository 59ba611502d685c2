"""`--format markdown`: the editorial review report as Markdown (for a wiki, a merge request)."""
from __future__ import annotations

from .model import SEVERITY_ZH, Report
from .review import quote_views

_MARK = {"same": "{}", "changed": "**~~{}~~**", "missing": "**~~{}~~**", "extra": "**{}**"}
_MARK_QUOTE = {"same": "{}", "changed": "**{}**", "missing": "{}", "extra": "**{}**"}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _pieces(pieces, marks) -> str:
    return "".join(marks[tag].format(_escape(text)) if text.strip() else text for text, tag in pieces)


def _escape(text: str) -> str:
    for ch in "\\`*_[]<>#|~":
        text = text.replace(ch, "\\" + ch)
    return text


def render(report: Report) -> str:
    zh = report.lang == "zh"
    t = (lambda z, e: z if zh else e)
    a = report.article
    out = [f"# {t('引文核对报告', 'Quotation review')}: `{a.path}`", ""]
    statuses = report.status_counts()
    out.append("| " + " | ".join(report.status_label(s) for s in statuses) + " |")
    out.append("|" + "---|" * len(statuses))
    out.append("| " + " | ".join(str(n) for n in statuses.values()) + " |")
    out.append("")
    out.append(" · ".join(f"{SEVERITY_ZH[s] if zh else s} {n}" for s, n in report.severity_counts().items()))
    out.append("")
    missing = report.missing_sources()
    out.append(f"## {t('需要取来核对的来源', 'Sources to obtain')}")
    out.append("")
    for m in missing:
        out.append(f"- {', '.join(report.line_label(n) for n in m.lines) if report.article.locations else 'L' + ', '.join(map(str, m.lines))}: {_escape(m.reference.text)} ({m.quotes})")
    if not missing:
        out.append(t("全部所注来源都在资料库中。", "Every cited source is in the library."))
    out.append("")
    to_fix = [f for f in report.findings if f.severity != "info"]
    out.append(f"## {t('需要修改', 'To fix')} ({len(to_fix)})")
    out.append("")
    if to_fix:
        out.append(f"| {t('行', 'line')} | {t('规则', 'rule')} | {t('问题', 'problem')} | {t('怎么改', 'what to do')} |")
        out.append("|---|---|---|---|")
        for f in to_fix:
            out.append(f"| {report.line_label(f.line, quote=f.quote, prefix='')} | {f.rule} {f.severity} | {_cell(f.message)} | {_cell(f.fix)} |")
    else:
        out.append(t("没有错误或警告。", "No errors or warnings."))
    out.append("")
    out.append(f"## {t('逐条引文', 'Quotations')}")
    for view in quote_views(report):
        r, q = view.result, view.result.quote
        out += ["", f"### {report.line_label(q.line, q.end_line, q.text, sep='–')} · {report.status_label(r.status)}", ""]
        for f in view.findings:
            out.append(f"- **{f.rule}** [{f.severity}] {_escape(f.message)} → {_escape(f.fix)}")
        out.append(f"- {t('引文', 'article')}: {_pieces(view.quote_pieces, _MARK_QUOTE)}")
        if view.source_pieces is not None:
            out.append(f"- {t('原文', 'source')}: {_pieces(view.source_pieces, _MARK)}")
        if q.reference:
            out.append(f"- {t('注释', 'citation')} ({report.line_label(q.reference.line)}): {_escape(q.reference.text)}")
        if r.source:
            s = r.source
            out.append(f"- {t('来源', 'source')}: {_escape(s.display_title)} · {s.date.iso if s.date else ''} · "
                       f"{s.page or ''} · {s.url or s.id}")
    return "\n".join(out) + "\n"
