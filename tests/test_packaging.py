"""The package installed the ordinary way (a wheel, as `pip install .` or pipx builds it) runs on its own:
it carries the shipped rule files, and every file it needs at run time, not only the editable checkout."""
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ARTICLE, REPORT, ROOT


# Not copied: what is not part of the source (an earlier build's build/lib would hide a missing build step).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".hypothesis", "reports", "bench", "tests", "seeds")


def _build_wheel(out: Path) -> Path:
    """Build as pip does for `pip install .`, from a clean copy of the checkout."""
    source = out / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(out)],
                            capture_output=True, text=True, cwd=out)
    assert result.returncode == 0, result.stderr
    (wheel,) = out.glob("quotecheck-*.whl")
    return wheel


def test_the_wheel_carries_the_rule_files_and_checks_the_seed_without_the_checkout(tmp_path):
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = {name.rsplit("/", 1)[1]: archive.read(name) for name in names
                   if name.startswith("checker/shipped_rules/") and name.endswith(".toml")}
        archive.extractall(tmp_path / "site")
    assert shipped == {path.name: path.read_bytes() for path in (ROOT / "rules").glob("*.toml")}
    assert not any(name.startswith(("rules/", "tests/")) for name in names)  # nothing beside the package
    assets = {str(p.relative_to(ROOT)) for p in (ROOT / "checker").rglob("*")
              if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert assets <= names, assets - names  # every template and static file the reports and the web app read
    # Run from the unpacked wheel, placed before the editable checkout on sys.path, from a folder where no
    # rules/ lies beside it: what a `pip install .` user gets.
    run = ("import sys; sys.path.insert(0, sys.argv[1]); import checker; "
           "assert checker.__file__.startswith(sys.argv[1]), checker.__file__; "
           "from checker.cli import main; sys.exit(main(sys.argv[2:]))")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_STEP_SUMMARY")}
    result = subprocess.run([sys.executable, "-c", run, str(tmp_path / "site"), "check", str(ARTICLE),
                             "--library", str(REPORT), "--format", "concise"],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "错误 0，警告 0" in summary and "可核对的 9 处引文中 9 处与原文一致" in summary, summary


def test_package_data_under_checker_is_shipped_by_the_manifest():
    """Templates and static files that a report or the web app adds under checker/ go into the wheel
    without a per-file list: MANIFEST.in grafts checker/ and pyproject includes package data."""
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").split("\n")
    assert "graft checker" in manifest and "graft rules" in manifest
    assert "include-package-data = true" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
