"""Where one rule hands over to another, tested at the boundary with the seed report's own words.

QC307 (warning) and QC406 (info) both say that a quotation whose cited source is missing stands
in another library source. Which one speaks depends on the quotation's weight: `bench/recurrence.py`
measured on 52 real reports that a run of 6-14 characters of one report's own text recurs in an
unrelated report 5.5 % of the time (13.1 % at 4-6, 3.7 % at 13-14), and from 15 characters on
1.8 % without falling further: a recurrence there is a formulation repeated on purpose, worth a
warning that names the other source; below it, a common phrase, worth an info.
"""
import pytest

from conftest import REPORT
from helpers import check_texts, rules

NOTE = "［1］《习近平在中共中央政治局第十九次集体学习时强调》，《人民日报》2025 年 1 月 1 日。\n"


def _codes(tmp_path, quote):
    article = f"习近平强调，“{quote}”［1］。\n\n{NOTE}"
    _, findings = check_texts(tmp_path, article, [REPORT.read_text(encoding="utf-8")])
    return {f.rule for f in findings} & {"QC307", "QC406"}


def test_the_two_rules_meet_without_a_gap_or_an_overlap():
    by_code = {r.code: r for r in rules()}
    qc307, qc406 = by_code["QC307"].params, by_code["QC406"].params
    assert qc307["min_weight"] == qc406["max_weight"] + 1
    assert qc307["min_score"] == qc406["min_score"] and qc307["where"] == qc406["where"]


@pytest.mark.parametrize("quote", ["要把握人工智能发展趋势和规律", "人工智能带来前所未有发展机遇"])
def test_fourteen_characters_of_another_report_are_an_info(tmp_path, quote):
    assert _codes(tmp_path, quote) == {"QC406"}


@pytest.mark.parametrize("quote", ["深化数据资源开发利用和开放共享", "为弥合全球智能鸿沟作出中国贡献"])
def test_fifteen_characters_of_another_report_are_a_warning(tmp_path, quote):
    assert _codes(tmp_path, quote) == {"QC307"}


# TERM_MAX_CHARS: a span in “…” with no note, no verb of saying and no clause punctuation is a
# term up to 9 characters, a quotation from 10. Labelled by hand (`bench/terms.py` lists them):
# of such spans in 52 real reports and 3 articles, 19 of 62 at 6-9 characters are someone's
# words and the rest names, labels, slogans; 29 of 46 at 10-14. The line sits where words become
# the majority; a term is never checked, a quotation that no source holds gets no finding under
# 15 characters (QC311/QC411), so either side of it the cost of a wrong guess is small.
def _kinds(tmp_path, text):
    from checker.article import read_article
    from checker.read import read_text

    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return {q.text: q.kind for q in read_article(read_text(str(path))).quotations}


def test_nine_bare_characters_are_a_term_ten_a_quotation(tmp_path):
    kinds = _kinds(tmp_path, "他们切实践行“不让任何一个人掉队”，人工智能发展“进入前所未有的活跃期”。\n")
    assert kinds == {"不让任何一个人掉队": "term", "进入前所未有的活跃期": "quotation"}


def test_a_short_span_is_a_quotation_with_a_cue_a_clause_mark_or_a_note(tmp_path):
    kinds = _kinds(tmp_path, "他说：“我们都是种庄稼出身”。要“看得见、用得起”。要“正视差距”［1］。\n\n"
                             "［1］《习近平在中共中央政治局第二十次集体学习时强调》，《人民日报》2025 年 4 月 27 日。\n")
    assert kinds == {"我们都是种庄稼出身": "quotation", "看得见、用得起": "quotation", "正视差距": "quotation"}
