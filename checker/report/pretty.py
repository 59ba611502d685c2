"""Terminal output for people (rich): tables that fold Chinese text, differences highlighted."""
from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from .breaking import NO_END, NO_START, fold_offsets

from .console import make_console
from .diff import aligned_columns
from .model import severity_label
from .safe import visible


def render_extract(article, lang: str = "zh", width: int | None = None) -> str:
    console, buffer = make_console(width)
    zh = lang == "zh"
    quotes = [q for q in article.quotations if q.kind == "quotation"]
    terms = [q for q in article.quotations if q.kind == "term"]
    console.print(Text(f"{visible(article.path)}: " + (f"{len(quotes)} 处引文，{len(terms)} 个术语，{len(article.references)} 条参考文献"
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
                   f"{(ref.date.zh() if zh else ref.date.iso) if ref.date else ''} {ref.page or ''}".strip()
        span = _place(article, q.line, lang, q.text) or (f"{q.line}" if q.line == q.end_line
                                                         else f"{q.line}-{q.end_line}")
        table.add_row(span, visible(q.text), visible(cite))
    console.print(table)
    if terms:
        console.print(Text(("术语：" if zh else "terms: ") + visible("、".join(f"{t.text}(L{t.line})" for t in terms))))
    if article.unbalanced:
        console.print(Text(("引号未闭合，行：" if zh else "unclosed quotation marks at lines: ")
                           + ", ".join(map(str, article.unbalanced)), style="yellow"))
    return buffer.getvalue()


_STYLE = {"same": "", "changed": "bold red", "missing": "bold red underline", "extra": "bold green"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _place(article, line: int, lang: str, quote: str | None = None) -> str:
    here = article.location(line, quote)
    return here.describe(lang) if here else ""


def stacked(source: str, quote: str, width: int, labels: tuple[str, str]) -> list[Text]:
    """The article's wording over the source's, wrapped at the same width, a pair of lines at a time.

    Each difference stands in the same columns of both lines (padded with spaces where one side
    has nothing), so at 80 columns an editor still reads the two wordings line by line. Lines
    break as Chinese text does (避头尾): no line of either wording starts with a closing mark.
    """
    label_width = max(cell_len(labels[0]), cell_len(labels[1]))
    room = max(8, width - label_width)
    columns = []  # (article piece, source piece, tag, width), long pieces cut to fit a line
    for q_piece, s_piece, tag in aligned_columns(source, quote):
        q_piece, s_piece = visible(q_piece), visible(s_piece)
        while max(cell_len(q_piece), cell_len(s_piece)) > room:  # a long insertion or omission
            cut_q, cut_s = _cut(q_piece, room), _cut(s_piece, room)
            columns.append((cut_q, cut_s, tag, room))
            q_piece, s_piece = q_piece[len(cut_q):], s_piece[len(cut_s):]
        columns.append((q_piece, s_piece, tag, max(cell_len(q_piece), cell_len(s_piece))))
    lines: list[list] = [[]]
    used = 0
    for column in columns:
        if used + column[3] > room and lines[-1]:
            carried: list = []
            while len(lines[-1]) > 1 and len(carried) < 3 and (
                    _opens(lines[-1][-1]) or _closes(carried[0] if carried else column)):
                carried.insert(0, lines[-1].pop())
            lines.append(carried)
            used = sum(c[3] for c in carried)
        lines[-1].append(column)
        used += column[3]
    out = []
    for row in lines:
        for label, side in ((labels[0], 0), (labels[1], 1)):
            text = Text(label + " " * (label_width - cell_len(label)), style="bold")
            for column in row:
                piece, tag = column[side], column[2]
                piece += " " * (column[3] - cell_len(piece))
                text.append(piece, style=_STYLE.get(tag, "") if piece.strip() else "")
            out.append(text)
    return out


def _closes(column) -> bool:
    """The column starts with a mark no line may start with, on either side."""
    return any(piece[:1] in NO_START for piece in column[:2])


def _opens(column) -> bool:
    """The column ends with a mark no line may end with, on either side."""
    return any(piece[-1:] in NO_END for piece in column[:2])


def _cut(text: str, room: int) -> str:
    out = ""
    for ch in text:
        if cell_len(out + ch) > room:
            break
        out += ch
    return out or text[:1]


def _folded(text: Text, width: int) -> Text:
    """Chinese folds at any character: break each line at `width` cells (rich would break only at
    spaces), as a typesetter would (breaking.fold_offsets: 避头尾, dates and words kept whole)."""
    offsets = fold_offsets(text.plain, width)
    folded = Text("\n").join(text.divide(offsets)) if offsets else text
    folded.no_wrap = True
    return folded


def _print(console, text: Text, zh: bool) -> None:
    console.print(_folded(text, console.width) if zh else text)


def render_check(report, width: int | None = None) -> str:
    from rich.panel import Panel

    from .model import SEVERITY_ZH, STATUS_STYLE
    from .review import review

    console, buffer = make_console(width)
    zh = report.lang == "zh"
    article = report.article
    statuses = report.status_counts()
    severities = report.severity_counts()
    rv = review(report)
    console.print(Text(visible(article.path), style="bold"))
    counts = Text()
    for status, n in statuses.items():
        if n:
            counts.append(f"{report.status_badge(status)} {n}", style=STATUS_STYLE[status].terminal)
            counts.append("   ")
    console.print(counts)
    sev_text = Text(("发现：" if zh else "findings: "))
    for severity, count in severities.items():
        label = {"error": "错误", "warning": "警告", "info": "提示"}[severity] if zh else severity
        sev_text.append(f"{label} {count}  ", style=_SEVERITY_STYLE[severity] if count else "")
    console.print(sev_text)
    legend = Text("图例：" if zh else "legend: ", style="dim")
    for status in [s for s, n in statuses.items() if n]:
        legend.append(f"{STATUS_STYLE[status].symbol} ", style=STATUS_STYLE[status].terminal)
        legend.append(report.status_meaning(status).replace(" ", " ") + ("；" if zh else "; "), style="dim")
    _print(console, legend, zh)
    if rv.groups:  # listed last, as in the HTML report: the findings come first
        n = sum(len(g.views) for g in rv.groups)
        _print(console, Text(f"{len(rv.groups)} 个所注来源不在资料库中，{n} 处引文无从核对（来源列在最后）" if zh else
                             f"{len(rv.groups)} cited sources are not in the library; {n} quotations cannot be checked "
                             f"(listed at the end)", style="dim"), zh)
    inner = console.width - 4  # a panel's border and padding
    labels = ("引文：", "原文：") if zh else ("article: ", "source:  ")
    for view in rv.views:
        findings = [f for f in view.findings if f.severity != "info"]
        if not findings:
            continue
        q, r = view.quote, view.result
        body = Text()
        for f in findings:
            body.append(f"{f.rule} [{severity_label(f.severity, report.lang)}] {report.line_label(f.line, quote=f.quote)}  ",
                        style=_SEVERITY_STYLE[f.severity])
            body.append(visible(f.message) + "\n")
            body.append(("  → " + visible(f.fix) + "\n"), style="dim")
        body.append("上下文：" if zh else "in the article: ", style="bold")
        body.append(visible(view.before), style="dim")
        body.append(visible(view.marked), style="underline")
        body.append(visible(view.after) + "\n", style="dim")
        c = view.comparison
        if c is not None:
            if c.kind == "nearest":
                body.append((f"所注来源中最接近的段落（相似度 {c.score:.0f}%）：\n" if zh
                             else f"nearest passage of the cited source ({c.score:.0f}% alike):\n"), style="dim")
            elif c.kind == "witness":
                body.append(("原文见于资料库另一篇来源：\n" if zh else "the words are in another library source:\n"),
                            style="dim")
            for line in stacked(c.text, q.text, inner, labels):
                body.append_text(line)
                body.append("\n")
        ref = q.reference
        if ref is not None:
            number = f"［{ref.number}］" if ref.number else ""
            body.append((f"注释{number} {report.line_label(ref.line, ref.end_line)}（原文照录）：\n" if zh
                         else f"note {number} {report.line_label(ref.line, ref.end_line)} (as written):\n"), style="bold")
            body.append(visible(view.note_text) + "\n")
        s = c.source if c is not None else r.source
        if s is not None:
            body.append(visible(" · ".join(x for x in (s.display_title, report.date_text(s.date), s.page or "",
                                                        s.url or s.path) if x)), style="dim")
        # The box is its worst finding's (border and first word); the quotation's status follows,
        # named as the quotation's: a wrong date in the note of well-quoted words is a red box
        # titled 错误 · 引文 ✓ 一致, never a green one.
        worst = min((f.severity for f in findings), key=("error", "warning").index)
        title = Text(f"{report.line_label(q.line, q.end_line, q.text)} · ")
        title.append(SEVERITY_ZH[worst] if zh else worst, style=_SEVERITY_STYLE[worst])
        title.append(" · 引文 " if zh else " · quotation ")
        title.append(report.status_badge(r.status), style=STATUS_STYLE[r.status].terminal)
        if zh:
            body = _folded(body, inner)
        console.print(Panel(body, title=title, title_align="left", expand=True,
                            border_style=_SEVERITY_STYLE[worst]))
    other = [f for f in report.findings if f.quote is None or f.quote not in report.quote_texts]
    for f in other:
        if f.severity == "info":
            continue
        _print(console, Text(f"{report.line_label(f.line, quote=f.quote)} {f.rule} "
                             f"[{severity_label(f.severity, report.lang)}] {visible(f.message)}",
                             style=_SEVERITY_STYLE[f.severity]), zh)
    infos = [f for f in report.findings if f.severity == "info"]
    if infos:
        console.print(Text((f"另有 {len(infos)} 条提示（--format concise 或 json 可见全部）" if zh
                            else f"{len(infos)} more info findings (see --format concise or json)"), style="dim"))
    if not any(q.kind == "quotation" for q in article.quotations):
        console.print(Text("文章中没有找到引文。" if zh else "No quotation found in the article."))
    if rv.groups:
        console.print(Text(("资料库中没有、需要取来核对的来源：" if zh else "sources the library lacks (fetch to check):"),
                           style="bold"))
        for group in rv.groups:
            m = group.missing
            where = (f"（{m.quotes} 处引文；{report.notes_at(m.lines)}）" if zh else
                     f" ({m.quotes} quotation{'s' if m.quotes != 1 else ''}; {report.notes_at(m.lines)})")
            line = Text(f"  {STATUS_STYLE['unverifiable'].symbol} ", style=STATUS_STYLE["unverifiable"].terminal)
            line.append(visible(m.reference.text.strip().replace(" ", " ")) + where)
            _print(console, line, zh)
    return buffer.getvalue()
