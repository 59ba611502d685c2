"""`--format html`: the editorial review report, one self-contained file.

No network, no script, no external font. Everything taken from documents is
escaped; links are kept only when they are http(s).
"""
from __future__ import annotations

from html import escape

from .model import SEVERITY_ZH, Report
from .review import quote_views

_CSS = """
:root { --err:#b3261e; --warn:#8a5a00; --info:#1d5d90; --ok:#1e6b35; --line:#d8d8d8; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1.5rem; color: #1b1b1b; line-height: 1.7; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); }
.meta { color: #555; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f4f4f4; font-weight: 600; }
.counts td, .counts th { text-align: center; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: .6rem; font-size: .85rem; color: #fff; }
.b-error { background: var(--err); } .b-warning { background: var(--warn); } .b-info { background: var(--info); }
.b-ok { background: var(--ok); }
section.quote { border: 1px solid var(--line); border-left: 6px solid var(--ok); border-radius: 4px;
                padding: .6rem 1rem; margin: 1rem 0; break-inside: avoid; }
section.q-error { border-left-color: var(--err); } section.q-warning { border-left-color: var(--warn); }
section.q-info { border-left-color: var(--info); }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.side > div { background: #fafafa; padding: .5rem .7rem; border-radius: 4px; }
.label { font-size: .8rem; color: #555; display: block; }
mark.changed { background: #ffd7d3; color: var(--err); font-weight: 700; text-decoration: none; }
mark.missing { background: #ffd7d3; color: var(--err); font-weight: 700; text-decoration: underline wavy; }
mark.extra { background: #d4f2dc; color: var(--ok); font-weight: 700; }
.finding { margin: .3rem 0; } .fix { color: #444; font-size: .92rem; }
.cite { font-size: .9rem; color: #333; }
code { font-family: ui-monospace, monospace; font-size: .85rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; }
  section.quote { page-break-inside: avoid; } }
"""

_STATUS_ZH = {"verified": "一致", "variant": "仅标点不同", "drift": "措辞不一致", "misattributed": "出处张冠李戴",
              "not_found": "原文中找不到", "unverifiable": "来源不在资料库", "uncited": "未注出处"}


def _safe_url(url: str | None) -> str | None:
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _pieces(pieces) -> str:
    out = []
    for text, tag in pieces:
        out.append(escape(text) if tag == "same" else f'<mark class="{tag}">{escape(text)}</mark>')
    return "".join(out)


def _anchor(finding, anchors: dict) -> str:
    return anchors.get(id(finding), f"q{finding.line}")


def render(report: Report) -> str:
    zh = report.lang == "zh"
    a = report.article
    t = (lambda z, e: z if zh else e)
    statuses = report.status_counts()
    sev = report.severity_counts()
    parts = [f"<!DOCTYPE html>\n<html lang=\"{'zh-CN' if zh else 'en'}\"><head><meta charset=\"utf-8\">",
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>{escape(t('引文核对报告', 'Quotation review'))} · {escape(a.path)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(t('引文核对报告', 'Quotation review'))}</h1>",
             f"<p class=\"meta\">{escape(a.path)} · sha256 <code>{a.sha256[:16]}</code> · "
             f"{escape(t('资料库', 'library'))} {report.check.library.size()} {escape(t('篇', 'sources'))}</p>"]
    # Counts by status and by severity.
    parts.append(f"<h2>{escape(t('概况', 'Summary'))}</h2><table class=\"counts\"><tr>")
    parts += [f"<th>{escape(report.status_label(s))}</th>" for s in statuses]
    parts.append("</tr><tr>" + "".join(f"<td>{n}</td>" for n in statuses.values()) + "</tr></table>")
    parts.append("<p>" + " ".join(f'<span class="badge b-{s}">{escape(SEVERITY_ZH[s] if zh else s)} {n}</span>'
                                  for s, n in sev.items()) + "</p>")
    # Findings to fix, each linked to its quotation's section.
    views = quote_views(report)
    anchors = {id(f): f"q{v.result.quote.line}" for v in views for f in v.findings}
    to_fix = [f for f in report.findings if f.severity != "info"]
    parts.append(f"<h2>{escape(t('需要修改', 'To fix'))} ({len(to_fix)})</h2>")
    if to_fix:
        parts.append(f"<table><tr><th>{escape(t('行', 'line'))}</th><th>{escape(t('规则', 'rule'))}</th>"
                     f"<th>{escape(t('问题', 'problem'))}</th><th>{escape(t('怎么改', 'what to do'))}</th></tr>")
        for f in to_fix:
            parts.append(f'<tr><td><a href="#{_anchor(f, anchors)}">{escape(report.line_label(f.line, quote=f.quote, prefix=""))}</a></td>'
                         f'<td><span class="badge b-{f.severity}">{escape(f.rule)}</span></td>'
                         f"<td>{escape(f.message)}</td><td>{escape(f.fix)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append(f"<p>{escape(t('没有错误或警告。', 'No errors or warnings.'))}</p>")
    # Sources to fetch.
    missing = report.missing_sources()
    parts.append(f"<h2>{escape(t('需要取来核对的来源', 'Sources to obtain'))}</h2>")
    if missing:
        parts.append(f"<table><tr><th>{escape(t('注释行', 'note line'))}</th><th>{escape(t('注释', 'citation'))}</th>"
                     f"<th>{escape(t('引文数', 'quotations'))}</th></tr>")
        for m in missing:
            lines = escape("、".join(report.where(n) or str(n) for n in m.lines))
            parts.append(f"<tr><td>{lines}</td><td>{escape(m.reference.text)}</td><td>{m.quotes}</td></tr>")
        parts.append("</table>")
    else:
        parts.append(f"<p>{escape(t('全部所注来源都在资料库中。', 'Every cited source is in the library.'))}</p>")
    # One section per quotation, problems first.
    parts.append(f"<h2>{escape(t('逐条引文', 'Quotations'))}</h2>")
    for view in views:
        r, q = view.result, view.result.quote
        status = _STATUS_ZH.get(r.status, r.status) if zh else r.status
        lines = f"{q.line}" + (f"–{q.end_line}" if q.end_line != q.line else "")
        badge = view.worst if view.worst != "ok" else "ok"
        where = report.where(q.line, q.text)
        place = escape(where) if where else f'{escape(t("第", "line "))}{lines}{escape(t(" 行", ""))}'
        parts.append(f'<section class="quote q-{view.worst}" id="q{q.line}"><p><strong>{place}'
                     f'</strong> <span class="badge b-{badge}">{escape(status)}</span></p>')
        for f in view.findings:
            parts.append(f'<p class="finding"><span class="badge b-{f.severity}">{escape(f.rule)}</span> '
                         f'{escape(f.message)}<br><span class="fix">→ {escape(f.fix)}</span></p>')
        parts.append('<div class="side">')
        parts.append(f'<div><span class="label">{escape(t("引文（文章）", "article"))}</span>{_pieces(view.quote_pieces)}</div>')
        if view.source_pieces is not None:
            parts.append(f'<div><span class="label">{escape(t("原文（来源）", "source"))}</span>{_pieces(view.source_pieces)}</div>')
        else:
            parts.append(f'<div><span class="label">{escape(t("原文（来源）", "source"))}</span>'
                         f'<em>{escape(t("无可比对的原文", "no source text to compare"))}</em></div>')
        parts.append("</div>")
        ref = q.reference
        if ref:
            parts.append(f'<p class="cite">{escape(t("注释（原文照录）", "citation as written"))}：'
                         f'{escape(ref.text)} <span class="meta">{escape(report.line_label(ref.line))}</span></p>')
        s = r.source
        if s:
            link = _safe_url(s.url)
            title = escape(s.display_title)
            shown = f'<a href="{escape(link, quote=True)}" rel="noreferrer noopener">{title}</a>' if link else title
            parts.append(f'<p class="cite">{escape(t("来源", "source"))}：{shown} · '
                         f'{escape(s.date.iso if s.date else "")} · {escape(s.page or "")} · '
                         f'{escape(s.publication or "")} · <code>{escape(s.id)}</code></p>')
        parts.append("</section>")
    if not report.check.quotes:
        parts.append(f"<p>{escape(t('文章中没有找到引文。', 'No quotation found in the article.'))}</p>")
    parts.append('<p class="meta">quotecheck</p></body></html>\n')
    return "".join(parts)
