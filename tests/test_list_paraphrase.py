"""A list after a cue quotes its source or restates it: the list tells, not the cue (issue 20,
principle 7). Real lists of the corpus, clean and mutated.
"""
import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_files, mutate

pytestmark = needs_realdata

CORPUS = REALDATA / "corpus"


def _article(prefix: str):
    return next((CORPUS / "articles").glob(prefix + "*.md"))


def _findings(path):
    result, findings = check_files(path, [CORPUS / "library"])
    return result, [(f.rule, f.line, f.severity) for f in findings]


# 公众号文章__17, lines 41-45: `人民日报理论文章给出的方向很具体：` and four bullets. The first is the
# report's sentence; the other three restate it (a word dropped, a clause left out), each under a
# bold run of the report's very words.
RESILIENCE = "公众号文章__17-"


def test_a_list_that_restates_its_source_gets_no_drift_finding():
    result, findings = _findings(_article(RESILIENCE))
    assert not [f for f in findings if 42 <= f[1] <= 45 and f[0].startswith("QC1")]
    bullets = {r.quote.line: r.status for r in result.quotes if r.quote.form == "list" and r.quote.part_of is None}
    assert bullets == {42: "variant"}  # the one bullet the report holds word for word


def _quoted_list(tmp_path):
    """The same list with every bullet the report's own sentence: a list that quotes."""
    path = mutate(tmp_path, _article(RESILIENCE), 43, "恢复重建**等全过程环节", "恢复重建**等全过程各环节")
    path = mutate(tmp_path, path, 44, "云计算等技术应用", "云计算等科学技术在极端天气预报方面的应用")
    return mutate(tmp_path, path, 45, "提高科学决策水平", "提高防范重大自然灾害的科学决策水平")


def test_the_same_list_quoted_word_for_word_is_verified(tmp_path):
    result, findings = _findings(_quoted_list(tmp_path))
    assert not [f for f in findings if 42 <= f[1] <= 45 and f[2] != "info"]
    bullets = {r.quote.line: r.status for r in result.quotes if r.quote.form == "list" and r.quote.part_of is None}
    assert set(bullets) == {42, 43, 44, 45} and set(bullets.values()) <= {"verified", "variant"}


def test_a_changed_bullet_in_a_quoted_list_the_text_attributes_is_an_error(tmp_path):
    path = mutate(tmp_path, _quoted_list(tmp_path), 45, "应急能力", "应变能力")
    _, findings = _findings(path)
    assert ("QC101", 45, "error") in findings


# 往期文章__01, lines 80-85: `人民日报 5 月 24 日政策解读里有几个数据特别值得记：` (no title: the
# words tie the bullets to the report) and four bullets, three of them the report's sentences.
SERVICES = "往期文章__01-"


def test_a_bullet_that_differs_among_verbatim_bullets_is_a_warning():
    # The report has 「约1.7亿人」 as 「有1.7亿人」: the list quotes, so the bullet is a changed quotation.
    _, findings = _findings(_article(SERVICES))
    assert ("QC310", 83, "warning") in findings


def test_the_same_bullet_in_a_list_of_the_authors_own_words_is_not_flagged(tmp_path):
    # Two of the other three bullets restated in the author's words: one verbatim bullet is left
    # beside the changed one, and that is no quoted list.
    path = mutate(tmp_path, _article(SERVICES), 82, "2025 年末，在城镇居住的农民工有 1.3 亿人。",
                  "城镇里住着的农民工已经超过一亿。")
    path = mutate(tmp_path, path, 84, "2025 年末，我国常住人口城镇化率达 67.89%。", "城镇化率已接近七成。")
    _, findings = _findings(path)
    assert not [f for f in findings if f[1] == 83 and f[2] != "info"]


@pytest.mark.parametrize("cue", ["重点任务包括：", "主要有三方面："])
def test_the_cue_does_not_decide(tmp_path, cue):
    # realdata article 10: seven bullets after `重点任务包括：`, six of them the report's words; the
    # changed one is a warning under any cue.
    article = next((REALDATA / "articles").glob("10-*.md"))
    path = mutate(tmp_path, article, 182, "重点任务包括：", cue)
    path = mutate(tmp_path, path, 185, "指导建设", "指导组建")
    _, findings = check_files(path, [REALDATA / "library"])
    assert ("QC310", 185) in [(f.rule, f.line) for f in findings]
