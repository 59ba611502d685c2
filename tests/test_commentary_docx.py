"""A commentary written in Word quotes as one written in Markdown does: in Quote-style (or
indented) paragraphs, bold runs and Word lists after a cue. Read from the .docx, those forms give
the quotations, verdicts and findings the Markdown gives, at the right paragraph, and the reviewed
copy anchors its comment on the quoted words.

The realdata commentaries are turned into .docx here, at run time (their text is not ours to
commit); the small commentary on the seed report runs everywhere.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import word_review
from commentary_docx import SEED_CHANGES, SEED_COMMENTARY, markdown_to_docx
from conftest import REALDATA, REPORT, ROOT, needs_realdata
from helpers import check_files

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIBRARY = REALDATA / "library"
ARTICLES = {"10": "10-*.md", "54": "54-*.md"}


def _realdata_article(key: str) -> Path:
    return next((REALDATA / "articles").glob(ARTICLES[key]))


def _json(path: Path, library: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--library", str(library),
                          "--format", "json", "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _quotations(report: dict) -> list[tuple]:
    return [(q["text"], q["kind"], q["form"], q["status"], q["source"],
             {k: v for k, v in (q["citation"] or {}).items() if k not in ("line", "end_line")})
            for q in report["quotations"]]


def _findings(report: dict) -> list[tuple]:
    return sorted((f["rule"], f["severity"], f["quote"], f["message"]) for f in report["findings"])


def _paragraphs(path: Path) -> list[str]:
    """Non-empty paragraphs as Word counts them (python-docx, independent of the reader)."""
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _paragraph_of(paragraphs: list[str], words: str) -> int:
    hits = [i for i, text in enumerate(paragraphs, 1) if words in re.sub(r"\s", "", text)]
    assert len(hits) == 1, (words, hits)
    return hits[0]


def _serious(findings) -> list[tuple]:
    return sorted((f.rule, f.severity, f.quote) for f in findings if f.severity != "info")


# --- the realdata commentaries ------------------------------------------------------------

@needs_realdata
@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_word_copy_gives_the_markdowns_quotations_verdicts_and_findings(tmp_path, key):
    article = _realdata_article(key)
    manuscript = markdown_to_docx(article.read_text(encoding="utf-8"), tmp_path / f"{key}.docx")
    md, word = _json(article, LIBRARY), _json(manuscript, LIBRARY)
    checked = [q for q in _quotations(md) if q[3]]
    # block quotes and bullets count (scare quotes do not: they are terms, issue 21)
    assert len(checked) >= 3 and {q[2] for q in checked} >= {"block", "list"}
    assert _quotations(word) == _quotations(md)
    assert _findings(word) == _findings(md) and md["findings"]
    paragraphs = _paragraphs(manuscript)
    for q in word["quotations"]:
        if q["status"]:  # every checked quotation names the paragraph that holds its words
            words = re.sub(r"\s", "", q["text"])[:8]
            assert q["location"]["paragraph"] == _paragraph_of(paragraphs, words), q["text"]


BLOCK = "> **当技术被滥用，看见不再为凭，听见不足为信。**"  # article 10, after 文章中有一句话很有冲击力：
MID = "2026 年以来已累计下架人工智能侵权视频超 53.8 万条，处罚违规账号 4000 余个"  # article 10, a report's words in a sentence
# name: (edit of article 10's Markdown, the changed quotation's words, the rule and severity the Markdown gives)
PLANTED = {
    "block quote": (lambda s: s.replace(BLOCK, BLOCK.replace("不再为凭", "不再为证")),
                    "当技术被滥用，看见不再为证，听见不足为信。", ("QC101", "error")),
    "bold paragraph": (lambda s: s.replace(BLOCK, BLOCK[2:].replace("不再为凭", "不再为证")),
                       "当技术被滥用，看见不再为证，听见不足为信。", ("QC101", "error")),
    "bold run in a sentence": (lambda s: s.replace(MID, "**" + MID.replace("处罚", "处理") + "**"),
                               "2026年以来已累计下架人工智能侵权视频超53.8万条，处理违规账号4000余个", ("QC101", "error")),
    "bullet": (lambda s: s.replace("- 开展人工智能科技伦理审查实践。", "- 开展人工智能科技伦理审核实践。"),
               "开展人工智能科技伦理审核实践。", ("QC310", "warning")),
}


def _planted(tmp_path: Path, name: str) -> tuple[Path, Path]:
    edit = PLANTED[name][0]
    original = _realdata_article("10").read_text(encoding="utf-8")
    text = edit(original)
    assert text != original
    md = tmp_path / "planted.md"
    md.write_text(text, encoding="utf-8")
    return md, markdown_to_docx(text, tmp_path / "planted.docx")


@needs_realdata
@pytest.mark.parametrize("name", sorted(PLANTED))
def test_a_changed_word_in_the_word_copy_is_found_at_its_paragraph(tmp_path, name):
    _, words, expected = PLANTED[name]
    md, manuscript = _planted(tmp_path, name)
    _, md_findings = check_files(md, [LIBRARY])
    result, findings = check_files(manuscript, [LIBRARY])
    assert (*expected, words) in _serious(md_findings)
    assert _serious(findings) == _serious(md_findings)
    found = next(f for f in findings if f.quote == words)
    assert found.rule == expected[0]
    here = result.article.location(found.line, found.quote)
    assert here.paragraph == _paragraph_of(_paragraphs(manuscript), re.sub(r"\s", "", words)[:12])
    assert here.opening == words[:12] + "…"


def _anchored(path: Path) -> dict[str, tuple[str, set]]:
    """Comment id -> (the text between its range marks, whether each run there is bold)."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    open_ids: set[str] = set()
    out: dict[str, tuple[str, set]] = {}
    for element in root.iter():
        if element.tag == W + "commentRangeStart":
            open_ids.add(element.get(W + "id"))
            out[element.get(W + "id")] = ("", set())
        elif element.tag == W + "commentRangeEnd":
            open_ids.discard(element.get(W + "id"))
        elif element.tag == W + "t":
            bold = element.getparent().find(f"{W}rPr/{W}b") is not None
            for cid in open_ids:
                text, kinds = out[cid]
                out[cid] = (text + (element.text or ""), kinds | {bold})
    return out


@needs_realdata
@pytest.mark.parametrize("name", ["block quote", "bold run in a sentence"])
def test_the_reviewed_copy_anchors_the_comment_on_the_quoted_words(tmp_path, name):
    import docx

    _, words, expected = PLANTED[name]
    _, manuscript = _planted(tmp_path, name)
    out = subprocess.run([sys.executable, "-m", "checker", "check", manuscript.name, "--library", str(LIBRARY),
                          "--format", "docx"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    reviewed = tmp_path / "reports" / "planted.reviewed.docx"
    marked = word_review.anchored(reviewed)
    comments = {str(c.comment_id): c.text for c in docx.Document(str(reviewed)).comments}
    ours = [cid for cid, text in marked.items() if text == CHANGED[name]]
    assert len(ours) == 1, marked  # the changed word and the source's, as a tracked change: nothing more
    assert comments[ours[0]].startswith(expected[0]) and f"引文：{words}" in comments[ours[0]]
    assert _anchored(reviewed)[ours[0]][1] == {True}  # the runs split for the comment keep their bold
    with zipfile.ZipFile(reviewed) as package:
        xml = package.read("word/document.xml").decode()
    inserted = re.search(r"<w:ins [^>]*w:author=\"quotecheck\"[^>]*>(.*?)</w:ins>", xml).group(1)
    assert "<w:b/>" in inserted  # and so does the source's word
    rejected = tmp_path / "rejected.docx"  # nothing else changed: rejecting the suggestion gives the manuscript back
    word_review.decide_suggestions(reviewed, rejected, reject_in=set(comments))
    assert re.sub(r"\s", "", "".join(_paragraphs(rejected))) == re.sub(r"\s", "", "".join(_paragraphs(manuscript)))


CHANGED = {"block quote": "[-证][+凭]", "bold run in a sentence": "[-理][+罚]"}  # as word_review.anchored marks them


# --- a commentary on the seed report, in every way Word sets words apart ----------------------

WORD_WAYS = [{}, {"quote": "Intense Quote"}, {"quote": "引文"}, {"quote": "indent"}, {"bold": "Strong"},
             {"lists": "style"}]


def _key(result, findings) -> tuple:
    return ([(r.quote.text, r.quote.form, r.status, r.binding) for r in result.quotes], _serious(findings))


@pytest.mark.parametrize("way", WORD_WAYS, ids=lambda way: "-".join(way.values()) or "default")
@pytest.mark.parametrize("changed", [False, True], ids=["clean", "changed"])
def test_every_way_word_sets_words_apart_reads_as_markdown(tmp_path, way, changed):
    text = SEED_COMMENTARY
    for old, new in SEED_CHANGES if changed else ():
        text = text.replace(old, new)
    md = tmp_path / "commentary.md"
    md.write_text(text, encoding="utf-8")
    expected = _key(*check_files(md, [REPORT]))
    assert {form for _, form, _, _ in expected[0]} == {"block", "bold", "list"}
    if changed:  # each changed form is found, as the Markdown finds it
        assert [rule for rule, _, _ in expected[1]] == ["QC101", "QC310", "QC310"]  # bold; block quote, bullet
    else:
        assert expected[1] == [] and {status for _, _, status, _ in expected[0]} == {"verified", "variant"}
    manuscript = markdown_to_docx(text, tmp_path / "commentary.docx", **way)
    assert _key(*check_files(manuscript, [REPORT])) == expected


def test_what_the_reader_takes_from_the_formatting(tmp_path):
    """Lines of the text read from the seed commentary in Word: the body and a first-line indent
    are not a quote; a paragraph moved in as a whole is; the typed bold heading is a heading."""
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(markdown_to_docx(SEED_COMMENTARY, tmp_path / "c.docx", quote="indent")))
    lines = source.text.split("\n")
    forms = source.forms

    def line_of(words):
        return next(i for i, line in enumerate(lines, 1) if words in line)

    assert forms.quote_lines == {line_of("人工智能领域要占领先机")}
    assert forms.heading_lines == {line_of("人工智能要健康有序发展"), line_of("发展人工智能，要把安全放在心上")}
    items = [line_of(words) for words in ("集中力量", "构建自主可控", "以人工智能引领")]
    assert [line for line, _ in forms.list_items] == items
    assert items == [items[0], items[0] + 1, items[0] + 2]  # one list, no blank lines inside it
    bold = {lines[line - 1][start:end] for line, start, end in forms.bold}
    assert bold == {"推动我国人工智能朝着有益、安全、公平方向健康有序发展", "发展和安全是一体之两翼、驱动之双轮"}
    assert "**" not in source.text and "> " not in source.text  # the text is the manuscript's, nothing added


def test_bold_section_titles_of_a_theory_piece_are_headings_not_quotations():
    """The seed manuscript sets its section titles in bold body text: they are section boundaries,
    not bold runs that a source may hold (（一）引领新一轮科技革命和产业变革… holds the report's words)."""
    from checker.read.manuscript import read_article_source

    source = read_article_source(str(ROOT / "tests" / "fixtures" / "manuscripts" / "footnotes.docx"))
    lines = source.text.split("\n")
    titles = [lines[line - 1] for line in sorted(source.forms.heading_lines)]
    assert "（一）引领新一轮科技革命和产业变革，推动生产力整体跃升" in titles and len(titles) == 13
    assert source.forms.bold == () and source.forms.quote_lines == frozenset() and source.forms.list_items == ()


def test_a_bold_table_cell_is_a_bold_run_not_a_heading(tmp_path):
    """Header cells are bold from end to end without ending a sentence, like a typed heading, but
    they start no section; their words stay a bold run a source may hold."""
    import docx

    from checker.read.manuscript import read_article_source

    document = docx.Document()
    document.add_paragraph("表中列出了讲话的要点：")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("推动我国人工智能朝着有益、安全、公平方向健康有序发展").bold = True
    document.save(str(tmp_path / "t.docx"))
    source = read_article_source(str(tmp_path / "t.docx"))
    lines = source.text.split("\n")
    assert source.forms.heading_lines == frozenset()
    assert [lines[line - 1][start:end] for line, start, end in source.forms.bold] == [
        "推动我国人工智能朝着有益、安全、公平方向健康有序发展"]
