"""One text, several copies: another outlet's copy verifies the words, not the cited paper's date or page.

Real copies (../shared/realdata/seed-sources): 新华社 wires dated the day before the 人民日报
print the seed article cites, and a 新闻联播 transcript of a letter.
"""
from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import check_files, mutate

SEED_SOURCES = REALDATA / "seed-sources"
LIBRARY = REALDATA / "library"


def _serious(findings):
    return [(f.rule, f.line) for f in findings if f.severity in ("error", "warning")]


@needs_realdata
def test_wire_and_broadcast_copies_verify_words_without_false_date_or_paper_errors():
    result, findings = check_files(ARTICLE, [REPORT, SEED_SOURCES, LIBRARY])
    assert _serious(findings) == []
    copies = sorted(f.line for f in findings if f.rule == "QC409")
    # Notes citing 《人民日报》 for texts the library holds as 新华社 wires (827, 1229, 1241, 1441)
    # and as a 新闻联播 transcript (102, 1137, 1326).
    assert copies == [102, 827, 1137, 1229, 1241, 1326, 1441]
    by_line = {f.line: f for f in findings if f.rule == "QC409"}
    assert "新华社2024年6月24日电" in by_line[1229].message and "《人民日报》2024年6月25日" in by_line[1229].message
    statuses = {q.quote.line: q.status for q in result.quotes}
    assert statuses[1171] == statuses[1209] == statuses[809] == statuses[1085] == "verified"


@needs_realdata
def test_a_wrong_year_is_still_an_error_against_another_copy(tmp_path):
    article = mutate(tmp_path, ARTICLE, 1231, "2024 年 6", "2023 年 6")  # note ［7］, lines 1229-1233
    _, findings = check_files(article, [REPORT, SEED_SOURCES])
    assert _note_7_date_errors(findings) == 1


@needs_realdata
def test_a_date_before_the_wire_is_still_an_error(tmp_path):
    article = mutate(tmp_path, ARTICLE, 1233, "月 25 日", "月 23 日")
    _, findings = check_files(article, [REPORT, SEED_SOURCES])
    assert _note_7_date_errors(findings) == 1
    assert not [f for f in findings if f.rule == "QC409" and 1229 <= f.line <= 1233]


def _note_7_date_errors(findings) -> int:
    return len([f for f in findings if f.rule == "QC201" and f.severity == "error" and 1229 <= f.line <= 1233])
