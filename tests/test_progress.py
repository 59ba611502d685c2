"""Long work is not silent: `library index` and reading a folder library show N/M and the file at hand
on a terminal (and nothing in a CI log), a large folder library brings a one-line hint to build an
index, and copies of one text are one summary line (each named with --verbose)."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest

from conftest import REPORT, ROOT

ARTICLE_TEXT = "习近平强调，要“推动我国人工智能朝着有益、安全、公平方向健康有序发展”。\n"


def _library(tmp_path, reports: int, copies: int = 0):
    lib = tmp_path / "lib"
    lib.mkdir()
    for i in range(reports):  # distinct texts, each a small dated report
        (lib / f"r{i:04d}.md").write_text(f"---\ntitle: 报道{i}\ndate: 2025-04-{1 + i % 28:02d}\n---\n\n"
                                          f"第{i}篇报道的正文，写了{i}件事。\n", encoding="utf-8")
    for i in range(copies):  # the seed report under several names
        (lib / f"copy{i}.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    return lib


def _run(*args, cwd, tty=False):
    """(exit code, stdout, stderr); with `tty`, stderr is a terminal, as an editor's is."""
    env = dict(os.environ, COLUMNS="120", TERM="xterm")
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "checker", *map(str, args)]
    if not tty:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, cwd=cwd, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    out = proc.stdout.read().decode()
    proc.wait()
    os.close(master)
    return proc.returncode, out, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))


def test_library_index_shows_files_read_of_all_and_the_file_at_hand_on_a_terminal_only(tmp_path):
    lib = _library(tmp_path, 150)
    code, _, err = _run("library", "index", lib, "--db", tmp_path / "a.db", cwd=tmp_path, tty=True)
    assert code == 0 and "建立索引" in err and "150/150" in err
    assert re.search(r"r\d{4}\.md", err)  # the file being read
    code, _, err = _run("library", "index", lib, "--db", tmp_path / "b.db", cwd=tmp_path)
    assert code == 0 and "建立索引" not in err and "150/150" not in err and err.count("\n") == 1


def test_reading_a_folder_library_shows_its_progress_on_a_terminal(tmp_path):
    lib = _library(tmp_path, 120)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    code, _, err = _run("check", article, "--library", lib, "--format", "concise", cwd=tmp_path, tty=True)
    assert code in (0, 1) and "读取资料库" in err and "120/120" in err
    code, _, err = _run("check", article, "--library", lib, "--format", "concise", cwd=tmp_path)
    assert "读取资料库" not in err


def test_a_large_folder_library_brings_one_line_to_build_an_index(tmp_path):
    from checker.commands import INDEX_HINT_SOURCES

    lib = _library(tmp_path, INDEX_HINT_SOURCES)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    _, _, err = _run("check", article, "--library", lib, "--format", "concise", cwd=tmp_path)
    hints = [line for line in err.splitlines() if "library index" in line]
    assert len(hints) == 1 and f"资料库有 {INDEX_HINT_SOURCES} 篇来源" in hints[0]
    assert f"quotecheck library index {lib} --db" in hints[0]
    (lib / "r0000.md").unlink()  # one fewer: no hint
    _, _, err = _run("check", article, "--library", lib, "--format", "concise", cwd=tmp_path)
    assert "library index" not in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copies_of_one_text_are_one_line_with_their_count_and_named_with_verbose(tmp_path, lang):
    lib = _library(tmp_path, 2, copies=7)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    _, out, err = _run("check", article, "--library", lib, "--format", "concise", "--lang", lang, cwd=tmp_path)
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1, err
    assert ("6 个文件与先前的文件文字相同" if lang == "zh" else "duplicates skipped: 6 (files repeating") in lines[0]
    _, verbose_out, err = _run("check", article, "--library", lib, "--format", "concise", "--lang", lang,
                               "--verbose", cwd=tmp_path)
    named = [line for line in err.splitlines() if "copy0.txt" in line and ("重复" in line or "duplicate" in line)]
    assert len(named) == 6 and verbose_out == out  # the details are on stderr; the report is the same
