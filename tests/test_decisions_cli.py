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


# -- a decision stays with its quotation's words -----------------------------------------------------
def _word(path, before: str, word: str) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("人工智能要健康有序发展")
    if before:
        document.add_paragraph(before)
    document.add_paragraph(CHANGED.split("\n")[0].replace("有利", word))
    document.add_paragraph("注释")
    document.add_paragraph(CHANGED.split("\n")[2])
    document.save(str(path))


def test_a_decision_survives_an_edit_elsewhere_and_is_dropped_when_the_words_change(desk):
    _word(desk / "m.docx", "", "有利")
    code, out, _ = qc("check", "m.docx", "--library", REPORT, "--format", "json")
    finding = next(f for f in json.loads(out)["findings"] if f["rule"] == "QC101")
    _decide(desk / "d.sqlite", finding, "dismissed", "作者有意改写")
    # A paragraph added before it: the quotation moved, its decision holds.
    _word(desk / "m.docx", "这是编辑新加的一段话，放在引文之前，别的都没有变。" * 3, "有利")
    code, out, _ = qc("check", "m.docx", "--library", REPORT, "--format", "json", "--decisions", "d.sqlite")
    report = json.loads(out)
    assert code == 0 and not [f for f in report["findings"] if f["severity"] == "error"]
    assert [(r["rule"], r["decision"]["reason"]) for r in report["reviewed"]] == [("QC101", "作者有意改写")]
    assert report["reviewed"][0]["line"] != finding["line"]
    # The quotation's words changed (有利 → 有力): a new finding, open again.
    _word(desk / "m.docx", "", "有力")
    code, out, _ = qc("check", "m.docx", "--library", REPORT, "--format", "json", "--decisions", "d.sqlite")
    report = json.loads(out)
    assert code == 1 and report["reviewed"] == []
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["QC101"]


# -- SARIF and the baseline read the same record ------------------------------------------------------
SUPPRESSION_KEYS = {"kind", "status", "justification", "guid", "location", "properties"}  # SARIF 2.1.0 §3.35


def test_sarif_carries_decisions_as_suppressions(desk):
    finding = _error_fingerprint()
    _decide(desk / "d.sqlite", finding, "dismissed", "引自讲话稿原件")
    code, out, _ = qc("check", "a.txt", "--library", REPORT, "--format", "sarif", "--decisions", "d.sqlite")
    sarif = json.loads(out)
    assert code == 0 and sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["QC101"]
    assert suppressed[0]["partialFingerprints"] == {"quotecheck/v1": finding["fingerprint"]}
    rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert rules[suppressed[0]["ruleIndex"]] == "QC101"
    (suppression,) = suppressed[0]["suppressions"]
    # The shape SARIF 2.1.0 gives a suppression object: kind and status from their enumerations,
    # a string justification, a property bag; nothing else.
    assert set(suppression) <= SUPPRESSION_KEYS
    assert suppression["kind"] in ("inSource", "external") and suppression["kind"] == "external"
    assert suppression["status"] in ("accepted", "underReview", "rejected") and suppression["status"] == "accepted"
    assert suppression["justification"] == "引自讲话稿原件"
    assert isinstance(suppression["properties"], dict) and suppression["properties"]["who"] == "编辑甲"
    assert all("suppressions" not in r for r in results if r is not suppressed[0])


def test_the_baseline_and_the_store_agree(desk):
    finding = _error_fingerprint()
    _decide(desk / "d.sqlite", finding, "checked")
    as_store = qc("check", "a.txt", "--library", REPORT, "--format", "json", "--decisions", "d.sqlite")
    as_baseline = qc("check", "a.txt", "--library", REPORT, "--format", "json", "--baseline", "d.sqlite",
                     "--decisions", "none.sqlite")
    assert as_store[0] == as_baseline[0] == 0
    shown = [[f["fingerprint"] for f in json.loads(r[1])["findings"]] for r in (as_store, as_baseline)]
    assert shown[0] == shown[1] and finding["fingerprint"] not in shown[0]
    assert "基线 d.sqlite 隐去 1 条已知发现" in as_baseline[2]
    # --write-baseline into a store records today's findings as decided by the baseline; the store
    # then hides them from a check as the baseline file would.
    code, _, err = qc("check", "a.txt", "--library", REPORT, "--write-baseline", "ci.sqlite", "--format", "concise")
    assert code == 0 and "ci.sqlite" in err
    decided = DecisionStore(desk / "ci.sqlite").current()
    assert {d.surface for d in decided.values()} == {"baseline"} and finding["fingerprint"] in decided
    assert qc("check", "a.txt", "--library", REPORT, "--decisions", "ci.sqlite", "--format", "concise")[0] == 0
    assert qc("check", "a.txt", "--library", REPORT, "--baseline", "ci.sqlite", "--format", "concise")[0] == 0
