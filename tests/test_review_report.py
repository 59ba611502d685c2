"""The review report an editor reads (HTML, Markdown, terminal), and hostile text in every output (issue 13,
"The review report"; issue 15, item 14)."""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ARTICLE, REPORT
from helpers import mutate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]
NOTE = "［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n"


def run(*args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "COLUMNS")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True,
                          env=full_env, cwd=cwd)


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    return mutate(tmp_path_factory.mktemp("drift"), ARTICLE, 815, "有益", "有利")


@pytest.fixture(scope="module")
def reports(drifted, tmp_path_factory):
    """The drifted seed's report in html, markdown and pretty (80 columns, no colour)."""
    out = tmp_path_factory.mktemp("out")
    html, md = out / "r.html", out / "r.md"
    assert run("check", drifted, "--library", REPORT, "--format", "html", "-o", html).returncode == 1
    assert run("check", drifted, "--library", REPORT, "--format", "markdown", "-o", md).returncode == 1
    pretty = run("check", drifted, "--library", REPORT, "--format", "pretty", env={"NO_COLOR": "1", "COLUMNS": "80"})
    return {"html": html.read_text(encoding="utf-8"), "markdown": md.read_text(encoding="utf-8"),
            "pretty": pretty.stdout}


def _article(html: str, anchor: str) -> str:
    part = html[html.index(f'id="{anchor}"'):]
    return part[:part.index("</article>")]


# -- statuses look alike everywhere ----------------------------------------------------------------------
def test_each_status_has_its_own_colour_and_symbol_in_every_renderer(reports):
    from checker.report.model import STATUS_STYLE

    colours = [s.colour for s in STATUS_STYLE.values()]
    symbols = [s.symbol for s in STATUS_STYLE.values()]
    assert len(set(colours)) == len(colours) == 7 and len(set(symbols)) == 7
    html, md, pretty = reports["html"], reports["markdown"], reports["pretty"]
    for status, label in (("drift", "✗ 措辞不一致"), ("verified", "✓ 一致"), ("unverifiable", "○ 来源不在资料库")):
        assert f'<span class="badge st-{status}">{label}</span>' in html
        assert f".st-{status} {{ background: {STATUS_STYLE[status].colour}; }}" in html
        assert f"{STATUS_STYLE[status].dot} {label}" in md
        assert label in pretty.splitlines()[1]  # the counts line
    # the quotation's box takes its status colour (the left border), not green for every status
    assert re.search(r'<article class="q s-drift v-error" id="q815">', html)
    assert ".s-drift { --s: #b3261e; }" in html and ".s-unverifiable { --s: #5f6368; }" in html


def test_a_legend_explains_every_status(reports):
    legend = reports["html"][reports["html"].index('<div class="legend">'):]
    legend = legend[:legend.index("</div></h2>") if "</div></h2>" in legend else legend.index("<h2")]
    for text in ("引文与原文一致", "措辞与原文不一致", "所注来源不在资料库，无从核对", "没有注明出处", "原话在资料库的另一篇来源中"):
        assert text in legend and text in reports["markdown"]
    assert "图例：✓ 引文与原文一致；✗ 措辞与原文不一致；○ 所注来源不在资料库，无从核对；" in reports["pretty"]


# -- order, filter, groups -------------------------------------------------------------------------------
def test_article_order_with_the_findings_to_fix_on_top(reports):
    html = reports["html"]
    assert html.index('id="to-fix"') < html.index('id="quotations"') < html.index('id="missing"')
    lines = [int(m) for m in re.findall(r'<article class="q [^"]*" id="q(\d+)"', html)]
    assert lines == sorted(lines) and 815 in lines and len(lines) == 9
    fix = html[html.index('id="to-fix"'):html.index('id="quotations"')]
    assert '<a href="#q815">815</a>' in fix and "QC101" in fix
    md = reports["markdown"]
    headings = [int(m) for m in re.findall(r"^### L(\d+)", md, re.M)]
    assert headings == sorted(headings) and md.index("## 需要修改") < md.index("## 逐条引文")


def test_a_filter_by_status_and_severity_without_script(reports):
    html = reports["html"]
    assert "<script" not in html.lower() and "onclick" not in html.lower()
    for target in ("only-drift", "only-verified", "only-error", "only-fix"):
        assert f'<i class="flt" id="{target}"></i>' in html and f'href="#{target}"' in html
    assert "#only-drift:target ~ .quotes > article.q:not(.s-drift) { display: none; }" in html
    assert "#only-error:target ~ .quotes > article.q:not(.v-error) { display: none; }" in html


def test_unverifiable_quotations_are_grouped_under_their_missing_source(drifted, tmp_path):
    out = tmp_path / "seed.html"
    assert run("check", ARTICLE, "--library", REPORT, "--format", "html", "-o", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    groups = re.findall(r'<details class="missing">(.*?)</details>', html, re.S)
    assert len(groups) == 25 and not any("<details" in g and " open" in g for g in groups)
    rows = sum(g.count("<tr id=") for g in groups)
    assert rows == 43 and 's-unverifiable' not in "".join(re.findall(r'<article class="[^"]*"', html))
    first = next(g for g in groups if "2024世界智能产业博览会" in g)
    assert "引文 3" in first and "102、1137、1326" in first and first.count("<tr id=") == 3
    assert "QC401" not in first  # the group says it once; no row repeats it


# -- what each quotation shows ---------------------------------------------------------------------------
def test_the_sentence_around_the_quotation_and_its_note_as_written(reports):
    box = _article(reports["html"], "q815")
    assert "习近平强调，要<mark>“推动我国人工智能朝着有利、安全、公平方向健康有序发展”</mark>［4］。" in box
    assert "注释 ［4］ · 第 901-905 行 · 原文照录" in box
    # the note exactly as written: the three spaces of the PDF text kept, line breaks too
    assert '<span class="asis">［4］《习近平在中共中央政治局第二十次集体学习时强\n调   坚持自立自强   突出应用导向' in box
    assert "调   坚持自立自强   突出应用导向" in reports["markdown"] and "调   坚持自立自强   突出应用导向" in reports["pretty"]


def test_the_same_side_by_side_order_everywhere_article_first(reports):
    box = _article(reports["html"], "q815")
    assert box.index("文章引文") < box.index('<mark class="changed">利</mark>') < box.index("原文（所注来源）") \
        < box.index('<mark class="changed">益</mark>')
    md = reports["markdown"]
    assert md.index("- 引文：推动我国人工智能朝着有**利**") < md.index("- 原文：推动我国人工智能朝着有**~~益~~**")
    pretty = reports["pretty"]
    assert pretty.index("引文：推动我国人工智能朝着有利") < pretty.index("原文：推动我国人工智能朝着有益")


def test_qc302_shows_the_nearest_passage_of_the_cited_source(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("习近平强调，要“推动人工智能产业朝着开放包容普惠的方向不断加快发展壮大”［1］。\n\n" + NOTE,
                       encoding="utf-8")
    out = tmp_path / "a.html"
    assert run("check", article, "--library", REPORT, "--format", "html", "-o", out).returncode == 1
    box = _article(out.read_text(encoding="utf-8"), "q1")
    assert "QC302" in box and 'class="badge st-not_found"' in box
    assert re.search(r"所注来源中最接近的段落（相似度 \d+%）", box)
    assert "朝着有益、安全、公平方向健康有序发展" in re.sub(r"</?mark[^>]*>", "", box)
    pretty = run("check", article, "--library", REPORT, "--format", "pretty", env={"NO_COLOR": "1"}).stdout
    assert "所注来源中最接近的段落" in pretty


def test_80_columns_stack_the_two_wordings_line_by_line(tmp_path):
    """A long quotation with two changes: each 引文 line sits over its 原文 line, differences in the same columns."""
    from rich.cells import cell_len

    article = mutate(tmp_path, ARTICLE, 557, "加倍努力", "加紧努力")
    text = article.read_text(encoding="utf-8").replace("牢牢掌握人工智能发展", "牢牢把握人工智能发展", 1)
    article.write_text(text, encoding="utf-8")
    out = run("check", article, "--library", REPORT, "--format", "pretty", env={"NO_COLOR": "1", "COLUMNS": "80"}).stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    rows = [line.strip("│ ").rstrip() for line in out.splitlines() if line.startswith("│ 引文：") or line.startswith("│ 原文：")]
    assert len(rows) >= 4 and len(rows) % 2 == 0  # the quotation needs more than one line at 80 columns
    pairs = list(zip(rows[::2], rows[1::2]))
    assert all(q.startswith("引文：") and s.startswith("原文：") for q, s in pairs)
    for q, s in pairs:  # the same width, character columns line up
        assert abs(cell_len(q) - cell_len(s)) <= 2
    joined_q = "".join(q[3:] for q, _ in pairs)
    joined_s = "".join(s[3:] for _, s in pairs)
    at_q = cell_len(joined_q[:joined_q.index("加紧")])
    at_s = cell_len(joined_s[:joined_s.index("加倍")])
    assert at_q == at_s


def test_print_css_a4_boxes_kept_together(reports):
    html = reports["html"]
    assert "@page { size: A4;" in html
    print_css = html[html.index("@media print"):]
    assert "article.q, tr, details.missing > summary" in print_css and "break-inside: avoid" in print_css
    assert "h2, h3, article.q > header { break-after: avoid" in print_css
    # on paper the groups of quotations whose source is missing are open, their title kept with them
    assert "details.missing::details-content { content-visibility: visible; display: block; }" in print_css
    assert "details.missing > summary { list-style: none; break-after: avoid;" in print_css


# -- the browser: layout, print, and Chinese glyphs -------------------------------------------------------
@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_chinese_renders_as_glyphs_not_tofu(reports, tmp_path):
    """Draw the report's own characters in the report's own font stack; compare with a character no font has.

    Without a CJK font every Chinese character is drawn as the same empty box (tofu): then all the
    characters give one image, the same as the private-use character's. With one, each has its glyph.
    """
    family = re.search(r"body \{ font-family: ([^;]+);", reports["html"]).group(1)
    page = tmp_path / "glyphs.html"
    page.write_text("""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script>
const font = "40px " + %s;
function pixels(text) {
  const canvas = document.createElement("canvas"); canvas.width = 60; canvas.height = 60;
  const ctx = canvas.getContext("2d"); ctx.font = font; ctx.fillStyle = "#000"; ctx.fillText(text, 5, 45);
  return Array.from(ctx.getImageData(0, 0, 60, 60).data).join(",");
}
const tofu = pixels("\\ue000");
const chars = Array.from("引文核对报告原");
const images = chars.map(pixels);
document.body.setAttribute("data-result", JSON.stringify({
  distinct: new Set(images).size, tofu: images.filter(i => i === tofu).length,
  ink: images.map(i => i.split(",").filter((v, k) => k %% 4 === 3 && v > 0).length)}));
</script></body></html>""" % json.dumps(family), encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    result = json.loads(re.search(r'data-result="([^"]+)"', dom.stdout).group(1).replace("&quot;", '"'))
    assert result["tofu"] == 0 and result["distinct"] == 7, result
    assert min(result["ink"]) > 40, result


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_print_preview_is_a4(drifted, tmp_path):
    report = tmp_path / "r.html"
    run("check", drifted, "--library", REPORT, "--format", "html", "-o", report)
    pdf = tmp_path / "r.pdf"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", report.as_uri()], capture_output=True, timeout=120)
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes()))
    assert boxes and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes)


# -- hostile text in every output (issue 15, item 14) -----------------------------------------------------
HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1bc"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "<img src=x onerror=alert(1)>"
    folder.mkdir()
    article = folder / "a.txt"
    filler = "当前，人工智能正在深刻改变人们的生产生活方式，推动经济社会各领域从数字化、网络化向智能化加速跃升。\n\n" * 6
    article.write_text(filler + f"习近平强调，“推动我国人工智能朝着有利{HOSTILE}、安全、公平方向健康有序发展”［1］。\n\n"
                       f"［1］《坚持自立自强<img src=x onerror=alert(2)> 突出应用导向{HOSTILE} 推动人工智能健康有序发展》，"
                       f"《人民日报》2025 年 4 月 28 日。\n", encoding="utf-8")
    return tmp, article


@pytest.mark.parametrize("fmt", ["pretty", "concise", "github", "junit", "markdown", "html", "json", "sarif"])
def test_control_sequences_never_reach_the_terminal(hostile, fmt):
    tmp, article = hostile
    summary = tmp / f"summary-{fmt}.md"
    result = run("check", article, "--library", REPORT, "--format", fmt, "-o", tmp / f"out.{fmt}", "--fail-on", "info",
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr  # the hostile note cites no library source: QC401
    text = (tmp / f"out.{fmt}").read_text(encoding="utf-8")
    assert "QC401" in text or "有利" in text or "突出应用导向" in text
    assert "\x1b" not in text and "\x07" not in text
    if fmt in ("pretty", "concise", "github"):
        assert "␛[2J" in text or "␛" in text  # shown, not obeyed
    if fmt == "junit":
        ET.fromstring(text)  # well-formed XML 1.0
    if fmt in ("markdown", "github"):
        shown = summary.read_text(encoding="utf-8") if fmt == "github" else text
        assert "<img" not in shown and "&lt;img src=x onerror=alert(2)&gt;" in shown.replace("\\", "")
        assert "onerror=alert(1)&gt;" in shown.replace("\\", "")  # the folder name, as text
    if fmt == "html":
        assert "<img" not in text


def test_pretty_on_a_colour_terminal_keeps_only_its_own_escapes(hostile):
    from helpers import check_files, pretty_in_colour

    _, article = hostile
    result, findings = check_files(article, [REPORT])
    out = pretty_in_colour(result, findings, 80)
    assert "\x1b[" in out  # rich's colours
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", out)  # and nothing else: no ESC[2J, no OSC, no ESC c


def test_extract_and_errors_show_control_characters_too(hostile, tmp_path):
    _, article = hostile
    out = run("extract", article, env={"NO_COLOR": "1"}).stdout
    assert "有利" in out and "\x1b" not in out and "␛[2J" in out
    name = tmp_path / "x\x1b]0;pwned\x07.txt"
    err = run("check", name, "--library", REPORT).stderr
    assert err.count("\n") == 1 and "\x1b" not in err and "␛]0;pwned␇" in err
