"""Run the whole pipeline on texts (mutated seeds, rule examples) in a temporary folder."""
from __future__ import annotations

from pathlib import Path

from checker.check import check_article
from checker.article import read_article
from checker.library import load_library
from checker.read.manuscript import read_article_source
from checker.rules import load_rules, run_rules

_RULES = None


def rules():
    global _RULES
    if _RULES is None:
        _RULES = load_rules()
    return _RULES


def check_files(article_path, library_paths, lang="zh"):
    article = read_article(read_article_source(str(article_path)))  # .txt/.md, or a .docx/.pdf manuscript
    library = load_library([str(p) for p in library_paths])
    result = check_article(article, library)
    return result, run_rules(result, rules(), lang)


def check_texts(tmp_path: Path, article: str, sources: list[str], name="article.txt"):
    article_path = tmp_path / name
    article_path.write_text(article, encoding="utf-8")
    lib = tmp_path / "library"
    lib.mkdir(exist_ok=True)
    for i, text in enumerate(sources):
        (lib / f"source{i}.md").write_text(text, encoding="utf-8")
    return check_files(article_path, [lib])


def mutate(tmp_path: Path, source: Path, line: int, old: str, new: str) -> Path:
    """A copy of `source` with `old` replaced by `new` on raw line `line` (1-based); asserts it was there."""
    lines = source.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    target = tmp_path / source.name
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def pretty_in_colour(result, findings, width: int, lang: str = "zh") -> str:
    """`--format pretty` as a colour terminal gets it (rich's escapes kept)."""
    import checker.report.console as console
    from checker.report.model import Report
    from checker.report.pretty import render_check

    original = console.sys.stdout.isatty
    console.sys.stdout.isatty = lambda: True
    try:
        return render_check(Report(result, findings, lang), width=width)
    finally:
        console.sys.stdout.isatty = original
