"""Reading: encodings, bad input, and the canonical-to-raw map."""
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import InputError
from checker.article import read_article
from checker.text.normalise import Canon, LineIndex, fold_width, strip_punct, words_of
from checker.read import read_text
from conftest import ARTICLE, REPORT


def _extract(path):
    return read_article(read_text(str(path)))


def _summary(article):
    return [(q.line, q.end_line, q.kind, q.text, q.reference.line if q.reference else None) for q in article.quotations]


@pytest.mark.parametrize("encoding,prefix", [("gb18030", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")])
def test_same_result_whatever_the_encoding(tmp_path, encoding, prefix):
    text = ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(prefix + text.encode(encoding))
    article = _extract(path)
    assert article.encoding in (encoding, "utf-8-sig")
    assert _summary(article) == _summary(_extract(ARTICLE))


def test_gbk_bytes_are_read_as_gb18030(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("习近平指出，“要正视差距、加倍努力”［1］。\n".encode("gbk"))
    assert _extract(path).quotations[0].text == "要正视差距、加倍努力"


def test_crlf_line_endings_keep_line_numbers(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(ARTICLE.read_bytes().replace(b"\n", b"\r\n"))
    assert _summary(_extract(path)) == _summary(_extract(ARTICLE))


@pytest.mark.parametrize("content,reason", [
    (b"", "file is empty"),
    (b"  \n\n \t\n", "file is empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", ".docx"),
    (b"\x00\x01\x02\x03binary\x00\xff", "binary"),
    (b"\x80\x81\x82\x83\xff" * 20, "cannot decode"),
    (b"\xff\xfe" + bytes(range(0xd8, 0xe0)) * 40, "utf-16"),
    (b"\xff\xfe" + "\ue000\ue001\ue002".encode("utf-16-le") * 40, "UTF-16"),
])
def test_bad_input_is_one_clear_error(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_text(str(path))
    assert reason in str(caught.value) and str(path) in str(caught.value)


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def _file(name, content):
    def make(tmp):
        (tmp / name).write_bytes(content)
        return str(tmp / name)
    return make


@pytest.mark.parametrize("make,expect", [
    (lambda tmp: str(tmp / "missing.txt"), "no such file"),
    (lambda tmp: str(tmp), "is a directory"),  # extract: expects a file; check: a folder without articles
    (_file("e.txt", b""), "file is empty"),
    (_file("d.docx", b"PK\x03\x04rest"), ".docx"),
    (_file("p.pdf", b"%PDF-1.4 x"), "PDF"),
])
def test_cli_bad_article_exits_2_with_one_line(tmp_path, make, expect):
    for verb in (["extract"], ["check", "--library", str(REPORT)]):
        result = _cli(verb[0], make(tmp_path), *verb[1:])
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expect in lines[0], result.stderr
        assert "Traceback" not in result.stderr


def test_unknown_format_exits_2():
    result = _cli("check", str(ARTICLE), "--library", str(REPORT), "--format", "yaml")
    assert result.returncode == 2 and "unknown --format 'yaml'" in result.stderr


def test_usage_error_exits_2():
    result = _cli("check", str(ARTICLE))
    assert result.returncode == 2 and "no library given" in result.stderr


def test_extract_json_verb():
    import json

    result = _cli("extract", str(ARTICLE), "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    quote = next(q for q in data["quotations"] if q["line"] == 815)
    assert quote["end_line"] == 833 and quote["kind"] == "quotation"
    assert quote["citation"]["date"] == "2025-04-27" and "第二十次集体学习" in quote["citation"]["title"]


# -- the canonical text and its map back to raw offsets ------------------------------------------
_ALPHABET = st.sampled_from(list("当前随着人工智能发展，。“”‘’《》、") + ["  ", " ", "\n", "\n\n", "\u3000", "A", "b",
                                                                      "1", "２", "０", "，", "［", "］", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_every_canonical_character_maps_to_its_raw_character(raw):
    canon = Canon.build(raw)
    lines = LineIndex(raw)
    for i, ch in enumerate(canon.text):
        offset = canon.raw_offset(i)
        if ch == " " and canon.display[i] == " ":
            assert raw[offset].isspace()  # a kept space maps to the whitespace it stands for
            continue
        assert canon.display[i] == raw[offset]  # display keeps the original width
        line, col = lines.line_col(offset)
        assert raw.split("\n")[line - 1][col - 1] == raw[offset]
    assert "\n" not in canon.text and "\u3000" not in canon.text


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)),
                                                                max_size=4))
def test_map_holds_for_any_set_of_spans(raw, cuts):
    spans = sorted({(min(a, b, len(raw)), min(max(a, b), len(raw))) for a, b in cuts})
    merged = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            continue
        merged.append((s, e))
    canon = Canon.build(raw, merged)
    for i in range(len(canon.text)):
        offset = canon.raw_offset(i)
        assert any(s <= offset < e for s, e in merged)
        assert canon.canon_index(offset) == i or canon.text[i] == " "


_WIDE_ALPHABET = st.sampled_from([chr(cp) for cp in range(0xFF01, 0xFF5F)]
                                 + list("\u3000\u00a0\u2002\u2003\u200b\ufeff$%A1中，。 \n"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_WIDE_ALPHABET, max_size=60).map("".join))
def test_words_of_is_strip_after_fold(text):
    assert words_of(text) == strip_punct(fold_width(text))


def test_words_of_drops_wide_punctuation_and_folds_wide_letters():
    assert words_of("当前，随着\u3000ＡＩ发展\u200b２０２５年。") == "当前随着AI发展2025年"


def test_spaced_out_characters_and_digits_fold():
    canon = Canon.build("当 前， 随 着\n\n2025 年 4 月 Deep\nDive")
    assert canon.text == "当前,随着2025年4月Deep Dive"
    assert canon.display == "当前，随着2025年4月Deep Dive"


def test_generated_punctuation_class_matches_this_python():
    from checker.text.punct import CLASS, generate

    assert CLASS == generate(), "Unicode changed: regenerate checker/text/punct.py (see its docstring)"
