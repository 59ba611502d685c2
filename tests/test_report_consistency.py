"""The review report never contradicts itself, and each link opens its own quotation (issue 21, items 2, 3, 5).

Read back as an editor reads it: parsed (every count on the page against what it counts), and in
a real browser (each fix-table link scrolls to its own box; each filter leaves as many boxes as
its chip says). Material: the seed with a wrong note date (QC201 on words that match) and a changed
word, the seed manuscript in Word with its planted errors (four quotations in one paragraph), and a
realdata commentary with a changed word and a wrong inline date.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ARTICLE, REALDATA, REPORT, ROOT, needs_browser, needs_realdata
from helpers import mutate

PLANTED_DOCX = ROOT / "tests" / "fixtures" / "manuscripts" / "footnotes_planted.docx"
COMMENTARY = REALDATA / "articles" / "10-人民日报讲AI治理：既给创新空间，也守伦理底线.md"


def run(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "COLUMNS")}
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True, env=env)


def report(article, library, fmt, out: Path) -> str:
    done = run("check", article, "--library", library, "--format", fmt, "-o", out, "--exit-zero")
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


# -- a small DOM of the page, to read it back -----------------------------------------------------------
class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag=None, cls=None):
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    yield child
                yield from child.all(tag, cls)

    def first(self, tag=None, cls=None):
        return next(self.all(tag, cls), None)


class _Builder(HTMLParser):
    VOID = {"meta", "br", "col", "img", "input", "link", "hr", "wbr"}

    def __init__(self):
        super().__init__()
        self.root = self.node = Node("root", [])

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in self.VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def by_id(dom: Node) -> dict:
    ids: dict = {}
    for node in dom.all():
        if "id" in node.attrs:
            ids.setdefault(node.attrs["id"], []).append(node)
    return ids


# -- the material ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_dated(tmp_path_factory):
    """The seed with a wrong date in note 1 (its words match: QC201 on a verified quotation) and a changed word."""
    tmp = tmp_path_factory.mktemp("dated")
    dated = mutate(tmp, ARTICLE, 507, "2025 年 4 月 27 日", "2025 年 4 月 28 日")
    both = mutate(tmp_path_factory.mktemp("both"), dated, 815, "有益", "有利")
    return both, REPORT


@pytest.fixture(scope="module")
def pages(seed_dated, tmp_path_factory):
    out = tmp_path_factory.mktemp("pages")
    article, library = seed_dated
    return {"seed": report(article, library, "html", out / "seed.html"),
            "docx": report(PLANTED_DOCX, REPORT, "html", out / "docx.html")}


def _commentary_page(tmp_path) -> str:
    planted = tmp_path / "ai.md"
    text = COMMENTARY.read_text(encoding="utf-8")
    assert "听见不足为信" in text and "人民日报 4 月 3 日《善用善治" in text
    planted.write_text(text.replace("听见不足为信", "听见不再为信").replace("人民日报 4 月 3 日《善用善治", "人民日报 4 月 5 日《善用善治"),
                       encoding="utf-8")
    return report(planted, REALDATA / "library", "html", tmp_path / "ai.html")


def check_consistency(html: str) -> dict:
    """Every claim the page makes about itself, checked; returns what was read, for further asserts."""
    dom = parse(html)
    ids = by_id(dom)
    assert not {k: len(v) for k, v in ids.items() if len(v) > 1}, "ids are unique"
    cards = list(dom.all("article", "q"))
    rows = list(dom.first("table", "fix").all("tr")) [1:] if dom.first("table", "fix") else []
    # The summary: quotations by status, findings by severity.
    status_counts = {li.attrs["data-status"]: int(li.first("b").text()) for li in ids["status-counts"][0].all("li")
                     if "data-status" in li.attrs}
    severity_counts = {li.attrs["data-severity"]: int(li.first("b").text())
                       for li in ids["severity-counts"][0].all("li") if "data-severity" in li.attrs}
    grouped = [tr for tr in ids["missing"][0].parent.all("tr") if tr.attrs.get("id", "").startswith("q")] \
        if "missing" in ids else []
    grouped = [tr for d in dom.all("details", "missing") for tr in d.all("tr") if "id" in tr.attrs]
    shown_status = {}
    for card in cards:
        status = next(c[2:] for c in card.classes if c.startswith("s-"))
        shown_status[status] = shown_status.get(status, 0) + 1
    shown_status["unverifiable"] = shown_status.get("unverifiable", 0) + len(grouped)
    assert status_counts == {s: n for s, n in shown_status.items() if n}
    # The heading of the fix table: its findings are the rows and the summary's errors and warnings;
    # its quotations are the boxes with an error or a warning, which the "to fix" filter shows.
    heading = ids["to-fix"][0].first("span", "n")
    n_findings, n_quotes = int(heading.attrs["data-findings"]), int(heading.attrs["data-quotations"])
    assert n_findings == len(rows) == severity_counts["error"] + severity_counts["warning"]
    assert f"{n_findings} 条问题，涉及 {n_quotes} 处引文" in heading.text()
    needing = [c for c in cards if {"v-error", "v-warning"} & c.classes]
    assert n_quotes == len(needing)
    # Every chip counts the boxes its filter leaves.
    chips = {a.attrs["href"][1:]: int(a.attrs["data-count"]) for a in dom.first("nav", "filters").all("a")}
    assert chips.pop("quotations") == len(cards) == int(ids["quotations"][0].first("span", "n").attrs["data-quotations"])
    assert chips.pop("only-fix") == n_quotes
    if "missing" in chips:
        assert chips.pop("missing") == len(grouped)
    for target, n in chips.items():
        wanted = target.removeprefix("only-")
        assert n == sum(1 for c in cards if f"s-{wanted}" in c.classes or f"v-{wanted}" in c.classes), target
    # Each row: coloured by its finding's severity, its only badge the finding's; the quotation's
    # status shown as the quotation's, and equal to the status of the box the row links to.
    for row in rows:
        cells = list(row.all("td"))
        badges = list(row.all("span", "badge"))
        severity = next(c[2:] for c in row.classes if c.startswith("r-"))
        assert [b.classes for b in badges] == [{"badge", f"b-{severity}"}]
        link = cells[0].first("a")
        if link is None:
            continue
        card = ids[link.attrs["href"][1:]][0]
        rule = badges[0].text().split()[-1]
        assert rule in card.text()
        if card.tag == "article":
            status = next(c[2:] for c in card.classes if c.startswith("s-"))
            assert cells[4].first("span", "qs").classes == {"qs", f"qs-{status}"}
            # the box is coloured by its worst finding, which is at least this row's
            assert f"v-{severity}" in card.classes
    return {"dom": dom, "ids": ids, "cards": cards, "rows": rows, "status": status_counts,
            "severity": severity_counts}


# -- item 2: badges and counts ----------------------------------------------------------------------------
def test_a_date_error_on_matching_words_is_an_error_row_beside_the_quotations_own_status(pages):
    read = check_consistency(pages["seed"])
    rows = {r.first("span", "badge").text(): r for r in read["rows"]}
    qc201 = rows["错误 QC201"]
    assert "r-error" in qc201.classes and "引文 ✓ 一致" in qc201.text()
    assert not list(qc201.all("span", "st-verified"))  # no green badge in an error row
    qc101 = rows["错误 QC101"]
    assert "引文 ✗ 措辞不一致" in qc101.text()
    boxes = [c for c in read["cards"] if "QC201" in c.text()]
    assert boxes and all("v-error" in b.classes and "s-verified" in b.classes for b in boxes)
    header = boxes[0].first("header").text()
    assert "错误" in header and "引文 ✓ 一致" in header, header
    assert qc201.first("a").attrs["href"] == "#" + boxes[0].attrs["id"]


def test_the_word_manuscript_report_agrees_with_itself(pages):
    check_consistency(pages["docx"])


@needs_realdata
def test_a_commentary_with_planted_errors_agrees_with_itself(tmp_path):
    read = check_consistency(_commentary_page(tmp_path))
    assert read["severity"]["error"] == 2


def test_markdown_rows_follow_the_finding_too(seed_dated, tmp_path):
    article, library = seed_dated
    md = report(article, library, "markdown", tmp_path / "r.md")
    row = next(line for line in md.splitlines() if "QC201" in line and line.startswith("|"))
    assert "**错误** QC201" in row and row.endswith("| 引文 🟢 ✓ 一致 |")
    assert "## 需要修改（2 条问题，涉及 2 处引文）" in md


def test_pretty_boxes_take_their_findings_colour_and_name_the_quotations_status(seed_dated):
    from helpers import check_files, pretty_in_colour

    article, library = seed_dated
    result, findings = check_files(article, [library])
    out = pretty_in_colour(result, findings, 100)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    titles = [line for line in plain.splitlines() if line.startswith("╭─")]
    assert any("L481-487 · 错误 · 引文 ✓ 一致" in t for t in titles), titles
    assert any("· 错误 · 引文 ✗ 措辞不一致" in t for t in titles), titles
    # the border of the QC201 box is drawn red (bold red: 1;31), not green (32)
    top = next(line for line in out.splitlines() if "L481-487" in line)
    assert top.startswith("\x1b[1;31m╭") and "\x1b[32m╭" not in out


# -- item 3: one id per quotation, links to their own quotation -------------------------------------------
def test_every_quotation_of_a_word_paragraph_has_its_own_id(pages):
    read = check_consistency(pages["docx"])
    anchors = [c.attrs["id"] for c in read["cards"]] + \
              [tr.attrs["id"] for d in read["dom"].all("details", "missing") for tr in d.all("tr") if "id" in tr.attrs]
    assert len(anchors) == len(set(anchors)) > 40
    assert any(re.fullmatch(r"q\d+-[2-9]", a) for a in anchors)  # several quotations in one paragraph
    # the omission in paragraph 32 links to the box that shows the omission, not its paragraph's first quotation
    row = next(r for r in read["rows"] if "漏引" in r.text())
    card = read["ids"][row.first("a").attrs["href"][1:]][0]
    assert "漏引「方法、」" in card.text() and "s-drift" in card.classes


@needs_browser
def test_each_fix_table_link_scrolls_to_its_own_box_in_a_browser(pages, browser, tmp_path):
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(path.as_uri())
        links = page.locator("table.fix a")
        assert links.count() >= 2
        for k in range(links.count()):
            page.evaluate("window.scrollTo(0, 0)")
            link = links.nth(k)
            target = link.get_attribute("href")[1:]
            rule = link.locator("xpath=ancestor::tr").locator(".badge").inner_text().split()[-1]
            link.click()
            page.wait_for_function("t => location.hash === '#' + t", arg=target)
            box = page.evaluate("""t => { const e = document.getElementById(t); const r = e.getBoundingClientRect();
                                          const hit = document.elementFromPoint(r.left + 30, Math.max(r.top, 0) + 6);
                                          const at = hit && hit.closest('article.q, tr[id]');
                                          return {top: r.top, text: e.innerText, at: at && at.id}; }""", target)
            at_end = page.evaluate("window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2")
            # the box is at the top of the window (or the page cannot scroll further), and it is what shows there
            assert (-2 <= box["top"] <= 60 or at_end) and box["at"] == target, (name, target, box)
            assert rule in box["text"]
        # each filter chip leaves as many boxes on screen as it says
        chips = page.locator("nav.filters a")
        for k in range(chips.count()):
            chip = chips.nth(k)
            href = chip.get_attribute("href")
            if href == "#missing":
                continue
            chip.click()
            visible = page.evaluate("[...document.querySelectorAll('.quotes > article.q')]"
                                    ".filter(e => e.offsetParent !== null).length")
            assert visible == int(chip.get_attribute("data-count")), (name, href)
        page.close()


# -- item 5: noise that looks like work -----------------------------------------------------------------
@needs_realdata
def test_scare_quotes_are_no_cards_and_no_counts_and_a_named_work_is_not_asked_for(tmp_path):
    html = _commentary_page(tmp_path)
    read = check_consistency(html)
    texts = " ".join(c.text() for c in read["cards"])
    assert "加强监管、防范风险" not in texts and "既给空间，也守底线" not in texts
    assert "uncited" not in read["status"]
    done = run("check", COMMENTARY, "--library", REALDATA / "library", "--format", "json", "--exit-zero")
    data = json.loads(done.stdout)
    scare = [q for q in data["quotations"] if q["text"] == "加强监管、防范风险"]
    assert scare and scare[0]["kind"] == "term" and scare[0]["status"] is None
    assert data["summary"]["status"]["uncited"] == 0
    assert data["summary"]["terms"] == sum(1 for q in data["quotations"] if q["kind"] == "term")
    # the block quote under 《善用善治 促进人工智能内容规范发展》提到 … (named two paragraphs above)
    assert not [f for f in data["findings"] if f["rule"] == "QC410" and f["line"] == 165]
    concise = run("check", COMMENTARY, "--library", REALDATA / "library", "--format", "concise", "--exit-zero").stdout
    assert "未注出处" not in concise.splitlines()[-1]


def test_a_long_uncited_passage_stays_a_card_a_short_phrase_does_not(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("如果只写“加强监管、防范风险”，文章就会像是在给新技术踩刹车。\n\n"
                       "有人说，“创新是一个民族进步的灵魂，是国家兴旺发达的不竭动力”。\n\n"
                       "习近平强调，“要正视差距、加倍努力”。\n", encoding="utf-8")
    html = report(article, REPORT, "html", tmp_path / "a.html")
    read = check_consistency(html)
    texts = [c.text() for c in read["cards"]]
    assert len(texts) == 2 and not any("加强监管" in t for t in texts)
    assert any("QC411" in t for t in texts)  # the long one: a finding, a box
    assert any("正视差距" in t for t in texts)  # found in the report by its words


# -- the printed report: A4, nothing past the right margin -------------------------------------------------
A4_CONTENT_PX = 695  # 210 mm less the 13 mm margins, at 96 px to the inch
LONG_URL = ("https://paper.people.com.cn/rmrb/pc/content/202604/03/content_30123456789012345678901234567890123456789"
            ".html?from=wechat&share=timeline_abcdefghijklmnopqrstuvwxyz")


@pytest.fixture(scope="module")
def long_lines(tmp_path_factory):
    """A report whose note holds a long URL and whose source's title is one long Latin run."""
    tmp = tmp_path_factory.mktemp("long")
    lib = tmp / "lib"
    lib.mkdir()
    (lib / "s.md").write_text("---\ntitle: ArtificialIntelligenceGeneratedContentLabellingMeasuresImplementation2026\n"
                              "date: 2026-04-03\nsource: 人民日报\n---\n\n新华社北京4月2日电 文章指出，当技术被滥用，"
                              "看见不再为凭，听见不足为信。深度伪造会侵蚀信任基石。\n", encoding="utf-8")
    article = tmp / "a.md"
    article.write_text("文章指出，“当技术被滥用，看见不再为凭，听见不再为信”［1］。有评论说：“深度伪造会侵蚀信任的基石”。\n\n"
                       f"［1］《ArtificialIntelligenceGeneratedContentLabellingMeasuresImplementation2026》，"
                       f"《人民日报》2026 年 4 月 3 日，{LONG_URL}\n", encoding="utf-8")
    return report(article, lib, "html", tmp / "long.html")


@needs_browser
def test_on_a4_nothing_is_wider_than_the_page(pages, long_lines, browser, tmp_path):
    for name, html in {**pages, "long": long_lines}.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": A4_CONTENT_PX, "height": 1000})
        page.emulate_media(media="print")
        page.goto(path.as_uri())
        wider = page.evaluate("""w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 0.5).map(e => e.tagName + '.' + e.className)""",
                              A4_CONTENT_PX)
        assert wider == [], (name, wider[:5])
        page.close()


@needs_browser
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_printed_at_full_size_not_shrunk_to_fit(long_lines, tmp_path):
    """Chromium shrinks a page that is too wide to fit the paper: every letter gets smaller. The
    title, 1.5rem (18 pt) a character, measured in the PDF, says it was not."""
    from conftest import CHROMIUM

    path = tmp_path / "long.html"
    path.write_text(long_lines, encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", path.as_uri()],
                   capture_output=True, timeout=120)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    title = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">引文核对报告</word>', boxes)
    assert title, boxes[:500]
    per_char = (float(title.group(2)) - float(title.group(1))) / 6
    assert abs(per_char - 18) < 0.5, per_char
