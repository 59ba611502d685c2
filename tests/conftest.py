import os
import shutil
from pathlib import Path

import pytest

# quotecheck speaks the language LANG asks for (en_* English); the tests expect its default, Chinese,
# whatever the machine's locale, and pass --lang en where they want English.
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

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


def _needs(present, what: str, required_fixture: str):
    """Run when `what` is installed; without it skip, or fail where the realdata is required (CI)."""
    if present:
        return pytest.mark.skipif(False, reason="")
    if REQUIRE_REALDATA:
        return pytest.mark.usefixtures(required_fixture)
    return pytest.mark.skip(reason=f"{what} is not installed")


# PDFs made at test time need LibreOffice; where the realdata is required (CI), so is LibreOffice.
needs_soffice = _needs(shutil.which("soffice"), "LibreOffice (soffice)", "soffice_is_required")


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
needs_browser = _needs(CHROMIUM and HAVE_PLAYWRIGHT, "chromium or Playwright for Python", "browser_is_required")


@pytest.fixture
def browser_is_required():
    pytest.fail("QUOTECHECK_REQUIRE_REALDATA is set but chromium or Playwright for Python is missing", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # Headless, and nothing fetched behind the tests' back (no updates, no sync, no background network).
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()
