"""Title forms: a cited title names the same work in any of the forms notes and archives use,
and QC303 names the part (引题, 主题, 副题) that differs when it names another.
"""
from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import check_files, mutate
from checker.text.titles import compare, key

SEED_SOURCES = REALDATA / "seed-sources"


def test_title_keys_drop_speaker_and_bracketed_date_and_place():
    assert key("习近平：加强领导做好规划明确任务夯实基础 推动我国新一代人工智能健康发展") == \
        "加强领导做好规划明确任务夯实基础推动我国新一代人工智能健康发展"
    assert key("在科学家座谈会上的讲话（2020年9月11日）") == "在科学家座谈会上的讲话"
    assert key("建设开放包容的世界——主旨演讲（2023年10月18日，北京）") == "建设开放包容的世界主旨演讲"


def test_every_form_names_the_same_work():
    printed = [("习近平在中共中央政治局第九次集体学习时强调", "加强领导做好规划明确任务夯实基础 推动我国新一代人工智能健康发展", "")]
    archived = [("", "习近平：加强领导做好规划明确任务夯实基础 推动我国新一代人工智能健康发展", "")]
    kicker_and_headline = "习近平在中共中央政治局第九次集体学习时强调 加强领导做好规划明确任务夯实基础   推动我国新一代人工智能健康发展"
    for versions in (printed, archived):
        assert compare(kicker_and_headline, versions).same_work
        assert compare("加强领导做好规划明确任务夯实基础 推动我国新一代人工智能健康发展", versions).same_work
    speech = [("", "勠力战疫 共创未来", "在二十国集团领导人第十五次峰会第一阶段会议上的讲话（2020年11月21日，北京）")]
    assert compare("勠力战疫   共创未来——在二十国集团领导人第十五次峰会第一阶段会议上的讲话", speech).same_work
    assert compare("勠力战疫 共创未来", speech).same_work  # the subtitle left out


def test_the_part_that_differs_is_named():
    printed = [("习近平在中共中央政治局第二十次集体学习时强调", "坚持自立自强 突出应用导向 推动人工智能健康有序发展", "")]
    wrong_kicker = compare("习近平在中共中央政治局第二十一次集体学习时强调 坚持自立自强 突出应用导向 推动人工智能健康有序发展", printed)
    assert (wrong_kicker.same_work, wrong_kicker.part) == (False, "kicker")
    wrong_headline = compare("习近平在中共中央政治局第二十次集体学习时强调 坚持自立自强 突出需求导向 推动人工智能健康有序发展", printed)
    assert (wrong_headline.same_work, wrong_headline.part) == (False, "headline")
    speech = [("", "勠力战疫 共创未来", "在二十国集团领导人第十五次峰会第一阶段会议上的讲话")]
    wrong_sub = compare("勠力战疫 共创未来——在二十国集团领导人第十六次峰会第一阶段会议上的讲话", speech)
    assert (wrong_sub.same_work, wrong_sub.part) == (False, "subtitle")


def test_archive_title_without_kicker_is_the_cited_report(tmp_path):
    # The seed report as a web archive keeps it: 习近平：<headline>, no kicker line.
    text = REPORT.read_text(encoding="utf-8").replace(
        "title: 习近平在中共中央政治局第二十次集体学习时强调", "title: 习近平：坚持自立自强 突出应用导向 推动人工智能健康有序发展")
    text = text.replace("# 习近平在中共中央政治局第二十次集体学习时强调\n", "")
    archive = tmp_path / "archive.md"
    archive.write_text(text, encoding="utf-8")
    result, findings = check_files(ARTICLE, [archive])
    assert [f.rule for f in findings if f.severity != "info"] == []
    assert sum(q.status == "verified" for q in result.quotes) == 9


@needs_realdata
def test_speech_titles_with_date_and_place_match_the_notes():
    result, findings = check_files(ARTICLE, [REPORT, SEED_SOURCES])
    assert "QC303" not in {f.rule for f in findings}
    lines = {q.quote.line: q.status for q in result.quotes}
    assert lines[624] == lines[1362] == lines[809] == "verified"


@needs_realdata
def test_a_subtitle_of_another_meeting_is_a_title_error_naming_the_subtitle(tmp_path):
    article = mutate(tmp_path, ARTICLE, 660, "第十五次", "第十六次")
    _, findings = check_files(article, [REPORT, SEED_SOURCES])
    titles = [f for f in findings if f.rule == "QC303"]
    assert [(f.line, f.severity) for f in titles] == [(658, "error")]
    assert "副题" in titles[0].message and "第十六次" in titles[0].message
