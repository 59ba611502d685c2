"""Every output format on the clean seed and on a mutated one."""
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ARTICLE, REPORT
from helpers import mutate

HOSTILE_SOURCE = """---
title: 坚持自立自强 突出应用导向 推动人工智能健康有序发展
date: 2025-04-27
section: "第01版"
source_url: "javascript:alert('source')"
---

### 习近平在中共中央政治局第二十次集体学习时强调<script>alert('kicker')</script>

# 坚持自立自强 突出应用导向 推动人工智能健康有序发展

> 《人民日报》（2025年04月27日第 01 版）

新华社北京4月26日电  中共中央政治局4月25日下午就加强人工智能发展和监管进行第二十次集体学习。习近平强调，推动我国人工智能朝着有益、安全、公平方向健康有序发展。
"""


def run(*args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, env=full_env,
                          cwd=cwd)


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("drift")
    return mutate(tmp, ARTICLE, 815, "有益", "有利")


def check(article, fmt, *extra, library=REPORT, env=None):
    return run("check", str(article), "--library", str(library), "--format", fmt, *extra, env=env)


def test_exit_codes(drifted):
    assert check(ARTICLE, "concise").returncode == 0
    assert check(drifted, "concise").returncode == 1
    assert check(drifted, "concise", "--fail-on", "never").returncode == 0
    assert check(drifted, "concise", "--exit-zero").returncode == 0
    assert check(ARTICLE, "concise", "--fail-on", "info").returncode == 1  # the seed has info findings


def test_json_contract_and_stability(drifted):
    first = check(drifted, "json").stdout
    assert first == check(drifted, "json").stdout
    report = json.loads(first)
    assert report["version"] == 1 and len(report["article"]["sha256"]) == 64
    finding = next(f for f in report["findings"] if f["rule"] == "QC101")
    for key in ("rule", "name", "category", "severity", "line", "end_line", "message", "fingerprint"):
        assert key in finding
    assert (finding["line"], finding["end_line"], finding["category"]) == (815, 833, "drift")
    quote = next(q for q in report["quotations"] if q["line"] == 815)
    assert quote["status"] == "drift" and quote["source"] == REPORT.name
    assert quote["edits"][0] == {"kind": "substitution", "source": "有益", "quote": "有利",
                                 "source_context": "有益", "quote_context": "有利"}
    statuses = {q["status"] for q in report["quotations"] if q["kind"] == "quotation"}
    assert statuses <= {"verified", "variant", "drift", "misattributed", "not_found", "unverifiable", "uncited"}
    assert all(q["status"] is None for q in report["quotations"] if q["kind"] == "term")


def test_sarif_structure(drifted):
    sarif = json.loads(check(drifted, "sarif").stdout)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    run_ = sarif["runs"][0]
    assert run_["tool"]["driver"]["name"] == "quotecheck"
    assert run_["columnKind"] == "unicodeCodePoints"
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:
        assert result["ruleId"] in rule_ids and rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["endLine"] >= region["startLine"]
        assert result["partialFingerprints"]["quotecheck/v1"]
    drift = next(r for r in run_["results"] if r["ruleId"] == "QC101")
    assert drift["level"] == "error" and drift["locations"][0]["physicalLocation"]["region"]["startLine"] == 815


def test_sarif_level_follows_each_findings_severity(tmp_path):
    article = mutate(tmp_path, ARTICLE, 996, "集中力量攻克", "集中力量全力攻克")  # QC101 error
    article = mutate(tmp_path, article, 833, "［4］", "［3］")  # QC307 warning: words of another source
    findings = json.loads(check(article, "json").stdout)["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    run_ = json.loads(check(article, "sarif").stdout)["runs"][0]
    level = {"error": "error", "warning": "warning", "info": "note"}
    assert [(r["ruleId"], r["level"]) for r in run_["results"]] == [(f["rule"], level[f["severity"]]) for f in findings]
    severity = {f["rule"]: f["severity"] for f in findings}
    for rule in run_["tool"]["driver"]["rules"]:
        assert rule["defaultConfiguration"]["level"] == level[severity[rule["id"]]]


def test_junit_has_a_failing_case_for_the_drift(drifted):
    root = ET.fromstring(check(drifted, "junit").stdout)
    suite = root.find("testsuite")
    failing = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert [case.get("line") for case in failing] == ["815"]
    assert failing[0].find("failure").get("type") == "QC101"
    assert int(suite.get("failures")) == 1 and int(suite.get("tests")) == len(list(suite.iter("testcase")))
    clean = ET.fromstring(check(ARTICLE, "junit").stdout).find("testsuite")
    assert clean.get("failures") == "0"


def test_github_annotations_point_at_the_line(drifted, tmp_path):
    summary = tmp_path / "summary.md"
    result = check(drifted, "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    line = next(l for l in result.stdout.splitlines() if "QC101" in l)
    assert line.startswith(f"::error file={drifted},line=815,endLine=833,title=QC101")
    assert "原文「有益」，引文「有利」" in line
    assert "QC101" in summary.read_text(encoding="utf-8")


def test_concise_lines(drifted):
    lines = check(drifted, "concise").stdout.splitlines()
    assert f"{drifted}:815:8: QC101 [错误] 引文与原文不一致：原文「有益」，引文「有利」" in lines


def test_english_messages(drifted):
    out = check(drifted, "concise", "--lang", "en").stdout
    assert "Quotation differs from the source: source “有益”, quotation “有利”" in out


def test_pretty_at_fixed_width_without_colour(drifted):
    out = check(drifted, "pretty", env={"NO_COLOR": "1", "COLUMNS": "100"}).stdout
    assert "\x1b[" not in out
    assert "原文：推动我国人工智能朝着有益、安全、公平方向健康有序发展" in out
    assert "引文：推动我国人工智能朝着有利、安全、公平方向健康有序发展" in out
    assert "QC101" in out


def test_markdown_report_marks_both_words(drifted, tmp_path):
    out = tmp_path / "r.md"
    assert check(drifted, "markdown", "--output", str(out)).returncode == 1
    text = out.read_text(encoding="utf-8")
    assert "**~~益~~**" in text and "**利**" in text


def test_html_default_path_and_escaping(drifted, tmp_path):
    lib = tmp_path / "lib.md"
    lib.write_text(HOSTILE_SOURCE, encoding="utf-8")
    article = tmp_path / "hostile.txt"
    article.write_text(drifted.read_text(encoding="utf-8").replace(
        "［1］“A Deep Dive", "［1］“A Deep Dive<script>alert('note')</script>", 1), encoding="utf-8")
    result = run("check", str(article), "--library", str(lib), "--format", "html", "--exit-zero", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "reports" / "hostile.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;kicker&#x27;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html  # only http(s) links are kept
    assert _fetches(html) == []  # nothing fetched from the network, anywhere in the document


def _fetches(html: str) -> list[str]:
    """Everything in an HTML document that a browser would load: tags, src attributes, CSS url() and @import."""
    import re
    from html.parser import HTMLParser

    found = []

    class Walk(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name in ("src", "srcset", "data", "poster", "background", "action", "formaction"):
                    found.append(f"{tag} {name}={value}")
                if name == "style" and value and re.search(r"url\(|@import", value):
                    found.append(f"{tag} style={value}")
                if name == "href" and tag != "a":
                    found.append(f"{tag} href={value}")

        def handle_data(self, data):
            if self.lasttag == "style" and re.search(r"url\(|@import", data):
                found.append("style: " + data[:80])

    Walk().feed(html)
    return found


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_html_in_a_real_browser(drifted, tmp_path):
    """Render the report of a drifted seed in headless Chromium and read what a reader sees."""
    lib = tmp_path / "lib.md"
    lib.write_text(HOSTILE_SOURCE.replace("推动我国人工智能朝着有益", "推动我国人工智能朝着有益"), encoding="utf-8")
    out = tmp_path / "report.html"
    assert check(drifted, "html", "--output", str(out)).returncode == 1
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-500:]
    page = dom.stdout
    section = page[page.index('id="q815"'):]
    section = section[:section.index("</article>")]
    assert '<mark class="changed">利</mark>' in section and '<mark class="changed">益</mark>' in section
    assert "QC101" in section and "原文「有益」，引文「有利」" in section
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1200,1600", f"--screenshot={shot}", out.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10000
    if os.environ.get("QUOTECHECK_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["QUOTECHECK_KEEP_SCREENSHOT"])


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed")
def test_hostile_text_shows_as_text_in_the_browser(tmp_path):
    lib = tmp_path / "lib.md"
    lib.write_text(HOSTILE_SOURCE, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("习近平强调，“推动我国人工智能朝着有益、安全、公平方向健康有序发展<b>粗体</b>”［1］。\n\n"
                       "［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n",
                       encoding="utf-8")
    out = tmp_path / "r.html"
    check(article, "html", "--output", str(out), library=lib)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120)
    assert "<script" not in dom.stdout and "<b>粗体</b>" not in dom.stdout
    assert "&lt;script&gt;alert('kicker')&lt;/script&gt;" in dom.stdout
    assert "&lt;b&gt;粗体&lt;/b&gt;" in dom.stdout


def test_json_lists_the_best_twenty_witnesses_and_counts_them_all(tmp_path):
    # An uncited quotation of a speech that 23 library reports print: the JSON names the best 20
    # (found_in) and says how many there are (found_in_count), so a report stays readable.
    lib = tmp_path / "lib"
    lib.mkdir()
    words = "推动我国人工智能朝着有益、安全、公平方向健康有序发展"
    for i in range(23):
        (lib / f"r{i:02d}.md").write_text(f"---\ntitle: 报道{i}\ndate: 2025-05-{i + 1:02d}\n---\n\n# 报道{i}\n\n"
                                          f"第{i}篇报道写道，习近平强调，{words}。此外还有第{i}段文字。\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(f"有评论指出，“{words}”。\n", encoding="utf-8")
    data = json.loads(check(article, "json", library=lib).stdout)
    (quote,) = [q for q in data["quotations"] if q["kind"] == "quotation"]
    assert quote["found_in_count"] == 23 and len(quote["found_in"]) == 20


def test_junit_fails_a_wrong_event_date_that_quotes_nothing(tmp_path):
    # A sentence that cites the event in a note without quoting it: its error is a failing case of
    # its own; the article's infos (QC407: nothing to check) are not failures.
    article = tmp_path / "claim.txt"
    article.write_text("2025 年 5 月，在中共中央政治局第二十次集体学习时，习近平就人工智能发展和监管作出部署［1］。\n\n"
                       "［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n",
                       encoding="utf-8")
    suite = ET.fromstring(check(article, "junit").stdout).find("testsuite")
    cases = [(case.get("name"), case.find("failure").get("type")) for case in suite.iter("testcase")]
    assert cases == [("L1 QC202", "QC202")] and suite.get("failures") == "1"


def test_pretty_names_each_citation_by_its_line():
    # A text article has no page or paragraph to name: the note's raw line stands in.
    out = run("extract", str(ARTICLE), env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "[4] L575 《国务院印发〈新一代人工智能发展规划〉》 人民日报 2017年7月21日" in out  # a Chinese date in Chinese


def test_junit_names_each_case_by_line_and_opening_words_and_lists_warnings_as_output(tmp_path):
    # A quotation with a warning only: not a failure, its findings in system-out; one verified
    # by its words: its info only. A case is named by its line and the quotation's first 40 characters.
    words = "拥抱人工智能，是为了让生活更美好、社会更公平、未来更可期，而非任由技术滥用问题发生"
    article = tmp_path / "a.md"
    article.write_text(f"# 评论\n\n有评论指出，“{words.replace('更可期', '更可靠')}”。另有人说，“{words}”。\n",
                       encoding="utf-8")
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "r.md").write_text(f"---\ntitle: 为人工智能创新划清底线\ndate: 2026-05-07\n---\n\n# 为人工智能创新划清底线\n\n"
                              f"{words}。\n", encoding="utf-8")
    suite = ET.fromstring(check(article, "junit", library=lib).stdout).find("testsuite")
    cases = list(suite.iter("testcase"))
    assert [c.get("name") for c in cases] == [f"L3 {words.replace('更可期', '更可靠')[:40]}", f"L3 {words[:40]}"]
    warned, clean = cases
    assert warned.find("failure") is None and "QC310 [warning]" in warned.find("system-out").text
    assert clean.find("failure") is None and suite.get("failures") == "0"
    assert [line.split(" ")[:2] for line in clean.find("system-out").text.splitlines()] == [["QC410", "[info]"]]


def test_html_names_the_source_with_its_date_page_and_paper(tmp_path):
    assert check(ARTICLE, "html", "-o", str(tmp_path / "r.html")).returncode == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "</a> · 2025年4月27日 · 第1版 · 人民日报 · <code>004_0cc289df36280051.txt</code></p>" in html
