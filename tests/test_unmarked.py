"""Words borrowed without quotation marks, on real text: reported speech from realdata reports,
planted changes in it, a misattributed speaker, and the corpus commentaries as they are."""
import re

import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_files

pytestmark = needs_realdata

# Sentences of the realdata reports, as the reports print them (the speaker's words without marks).
REAL = [
    "习近平指出，推进自我革命，必须固本培元、增强党性。",
    "习近平强调，网络生态治理是一项系统工程，要充分调动各方力量，综合运用教育、行政、法治等多种手段。",
    "习近平指出，网络乱象污染社会风气，侵犯群众利益，要敢于亮剑、坚决打击，切断利益链和产业链，铲除其滋生的土壤和条件。",
    "习近平强调，人工智能领域要占领先机、赢得优势，必须在基础理论、方法、工具等方面取得突破。",
]
# (planted sentence, what it changes, the rule) — each one change to one real sentence.
PLANTED = [
    ("习近平指出，推进自我革命，可以固本培元、增强党性。", "obligation", "QC150"),
    ("习近平强调，网络生态治理不是一项系统工程，要充分调动各方力量，综合运用教育、行政、法治等多种手段。", "negation", "QC150"),
    ("习近平强调，网络生态治理是一项系统工程，要充分调动各方力量，综合运用教育、行政、法治等3种手段。", "number", "QC150"),
    ("习近平指出，网络乱象污染社会风气，侵犯群众利益，要敢于亮剑、坚决打击，对平台企业一律从重处罚，切断利益链和产业链，铲除其滋生的土壤和条件。",
     "clause", "QC150"),
    ("习近平强调，网络生态治理是一项系统工程，要充分调动各方力量，综合运用教育、行政、经济等多种手段。", "wording", "QC151"),
    ("习近平强调，人工智能领域要占领先机、赢得优势，必须在基础理论、方法、工具等领域取得突破。", "wording", "QC151"),
]


def _check(tmp_path, lines, name="article.md"):
    article = tmp_path / name
    article.write_text("# 评论\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return check_files(article, [REALDATA / "library"])


def test_real_reported_speech_is_verified_and_not_a_finding(tmp_path):
    result, findings = _check(tmp_path, REAL)
    verified = [u for u in result.unmarked if u.reason == "verified"]
    assert len(verified) == len(REAL)
    assert all(u.item.speaker == "习近平" and u.source_speaker == "习近平" for u in verified)
    assert not [f for f in findings if f.rule.startswith(("QC15", "QC35"))]


@pytest.mark.parametrize("sentence,reason,rule", PLANTED, ids=[p[1] + str(i) for i, p in enumerate(PLANTED)])
def test_planted_changes_in_reported_speech(tmp_path, sentence, reason, rule):
    result, findings = _check(tmp_path, [sentence])
    assert [u.reason for u in result.unmarked] == [reason]
    mine = [f for f in findings if f.rule.startswith("QC15")]
    assert [f.rule for f in mine] == [rule]
    assert mine[0].severity == ("warning" if rule == "QC150" else "info")
    assert not [f for f in findings if f.severity == "error"]
    assert result.unmarked[0].source_text()[:6] in mine[0].fix  # the source's words


def test_a_changed_name_is_a_warning(tmp_path):
    real = "习近平主席指出，中方认为，各国应当秉持以人为本、向上向善理念，让人工智能成为促进共同繁荣、维护共同安全的一个重要动力源，携手构建公正合理的全球人工智能治理体系。"
    result, findings = _check(tmp_path, [real.replace("各国", "美国")])
    assert [u.reason for u in result.unmarked] == ["name"]
    assert [f.rule for f in findings if f.rule.startswith("QC15")] == ["QC150"]


def test_a_weighty_word_at_the_seam_is_no_warning(tmp_path):
    """The author's own first word against the source's neighbour (要 before borrowed words, a
    country named where the source's sentence begins): at most adapted wording, never a warning."""
    result, findings = _check(tmp_path, ["习近平强调，美国坚持发展和安全并重，不断完善相关法律法规、政策制度、应用规范、伦理准则，确保人工智能安全、可靠、可控。",
                                         "习近平指出，必须推进自我革命，必须固本培元、增强党性。"])
    assert not [f for f in findings if f.severity in ("warning", "error")]


def test_words_of_another_person(tmp_path):
    result, findings = _check(tmp_path, ["李强指出，网络生态治理是一项系统工程，要充分调动各方力量，综合运用教育、行政、法治等多种手段。",
                                         "与会同志表示，推进自我革命，必须固本培元、增强党性。"])
    codes = sorted((f.rule, f.severity) for f in findings if f.rule.startswith("QC35"))
    assert codes == [("QC350", "error"), ("QC351", "warning")]


CORPUS = REALDATA / "corpus"


def test_corpus_articles_unmarked_no_error_and_no_flood():
    from checker.library import load_library
    from checker.check import check_article
    from checker.pipeline import read_article_file
    from checker.rules import run_rules
    from helpers import rules

    library = load_library([str(CORPUS / "library")])
    found = checked = 0
    for path in sorted((CORPUS / "articles").glob("*.md")):
        article = read_article_file(str(path))
        result = check_article(article, library)
        findings = [f for f in run_rules(result, rules()) if f.rule in ("QC150", "QC151", "QC152", "QC153", "QC350", "QC351")]
        found += sum(u.attributed for u in article.unmarked)
        checked += len(result.unmarked)
        assert not [f for f in findings if f.severity == "error"], path.name
        sentences = max(1, len(re.findall("[。！？!?]", article.body.text)))
        assert len(findings) <= sentences / 10 + 1, (path.name, [f.message for f in findings])
    assert found >= 30 and checked >= 60


def test_a_quotation_in_the_wrong_mouth(tmp_path):
    """Marked words of one person given to another: the same check as for reported speech."""
    result, findings = _check(tmp_path, ["李强指出，“网络生态治理是一项系统工程，要充分调动各方力量”。",
                                         "习近平强调，“网络生态治理是一项系统工程，要充分调动各方力量”。"])
    mine = [(f.rule, f.severity, f.line) for f in findings if f.rule.startswith("QC35")]
    assert mine == [("QC350", "error", 3)]


def test_the_seed_names_no_wrong_speaker():
    from conftest import ARTICLE, REPORT

    result, findings = check_files(ARTICLE, [REPORT])
    assert result.quoted_speakers  # its quotations name 习近平, and the report agrees
    assert not [f for f in findings if f.rule.startswith("QC35")]
