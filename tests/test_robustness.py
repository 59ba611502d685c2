"""Bad input never crashes quotecheck and never costs a user data."""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.errors import RuleFileError
from checker.rules import load_rules
from conftest import ARTICLE, REPORT
from helpers import check_files

SOURCE = REPORT.read_text(encoding="utf-8")


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def in_process(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


# -- the library -----------------------------------------------------------------------------------
def test_problems_in_one_source_are_warnings_and_the_rest_is_used(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "good.txt").write_text(SOURCE, encoding="utf-8")
    (lib / "copy.txt").write_text(SOURCE, encoding="utf-8")
    (lib / "broken.md").write_text("---\ntitle: 未闭合的前言\ndate: 2025-01-01\n正文没有结束标记\n", encoding="utf-8")
    (lib / "notitle.md").write_text("只有一段正文，没有标题也没有日期。\n", encoding="utf-8")
    (lib / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    result = cli("check", ARTICLE, "--library", lib, "--format", "json", "--lang", "en", "--verbose")  # names copies
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sum(q["status"] == "verified" for q in report["quotations"]) == 9
    err = result.stderr
    assert "broken.md: frontmatter opened with --- but never closed" in err
    assert "notitle.md: no title found" in err and "notitle.md: no publication date found" in err
    assert "good.txt: duplicate of" in err and "copy.txt" in err
    assert "duplicates skipped: 1 (files repeating the text of an earlier file;" in err
    assert "binary.txt: binary input" in err
    assert "Traceback" not in err


def test_malformed_frontmatter_line_is_named(tmp_path):
    lib = tmp_path / "odd.md"
    lib.write_text(SOURCE.replace("author: 人民日报", "这一行不是键值对"), encoding="utf-8")
    result = cli("check", ARTICLE, "--library", lib, "--format", "concise")
    assert result.returncode == 0
    assert "odd.md: frontmatter line 4: expected 'key: value'" in result.stderr


@pytest.mark.parametrize("setup,expect", [
    (lambda lib: None, "library holds no .md, .txt or .html source"),
    (lambda lib: (lib / "x.txt").write_bytes(b"\x00\x00binary"), "library holds no readable source"),
    (lambda lib: (lib / "e.txt").write_text("   \n"), "library holds no readable source"),
])
def test_empty_library_is_exit_2(tmp_path, setup, expect):
    lib = tmp_path / "lib"
    lib.mkdir()
    setup(lib)
    result = cli("check", ARTICLE, "--library", lib)
    assert result.returncode == 2 and expect in result.stderr and "Traceback" not in result.stderr


def test_missing_library_path_is_exit_2(tmp_path):
    result = cli("check", ARTICLE, "--library", tmp_path / "nowhere")
    assert result.returncode == 2 and "nowhere: 文件或文件夹不存在（no such file or folder）" in result.stderr


# -- rule files -----------------------------------------------------------------------------------
GOOD_RULE = """[[rule]]
code = "QC901"
name = "house-ellipsis"
category = "drift"
severity = "warning"
evaluator = "quote_pattern"
summary = "s"
message = "m {match}"
message_en = "m {match}"
fix = "f"
fix_en = "f"
params = { pattern = '\\.\\.\\.' }
"""


@pytest.mark.parametrize("change,line,expect", [
    (lambda t: t.replace('severity = "warning"', 'severity = "fatal"'), 5, "unknown severity 'fatal'"),
    (lambda t: t.replace('evaluator = "quote_pattern"', 'evaluator = "magic"'), 6, "unknown evaluator 'magic'"),
    (lambda t: t.replace('summary = "s"', 'summary = "s"\ncolour = "red"'), 8, "unknown key 'colour'"),
    (lambda t: t.replace("params = { pattern = '\\.\\.\\.' }", "params = { pattern = '(unclosed' }"), 12,
     "does not compile"),
    (lambda t: t.replace('message = "m {match}"', 'message = "m {nosuch}"'), 8, "unknown field(s) nosuch"),
    (lambda t: t.replace('code = "QC901"', 'code = "X1"'), 2, "must look like QC123"),
    (lambda t: t.replace('name = "house-ellipsis"', 'name = "house-ellipsis\nbroken'), 3, "TOML syntax error"),
    (lambda t: t.replace('category = "drift"', 'category = "style"'), 4, "unknown category 'style'"),
])
def test_broken_rule_files_are_rejected_with_file_and_line(tmp_path, change, line, expect):
    folder = tmp_path / "rules"
    folder.mkdir()
    path = folder / "house.toml"
    path.write_text(change(GOOD_RULE), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rules([str(folder)])
    assert f"{path}:{line}" in str(caught.value) and expect in str(caught.value)
    result = cli("check", ARTICLE, "--library", REPORT, "--rules", folder)
    assert result.returncode == 2 and f"{path}:{line}" in result.stderr and "Traceback" not in result.stderr


def test_threshold_out_of_range_is_rejected(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    text = GOOD_RULE.replace('evaluator = "quote_pattern"', 'evaluator = "witness"').replace(
        "params = { pattern = '\\.\\.\\.' }", "params = { min_score = 150 }").replace("{match}", "{quote}")
    (folder / "r.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"r.toml:12: .*min_score' = 150.0 is out of range"):
        load_rules([str(folder)])


def test_a_good_house_rule_is_added_and_fires(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "house.toml").write_text(GOOD_RULE, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("习近平指出，“要正视差距...加倍努力”［1］。\n\n［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
                       "《人民日报》2025 年 4 月 27 日。\n", encoding="utf-8")
    result = cli("check", article, "--library", REPORT, "--rules", folder, "--format", "concise", "--fail-on", "warning")
    assert result.returncode == 1 and "QC901 [警告] m ..." in result.stdout


def test_configuration_changes_severity_params_and_switches_rules_off(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.quotecheck]\n[tool.quotecheck.rule.QC101]\nseverity = "warning"\n'
        '[tool.quotecheck.rule.source-not-in-library]\nenabled = false\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8").replace("有益、\n", "有利、\n"), encoding="utf-8")
    result = cli("check", article, "--library", REPORT, "--format", "concise", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # the drift is now a warning: below --fail-on error
    assert "QC101 [警告]" in result.stdout and "QC401" not in result.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('[tool.quotecheck.rule.QC101]\nseverity = "loud"\n', encoding="utf-8")
    result = cli("check", article, "--library", REPORT, "--config", bad)
    assert result.returncode == 2 and "unknown severity 'loud'" in result.stderr


# -- odd but legal text -------------------------------------------------------------------------------
def _rules_of(tmp_path, text):
    article = tmp_path / "odd.txt"
    article.write_text(text, encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    return {(f.rule, f.line) for f in findings}


def test_unbalanced_and_nested_marks(tmp_path):
    found = _rules_of(tmp_path, "他说：“第一句‘内层’还没有结束。\n\n后来又说：“推动我国人工智能朝着有益、安全、公平方向健康有序发展”。\n")
    assert ("QC405", 1) in found
    assert ("QC410", 3) in found  # the second, closed quotation is still checked (found by its words)


def test_marks_inside_footnotes_and_dangling_markers(tmp_path):
    found = _rules_of(tmp_path, "正文“推动我国人工智能朝着有益、安全、公平方向健康有序发展”［3］。\n\n"
                                "［1］《国务院印发〈意见〉积极推进“互联网＋”行动》，《人民日报》2015 年 7 月 5 日。\n")
    assert ("QC404", 1) in found and ("QC403", 3) in found
    assert not any(rule == "QC405" for rule, _ in found)


def test_article_without_quotations_says_so(tmp_path):
    article = tmp_path / "plain.txt"
    article.write_text("这是一篇没有任何引文的短文。\n", encoding="utf-8")
    result = cli("check", article, "--library", REPORT, "--format", "pretty")
    assert result.returncode == 0 and "文章中没有找到引文" in result.stdout


# -- never costs data ------------------------------------------------------------------------------
def test_output_refuses_an_input(tmp_path):
    article = tmp_path / "a.txt"
    shutil.copy(ARTICLE, article)
    before = article.read_bytes()
    result = cli("check", article, "--library", REPORT, "--format", "json", "--output", article)
    assert result.returncode == 2 and "is an input file" in result.stderr
    assert article.read_bytes() == before
    lib_copy = tmp_path / "lib.txt"
    shutil.copy(REPORT, lib_copy)
    result = cli("check", ARTICLE, "--library", lib_copy, "--output", lib_copy)
    assert result.returncode == 2 and lib_copy.read_text(encoding="utf-8") == SOURCE


def test_interrupted_write_leaves_the_old_report(tmp_path, monkeypatch):
    from checker import output

    target = tmp_path / "report.json"
    target.write_text("old report", encoding="utf-8")

    def boom(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        output.write_output("new report", str(target))
    assert target.read_text(encoding="utf-8") == "old report"


def test_inputs_are_never_modified(tmp_path):
    before = {p: p.read_bytes() for p in (ARTICLE, REPORT)}
    cli("check", ARTICLE, "--library", REPORT, "--format", "json", "--output", tmp_path / "r.json")
    assert {p: p.read_bytes() for p in (ARTICLE, REPORT)} == before


def test_byte_identical_json_whatever_the_order_on_disk(tmp_path):
    outputs = []
    for order in (1, -1):
        lib = tmp_path / "lib"
        if lib.exists():
            shutil.rmtree(lib)
        lib.mkdir()
        files = [("a/004.txt", SOURCE), ("b/other.md", "---\ntitle: 别的报道\ndate: 2025-04-27\n---\n\n别的正文。\n"),
                 ("c/third.md", "---\ntitle: 第三篇\ndate: 2025-04-26\n---\n\n第三篇正文。\n")]
        for rel, text in files[::order]:
            (lib / rel).parent.mkdir(exist_ok=True)
            (lib / rel).write_text(text, encoding="utf-8")
        result = cli("check", ARTICLE, "--library", lib, "--format", "json", cwd=tmp_path)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


# -- anything at all ---------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_random_input_ends_in_a_report_or_a_clean_exit_2(tmp_path, data):
    article = tmp_path / "random.txt"
    article.write_bytes(data)
    code, out, err = in_process("check", article, "--library", REPORT, "--format", "json")
    assert "internal error" not in err, err
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith(("quotecheck: error: ", "quotecheck: 错误：")) and str(article) in err
    else:
        report = json.loads(out)
        assert report["version"] == 1
        assert code == _expected_exit(report)


def _expected_exit(report) -> int:
    """1 when a finding is at --fail-on's default (error), else 0."""
    return 1 if any(f["severity"] == "error" for f in report["findings"]) else 0


_SEED = ARTICLE.read_text(encoding="utf-8")
_PIECES = st.sampled_from(list("“”‘’「」《》〈〉［］[]①②，。\n　 ") + ["［1］", "［12］", "……", "2025 年 4 月，", "第 1 版", "《人民日报》"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(_SEED)), st.integers(0, 30), _PIECES | st.text(max_size=5)), max_size=12))
def test_random_edits_of_the_seed_never_crash(tmp_path, edits):
    text = _SEED
    for at, cut, piece in edits:
        at = min(at, len(text))
        text = text[:at] + piece + text[at + cut:]
    article = tmp_path / "edited.txt"
    article.write_text(text, encoding="utf-8")
    code, out, err = in_process("check", article, "--library", REPORT, "--format", "json")
    assert "internal error" not in err, err
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith(("quotecheck: error: ", "quotecheck: 错误："))
    else:
        report = json.loads(out)
        assert code == _expected_exit(report)
        lines = text.split("\n")
        for quote in report["quotations"]:
            assert 1 <= quote["line"] <= len(lines)
