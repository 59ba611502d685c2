"""The editor's round trip in Word (issue 23): check → reviewed copy → accept quotecheck's
suggestions, resolve one comment with a reason, add a comment of one's own → check again.

On the planted .docx manuscripts of the fixtures and on the realdata commentaries made into Word
files (tests/commentary_docx.py), the second check gives no error, no stale or duplicate
comment of quotecheck's, the resolved finding shown as reviewed with its reason, the editor's
comment untouched; LibreOffice opens every reviewed copy (converted to PDF).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import word_review as wr
from commentary_docx import markdown_to_docx
from conftest import REALDATA, REPORT, needs_realdata, needs_soffice
from test_cli_gate import qc

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "manuscripts"
LIBRARY = REALDATA / "library"
BLOCK = "> **当技术被滥用，看见不再为凭，听见不足为信。**"  # article 10


def _fixture(name):
    def make(tmp: Path) -> tuple[Path, Path]:
        shutil.copy(FIXTURES / name, tmp / name)
        return tmp / name, REPORT
    return make


def _commentary(key: str, edit):
    def make(tmp: Path) -> tuple[Path, Path]:
        text = next((REALDATA / "articles").glob(f"{key}-*.md")).read_text(encoding="utf-8")
        changed = edit(text)
        return markdown_to_docx(changed, tmp / f"commentary{key}.docx"), LIBRARY
    return make


# name: (make the manuscript, the rule of the comment the editor resolves, the reply, the reason shown)
CASES = {
    "footnotes": (_fixture("footnotes_planted.docx"), "QC101", "忽略：作者有意改写，保留", "作者有意改写，保留"),
    "handtyped": (_fixture("handtyped_planted.docx"), "QC201", "已核：引的是当天的网络版", "引的是当天的网络版"),
    "commentary10": (_commentary("10", lambda s: s.replace(BLOCK, BLOCK.replace("不再为凭", "不再为证"))
                                 .replace("人民日报 4 月 3 日《善用善治", "人民日报 4 月 13 日《善用善治")),
                     "QC308", None, "在 Word 中标为已解决"),
    "commentary54": (_commentary("54", lambda s: s), "QC310", "已核：原文“是”，作者改为“成为”，意思不变",
                     "原文“是”，作者改为“成为”，意思不变"),
}
REALDATA_CASES = {"commentary10", "commentary54"}


def _errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if "[error]" in line]


class Trip:
    """Everything one round trip made and said."""


@pytest.fixture(scope="module")
def trips(tmp_path_factory):
    done = {}
    for name, (make, rule, reply, reason) in CASES.items():
        if name in REALDATA_CASES and not REALDATA.is_dir():
            continue
        tmp = tmp_path_factory.mktemp(name)
        t = Trip()
        t.tmp, t.rule, t.reason = tmp, rule, reason
        t.manuscript, t.library = make(tmp)
        t.store = tmp / "decisions.sqlite"
        t.first = tmp / "first.reviewed.docx"
        t.code1, _, t.err1 = qc("check", t.manuscript, "--library", t.library, "--format", "docx",
                                "--output", t.first, "--decisions", t.store)
        t.comments1 = wr.comments(t.first)
        t.anchored1 = wr.anchored(t.first)
        chosen = next(c for c in t.comments1 if c["rule"] == rule)
        t.chosen = chosen
        # The editor: a comment of their own, every suggestion accepted but the chosen finding's
        # (rejected: the text stays), the chosen comment resolved (with a reply when given).
        edited = tmp / "edited.docx"
        wr.add_own_comment(t.first, edited, _some_words(t.first), "这一段请再压缩一些")
        t.accepted = wr.decide_suggestions(edited, edited, reject_in={chosen["id"]})
        wr.resolve(edited, edited, chosen["id"], reply)
        t.edited = edited
        t.second = tmp / "second.reviewed.docx"
        t.code2, _, t.err2 = qc("check", edited, "--library", t.library, "--format", "docx", "--output", t.second,
                                "--decisions", t.store)
        t.comments2 = wr.comments(t.second)
        t.anchored2 = wr.anchored(t.second)
        t.concise = qc("check", edited, "--library", t.library, "--format", "concise", "--decisions", t.store)
        done[name] = t
    return done


def _some_words(path: Path) -> str:
    import docx

    return next(r.text for p in docx.Document(str(path)).paragraphs[1:] for r in p.runs if len(r.text) > 6)[:4]


def _trip(trips, name) -> Trip:
    if name not in trips:
        pytest.skip(f"{REALDATA} is not present")
    return trips[name]


def _param(names):
    return [pytest.param(n, marks=needs_realdata) if n in REALDATA_CASES else n for n in names]


@pytest.mark.parametrize("name", _param(CASES))
def test_the_second_check_has_no_error_and_says_what_was_decided(trips, name):
    t = _trip(trips, name)
    assert "[error]" not in t.concise[1] and t.concise[0] == 0, t.concise
    assert t.code2 == 0, t.err2
    assert "从 Word 批注读到 1 条编辑决定" in t.err2 and str(t.store) in t.err2
    assert "1 条发现已由编辑审阅" in t.err2


@pytest.mark.parametrize("name", _param(CASES))
def test_no_stale_or_duplicate_comment_and_the_editors_own_untouched(trips, name):
    t = _trip(trips, name)
    ours = [c for c in t.comments2 if c["author"] == "quotecheck"]
    fingerprints = [c["fingerprint"] for c in ours if c["fingerprint"]]
    assert len(fingerprints) == len(set(fingerprints))  # one comment per finding
    assert sum(c["summary"] for c in ours) == 1
    # What still holds is there once: the resolved finding's comment (kept, with the reply) and
    # the warnings no suggestion settles; nothing whose suggestion was accepted.
    accepted = {c["fingerprint"] for c in t.comments1 if c["fingerprint"] and c["id"] != t.chosen["id"]
                and any(tag in t.anchored1.get(c["id"], "") for tag in ("[+", "[-"))}
    assert not accepted & set(fingerprints)
    assert t.chosen["fingerprint"] in fingerprints
    own = [c for c in t.comments2 if c["author"] == "编辑乙"]
    assert [c["text"] for c in own] == ["这一段请再压缩一些"]
    mine_before = next(c for c in wr.comments(t.edited) if c["author"] == "编辑乙")
    assert t.anchored2[own[0]["id"]] == wr.anchored(t.edited)[mine_before["id"]]
    if t.chosen["rule"]:  # the reply, when there is one, is still the editor's
        replies = [c for c in t.comments2 if c["author"] == "编辑甲"]
        assert len(replies) == (0 if CASES[name][2] is None else 1)


@pytest.mark.parametrize("name", _param(CASES))
def test_the_resolved_finding_is_shown_as_reviewed_with_its_reason(trips, name):
    t = _trip(trips, name)
    summary = next(c["text"] for c in t.comments2 if c["summary"])
    assert "已审阅 1 处" in summary and t.reason in summary
    from checker.decisions import DecisionStore

    decision = DecisionStore(t.store).current()[t.chosen["fingerprint"]]
    assert decision.reason == t.reason and decision.surface == "docx" and decision.rule == t.rule
    assert decision.decision == ("dismissed" if (CASES[name][2] or "").startswith("忽略") else "checked")


def test_a_third_check_adds_nothing(trips, tmp_path):
    """Checking the second reviewed copy again: the same comments, no decision recorded twice."""
    t = trips["footnotes"]
    third = tmp_path / "third.docx"
    code, _, err = qc("check", t.second, "--library", t.library, "--format", "docx", "--output", third,
                      "--decisions", t.store)
    assert code == 0 and "编辑决定" not in err
    key = sorted((c["author"], c["rule"] or "", c["fingerprint"] or "") for c in wr.comments(third))
    assert key == sorted((c["author"], c["rule"] or "", c["fingerprint"] or "") for c in t.comments2)


@needs_soffice
def test_libreoffice_opens_every_reviewed_copy(trips, tmp_path):
    copies = [p for t in trips.values() for p in (t.first, t.second)]
    named = []
    for i, path in enumerate(copies):
        target = tmp_path / f"copy{i}.docx"
        shutil.copy(path, target)
        named.append(target)
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    subprocess.run(["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, named)], check=True, capture_output=True, timeout=300)
    for path in named:
        pdf = tmp_path / "pdf" / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 5000, path
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert len(re.sub(r"\s", "", text)) > 500
