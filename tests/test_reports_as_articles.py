"""Real People's Daily reports checked as articles against the other reports: correct quotations,
so no error and no warning. Each of these once gave false ones: photo captions 图①： and a series
kicker ⑤ read as note marks (QC404, then QC311 on every uncited quotation), headlines quoting a
foreign journalist near another report's words (QC310).
"""
import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_files

pytestmark = needs_realdata

REPORTS = ["读取楚汉文化的千年", "整治物业管理乱象", "不该吃的饭不吃", "人工智能全球治理的重要引领者",
           "让人工智能更好地增进人类福祉"]


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_as_an_article_has_no_false_finding(name):
    library = sorted((REALDATA / "library").rglob("*.md"))
    article = next(p for p in library if name in p.name)
    others = [p for p in library if p != article] + [REALDATA / "seed-sources"]
    result, findings = check_files(article, others)
    assert [(f.rule, f.line, f.message) for f in findings if f.severity != "info"] == []
    assert result.quotes  # it does quote: the check ran on something
