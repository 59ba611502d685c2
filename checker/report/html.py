"""`--format html`: the editorial review report, one self-contained file.

No network, no script, no external font. Everything taken from documents is escaped (and its
control characters shown, not obeyed); links are kept only when they are http(s).

What an editor sees, top to bottom: the counts by status (each status its colour and symbol,
with a legend), the findings to fix, the sources to obtain (each a collapsed group of the
quotations that cite it, one row each), then every other quotation in article order: the
sentence around it, the article's wording beside the source's, the note as written. A filter
by status and severity works without script (CSS :target).
"""
from __future__ import annotations

from html import escape as _html_escape

from .model import DECISION_ZH, SEVERITY_ZH, STATUS_ORDER, STATUS_STYLE, Report
from .review import QuoteView, review
from .safe import visible


def escape(text) -> str:
    return _html_escape(visible(text))


_CSS = """
:root { --err:#b3261e; --warn:#8a5a00; --info:#1d5d90; --line:#d0d0d0; --bg:#fafafa; --ink:#1b1b1b; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,serif; margin: 1.5rem auto;
       max-width: 76rem; padding: 0 1.5rem; color: var(--ink); line-height: 1.7; font-size: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid var(--line); margin: 1.6rem 0 .6rem; padding-bottom: .2rem; }
.meta { color: #555; font-size: .88rem; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f1f1f1; font-weight: 600; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .55rem; font-size: .82rem; color: #fff;
         white-space: nowrap; line-height: 1.55; font-family: system-ui, sans-serif, "Noto Sans CJK SC"; }
.b-error { background: var(--err); } .b-warning { background: var(--warn); } .b-info { background: var(--info); }
.b-ok { background: #1e6b35; }
.qs { white-space: nowrap; font-size: .85rem; font-weight: 600; } .qlabel { font-size: .8rem; color: #555; }
table.fix tr.r-error > td:first-child { border-left: 4px solid var(--err); }
table.fix tr.r-warning > td:first-child { border-left: 4px solid var(--warn); }
h2 .n { font-weight: normal; font-size: .95rem; }
.counts { display: flex; flex-wrap: wrap; gap: .4rem .9rem; margin: .3rem 0 .6rem; padding: 0; list-style: none; }
.counts li { white-space: nowrap; } .counts b { font-variant-numeric: tabular-nums; }
.legend { font-size: .85rem; color: #333; margin: .3rem 0 0; padding: .5rem .7rem; background: var(--bg);
          border: 1px solid var(--line); border-radius: 4px; columns: 2 22rem; }
.legend div { break-inside: avoid; }
.filters { font-size: .88rem; margin: .4rem 0 .8rem; line-height: 2.1; }
.filters a { text-decoration: none; border: 1px solid var(--line); border-radius: .9rem; padding: .05rem .55rem;
             color: var(--ink); white-space: nowrap; }
.flt { display: block; height: 0; overflow: hidden; scroll-margin-top: 0; }
article.q { border: 1px solid var(--line); border-left: 6px solid var(--s, #999); border-radius: 4px;
            padding: .5rem .9rem .6rem; margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
article.q > header { display: flex; flex-wrap: wrap; gap: .2rem .6rem; align-items: baseline; }
article.q > header a.loc { font-weight: 700; color: var(--ink); text-decoration: none; }
.finding { margin: .3rem 0; } .fix { color: #444; font-size: .92rem; }
.ctx { margin: .35rem 0; color: #333; }
.ctx mark { background: #fff3c4; color: var(--ink); padding: 0 .1rem; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; margin: .4rem 0; }
.side > div { background: var(--bg); padding: .45rem .7rem; border-radius: 4px; border: 1px solid #eee; }
.label { font-size: .78rem; color: #555; display: block; font-family: system-ui, sans-serif, "Noto Sans CJK SC"; }
mark.changed { background: #ffd7d3; color: var(--err); font-weight: 700; }
mark.missing { background: #ffd7d3; color: var(--err); font-weight: 700; text-decoration: underline wavy; }
mark.extra { background: #d4f2dc; color: #1e6b35; font-weight: 700; }
.note, .src { font-size: .9rem; color: #333; margin: .25rem 0; }
.asis { white-space: pre-wrap; font-family: inherit; background: var(--bg); border: 1px dashed var(--line);
        padding: .1rem .35rem; display: inline-block; vertical-align: top; margin: 0; max-width: 100%; }
/* A URL or a Latin run longer than a line wraps where it must, never widening the page (on paper a
   wider page is shrunk to fit: every letter smaller). */
td, th, .asis, .src, .note, .finding, .ctx, .side > div, summary, .meta { overflow-wrap: anywhere; }
details.missing { border: 1px solid var(--line); border-left: 6px solid """ + STATUS_STYLE["unverifiable"].colour + """;
                  border-radius: 4px; margin: .5rem 0; padding: .3rem .8rem; }
details.missing > summary { cursor: pointer; }
details.missing table { font-size: .9rem; }
code { font-family: ui-monospace, monospace; font-size: .82rem; }
@media screen and (max-width: 760px) {
  body { padding: 0 .7rem; font-size: 15px; }
  .side { grid-template-columns: 1fr; gap: .4rem; }
  .legend { columns: 1; }
  table.fix td:nth-child(5), table.fix th:nth-child(5) { display: none; }
}
@page { size: A4; margin: 15mm 13mm 16mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; line-height: 1.55; }
  a { color: inherit; text-decoration: none; }
  .filters, .flt { display: none; }
  h2, h3, article.q > header { break-after: avoid; page-break-after: avoid; }
  article.q, tr, details.missing > summary, .legend div { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  table.fix { table-layout: fixed; }  /* the columns' widths below, whatever a cell holds */
  table.fix col.c-where { width: 10%; } table.fix col.c-rule { width: 13%; } table.fix col.c-problem { width: 32%; }
  table.fix col.c-do { width: 31%; } table.fix col.c-status { width: 14%; }
  .badge, .qs { white-space: normal; }
  .badge, mark, article.q, details.missing { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .side { grid-template-columns: 1fr 1fr; }
  details.missing::details-content { content-visibility: visible; display: block; }  /* on paper, open */
  details.missing > summary { list-style: none; break-after: avoid; page-break-after: avoid; }
}
"""


def _filter_css() -> str:
    """Filters by status and severity without script: a link sets the URL's #fragment, CSS hides the rest."""
    rules = []
    for status, style in STATUS_STYLE.items():
        rules.append(f".s-{status} {{ --s: {style.colour}; }} .st-{status} {{ background: {style.colour}; }} "
                     f".qs-{status} {{ color: {style.colour}; }}")
        rules.append(f"#only-{status}:target ~ .quotes > article.q:not(.s-{status}) {{ display: none; }}")
        rules.append(f"#only-{status}:target ~ .filters a[href='#only-{status}'] {{ background: {style.colour}; "
                     f"color: #fff; }}")
    for severity in ("error", "warning", "info"):
        rules.append(f"#only-{severity}:target ~ .quotes > article.q:not(.v-{severity}) {{ display: none; }}")
        rules.append(f"#only-{severity}:target ~ .filters a[href='#only-{severity}'] {{ background: #333; "
                     f"color: #fff; }}")
    rules.append("#only-fix:target ~ .quotes > article.q:not(.v-error):not(.v-warning) { display: none; }")
    # A box with a warning or an error takes the colour of its worst finding, as its row does.
    rules.append("article.q.v-warning { --s: var(--warn); } article.q.v-error { --s: var(--err); }")
    rules.append("#only-fix:target ~ .filters a[href='#only-fix'] { background: #333; color: #fff; }")
    return "\n".join(rules)


def _safe_url(url: str | None) -> str | None:
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _pieces(pieces) -> str:
    return "".join(escape(text) if tag == "same" else f'<mark class="{tag}">{escape(text)}</mark>'
                   for text, tag in pieces)


def render(report: Report) -> str:
    zh = report.lang == "zh"
    a = report.article

    def t(z: str, e: str) -> str:
        return escape(z if zh else e)

    def status_badge(status: str) -> str:
        return f'<span class="badge st-{status}">{escape(report.status_badge(status))}</span>'

    def severity_badge(severity: str, text: str = "", rule: str = "") -> str:
        label = text or (SEVERITY_ZH[severity] if zh else severity)
        return f'<span class="badge b-{severity}">{escape(label + (" " + rule if rule else ""))}</span>'

    def quote_status(status: str) -> str:
        """The quotation's own status, beside a finding: coloured words, not a badge of the finding."""
        return (f'<span class="qs qs-{status}">{t("引文", "quotation")} '
                f'{escape(report.status_badge(status))}</span>')

    rv = review(report)
    statuses = report.status_counts()
    sev = report.severity_counts()
    title = t("引文核对报告", "Quotation review")
    parts = [f"<!DOCTYPE html>\n<html lang=\"{'zh-CN' if zh else 'en'}\"><head><meta charset=\"utf-8\">",
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             f"<title>{title} · {escape(a.path)}</title><style>{_CSS}{_filter_css()}</style></head><body>",
             f"<h1>{title}</h1>",
             f"<p class=\"meta\">{escape(a.path)} · sha256 <code>{escape(a.sha256[:16])}</code> · "
             f"{t('资料库', 'library')} {report.check.library.size()} {t('篇', 'sources')}</p>"]

    # 1. Counts: quotations by status (badges, with a legend), findings by severity.
    rv_cards = rv.shown
    parts.append(f"<h2 id=\"summary\">{t('概况', 'Summary')}</h2>"
                 f"<ul class=\"counts\" id=\"status-counts\"><li>{t('引文（处）：', 'quotations:')}</li>")
    parts += [f"<li data-status=\"{s}\">{status_badge(s)} <b>{n}</b></li>" for s, n in statuses.items() if n]
    parts.append(f"</ul><ul class=\"counts\" id=\"severity-counts\"><li>{t('问题（条）：', 'findings:')}</li>")
    parts += [f"<li data-severity=\"{s}\">{severity_badge(s)} <b>{n}</b></li>" for s, n in sev.items()]
    parts.append("</ul>")
    if rv.groups:
        n_src, n_quotes = len(rv.groups), sum(len(g.views) for g in rv.groups)
        text = t(f"{n_src} 个所注来源不在资料库中，其 {n_quotes} 处引文无从核对 ↓",
                 f"{n_src} cited sources are not in the library; {n_quotes} quotations cannot be checked ↓")
        parts.append(f'<p class="meta"><a href="#missing">{text}</a></p>')
    parts.append("<div class=\"legend\">")
    parts += [f"<div>{status_badge(s)} {escape(report.status_meaning(s))}</div>" for s in STATUS_ORDER]
    parts.append("</div>")

    # 2. Findings to fix, each linked to its own quotation. A row is coloured by its finding's
    # severity; the quotation's status stands apart, as the quotation's (a wrong date in the note
    # of a quotation whose words match is an error row beside "引文 ✓ 一致").
    to_fix_quotes = sum(1 for v in rv_cards if v.worst in ("error", "warning"))
    parts.append(f"<h2 id=\"to-fix\">{t('需要修改', 'To fix ')}"
                 f"<span class=\"n\" data-findings=\"{len(rv.to_fix)}\" data-quotations=\"{to_fix_quotes}\">"
                 + t(f"（{len(rv.to_fix)} 条问题，涉及 {to_fix_quotes} 处引文）",
                     f"({len(rv.to_fix)} findings in {to_fix_quotes} quotations)") + "</span></h2>")
    if rv.to_fix:
        parts.append(f"<table class=\"fix\"><colgroup><col class=\"c-where\"><col class=\"c-rule\"><col class=\"c-problem\">"
                     f"<col class=\"c-do\"><col class=\"c-status\"></colgroup>"
                     f"<thead><tr><th>{t('位置', 'where')}</th><th>{t('问题级别', 'severity')}</th>"
                     f"<th>{t('问题', 'problem')}</th><th>{t('怎么改', 'what to do')}</th>"
                     f"<th>{t('引文本身', 'the quotation')}</th></tr></thead><tbody>")
        for f in rv.to_fix:
            place = escape(report.line_label(f.line, quote=f.quote, prefix=""))
            home = rv.home.get(id(f))
            link = f'<a href="#{home.anchor}">{place}</a>' if home is not None else place
            status = quote_status(home.status) if home is not None else ""
            parts.append(f"<tr class=\"r-{f.severity}\"><td class=\"n\">{link}</td>"
                         f"<td>{severity_badge(f.severity, rule=f.rule)}</td>"
                         f"<td>{escape(f.message)}</td><td>{escape(f.fix)}</td><td>{status}</td></tr>")
        parts.append("</tbody></table>")
    else:
        parts.append(f"<p>{t('没有错误或警告。', 'No errors or warnings.')}</p>")
    if report.reviewed:  # decided by the editors: listed apart, with who decided and why
        parts.append(f"<h2 id=\"reviewed\">{t('已审阅（编辑已作决定）', 'Reviewed (decided by the editors)')} "
                     f"({len(report.reviewed)})</h2>")
        parts.append(f"<table class=\"fix\"><thead><tr><th>{t('位置', 'where')}</th><th>{t('规则', 'rule')}</th>"
                     f"<th>{t('问题', 'problem')}</th><th>{t('决定', 'decision')}</th><th>{t('理由', 'reason')}</th>"
                     f"<th>{t('谁、何时', 'who, when')}</th></tr></thead><tbody>")
        for f, d in report.reviewed:
            word = DECISION_ZH.get(d.decision, d.decision) if report.lang == "zh" else d.decision
            parts.append(f"<tr><td class=\"n\">{escape(report.line_label(f.line, quote=f.quote, prefix=''))}</td>"
                         f"<td>{escape(f.rule)}</td><td>{escape(f.message)}</td><td>{escape(word)}</td>"
                         f"<td>{escape(d.reason)}</td><td>{escape(d.who)} {escape(d.when)}</td></tr>")
        parts.append("</tbody></table>")

    # 3. The quotations, in article order, with a filter. Every count on a filter is the number of
    # boxes that filter leaves on the page.
    parts.append(f"<h2 id=\"quotations\">{t('逐条引文（按文章顺序）', 'Quotations (in article order)')} "
                 f"<span class=\"n\" data-quotations=\"{len(rv_cards)}\">({len(rv_cards)})</span></h2>")
    shown_status = {v.status for v in rv_cards}
    shown_sev = {f.severity for v in rv_cards for f in v.findings}
    parts += [f'<i class="flt" id="only-{s}"></i>' for s in STATUS_ORDER if s in shown_status]
    parts += [f'<i class="flt" id="only-{s}"></i>' for s in ("error", "warning", "info") if s in shown_sev]
    parts.append('<i class="flt" id="only-fix"></i>')

    def chip(target: str, label: str, n: int, arrow: str = "") -> str:
        return f'<a href="#{target}" data-count="{n}">{label} {n}{arrow}</a>'

    links = [chip("quotations", t("全部", "all"), len(rv_cards)), chip("only-fix", t("需要修改", "to fix"), to_fix_quotes)]
    links += [chip(f"only-{s}", escape(report.status_badge(s)), sum(1 for v in rv_cards if v.status == s))
              for s in STATUS_ORDER if s in shown_status]
    links += [chip(f"only-{s}", t(f"有{SEVERITY_ZH[s]}", f"with {s}"),
                   sum(1 for v in rv_cards if s in {f.severity for f in v.findings}))
              for s in ("error", "warning", "info") if s in shown_sev]
    if rv.groups:
        links.append(f'<a href="#missing" data-count="{sum(len(g.views) for g in rv.groups)}">'
                     f'{escape(report.status_badge("unverifiable"))} {sum(len(g.views) for g in rv.groups)} ↓</a>')
    parts.append(f"<nav class=\"filters\">{t('筛选引文（处）：', 'Show quotations: ')}{' '.join(links)}</nav>"
                 f"<div class=\"quotes\">")
    for view in rv_cards:
        parts.append(_quote_section(view, report, t, status_badge, severity_badge))
    if not rv_cards and report.quotes:
        parts.append(f"<p>{t('每处引文的来源都不在资料库中（见上）。', 'Every quotation cites a source the library lacks (above).')}</p>")
    parts.append("</div>")
    # 4. Sources to obtain: one collapsed group per missing source, one row per quotation.
    parts.append(f"<h2 id=\"missing\">{status_badge('unverifiable')} {t('需要取来核对的来源', 'Sources to obtain')} "
                 f"({len(rv.groups)})</h2>")
    if rv.groups:
        parts.append(f"<p class=\"meta\">{t('这些来源不在资料库中，其引文无从核对；展开可见每处引文。', 'The library lacks these sources, so their quotations cannot be checked; open one to see them.')}</p>")
    for group in rv.groups:
        m = group.missing
        parts.append(f"<details class=\"missing\"><summary><strong>{escape(m.reference.text)}</strong> · "
                     f"{t('引文', 'quotations')} {m.quotes} · {escape(report.notes_at(m.lines))}</summary>")
        if group.views:
            parts.append(f"<table><thead><tr><th>{t('位置', 'where')}</th><th>{t('引文及上下文', 'quotation in its sentence')}</th>"
                         f"<th>{t('注', 'note')}</th></tr></thead><tbody>")
            for view in group.views:
                q = view.quote
                extra = "".join(f"<br><span class=\"fix\">{severity_badge(f.severity, rule=f.rule)} {escape(f.message)}</span>"
                                for f in group.own_findings(view))
                parts.append(f"<tr id=\"{view.anchor}\"><td class=\"n\">{escape(report.line_label(q.line, q.end_line, q.text, prefix=''))}</td>"
                             f"<td>{_context(view)}{extra}</td>"
                             f"<td class=\"n\">{escape(_note_number(q.reference, zh))}</td></tr>")
            parts.append("</tbody></table>")
        parts.append("</details>")

    if not report.quotes:
        parts.append(f"<p>{t('文章中没有找到引文。', 'No quotation found in the article.')}</p>")
    parts.append('<p class="meta">quotecheck</p></body></html>\n')
    return "".join(parts)


def _context(view: QuoteView) -> str:
    return f'<span class="ctx">{escape(view.before)}<mark>{escape(view.marked)}</mark>{escape(view.after)}</span>'


def _note_number(ref, zh: bool) -> str:
    if ref is None:
        return ""
    return f"［{ref.number}］" if ref.number else ("文中" if zh else "inline")


def _quote_section(view: QuoteView, report: Report, t, status_badge, severity_badge) -> str:
    zh = report.lang == "zh"
    r, q = view.result, view.quote
    severities = {f.severity for f in view.findings}
    classes = " ".join(["q", f"s-{r.status}"] + [f"v-{s}" for s in sorted(severities)])
    place = escape(report.line_label(q.line, q.end_line, q.text, prefix=""))
    place = place if report.where(q.line, q.text) else f'{t("第 ", "line ")}{place}{t(" 行", "")}'
    # The box is coloured by its worst finding (error, warning); its badge says the quotation's status.
    worst = severity_badge(view.worst) + " " if view.worst in ("error", "warning") else ""
    out = [f'<article class="{classes}" id="{view.anchor}"><header><a class="loc" href="#{view.anchor}">{place}</a> '
           f'{worst}<span class="qlabel">{t("引文", "quotation")}</span> {status_badge(r.status)}</header>']
    for f in view.findings:
        out.append(f'<p class="finding">{severity_badge(f.severity, rule=f.rule)} {escape(f.message)}'
                   f'<br><span class="fix">→ {escape(f.fix)}</span></p>')
    out.append(f'<p class="ctx"><span class="label">{t("上下文", "in the article")}</span>{escape(view.before)}'
               f'<mark>{escape(view.marked)}</mark>{escape(view.after)}</p>')
    c = view.comparison
    if c is not None and r.status != "verified":
        label = {"cited": t("原文（所注来源）", "source (cited)"),
                 "witness": t("原文（见于资料库另一篇来源）", "source (another library source)"),
                 "nearest": t(f"所注来源中最接近的段落（相似度 {c.score:.0f}%）",
                              f"nearest passage of the cited source ({c.score:.0f}% alike)")}[c.kind]
        out.append('<div class="side">')
        out.append(f'<div><span class="label">{t("文章引文", "article")}</span>{_pieces(c.quote_pieces)}</div>')
        out.append(f'<div><span class="label">{label}</span>{_pieces(c.source_pieces)}</div>')
        out.append("</div>")
    elif c is None and r.status in ("not_found", "unverifiable"):
        out.append(f'<p class="note"><em>{t("资料库中没有可比对的原文。", "No source text in the library to compare.")}</em></p>')
    ref = q.reference
    if ref is not None:
        number = _note_number(ref, zh)
        where = escape(report.line_label(ref.line, ref.end_line, prefix=""))
        where = where if report.where(ref.line) else f'{t("第 ", "line ")}{where}{t(" 行", "")}'
        out.append(f'<p class="note"><span class="label">{t("注释", "note")} {escape(number)} · {where} · '
                   f'{t("原文照录", "as written")}</span><span class="asis">{escape(view.note_text)}</span></p>')
    s = c.source if c is not None else r.source
    if s is not None:
        link = _safe_url(s.url)
        title = escape(s.display_title)
        shown = f'<a href="{escape(link)}" rel="noreferrer noopener">{title}</a>' if link else title
        bits = [shown] + [escape(x) for x in (report.date_text(s.date), s.page or "", s.publication or "") if x]
        out.append(f'<p class="src"><span class="label">{t("来源", "source")}</span>{" · ".join(bits)} · '
                   f'<code>{escape(s.id)}</code></p>')
    out.append("</article>")
    return "".join(out)
