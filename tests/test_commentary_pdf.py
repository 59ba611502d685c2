"""A commentary printed to PDF quotes as its Markdown does: block quotes (indented), bold runs and
bullets after a cue are read from where the rows stand and from the fonts, and give the
quotations, verdicts and findings the Markdown gives, at the page and line where they are printed.

The realdata commentaries are made into PDFs here, at run time (Markdown → .docx → LibreOffice;
their text is not ours to commit); the small commentary on the seed report is committed as PDF
(tests/fixtures/manuscripts/make.py) and runs everywhere.
"""
from __future__ import annotations

import re

import pytest

from commentary_docx import markdown_to_pdf, seed_commentary
from conftest import REALDATA, REPORT, ROOT, needs_realdata, needs_soffice
from helpers import check_files
from test_commentary_docx import LIBRARY, PLANTED, _findings, _json, _quotations, _realdata_article, _serious

FIXTURES = ROOT / "tests" / "fixtures" / "manuscripts"
ARTICLES = ["10", "54"]


def _printed_rows(path, page_number: int) -> list[str]:
    """The rows pdfplumber itself prints on a page, spaces removed (independent of the reader)."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [re.sub(r"\s", "", line) for line in (pdf.pages[page_number - 1].extract_text() or "").splitlines()]


def _printed_at(path, location: dict, words: str) -> bool:
    """The words start on that row of that page (their first characters, maybe running on)."""
    rows = _printed_rows(path, location["page"])
    here = rows[location["line"] - 1] + (rows[location["line"]] if location["line"] < len(rows) else "")
    return re.sub(r"\s", "", words)[:6] in here


# --- the realdata commentaries --------------------------------------------------------------

@needs_realdata
@needs_soffice
@pytest.mark.parametrize("key", ARTICLES)
def test_pdf_copy_gives_the_markdowns_quotations_verdicts_and_findings(tmp_path, key):
    article = _realdata_article(key)
    manuscript = markdown_to_pdf(article.read_text(encoding="utf-8"), tmp_path / f"{key}.pdf")
    md, printed = _json(article, LIBRARY), _json(manuscript, LIBRARY)
    checked = [q for q in _quotations(md) if q[3]]
    # block quotes and bullets count (scare quotes do not: they are terms, issue 21)
    assert len(checked) >= 3 and {q[2] for q in checked} >= {"block", "list"}
    assert _quotations(printed) == _quotations(md)
    assert _findings(printed) == _findings(md) and md["findings"]
    for q in printed["quotations"]:
        if q["status"]:  # every checked quotation names the page and row where its words are printed
            assert _printed_at(manuscript, q["location"], q["text"]), (q["text"], q["location"])


@needs_realdata
@needs_soffice
@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_changed_word_in_the_pdf_copy_is_found_at_its_page_and_line(tmp_path, name):
    edit, words, expected = PLANTED[name]
    original = _realdata_article("10").read_text(encoding="utf-8")
    text = edit(original)
    assert text != original
    md = tmp_path / "planted.md"
    md.write_text(text, encoding="utf-8")
    manuscript = markdown_to_pdf(text, tmp_path / "planted.pdf")
    _, md_findings = check_files(md, [LIBRARY])
    result, findings = check_files(manuscript, [LIBRARY])
    assert (*expected, words) in _serious(md_findings)
    assert _serious(findings) == _serious(md_findings)
    found = next(f for f in findings if f.quote == words)
    here = result.article.location(found.line, found.quote)
    assert here.page and _printed_at(manuscript, here.to_json(), words), here


# --- the seed commentary, committed as PDF ---------------------------------------------------

def _key(result, findings) -> tuple:
    return ([(r.quote.text, r.quote.form, r.status, r.binding) for r in result.quotes], _serious(findings))


@pytest.mark.parametrize("changed", [False, True], ids=["clean", "changed"])
def test_the_seed_commentary_in_pdf_reads_as_its_markdown(tmp_path, changed):
    md = tmp_path / "commentary.md"
    md.write_text(seed_commentary(changed), encoding="utf-8")
    expected = _key(*check_files(md, [REPORT]))
    assert {form for _, form, _, _ in expected[0]} == {"block", "bold", "list"}
    if changed:
        assert [rule for rule, _, _ in expected[1]] == ["QC101", "QC310", "QC310"]
    pdf = FIXTURES / ("commentary_changed.pdf" if changed else "commentary.pdf")
    result, findings = check_files(pdf, [REPORT])
    assert _key(result, findings) == expected
    for f in findings:
        if f.severity != "info":
            assert _printed_at(pdf, result.article.location(f.line, f.quote).to_json(), f.quote)


def test_what_the_reader_takes_from_the_printed_rows():
    """The body's first-line indent is not a quote; the passage moved in as a whole is, over both its
    rows; the bullets are one list with no blank line inside; bold runs wrap over rows as one; the
    larger title and the bold line that ends no sentence are headings."""
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(FIXTURES / "commentary.pdf"))
    lines = source.text.split("\n")
    forms = source.forms

    def line_of(words):
        return next(i for i, line in enumerate(lines, 1) if words in line)

    quote = line_of("人工智能领域要占领先机")
    assert forms.quote_lines == {quote, quote + 1} and quote + 1 in forms.wrapped
    assert forms.heading_lines == {line_of("人工智能要健康有序发展"), line_of("发展人工智能，要把安全放在心上")}
    items = [line_of(words) for words in ("集中力量", "构建自主可控", "以人工智能引领")]
    assert [line for line, _ in forms.list_items] == items == [items[0], items[0] + 1, items[0] + 2]
    assert all(lines[line - 1][column:].startswith(("集中", "构建", "以人工")) for line, column in forms.list_items)
    bold = [(line, lines[line - 1][start:end]) for line, start, end in forms.bold]
    assert "".join(words for _, words in bold[:2]) == "推动我国人工智能朝着有益、安全、公平方向健康有序发展"
    assert bold[1][0] == bold[0][0] + 1 and bold[1][0] in forms.wrapped  # one run over two rows
    assert bold[2][1] == "发展和安全是一体之两翼、驱动之双轮" and len(bold) == 3
    assert forms.paragraphs and "**" not in source.text and "> " not in source.text


def test_theory_pdfs_keep_their_section_titles_as_headings_and_have_no_commentary_forms():
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(FIXTURES / "one_column.pdf"))
    lines = source.text.split("\n")
    titles = [lines[line - 1] for line in sorted(source.forms.heading_lines)]
    assert "（一）引领新一轮科技革命和产业变革，推动生产力整体跃升" in titles
    assert titles[0] == "习近平对新时代人工智能发展的若干重要思考"  # the title, by its size
    assert source.forms.quote_lines == frozenset() and source.forms.list_items == () and source.forms.bold == ()


@pytest.mark.parametrize("fontname, bold", [
    ("ABCDEF+NotoSansCJKsc-Bold", True), ("DejaVuSerif-BoldItalic", True), ("SimSun,Bold", True),
    ("STSong-B", True), ("SourceHanSerifSC-SemiBold", True), ("KozGoPr6N-Heavy", True), ("Arial-Black", True),
    ("HiraginoSans-W6", True), ("Roboto-700", True), ("ArialBd", True),
    ("ABCDEF+NotoSansCJKsc-Regular", False), ("SourceHanSansSC-Medium", False), ("HiraginoSans-W3", False),
    ("SimHei", False), ("FZXBSJW--GB1-0", False), ("Roboto-400", False), ("Helvetica-Oblique", False),
    ("BlackadderITC", False), ("", False),
])
def test_a_bold_face_is_known_by_the_weight_its_name_gives(fontname, bold):
    from checker.read.pdf_forms import is_bold_font

    assert is_bold_font(fontname) is bold


@needs_soffice
def test_the_generator_rebuilds_the_commentary_pdf_that_reads_as_the_committed_one(tmp_path):
    fresh = _key(*check_files(markdown_to_pdf(seed_commentary(), tmp_path / "commentary.pdf"), [REPORT]))
    assert {form for _, form, _, _ in fresh[0]} == {"block", "bold", "list"}
    assert fresh == _key(*check_files(FIXTURES / "commentary.pdf", [REPORT]))
