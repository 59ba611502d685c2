"""The CI gate as a newcomer meets it: every configuration key acts, baselines say what they hid,
the command line explains itself, errors are one line in the editor's language (issue 13; issue 15
items 13 and 15)."""
import contextlib
import io
import json
import re
import shutil

import pytest

from checker.cli import build_parser, main
from conftest import ARTICLE, REPORT

# A footnoted article with one quotation that lacks its note: a QC306 warning (the library holds the words).
UNCITED = ("习近平强调，“推动我国人工智能朝着有益、安全、公平方向健康有序发展”。他指出，“要正视差距、加倍努力”［1］。\n\n"
           "［1］《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
           "《人民日报》2025 年 4 月 27 日。\n")


def qc(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def journal(tmp_path, monkeypatch):
    """journal/pyproject.toml, journal/archive/ (the seed report), journal/articles/a.txt (a QC306 warning);
    the run starts in journal/articles/."""
    root = tmp_path / "journal"
    (root / "archive").mkdir(parents=True)
    (root / "articles").mkdir()
    shutil.copy(REPORT, root / "archive" / REPORT.name)
    (root / "articles" / "a.txt").write_text(UNCITED, encoding="utf-8")
    monkeypatch.chdir(root / "articles")
    return root


def configure(root, body: str):
    (root / "pyproject.toml").write_text("[tool.quotecheck]\n" + body, encoding="utf-8")


# -- every configuration key acts ------------------------------------------------------------------
def test_config_fail_on_warning_fails_the_gate(journal):
    configure(journal, 'library = ["archive/"]\nformat = "concise"\n')
    assert qc("check", "a.txt")[0] == 0  # a warning, default gate: error
    configure(journal, 'library = ["archive/"]\nformat = "concise"\nfail_on = "warning"\n')
    assert qc("check", "a.txt")[0] == 1
    assert qc("check", "a.txt", "--fail-on", "error")[0] == 0  # the flag wins over the configuration


def test_config_lang_en_gives_english_messages(journal):
    configure(journal, 'library = ["archive/"]\nformat = "concise"\nlang = "en"\n')
    code, out, _ = qc("check", "a.txt")
    assert "Quotation has no citation; the words are in" in out and "引文未注明出处" not in out
    assert "引文未注明出处" in qc("check", "a.txt", "--lang", "zh")[1]


def test_config_format_and_library_and_rules(journal):
    house = journal / "house"
    house.mkdir()
    (house / "r.toml").write_text((REPORT.parent.parent / "rules" / "coverage.toml").read_text(encoding="utf-8")
                                  .replace('code = "QC401"', 'code = "QC901"'), encoding="utf-8")
    configure(journal, 'library = ["archive/"]\nformat = "json"\nrules = ["house/"]\n')
    code, out, err = qc("check", "a.txt")
    assert code == 0, err
    report = json.loads(out)  # format = "json" acted
    assert report["summary"]["library_sources"] == 1  # archive/ was found from articles/
    code, out, _ = qc("rules")
    assert "QC901" in out  # rules = ["house/"] resolved against journal/, not the working directory


def test_config_paths_are_resolved_against_the_config_folder(journal, tmp_path, monkeypatch):
    configure(journal, 'library = "archive/"\nformat = "concise"\n')  # a string is a one-item list
    code, out, err = qc("check", "a.txt")
    assert code == 0 and "QC306" in out, err
    monkeypatch.chdir(tmp_path)
    code, out, err = qc("check", journal / "articles" / "a.txt", "--config", journal / "pyproject.toml")
    assert code == 0 and "QC306" in out, err


def test_config_rule_tables_act(journal):
    configure(journal, 'library = ["archive/"]\nformat = "concise"\n[tool.quotecheck.rule.QC306]\nseverity = "error"\n')
    code, out, _ = qc("check", "a.txt")
    assert code == 1 and "QC306 [错误]" in out
    configure(journal, 'library = ["archive/"]\nformat = "concise"\n[tool.quotecheck.rule.uncited-quotation]\n'
                       'enabled = false\n')
    code, out, _ = qc("check", "a.txt")
    assert code == 0 and "QC306" not in out
    configure(journal, 'library = ["archive/"]\nformat = "concise"\n[tool.quotecheck.rule.QC306]\n'
                       'params = { min_weight = 200 }\n')
    assert "QC306" not in qc("check", "a.txt")[1]  # the quotation is shorter than 200


@pytest.mark.parametrize("body,expect", [
    ('library = 5', "library = 5: must be a path or a list of paths"),
    ('library = ["archive/", 3]', "must be a path or a list of paths"),
    ('rules = [[]]', "rules = [[]]: must be a path or a list of paths"),
    ('fail_on = "warnings"', "fail_on = 'warnings': choose one of error, warning, info, never"),
    ('lang = "fr"', "lang = 'fr': choose one of zh, en"),
    ('format = 1', "format = 1: must be a format name"),
    ('colour = "red"', "unknown key 'colour'"),
    ('rule = 3', "must hold one table per rule"),
    ('[tool.quotecheck.rule.QC306]\nenabled = "no"', "enabled must be true or false"),
    ('[tool.quotecheck.rule.QC306]\nparams = 3', "params must be a table"),
    ('[tool.quotecheck.rule.QC999]\nenabled = false', "no such rule"),
    ('x = ' + "[" * 5000 + "]" * 5000, "nests arrays or tables too deeply"),
])
def test_bad_config_values_are_one_clear_line(journal, body, expect):
    configure(journal, body + "\n")
    code, _, err = qc("check", "a.txt", "--library", journal / "archive", "--lang", "en", "--format", "concise")
    assert code == 2 and expect in err and "pyproject.toml" in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_config_with_a_byte_order_mark_is_read(journal):
    (journal / "pyproject.toml").write_text('\ufeff[tool.quotecheck]\nlibrary = ["archive/"]\nfail_on = "warning"\n',
                                            encoding="utf-8")
    assert qc("check", "a.txt", "--format", "concise")[0] == 1


# -- rule files: types, templates, BOM, nesting (issue 15, item 13) ----------------------------------
RULE = """[[rule]]
code = "QC901"
name = "house-uncited"
category = "citation"
severity = "warning"
evaluator = "quote_status"
summary = "s"
message = "m {quote}"
message_en = "m {quote}"
fix = "f"
fix_en = "f"
params = { statuses = ["uncited"] }
"""


@pytest.mark.parametrize("change,line,expect", [
    (('message = "m {quote}"', 'message = "m {quote:>999999999}"'), 8, "{quote:>999999999} is not allowed"),
    (('message = "m {quote}"', 'message = "m {quote!z}"'), 8, "{quote!z} is not allowed"),
    (('message = "m {quote}"', 'message = "m {quote!r}"'), 8, "no format specs or conversions"),
    (('fix = "f"', 'fix = "{quote[9]}"'), 10, "{quote[9]} is not allowed"),
    (('fix_en = "f"', 'fix_en = "{quote.__class__.__init__}"'), 11, "is not allowed"),
    (('message_en = "m {quote}"', 'message_en = "m {0}"'), 9, "{0} is not allowed"),
    (('message = "m {quote}"', 'message = "m {quote"'), 8, "malformed template"),
    (('summary = "s"', 'summary = "s"\naliases = 5'), 8, "aliases must be a list of old rule names"),
    (('summary = "s"', 'summary = "s"\naliases = "x"'), 8, "aliases must be a list of old rule names"),
    (('summary = "s"', 'summary = "s"\nexamples = [1]'), 8, "examples must be an array of tables"),
    (('summary = "s"', 'summary = "s"\ndoc = 7'), 8, "doc must be a text"),
    (('summary = "s"', 'summary = "s"\nenabled = "yes"'), 8, "enabled must be true or false"),
    (('summary = "s"', 'summary = "s"\nparams2 = 1'), 8, "unknown key 'params2'"),
    (('params = { statuses = ["uncited"] }', 'params = { statuses = ' + "[" * 5000 + "]" * 5000 + ' }'), None,
     "nests arrays or tables too deeply"),
])
def test_bad_rule_files_are_rejected_at_load_time_with_file_and_line(tmp_path, change, line, expect):
    folder = tmp_path / "house"
    folder.mkdir()
    path = folder / "r.toml"
    path.write_text(RULE.replace(*change), encoding="utf-8")
    code, out, err = qc("check", ARTICLE, "--library", REPORT, "--rules", folder, "--format", "concise")
    assert code == 2 and out == "" and expect in err, err
    assert (f"{path}:{line}:" if line else f"{path}") in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_rule_file_with_a_byte_order_mark_loads(tmp_path):
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "r.toml").write_text("\ufeff" + RULE, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("有人说，“创新是一个民族进步的灵魂，是国家兴旺发达的不竭动力”。\n", encoding="utf-8")  # in no source
    code, out, err = qc("check", article, "--library", REPORT, "--rules", folder, "--format", "concise")
    assert code == 0 and "QC901 [警告] m 创新是一个民族进步的灵魂" in out, err


# -- --library greediness, help, version, rules, explain -----------------------------------------------
def test_a_swallowed_article_is_named(tmp_path):
    code, out, err = qc("check", "--library", REPORT, ARTICLE)
    assert code == 2 and str(ARTICLE) in err and "--library" in err and "--" in err
    assert "被当成了资料库" in err
    code, out, err = qc("check", "--library", REPORT, ARTICLE, "--lang", "en")
    assert code == 2 and f"{str(ARTICLE)!r} was taken as a library path" in err
    code, out, err = qc("check", "--library", REPORT, "--", ARTICLE, "--format", "concise")
    assert code == 2 and "--format" in err  # after -- every word is an article, as usual
    code, out, err = qc("check", "--library", REPORT, "--format", "concise", "--", ARTICLE)
    assert code == 0, err


def test_the_readme_first_run_command_keeps_working(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = qc("check", ARTICLE, "--library", REPORT, "--format", "html")
    assert code == 0 and (tmp_path / "reports" / (ARTICLE.stem + ".html")).is_file(), err


def test_version_and_help():
    from checker import __version__

    with pytest.raises(SystemExit) as stop, contextlib.redirect_stdout(io.StringIO()) as out:
        build_parser().parse_args(["--version"])
    assert stop.value.code == 0 and out.getvalue().strip() == f"quotecheck {__version__}"
    parser = build_parser()
    check = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "check")[1]
    for action in check._actions:
        assert action.help, f"{action.option_strings or action.dest} has no help line"
    text = check.format_help()
    assert text.count("quotecheck check ") >= 2 and "--fail-on" in text and "退出码" in text and "用法：" in text
    check_en = next(a for a in build_parser("en")._subparsers._group_actions[0].choices.items() if a[0] == "check")[1]
    assert "exit codes" in check_en.format_help() and "usage: " in check_en.format_help()


def test_explain_by_any_case_or_name_and_in_english():
    code, out, _ = qc("explain", "qc101")
    assert code == 0 and out.startswith("QC101 quote-wording-changed") and "引文措辞与所引原文不一致" in out
    assert qc("explain", "quote-wording-changed")[1] == out
    code, out_en, _ = qc("explain", "QC101", "--lang", "en")
    assert "The quotation's wording differs from the source" in out_en and "Quotation differs from the source" in out_en
    code, _, err = qc("explain", "QC999")
    assert code == 2 and "没有规则 'QC999'" in err


def test_rules_in_english():
    code, out, _ = qc("rules", "--lang", "en")
    assert code == 0 and "A quotation mark that is never closed" in out
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in out.replace("(版)", ""))


# -- baselines ----------------------------------------------------------------------------------------
def test_a_baseline_says_what_it_hid_and_what_is_stale(tmp_path):
    baseline = tmp_path / "baseline.json"
    code, _, err = qc("check", ARTICLE, "--library", REPORT, "--fail-on", "info", "--format", "concise",
                      "--write-baseline", baseline)
    assert code == 0  # writing a baseline records, it does not gate
    assert "基线" in err and "25" in err
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"].append({"fingerprint": "0123456789abcdef0123", "rule": "QC101", "quote": "gone"})
    baseline.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = qc("check", ARTICLE, "--library", REPORT, "--fail-on", "info", "--format", "concise",
                        "--baseline", baseline, "--lang", "en")
    assert code == 0 and "QC401" not in out
    assert f"baseline {baseline} hid 25 known findings; 1 of its 26 entries no longer occur" in err


@pytest.mark.parametrize("text,expect", [
    ('{"version": 2, "findings": []}', "baseline version 2 is not one this quotecheck reads"),
    ('{"findings": []}', "baseline version None"),
    ('{"version": 1, "findings": {"a": 1}}', "not a quotecheck baseline"),
    ('{"version": 1, "findings": [{"rule": "QC101"}]}', "an entry has no fingerprint"),
    ('{"version": 1, "findings": [7]}', "an entry has no fingerprint"),
    ('[1, 2]', "not a quotecheck baseline"),
    ('{"version": 1, "findings": [', "invalid JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_bad_baselines_are_one_line_exit_2(tmp_path, text, expect):
    baseline = tmp_path / "b.json"
    baseline.write_text(text, encoding="utf-8")
    code, out, err = qc("check", ARTICLE, "--library", REPORT, "--baseline", baseline, "--lang", "en")
    assert code == 2 and out == "" and expect in err and str(baseline) in err, err
    assert err.count("\n") == 1 and "internal error" not in err


# -- messages -----------------------------------------------------------------------------------------
def test_english_messages_use_english_punctuation_and_dates():
    code, out, _ = qc("check", ARTICLE, "--library", REPORT, "--format", "concise", "--lang", "en")
    lines = out.splitlines()
    assert any(line.endswith("(notes on lines 102, 1137, 1326)") for line in lines)
    assert any("1 quotation unverifiable" in line and line.endswith("(note on line 173)") for line in lines)
    assert not any(re.search(r"lines [\d、]+、|quotation\(s\)", line) for line in lines)


def test_english_dates_in_english_messages(tmp_path):
    from helpers import mutate

    wrong = mutate(tmp_path, ARTICLE, 507, "2025 年 4 月 27 日", "2025 年 4 月 28 日")
    code, out, _ = qc("check", wrong, "--library", REPORT, "--format", "concise", "--lang", "en")
    assert "published 2025-04-27, cited as 2025-04-28" in out


def test_input_errors_in_chinese_by_default_and_english_on_request(tmp_path):
    code, _, err = qc("check", tmp_path / "nowhere.txt", "--library", REPORT)
    assert code == 2 and err == f"quotecheck: 错误：{tmp_path / 'nowhere.txt'}: 文件不存在（no such file）\n"
    code, _, err = qc("check", tmp_path / "nowhere.txt", "--library", REPORT, "--lang", "en")
    assert err == f"quotecheck: error: {tmp_path / 'nowhere.txt'}: no such file\n"
    code, _, err = qc("check", ARTICLE, "--library", REPORT, "--format", "yaml")
    assert code == 2 and "未知的输出格式" in err


# -- concise: line order and a summary ----------------------------------------------------------------
def test_concise_is_in_line_order_and_ends_with_a_summary(tmp_path):
    from helpers import mutate

    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    code, out, _ = qc("check", drifted, "--library", REPORT, "--format", "concise", "--lang", "en")
    lines = out.splitlines()
    numbers = [int(line.split(":")[1]) for line in lines[:-1]]
    assert numbers == sorted(numbers) and len(numbers) == 26
    assert lines[-1] == f"{drifted}: 1 error, 0 warnings, 25 infos; 8 of 9 quotations checked match the source " \
                        f"(43 unverifiable)"
    code, out, _ = qc("check", drifted, "--library", REPORT, "--format", "concise")
    assert out.splitlines()[-1] == f"{drifted}: 错误 1，警告 0，提示 25；可核对的 9 处引文中 8 处与原文一致（另有引文 43 处来源不在资料库）"


def test_qc201_points_at_the_line_holding_the_date(tmp_path):
    from helpers import mutate

    wrong = mutate(tmp_path, ARTICLE, 507, "2025 年 4 月 27 日", "2025 年 4 月 28 日")
    code, out, _ = qc("check", wrong, "--library", REPORT, "--format", "concise")
    line = next(line for line in out.splitlines() if "QC201" in line)
    assert line.startswith(f"{wrong}:507:12: QC201 [错误]")  # the note starts on line 503


def test_every_shipped_rule_has_an_english_summary():
    from checker.rules import load_rules

    assert [r.code for r in load_rules() if not r.summary_en] == []


def test_library_index_counts_add_up(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(REPORT, lib / "a.txt")
    shutil.copy(REPORT, lib / "b.txt")  # the same text twice
    code, _, err = qc("library", "index", lib, "--db", tmp_path / "lib.db", "--lang", "en")
    line = err.strip().splitlines()[-1]
    assert code == 0 and "2 files: 2 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" in line
    assert "(1 of the 2 repeats an earlier file's text and is not searched)" in line


@pytest.mark.parametrize("params, ok", [
    ('statuses = ["uncited"], witness_score = 100', True), ('statuses = ["uncited"], witness_score = 0', True),
    ('statuses = ["uncited"], witness_score = 100.5', False), ('statuses = ["uncited"], witness_score = -1', False),
    ('statuses = ["uncited"], min_weight = 10000', True), ('statuses = ["uncited"], min_weight = 10001', False),
])
def test_rule_parameters_are_held_to_their_range_at_both_ends(tmp_path, params, ok):
    # A similarity is a percentage: 100.5 would silently switch the rule off.
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "r.toml").write_text(RULE.replace('statuses = ["uncited"]', params), encoding="utf-8")
    code, out, err = qc("check", ARTICLE, "--library", REPORT, "--rules", folder, "--format", "concise")
    if ok:
        assert code == 0 and "QC901" not in err, err
    else:
        assert code == 2 and "out of range" in err and err.count("\n") == 1, err
