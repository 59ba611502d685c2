"""Every reference form we meet in real articles."""
import pytest

from checker.article.cite import fill_back_references, parse_reference


def test_newspaper_with_inner_angle_brackets():
    ref = parse_reference("《国务院印发〈新一代人工智能发展规划〉》，《人民日报》2017 年 7 月 21 日。")
    assert ref.title == "国务院印发〈新一代人工智能发展规划〉"
    assert ref.publication == "人民日报" and ref.date.iso == "2017-07-21" and ref.kind == "newspaper"


def test_author_and_speech_title_with_subtitle():
    ref = parse_reference("习近平：《同舟共济创造美好未来——在亚太经合组织工商领导人峰会上的主旨演讲》，《人民日报》2018 年 11 月 18 日。")
    assert ref.author == "习近平"
    assert ref.title.startswith("同舟共济创造美好未来——")
    assert ref.date.iso == "2018-11-18"


def test_book_with_page():
    ref = parse_reference("习近平：《论把握新发展阶段、贯彻新发展理念、构建新发展格局》，中央文献出版社 2021 年版，第 272 页。")
    assert ref.kind == "book" and ref.publisher == "中央文献出版社"
    assert ref.page == "第272页" and ref.page_number == 272 and ref.page_unit == "页"


def test_short_form_refers_back_to_the_book():
    full = parse_reference("习近平：《论把握新发展阶段、贯彻新发展理念、构建新发展格局》，中央文献出版社 2021 年版，第 272 页。")
    short = parse_reference("习近平：《论把握新发展阶段、贯彻新发展理念、构建新发展格局》，第 271 页。")
    assert short.back_reference
    fill_back_references([full, short])
    assert short.publisher == "中央文献出版社" and short.page == "第271页"


def test_indirect_website():
    ref = parse_reference("参见《全球人工智能治理倡议》，中华人民共和国外交部网站 2023 年 10 月 20 日。")
    assert ref.indirect and ref.kind == "website"
    assert ref.title == "全球人工智能治理倡议" and ref.publication == "中华人民共和国外交部网站"
    assert ref.date.iso == "2023-10-20"


def test_indirect_with_author_and_book_like_title():
    ref = parse_reference("参见中国互联网络信息中心：《生成式人工智能应用发展报告（2024）》，中国互联网络信息中心网站 2025 年 4 月 29 日。")
    assert ref.indirect and ref.author == "中国互联网络信息中心" and ref.date.iso == "2025-04-29"


def test_english_reference():
    ref = parse_reference("“A Deep Dive into Deepfakes that Demean,Defraud and Disinform”,Ofcom,July23,2024.")
    assert ref.title.startswith("A Deep Dive") and ref.publication == "Ofcom"
    assert ref.date.iso == "2024-07-23" and ref.kind == "english"


def test_english_reference_with_author():
    ref = parse_reference("Joseph Clark,“DOD Innovation Official Discusses Progress on Replicator”,U.S.Department of Defense News,December12,2024.")
    assert ref.title.startswith("DOD Innovation") and ref.date.iso == "2024-12-12"


@pytest.mark.parametrize("text,iso,page", [
    ("《坚持自立自强》，《人民日报》2025-04-27，第 1 版。", "2025-04-27", "第1版"),
    ("《坚持自立自强》，《人民日报》2025年04月27日第01版。", "2025-04-27", "第1版"),
    ("《坚持自立自强》，《人民日报》二〇二五年四月二十七日。", "2025-04-27", None),
    ("苗圩：《牢牢掌握人工智能发展和治理主动权》，《人民日报》2026 年 3 月 11 日第 18 版。", "2026-03-11", "第18版"),
    ("《校准智能向善航向，共筑普惠包容未来（寰宇平）》，2026年7月14日，第03版（要闻）。", "2026-07-14", "第3版"),
    ("《坚持自立自强》，《人民日报》2025.4.27，第1版。", "2025-04-27", "第1版"),
    ("《坚持自立自强》，《人民日报》2025/04/27。", "2025-04-27", None),
])
def test_date_and_page_forms(text, iso, page):
    ref = parse_reference(text)
    assert ref.date.iso == iso and ref.page == page


def test_date_inside_title_is_not_the_date():
    ref = parse_reference("《习近平致信祝贺二〇一八世界人工智能大会开幕》，《人民日报》2018 年 9 月 18 日。")
    assert ref.date.iso == "2018-09-18"
    ref = parse_reference("《习近平向 2024 世界智能产业博览会致贺信》，《人民日报》2024 年 6 月 21 日。")
    assert ref.date.iso == "2024-06-21"


def test_collected_works_with_volume():
    ref = parse_reference("《十九大以来重要文献选编》（上），中央文献出版社 2019 年版，第 21 页。")
    assert ref.title == "十九大以来重要文献选编" and ref.kind == "book" and ref.page_number == 21


@pytest.mark.parametrize("text", ["圆周率约为3.14，版本号2.2025.1.1", "2025.4 发布", "12025.4.27", "2025.4/27"])
def test_numbers_with_dots_are_not_dates(text):
    from checker.text.dates import find_dates

    assert find_dates(text) == []


@pytest.mark.parametrize("text,iso", [
    ("《坚持自立自强》，《人民日报》二〇二五年十月十七日。", "2025-10-17"),  # 十 leading: ten, not zero
    ("《坚持自立自强》，《人民日报》二〇二四年十二月三十一日。", "2024-12-31"),
    ("《坚持自立自强》，《人民日报》二〇二四年十一月十日。", "2024-11-10"),  # 十 trailing
    ("《坚持自立自强》，《人民日报》二〇二五年十月一日。", "2025-10-01"),
    ("《坚持自立自强》，《人民日报》二〇二〇年二月二十日。", "2020-02-20"),
])
def test_chinese_numeral_dates_with_tens(text, iso):
    assert parse_reference(text).date.iso == iso


@pytest.mark.parametrize("text,value", [("十", 10), ("十七", 17), ("二十", 20), ("三十一", 31), ("三百零五", 305),
                                        ("二〇三〇", 2030), ("一千二百", 1200)])
def test_chinese_numbers(text, value):
    from checker.text.dates import chinese_number

    assert chinese_number(text) == value
