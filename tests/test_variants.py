"""Traditional characters: both sides folded with OpenCC's t2s, one character for one.

The traditional copies are made here with OpenCC's own s2t (phrase-aware, as a Hong Kong or
Taiwan outlet writes), from the seed and the realdata; never committed.
"""
from pathlib import Path

import pytest

from checker.text.normalise import Canon, fold
from checker.text.variants import build_table, fold_variants, table
from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import check_files

opencc = pytest.importorskip("opencc")
S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")
SCRIPT_RULE = "QC420"


def test_the_fold_is_one_character_for_one_over_opencc_whole_table():
    built = build_table()
    assert len(built) > 3000  # 發→发, 習→习, 後→后, ...
    assert all(len(k) == 1 and len(v) == 1 for k, v in built.items())
    assert table() == built  # the cached copy is the table


@needs_realdata
def test_the_fold_agrees_with_opencc_t2s_on_real_text():
    """OpenCC's own t2s keeps the length of the realdata's traditional copies, and the character
    fold gives what it gives, but for the few phrases where s2t writes a character that is also
    a simplified one (反覆 for 反复): under 1 in 2,000 characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REALDATA / "library").rglob("*.md"))]
    total = differ = 0
    for text in texts:
        traditional = S2T.convert(text)
        assert len(traditional) == len(text)
        assert len(T2S.convert(traditional)) == len(traditional)
        folded, original = fold_variants(traditional), fold_variants(text)
        assert len(folded) == len(traditional)
        total += len(text)
        differ += sum(a != b for a, b in zip(folded, original))
    assert total > 100_000 and differ / total < 1 / 2000


def test_offsets_hold_in_traditional_text():
    raw = "習近平強調，要充分發揮新型舉國體制優勢。"
    canon = Canon.build(raw)
    assert canon.text == "习近平强调,要充分发挥新型举国体制优势。"  # width folded too
    assert canon.display == raw  # reports show the text's own characters
    at = canon.text.index("举国")
    assert raw[canon.raw_offset(at):canon.raw_offset(at) + 2] == "舉國"
    assert fold("推動人工智能") == "推动人工智能"


def _verdicts(result, findings):
    quotes = [(r.quote.line, r.status, r.source.id if r.source else None) for r in result.quotes]
    return quotes, sorted((f.rule, f.line, f.severity) for f in findings if f.rule != SCRIPT_RULE)


def _traditional_copy(path: Path, folder: Path) -> Path:
    target = folder / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(S2T.convert(path.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def test_seed_against_a_traditional_copy_of_its_report(tmp_path):
    plain = check_files(ARTICLE, [REPORT])
    copy = _traditional_copy(REPORT, tmp_path)
    traditional = check_files(ARTICLE, [copy])
    assert _verdicts(*traditional) == _verdicts(*plain)
    assert sum(r.status == "verified" for r in traditional[0].quotes) >= 9
    script = [f for f in traditional[1] if f.rule == SCRIPT_RULE]
    assert len(script) == 1 and script[0].severity == "info"  # once per source, never per quotation
    # The source's own characters in the evidence.
    verified = next(r for r in traditional[0].quotes if r.status == "verified" and r.source)
    shown = verified.source.body.display[verified.alignment.start:verified.alignment.end]
    assert S2T.convert(verified.quote.text)[:4] in shown


def test_a_traditional_article_against_the_simplified_report(tmp_path):
    plain = check_files(ARTICLE, [REPORT])
    article = _traditional_copy(ARTICLE, tmp_path)
    traditional = check_files(article, [REPORT])
    assert _verdicts(*traditional) == _verdicts(*plain)


@needs_realdata
def test_a_realdata_article_against_traditional_copies_of_the_library(tmp_path):
    article = next((REALDATA / "articles").glob("10-*.md"))
    library = REALDATA / "library"
    plain = check_files(article, [library])
    for path in library.rglob("*.md"):
        _traditional_copy(path, tmp_path / "lib" / path.relative_to(library).parent)
    traditional = check_files(article, [tmp_path / "lib"])
    assert _verdicts(*traditional) == _verdicts(*plain)
    assert sum(r.status in ("verified", "variant") for r in plain[0].quotes) >= 3
