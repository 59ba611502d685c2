"""The persistent index, batch checks in parallel, and the Dask path."""
import json
import shutil
import subprocess
import sys

import pytest

from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import mutate


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def _json(*args):
    result = cli("check", *args, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _index(db, *paths):
    result = cli("library", "index", *paths, "--db", db)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_verdicts_through_the_index_are_those_of_the_folder(tmp_path):
    db = tmp_path / "lib.db"
    _index(db, REPORT)
    assert _json(ARTICLE, "--library", db) == _json(ARTICLE, "--library", REPORT)


@needs_realdata
def test_verdicts_through_the_index_on_realdata(tmp_path):
    db = tmp_path / "lib.db"
    _index(db, REPORT, REALDATA / "library")
    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    for article in (ARTICLE, drifted):
        assert _json(article, "--library", db) == _json(article, "--library", REPORT, REALDATA / "library")


def test_incremental_update(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(REPORT, lib / "report.txt")
    (lib / "other.md").write_text("---\ntitle: 别的报道\ndate: 2025-04-26\n---\n\n别的正文，没有引文。\n", encoding="utf-8")
    db = tmp_path / "lib.db"
    assert "2 added, 0 updated, 0 unchanged, 0 removed" in _index(db, lib)
    assert "0 added, 0 updated, 2 unchanged, 0 removed" in _index(db, lib)
    # Change the report so the quotation no longer matches, and drop the other file.
    (lib / "report.txt").write_text(REPORT.read_text(encoding="utf-8").replace("有益、安全、公平", "有利、安全、公平"),
                                    encoding="utf-8")
    (lib / "other.md").unlink()
    assert "0 added, 1 updated, 0 unchanged, 1 removed" in _index(db, lib)
    report = json.loads(_json(ARTICLE, "--library", db))
    assert [s["id"] for s in report["library"]] == ["report.txt"]
    quote = next(q for q in report["quotations"] if q["line"] == 815)
    assert quote["status"] == "drift"
    assert _json(ARTICLE, "--library", db) == _json(ARTICLE, "--library", lib)


def test_index_refuses_to_overwrite_other_files(tmp_path):
    other = tmp_path / "notes.db"
    other.write_text("my notes", encoding="utf-8")
    result = cli("library", "index", REPORT, "--db", other)
    assert result.returncode == 2 and "is not a quotecheck index" in result.stderr
    assert other.read_text(encoding="utf-8") == "my notes"


def test_an_index_goes_alone(tmp_path):
    db = tmp_path / "lib.db"
    _index(db, REPORT)
    result = cli("check", ARTICLE, "--library", db, REPORT)
    assert result.returncode == 2 and "give it alone" in result.stderr


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / "clean.txt")
    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    shutil.move(drifted, folder / "drifted.txt")
    return folder


def test_batch_in_parallel_equals_one_by_one(batch, tmp_path):
    combined = json.loads(_json(batch, "--library", REPORT, "-j", "2"))
    assert combined["version"] == 1 and len(combined["reports"]) == 2
    for report in combined["reports"]:
        single = json.loads(_json(report["article"]["path"], "--library", REPORT))
        assert report == single
    statuses = {r["article"]["path"].rsplit("/", 1)[1]: [q["status"] for q in r["quotations"] if q["line"] == 815][0]
                for r in combined["reports"]}
    assert statuses == {"clean.txt": "verified", "drifted.txt": "drift"}


def test_batch_exit_code_and_per_article_reports(batch, tmp_path):
    out = tmp_path / "out"
    result = cli("check", str(batch / "*.txt"), "--library", REPORT, "-j", "2", "--format", "junit", "--output-dir", out)
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["clean.xml", "drifted.xml"]
    result = cli("check", batch / "clean.txt", batch / "missing.txt", "--library", REPORT, "--format", "concise")
    assert result.returncode == 2 and "missing.txt: no such file" in result.stderr


def test_batch_through_the_index(batch, tmp_path):
    db = tmp_path / "lib.db"
    _index(db, REPORT)
    assert _json(batch, "--library", db, "-j", "2") == _json(batch, "--library", REPORT, "-j", "1")


def test_dask_cluster_of_two_workers(batch):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = cli("check", batch, "--library", REPORT, "--scheduler", cluster.scheduler_address,
                     "--format", "json", "--fail-on", "never")
        assert result.returncode == 0, result.stderr
        assert result.stdout == _json(batch, "--library", REPORT, "-j", "1")


def test_unreachable_scheduler_is_a_clear_error(batch):
    pytest.importorskip("distributed")
    result = cli("check", batch, "--library", REPORT, "--scheduler", "tcp://127.0.0.1:1")
    assert result.returncode == 2 and "cannot reach the Dask scheduler" in result.stderr
