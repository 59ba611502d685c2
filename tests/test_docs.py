"""The documentation: a short README that keeps the two first-run commands, and every link between
README.md and docs/ pointing at a file and heading that exist."""
import re

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FIRST_RUN = [
    "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/quotecheck check "
    "seeds/000_d15156123a399bde.txt --library seeds/004_0cc289df36280051.txt --format html",
    'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest',
]


def _anchors(path) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
            for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def test_the_readme_keeps_the_first_run_commands_and_stays_short():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in FIRST_RUN:
        assert f"```\n{command}\n```" in readme
    assert len(readme.split("\n")) < 150  # the details live in docs/
    assert "docs/guide.zh.md" in readme and "docs/reference.md" in readme and "docs/development.md" in readme


def test_every_relative_link_names_a_file_and_heading_that_exist():
    links = 0
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            path = (doc.parent / file).resolve() if file else doc
            assert path.is_file(), f"{doc.name}: link to {target}: no such file"
            if anchor:
                assert anchor in _anchors(path), f"{doc.name}: link to {target}: no such heading"
            links += 1
    assert links >= 10


def test_the_editors_guide_is_in_chinese():
    guide = (ROOT / "docs" / "guide.zh.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```|`[^`]*`|\(.*?\)", "", guide, flags=re.S)
    han = sum("\u4e00" <= c <= "\u9fff" for c in prose)
    latin = sum(c.isascii() and c.isalpha() for c in prose)
    assert han > 5 * latin
