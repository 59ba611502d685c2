"""A short phrase that a cited source itself sets in quotation marks is a quotation of that source
(issue 20, principle 5): written with a character changed, added or dropped it is a changed
quotation; a term no cited source marks stays a term. Real corpus articles, clean and mutated.
"""
import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_files, mutate

pytestmark = needs_realdata

CORPUS = REALDATA / "corpus"
# L24 `……不是你会不会背“就业是最基本的民生”`: a term (no cue, 9 characters), which the cited report
# 《“零工市场让我们好找活、有保障”》 itself sets in marks.
JOBS = "公众号文章__人民日报讲稳就业"
# L211 `组织“小哥议事厅”`, under 5月19日《从“小哥议事厅”看共建共享》 (L203), which marks it.
GIG = "公众号文章__06-"


def _article(prefix: str):
    return next((CORPUS / "articles").glob(prefix + "*.md"))


def _check(path):
    result, findings = check_files(path, [CORPUS / "library"])
    return result, [(f.rule, f.line, f.severity) for f in findings]


def _serious(findings, line):
    return [f for f in findings if f[1] == line and f[2] != "info"]


def test_the_sources_own_term_quoted_exactly_stays_a_term_without_finding():
    result, findings = _check(_article(JOBS))
    assert not _serious(findings, 24)
    assert [q.kind for q in result.article.quotations if q.line == 24] == ["term"]


@pytest.mark.parametrize("slip", ["就业是最根本的民生", "就业是基本的民生", "就业始终是最基本的民生"])
def test_the_sources_own_term_with_one_slip_is_a_changed_quotation(tmp_path, slip):
    # one character changed, one dropped, two added: each inside the phrase
    result, findings = _check(mutate(tmp_path, _article(JOBS), 24, "就业是最基本的民生", slip))
    assert ("QC310", 24, "warning") in findings
    quote = next(r for r in result.quotes if r.quote.line == 24)
    assert quote.status == "drift" and quote.binding == "words" and "零工市场" in quote.source.title


@pytest.mark.parametrize("wording", ["就业是最重要的民生", "就业是最基本的民生问题", "稳就业是最基本的民生"])
def test_two_characters_changed_or_words_around_the_term_are_the_authors_own(tmp_path, wording):
    _, findings = _check(mutate(tmp_path, _article(JOBS), 24, "就业是最基本的民生", wording))
    assert not _serious(findings, 24)


def test_a_term_no_cited_source_marks_stays_a_term(tmp_path):
    # L58 “提供更多岗位”: no report the article cites marks it; changed, it is still the author's term.
    result, findings = _check(mutate(tmp_path, _article(JOBS), 58, "提供更多岗位", "提供更好岗位"))
    assert not _serious(findings, 58)
    assert "term" in [q.kind for q in result.article.quotations if q.line == 58]


def test_the_term_of_the_work_under_discussion(tmp_path):
    path = mutate(tmp_path, _article(GIG), 211, "组织“小哥议事厅”", "组织“小哥评事厅”")
    _, findings = _check(path)
    assert ("QC310", 211, "warning") in findings
