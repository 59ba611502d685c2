"""Word segmentation from the mapped dictionary is jieba's own, and never the reason a run fails."""
import logging

import pytest

from conftest import REPORT
from checker.text import words as words_mod


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTECHECK_CACHE", str(tmp_path))
    monkeypatch.setattr(words_mod, "_tokenizer", None)
    words_mod.words.cache_clear()
    yield tmp_path
    words_mod.words.cache_clear()
    words_mod._tokenizer = None


def test_the_mapped_dictionary_segments_real_text_as_jieba_does(fresh):
    import jieba

    jieba.setLogLevel(logging.ERROR)
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(fresh)
    reference.initialize()
    mine = words_mod._load()
    assert not isinstance(mine.FREQ, dict)  # the sorted file, not jieba's unmarshalled table
    paragraphs = [p for p in REPORT.read_text(encoding="utf-8").split("\n") if p.strip()]
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        assert mine.lcut(paragraph, HMM=True) == reference.lcut(paragraph, HMM=True), paragraph
    assert mine.total == reference.total


def test_an_unusable_cache_folder_falls_back_to_jieba(fresh, monkeypatch):
    monkeypatch.setenv("QUOTECHECK_CACHE", str(fresh / "missing" / "folder"))
    assert words_mod.words("推动我国人工智能朝着有益安全公平方向健康有序发展")[:3] == ("推动", "我国", "人工智能")
