"""Terminal output for people (rich): tables that fold Chinese text, differences highlighted."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .console import make_console


def render_extract(article, lang: str = "zh", width: int | None = None) -> str:
    console, buffer = make_console(width)
    zh = lang == "zh"
    quotes = [q for q in article.quotations if q.kind == "quotation"]
    terms = [q for q in article.quotations if q.kind == "term"]
    console.print(Text(f"{article.path}: " + (f"{len(quotes)} 处引文，{len(terms)} 个术语，{len(article.references)} 条参考文献"
                                              if zh else f"{len(quotes)} quotations, {len(terms)} terms, "
                                              f"{len(article.references)} references"), style="bold"))
    table = Table(show_lines=False, expand=True)
    for header, ratio in (("行" if zh else "line", 1), ("引文" if zh else "quotation", 6),
                          ("出处" if zh else "citation", 6)):
        table.add_column(header, ratio=ratio, overflow="fold")
    for q in quotes:
        ref = q.reference
        cite = "—"
        if ref:
            cite = f"[{ref.number or '·'}] {_place(article, ref.line, lang) or f'L{ref.line}'} 《{ref.title or '?'}》 {ref.publication or ''} " \
                   f"{ref.date.iso if ref.date else ''} {ref.page or ''}".strip()
        span = _place(article, q.line, lang, q.text) or (f"{q.line}" if q.line == q.end_line
                                                         else f"{q.line}-{q.end_line}")
        table.add_row(span, q.text, cite)
    console.print(table)
    if terms:
        console.print(Text(("术语：" if zh else "terms: ") + "、".join(f"{t.text}(L{t.line})" for t in terms)))
    if article.unbalanced:
        console.print(Text(("引号未闭合，行：" if zh else "unclosed quotation marks at lines: ")
                           + ", ".join(map(str, article.unbalanced)), style="yellow"))
    return buffer.getvalue()


_STYLE = {"same": "", "changed": "bold red", "missing": "bold red underline", "extra": "bold green"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _place(article, line: int, lang: str, quote: str | None = None) -> str:
    here = article.location(line, quote)
    return here.describe(lang) if here else ""


def render_check(report, width: int | None = None) -> str:
    from rich.panel import Panel

    from .diff import side_by_side

    console, buffer = make_console(width)
    zh = report.lang == "zh"
    article = report.article
    statuses = report.status_counts()
    severities = report.severity_counts()
    console.print(Text(article.path, style="bold"))
    summary = Table(show_header=True, expand=False, box=None)
    for status in statuses:
        summary.add_column(report.status_label(status), justify="right")
    summary.add_row(*[str(n) for n in statuses.values()])
    console.print(summary)
    sev_text = Text(("发现：" if zh else "findings: "))
    for severity, count in severities.items():
        label = {"error": "错误", "warning": "警告", "info": "提示"}[severity] if zh else severity
        sev_text.append(f"{label} {count}  ", style=_SEVERITY_STYLE[severity] if count else "")
    console.print(sev_text)
    missing = report.missing_sources()
    if missing:
        console.print(Text(("资料库中没有、需要取来核对的来源：" if zh else "sources the library lacks (fetch to check):"), style="bold"))
        for m in missing:
            ref = m.reference
            lines = ",".join(report.where(n) or str(n) for n in m.lines)
            console.print(Text(f"  {'' if article.locations else 'L'}{lines}: {ref.text.strip()}  ({m.quotes})", overflow="fold"))
    shown = set()
    for result in report.check.quotes:
        findings = [f for f in report.by_quote.get(result.quote.text, []) if f.severity != "info"]
        if not findings or id(result) in shown:
            continue
        shown.add(id(result))
        q = result.quote
        body = Text()
        for f in findings:
            body.append(f"{f.rule} [{f.severity}] {report.line_label(f.line, quote=f.quote)}  ", style=_SEVERITY_STYLE[f.severity])
            body.append(f.message + "\n")
            body.append(("  → " + f.fix + "\n"), style="dim")
        if result.alignment and result.source:
            source_text = result.source.body.display[result.alignment.start:result.alignment.end]
            src, qt = side_by_side(source_text, q.text)
            body.append("原文：" if zh else "source: ", style="bold")
            for piece, tag in src:
                body.append(piece, style=_STYLE[tag])
            body.append("\n")
            body.append("引文：" if zh else "quote:  ", style="bold")
            for piece, tag in qt:
                body.append(piece, style=_STYLE[tag])
            body.append("\n")
            s = result.source
            body.append(f"{s.display_title} · {s.date.iso if s.date else ''} · {s.page or ''} · {s.url or s.path}",
                        style="dim")
        title = report.line_label(q.line, q.end_line, q.text) + f" · {report.status_label(result.status)}"
        console.print(Panel(body, title=title, title_align="left", expand=True))
    other = [f for f in report.findings if f.quote is None or f.quote not in report.quote_texts]
    for f in other:
        if f.severity == "info":
            continue
        console.print(Text(f"{report.line_label(f.line, quote=f.quote)} {f.rule} [{f.severity}] {f.message}", style=_SEVERITY_STYLE[f.severity]))
    infos = [f for f in report.findings if f.severity == "info"]
    if infos:
        console.print(Text((f"另有 {len(infos)} 条提示（--format concise 或 json 可见全部）" if zh
                            else f"{len(infos)} more info findings (see --format concise or json)"), style="dim"))
    if not any(q.kind == "quotation" for q in article.quotations):
        console.print(Text("文章中没有找到引文。" if zh else "No quotation found in the article."))
    return buffer.getvalue()
