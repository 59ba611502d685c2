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
            cite = f"[{ref.number or '·'}] L{ref.line} 《{ref.title or '?'}》 {ref.publication or ''} " \
                   f"{ref.date.iso if ref.date else ''} {ref.page or ''}".strip()
        span = f"{q.line}" if q.line == q.end_line else f"{q.line}-{q.end_line}"
        table.add_row(span, q.text, cite)
    console.print(table)
    if terms:
        console.print(Text(("术语：" if zh else "terms: ") + "、".join(f"{t.text}(L{t.line})" for t in terms)))
    if article.unbalanced:
        console.print(Text(("引号未闭合，行：" if zh else "unclosed quotation marks at lines: ")
                           + ", ".join(map(str, article.unbalanced)), style="yellow"))
    return buffer.getvalue()
