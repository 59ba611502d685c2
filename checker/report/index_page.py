"""`index.html` of a batch (--output-dir with html or docx): what a chief editor opens first.

One row per manuscript with its counts and a link to its report (the HTML review or the reviewed
Word copy), the batch's totals above. Self-contained: no script, no network, everything escaped.
"""
from __future__ import annotations

from .html import escape

_CSS = """
body { font-family: "Noto Sans CJK SC","Source Han Sans SC",system-ui,sans-serif; margin: 1.5rem auto;
       max-width: 70rem; padding: 0 1.5rem; color: #1b1b1b; line-height: 1.6; }
h1 { font-size: 1.4rem; } p.totals { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .5rem; text-align: left; }
th { background: #f1f1f1; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td.e { color: #b3261e; font-weight: 700; } tr.warning td.w { color: #8a5a00; font-weight: 700; }
"""

COLUMNS = ("quotations", "checked", "errors", "warnings", "missing_sources", "reviewed")
_HEAD = {"zh": ("稿件", "引文", "可核对", "错误", "警告", "缺少来源", "已审阅", "报告"),
         "en": ("Manuscript", "Quotations", "Checked", "Errors", "Warnings", "Sources missing", "Reviewed", "Report")}


def render_index(rows: list[tuple[str, str, dict]], totals_line: str, lang: str = "zh") -> str:
    """`rows`: (the article's path, its report's path relative to the index, its counts)."""
    zh = lang == "zh"
    head = _HEAD["zh" if zh else "en"]
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
           f"<title>{'quotecheck 核对总览' if zh else 'quotecheck: overview'}</title>",
           f"<style>{_CSS}</style></head><body>",
           f"<h1>{'quotecheck 核对总览' if zh else 'quotecheck: overview'}</h1>",
           f'<p class="totals">{escape(totals_line)}</p>',
           "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for article, link, counts in rows:
        level = "error" if counts.get("errors") else "warning" if counts.get("warnings") else "ok"
        cells = "".join(f'<td class="n{" e" if key == "errors" else " w" if key == "warnings" else ""}">'
                        f"{counts.get(key, 0)}</td>" for key in COLUMNS)
        href = escape(link.replace("\\", "/")).replace(" ", "%20")
        out.append(f'<tr class="{level}"><td>{escape(article)}</td>{cells}'
                   f'<td><a href="{href}">{escape(link)}</a></td></tr>')
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"
