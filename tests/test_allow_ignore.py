"""The project's allowlist of terms ([terms] allow) and inline markers that silence one finding."""
import json
import subprocess
import sys

from conftest import ROOT

SOURCE = """---
title: 坚持自立自强 突出应用导向 推动人工智能健康有序发展
date: 2025-04-27
section: "第01版"
---

# 坚持自立自强 突出应用导向 推动人工智能健康有序发展

> 《人民日报》（2025年04月27日第 01 版）

习近平指出，要正视差距、加倍努力，全面推进人工智能科技创新、产业发展和赋能应用。
"""
NOTE = "［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n"


def _run(tmp_path, article: str, config: str = "", name="article.md"):
    (tmp_path / "lib").mkdir(exist_ok=True)
    (tmp_path / "lib" / "report.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / name).write_text(article, encoding="utf-8")
    args = [sys.executable, "-m", "checker", "check", name, "--library", "lib", "--format", "json"]
    if config:
        (tmp_path / "quotecheck.toml").write_text(config, encoding="utf-8")
        args += ["--config", "quotecheck.toml"]
    out = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    return out, (json.loads(out.stdout) if out.stdout.strip() else None)


SLOGAN = "有人说，“创新是一个民族进步的灵魂，是国家兴旺发达的不竭动力”。\n"


def test_an_allowed_term_is_never_a_quotation(tmp_path):
    _, plain = _run(tmp_path, SLOGAN)
    assert [f["rule"] for f in plain["findings"]] == ["QC411"]
    out, allowed = _run(tmp_path, SLOGAN, '[terms]\nallow = ["创新是一个民族进步的灵魂，是国家兴旺发达的不竭动力"]\n')
    assert out.returncode == 0, out.stderr
    assert [f["rule"] for f in allowed["findings"] if f["rule"] != "QC407"] == []
    assert [q["kind"] for q in allowed["quotations"]] == ["term"]


def test_a_bad_allowlist_is_one_line_and_exit_2(tmp_path):
    out, _ = _run(tmp_path, SLOGAN, '[terms]\nallow = "人工智能+"\n')
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "allow" in out.stderr


def test_a_marker_silences_the_finding_it_names_and_only_that(tmp_path):
    changed = "习近平指出，“要正视差距、加紧努力”［1］。\n\n" + NOTE
    _, plain = _run(tmp_path, changed)
    assert "QC101" in [f["rule"] for f in plain["findings"]]
    out, silenced = _run(tmp_path, "<!-- quotecheck: ignore QC101 作者有意改写 -->\n" + changed)
    assert [f["rule"] for f in silenced["findings"] if f["severity"] != "info"] == []
    assert out.returncode == 0
    # Another code does not silence it, and the marker that silenced nothing is reported.
    _, other = _run(tmp_path, "<!-- quotecheck: ignore QC310 理由 -->\n" + changed)
    assert sorted(f["rule"] for f in other["findings"] if f["severity"] != "info") == ["QC101", "QC490"]


def test_a_marker_in_a_txt_at_the_end_of_the_line(tmp_path):
    changed = "习近平指出，“要正视差距、加紧努力”［1］。<!-- quotecheck: ignore QC101 按作者要求 -->\n\n" + NOTE
    _, silenced = _run(tmp_path, changed, name="article.txt")
    assert [f["rule"] for f in silenced["findings"] if f["severity"] != "info"] == []


def test_a_marker_naming_no_code_silences_nothing_and_is_reported(tmp_path):
    changed = "<!-- quotecheck: ignore 作者有意改写 -->\n习近平指出，“要正视差距、加紧努力”［1］。\n\n" + NOTE
    _, result = _run(tmp_path, changed)
    rules = sorted(f["rule"] for f in result["findings"] if f["severity"] != "info")
    assert rules == ["QC101", "QC490"]
    assert "未写规则代码" in next(f["message"] for f in result["findings"] if f["rule"] == "QC490")
