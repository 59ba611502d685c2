"""The persistent index, batch checks in parallel, and the Dask path."""
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ARTICLE, REALDATA, REPORT, needs_realdata
from helpers import mutate


def cli(*args, cwd=None):
    if args[:2] == ("library", "index"):
        args += ("--lang", "en")  # these tests read its counts and warnings in English
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


def test_index_refuses_another_programs_database(tmp_path):
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers(name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = cli("library", "index", REPORT, "--db", other)
    assert result.returncode == 2 and "is not a quotecheck index" in result.stderr
    assert other.read_bytes() == before


def test_index_from_another_version_is_rebuilt(tmp_path):
    db = tmp_path / "lib.db"
    _index(db, REPORT)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    check = cli("check", ARTICLE, "--library", db)
    assert check.returncode == 2 and "another version" in check.stderr
    result = cli("library", "index", REPORT, "--db", db)
    assert result.returncode == 0 and "rebuilding" in result.stderr
    assert "1 added" in result.stdout + result.stderr
    assert _json(ARTICLE, "--library", db) == _json(ARTICLE, "--library", REPORT)


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
    assert result.returncode == 2 and "missing.txt: 文件不存在（no such file）" in result.stderr


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


def test_unreachable_scheduler_is_a_clear_error(batch, monkeypatch, capsys):
    import time

    from checker.cli import main

    distributed = pytest.importorskip("distributed")
    real = distributed.Client
    # The shipped connect timeout is for real networks; here 1 s says the same in a twentieth of the time.
    monkeypatch.setattr(distributed, "Client", lambda address, **kw: real(address, **{**kw, "timeout": "1s"}))
    start = time.monotonic()
    code = main(["check", str(batch), "--library", str(REPORT), "--scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in err and err.count("\n") == 1
    assert time.monotonic() - start < 10


# -- the index query never misses a source the folder pre-filter keeps ------------------------------
_ALPHABET = "人工智能发展治理合作安全"
_PIECES = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.text(alphabet=_ALPHABET, max_size=4)),
                   max_size=6)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=6, max_size=40), st.lists(_PIECES, min_size=1, max_size=10))
def test_probe_query_finds_every_source_the_prefilter_keeps(tmp_path_factory, quote, docs):
    """Sources made of pieces of the quotation and filler: the query must return a superset."""
    from checker.text.search import prepare, words_may_contain
    from checker.library.index import _SHARD_SCHEMA, _searchable, probe_query

    needle = prepare(quote)
    if not _searchable(needle):
        return
    texts = ["".join(quote[start:start + size] + filler for start, size, filler in pieces) for pieces in docs]
    conn = sqlite3.connect(str(tmp_path_factory.mktemp("shard") / "fts"))
    conn.executescript(_SHARD_SCHEMA)
    conn.executemany("INSERT INTO fts(rowid, words) VALUES (?, ?)", enumerate(texts, start=1))
    found = {row[0] for row in conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (probe_query(needle.probes),))}
    kept = {i for i, text in enumerate(texts, start=1) if words_may_contain(needle, text)}
    conn.close()
    assert kept <= found


def test_at_least_k_of_n_terms():
    from checker.library.index import _at_least

    assert _at_least(1, ["a"]) == "(a)"
    assert _at_least(2, ["a", "b", "c"]) == "((a AND (b OR (c))) OR (b AND c))"
    assert _at_least(3, ["a", "b", "c"]) == "(a AND b AND c)"


def test_a_build_interrupted_after_a_shard_was_stored_is_repaired(tmp_path):
    """The shard holds rows the main file never recorded: the next build replaces them."""
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(REPORT, lib / "report.txt")
    db = tmp_path / "lib.db"
    _index(db, lib)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM titles")
    conn.execute("DELETE FROM sources")  # as if the main file's transaction never committed
    conn.commit()
    conn.close()
    assert "1 added" in _index(db, lib)
    assert _json(ARTICLE, "--library", db) == _json(ARTICLE, "--library", lib)


# -- a witness that holds exactly the minimum number of probes --------------------------------------
_QUOTE = "必须坚持把科技自立自强作为国家发展的战略支撑，加快建设世界科技强国，全面提升自主创新能力"
_FARM = ("---\ntitle: 关于推进农业现代化的报道\ndate: 2025-03-01\n---\n\n# 关于推进农业现代化的报道\n\n"
         "会议指出，要加快建设农业强国，推进乡村全面振兴，保障粮食安全和重要农产品稳定供给。\n")
# The speech as another paper printed it: three characters differ (秉持, 自立图强, 发展之战略), one in each
# of the quotation's first three probes, so it holds exactly the three of six the pre-filter asks for.
_SPEECH = ("---\ntitle: 关于科技创新的讲话\ndate: 2025-02-01\n---\n\n# 关于科技创新的讲话\n\n"
           "讲话强调，必须秉持把科技自立图强作为国家发展之战略支撑，加快建设世界科技强国，全面提升自主创新能力。\n")


def test_index_finds_a_witness_holding_exactly_the_minimum_number_of_probes(tmp_path):
    from checker.library.index import build_index
    from checker.text.normalise import fold, strip_punct
    from checker.text.search import prepare, probes_required
    from helpers import check_files

    needle = prepare(_QUOTE)
    speech_words = strip_punct(fold(_SPEECH))
    held = [p for p in needle.probes if p in speech_words]
    assert len(needle.probes) == 6 and len(held) == probes_required(6) == 3
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "farm.md").write_text(_FARM, encoding="utf-8")
    (lib / "speech.md").write_text(_SPEECH, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(f"文章写道，“{_QUOTE}”［1］。\n\n［1］《关于推进农业现代化的报道》，《人民日报》2025年3月1日。\n",
                       encoding="utf-8")
    db = tmp_path / "lib.db"
    build_index([str(lib)], str(db), workers=2)
    verdicts = {}
    for name, library in (("folder", lib), ("index", db)):
        result, findings = check_files(article, [library])
        verdicts[name] = ([(r.status, [w.source.id for w in r.witnesses]) for r in result.quotes],
                          [(f.rule, f.line) for f in findings])
    assert verdicts["folder"] == ([("misattributed", ["speech.md"])], [("QC301", 1)])
    assert verdicts["index"] == verdicts["folder"]


def test_a_moved_project_keeps_its_index_paths(tmp_path):
    """Source paths are stored relative to the index file: a project moved (index and sources
    together) and checked from another folder names files that exist, and re-indexing finds them
    unchanged."""
    import json
    import shutil

    project = tmp_path / "journal"
    (project / "archive").mkdir(parents=True)
    shutil.copy(REPORT, project / "archive")
    done = cli("library", "index", "archive", "--db", "archive.db", cwd=project)
    assert done.returncode == 0, done.stderr
    moved = tmp_path / "elsewhere" / "journal"
    moved.parent.mkdir()
    shutil.move(str(project), str(moved))
    done = cli("check", ARTICLE, "--library", "elsewhere/journal/archive.db", "--format", "json",
               "--fail-on", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    paths = [source["path"] for source in json.loads(done.stdout)["library"]]
    assert paths == ["elsewhere/journal/archive/" + REPORT.name] and (tmp_path / paths[0]).is_file()
    done = cli("library", "index", "archive", "--db", "archive.db", cwd=moved)
    assert done.returncode == 0 and "1 unchanged" in done.stderr, done.stderr
