import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_d15156123a399bde.txt"
REPORT = SEEDS / "004_0cc289df36280051.txt"
REALDATA = ROOT.parent / "shared" / "realdata"
if os.environ.get("QUOTECHECK_REALDATA"):
    REALDATA = Path(os.environ["QUOTECHECK_REALDATA"])

# Without ../shared/realdata these tests skip; in CI (QUOTECHECK_REQUIRE_REALDATA=1, set by .ci/run) they fail.
REQUIRE_REALDATA = os.environ.get("QUOTECHECK_REQUIRE_REALDATA", "") not in ("", "0")
if REALDATA.is_dir():
    needs_realdata = pytest.mark.skipif(False, reason="")  # present: run
elif REQUIRE_REALDATA:
    needs_realdata = pytest.mark.usefixtures("realdata_is_required")
else:
    needs_realdata = pytest.mark.skip(reason=f"{REALDATA} is not present")


# PDFs made at test time need LibreOffice; where the realdata is required (CI), so is LibreOffice.
if shutil.which("soffice"):
    needs_soffice = pytest.mark.skipif(False, reason="")
elif REQUIRE_REALDATA:
    needs_soffice = pytest.mark.usefixtures("soffice_is_required")
else:
    needs_soffice = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")


@pytest.fixture
def soffice_is_required():
    pytest.fail("QUOTECHECK_REQUIRE_REALDATA is set but LibreOffice (soffice) is not installed", pytrace=False)


@pytest.fixture
def realdata_is_required():
    pytest.fail(f"QUOTECHECK_REQUIRE_REALDATA is set but {REALDATA} is not a folder", pytrace=False)


@pytest.fixture(scope="session")
def seed_article():
    from checker.article import read_article
    from checker.read import read_text

    return read_article(read_text(str(ARTICLE)))


def raw_lines(path) -> list[str]:
    return Path(path).read_text(encoding="utf-8").split("\n")


# Browser tests drive Debian's chromium through Playwright for Python (never `playwright install`:
# the browser is the system's). Without either they skip; where the realdata is required (CI) they fail.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    import playwright.sync_api  # noqa: F401
    HAVE_PLAYWRIGHT = True
except ImportError:
    HAVE_PLAYWRIGHT = False
if CHROMIUM and HAVE_PLAYWRIGHT:
    needs_browser = pytest.mark.skipif(False, reason="")
elif REQUIRE_REALDATA:
    needs_browser = pytest.mark.usefixtures("browser_is_required")
else:
    needs_browser = pytest.mark.skip(reason="chromium or Playwright for Python is not installed")


@pytest.fixture
def browser_is_required():
    pytest.fail("QUOTECHECK_REQUIRE_REALDATA is set but chromium or Playwright for Python is missing", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()
