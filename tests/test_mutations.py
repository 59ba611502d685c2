"""Mutate a copy of the seed article and assert the exact finding: rule, category, severity, line."""
import pytest

from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import check_files, mutate


def _errors_and_warnings(findings):
    return [f for f in findings if f.severity in ("error", "warning")]


_CLEAN: dict = {}


def _changes(findings, library=(REPORT,)):
    """What a mutation did to the seed's findings: (rule, line) added and removed, info included."""
    from collections import Counter

    if library not in _CLEAN:
        _CLEAN[library] = Counter((f.rule, f.line) for f in check_files(ARTICLE, list(library))[1])
    mutated = Counter((f.rule, f.line) for f in findings)
    return sorted((mutated - _CLEAN[library]).elements()), sorted((_CLEAN[library] - mutated).elements())


def _only(findings, rule):
    serious = _errors_and_warnings(findings)
    assert [f.rule for f in serious] == [rule], [(f.rule, f.line, f.message) for f in serious]
    return serious[0]


def test_clean_seed_has_no_error_or_warning():
    result, findings = check_files(ARTICLE, [REPORT])
    assert _errors_and_warnings(findings) == []
    verified = sorted(r.quote.line for r in result.quotes if r.status == "verified")
    assert verified == [481, 557, 815, 944, 996, 1016, 1022, 1032, 1040]
    others = {r.status for r in result.quotes if r.quote.line not in verified}
    assert others <= {"unverifiable", "uncited"}


@pytest.mark.parametrize("line,old,new,kind,source_words,quote_words", [
    (815, "有益", "有利", "substitution", "有益", "有利"),
    (483, "近年来完善", "近年来", "omission", "近年来完善顶层", "近年来顶层"),
    (996, "集中力量攻克", "集中力量全力攻克", "insertion", "集中力量攻克", "集中力量全力攻克"),
    (1018, "知识产权、财政税收", "财政税收、知识产权", "transposition", "知识产权财政税收", "财政税收知识产权"),
])
def test_changed_wording_is_drift_at_the_quotation(tmp_path, line, old, new, kind, source_words, quote_words):
    article = mutate(tmp_path, ARTICLE, line, old, new)
    result, findings = check_files(article, [REPORT])
    finding = _only(findings, "QC101")
    assert (finding.category, finding.severity) == ("drift", "error")
    quote = next(r for r in result.quotes if r.status == "drift")
    assert finding.line == quote.quote.line
    assert _changes(findings) == ([("QC101", quote.quote.line)], [])
    edit = finding.evidence["edits"][0]
    assert edit["kind"] == kind
    assert edit["source_context"].replace("、", "") == source_words.replace("、", "")
    assert edit["quote_context"].replace("、", "") == quote_words.replace("、", "")


def test_substitution_message_names_both_words(tmp_path):
    article = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    _, findings = check_files(article, [REPORT])
    finding = _only(findings, "QC101")
    assert _changes(findings) == ([("QC101", 815)], [])
    assert finding.line == 815 and finding.end_line == 833
    assert finding.message == "引文与原文不一致：原文「有益」，引文「有利」"


def test_negation_is_an_error_however_similar(tmp_path):
    article = mutate(tmp_path, ARTICLE, 557, "“要正视差距", "“不要正视差距")
    _, findings = check_files(article, [REPORT])
    finding = _only(findings, "QC102")
    assert _changes(findings) == ([("QC102", 557)], [])
    assert finding.line == 557 and finding.severity == "error"


def test_footnote_date_changed(tmp_path):
    article = mutate(tmp_path, ARTICLE, 507, "4 月 27 日", "4 月 28 日")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC201", 507)], [])  # the line holding the date
    finding = _only(findings, "QC201")
    assert (finding.category, finding.severity, finding.line, finding.end_line) == ("date", "error", 507, 507)  # the date line
    assert "2025年4月27日" in finding.message and "2025年4月28日" in finding.message


def test_footnote_title_changed(tmp_path):
    article = mutate(tmp_path, ARTICLE, 1070, "突出应用导向", "突出需求导向")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC303", 1068)], [])
    finding = _only(findings, "QC303")
    assert (finding.category, finding.line) == ("citation", 1068)


def test_footnote_publication_changed(tmp_path):
    # The seed report is a 新华社 wire (新华社北京4月26日电) as 人民日报 printed it: 光明日报 may have
    # printed it too, so the note is flagged as a warning naming both, not an error.
    article = mutate(tmp_path, ARTICLE, 589, "《人民日报》", "《光明日报》")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC309", 585)], [])
    finding = _only(findings, "QC309")
    assert (finding.line, finding.severity) == (585, "warning")
    assert "光明日报" in finding.message and "新华社" in finding.message


def test_footnote_page_changed(tmp_path):
    article = mutate(tmp_path, ARTICLE, 905, "4 月 27 日。", "4 月 27 日第 2 版。")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC305", 901)], [])
    assert _only(findings, "QC305").line == 901
    article = mutate(tmp_path, ARTICLE, 905, "4 月 27 日。", "4 月 27 日第 1 版。")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([], [])


def test_in_text_event_date_changed(tmp_path):
    article = mutate(tmp_path, ARTICLE, 811, "2025 年 4 月", "2025 年 5 月")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC202", 811)], [])
    finding = _only(findings, "QC202")
    assert (finding.category, finding.severity, finding.line) == ("date", "error", 811)
    assert "2025年4月25日" in finding.message and "2025年5月" in finding.message


def test_in_text_event_number_changed(tmp_path):
    # The report is of the 20th study session; the text now says the 21st.
    article = mutate(tmp_path, ARTICLE, 813, "第二十次集体学习", "第二十一次集体学习")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC203", 813)], [])
    finding = _only(findings, "QC203")
    assert (finding.category, finding.severity) == ("date", "error")
    assert "第二十次集体学习" in finding.message and "第二十一次集体学习" in finding.message


def test_event_of_another_kind_is_not_compared(tmp_path):
    # 第二十次峰会 is not a study session: nothing to compare it with.
    article = mutate(tmp_path, ARTICLE, 813, "第二十次集体学习", "第二十次峰会")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([], [])


def test_a_sentence_citing_the_event_without_a_quotation(tmp_path):
    """`2025 年 4 月 24 日，中共中央政治局就……进行第二十次集体学习。［n］`: its date and event are
    checked against the note's report like a quotation's."""
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    lines[0] = "2025 年 4 月 24 日，中共中央政治局就加强人工智能发展和监管进行第二十一次集体学习。［1］"
    lines[1] = "［1］《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。"
    article = tmp_path / ARTICLE.name
    article.write_text("\n".join(lines), encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    assert sorted((f.rule, f.line) for f in findings if f.line == 1) == [("QC202", 1), ("QC203", 1)]
    lines[0] = "2025 年 4 月 25 日，中共中央政治局就加强人工智能发展和监管进行第二十次集体学习。［1］"
    article.write_text("\n".join(lines), encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    assert [(f.rule, f.line) for f in findings if f.line == 1] == []


def test_marker_pointing_at_another_reference(tmp_path):
    # ［4］ -> ［3］: the words of the 2025 report now cite a 2023 speech the library lacks.
    article = mutate(tmp_path, ARTICLE, 833, "［4］", "［3］")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC307", 815), ("QC403", 901)], [])  # note ［4］ is now never cited
    finding = _only(findings, "QC307")
    assert (finding.category, finding.severity, finding.line) == ("citation", "warning", 815)
    assert finding.source == REPORT.name


def test_marker_pointing_at_a_library_source_without_the_words(tmp_path):
    # ［2］ -> ［4］: the 2018 words now cite the 2025 report, which is in the library.
    article = mutate(tmp_path, ARTICLE, 803, "［2］", "［4］")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC302", 799), ("QC403", 821)], [])  # note ［2］ is now never cited
    finding = next(f for f in findings if f.line == 799)
    assert (finding.rule, finding.category, finding.severity) == ("QC302", "citation", "error")


def test_marker_removed(tmp_path):
    article = mutate(tmp_path, ARTICLE, 833, "［4］", "")
    _, findings = check_files(article, [REPORT])
    finding = _only(findings, "QC306")
    assert (finding.category, finding.severity, finding.line) == ("citation", "warning", 815)
    assert _changes(findings) == ([("QC306", 815), ("QC403", 901)], [])  # the note is now never cited


@needs_realdata
def test_misattributed_to_a_library_source(tmp_path):
    # Note ［6］ of the 2018 quotation now names the 2025 report; the words are quoted in a 2026 report.
    article = mutate(tmp_path, ARTICLE, 1223, "《习近平在中共中央政治局第九次集体学习时强调 ",
                     "《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。")
    lines = article.read_text(encoding="utf-8").split("\n")
    lines[1224] = lines[1226] = ""  # drop the rest of the old note
    article.write_text("\n".join(lines), encoding="utf-8")
    _, findings = check_files(article, [REPORT, REALDATA / "library"])
    # the 2026 report that quotes the words was a secondary witness (QC402); now the words are misattributed
    assert _changes(findings, (REPORT, REALDATA / "library")) == ([("QC301", 1165)], [("QC402", 1165)])
    finding = next(f for f in findings if f.line == 1165)
    assert (finding.rule, finding.category, finding.severity) == ("QC301", "citation", "error")
    assert "以有效治理保障人工智能健康有序发展" in finding.message


@needs_realdata
def test_clean_seed_against_the_whole_realdata_library():
    result, findings = check_files(ARTICLE, [REPORT, REALDATA / "library"])
    assert _errors_and_warnings(findings) == []
    verified = sorted(r.quote.line for r in result.quotes if r.status == "verified")
    assert verified == [481, 557, 815, 944, 996, 1016, 1022, 1032, 1040]
    assert not any(r.status == "misattributed" for r in result.quotes)


@needs_realdata
def test_clean_seed_against_the_archive_copy_alone():
    archive = REALDATA / "library/2025/04/2025-04-27/01-要闻/坚持自立自强 突出应用导向 推动人工智能健康有序发展.md"
    result, findings = check_files(ARTICLE, [archive])
    assert _errors_and_warnings(findings) == []
    verified = sorted(r.quote.line for r in result.quotes if r.status == "verified")
    assert verified == [481, 557, 815, 944, 996, 1016, 1022, 1032, 1040]


def test_exact_matches_never_load_jieba():
    import subprocess
    import sys

    code = ("from checker.cli import main; import io, contextlib, sys\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(sys.argv[1:])\n"
            "from checker.text import words; print(words.is_loaded())")
    out = subprocess.run([sys.executable, "-c", code, "check", str(ARTICLE), "--library", str(REPORT),
                          "--format", "json"], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


# -- a citation in brackets after the quotation: “……”（《人民日报》2025年4月27日） ------------------
_BRACKETED = ("---\ntitle: 评论\ndate: 2025-05-06\n---\n\n"
              "总书记强调，“要持续加强基础研究，集中力量攻克高端芯片、基础软件等核心技术”{cite}。\n")


@pytest.mark.parametrize("cite", ["（《人民日报》2025年4月27日）", "（《人民日报》4月27日第1版）",
                                  "（见《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》2025年4月27日）"])
def test_a_bracketed_citation_is_the_quotations_citation(tmp_path, cite):
    article = tmp_path / "article.md"
    article.write_text(_BRACKETED.format(cite=cite), encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    assert _errors_and_warnings(findings) == []
    assert [r.status for r in result.quotes] == ["verified"]
    assert result.quotes[0].reference.reference.date.iso == "2025-04-27"


@pytest.mark.parametrize("cite,rule", [("（《人民日报》2025年4月28日）", "QC201"), ("（《人民日报》2025年4月27日第2版）", "QC305")])
def test_a_wrong_bracketed_citation_is_reported_at_its_line(tmp_path, cite, rule):
    article = tmp_path / "article.md"
    article.write_text(_BRACKETED.format(cite=cite), encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    finding = _only(findings, rule)
    assert finding.line == 6
    assert finding.fix.startswith(f"把引注“{cite[1:-1]}”的")  # no note number to name


def test_brackets_that_name_no_work_and_date_are_not_citations(tmp_path):
    article = tmp_path / "article.md"
    article.write_text(_BRACKETED.format(cite="（下称《意见》）"), encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    # No citation binds it: the words do (the report holds them), and an article without notes
    # is told where they are (QC410, info), not warned that a note is missing.
    assert [(r.status, r.binding) for r in result.quotes] == [("verified", "words")]
    assert [(f.rule, f.line, f.severity) for f in findings] == [("QC410", 6, "info")]


# -- notes that point back: 同上 / 同注［5］ ------------------------------------------------------
def _replace_note(tmp_path, number: str, new: str):
    """The seed with note ［number］ on its page of notes 5-8 (lines 1056-1074) rewritten as `new`."""
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    start = next(i for i in range(1055, 1075) if lines[i].startswith(f"［{number}］"))
    assert "《人民日报》2025 年 4 月 27 日" in lines[start + 4]
    lines[start:start + 5] = [f"［{number}］{new}", "", "", "", ""]  # keep the line numbers
    target = tmp_path / ARTICLE.name
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize("number,note", [("6", "同上。"), ("7", "同注［5］。"), ("8", "同上，第 1 版。")])
def test_a_note_pointing_back_names_the_same_source(tmp_path, number, note):
    result, findings = check_files(_replace_note(tmp_path, number, note), [REPORT])
    assert _changes(findings) == ([], [])
    assert sorted(r.quote.line for r in result.quotes if r.status == "verified") == \
        [481, 557, 815, 944, 996, 1016, 1022, 1032, 1040]


def test_a_note_pointing_back_with_a_wrong_page_is_reported(tmp_path):
    _, findings = check_files(_replace_note(tmp_path, "8", "同上，第 2 版。"), [REPORT])
    assert _changes(findings) == ([("QC305", 1074)], [])
    finding = _only(findings, "QC305")
    assert finding.line == 1074


# -- straight quotes: text typed or exported without curly ones ------------------------------------
def test_straight_quotes_give_the_same_verdicts(tmp_path):
    text = ARTICLE.read_text(encoding="utf-8").replace("“", '"').replace("”", '"')
    article = tmp_path / ARTICLE.name
    article.write_text(text, encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    curly, _ = check_files(ARTICLE, [REPORT])
    assert [(r.quote.line, r.status) for r in result.quotes] == [(r.quote.line, r.status) for r in curly.quotes]
    assert _changes(findings) == ([], [])


def test_drift_inside_straight_quotes_is_reported(tmp_path):
    text = ARTICLE.read_text(encoding="utf-8").replace("“", '"').replace("”", '"')
    lines = text.split("\n")
    assert "有益" in lines[814]
    lines[814] = lines[814].replace("有益", "有利")
    article = tmp_path / ARTICLE.name
    article.write_text("\n".join(lines), encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    assert _only(findings, "QC101").line == 815
    assert _changes(findings) == ([("QC101", 815)], [])


def test_straight_marks_are_paired_within_a_paragraph():
    from checker.article.context import curl_straight_quotes as _curl_straight_quotes

    assert _curl_straight_quotes('他说"要加强"。', []) == "他说“要加强”。"
    assert _curl_straight_quotes('"甲"\n\n"乙', [4]) == '“甲”\n\n"乙'  # a paragraph starts at 4
    assert _curl_straight_quotes('已有“弯引号”和"直引号"', []) == '已有“弯引号”和"直引号"'  # mixed: left alone


# -- a PDF that lost its superscripts: ”1 and notes numbered `1 《…》` --------------------------------
def _without_brackets(tmp_path):
    """The seed with ［n］ after a closing mark written ”n, and its notes numbered `n 《…》`."""
    import re

    lines = []
    for line in ARTICLE.read_text(encoding="utf-8").split("\n"):
        line = re.sub(r"^［(\d+)］", r"\1 ", line)
        lines.append(re.sub(r"”［(\d+)］", r"”\1", line))
    target = tmp_path / ARTICLE.name
    target.write_text("\n".join(lines), encoding="utf-8")
    return target, lines


def test_bare_number_markers_and_notes_give_the_same_verdicts(tmp_path):
    article, lines = _without_brackets(tmp_path)
    assert lines[67] == "响。”1" and lines[101].startswith("1 《习近平向")
    result, findings = check_files(article, [REPORT])
    curly, curly_findings = check_files(ARTICLE, [REPORT])
    assert [(r.quote.line, r.status) for r in result.quotes] == [(r.quote.line, r.status) for r in curly.quotes]
    assert sorted((f.rule, f.line) for f in findings) == sorted((f.rule, f.line) for f in curly_findings)


def test_bare_number_note_with_a_wrong_date_is_reported(tmp_path):
    article, lines = _without_brackets(tmp_path)
    assert lines[506].startswith("序发展》，《人民日报》2025 年 4 月 27 日")
    lines[506] = lines[506].replace("27 日", "28 日")
    article.write_text("\n".join(lines), encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    assert _only(findings, "QC201").line == 507  # the line holding the date


def test_a_number_after_a_term_is_not_a_marker(tmp_path):
    from checker.article import read_article
    from checker.read import read_text

    filler = "这是正文的一行。\n\n" * 80
    text = f"我们要落实“十四五”3年行动计划。\n\n{filler}3 《关于实施行动计划的意见》，《人民日报》2021 年 3 月 13 日。\n"
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    assert read_article(read_text(str(article))).markers == []


# -- in-text dates without a year take the article's ------------------------------------------------
_EVENT = ("---\ntitle: 评论\ndate: {date}\n---\n\n{claim}，在主持中共中央政治局第二十次集体学习时，习近平总书记强调，"
          "“要持续加强基础研究，集中力量攻克高端芯片、基础软件等核心技术”［1］。\n\n"
          "［1］《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》2025年4月27日。\n")


@pytest.mark.parametrize("date,claim,rule", [
    ("2025-05-10", "4月25日", None), ("2025-05-10", "今年4月", None), ("2026-01-05", "去年4月", None),
    ("2025-05-10", "4月26日", "QC202"), ("2025-05-10", "今年5月", "QC202"), ("2025-05-10", "去年4月", "QC202"),
    ("", "5月", None),  # no article date: no year to give it, so no claim
])
def test_in_text_dates_without_a_year(tmp_path, date, claim, rule):
    text = _EVENT.format(date=date, claim=claim)
    if not date:
        text = text.replace("date: \n", "")
    article = tmp_path / "article.md"
    article.write_text(text, encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    if rule is None:
        assert _errors_and_warnings(findings) == []
    else:
        assert _only(findings, rule).line == 6


# -- an editor's note in brackets inside a quotation ------------------------------------------------
def test_an_editors_bracketed_note_is_a_variant_not_drift(tmp_path):
    article = mutate(tmp_path, ARTICLE, 815, "人工智能朝着", "人工智能（AI）朝着")
    result, findings = check_files(article, [REPORT])
    assert _errors_and_warnings(findings) == []
    assert [f.rule for f in findings if f.line == 815] == ["QC103"]
    assert _changes(findings) == ([("QC103", 815)], [])
    assert next(r for r in result.quotes if r.quote.line == 815).status == "variant"


def test_a_word_added_outside_the_brackets_is_still_drift(tmp_path):
    article = mutate(tmp_path, ARTICLE, 815, "人工智能朝着", "人工智能（AI）全面朝着")
    _, findings = check_files(article, [REPORT])
    assert _changes(findings) == ([("QC101", 815)], [])
    assert _only(findings, "QC101").line == 815


# -- numbers written the other way: 2030年 for 二〇三〇年 -------------------------------------------
_PLAN = """---
title: "国务院印发新一代人工智能发展规划"
date: 2017-07-21
section: "第01版"
---

# 国务院印发新一代人工智能发展规划

> 《人民日报》（2017年07月21日第 01 版）

规划提出，到二〇三〇年人工智能理论、技术与应用总体达到世界领先水平。到2030年使中国人工智能核心产业规模超过1万亿元，第三步实现三十项目标。
"""
_PLAN_NOTE = "\n\n［1］《国务院印发新一代人工智能发展规划》，《人民日报》2017年7月21日。\n"


@pytest.mark.parametrize("quote,rule", [
    ("到2030年人工智能理论、技术与应用总体达到世界领先水平", "QC103"),
    ("到二〇三〇年使中国人工智能核心产业规模超过一万亿元", "QC103"),
    ("第三步实现30项目标", "QC103"),
    ("到2035年人工智能理论、技术与应用总体达到世界领先水平", "QC102"),
    ("到二〇三〇年使中国人工智能核心产业规模超过两万亿元", "QC102"),
])
def test_a_number_written_the_other_way_is_a_variant(tmp_path, quote, rule):
    from helpers import check_texts

    _, findings = check_texts(tmp_path, f"规划提出，“{quote}”［1］。" + _PLAN_NOTE, [_PLAN])
    assert [f.rule for f in findings if f.line == 1] == [rule]


# -- how near is "in another source": words 75-90 % like another source's are not its words -----------
_FARM = """---
title: 关于推进农业现代化的报道
date: 2025-03-01
---

# 关于推进农业现代化的报道

> 《人民日报》（2025年03月01日第 01 版）

会议指出，要加快建设农业强国，推进乡村全面振兴，保障粮食安全和重要农产品稳定供给。
"""
_SCIENCE = """---
title: 关于科技创新的讲话
date: 2025-02-01
---

# 关于科技创新的讲话

> 《人民日报》（2025年02月01日第 01 版）

讲话强调，必须坚持把科技自立自强作为国家发展的战略支撑，加快建设世界科技强国，全面提升自主创新能力。
"""


@pytest.mark.parametrize("quote,status,rule", [
    # the science speech's words, cited to the farm report
    ("必须坚持把科技自立自强作为国家发展的战略支撑，加快建设世界科技强国", "misattributed", "QC301"),  # 100 %
    ("必须坚持把科技自立自强作为国家发展的根本支撑，加快建设世界科技强国", "misattributed", "QC301"),  # 94 %
    ("必须坚持把科技自立自强作为民族振兴的战略支撑，加快建设世界科技强国", "not_found", "QC302"),  # 88 %
    ("必须坚持把科技自立自强作为民族振兴的根本支撑，加快建设世界科技强国", "not_found", "QC302"),  # 81 %
])
def test_words_like_another_source_are_its_words_only_above_90_percent(tmp_path, quote, status, rule):
    from rapidfuzz import fuzz

    from checker.text.normalise import fold, strip_punct
    from helpers import check_texts

    similarity = fuzz.partial_ratio(strip_punct(fold(quote)), strip_punct(fold(_SCIENCE)))
    assert (similarity >= 90) == (rule == "QC301") and similarity > 75
    article = f"文章写道，“{quote}”［1］。\n\n［1］《关于推进农业现代化的报道》，《人民日报》2025年3月1日。\n"
    result, findings = check_texts(tmp_path, article, [_FARM, _SCIENCE])
    assert [r.status for r in result.quotes] == [status]
    assert [(f.rule, f.line) for f in _errors_and_warnings(findings)] == [(rule, 1)]
