"""Quotations inside quoted speech (issue 20, principle 6): an interviewee's words “……‘……’……”
that quote a speech in the library are checked against it like any quotation. A corpus article
with a paragraph added in which a cadre quotes the 习近平 sentence that a cited report quotes.
"""
import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_files, mutate

pytestmark = needs_realdata

CORPUS = REALDATA / "corpus"
# 《构建完善应对极端天气的防治体系》 (cited by 公众号文章__17) quotes: 习近平总书记强调：“要强化应对自然灾害的
# 科技支撑和法治保障。”
SPEECH = "要强化应对自然灾害的科技支撑和法治保障"
CADRE = "一位应急管理干部对记者说：“我们常提醒自己，‘{}’，这句话落到基层，就是设备要更新、预案要管用。”"
LINE = 101  # the paragraph goes after this line, one blank line between


def _with_cadre(tmp_path, words: str):
    article = next((CORPUS / "articles").glob("公众号文章__17-*.md"))
    last = article.read_text(encoding="utf-8").split("\n")[LINE - 1][-12:]
    return mutate(tmp_path, article, LINE, last, last + "\n\n" + CADRE.format(words))


def _on_the_paragraph(path):
    result, findings = check_files(path, [CORPUS / "library"])
    return result, [(f.rule, f.severity) for f in findings if f.line == LINE + 2]


def test_the_speech_quoted_word_for_word_inside_an_interviewees_words_is_verified(tmp_path):
    result, findings = _on_the_paragraph(_with_cadre(tmp_path, SPEECH))
    assert not [f for f in findings if f[1] != "info"]
    inner = [r for r in result.quotes if r.quote.text == SPEECH]
    assert [r.status for r in inner] == ["verified"] and inner[0].quote.inside is not None


@pytest.mark.parametrize("changed", ["要加强应对自然灾害的科技支撑和法治保障", "要强化应对自然灾害的科技支撑和制度保障"])
def test_the_speech_changed_inside_an_interviewees_words_is_a_changed_quotation(tmp_path, changed):
    result, findings = _on_the_paragraph(_with_cadre(tmp_path, changed))
    assert ("QC310", "warning") in findings
    inner = next(r for r in result.quotes if r.quote.text == changed)
    assert inner.status == "drift" and "极端天气" in inner.source.title


def test_words_inside_a_quotation_the_source_holds_whole_are_not_checked_twice(tmp_path):
    # The report's own sentence with its inner marks, quoted whole: one quotation, verified.
    article = next((CORPUS / "articles").glob("公众号文章__08-*.md"))
    sentence = ("“双方还成立了苏台高速工程可行性研究联合专班，明确审批标准与责任，实现‘一次勘界、双省确认’，"
                "前期工作时长少了一半。”")
    path = mutate(tmp_path, article, 98, "“招商成功”。", "“招商成功”。\n\n湖州的干部介绍：" + sentence)
    result, _ = check_files(path, [CORPUS / "library"])
    here = [r for r in result.quotes if r.quote.line == 100]
    assert [(r.status, r.quote.inside) for r in here] == [("verified", None)]
