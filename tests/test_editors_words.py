"""Words editors use (issue 21, item 9): 独立引文, not the Markdown 块引用; a note named where it stands
(`注释在第6段脚注1`, `注释在第102行`), not `注释行 第8段脚注2`; Chinese dates in Chinese reports and Word
comments (2025年4月27日, not 2025-04-27); the source named once in each Word comment.
"""
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ARTICLE, REALDATA, REPORT, ROOT, needs_realdata
from helpers import mutate

FIXTURES = ROOT / "tests" / "fixtures" / "manuscripts"
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def run(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "COLUMNS")}
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "SOURCE_DATE_EPOCH": "1767225600"})
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True, env=env)


def test_no_markdown_terms_in_what_editors_read():
    for path in sorted((ROOT / "rules").glob("*.toml")):
        rules = tomllib.loads(path.read_text(encoding="utf-8"))["rule"]
        for rule in rules:
            for key in ("summary", "doc", "message", "fix"):
                assert "块引用" not in rule.get(key, ""), (rule["code"], key)


@needs_realdata
def test_a_block_quote_is_called_an_independent_quotation():
    article = REALDATA / "articles" / "10-人民日报讲AI治理：既给创新空间，也守伦理底线.md"
    out = run("check", article, "--library", REALDATA / "library", "--format", "concise", "--exit-zero").stdout
    qc308 = [line for line in out.splitlines() if "QC308" in line]
    assert qc308 and all("独立引文不是所注来源《" in line for line in qc308)


def test_missing_sources_name_their_notes_where_they_stand(tmp_path):
    text = run("check", ARTICLE, "--library", REPORT, "--format", "concise").stdout
    assert "（注释在第102、1137、1326行）" in text
    word = run("check", FIXTURES / "footnotes.docx", "--library", REPORT, "--format", "concise").stdout
    assert "（注释在第6段脚注1、第36段脚注36、第42段脚注48）" in word and "注释所在行" not in word
    html_out = tmp_path / "w.html"
    run("check", FIXTURES / "footnotes.docx", "--library", REPORT, "--format", "html", "-o", html_out)
    html = html_out.read_text(encoding="utf-8")
    assert "注释在第6段脚注1、第36段脚注36、第42段脚注48</summary>" in html and "注释行" not in html
    pretty = run("check", FIXTURES / "footnotes.docx", "--library", REPORT, "--format", "pretty").stdout
    assert "（3 处引文；注释在第6段脚注1、第36段脚注36、第42段脚注48）" in pretty.replace("\n", "")
    english = run("check", FIXTURES / "footnotes.docx", "--library", REPORT, "--format", "concise", "--lang", "en").stdout
    assert "(notes at paragraph 6, footnote 1; paragraph 36, footnote 36; paragraph 42, footnote 48)" in english


def test_chinese_dates_in_chinese_reports_iso_in_english(tmp_path):
    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    for fmt in ("html", "markdown", "pretty"):
        out = tmp_path / f"r.{fmt}"
        done = run("check", drifted, "--library", REPORT, "--format", fmt, "-o", out)
        text = out.read_text(encoding="utf-8")
        assert done.returncode == 1 and "2025年4月27日" in text, fmt
        assert not ISO.findall(text), (fmt, ISO.findall(text)[:3])
        run("check", drifted, "--library", REPORT, "--format", fmt, "-o", out, "--lang", "en")
        assert "2025-04-27" in out.read_text(encoding="utf-8"), fmt


def test_each_word_comment_names_its_source_once_with_a_chinese_date(tmp_path):
    import docx

    manuscript = tmp_path / "planted.docx"
    manuscript.write_bytes((FIXTURES / "footnotes_planted.docx").read_bytes())
    reviewed = tmp_path / "reviewed.docx"
    done = run("check", manuscript, "--library", REPORT, "--format", "docx", "-o", reviewed)
    assert done.returncode == 1, done.stderr
    texts = [c.text for c in docx.Document(str(reviewed)).comments]
    comments = [t for t in texts if not t.endswith("[quotecheck summary]")]  # one per finding; the summary apart
    (summary,) = [t for t in texts if t not in comments]
    assert len(comments) == 3 and not ISO.findall(summary), summary
    title = "坚持自立自强 突出应用导向 推动人工智能健康有序发展"
    for text in comments:
        assert text.count(title) == 1, text
        assert not ISO.findall(text), text
    assert any("2025年4月27日" in text for text in comments)
