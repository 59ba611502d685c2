"""`check --decisions`: findings the editors decided on do not fail the gate; a bad store is one line, exit 2."""
import json

import pytest

from checker.decisions import DEFAULT_PATH, Decision, DecisionStore
from conftest import REPORT
from test_cli_gate import qc

# One quotation with a changed word (有益 → 有利) against the cited report: a QC101 error.
CHANGED = ("习近平强调，要“推动我国人工智能朝着有利、安全、公平方向健康有序发展”［1］。\n\n"
           "［1］《习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展》，"
           "《人民日报》2025 年 4 月 27 日。\n")


@pytest.fixture
def desk(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(CHANGED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _error_fingerprint():
    code, out, _ = qc("check", "a.txt", "--library", REPORT, "--format", "json")
    assert code == 1
    errors = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["QC101"]
    return errors[0]


def _decide(path, finding, decision, reason=""):
    with DecisionStore(path) as store:
        store.record(Decision(finding["fingerprint"], decision, reason, "编辑甲", "2026-12-08T01:00:00Z",
                              finding["quote"], "a.txt", "cli", finding["rule"]))


def test_a_dismissed_finding_no_longer_fails_and_reopening_it_does(desk):
    finding = _error_fingerprint()
    _decide(desk / "d.sqlite", finding, "dismissed", "引自讲话稿原件")
    code, out, err = qc("check", "a.txt", "--library", REPORT, "--format", "concise", "--decisions", "d.sqlite")
    assert code == 0 and "QC101" not in out
    assert "1 条发现已由编辑审阅" in err and "d.sqlite" in err
    _decide(desk / "d.sqlite", finding, "reopened")
    assert qc("check", "a.txt", "--library", REPORT, "--decisions", "d.sqlite", "--format", "concise")[0] == 1


def test_the_default_store_is_read_when_it_exists_and_never_created_by_a_check(desk):
    finding = _error_fingerprint()
    assert not DEFAULT_PATH.exists()  # checking created nothing
    _decide(DEFAULT_PATH, finding, "checked")
    assert qc("check", "a.txt", "--library", REPORT, "--format", "concise")[0] == 0


def test_a_store_named_but_absent_is_empty(desk):
    assert qc("check", "a.txt", "--library", REPORT, "--decisions", "none.sqlite", "--format", "concise")[0] == 1
    assert not (desk / "none.sqlite").exists()


@pytest.mark.parametrize("content", [b"just some text, not a database\n" * 50, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_store_is_one_line_and_exit_2(desk, content):
    (desk / "d.sqlite").write_bytes(content)
    code, out, err = qc("check", "a.txt", "--library", REPORT, "--decisions", "d.sqlite")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "决定记录库" in err and "d.sqlite" in err
