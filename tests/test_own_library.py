"""An article kept in its own library never verifies itself (issue 21, item 1).

Editors keep the article beside its sources (`check lib/art.md --library lib/`); before, the seed
gave 41 QC402 naming itself as a witness, and a commentary counted itself as the source of 31
quotations. The article is left out of the library by path, by bytes and by words, and one line
on stderr says so.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ARTICLE, REALDATA, REPORT, SEEDS, needs_realdata

COMMENTARY = REALDATA / "articles" / "10-人民日报讲AI治理：既给创新空间，也守伦理底线.md"


def check(article, *library, lang="zh", cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "COLUMNS")}
    out = subprocess.run([sys.executable, "-m", "checker", "check", str(article), "--library", *map(str, library),
                          "--format", "json", "--exit-zero", "--lang", lang],
                         capture_output=True, text=True, env=env, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out.stderr


def verdicts(report: dict) -> tuple:
    """What the check said, without the library listing (which differs by the article's own entry)."""
    def source(i):  # the copied library lies one folder down: reports/2026/… for 2026/…
        return i.removeprefix("reports/") if i else i

    quotes = [(q["line"], q["text"], q["status"], source(q.get("source")), [source(w["id"]) for w in q.get("found_in", [])])
              for q in report["quotations"]]
    findings = [(f["rule"], f["line"], f["message"]) for f in report["findings"]]
    return quotes, findings


def test_the_seed_in_the_seeds_folder_is_not_its_own_witness():
    alone, _ = check(ARTICLE, REPORT)
    inside, stderr = check(ARTICLE, SEEDS)
    assert verdicts(inside) == verdicts(alone)
    assert not [f for f in inside["findings"] if ARTICLE.name in f["message"]]
    assert inside["summary"]["library_sources"] == 1
    # said once, and only that: no warnings about the article read as a source (`no title found`)
    assert stderr.splitlines() == [f"quotecheck: 提示：资料库中的 {ARTICLE.name} 就是所查文章 {ARTICLE} 本身（同一文件或同样的文字），"
                     f"没有拿它来核对文章自己"]


def test_the_note_in_english():
    _, stderr = check(ARTICLE, SEEDS, lang="en")
    assert f"quotecheck: note: {ARTICLE.name} in the library is the article {ARTICLE} itself" in stderr


@needs_realdata
def test_a_commentary_in_its_own_library_by_path_bytes_and_words(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(REALDATA / "library", lib / "reports")
    article = lib / "art.md"
    shutil.copy(COMMENTARY, article)
    alone, _ = check(article, REALDATA / "library")
    assert alone["summary"]["status"]["verified"] >= 3
    # the article itself inside the folder it is checked against
    inside, stderr = check(article, lib)
    assert verdicts(inside) == verdicts(alone) and stderr.count("本身") == 1
    # a copy elsewhere (same bytes), and a copy whose frontmatter differs (same words)
    copy = tmp_path / "draft.md"
    shutil.copy(COMMENTARY, copy)
    assert verdicts(check(copy, lib)[0]) == verdicts(alone)
    retitled = lib / "retitled.md"
    retitled.write_text("---\ntitle: 另一个标题\n---\n" + COMMENTARY.read_text(encoding="utf-8").split("---", 2)[2],
                        encoding="utf-8")
    article.unlink()
    assert verdicts(check(copy, lib)[0]) == verdicts(alone)


@needs_realdata
def test_the_same_through_an_index(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(REALDATA / "library", lib / "reports")
    shutil.copy(COMMENTARY, lib / "art.md")
    db = tmp_path / "lib.db"
    built = subprocess.run([sys.executable, "-m", "checker", "library", "index", str(lib), "--db", str(db)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    alone, _ = check(COMMENTARY, REALDATA / "library")
    inside, stderr = check(lib / "art.md", db)
    assert verdicts(inside) == verdicts(alone) and stderr.count("本身") == 1
    assert inside["summary"]["library_sources"] == alone["summary"]["library_sources"]


def test_a_library_of_other_texts_is_untouched():
    _, stderr = check(ARTICLE, REPORT)
    assert "本身" not in stderr
