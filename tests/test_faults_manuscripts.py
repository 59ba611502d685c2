"""Hostile manuscripts (issue 22): nested tables, notes without their part, fonts without a
ToUnicode map, XML-illegal characters, decompression bombs, entity references. Every hostile
file is made here, from a committed fixture or from nothing."""
import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from checker.cli import main
from checker.read.manuscript import read_article_source
from conftest import REPORT, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "manuscripts"
QUOTE = "推动我国人工智能朝着有益、安全、公平方向健康有序发展"
NOTE_4_27 = ("《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
             "《人民日报》2025年4月27日。")


def run(capsys, *args):
    """quotecheck in this process: (exit code, stdout, stderr lines)."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "internal error" not in out.err, out.err
    return code, out.out, out.err.strip().splitlines()


def rewrite(source, target, change):
    """A copy of a .docx whose members pass through change(name, bytes) -> bytes | None (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def findings(capsys, path, *more):
    code, out, err = run(capsys, "check", path, "--library", REPORT, "--format", "json", "--lang", "en", *more)
    assert code in (0, 1), err
    return json.loads(out)


# -- R1: a table nested in a table is read once ------------------------------------------------
def _nested(path, depth, inner):
    import docx

    document = docx.Document()
    document.add_paragraph("人工智能的若干思考")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    for level in range(depth - 1):
        cell.paragraphs[0].add_run(f"第{level + 1}层表格。")
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run(inner)
    document.add_paragraph("结语：发展人工智能。")
    document.add_paragraph("注释")
    document.add_paragraph("［1］" + NOTE_4_27)
    document.save(str(path))
    return path


def test_a_table_nested_in_tables_is_read_once_in_order(tmp_path, capsys):
    changed = QUOTE.replace("有益", "有利")
    path = _nested(tmp_path / "nested.docx", 8, f"习近平强调，要“{changed}”［1］。")
    paragraphs = [line for line in read_article_source(str(path)).text.split("\n") if line]
    assert paragraphs[:9] == ["人工智能的若干思考"] + [f"第{n}层表格。" for n in range(1, 8)] \
        + [f"习近平强调，要“{changed}”［1］。"]
    assert paragraphs[9:] == ["结语：发展人工智能。", "注释", "［1］" + NOTE_4_27]
    data = findings(capsys, path)
    wrong = [f for f in data["findings"] if f["rule"] == "QC101"]
    assert len(wrong) == 1 and wrong[0]["location"]["paragraph"] == 9


def test_a_table_nested_sixteen_deep_is_quick(tmp_path):
    path = _nested(tmp_path / "deep.docx", 16, f"习近平强调，要“{QUOTE}”［1］。")
    text = read_article_source(str(path)).text  # 2^15 copies before: never returned in a test's time
    assert text.count(QUOTE) == 1 and text.count("第15层表格") == 1


# -- R9: a footnote reference without its footnote; a notes part missing or outside ---------------
def _without_footnote(note_id):
    def change(name, data):
        if name == "word/footnotes.xml":
            return re.sub(rb'<w:footnote w:id="%d">.*?</w:footnote>' % note_id, b"", data, flags=re.S)
        return data
    return change


def test_a_footnote_reference_without_its_footnote_is_qc404(tmp_path, capsys):
    whole = findings(capsys, FIXTURES / "footnotes_planted.docx")
    changed = next(f for f in whole["findings"] if f["rule"] == "QC101" and "有利" in f["message"])
    path = rewrite(FIXTURES / "footnotes_planted.docx", tmp_path / "lost_note.docx", _without_footnote(27))
    data = findings(capsys, path)
    quote = next(q for q in data["quotations"] if "有利" in q["text"])
    assert quote["citation"] is None  # not an empty citation that binds to nothing
    lost = [f for f in data["findings"] if f["rule"] == "QC404"]
    assert len(lost) == 1 and lost[0]["line"] == changed["line"]
    assert [f["rule"] for f in data["findings"] if f["severity"] == "error"] == ["QC201", "QC101"]


@pytest.mark.parametrize("how", ["missing", "external"])
def test_a_package_whose_footnotes_part_is_missing_or_external_is_refused(tmp_path, capsys, how):
    def change(name, data):
        if name == "word/footnotes.xml":
            return None
        if name == "word/_rels/document.xml.rels":
            if how == "missing":
                return re.sub(rb'<Relationship [^>]*footnotes"[^>]*/>', b"", data)
            return data.replace(b'Target="footnotes.xml"',
                                b'Target="http://example.invalid/footnotes.xml" TargetMode="External"')
        if name == "[Content_Types].xml":
            return re.sub(rb'<Override [^>]*footnotes\.xml"[^>]*/>', b"", data)
        return data
    path = rewrite(FIXTURES / "footnotes_planted.docx", tmp_path / f"{how}.docx", change)
    code, out, err = run(capsys, "check", path, "--library", REPORT, "--lang", "en")
    assert code == 2 and out == "" and len(err) == 1
    assert f"{how}.docx" in err[0] and "refers to footnotes but its footnotes part is" in err[0]


# -- R3: characters XML forbids in a comment of the reviewed copy ---------------------------------
def test_a_reviewed_copy_shows_characters_xml_forbids_as_other_formats_do(tmp_path, capsys):
    import docx

    lib = tmp_path / "lib"
    lib.mkdir()
    text = REPORT.read_text(encoding="utf-8")
    text = text.replace("有益、安全", "有益\x01、安全\x1b")
    (lib / "report.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "reviewed.docx"
    code, _, err = run(capsys, "check", FIXTURES / "footnotes_planted.docx", "--library", lib,
                       "--format", "docx", "-o", out)
    assert code == 1, err
    comments = [c.text for c in docx.Document(str(out)).comments]
    shown = next(c for c in comments if "有利" in c)
    assert "原文：推动我国人工智能朝着有益␁、安全␛、公平" in shown


# -- text after an entity reference in a .docx ----------------------------------------------------
def test_text_after_an_entity_reference_is_read(tmp_path, capsys):
    import docx

    document = docx.Document()
    document.add_paragraph(f"习近平强调，要“{QUOTE}”［1］。")
    document.add_paragraph("注释")
    document.add_paragraph("［1］" + NOTE_4_27)
    document.save(str(tmp_path / "plain.docx"))

    def change(name, data):
        if name != "word/document.xml":
            return data
        declared = data.replace(b"<w:document ", b'<!DOCTYPE w:document [<!ENTITY yi "\xe6\x9c\x89\xe7\x9b\x8a">]>'
                                b"<w:document ", 1)
        return declared.replace("朝着有益、安全".encode(), "朝着&yi;、安全".encode(), 1)
    path = rewrite(tmp_path / "plain.docx", tmp_path / "entity.docx", change)
    text = read_article_source(str(path)).text
    assert "朝着&yi;、安全、公平方向健康有序发展”［1］。" in text  # the reference as written, never resolved
    data = findings(capsys, path)
    quote = next(q for q in data["quotations"] if q["kind"] == "quotation")
    assert quote["status"] == "drift" and quote["citation"]["number"] == "1"


# -- R2: a PDF whose fonts have no ToUnicode map ---------------------------------------------------
needs_gs = pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript (gs) is not installed")


@needs_gs
def test_a_pdf_whose_fonts_lost_their_unicode_map_is_refused_not_passed(tmp_path, capsys):
    resaved = tmp_path / "resaved.pdf"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dWriteToUnicode=false",
                    f"-sOutputFile={resaved}", str(FIXTURES / "one_column_planted.pdf")], check=True, timeout=60)
    code, out, err = run(capsys, "check", resaved, "--library", REPORT, "--lang", "en")
    assert code == 2 and out == "" and len(err) == 1  # 0 errors and exit 0 before
    assert f"{resaved}: no usable text layer: " in err[0] and "without a Unicode mapping" in err[0]
    assert "export the PDF again" in err[0] and "OCR" in err[0]


# -- R4: decompression bombs ------------------------------------------------------------------------
def _zeros_into(handle, megabytes, head=b"", tail=b""):
    """Write head, `megabytes` of spaces and tail into a writable stream, 1 MB at a time."""
    handle.write(head)
    block = b" " * 2**20
    for _ in range(megabytes):
        handle.write(block)
    handle.write(tail)


def _docx_with(tmp_path, name, part, megabytes):
    """The footnotes fixture with `part` replaced (or added) by one holding `megabytes` of spaces."""
    source = FIXTURES / "footnotes_planted.docx"
    target = tmp_path / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == part:
                continue
            data = old.read(info.filename)
            if part.startswith("word/media/") and info.filename == "[Content_Types].xml":
                data = data.replace(b"<Override", b'<Default Extension="png" ContentType="image/png"/><Override', 1)
            if part.startswith("word/media/") and info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdBomb" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/image" '
                                    b'Target="media/image1.png"/></Relationships>')
            new.writestr(info.filename, data)
        with new.open(part, "w", force_zip64=True) as handle:
            if part == "word/document.xml":  # a paragraph of 1 GB of text, as Word would write it
                _zeros_into(handle, megabytes, head=old_head(source), tail=b"</w:t></w:r></w:p></w:body></w:document>")
            else:
                _zeros_into(handle, megabytes)
    return target


def old_head(source):
    with zipfile.ZipFile(source) as package:
        document = package.read("word/document.xml")
    return document[:document.index(b"<w:body>") + len(b"<w:body>")] + b"<w:p><w:r><w:t>"


def test_a_docx_part_that_unpacks_above_the_cap_is_refused_before_it_is_unpacked(tmp_path, capsys, monkeypatch):
    bomb = _docx_with(tmp_path, "bomb.docx", "word/document.xml", 80)  # 80 MB of text in 80 KB
    assert bomb.stat().st_size < 2**20
    code, out, err = run(capsys, "check", bomb, "--library", REPORT, "--lang", "en")
    assert code == 2 and out == "" and len(err) == 1
    assert "part word/document.xml of the Word document unpacks to 80 MB, above the 64 MB limit" in err[0]
    monkeypatch.setenv("QUOTECHECK_MAX_UNPACKED_MB", "0.5")  # a lower cap: the fixture's own parts pass it
    code, out, err = run(capsys, "check", _docx_with(tmp_path, "small.docx", "word/document.xml", 1),
                         "--library", REPORT, "--lang", "en")
    assert code == 2 and "unpacks to 1 MB, above the 0.5 MB limit" in err[0]


def test_an_image_part_nothing_reads_is_never_unpacked(tmp_path, capsys):
    picture = _docx_with(tmp_path, "picture.docx", "word/media/image1.png", 200)  # 200 MB in 200 KB
    from checker.read.docx import open_document

    document = open_document(str(picture), picture.read_bytes())
    images = [part.blob for part in document.part.package.iter_parts() if "media" in part.partname]
    assert images == [b""]  # before: 200 MB read into memory (1 GB: 2.1 GB of memory)
    data = findings(capsys, picture)
    assert [f["rule"] for f in data["findings"] if f["severity"] == "error"] == ["QC201", "QC101", "QC101"]


def _pdf_with_stream(path, megabytes):
    """A one-page PDF whose content stream is `megabytes` of spaces, then one line of text."""
    import zlib

    packer = zlib.compressobj(9)
    body = [packer.compress(b" " * 2**20) for _ in range(megabytes)]
    body.append(packer.compress(b"BT /F1 12 Tf 72 720 Td (hello) Tj ET") + packer.flush())
    stream = b"".join(body)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    path.write_bytes(_make_py().pdf_file(objects))
    return path


def _make_py():
    """The fixture generator (tests/fixtures/manuscripts/make.py), for its PDF writer."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_manuscripts", FIXTURES / "make.py")
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def test_a_pdf_stream_that_unpacks_above_the_cap_is_refused(tmp_path, capsys):
    bomb = _pdf_with_stream(tmp_path / "bomb.pdf", 100)
    assert bomb.stat().st_size < 2**20
    code, out, err = run(capsys, "check", bomb, "--library", REPORT, "--lang", "en")
    assert code == 2 and out == "" and len(err) == 1  # before: 1 GB still running after 300 s
    assert "a stream of the PDF unpacks to more, above the 64 MB limit" in err[0]


def test_a_pdf_whose_cross_references_are_broken_is_called_damaged(tmp_path, capsys):
    data = (FIXTURES / "one_column.pdf").read_bytes()
    at = data.rindex(b"\nxref")
    broken = tmp_path / "xref.pdf"
    broken.write_bytes(data[:at] + re.sub(rb"\d{10} \d{5} n", b"0000000009 00000 n", data[at:]))
    code, out, err = run(capsys, "check", broken, "--library", REPORT, "--lang", "en")
    assert code == 2 and len(err) == 1 and "no pages" not in err[0]
    assert "cross-reference table does not lead to them" in err[0]


# -- R10: a long manuscript reports its progress -----------------------------------------------------
def test_a_manuscript_reports_pages_read_and_quotations_checked_as_it_goes(capsys):
    from checker import progress

    steps = []
    previous = progress.listen(lambda what, done, total: steps.append((what, done, total)))
    try:
        findings(capsys, FIXTURES / "one_column_planted.pdf")
    finally:
        progress.listen(previous)
    pages = [s for s in steps if s[0] == "pages read"]
    assert pages == [("pages read", n, 12) for n in range(1, 13)]
    checked = [s for s in steps if s[0] == "quotations checked"]
    assert checked and checked[-1][1] == checked[-1][2] > 40
