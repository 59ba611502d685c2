"""Every shipped rule carries examples that must and must not fire; run them all."""
import pytest

from helpers import check_texts, rules

ALL_RULES = rules()
CASES = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.examples)]


def test_every_rule_has_examples_both_ways():
    for rule in ALL_RULES:
        fires = {ex.fires for ex in rule.examples}
        assert fires == {True, False}, f"{rule.code} needs examples that fire and that do not ({rule.path})"


def test_every_firing_example_pins_its_line():
    unpinned = [f"{r.code} example {i} ({ex.defined_at})" for r, i, ex in CASES if ex.fires and not ex.line]
    assert unpinned == []


@pytest.mark.parametrize("rule,index,example", CASES, ids=[f"{r.code}-{i}" for r, i, _ in CASES])
def test_rule_example(tmp_path, rule, index, example):
    _, findings = check_texts(tmp_path, example.article, list(example.sources))
    mine = [f for f in findings if f.rule == rule.code]
    if example.fires:
        assert mine, f"{rule.code} example {index} ({example.defined_at}) should fire; got {[f.rule for f in findings]}"
        assert [f.line for f in mine] == [example.line], f"{rule.code} example {index} fires at other lines"
        assert mine[0].severity == rule.severity and mine[0].category == rule.category
        assert "{" not in mine[0].message  # every template field was filled
    else:
        assert not mine, f"{rule.code} example {index} ({example.defined_at}) must not fire: {mine[0].message}"


def test_every_evaluator_is_used_by_a_rule():
    from checker.rules.registry import EVALUATORS

    assert {r.evaluator for r in ALL_RULES} == set(EVALUATORS)
