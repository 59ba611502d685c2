import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_d15156123a399bde.txt"
REPORT = SEEDS / "004_0cc289df36280051.txt"
REALDATA = ROOT.parent / "shared" / "realdata"
if os.environ.get("QUOTECHECK_REALDATA"):
    REALDATA = Path(os.environ["QUOTECHECK_REALDATA"])

needs_realdata = pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not present")


@pytest.fixture(scope="session")
def seed_article():
    from checker.article import read_article
    from checker.read import read_text

    return read_article(read_text(str(ARTICLE)))


def raw_lines(path) -> list[str]:
    return Path(path).read_text(encoding="utf-8").split("\n")
