"""The decision store: append-only, latest decision per finding, safe for two processes, one line on a bad file."""
import multiprocessing
import sqlite3

import pytest

from checker.decisions import Decision, DecisionError, DecisionStore


def _decision(fp="fp1", decision="dismissed", reason="有意改写", when="2026-12-08T00:00:00Z", **kw):
    return Decision(fingerprint=fp, decision=decision, reason=reason, who=kw.pop("who", "编辑甲"), when=when,
                    context=kw.pop("context", "推动我国人工智能朝着有利、安全、公平方向"),
                    article=kw.pop("article", "a.docx"), surface=kw.pop("surface", "docx"), **kw)


def test_latest_decision_per_finding_and_history_oldest_first(tmp_path):
    store = DecisionStore(tmp_path / "d.sqlite")
    store.record(_decision("fp1", "checked", "", when="2026-12-08T00:00:01Z"))
    store.record(_decision("fp1", "dismissed", "原文另有版本", when="2026-12-08T00:00:02Z", rule="QC101"))
    store.record(_decision("fp2", "accepted", ""))
    current = store.current()
    assert set(current) == {"fp1", "fp2"}
    assert current["fp1"].decision == "dismissed" and current["fp1"].reason == "原文另有版本"
    assert current["fp1"].rule == "QC101"
    assert [d.decision for d in store.history("fp1")] == ["checked", "dismissed"]
    assert store.current(["fp2", "nope"]) == {"fp2": current["fp2"]}
    assert store.history("nope") == []


def test_reopened_undoes_a_decision_but_keeps_the_history(tmp_path):
    store = DecisionStore(tmp_path / "d.sqlite")
    store.record(_decision("fp1", "dismissed", "引自另一版本"))
    store.record(_decision("fp1", "reopened", ""))
    assert store.current() == {}
    assert [d.decision for d in store.history("fp1")] == ["dismissed", "reopened"]
    store.record(_decision("fp1", "checked", ""))
    assert store.current()["fp1"].decision == "checked"


def test_many_fingerprints_are_asked_in_chunks(tmp_path):
    store = DecisionStore(tmp_path / "d.sqlite")
    store.record_many([_decision(f"fp{i}", "checked", "") for i in range(1200)])
    assert len(store.current([f"fp{i}" for i in range(0, 1200, 2)])) == 600


def test_the_store_is_append_only(tmp_path):
    path = tmp_path / "d.sqlite"
    DecisionStore(path).record(_decision())
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE decisions SET reason = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM decisions")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_dismissal_needs_a_reason_and_decisions_are_known_words():
    with pytest.raises(DecisionError, match="reason"):
        _decision(decision="dismissed", reason="  ")
    with pytest.raises(DecisionError, match="unknown decision"):
        _decision(decision="ignored")


@pytest.mark.parametrize("content", [b"not a database at all, just text\n" * 40, b"SQLite format 3\x00" + b"\x00" * 84])
def test_a_damaged_file_is_refused_in_one_line(tmp_path, content):
    path = tmp_path / "d.sqlite"
    path.write_bytes(content)
    with pytest.raises(DecisionError) as info:
        DecisionStore(path).current()
    assert "decision store" in str(info.value) and "\n" not in str(info.value)


def test_another_sqlite_database_is_not_taken_for_a_store(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(DecisionError, match="another SQLite database"):
        DecisionStore(path)


def _writer(path, name, n):
    store = DecisionStore(path)
    for i in range(n):
        store.record(_decision(f"{name}{i}", "checked", "", who=name))


def test_two_processes_record_at_once(tmp_path):
    path = tmp_path / "d.sqlite"
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=_writer, args=(path, name, 40)) for name in ("docx", "web")]
    for p in procs:
        p.start()
    reader = DecisionStore(path)
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(reader.current()) == 80


def test_a_store_is_known_by_its_header(tmp_path):
    from checker.decisions import is_store_file

    DecisionStore(tmp_path / "d.sqlite").record(_decision())
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert is_store_file(tmp_path / "d.sqlite") and not is_store_file(other)
    assert not is_store_file(tmp_path / "absent.sqlite")
