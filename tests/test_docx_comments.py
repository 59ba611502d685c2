"""`--format docx`: a reviewed copy of the manuscript with one Word comment per quotation to fix,
anchored on exactly the quoted words; the input never changes; notes and comments survive."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import word_review as wr
from conftest import ARTICLE, REPORT, ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "manuscripts"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def _review(tmp_path: Path, name: str, *extra) -> tuple[Path, Path, subprocess.CompletedProcess]:
    manuscript = tmp_path / name
    shutil.copy(FIXTURES / name, manuscript)
    out = _cli("check", manuscript.name, "--library", str(REPORT), "--format", "docx", *extra, cwd=tmp_path)
    return manuscript, tmp_path / "reports" / (manuscript.stem + ".reviewed.docx"), out


def _all_text(path: Path) -> str:
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(W + "t"))


# Where each planted error's comment sits, and the suggestion on it ([-old][+new]: a tracked change).
# In Word footnotes the date's suggestion is in the note and its comment on the note's mark in the
# text (LibreOffice cannot open a file with a comment inside a note).
ANCHORS = {
    "footnotes_planted.docx": {"QC101 有利": "[-利][+益]", "QC101 方法": "[+方法、]", "QC201": ""},
    "handtyped_planted.docx": {"QC101 有利": "[-利][+益]", "QC101 方法": "[+方法、]", "QC201": "2025年4月[-28][+27]日"},
}
PLAIN = {"QC101 有利": "利", "QC101 方法": "、工", "QC201": "2025年4月28日"}  # --no-suggestions


def _key(comment: dict) -> str:
    if comment["rule"] != "QC101":
        return comment["rule"]
    return "QC101 有利" if "「有利」" in comment["text"] else "QC101 方法"


@pytest.mark.parametrize("name", ["footnotes_planted.docx", "handtyped_planted.docx"])
def test_one_comment_per_finding_on_the_words_that_differ_with_the_sources_words_to_accept(tmp_path, name):
    manuscript, reviewed, out = _review(tmp_path, name)
    before = (FIXTURES / name).read_bytes()
    assert out.returncode == 1, out.stderr  # exit code from --fail-on, as for any format
    assert manuscript.read_bytes() == before  # the input never changes
    assert f"reports/{manuscript.stem}.reviewed.docx" in out.stderr
    assert "错误 3，警告 0" in out.stderr  # the counts, on stderr, for a report written to a file
    comments = wr.comments(reviewed)
    anchored = wr.anchored(reviewed)
    ours = {_key(c): c for c in comments if c["rule"]}
    assert {k: anchored[c["id"]] for k, c in ours.items()} == ANCHORS[name]
    for key, comment in ours.items():
        assert comment["author"] == "quotecheck" and comment["text"].startswith(key[:5])
        assert "怎么改" in comment["text"] and "原文：" in comment["text"] and "引文：" in comment["text"]
        assert comment["text"].endswith(f"fp={comment['fingerprint']}]")
    assert "原文「有益」，引文「有利」" in ours["QC101 有利"]["text"]
    assert "原文：推动我国人工智能朝着有益、安全、公平方向健康有序发展" in ours["QC101 有利"]["text"]
    if name == "footnotes_planted.docx":
        assert wr.where(reviewed)[ours["QC201"]["id"]] == "word/document.xml"
        assert "在注释中：「2025年4月28日」" in ours["QC201"]["text"]
        assert ("del", "28") in wr.suggestions(reviewed) and ("ins", "27") in wr.suggestions(reviewed)
    summary = [c for c in comments if c["summary"]]
    assert len(summary) == 1 and "引文 52 处：可核对 9 处，其中 7 处与原文一致；错误 3，警告 0。" in summary[0]["text"]
    assert "无法核对 43 处" in summary[0]["text"] and "《习近平向2024世界智能产业博览会致贺信》" in summary[0]["text"]
    # Rejecting every suggestion gives back the manuscript's text; the notes and other parts are the input's.
    rejected = tmp_path / "rejected.docx"
    wr.decide_suggestions(reviewed, rejected, reject_in={c["id"] for c in comments})
    if name == "handtyped_planted.docx":
        assert _all_text(rejected) == _all_text(FIXTURES / name)
    with zipfile.ZipFile(FIXTURES / name) as a, zipfile.ZipFile(reviewed) as b:
        for part in ("word/settings.xml", "word/numbering.xml"):
            if part in a.namelist():
                assert _c14n(a.read(part)) == _c14n(b.read(part)), part
        styles = re.findall(rb'w:styleId="([^"]+)"', a.read("word/styles.xml"))
        assert set(styles) <= set(re.findall(rb'w:styleId="([^"]+)"', b.read("word/styles.xml")))


@pytest.mark.parametrize("name", ["footnotes_planted.docx", "handtyped_planted.docx"])
def test_no_suggestions_leaves_the_text_alone(tmp_path, name):
    _, reviewed, out = _review(tmp_path, name, "--no-suggestions")
    assert out.returncode == 1, out.stderr
    assert wr.suggestions(reviewed) == []
    assert _all_text(reviewed) == _all_text(FIXTURES / name)
    comments = [c for c in wr.comments(reviewed) if c["rule"]]
    expected = dict(PLAIN, **({"QC201": ""} if name == "footnotes_planted.docx" else {}))
    assert {_key(c): wr.anchored(reviewed)[c["id"]] for c in comments} == expected
    assert not any("修订" in c["text"] for c in comments)
    with zipfile.ZipFile(FIXTURES / name) as a, zipfile.ZipFile(reviewed) as b:
        if "word/footnotes.xml" in a.namelist():
            assert _c14n(a.read("word/footnotes.xml")) == _c14n(b.read("word/footnotes.xml"))


def _c14n(xml: bytes) -> bytes:
    from lxml import etree

    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_clean_manuscript_gets_no_comment_and_exit_0(tmp_path):
    import docx

    _, reviewed, out = _review(tmp_path, "footnotes.docx")
    assert out.returncode == 0, out.stderr
    comments = list(docx.Document(str(reviewed)).comments)  # the summary alone, on the title
    assert len(comments) == 1 and comments[0].text.startswith("quotecheck 核对摘要")
    assert "错误 0，警告 0" in comments[0].text


def test_existing_comments_and_footnotes_survive(tmp_path):
    import docx

    source = docx.Document(str(FIXTURES / "footnotes_planted.docx"))
    first = source.paragraphs[0]
    source.add_comment(first.runs, text="标题再斟酌", author="编辑", initials="BJ")
    manuscript = tmp_path / "edited.docx"
    source.save(str(manuscript))
    before = manuscript.read_bytes()
    out = _cli("check", str(manuscript), "--library", str(REPORT), "--format", "docx",
               "--output", str(tmp_path / "out.docx"))
    assert out.returncode == 1, out.stderr
    assert manuscript.read_bytes() == before
    comments = list(docx.Document(str(tmp_path / "out.docx")).comments)
    assert [c.author for c in comments].count("编辑") == 1 and [c.author for c in comments].count("quotecheck") == 4
    assert len({c.comment_id for c in comments}) == 5
    with zipfile.ZipFile(tmp_path / "out.docx") as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert footnotes.count("<w:footnote ") - footnotes.count('w:type="') == 52


def test_runs_are_split_and_keep_their_formatting(tmp_path):
    """The quoted words start inside a bold run and end inside an italic one."""
    import docx

    document = docx.Document()
    p = document.add_paragraph("习近平强调，要“推动我国人工智能")
    p.add_run("朝着有利、安全").bold = True
    tail = p.add_run("、公平方向健康有序发展”［1］。其后文字")
    tail.italic = True
    document.add_paragraph("注释")
    document.add_paragraph("[1] 《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
                           "《人民日报》2025年4月27日。")
    manuscript = tmp_path / "runs.docx"
    document.save(str(manuscript))
    out = _cli("check", str(manuscript), "--library", str(REPORT), "--format", "docx", "--output",
               str(tmp_path / "runs.reviewed.docx"), "--no-suggestions")
    assert out.returncode == 1, out.stderr
    reviewed = docx.Document(str(tmp_path / "runs.reviewed.docx"))
    anchored = wr.anchored(tmp_path / "runs.reviewed.docx")
    assert sorted(anchored.values()) == sorted(["利", p.text])  # the changed word; the summary on the first paragraph
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in reviewed.paragraphs[0].runs if r.text]
    assert runs == [("习近平强调，要“推动我国人工智能", False, False), ("朝着有", True, False), ("利", True, False),
                    ("、安全", True, False), ("、公平方向健康有序发展”［1］。其后文字", False, True)]
    # With the suggestion: the tracked change keeps the run's bold.
    _cli("check", str(manuscript), "--library", str(REPORT), "--format", "docx", "--output",
         str(tmp_path / "suggested.docx"))
    with zipfile.ZipFile(tmp_path / "suggested.docx") as package:
        xml = package.read("word/document.xml").decode()
    inserted = re.search(r"<w:ins [^>]*w:author=\"quotecheck\"[^>]*>(.*?)</w:ins>", xml).group(1)
    assert "<w:b/>" in inserted and ">益</w:t>" in inserted


def test_format_docx_needs_a_docx_article(tmp_path):
    for article in (ARTICLE, FIXTURES / "one_column.pdf"):
        out = _cli("check", str(article), "--library", str(REPORT), "--format", "docx", cwd=tmp_path)
        assert out.returncode == 2 and out.stdout == ""
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and str(article) in lines[0] and ".docx" in lines[0]
    assert not (tmp_path / "reports").exists()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_comments_and_the_suggestions(tmp_path):
    _, reviewed, out = _review(tmp_path, "footnotes_planted.docx")
    assert out.returncode == 1
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    subprocess.run(["soffice", "--headless", profile, "--convert-to", "odt", "--outdir", str(tmp_path / "odt"),
                    str(reviewed)], check=True, capture_output=True, timeout=240)
    with zipfile.ZipFile(tmp_path / "odt" / (reviewed.stem + ".odt")) as package:
        content = package.read("content.xml").decode()
    notes = re.findall(r"<office:annotation (?:(?!</office:annotation>).)*</office:annotation>", content, re.S)
    texts = [re.sub(r"<[^>]+>", "", n.split("</dc:date>")[-1]) for n in notes]
    assert all("<dc:creator>quotecheck</dc:creator>" in n for n in notes) and len(notes) == 4
    assert sum("原文「有益」，引文「有利」" in t for t in texts) == 1
    assert sum("在注释中：「2025年4月28日」" in t for t in texts) == 1  # on the note's mark
    assert sum("quotecheck 核对摘要" in t for t in texts) == 1
    # The suggestions are LibreOffice's tracked changes by quotecheck: 利→益, 方法、 inserted, 28→27 in the note.
    regions = re.findall(r"<text:changed-region .*?</text:changed-region>", content, re.S)
    assert len(regions) == 5 and all("<dc:creator>quotecheck</dc:creator>" in r for r in regions)
    deleted = sorted(re.sub(r"<[^>]+>", "", r.split("</office:change-info>")[-1]) for r in regions if "<text:deletion>" in r)
    assert deleted == ["28", "利"]
    # And as Word-style comments exported to PDF.
    subprocess.run(["soffice", "--headless", profile, "--convert-to",
                    'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                    "--outdir", str(tmp_path / "pdf"), str(reviewed)], check=True, capture_output=True, timeout=240)
    import pdfplumber
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    contents = []
    with pdfplumber.open(str(tmp_path / "pdf" / (reviewed.stem + ".pdf"))) as pdf:
        for page in pdf.pages:  # pdfminer itself: pdfplumber stumbles on LibreOffice's popups
            for annot in resolve1(page.page_obj.annots) or []:
                text = resolve1(annot).get("Contents")
                if isinstance(text, bytes):
                    contents.append(decode_text(text))
    assert sum("QC101" in c for c in contents) == 2 and sum("QC201" in c for c in contents) == 1


def test_reviewed_copy_is_a_valid_package(tmp_path):
    _, reviewed, _ = _review(tmp_path, "footnotes_planted.docx")
    with zipfile.ZipFile(reviewed) as package:
        assert package.testzip() is None
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "word/comments.xml" in names and "comments+xml" in types and "comments.xml" in rels
    assert hashlib.sha256(reviewed.read_bytes()).hexdigest() != hashlib.sha256(
        (FIXTURES / "footnotes_planted.docx").read_bytes()).hexdigest()


def test_a_folder_check_skips_the_reviewed_copies_it_wrote(tmp_path):
    from checker.batch import expand_articles

    _, reviewed, out = _review(tmp_path, "footnotes_planted.docx")
    assert reviewed.exists()
    assert expand_articles([str(tmp_path)]) == [str(tmp_path / "footnotes_planted.docx")]
    assert expand_articles([str(reviewed)]) == [str(reviewed)]  # named on its own, it is checked


def test_same_inputs_same_bytes_with_source_date_epoch(tmp_path):
    import os

    manuscript = tmp_path / "m.docx"
    shutil.copy(FIXTURES / "footnotes_planted.docx", manuscript)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    outputs = []
    for n in (1, 2):
        target = tmp_path / f"r{n}.docx"
        subprocess.run([sys.executable, "-m", "checker", "check", str(manuscript), "--library", str(REPORT),
                        "--format", "docx", "--output", str(target)], cwd=ROOT, env=env, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    import docx

    assert {c.timestamp.isoformat() for c in docx.Document(str(tmp_path / "r1.docx")).comments} == {"2026-01-01T00:00:00+00:00"}
