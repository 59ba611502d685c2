"""Every form a commentary quotes in, on a real report (../shared/realdata/library): clean, the
quotation is verified and nothing is reported; with one word changed, the change is found at the
quotation's line, as an error when the text names the source and a warning when only the words do.
"""
import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_files

pytestmark = needs_realdata

REPORT = REALDATA / "library" / "2026" / "05" / "2026-05-07"  # 为人工智能创新划清底线（金台随笔）, 第05版
SENTENCE = "拥抱人工智能，是为了让生活更美好、社会更公平、未来更可期，而非任由技术滥用问题发生"
CHANGED = SENTENCE.replace("更可期", "更可靠")  # one word of the last clause
ITEMS = ["法治为盾，守护安全底线", "人心为舵，校准前行方向"]
HEAD = "---\ntitle: 评论\ndate: 2026-06-10\n---\n\n# 评论\n\n"

# name: (article text with {q} for the quotation, line of the quotation, named: does the text name the work)
FORMS = {
    "paper-and-title": ("人民日报《为人工智能创新划清底线》写到：“{q}”。\n", 8, True),
    "title-yiwen": ("《为人工智能创新划清底线》一文提到，“{q}”。\n", 8, True),
    "dated-title": ("5 月 7 日《为人工智能创新划清底线》讲得很清楚：“{q}”。\n", 8, True),
    "refers-back": ("人民日报 5 月 7 日《为人工智能创新划清底线》讨论了法治与创新。\n\n"
                    "这篇文章指出，“{q}”。\n", 10, True),
    "block-after-cue": ("人民日报 5 月 7 日《为人工智能创新划清底线》提供了一个总背景。文章说：\n\n> {q}。\n", 10, True),
    "bold-block": ("《为人工智能创新划清底线》中有一句话：\n\n> **{q}。**\n", 10, True),
    "straight-quotes-mixed": ("人民日报《为人工智能创新划清底线》写到：\"{q}\"。这就是“法治”的意义。\n", 8, True),
    "lost-opening-mark": ("人民日报《为人工智能创新划清底线》写到：{q}”，这说明了法治的意义。\n", 8, True),
    "reference-list-pointer": ("参考文章1写到：“{q}”。\n\n## 参考文章\n\n"
                               "1. 陈哲立：《为人工智能创新划清底线（金台随笔）》，2026年5月7日，第05版（评论）。\n", 8, True),
    "paper-only": ("正如《人民日报》评论中的概括：“{q}”。\n", 8, False),
    "event-named": ("总书记多次强调依法治理。有评论指出，“{q}”。\n", 8, False),
}


def _check(tmp_path, template, quote):
    path = tmp_path / "article.md"
    path.write_text(HEAD + template.format(q=quote), encoding="utf-8")
    return check_files(path, [REPORT])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_clean_quotation_is_verified_without_a_finding(tmp_path, form):
    template, line, named = FORMS[form]
    result, findings = _check(tmp_path, template, SENTENCE)
    at_line = [r for r in result.quotes if r.quote.line == line]
    assert at_line and all(r.status in ("verified", "variant") for r in at_line), \
        [(r.quote.text, r.status) for r in result.quotes]
    assert all(r.source.date.iso == "2026-05-07" for r in at_line)
    assert all(r.binding == ("text" if named else "words") for r in at_line)
    assert [(f.rule, f.severity) for f in findings if f.severity != "info"] == []


@pytest.mark.parametrize("form", sorted(FORMS))
def test_one_changed_word_is_found_at_the_quotations_line(tmp_path, form):
    template, line, named = FORMS[form]
    _, findings = _check(tmp_path, template, CHANGED)
    serious = [(f.rule, f.line, f.severity) for f in findings if f.severity != "info"]
    expected = ("QC101", line, "error") if named else ("QC310", line, "warning")
    assert serious == [expected]
    assert "原文「可期」，引文「可靠」" in next(f for f in findings if f.rule == expected[0]).message


def test_list_items_after_a_cue_naming_the_report(tmp_path):
    article = HEAD + "人民日报《为人工智能创新划清底线》列举了两句话：\n\n- {0}；\n- {1}。\n"
    clean = tmp_path / "clean.md"
    clean.write_text(article.format(*ITEMS), encoding="utf-8")
    result, findings = check_files(clean, [REPORT])
    assert sorted((r.quote.line, r.status, r.binding) for r in result.quotes) == [
        (10, "verified", "text"), (11, "verified", "text")]
    assert [f for f in findings if f.severity != "info"] == []
    changed = tmp_path / "changed.md"
    changed.write_text(article.format(ITEMS[0], ITEMS[1].replace("校准", "把准")), encoding="utf-8")
    _, findings = check_files(changed, [REPORT])
    assert [(f.rule, f.line, f.severity) for f in findings if f.severity != "info"] == [("QC101", 11, "error")]


def test_authors_own_bold_and_block_slogans_get_no_finding(tmp_path):
    article = tmp_path / "slogans.md"
    article.write_text(HEAD + "人民日报《为人工智能创新划清底线》讲得很清楚。\n\n"
                       "> **治理不是把创新锁起来，而是给创新铺好轨道、装上护栏。**\n\n"
                       "**法治是创新的底座，不是创新的刹车。**\n\n所以可以这样写：\n\n"
                       "- 把规则写在前面，让企业心中有数；\n- 把责任落到实处，让风险有人负责。\n", encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    assert result.quotes == [] and [f.rule for f in findings] == ["QC407"]  # nothing to check


def test_a_bullet_adapted_from_the_report_named_earlier_is_the_authors_text(tmp_path):
    """Bullets under a report named paragraphs before, without a cue that names it: verbatim ones are
    its words (checked, no finding); an adapted one is the author's own restatement (not listed)."""
    article = tmp_path / "a.md"
    article.write_text(HEAD + "5 月 7 日《为人工智能创新划清底线》讨论了法治。\n\n可以这样概括：\n\n"
                       f"- {ITEMS[0]}；\n- {ITEMS[1].replace('校准', '把准')}。\n", encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    assert [(r.quote.line, r.status, r.binding) for r in result.quotes] == [(12, "verified", "context")]
    assert [f for f in findings if f.severity != "info"] == []


def test_a_theory_piece_attributing_quotations_to_the_event_in_its_text(tmp_path):
    """No notes, no titles: `习近平总书记在主持……集体学习时强调，“…”`. The words find the report; the
    event named in the text is checked against it like a cited one."""
    from conftest import REPORT as SEED_REPORT

    text = ("2025 年 4 月，习近平总书记在主持中共中央政治局第{n}次集体学习时强调，"
            "要“推动我国人工智能朝着{w}、安全、公平方向健康有序发展”。\n")
    article = tmp_path / "theory.txt"
    article.write_text(text.format(n="二十", w="有益"), encoding="utf-8")
    result, findings = check_files(article, [SEED_REPORT])
    assert [(r.status, r.binding) for r in result.quotes] == [("verified", "words")]
    assert [(f.rule, f.severity) for f in findings] == [("QC410", "info")]
    article.write_text(text.format(n="二十", w="有利"), encoding="utf-8")
    _, findings = check_files(article, [SEED_REPORT])
    assert [(f.rule, f.line, f.severity) for f in findings] == [("QC310", 1, "warning")]
    article.write_text(text.format(n="二十一", w="有益"), encoding="utf-8")
    _, findings = check_files(article, [SEED_REPORT])
    assert [(f.rule, f.severity) for f in findings if f.severity != "info"] == [("QC203", "error")]


def test_a_changed_bullet_in_a_list_of_the_reports_words_is_a_drift(tmp_path):
    """A list whose other bullets are the report's very words is a quoted list: its one changed
    bullet is a changed quotation (QC310, a warning: the list is bound by context), not an adaptation."""
    bullets = ["法治为盾，守护安全底线", "人心为舵，校准前行方向", "刚柔相济、德法并举", "这既是技术命题，更是治理命题"]
    article = tmp_path / "a.md"
    article.write_text(HEAD + "5 月 7 日《为人工智能创新划清底线》讨论了法治。\n\n可以这样概括：\n\n"
                       + "".join(f"- {b}；\n" for b in bullets[:3])
                       + f"- {bullets[3].replace('治理命题', '管理命题')}。\n", encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    assert [(r.quote.line, r.status == "drift") for r in result.quotes] == [
        (12, False), (13, False), (14, False), (15, True)]  # verified or variant (；for the source's ，)
    assert [(f.rule, f.line, f.severity) for f in findings if f.severity != "info"] == [("QC310", 15, "warning")]


# Headings: a title or subheading shortens and adapts, and formulaic phrases recur nearly across
# reports at every length, so a heading's quotation binds by its words only word for word.
HEADINGS = {
    "title": "# “{q}”（观察）\n\n正文。\n",
    "section": "## “{q}”\n\n正文。\n",
    "bold-paragraph": "**“{q}”**\n\n正文。\n",
}


@pytest.mark.parametrize("form", sorted(HEADINGS))
def test_a_heading_quoting_the_words_is_verified(tmp_path, form):
    result, findings = _check(tmp_path, HEADINGS[form], SENTENCE)
    assert [(r.status, r.binding) for r in result.quotes] == [("verified", "words")]
    assert [f.rule for f in findings if f.severity != "info"] == []


@pytest.mark.parametrize("form", sorted(HEADINGS))
def test_a_heading_adapting_the_words_gets_no_warning(tmp_path, form):
    result, findings = _check(tmp_path, HEADINGS[form], CHANGED)
    assert [r.binding for r in result.quotes] == [None]
    assert [f.rule for f in findings if f.severity != "info"] == []


def test_the_same_adapted_words_in_the_body_are_still_a_warning(tmp_path):
    _, findings = _check(tmp_path, "# 评论\n\n有评论指出，“{q}”。\n", CHANGED)
    assert [(f.rule, f.severity) for f in findings if f.severity != "info"] == [("QC310", "warning")]


@pytest.mark.parametrize("form", sorted(HEADINGS))
def test_a_word_heading_adapting_the_words_gets_no_warning(tmp_path, form):
    from commentary_docx import markdown_to_docx

    path = markdown_to_docx(HEAD + HEADINGS[form].format(q=CHANGED), tmp_path / "article.docx")
    result, findings = check_files(path, [REPORT])
    assert [r.binding for r in result.quotes] == [None]
    assert [f.rule for f in findings if f.severity != "info"] == []
