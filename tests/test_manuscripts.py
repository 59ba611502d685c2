"""Manuscripts as editors have them (.docx, .pdf): the same quotations, notes and verdicts as the
seed's .txt, planted errors found and located by paragraph or page, bad inputs refused in one line.

The manuscripts are made from the seed by tests/fixtures/manuscripts/make.py (LibreOffice) and
committed; these tests need no LibreOffice.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ARTICLE, REPORT, ROOT
from helpers import check_files

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "manuscripts"
DOCX_CLEAN = ["footnotes.docx", "endnotes.docx", "custom_marks.docx", "handtyped.docx", "autonumbered.docx",
              "tracked.docx"]
DOCX_PLANTED = ["footnotes_planted.docx", "handtyped_planted.docx"]

# What make.py plants (seed line, old, new) and what the check must say about each.
PLANTED_QUOTES = {"推动我国人工智能朝着有利、安全、公平方向健康有序发展": ("QC101", "原文「有益」，引文「有利」"),
                  "在基础理论、工具等方面取得突破": ("QC101", "漏引「方法、」（「基础理论」之后）")}
PLANTED_DATE_QUOTE = "党中央高度重视人工智能发展，近年来完善顶层设计、加强工作部署，推动我国人工智能综合实力整体性、系统性跃升"


def _key(result) -> tuple:
    q = result.quote
    ref = q.reference
    cite = (ref.title, ref.date.iso if ref.date else None, ref.publication, ref.page) if ref else None
    return (q.text.replace(" ", ""), q.kind, result.status, cite)


@pytest.fixture(scope="module")
def seed_keys():
    result, findings = check_files(ARTICLE, [REPORT])
    return [_key(r) for r in result.quotes], findings


def _serious(findings):
    return [f for f in findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("name", DOCX_CLEAN)
def test_docx_gives_the_seed_quotations_notes_and_verdicts(name, seed_keys):
    keys, seed_findings = seed_keys
    result, findings = check_files(FIXTURES / name, [REPORT])
    assert [_key(r) for r in result.quotes] == keys
    assert sum(r.status == "verified" for r in result.quotes) == 9
    assert _serious(findings) == []
    assert sorted(f.rule for f in findings) == sorted(f.rule for f in seed_findings)


def _docx_paragraphs(path: Path) -> list[str]:
    """Non-empty paragraphs as an editor counts them in Word (python-docx, independent of the reader)."""
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.text.strip()]


def _paragraph_of(paragraphs: list[str], words: str) -> int:
    hits = [i for i, text in enumerate(paragraphs, 1) if words in text.replace(" ", "")]
    assert len(hits) == 1, (words, hits)
    return hits[0]


@pytest.mark.parametrize("name", DOCX_PLANTED)
def test_docx_planted_errors_are_found_and_located_by_paragraph(name):
    from checker.report.model import Report

    path = FIXTURES / name
    result, findings = check_files(path, [REPORT])
    serious = _serious(findings)
    assert sorted(f.rule for f in serious) == ["QC101", "QC101", "QC201"]
    paragraphs = _docx_paragraphs(path)
    report = Report(result, findings)
    for f in serious:
        here = result.article.location(f.line, f.quote)
        if f.rule == "QC101":
            rule, words = PLANTED_QUOTES[f.quote]
            assert words in f.message
            assert here.paragraph == _paragraph_of(paragraphs, f.quote[:12])
            assert here.opening == f.quote[:12] + "…"
            assert report.where(f.line, f.quote) == f"第{here.paragraph}段"
        else:
            assert f.quote == PLANTED_DATE_QUOTE and "2025年4月28日" in f.message
            if name.startswith("footnotes"):  # the note is a Word footnote of the quotation's paragraph
                assert here.paragraph == _paragraph_of(paragraphs, PLANTED_DATE_QUOTE[:12])
                assert here.note_kind == "footnote" and here.note
                assert report.where(f.line, f.quote) == f"第{here.paragraph}段脚注{here.note}"
            else:  # a typed note under 注释: its own paragraph, named by its opening words
                assert here.note is None
                assert "2025年4月28日" in paragraphs[here.paragraph - 1].replace(" ", "")
                assert paragraphs[here.paragraph - 1].startswith(here.opening.rstrip("…"))


def test_tracked_changes_are_read_accepted_with_a_warning():
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(FIXTURES / "tracked.docx"))
    assert "有益、安全、公平方向" in source.text and "有利于" not in source.text
    assert "加强基础理论研究" in source.text and "加强理论研究" not in source.text
    assert len(source.warnings) == 1 and "tracked changes" in source.warnings[0]
    clean = read_article_source(str(FIXTURES / "footnotes.docx"))
    assert clean.warnings == ()


def test_word_footnote_numbers_and_custom_marks_as_word_shows_them():
    from checker.read.manuscript import read_article_source

    plain = read_article_source(str(FIXTURES / "footnotes.docx"))
    notes = [loc for loc in plain.locations if loc and loc.note]
    assert [loc.note for loc in notes] == [str(n) for n in range(1, 53)]
    endnotes = read_article_source(str(FIXTURES / "endnotes.docx"))
    shown = [loc.note for loc in endnotes.locations if loc and loc.note]
    assert shown[:4] == ["i", "ii", "iii", "iv"] and len(shown) == 52
    custom = read_article_source(str(FIXTURES / "custom_marks.docx"))
    marks = [loc.note for loc in custom.locations if loc and loc.note]
    assert marks[:2] == ["①", "①"] and set(marks) <= {chr(c) for c in range(0x2460, 0x2474)}
    assert "深远影响。”①" in custom.text  # the mark as typed, which the layout reads as a marker


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def test_docx_json_has_a_location_beside_line():
    out = _cli("check", str(FIXTURES / "footnotes_planted.docx"), "--library", str(REPORT), "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["article"]["format"] == "docx"
    finding = next(f for f in data["findings"] if f["rule"] == "QC101" and "有利" in f["quote"])
    assert list(finding)[list(finding).index("line") + 1] == "location"
    assert finding["location"]["paragraph"] > 1 and finding["location"]["opening"] == "推动我国人工智能朝着有利…"
    quote = next(q for q in data["quotations"] if q["text"] == finding["quote"])
    assert quote["location"] == finding["location"]


def test_docx_concise_and_english_name_the_paragraph():
    out = _cli("check", str(FIXTURES / "footnotes_planted.docx"), "--library", str(REPORT), "--format", "concise")
    line = next(x for x in out.stdout.splitlines() if "有利" in x)
    assert "段：引文与原文不一致" in line
    out = _cli("check", str(FIXTURES / "footnotes_planted.docx"), "--library", str(REPORT), "--format", "concise",
               "--lang", "en")
    line = next(x for x in out.stdout.splitlines() if "有利" in x)
    assert re.search(r"QC101 \[error\] paragraph \d+: Quotation differs", line), line


def test_extract_text_prints_the_lines_reports_count():
    out = _cli("extract", "--text", str(FIXTURES / "footnotes_planted.docx"))
    assert out.returncode == 0
    lines = out.stdout.split("\n")
    data = json.loads(_cli("check", str(FIXTURES / "footnotes_planted.docx"), "--library", str(REPORT),
                           "--format", "json").stdout)
    finding = next(f for f in data["findings"] if f["rule"] == "QC101" and "有利" in f["quote"])
    assert "有利、安全、公平" in lines[finding["line"] - 1]


@pytest.mark.parametrize("name,words", [
    ("corrupt.docx", "damaged"),
    ("old_word.doc", "save it as .docx"),
])
def test_bad_manuscripts_exit_2_with_one_line(name, words):
    out = _cli("check", str(FIXTURES / name), "--library", str(REPORT))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and words in lines[0] and "Traceback" not in out.stderr


def test_text_check_does_not_import_the_manuscript_libraries():
    code = ("import sys; from checker.cli import main; "
            "rc = main(['check', %r, '--library', %r, '--format', 'json', '--output', '/dev/null']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'pdfplumber', 'pdfminer', 'lxml')))"
            % (str(ARTICLE), str(REPORT)))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


# --- PDF ------------------------------------------------------------------------------------

PDF_CLEAN = ["one_column.pdf", "two_columns.pdf"]
PDF_PLANTED = ["one_column_planted.pdf", "two_columns_planted.pdf"]


@pytest.mark.parametrize("name", PDF_CLEAN)
def test_pdf_gives_the_seed_quotations_notes_and_verdicts(name, seed_keys):
    keys, seed_findings = seed_keys
    result, findings = check_files(FIXTURES / name, [REPORT])
    assert [_key(r) for r in result.quotes] == keys
    assert sum(r.status == "verified" for r in result.quotes) == 9
    assert _serious(findings) == []
    assert sorted(f.rule for f in findings) == sorted(f.rule for f in seed_findings)


def _printed_lines(path: Path, page_number: int, column: int | None) -> list[str]:
    """The lines pdfplumber itself prints for a page (or one column of it), spaces removed."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[page_number - 1]
        if column:
            half = float(page.width) / 2
            page = page.crop((0, 0, half, page.height) if column == 1 else (half, 0, page.width, page.height))
        return [line.replace(" ", "") for line in (page.extract_text() or "").splitlines()]


@pytest.mark.parametrize("name", PDF_PLANTED)
def test_pdf_planted_errors_are_found_and_located_by_page_and_line(name):
    from checker.report.model import Report

    path = FIXTURES / name
    result, findings = check_files(path, [REPORT])
    serious = _serious(findings)
    assert sorted(f.rule for f in serious) == ["QC101", "QC101", "QC201"]
    report = Report(result, findings)
    two = name.startswith("two")
    for f in serious:
        here = result.article.location(f.line, f.quote)
        assert here.page > 1 and here.line >= 1 and (here.column in (1, 2)) == two
        lines = _printed_lines(path, here.page, here.column)
        if f.rule == "QC101":
            rule, words = PLANTED_QUOTES[f.quote]
            assert words in f.message
            # The quotation opens on that line of that page (its first words, maybe running on).
            printed = lines[here.line - 1] + lines[here.line]
            assert ("“" + f.quote[:4]) in printed or f.quote[:4] in lines[here.line - 1][-8:] + lines[here.line]
            side = ("左栏" if here.column == 1 else "右栏") if two else ""
            assert report.where(f.line, f.quote) == f"第{here.page}页{side}第{here.line}行"
        else:
            assert f.quote == PLANTED_DATE_QUOTE and "2025年4月28日" in f.message
            assert here.note  # the note, on the page where it is printed
            page_text = "".join(lines)
            assert "2025年4月28日" in page_text
            assert report.where(f.line, f.quote).startswith(f"第{here.page}页")


def test_pdf_footnotes_restart_per_page_and_bind_to_their_own_page():
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(FIXTURES / "two_columns.pdf"))
    notes = [loc for loc in source.locations if loc and loc.note]
    assert len(notes) == 52
    firsts = [loc.page for loc in notes if loc.note == "1"]
    assert len(firsts) > 5 and len(set(firsts)) == len(firsts)  # numbering restarts on every page
    one = read_article_source(str(FIXTURES / "one_column.pdf"))
    assert [loc.note for loc in one.locations if loc and loc.note] == [str(n) for n in range(1, 53)]


def test_pdf_text_has_no_spaces_between_cjk_and_digits_and_keeps_latin_words():
    from checker.read.manuscript import read_article_source

    text = read_article_source(str(FIXTURES / "one_column.pdf")).text
    assert "进入21世纪以来" in text and "2025年4月27日" in text
    assert "Joseph Clark" in text


def test_kangxi_radicals_read_as_ideographs():
    from checker.read.pdf import _char_text

    assert _char_text("\u2f08") == "人" and _char_text("\u2fc5") == "鹿" and _char_text("\u2fd5") == "龠"
    assert _char_text("中") == "中" and _char_text("\u2e8c") == "\u2e8c"  # outside the range: as printed


@pytest.mark.parametrize("name,words", [
    ("scanned.pdf", "no text layer"),
    ("encrypted.pdf", "encrypted"),
])
def test_unreadable_pdfs_exit_2_with_one_line(name, words):
    out = _cli("check", str(FIXTURES / name), "--library", str(REPORT))
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and words in lines[0] and "Traceback" not in out.stderr


def test_damaged_pdf_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "damaged.pdf"
    bad.write_bytes((FIXTURES / "one_column.pdf").read_bytes()[:3000])
    out = _cli("check", str(bad), "--library", str(REPORT))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "damaged.pdf" in lines[0] and "Traceback" not in out.stderr


# --- .docx made here: tables, typed superscript numbers, a numbered note list, a deleted mark --

NOTE_4_27 = ("《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
             "《人民日报》2025年4月27日。")
QUOTE = "推动我国人工智能朝着有益、安全、公平方向健康有序发展"


def _check_docx(tmp_path, document, name="made.docx"):
    path = tmp_path / name
    document.save(str(path))
    result, findings = check_files(path, [REPORT])
    return path, result, findings


def _superscript(paragraph, text):
    paragraph.add_run(text).font.superscript = True


def test_quotation_in_a_table_cell_with_a_typed_superscript_number(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("人工智能的若干思考")
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    p = cell.paragraphs[0]
    p.add_run(f"习近平强调，要“{QUOTE}”")
    _superscript(p, "1")
    p.add_run("。")
    document.add_paragraph("注释")
    document.add_paragraph("1. " + NOTE_4_27)
    _, result, findings = _check_docx(tmp_path, document)
    quote = next(r for r in result.quotes if r.quote.text == QUOTE)
    assert quote.status == "verified" and quote.quote.reference.date.iso == "2025-04-27"
    here = result.article.location(quote.quote.line, QUOTE)
    assert here.paragraph == 2 and here.opening == QUOTE[:12] + "…"  # the cell is the second paragraph
    assert _serious(findings) == []


def test_notes_as_a_word_numbered_list_bind_like_typed_ones(tmp_path):
    import docx

    document = docx.Document()
    p = document.add_paragraph(f"习近平强调，要“{QUOTE}”")
    _superscript(p, "［1］")
    p.add_run("。又说“加强基础理论研究”")
    _superscript(p, "［2］")
    document.add_paragraph("参考文献")
    document.add_paragraph("《光明日报》的一篇文章，2020年1月1日。", style="List Number")  # 1.
    document.add_paragraph(NOTE_4_27, style="List Number")  # 2.
    path, result, _ = _check_docx(tmp_path, document)
    from checker.read.manuscript import read_article_source

    text = read_article_source(str(path)).text
    assert "1. 《光明日报》" in text and "2. 《习近平在中共中央政治局" in text  # the numbers Word shows
    first = next(r for r in result.quotes if r.quote.text == QUOTE)
    assert first.quote.reference.number == "1" and first.quote.reference.publication == "光明日报"


def test_a_deleted_paragraph_mark_joins_the_two_paragraphs(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("习近平强调，要“推动我国人工智能朝着有益、")
    second = document.add_paragraph("安全、公平方向健康有序发展”［1］。")
    first = document.paragraphs[0]
    first._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:del w:id="7" w:author="编辑" w:date="2026-01-05T09:00:00Z"/></w:rPr>'))
    document.add_paragraph("注释")
    document.add_paragraph("［1］" + NOTE_4_27)
    assert second.text
    path, result, findings = _check_docx(tmp_path, document)
    quote = next(r for r in result.quotes if r.quote.kind == "quotation")
    assert quote.quote.text == QUOTE and quote.status == "verified"
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(path))
    assert source.warnings and "tracked changes" in source.warnings[0]
    assert result.article.location(quote.quote.line, QUOTE).paragraph == 1


def test_a_note_continued_on_the_next_page_is_one_note():
    from checker.read.location import Location
    from checker.read.pdf import Note, PageText, _assemble

    one = PageText(1, body=[("他说“推动我国人工智能朝着有益、安全、公平方向健康有序发展”［1］。", Location(page=1, line=1), True)],
                   notes=[Note("", ["［1］《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》202"], 1, 30, None)])
    two = PageText(2, body=[("下一页的正文。", Location(page=2, line=1), True)],
                   notes=[Note("", ["5年4月27日。"], 2, 31, None), Note("", ["［1］《另一篇》，《光明日报》2020年1月1日。"], 2, 32, None)])
    source = _assemble("x.pdf", b"%PDF", [one, two])
    notes = [(n, line) for n, line in enumerate(source.text.split("\n"), 1) if n in source.note_lines]
    assert [line for _, line in notes] == ["［1］ 《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》2025年4月27日。",
                                           "［1］ 《另一篇》，《光明日报》2020年1月1日。"]
    assert source.locations[notes[0][0] - 1] == Location(page=1, line=30, note="1")


def _line(text: str, x0: float, top: float, size: float = 10.5) -> list[dict]:
    return [{"text": ch, "x0": x0 + i * size, "x1": x0 + (i + 1) * size, "top": top, "bottom": top + size,
             "size": size} for i, ch in enumerate(text)]


def test_page_numbers_and_running_heads_go_but_footnotes_at_the_foot_stay():
    from checker.read.pdf import PageData, _read_page

    chars = _line("理论刊物 2025 年第 6 期", 60, 30, 8)  # running head, small, in the top margin
    for n in range(30):
        chars += _line("正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文", 60, 80 + n * 20)
    chars += _line("［1］《习近平向2024世界智能产业博览会致贺信》，《人民日报》2024年6月21日。", 60, 786, 8)
    chars += _line("12", 290, 805)  # the page number
    page = _read_page(PageData(6, 595.0, 842.0, chars, [{"x0": 60.0, "x1": 140.0, "top": 780.0, "bottom": 780.5}]),
                      10.5)
    texts = [t for t, _, _ in page.body]
    assert len(texts) == 30 and not any("理论刊物" in t or t == "12" for t in texts)
    assert [(n.parts[0], n.line) for n in page.notes] == [("［1］《习近平向2024世界智能产业博览会致贺信》，《人民日报》2024年6月21日。", 31)]


def test_pdf_json_location_names_page_column_and_line():
    out = _cli("check", str(FIXTURES / "two_columns_planted.pdf"), "--library", str(REPORT), "--format", "json")
    data = json.loads(out.stdout)
    assert data["article"]["format"] == "pdf"
    finding = next(f for f in data["findings"] if f["rule"] == "QC101" and "有利" in f["quote"])
    keys = list(finding)
    assert keys[keys.index("line") + 1] == "location"
    assert set(finding["location"]) == {"page", "column", "line"} and finding["location"]["page"] > 1
    text = _cli("extract", "--text", str(FIXTURES / "two_columns_planted.pdf")).stdout.split("\n")
    assert "有利" in "".join(text[finding["line"] - 1:finding["line"] + 1])


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_generator_rebuilds_a_manuscript_that_reads_as_the_committed_one(tmp_path):
    out = subprocess.run([sys.executable, str(FIXTURES / "make.py"), "--out", str(tmp_path), "--only",
                          "footnotes.docx"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    fresh, _ = check_files(tmp_path / "footnotes.docx", [REPORT])
    committed, _ = check_files(FIXTURES / "footnotes.docx", [REPORT])
    assert [_key(r) for r in fresh.quotes] == [_key(r) for r in committed.quotes]


def test_sarif_and_github_keep_the_extracted_line_and_name_the_place():
    sarif = json.loads(_cli("check", str(FIXTURES / "footnotes_planted.docx"), "--library", str(REPORT),
                            "--format", "sarif").stdout)
    result = next(r for r in sarif["runs"][0]["results"] if "有利" in r["message"]["text"])
    location = result["locations"][0]
    assert location["physicalLocation"]["region"]["startLine"] > 1
    assert re.fullmatch(r"第\d+段", location["logicalLocations"][0]["name"])
    assert result["properties"]["location"]["opening"] == "推动我国人工智能朝着有利…"
    github = _cli("check", str(FIXTURES / "two_columns_planted.pdf"), "--library", str(REPORT), "--format", "github")
    line = next(x for x in github.stdout.splitlines() if "有利" in x)
    assert re.search(r",line=\d+,", line) and re.search(r"::第\d+页[左右]栏第\d+行：", line)


def test_a_text_article_reports_as_before_without_locations():
    data = json.loads(_cli("check", str(ARTICLE), "--library", str(REPORT), "--format", "json").stdout)
    assert "format" not in data["article"]
    assert not any("location" in q for q in data["quotations"]) and not any("location" in f for f in data["findings"])
    sarif = json.loads(_cli("check", str(ARTICLE), "--library", str(REPORT), "--format", "sarif").stdout)
    assert not any("logicalLocations" in r["locations"][0] for r in sarif["runs"][0]["results"])


def test_a_running_head_of_body_size_does_not_cut_a_quotation_over_a_page_break():
    from checker.read.pdf import PageData, _assemble, _page_pieces, _read_page, _running_lines

    body = "正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文"
    pages = []
    for n in range(1, 5):
        chars = _line(f"学习时报 2025年第{n}期 理论版", 60, 40)  # same size as the body
        lines = [body] * 30
        if n == 2:
            lines[-1] = "习近平强调，要“推动我国人工智能朝着有益、安全、"
        if n == 3:
            lines[0] = "公平方向健康有序发展”。正文正文正文正文正文正文正文"
        for i, text in enumerate(lines):
            chars += _line(text, 60, 90 + i * 22)
        pages.append(PageData(n, 595.0, 842.0, chars, []))
    pieces = [_page_pieces(page, 10.5) for page in pages]
    running = frozenset(_running_lines(pages, pieces))
    assert running == {"学习时报年第期理论版"}
    source = _assemble("x.pdf", b"%PDF", [_read_page(p, 10.5, pp, running) for p, pp in zip(pages, pieces)])
    assert "学习时报" not in source.text
    joined = source.text.replace("\n", "")
    assert "“推动我国人工智能朝着有益、安全、公平方向健康有序发展”" in joined


@pytest.mark.parametrize("rule", [True, False])
def test_footnotes_across_the_page_under_two_columns(rule):
    from checker.read.pdf import PageData, _assemble, _read_page

    chars = []
    for i in range(30):
        chars += _line("他说“推动我国人工智能朝着有益”" if i == 29 else "左栏正文左栏正文左栏正文左栏正文左栏正", 60, 80 + i * 20)
        chars += _line("右栏又说“加强基础理论研究”" if i == 5 else "右栏正文右栏正文右栏正文右栏正文右栏正", 320, 80 + i * 20)
    for number, x, top in (("1", 60 + 16 * 10.5, 80 + 29 * 20 - 2), ("2", 320 + 14 * 10.5, 80 + 5 * 20 - 2)):
        chars.append({"text": number, "x0": x, "x1": x + 5, "top": top, "bottom": top + 6, "size": 6})
    chars += _line("1《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》2025年4月27日。这一条注释很长，横跨两栏一直写到这里，",
                   60, 700, 8)
    chars += _line("还有第二行。", 60, 712, 8)
    chars += _line("2《另一篇文章》，《光明日报》2020年1月1日。", 60, 726, 8)
    rules = [{"x0": 60.0, "x1": 140.0, "top": 690.0, "bottom": 690.5}] if rule else []
    source = _assemble("x.pdf", b"%PDF", [_read_page(PageData(3, 595.0, 842.0, chars, rules), 10.5)])
    lines = source.text.split("\n")
    assert [lines[n - 1] for n in sorted(source.note_lines)] == [
        "［1］ 《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》2025年4月27日。这一条注释很长，横跨两栏一直写到这里，还有第二行。",
        "［2］ 《另一篇文章》，《光明日报》2020年1月1日。"]
    assert "他说“推动我国人工智能朝着有益”［1］" in source.text and "右栏又说“加强基础理论研究”［2］" in source.text
