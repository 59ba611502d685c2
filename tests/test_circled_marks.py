"""① … ⑳ are note marks in some articles and list numbers, figure labels or series numbers in others.

Real cases: a People's Daily feature captions its photos 图①：… 图②：…, and a series kicker ends
清风正气在身边⑤; read as note marks, both gave QC404 (a mark with no note) and made the article
"footnoted", so each of its 38 uncited quotations became a QC311 warning.
"""
from conftest import REPORT
from helpers import check_texts

QUOTE = "习近平指出，“推动我国人工智能朝着有益、安全、公平方向健康有序发展”{mark}。\n"
NOTE = "{mark}《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n"


def _run(tmp_path, article):
    result, findings = check_texts(tmp_path, article, [REPORT.read_text(encoding="utf-8")])
    return result, {(f.rule, f.line) for f in findings if f.severity != "info"}


def test_figure_labels_and_a_series_number_are_not_note_marks(tmp_path):
    article = ("> 系列：前沿观察·清风正气在身边⑤\n\n图①：长沙简牍博物馆展陈三国时期赋税简。\n\n"
               "图②：工作人员清洗简牍。\n\n" + QUOTE.format(mark="") + "\n“这批简牍的清洗与保护要做一辈子”，他说。\n")
    result, serious = _run(tmp_path, article)
    assert result.article.markers == []
    assert serious == set()


def test_a_list_numbered_with_circled_digits_is_not_notes(tmp_path):
    article = "主要任务有三：①加强基础研究；②完善监管体制；③深化国际合作。\n\n" + QUOTE.format(mark="")
    result, serious = _run(tmp_path, article)
    assert result.article.markers == [] and serious == set()


def test_circled_note_marks_still_bind_and_a_lost_note_is_still_found(tmp_path):
    article = (QUOTE.format(mark="①") + "\n图①：会议现场。\n\n他还说，“要正视差距、加倍努力”②。\n\n"
               "注释：\n\n" + NOTE.format(mark="①"))
    result, serious = _run(tmp_path, article)
    assert [(m.number, m.reference is not None) for m in result.article.markers] == [("①", True), ("②", False)]
    assert [r.status for r in result.quotes][:1] == ["verified"]
    assert ("QC404", 5) in serious  # ② has no note: the article's other circled marks do
