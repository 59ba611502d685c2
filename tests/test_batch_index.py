"""A batch of 50 manuscripts (issue 23): a totals line on stderr and index.html, which a browser
renders and whose links open each manuscript's report."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import REPORT
from test_cli_gate import qc

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]
SENTENCE = "习近平强调，要“推动我国人工智能朝着{word}、安全、公平方向健康有序发展”［1］。"
NOTE = ("［1］《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
        "《人民日报》2025 年 4 月 {day} 日。")
N = 50


def _manuscript(path, word: str, day: int) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(f"稿件 {path.stem}")
    document.add_paragraph(SENTENCE.format(word=word))
    document.add_paragraph("注释")
    document.add_paragraph(NOTE.format(day=day))
    document.save(str(path))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """50 Word manuscripts: every fifth with a changed word (有利), every seventh with a wrong date (28 日)."""
    tmp = tmp_path_factory.mktemp("batch")
    (tmp / "in").mkdir()
    for i in range(N):
        _manuscript(tmp / "in" / f"m{i:02d}.docx", "有利" if i % 5 == 0 else "有益", 28 if i % 7 == 0 else 27)
    results = {}
    for fmt in ("html", "docx"):
        results[fmt] = qc("check", tmp / "in", "--library", REPORT, "--format", fmt, "--output-dir", tmp / fmt,
                          "-j", "2")
    return tmp, results


def test_the_batch_ends_with_its_totals(batch):
    tmp, results = batch
    errors = sum(1 for i in range(N) if i % 5 == 0) + sum(1 for i in range(N) if i % 7 == 0)
    for fmt, (code, out, err) in results.items():
        assert code == 1 and out == ""
        last = err.strip().splitlines()[-1]
        assert last == f"quotecheck: 共 {N} 篇：引文 {N} 处，可核对 {N} 处；错误 {errors}，警告 0；缺少来源 0 个", fmt
        assert err.count("quotecheck: 已写出 ") == N + 1  # the reports and the index


def test_index_lists_every_manuscript_with_its_counts(batch):
    tmp, _ = batch
    for fmt, suffix in (("html", ".html"), ("docx", ".reviewed.docx")):
        page = (tmp / fmt / "index.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr class="(\w+)"><td>([^<]+)</td>((?:<td class="n[^"]*">\d+</td>)+)<td><a href="([^"]+)">', page)
        assert len(rows) == N
        for i, (level, article, cells, href) in enumerate(rows):
            counts = [int(n) for n in re.findall(r">(\d+)<", cells)]
            wrong = (i % 5 == 0) + (i % 7 == 0)
            assert article.endswith(f"m{i:02d}.docx") and href == f"m{i:02d}{suffix}"
            assert counts == [1, 1, wrong, 0, 0, 0] and level == ("error" if wrong else "ok")
            assert (tmp / fmt / href).is_file()


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_a_browser_renders_the_index_and_its_links_open_each_report(batch, tmp_path):
    """Chromium opens index.html, then follows every link in a frame and reads the report's title."""
    tmp, _ = batch
    harness = tmp / "html" / "harness.html"
    harness.write_text("""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" src="index.html"></iframe><script>
const frame = document.getElementById("f"), seen = [];
let links = null, rows = 0, shown = 0;
frame.onload = () => {
  const doc = frame.contentDocument;
  if (links === null) {
    links = Array.from(doc.querySelectorAll("a")).map(a => a.href);
    rows = doc.querySelectorAll("tbody tr").length;
    shown = Array.from(doc.querySelectorAll("tbody tr")).filter(r => r.getBoundingClientRect().height > 0).length;
  } else {
    seen.push(doc.title + "|" + (doc.querySelector("h1") || {}).textContent);
  }
  if (seen.length < links.length) { frame.src = links[seen.length]; }
  else { document.body.setAttribute("data-result", JSON.stringify({rows, shown, links: links.length, seen})); }
};
</script></body></html>""", encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *FLAGS, "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'p'}",
                          "--virtual-time-budget=60000", "--dump-dom", harness.as_uri()],
                         capture_output=True, text=True, timeout=240)
    found = re.search(r'data-result="([^"]+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"'))
    assert result["rows"] == result["shown"] == result["links"] == N
    for i, title in enumerate(result["seen"]):  # each link opened its own manuscript's report
        assert f"m{i:02d}.docx" in title, title
