"""The terminal view at 80 and 120 columns, read line by line (issue 21, item 8).

The findings come first and the sources to fetch last (as in the HTML report); lines break as a
typesetter breaks Chinese (避头尾: no line starts with 。，）… and none ends with （《“); a date, a
number or a Latin word is never split across lines, and a URL breaks only after a `/`.
"""
import os
import re
import subprocess
import sys

import pytest

from checker.report.breaking import NO_END, NO_START, fold_offsets
from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import mutate

COMMENTARY = REALDATA / "articles" / "10-人民日报讲AI治理：既给创新空间，也守伦理底线.md"
LABELS = ("引文：", "原文：")


def pretty(article, library, columns: int) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY",)}
    env.update({"COLUMNS": str(columns), "NO_COLOR": "1"})
    done = subprocess.run([sys.executable, "-m", "checker", "check", str(article), "--library", str(library),
                           "--format", "pretty", "--exit-zero"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def contents(out: str) -> list[str]:
    """Each printed line's text: inside a box's borders, or the whole line."""
    lines = []
    for line in out.splitlines():
        if line.startswith("│") and line.rstrip().endswith("│"):
            line = line.rstrip()[1:-1].strip(" ")
        elif line.startswith(("╭", "╰")):
            line = ""  # a box's edge: the lines on either side do not run on
        lines.append(line.rstrip())
    return lines


def assert_typeset(out: str, columns: int) -> None:
    assert max(len(line) for line in out.splitlines()) <= columns
    lines = contents(out)
    for line in lines:
        body = line[len(LABELS[0]):] if line.startswith(LABELS) else line
        assert not (body[:1] in NO_START), f"line starts with {body[:1]!r}: {line!r}"
        assert not (line[-1:] in NO_END), f"line ends with {line[-1:]!r}: {line!r}"
    for a, b in zip(lines, lines[1:]):
        if b.startswith(LABELS) or a.startswith(LABELS):
            continue  # the two stacked wordings are column-aligned rows, each whole
        assert not (re.search(r"[\d年月]$", a) and re.match(r"[\d年月日号]", b)), f"a date or number split: {a!r} / {b!r}"
        assert not (re.search(r"[A-Za-z]$", a) and re.match(r"[A-Za-z]", b)), f"a word split: {a!r} / {b!r}"
        if re.search(r"https?://\S*$", a) and re.match(r"[\w./%-]", b):
            assert a.endswith("/"), f"a URL broken mid-word: {a!r} / {b!r}"


def assert_sources_last(out: str) -> None:
    heading = out.index("资料库中没有、需要取来核对的来源：")
    assert heading > out.rindex("╰"), "the sources to fetch come after the findings"
    assert "个所注来源不在资料库中" in out[:out.index("╭")], "the top says they are listed at the end"


@pytest.mark.parametrize("columns", [80, 120])
def test_the_seed_at(columns, tmp_path):
    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    out = pretty(drifted, REPORT, columns)
    assert_typeset(out, columns)
    assert_sources_last(out)
    assert "2025年4月27日" in out and "2025-04-27" not in out  # Chinese dates in Chinese (item 9)


@needs_realdata
@pytest.mark.parametrize("columns", [80, 120])
def test_a_commentary_with_planted_errors_at(columns, tmp_path):
    planted = tmp_path / "ai.md"
    planted.write_text(COMMENTARY.read_text(encoding="utf-8").replace("听见不足为信", "听见不再为信"), encoding="utf-8")
    out = pretty(planted, REALDATA / "library", columns)
    assert "QC101" in out and "https://paper.people.com.cn/" in out
    assert_typeset(out, columns)


def test_breaking_rules_on_their_own():
    text = "原文刊于2026年4月13日，注释写作2026年4月5日（见https://paper.people.com.cn/rmrb/pc/content/202604/03/x.html）。"
    for width in range(16, 60):  # from where the longest date and its comma fit on a line
        offsets = fold_offsets(text, width)
        lines = [text[a:b] for a, b in zip([0] + offsets, offsets + [len(text)])]
        assert all(line[:1] not in NO_START and line[-1:] not in NO_END for line in lines), (width, lines)
        assert not any(re.search(r"\d$", a) and re.match(r"[\d年月日]", b) for a, b in zip(lines, lines[1:])), lines
