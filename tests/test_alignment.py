"""Aligning a whole quotation against the source window, gaps allowed.

A quotation that leaves out a middle clause must be reported as one omission naming the
dropped words, never as the quotation's own (correct) words being added or changed.
"""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORT
from checker.check.align import locate
from checker.check.facts import CITED_SCORE
from checker.check.fit import fit
from checker.library import load_library
from checker.text.normalise import strip_punct

SOURCE = load_library([str(REPORT)]).sources[0]
# Real sentences of the seed report, punctuation-free, long enough to leave words on both sides of a cut.
SENTENCES = sorted({w for s in re.split("[。！？]", SOURCE.body.text) if len(w := strip_punct(s)) >= 40})


def test_the_real_sentences_are_there():
    assert len(SENTENCES) >= 10


def test_a_dropped_middle_clause_is_one_omission_naming_it():
    quote = "要持续加强基础研究，构建自主可控、协同运行的人工智能基础软硬件系统"
    alignment = locate(quote, SOURCE)
    assert alignment.kind == "drift"
    assert [(e.kind, e.source, e.quote) for e in alignment.edits] == [
        ("omission", "集中力量攻克高端芯片基础软件等核心技术", "")]
    assert alignment.edits[0].printed == "集中力量攻克高端芯片、基础软件等核心技术，"


def test_a_tail_is_not_shown_as_inserted():
    quote = "推动我国人工智能朝着有益、安全、公平方向健康有序发展"  # ends exactly where the source clause ends
    alignment = locate(quote, SOURCE)
    assert alignment.kind in ("verified", "variant")
    shortened = "推动我国人工智能朝着有益、公平方向健康有序发展"  # 安全 left out
    edits = locate(shortened, SOURCE).edits
    assert [(e.kind, e.source) for e in edits] == [("omission", "安全")]


def test_fit_prefers_the_whole_quotation_to_a_cut_window():
    text = "甲乙丙丁要持续加强基础研究集中力量攻克高端芯片构建自主可控系统戊己"
    start, end, _ = fit("要持续加强基础研究构建自主可控系统", text)
    assert text[start:end] == "要持续加强基础研究集中力量攻克高端芯片构建自主可控系统"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_inner_deletions_are_named_as_omissions(data):
    sentence = data.draw(st.sampled_from(SENTENCES))
    length = data.draw(st.integers(2, min(30, len(sentence) - 12)))
    start = data.draw(st.integers(4, len(sentence) - length - 4))
    run = sentence[start:start + length]
    quote = sentence[:start] + sentence[start + length:]
    alignment = locate(quote, SOURCE, min_score=CITED_SCORE)  # as the check aligns with the cited source
    assert alignment is not None, (quote, run)
    if alignment.words_equal:
        return  # the shortened text is itself in the source (a repeated phrase): nothing to report
    kinds = [e.kind for e in alignment.edits]
    assert "insertion" not in kinds, (run, [(e.kind, e.source, e.quote) for e in alignment.edits])
    assert len(alignment.edits) == 1, (run, [(e.kind, e.source, e.quote) for e in alignment.edits])
    edit = alignment.edits[0]
    # The deleted run, or the words around it widened to whole words (jieba), never more: one word
    # on each side of a cut inside a word (中共中央政治局 is one 7-character word).
    assert len(edit.source) - len(edit.quote) == length, (run, edit)
    assert len(edit.source) <= length + 14, (run, edit)


# Pieces an author joins with …… : real clauses and two-word phrases of the seed report.
CLAUSES = sorted({c for c in re.split("[，。；：！？■\n]", SOURCE.body.text) if 8 <= len(c) <= 30})
PHRASES = sorted({m for m in re.findall(r"[\u4e00-\u9fff]{4,8}", SOURCE.body.text)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_pieces_joined_with_an_ellipsis_may_stand_in_any_order(data):
    # The second piece's exact words anywhere in the source beat near words after the first
    # piece (人工智能科技 for 人工智能技术 once cost a false drift 「科技创」/「技术」).
    first = data.draw(st.sampled_from(CLAUSES))
    words = data.draw(st.sampled_from(PHRASES))
    cut = data.draw(st.integers(0, len(words) - 4))
    second = words[cut:cut + data.draw(st.integers(4, len(words) - cut))]
    alignment = locate(f"{first}……{second}", SOURCE)
    assert alignment is not None and alignment.words_equal, (first, second, alignment and alignment.edits)
    assert alignment.edits == []


def test_reordered_pieces_found_before_near_words_after():
    # Real pairs where the report, after the first piece, holds near words of the second.
    for quote in ("中央政治局的同志认真听取讲解……人工智能技术", "人工智能作为新技术新领域……推动人工智能",
                  "习近平在听取讲解和讨论后发表重要讲话……加强人工智能"):
        alignment = locate(quote, SOURCE)
        assert alignment.kind == "verified", (quote, [(e.source, e.quote) for e in alignment.edits])


def test_a_short_piece_is_matched_only_word_for_word():
    # Under MIN_FUZZY_CHARS characters, three of four is no evidence (an author's own 4-character
    # phrase shares three with some words of most reports): 安全公正 is not located at the report's
    # 安全公平, alone or as a piece after ……, and the quotation is not located there.
    lead = "推动我国人工智能朝着有益、安全、公平方向健康有序发展"
    assert locate("安全、公平", SOURCE).kind == "verified"
    assert locate("安全、公正", SOURCE) is None
    assert locate(f"{lead}……安全、公正", SOURCE) is None
    assert locate(f"{lead}……未有发展", SOURCE).kind == "verified"  # 前所未有发展, later in the report


def test_a_short_quotation_with_a_dropped_word_is_an_omission():
    # 10 to 14 characters: long enough to be searched by its first and last words, short enough
    # that rapidfuzz alone finds no window for it.
    for quote, dropped in (("有益、安全、健康有序发展", "公平方向"), ("坚持自立自强、应用导向", "突出"),
                           ("新一轮科技的战略性技术", "革命和产业变革")):
        alignment = locate(quote, SOURCE)
        assert alignment is not None, quote
        assert [(e.kind, e.source) for e in alignment.edits] == [("omission", dropped)], (quote, alignment.edits)


def test_a_change_in_the_report_s_last_words_is_shown_as_printed():
    # The source's last word ends the text: its printed form runs to the end, full stop included.
    quote = "早日形成具有广泛共识的全球治理框架和标准体系"  # the report ends 标准规范。
    alignment = locate(quote, SOURCE)
    assert alignment.kind == "drift"
    assert [(e.kind, e.source, e.quote, e.printed) for e in alignment.edits] == [
        ("substitution", "标准规范", "标准体系", "标准规范。")]  # widened to jieba words
