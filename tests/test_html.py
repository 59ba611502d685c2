"""Web pages: a draft saved as .html and sources saved from the paper's site are read as pages —
paragraphs, headings, block quotes, bold runs, lists, footnotes — and give the verdicts the same
text gives as Markdown; a file that is markup but not a page is refused in one line.

The realdata commentaries and reports are made into pages here, at run time (tests/html_pages.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REALDATA, REPORT, ROOT, needs_realdata
from helpers import check_files
from html_pages import article_page, report_page

from checker.library.source import parse_source
from checker.read.manuscript import read_article_source
from checker.read.source_file import read_source

LIBRARY = REALDATA / "library"
ARTICLES = {"10": "10-*.md", "54": "54-*.md"}


def _article(key: str) -> Path:
    return next((REALDATA / "articles").glob(ARTICLES[key]))


def _verdicts(result, findings) -> tuple[list, list]:
    """Quotations and findings as an editor weighs them: what, how bound, which verdict, which rule;
    a finding's place (a line of the .md, a paragraph of the page) and white space left out."""
    quotes = [(r.quote.text, r.quote.kind, r.status, r.binding, r.source.id if r.source else None,
               round(r.alignment.score, 1) if r.alignment else None) for r in result.quotes]
    found = sorted((f.rule, f.severity, f.quote,
                    re.sub(r"\s+", " ", re.sub(r"^第\d+段：", "", f.message))) for f in findings)
    return quotes, found


# --- the realdata commentaries as pages -------------------------------------------------------

@needs_realdata
@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_a_commentary_saved_as_a_web_page_gives_the_markdowns_verdicts(tmp_path, key):
    md = _article(key)
    page = tmp_path / "article.html"
    page.write_text(article_page(md.read_text(encoding="utf-8")), encoding="utf-8")
    as_md = _verdicts(*check_files(md, [LIBRARY]))
    as_page = _verdicts(*check_files(page, [LIBRARY]))
    assert as_page == as_md
    assert len(as_md[0]) >= 5 and as_md[1]  # real quotations, real findings: not two empty lists
    located = read_article_source(str(page)).locations
    assert all(located[f.line - 1].paragraph for f in check_files(page, [LIBRARY])[1] if f.quote)


@needs_realdata
@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_sources_saved_as_people_daily_pages_give_the_markdown_librarys_verdicts(tmp_path, key):
    pages = tmp_path / "library"
    for path in LIBRARY.rglob("*.md"):
        out = pages / path.relative_to(LIBRARY).with_suffix(".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    md_result, md_findings = check_files(_article(key), [LIBRARY])
    page_result, page_findings = check_files(_article(key), [pages])
    as_md, as_page = _verdicts(md_result, md_findings), _verdicts(page_result, page_findings)
    # The same sources: ids are the file names, which end in .md or .html.
    assert [q[:4] + (q[4] and q[4].removesuffix(".html"),) + q[5:] for q in as_page[0]] == \
        [q[:4] + (q[4] and q[4].removesuffix(".md"),) + q[5:] for q in as_md[0]]
    assert as_page[1] == as_md[1]


@needs_realdata
def test_a_people_daily_page_gives_title_parts_date_page_and_address():
    md = next(LIBRARY.rglob("2025-04-26/01-*/分析研究当前经济形势和经济工作.md"))
    html = report_page(md.read_text(encoding="utf-8"))
    page = Path(md.name).with_suffix(".html")
    source = parse_source(str(page), *_source_text(html), "p")
    assert (source.kicker, source.title, source.subtitle) == ("中共中央政治局召开会议", "分析研究当前经济形势和经济工作",
                                                              "中共中央总书记习近平主持会议")
    assert source.date.iso == "2025-04-26" and source.page_number == 1 and source.publication == "人民日报"
    assert source.url == "https://paper.people.com.cn/rmrb/pc/content/202504/26/content_30070063.html"
    md_source = parse_source(str(md), md.read_text(encoding="utf-8"), None, "m")
    assert source.words == md_source.words  # the report's words, no page list, no other titles


def _source_text(html: str) -> tuple[str, bytes]:
    from checker.read.html import html_source_text

    data = html.encode("utf-8")
    return html_source_text("page.html", data)[0], data


# --- footnotes, as Markdown converters and Word write them, on the seed's words -----------------

# Copied from the seed article (its line 813-833 and note [4], lines 901-905), joined as one paragraph.
SENTENCE = "2025 年 4 月，在二十届中共中央政治局第二十次集体学习时，习近平强调，要“推动我国人工智能朝着有益、安全、公平方向健康有序发展”"
NOTE = "《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。"
STYLES = {
    "markdown-it": ('<p>{s}<sup class="footnote-ref"><a href="#fn4" id="fnref4">[4]</a></sup>。</p>',
                    '<hr class="footnotes-sep"><section class="footnotes"><ol class="footnotes-list">'
                    '<li id="fn4" class="footnote-item"><p>{n} <a href="#fnref4" class="footnote-backref">↩︎</a>'
                    '</p></li></ol></section>'),
    "word": ('<p class=MsoNormal>{s}<a href="#_ftn4" name="_ftnref4"><span class=MsoFootnoteReference>'
             '<span>[4]</span></span></a>。</p>',
             '<div style="mso-element:footnote-list"><div style="mso-element:footnote" id=ftn4>'
             '<p class=MsoFootnoteText><a href="#_ftnref4" name="_ftn4">[4]</a> {n}</p></div></div>'),
    "typed": ('<p>{s}<sup>4</sup>。</p>', '<p>注释</p><p>［4］{n}</p>'),
}


def _seed_page(tmp_path: Path, style: str, sentence: str = SENTENCE, note: str = NOTE) -> Path:
    body, notes = STYLES[style]
    page = tmp_path / f"{style}.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>人工智能</title></head><body>"
                    "<h1>推动人工智能健康有序发展</h1><p>人工智能是新一轮科技革命的重要驱动力量。</p>"
                    + body.format(s=sentence) + notes.format(n=note) + "</body></html>", encoding="utf-8")
    return page


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_footnote_binds_its_quotation_and_a_planted_word_and_date_are_errors(tmp_path, style):
    clean = _seed_page(tmp_path, style)
    result, findings = check_files(clean, [REPORT])
    (quote,) = [r for r in result.quotes if r.quote.kind == "quotation"]
    assert quote.status == "verified" and quote.binding == "note"
    assert not [f for f in findings if f.severity != "info"]
    planted_dir = tmp_path / "planted"
    planted_dir.mkdir()
    planted = _seed_page(planted_dir, style, SENTENCE.replace("有益", "有利"), NOTE.replace("27 日", "28 日"))
    result, findings = check_files(planted, [REPORT])
    errors = {f.rule: f for f in findings if f.severity == "error"}
    assert sorted(errors) == ["QC101", "QC201"]
    assert errors["QC101"].message == "引文与原文不一致：原文「有益」，引文「有利」"
    assert "原文刊于2025年4月27日，注释写作2025年4月28日" in errors["QC201"].message
    located = read_article_source(str(planted)).locations
    assert located[errors["QC101"].line - 1].paragraph == 3  # the title and the first paragraph before it
    note = located[errors["QC201"].line - 1]  # a linked note follows its paragraph; a typed one is where it is
    assert (note.paragraph, note.note) == ((5, None) if style == "typed" else (3, "4"))


def test_the_page_is_read_as_its_paragraphs_forms_and_notes(tmp_path):
    page = tmp_path / "forms.html"
    page.write_text("""<!DOCTYPE html><html><head><title>草稿</title><meta name="date" content="2026-06-10">
<style>p{color:red}</style><script>document.write("“脚本里的字”")</script></head><body>
<nav>首页 | “导航”</nav><article><h1>标题</h1><p>第一段<b>加粗的话</b>，接着
说。<br>换行后的一段</p><blockquote><p>独立引文的话。</p></blockquote>
<ol start="3"><li>第三条<li>第四条</ol><ul><li>圆点一</li><li>圆点二</li></ul>
<p><strong>小标题不加句号</strong></p><table><tr><td>单元格</td></tr></table></article>
<aside>“旁栏”</aside></body></html>""", encoding="utf-8")
    text = read_article_source(str(page))
    lines = text.text.split("\n")
    assert lines[:4] == ["---", "title: 草稿", "date: 2026-06-10", "---"]
    body = [line for line in lines[5:] if line]
    assert body == ["标题", "第一段加粗的话，接着 说。", "换行后的一段", "独立引文的话。", "3. 第三条", "4. 第四条",
                    "圆点一", "圆点二", "小标题不加句号", "单元格"]
    line = {words: lines.index(words) + 1 for words in body}
    assert text.forms.heading_lines == {line["标题"], line["小标题不加句号"]}
    assert text.forms.quote_lines == {line["独立引文的话。"]}
    assert dict(text.forms.list_items) == {line["3. 第三条"]: 3, line["4. 第四条"]: 3, line["圆点一"]: 0,
                                           line["圆点二"]: 0}
    assert text.forms.bold == ((line["第一段加粗的话，接着 说。"], 3, 7),)
    assert [loc.paragraph for loc in text.locations if loc] == list(range(1, 11))


# --- what is not a page, nor text --------------------------------------------------------------

@pytest.mark.parametrize("name, data, says", [
    ("feed.xml", '<?xml version="1.0"?><rss><item><title>“引文”</title></item></rss>'.encode(), "XML"),
    ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    ("archive.html", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4, "binary"),
    ("empty.html", b"<!DOCTYPE html><html><body><script>var a;</script></body></html>", "no text"),
])
def test_markup_that_is_not_a_page_and_binary_named_html_are_refused_in_one_line(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--library", str(REPORT),
                          "--lang", "en"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and out.stdout == "" and out.stderr.count("\n") == 1
    assert says in out.stderr and name in out.stderr


def test_a_page_in_a_library_folder_is_a_source_and_markdown_holding_html_stays_markdown(tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(REPORT, library / "report.md")
    (library / "saved.htm").write_text(
        "<html><head><title>另一篇报道--人民日报</title><meta name='publishdate' content='2025-04-28'></head><body>"
        "<div class='article'><h1>另一篇报道</h1><div id='ozoom'><p>“这段话只在网页里。”</p></div></div>"
        "</body></html>", encoding="utf-8")
    saved = read_source(str(library / "saved.htm"))
    source = parse_source(saved.path, saved.text, saved.data, "saved.htm")
    assert (source.title, source.date.iso, source.publication) == ("另一篇报道", "2025-04-28", "人民日报")
    md = tmp_path / "note.md"
    md.write_text("<div>头</div>\n\n# 标题\n\n正文。\n", encoding="utf-8")
    assert read_article_source(str(md)).kind == "text"
