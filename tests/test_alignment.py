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
