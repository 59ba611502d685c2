"""Trust on real text: the 30 commentary articles of realdata/corpus, checked against the corpus
library and realdata's, as bench/real_corpus.py checks them. Each test takes a passage the
checker got wrong (a false error or warning an editor would have learnt to ignore), checks that
it stays clean, and checks that a mutated copy — the same forms with a real fault planted — is
still flagged. Passages are read where they lie; the mutations are made in a temporary copy.
"""
import pytest

from conftest import REALDATA, needs_realdata, raw_lines
from helpers import mutate, rules

pytestmark = needs_realdata

CORPUS = REALDATA / "corpus"


def corpus_article(prefix: str):
    return next((CORPUS / "articles").glob(f"{prefix}*.md"))


@pytest.fixture(scope="module")
def library():
    from checker.library import load_library

    return load_library([str(CORPUS / "library"), str(REALDATA / "library")])


def check(path, library):
    from checker.article import read_article
    from checker.check import check_article
    from checker.read.manuscript import read_article_source
    from checker.rules import run_rules

    result = check_article(read_article(read_article_source(str(path))), library)
    return result, run_rules(result, rules(), "zh")


def at(findings, line, severities=("error", "warning")):
    return sorted(f.rule for f in findings if f.line == line and f.severity in severities)


def flagged_after(library, tmp_path, prefix, line, old, new, severities=("error", "warning"), on=None):
    """The rules firing on line `on` (default: `line`) of a corpus article once `old` on `line` reads `new`."""
    _, findings = check(mutate(tmp_path, corpus_article(prefix), line, old, new), library)
    return at(findings, on or line, severities)


def flagged(library, prefix, line):
    """The rules firing on `line` of a corpus article as it is."""
    return at(check(corpus_article(prefix), library)[1], line)


# -- an inline title names the reference-list entry whose title it is, not one whose column tag holds it ---
def test_inline_title_names_the_entry_with_that_title_not_the_one_whose_column_tag_holds_it(library, tmp_path):
    # 公众号文章__08 L81: 人民日报4月22日《纵深推进全国统一大市场建设》提到，… — entry 6 is that report
    # (第09版); entry 1's column tag （经济新方位·纵深推进全国统一大市场建设） holds the same words.
    path = corpus_article("公众号文章__08")
    result, findings = check(path, library)
    inline = next(r for r in result.article.references if r.style == "inline" and r.line == 81)
    assert inline.number == "6" and inline.page == "第9版"
    assert at(findings, 81) == [] and at(findings, 276) == []
    # the page really wrong in the entry: still QC305, judged where it is written
    wrong = mutate(tmp_path, path, 276, "第09版", "第03版")
    _, findings = check(wrong, library)
    assert "QC305" in at(findings, 276)


# -- principle 4: a document named with or without its issuers, its notice, its date, 全文 or 摘要 ------------
ISSUED_WITH_ISSUERS = "《中共中央办公厅国务院办公厅关于加强新就业群体服务管理的意见》"  # 公众号文章__06 L58, as printed


@pytest.mark.parametrize("named", [
    "《关于加强新就业群体服务管理的意见》",
    "《中共中央办公厅 国务院办公厅关于加强新就业群体服务管理的意见（2026年4月26日）》",
    "《中共中央办公厅国务院办公厅印发〈关于加强新就业群体服务管理的意见〉的通知》",
    "《关于加强新就业群体服务管理的意见》全文",
    "《关于加强新就业群体服务管理的意见（摘要）》",
])
def test_a_document_named_without_its_issuers_or_by_its_notice_is_the_same_document(library, tmp_path, named):
    path = mutate(tmp_path, corpus_article("公众号文章__06"), 58, ISSUED_WITH_ISSUERS, named)
    result, findings = check(path, library)
    assert at(findings, 58) == []
    ref = next(r for r in result.references if r.reference.line == 58)
    assert ref.source.title == "中共中央办公厅国务院办公厅关于加强新就业群体服务管理的意见"


@pytest.mark.parametrize("named", [
    "《关于加强新就业群体权益保障的意见》",  # another 关于 subject
    "《中共中央办公厅国务院办公厅关于加强新就业群体权益保障的意见》",
])
def test_another_document_of_the_same_issuers_is_still_another_title(library, tmp_path, named):
    assert flagged_after(library, tmp_path, "公众号文章__06", 58, ISSUED_WITH_ISSUERS, named) == ["QC303"]


def test_a_report_that_issues_a_document_is_named_by_the_document(library, tmp_path):
    # 人民日报系列__42 L34: 《推进农家书屋改革提升促进乡村阅读行动方案》提出，… — the report (its entry 1)
    # is titled 联合印发《推进农家书屋改革提升促进乡村阅读行动方案》.
    path = corpus_article("人民日报系列__42")
    _, findings = check(path, library)
    assert at(findings, 34) == []
    another = mutate(tmp_path, path, 199, "行动方案〉", "行动计划〉")  # the entry names another document
    _, findings = check(another, library)
    assert "QC303" in at(findings, 34) + at(findings, 199)


# -- principle 2: a summary announced as such is the author's wording, not a quotation --------------------
NAMED_QUOTE = "强调，要坚持“一村一策、一村一品、一村一韵”"  # 人民日报系列__42 L128, text-bound, word for word


def test_a_named_quotation_changed_is_still_an_error(library, tmp_path):
    path = corpus_article("人民日报系列__42")
    _, findings = check(path, library)
    assert at(findings, 128) == []
    changed = mutate(tmp_path, path, 128, NAMED_QUOTE, NAMED_QUOTE.replace("一村一韵", "一村一景"))
    _, findings = check(changed, library)
    assert at(findings, 128) == ["QC101"]


@pytest.mark.parametrize("announced", [
    "的思路可以概括为“一村一策、一村一品、一村一景”",
    "的大意是“一村一策、一村一品、一村一景”",
    "的意思是“一村一策、一村一品、一村一景”",
    "讲了很多，归纳起来就是“一村一策、一村一品、一村一景”",
    "讲得很细，换句话说，就是“一村一策、一村一品、一村一景”",
    "讲得很细，用一句话说：“一村一策、一村一品、一村一景”",
])
def test_words_announced_as_a_summary_are_not_held_to_the_source(library, tmp_path, announced):
    assert flagged_after(library, tmp_path, "人民日报系列__42", 128, NAMED_QUOTE, announced) == []


def test_the_sources_own_summary_is_a_quotation_of_it(library, tmp_path):
    # 人民日报系列__67 L139: 人民日报把这种安排概括为“……” — the report's words, not the author's
    result, _ = check(corpus_article("人民日报系列__67"), library)
    quote = next(r for r in result.quotes if r.quote.line == 139)
    assert not quote.quote.summary and quote.status == "verified"


def test_a_model_sentence_announced_for_the_essay_is_the_authors(library, tmp_path):
    # 人民日报系列__15 L252-254: 这一套可以转成申论总句： then a bold block quote of the author's, one of whose
    # clauses is near a report's phrase (推进 written 推动); not announced, that clause is still flagged.
    assert flagged(library, "人民日报系列__15", 254) == []
    assert flagged_after(library, tmp_path, "人民日报系列__15", 252, "这一套可以转成申论总句：", "这一套做法的要点：",
                         on=254) == ["QC310"]


# -- principle 3: the author's characterisation in marks; QC302 needs an explicit attribution --------------
@pytest.mark.parametrize("characterised", [
    "把落脚点放在“先守根脉、再接产业”上",
    "的思路是“先守根脉、再接产业”",
])
def test_the_authors_characterisation_of_a_named_work_is_not_held_to_it(library, tmp_path, characterised):
    assert flagged_after(library, tmp_path, "人民日报系列__42", 128, NAMED_QUOTE, characterised) == []


def test_the_authors_characterisation_after_a_reference_back_is_not_held_to_the_work(library, tmp_path):
    sentence = "《以村落文化建设助推乡村全面振兴》" + NAMED_QUOTE
    changed = mutate(tmp_path, corpus_article("人民日报系列__42"), 128, sentence,
                     "《以村落文化建设助推乡村全面振兴》讲乡村文化。这篇文章的思路是“先守根脉、再接产业”")
    _, findings = check(changed, library)
    assert at(findings, 128) == []


@pytest.mark.parametrize("said", ["强调，要坚持“先守根脉、再接产业”", "写道：“先守根脉、再接产业”"])
def test_words_a_named_work_is_said_to_say_and_does_not_hold_are_still_an_error(library, tmp_path, said):
    assert flagged_after(library, tmp_path, "人民日报系列__42", 128, NAMED_QUOTE, said) == ["QC302"]


# -- evidence decides: a bold run or bullet that rewrites the named work is the author's restatement -------
RESTATED = "贸易强国之“强”，既要看规模，也要看质量、附加值、创新能力和规则影响力。"  # 人民日报系列__35 L41, bold
SOURCE_WORDS = "贸易强国之“强”，不仅体现在规模大、覆盖面广，更体现在质量优、附加值高、创新能力强、规则影响力大"


def test_a_bold_run_that_rewrites_the_named_work_is_the_authors_restatement(library, tmp_path):
    path = corpus_article("人民日报系列__35")
    _, findings = check(path, library)
    assert at(findings, 41) == []
    # the work's own sentence with one word changed: a changed quotation, an error as before
    slipped = mutate(tmp_path, path, 41, RESTATED, SOURCE_WORDS.replace("质量优", "质量好") + "。")
    _, findings = check(slipped, library)
    assert at(findings, 41) == ["QC101"]


def test_a_clause_of_the_authors_bullet_is_not_claimed_word_for_word_by_the_named_work(library, tmp_path):
    # 往期文章__01 L141-145: 4 月 18 日《……》，讲了几个很有用的案例： then bullets retelling the report's cases;
    # a clause of one (444 个村级卫生室全部接入…) leaves out the report's 已经.
    path = corpus_article("往期文章__01")
    _, findings = check(path, library)
    assert at(findings, 143) == [] and at(findings, 144) == []
    # a bullet that is the report's sentence whole, with a word changed: in this list, whose other
    # bullets retell the report, it is the author's restatement too (principle 7: the list decides) ...
    bullet = raw_lines(path)[143][2:]
    whole = mutate(tmp_path, path, 144, bullet, "目前武清区444个村级卫生室已经全部接入医保结算体系，覆盖了全部建制村。")
    _, findings = check(whole, library)
    assert at(findings, 144) == []
    # ... and once another bullet is the report's own sentence, the list quotes: it is held to it
    quoting = mutate(tmp_path, whole, 145, raw_lines(whole)[144][2:],
                     "发送不到20分钟，携带冷链转运箱的无人机就飞到了卫生院，随后又载着标本飞往东台市人民医院。")
    _, findings = check(quoting, library)
    assert at(findings, 144) != []


# -- a report's headline in marks names it; the report's headings listed in marks are its words ------------
def test_words_in_marks_that_are_a_reports_headline_name_it(library, tmp_path):
    # 人民日报系列__76 L195: 把“以高水平法治护航美丽中国建设”写出治理含量 — the cited report's headline; its
    # body has 是高水平法治护航美丽中国建设, which is no source of these words.
    assert flagged(library, "人民日报系列__76", 195) == []
    # no headline: the body's near words bind it, as before
    assert flagged_after(library, tmp_path, "人民日报系列__76", 195, "“以高水平法治护航美丽中国建设”",
                         "“是高水平法治护航美丽中国的建设”") == ["QC310"]


SERIES = "“稳定收入能消费、没有后顾之忧敢消费、环境优获得感强愿消费”"  # 人民日报系列__80 L117: three headings


def test_a_quotation_that_lists_the_named_reports_headings_is_its_words(library, tmp_path):
    path = corpus_article("人民日报系列__80")
    result, findings = check(path, library)
    assert at(findings, 117) == []
    assert next(r for r in result.quotes if r.quote.line == 117 and r.quote.form == "marks").status == "verified"
    changed = mutate(tmp_path, path, 117, SERIES, SERIES.replace("敢消费", "才消费"))
    _, findings = check(changed, library)
    assert at(findings, 117, ("error",))  # a heading changed: the series is no longer the report's words


# -- principle 1: a date of printing is the report's date, never the event's ------------------------------
NAMED_SENTENCE = "《以村落文化建设助推乡村全面振兴》" + NAMED_QUOTE  # 人民日报系列__42 L128; the report: 2026-07-03


@pytest.mark.parametrize("printed", [
    "7 月 3 日，人民日报刊发的《以村落文化建设助推乡村全面振兴》",
    "7 月 3 日，人民日报刊发的一篇理论文章",
    "人民日报 7 月 3 日发表的理论文章",
])
def test_a_date_of_printing_that_is_the_reports_date_is_right(library, tmp_path, printed):
    changed = mutate(tmp_path, corpus_article("人民日报系列__42"), 128, NAMED_SENTENCE, printed + NAMED_QUOTE)
    result, findings = check(changed, library)
    assert at(findings, 128) == []
    quote = next(q for q in result.article.quotations if q.line == 128 and q.form == "marks")
    assert quote.claim_date is None  # printing, not the event


@pytest.mark.parametrize("printed", [
    "7 月 4 日，人民日报刊发的《以村落文化建设助推乡村全面振兴》",
    "7 月 4 日，人民日报刊发的一篇理论文章",
])
def test_a_wrong_date_of_printing_is_held_to_the_reports_date(library, tmp_path, printed):
    assert flagged_after(library, tmp_path, "人民日报系列__42", 128, NAMED_SENTENCE, printed + NAMED_QUOTE) == ["QC201"]


def test_a_paper_and_a_day_name_the_report_printed_that_day(library):
    # 往期文章__01 L99: 人民日报 5 月 18 日还报道了……，明确“幼有所育……” — the 5-18 report (entry 6), in the library
    result, findings = check(corpus_article("往期文章__01"), library)
    assert at(findings, 99) == []
    quote = next(r for r in result.quotes if r.quote.line == 99)
    assert quote.reference.reference.number == "6" and quote.status in ("verified", "variant")
