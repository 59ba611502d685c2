"""`quotecheck serve` in a real browser (Playwright for Python driving Debian's chromium).

One server for the module, in a subprocess on a free loopback port; one browser. The editor's
path: give a name, upload the seed as .docx and a realdata commentary as .docx, see the counts,
step through the findings with the keyboard, dismiss one with a reason, accept one fix, download
the reviewed copy and read it with python-docx, reload and see the decisions kept.
Never `playwright install` (it downloads a browser): the system's chromium is launched by path.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from commentary_docx import markdown_to_docx
from conftest import REALDATA, REPORT, ROOT, needs_browser, needs_realdata

SEED_DOCX = ROOT / "tests" / "fixtures" / "manuscripts" / "footnotes_planted.docx"
SHOTS = os.environ.get("QUOTECHECK_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them

# The browser is conftest's session fixture (one sync_playwright per run: a second one while the
# first is open fails inside its asyncio loop).
pytestmark = [needs_realdata, needs_browser]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app in a subprocess: (address, data folder, the commentary .docx)."""
    folder = tmp_path_factory.mktemp("serve")
    article = next((REALDATA / "articles").glob("10-*.md"))
    commentary = markdown_to_docx(article.read_text(encoding="utf-8"), folder / "commentary.docx")
    data = folder / "data"
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--data", str(data),
                                "--library", str(REPORT), str(REALDATA / "library")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, line + process.stderr.read()
        yield match.group(0), data, commentary
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _shot(page, name: str, tmp_path: Path) -> Path:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # something drawn, not a blank page
    return path


def _row(page, name: str) -> list[str]:
    row = page.locator("tr", has_text=name)
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def _cli_counts(path: Path, library: list[Path]) -> tuple[int, int]:
    """(errors, warnings) of the same manuscript from the command line."""
    import json

    out = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--library", *map(str, library),
                          "--format", "json", "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT)
    findings = json.loads(out.stdout)["findings"]
    return (sum(f["severity"] == "error" for f in findings), sum(f["severity"] == "warning" for f in findings))


def test_an_editor_reviews_two_manuscripts_with_the_keyboard(server, browser, tmp_path):
    address, data, commentary = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(address)
    page.fill("form.who input[name=who]", "张编辑")
    page.click("form.who button")
    page.set_input_files("form.upload input[type=file]", [str(SEED_DOCX), str(commentary)])
    page.click("form.upload button")
    page.locator("tr.state-done, tr.state-failed").nth(1).wait_for(timeout=90_000)  # htmx polls the rows
    seed = _row(page, "footnotes_planted.docx")
    assert seed[1:7] == ["已核对", "52（9）", "3", "0", "0/3", "25"]
    errors, warnings = _cli_counts(commentary, [REPORT, REALDATA / "library"])
    row = _row(page, "commentary.docx")
    assert row[1] == "已核对" and (int(row[3]), int(row[4])) == (errors, warnings)
    _shot(page, "desk-1400", tmp_path)

    page.click("text=footnotes_planted.docx")
    page.wait_for_selector("article.finding")
    assert page.inner_text(".pos") == "1 / 3"
    page.keyboard.press("j")
    page.wait_for_url(re.compile(r"\?n=1$"))
    assert "原文「有益」，引文「有利」" in page.inner_text("article.finding")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"\?n=2$"))
    assert "漏引「方法、」" in page.inner_text("article.finding")
    page.keyboard.press("k")
    page.wait_for_url(re.compile(r"\?n=1$"))
    page.keyboard.press("a")  # accept the fix 有利 → 有益
    page.wait_for_url(re.compile(r"\?n=2$"))
    page.keyboard.press("d")  # dismiss the omission, with a reason
    page.keyboard.type("作者有意删去“方法”")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_selector("span.decided")
    assert "已忽略（保留原文）" in page.inner_text("article.finding")
    assert "作者有意删去“方法”" in page.inner_text("section.history")
    _shot(page, "review-1400", tmp_path)

    with page.expect_download() as download:
        page.click("text=下载审阅稿（Word）")
    reviewed = tmp_path / "reviewed.docx"
    download.value.save_as(reviewed)
    comments = _comments(reviewed)
    assert not any("漏引「方法、」" in c for c in comments)  # dismissed: no comment of its own
    assert any("原文「有益」，引文「有利」" in c for c in comments)  # accepted: its comment beside its change
    assert any("注释写作2025年4月28日" in c for c in comments)  # undecided: a comment, no change
    (summary,) = [c for c in comments if c.startswith("quotecheck 核对摘要")]
    assert "作者有意删去“方法”" in summary and "（张编辑）" in summary  # the dismissal, as reviewed
    inserted, deleted = _tracked(reviewed)
    assert inserted == ["益"] and deleted == ["利"]  # only the accepted fix is a tracked change

    page.reload()
    page.click("text=列表")
    table = page.inner_text("table.list")
    assert "已接受修改 · 张编辑" in table and "已忽略（保留原文） · 张编辑 · 作者有意删去“方法”" in table
    assert page.is_visible("header.top")
    page.emulate_media(media="print")  # printed: the findings, without forms, buttons or navigation
    assert page.is_visible("table.list") and page.is_visible("form.who") is False and not page.is_visible("header.top")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 720, "height": 1000})
    page.goto(page.url.split("?")[0] + "?n=0")
    _shot(page, "review-720", tmp_path)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 720  # nothing runs off a 720 px window
    page.goto(address)
    _shot(page, "desk-720", tmp_path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 720
    context.close()


def _tracked(path: Path) -> tuple[list[str], list[str]]:
    """The text quotecheck's tracked changes insert and delete in a .docx (python-docx's XML)."""
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(str(path)).element.body
    def texts(tag: str, text_tag: str) -> list[str]:
        return ["".join(t.text or "" for t in change.iter(qn(text_tag))) for change in body.iter(qn(tag))
                if change.get(qn("w:author")) == "quotecheck"]
    return texts("w:ins", "w:t"), texts("w:del", "w:delText")


def _comments(path: Path) -> list[str]:
    """The text of each Word comment in a .docx (python-docx)."""
    from docx import Document

    document = Document(str(path))
    return ["".join(p.text for p in c.paragraphs) for c in document.comments]
