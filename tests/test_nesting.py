"""Quotation marks inside quotations: ‘…’ inside “…” for the source's own “…” is the same wording,
and the third level “…‘…“…”…’…” (standard in Chinese) is nesting, not an unclosed mark."""
import pytest

from conftest import REALDATA, needs_realdata
from helpers import check_texts

REPORT = REALDATA / "library" / "2026" / "04" / "2026-04-03"  # 善用善治 促进人工智能内容规范发展: “善用”与“善治”成为时代之问
HEAD = "---\ndate: 2026-06-10\n---\n\n# 评论\n\n人民日报 4 月 3 日《善用善治 促进人工智能内容规范发展》写到，"


@needs_realdata
@pytest.mark.parametrize("inner", ["‘善用’与‘善治’", "『善用』与『善治』"])
def test_inner_marks_of_another_kind_are_the_same_wording(tmp_path, inner):
    from helpers import check_files

    article = tmp_path / "a.md"
    article.write_text(HEAD + f"“{inner}成为时代之问”。\n", encoding="utf-8")
    result, findings = check_files(article, [REPORT])
    assert [(r.status, r.binding) for r in result.quotes] == [("verified", "text")]
    assert findings == []


@needs_realdata
def test_a_changed_word_beside_inner_marks_is_still_drift(tmp_path):
    from helpers import check_files

    article = tmp_path / "a.md"
    article.write_text(HEAD + "“‘善用’与‘善治’成为时代之题”。\n", encoding="utf-8")
    _, findings = check_files(article, [REPORT])
    assert [(f.rule, f.line) for f in findings] == [("QC101", 7)]


def test_three_levels_of_nesting_are_one_quotation(tmp_path):
    source = ("---\ntitle: 报道\ndate: 2025-04-27\nsource: 人民日报\n---\n\n"
              "他说：“我们常讲‘要记住“实事求是”这四个字’，今天仍然如此。”\n")
    article = "文章写道，“我们常讲‘要记住“实事求是”这四个字’，今天仍然如此。”［1］\n\n［1］《报道》，《人民日报》2025 年 4 月 27 日。\n"
    result, findings = check_texts(tmp_path, article, [source])
    assert "QC405" not in {f.rule for f in findings}
    assert [(r.quote.text, r.status) for r in result.quotes] == [
        ("我们常讲‘要记住“实事求是”这四个字’，今天仍然如此。", "verified")]


# -- the layout is decided by what the text holds, not by its name or a frontmatter (issue 15.8) --------
@pytest.mark.parametrize("name, head", [("seed.md", ""), ("seed.txt", "---\ntitle: x\n---\n"),
                                        ("seed.md", "---\ndate: 2025-06-01\n---\n")])
def test_pdf_text_named_md_or_with_a_frontmatter_keeps_its_footnotes(tmp_path, name, head):
    from conftest import ARTICLE, REPORT
    from helpers import check_files, mutate

    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    copy = tmp_path / name
    copy.write_text(head + drifted.read_text(encoding="utf-8"), encoding="utf-8")
    result, findings = check_files(copy, [REPORT])
    statuses = sorted(r.status for r in result.quotes)
    assert statuses.count("verified") == 8 and statuses.count("drift") == 1 and "uncited" not in statuses
    shift = head.count("\n")
    assert [(f.rule, f.line) for f in findings if f.severity == "error"] == [("QC101", 815 + shift)]
