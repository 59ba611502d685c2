"""The hostile manuscripts of issue 22, at full size, in seconds and peak memory (not a test).

    python bench/robustness.py --only hostile

Each file is made here (the tests' generators, at the sizes the fault pass used) and checked in
a new process; one line per case: wall seconds, CPU seconds, peak RSS, exit code, and whether
it stayed under the bounds (30 s of CPU, 500 MB). Wall seconds on a shared machine run several
times the CPU seconds, so the bound is judged on CPU time.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_faults_io as io_faults  # noqa: E402 - the generators of the fault tests
import test_faults_manuscripts as t  # noqa: E402

REPORT = t.REPORT
LIMIT_SECONDS, LIMIT_MB = 30.0, 500.0


def _many_paragraphs(path: Path, count: int) -> Path:
    """A .docx of `count` paragraphs, each a near-quotation of the seed report (one word changed)."""
    import zipfile

    near = t.QUOTE.replace("有益", "有利")
    paragraph = f"<w:p><w:r><w:t>习近平强调，要“{near}”。</w:t></w:r></w:p>".encode()
    with zipfile.ZipFile(t.FIXTURES / "footnotes.docx") as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/document.xml":
                body = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:body] + paragraph * count + b"</w:body></w:document>"
            new.writestr(info.filename, data)
    return path


def _pages(path: Path, copies: int) -> Path:
    """The one-column manuscript (12 pages) `copies` times over, one PDF (Ghostscript)."""
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={path}",
                    *[str(t.FIXTURES / "one_column.pdf")] * copies], check=True)
    return path


def cases(work: Path):
    """(name, quotecheck arguments) for each hostile file, made on the way."""
    yield "tables nested 16 deep (.docx)", ["check", str(t._nested(work / "nested.docx", 16, f"“{t.QUOTE}”［1］。")),
                                             "--library", str(REPORT)]
    yield "1 GB of text in a 1 MB .docx", ["check", str(t._docx_with(work, "text-bomb.docx", "word/document.xml", 1024)),
                                           "--library", str(REPORT)]
    yield "1 GB image in a 1 MB .docx", ["check", str(t._docx_with(work, "image-bomb.docx", "word/media/image1.png",
                                                                   1024)), "--library", str(REPORT)]
    yield "1 GB content stream in a 1 MB PDF", ["check", str(t._pdf_with_stream(work / "stream-bomb.pdf", 1024)),
                                                "--library", str(REPORT)]
    if shutil.which("gs"):
        resaved = work / "no-tounicode.pdf"
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dWriteToUnicode=false",
                        f"-sOutputFile={resaved}", str(t.FIXTURES / "one_column_planted.pdf")], check=True)
        yield "PDF whose fonts lost their ToUnicode maps", ["check", str(resaved), "--library", str(REPORT)]
        yield "2,004-page PDF (the 12-page manuscript 167 times)", ["check", str(_pages(work / "pages.pdf", 167)),
                                                                    "--library", str(REPORT)]
    rules = work / "rules"
    rules.mkdir()
    (rules / "house.toml").write_text(io_faults.HOUSE_RULE, encoding="utf-8")
    article = work / "long-quote.txt"
    article.write_text("习近平指出，“" + "要正视差距、加倍努力，全面推进人工智能科技创新" * 3 + "”。\n", encoding="utf-8")
    yield "house pattern ^(.+)+！$", ["check", str(article), "--library", str(REPORT), "--rules", str(rules)]
    big5 = work / "big5.txt"
    big5.write_bytes(io_faults.BIG5.encode("big5"))
    yield "Big5 article", ["check", str(big5), "--library", str(REPORT)]
    for count in (10_000, 100_000):
        yield (f"{count:,} paragraphs of near-quotations (.docx)",
               ["check", str(_many_paragraphs(work / f"paragraphs-{count}.docx", count)), "--library", str(REPORT)])


def main(work: Path, run) -> None:
    print(f"hostile manuscripts (bounds: {LIMIT_SECONDS:g} s of CPU, {LIMIT_MB:g} MB):", flush=True)
    for name, args in cases(work):
        seconds, peak, code = run([*args, "--format", "json", "--output", str(work / "out.json"), "--fail-on", "never"],
                                  timeout=900)
        within = "within" if run.cpu <= LIMIT_SECONDS and peak <= LIMIT_MB else "ABOVE"
        print(f"  {name}: {seconds:.1f} s ({run.cpu:.1f} s CPU), peak {peak:.0f} MB, exit {code}: {within} the bounds",
              flush=True)
