"""Extraction on the real seed article, quotation by quotation."""
import pytest

from conftest import ARTICLE, raw_lines

NINE_2025 = [481, 557, 815, 944, 996, 1016, 1022, 1032, 1040]


def _quote_at(article, line):
    found = [q for q in article.quotations if q.line == line and q.kind == "quotation"]
    assert found, f"no quotation opens at line {line}"
    return found[0]


@pytest.mark.parametrize("line", NINE_2025)
def test_quotes_of_the_2025_report_bind_to_its_footnotes(seed_article, line):
    ref = _quote_at(seed_article, line).reference
    assert ref is not None
    assert "第二十次集体学习" in ref.title
    assert ref.date.iso == "2025-04-27"
    assert ref.publication == "人民日报"
    assert ref.line > line  # the definition follows the marker (numbering restarts per page)


def test_quote_at_799_binds_to_the_2018_report(seed_article):
    ref = _quote_at(seed_article, 799).reference
    assert "第九次集体学习" in ref.title and ref.date.iso == "2018-11-01"
    assert ref.line == 821


def test_quote_across_page_break_and_footnote_block(seed_article):
    quote = _quote_at(seed_article, 815)
    assert quote.end_line == 833
    assert quote.text == "推动我国人工智能朝着有益、安全、公平方向健康有序发展"
    assert "A Deep Dive" not in quote.text  # the footnote block between is not part of it


def test_every_quotation_line_holds_its_opening_mark(seed_article):
    lines = raw_lines(ARTICLE)
    for quote in seed_article.quotations:
        assert quote.marks[0] in lines[quote.line - 1], quote
        assert lines[quote.line - 1][quote.column - 1] == quote.marks[0]
        assert quote.marks[1] in lines[quote.end_line - 1]


def test_one_marker_covers_several_quotations(seed_article):
    first, second = _quote_at(seed_article, 938), _quote_at(seed_article, 940)
    assert first.reference is second.reference
    assert first.reference.number == "3" and "第九次" in first.reference.title
    assert "‘无人区’" in first.text


def test_marker_after_the_sentence_end(seed_article):
    # “…创造条件”，引导……当中。［6］
    assert _quote_at(seed_article, 1022).reference.line == 1062
    assert _quote_at(seed_article, 1016).reference is _quote_at(seed_article, 1022).reference


@pytest.mark.parametrize("term", ["卡脖子", "卡脑子", "头雁", "总调度", "人工智能+", "AI座席", "策源地", "一带一路"])
def test_scare_quoted_terms_are_terms(seed_article, term):
    kinds = {q.kind for q in seed_article.quotations if q.text.replace(" ", "") == term}
    if term == "头雁":  # nested inside a quotation, it belongs to that quotation
        assert any("‘头雁’" in q.text for q in seed_article.quotations if q.kind == "quotation")
        return
    assert kinds == {"term"}


def test_quotation_marks_inside_footnotes_are_not_quotations(seed_article):
    assert not any("互联网" == q.text.strip("＋+") for q in seed_article.quotations)
    assert not any(q.line in (571, 829, 1310) for q in seed_article.quotations)


def test_every_cited_quotation_is_bound(seed_article):
    """Quotations followed by a marker carry that marker's reference."""
    for quote in seed_article.quotations:
        if quote.marker:
            assert quote.reference is quote.marker.reference
    bound = [q for q in seed_article.quotations if q.reference]
    assert len(bound) == 52
    assert all(q.kind == "quotation" for q in bound)


def test_short_cited_quote_is_a_quotation(seed_article):
    quote = _quote_at(seed_article, 1384)
    assert quote.text == "富国和富人的游戏" and quote.reference.date.iso == "2024-11-20"


def test_event_date_claim_before_the_quotation(seed_article):
    assert _quote_at(seed_article, 815).claim_date.iso == "2025-04"
    assert _quote_at(seed_article, 815).claim_line == 811
    assert _quote_at(seed_article, 799).claim_date.iso == "2018-11"
    assert _quote_at(seed_article, 1165).claim_date.iso == "2018-11"  # the year sits before a footnote block
    assert _quote_at(seed_article, 481).claim_date is None


def test_no_unbalanced_marks_in_the_seed(seed_article):
    assert seed_article.unbalanced == []


def test_a_date_span_is_not_an_event_date(tmp_path):
    from checker.article import read_article
    from checker.read import read_text

    path = tmp_path / "a.txt"
    path.write_text("截至 2025 年 3 月，习近平强调，要“推动我国人工智能朝着有益、安全、公平方向健康有序发展”［1］。\n\n"
                    "2025 年 4 月，习近平强调，要“正视差距、加倍努力”［1］。\n\n"
                    "［1］《坚持自立自强》，《人民日报》2025 年 4 月 27 日。\n", encoding="utf-8")
    quotes = [q for q in read_article(read_text(str(path))).quotations if q.kind == "quotation"]
    assert quotes[0].claim_date is None
    assert quotes[1].claim_date.iso == "2025-04"


def test_a_named_project_is_a_term_not_a_quotation(seed_article):
    # （本文系国家社科基金青年项目“政治经济学视域下……研究”的阶段性成果）
    named = [q for q in seed_article.quotations if q.line == 1469]
    assert [q.kind for q in named] == ["term"]
