"""`--format concise`: one line per finding, `path:line:col: CODE [severity] message` (`[错误]` in Chinese), in line order,
then one summary line (counts by severity, quotations verified of those checked).
"""
from __future__ import annotations

from .model import Report, severity_label
from .safe import one_line


def render(report: Report) -> str:
    lines = [f"{one_line(f.path)}:{f.line}:{f.column}: {f.rule} [{severity_label(f.severity, report.lang)}] "
             f"{one_line(_where(report, f) + f.message)}" for f in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """`path: 2 errors, 1 warning, 25 infos; 12 of 14 quotations checked are verified (41 unverifiable, 2 uncited)`."""
    sev = report.severity_counts()
    status = report.status_counts()
    checked = sum(n for s, n in status.items() if s not in ("unverifiable", "uncited"))
    good = status["verified"] + status["variant"]
    if report.lang == "zh":
        text = (f"错误 {sev['error']}，警告 {sev['warning']}，提示 {sev['info']}；"
                f"可核对的 {checked} 处引文中 {good} 处与原文一致")
        rest = ([f"{status['unverifiable']} 处来源不在资料库"] if status["unverifiable"] else []) + \
               ([f"{status['uncited']} 处未注出处"] if status["uncited"] else [])
        reviewed = f"；已审阅 {len(report.reviewed)} 处" if report.reviewed else ""
        return f"{one_line(report.article.path)}: {text}" + (f"（另有引文 {'、'.join(rest)}）" if rest else "") + reviewed
    def plural(n, word):
        return f"{n} {word}{'s' if n != 1 else ''}"
    text = (f"{plural(sev['error'], 'error')}, {plural(sev['warning'], 'warning')}, {plural(sev['info'], 'info')}; "
            f"{good} of {plural(checked, 'quotation')} checked match the source")
    rest = [f"{n} {s}" for s, n in status.items() if s in ("unverifiable", "uncited") and n]
    reviewed = f"; {len(report.reviewed)} reviewed" if report.reviewed else ""
    return f"{one_line(report.article.path)}: {text}" + (f" ({', '.join(rest)})" if rest else "") + reviewed


def _where(report: Report, finding) -> str:
    """A manuscript's own place before the message (`第29段：`, `page 6, line 12: `); "" for text."""
    where = report.where(finding.line, finding.quote)
    if not where:
        return ""
    return f"{where}：" if report.lang == "zh" else f"{where}: "
