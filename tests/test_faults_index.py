"""Fault injection on the library index (issue 15, items 3-7): kill -9 during builds and updates,
damaged shards and main files, hot journals, checks during an update, two index runs at once.

Every check must give exactly the verdicts of the folder (the old library's or the new one's)
or exit 2 with one line that says to run `library index`; the next `library index` must leave
a correct index. The library is the seed report among 2,000 generated one-sentence reports, so
a build takes about a second. The long version: QUOTECHECK_FAULT_ROUNDS=N (random kills of each
kind, default 1) and QUOTECHECK_FAULT_FILES=N (default 2000), or `python bench/robustness.py
--faults ROUNDS` (20,000 files).
"""
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import REPORT

ROUNDS = int(os.environ.get("QUOTECHECK_FAULT_ROUNDS", "1"))
FILES = int(os.environ.get("QUOTECHECK_FAULT_FILES", "2000"))


def index(lib, db, failpoint=None):
    """`quotecheck library index` in its own process (it is the one we kill)."""
    env = dict(os.environ, QUOTECHECK_FAILPOINT=failpoint or "")
    result = subprocess.run([sys.executable, "-m", "checker", "library", "index", str(lib), "--db", str(db), "--lang", "en"],
                            capture_output=True, text=True, env=env)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result


def wait_for_pause(run):
    """Read the run's stderr up to the line saying it paused at its failpoint."""
    for line in run.stderr:
        if "paused at" in line:
            return
    raise AssertionError("the update ended before its failpoint")


def start_index(lib, db, failpoint=None, stderr=subprocess.DEVNULL):
    env = dict(os.environ, QUOTECHECK_FAILPOINT=failpoint or "")
    return subprocess.Popen([sys.executable, "-m", "checker", "library", "index", str(lib), "--db", str(db), "--lang", "en"],
                            stdout=subprocess.DEVNULL, stderr=stderr, text=True, env=env)


# One quotation of the seed report with its footnote: the update below turns its verdict to drift.
ARTICLE_TEXT = ("习近平强调，要“推动我国人工智能朝着有益、安全、公平方向健康有序发展”［1］。\n\n"
                "［1］《坚持自立自强 突出应用导向 推动人工智能健康有序发展》，《人民日报》2025 年 4 月 27 日。\n")


class Checker:
    """`quotecheck check ARTICLE --library X --format json` in this process (a check costs no start-up)."""

    def __init__(self, capsys, article):
        self.capsys = capsys
        self.article = article

    def __call__(self, library):
        from checker.cli import main

        self.capsys.readouterr()
        code = main(["check", str(self.article), "--library", str(library), "--format", "json", "--fail-on", "never",
                     "--lang", "en"])
        out, err = self.capsys.readouterr()
        assert "internal error" not in err and "Traceback" not in err, err
        return code, out, err


@pytest.fixture
def check(capsys, states):
    return Checker(capsys, states.article)


def make_library(folder, files):
    """The seed report among `files` generated one-sentence reports, each text its own."""
    folder.mkdir(parents=True)
    shutil.copy(REPORT, folder / "report.txt")
    sentences = [s for s in REPORT.read_text(encoding="utf-8").split("。") if len(s) > 8]
    rng = random.Random(1)
    for i in range(files):
        (folder / f"r{i:05d}.md").write_text(f"---\ntitle: 报道{i}\ndate: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                                             f"---\n\n{rng.choice(sentences)}，编号{i}。\n", encoding="utf-8")
    return folder


def change_library(folder):
    """An update that matters: the quoted report changes a word (a verdict flips); others change or go."""
    report = folder / "report.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("有益、安全、公平", "有利、安全、公平"),
                      encoding="utf-8")
    rng = random.Random(2)
    names = sorted(p.name for p in folder.glob("r*.md"))
    for name in rng.sample(names, len(names) // 10):
        (folder / name).unlink()
    for name in rng.sample(names, len(names) // 10):
        if (folder / name).exists():
            with open(folder / name, "a", encoding="utf-8") as handle:
                handle.write("又一句。\n")


class States:
    """One library folder (always at the same path, which the JSON names) in two states, and the
    folder's verdicts in each."""

    def __init__(self, root, capsys):
        self.article = root / "article.txt"
        self.article.write_text(ARTICLE_TEXT, encoding="utf-8")
        self.lib = root / "lib"
        self.sources = [make_library(root / "old", FILES), root / "new"]
        shutil.copytree(self.sources[0], self.sources[1])
        change_library(self.sources[1])
        self.json = []
        check = Checker(capsys, self.article)
        for which in (0, 1):
            code, out, err = check(self.put(which))
            assert code == 0, err
            self.json.append(out)
        assert self.json[0] != self.json[1]  # the update changes a verdict

    def put(self, which):
        """The library folder in state `which`: a symbolic link swapped in one rename."""
        link = self.lib.with_name("lib.new")
        link.unlink(missing_ok=True)
        link.symlink_to(self.sources[which], target_is_directory=True)
        os.replace(link, self.lib)
        return self.lib


_STATES = {}


@pytest.fixture
def states(tmp_path_factory, capsys):
    if "states" not in _STATES:
        _STATES["states"] = States(tmp_path_factory.mktemp("faults"), capsys)
    return _STATES["states"]


def same_as_a_folder(result, states, allowed=(0, 1)):
    """A check through the index gave one folder's verdicts exactly, or refused in one line."""
    code, out, err = result
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "library index" in lines[0], err
        return "refused"
    assert code == 0, err
    assert out in [states.json[i] for i in allowed], "a check through the index gave verdicts that no folder gives"
    return states.json.index(out)


# -- 3: kill -9 at every step of an update, and at random moments -----------------------------------
def test_an_update_killed_at_each_step_leaves_old_or_new_never_a_mix(tmp_path, states, check):
    db = tmp_path / "lib.db"
    assert index(states.put(0), db).returncode == 0
    now = 0
    for point in ["shards-written", "before-switch", "switched"]:
        target = 1 - now
        assert index(states.put(target), db, failpoint=point).returncode == -9
        expected = target if point == "switched" else now
        assert same_as_a_folder(check(db), states) in (expected, "refused")
        repaired = index(states.lib, db)
        assert repaired.returncode == 0, repaired.stderr
        assert check(db) == (0, states.json[target], "")
        now = target


def test_builds_and_updates_killed_at_random_moments(tmp_path, states, check):
    rng = random.Random(int(os.environ.get("QUOTECHECK_FAULT_SEED", "15")))
    db = tmp_path / "lib.db"
    start = time.monotonic()
    assert index(states.put(0), db).returncode == 0
    seconds = time.monotonic() - start
    seen = []
    for _ in range(ROUNDS):
        for which in (1, 0):
            lib = states.put(which)
            if rng.random() < 0.3:  # sometimes a first build
                for path in tmp_path.glob("lib.db*"):
                    path.unlink()
            run = start_index(lib, db)
            time.sleep(rng.uniform(0.1, seconds))
            run.kill()  # SIGKILL: no cleanup of any kind
            run.wait()
            if db.exists():
                seen.append(same_as_a_folder(check(db), states))
            repaired = index(lib, db)
            assert repaired.returncode == 0, repaired.stderr
            assert check(db) == (0, states.json[which], "")
    print("checks after a kill:", seen)


# -- 4, 7: a missing, empty, truncated or scribbled shard; a damaged main file ----------------------
def damage(path, how, rng):
    size = path.stat().st_size
    if how == "delete":
        path.unlink()
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "truncate":
        with open(path, "r+b") as handle:
            handle.truncate(rng.randrange(100, size - 1))
    elif how == "header":
        with open(path, "r+b") as handle:
            handle.write(os.urandom(100))
    elif how == "scribble":  # 4 KB of garbage somewhere past the header
        with open(path, "r+b") as handle:
            handle.seek(rng.randrange(4096, size - 4096))
            handle.write(os.urandom(4096))


SAYS = {"delete": "missing", "empty": "empty", "truncate": "truncated", "header": "not an SQLite file",
        "older copy": "older or newer than its index"}


def test_damaged_shards_are_refused_by_check_and_rebuilt_by_index(tmp_path, states, check):
    db = tmp_path / "lib.db"
    lib = states.put(0)
    assert index(lib, db).returncode == 0
    shutil.copy(tmp_path / "lib.db-fts1", tmp_path / "backup")
    rng = random.Random(4)
    for how in ["delete", "empty", "truncate", "header", "older copy"] + ["scribble"] * ROUNDS:
        if how == "older copy":  # a shard restored from a copy taken generations ago
            shutil.copy(tmp_path / "backup", tmp_path / "lib.db-fts1")
        else:
            damage(tmp_path / "lib.db-fts1", how, rng)
        code, out, err = check(db)
        if how != "scribble":  # a scribble may land where nothing this check reads lies
            assert code == 2 and "lib.db-fts1" in err, (how, err)
            assert SAYS[how] in err, (how, err)  # what is wrong, as the header shows it
        same_as_a_folder((code, out, err), states, allowed=(0,))
        repaired = index(lib, db)
        assert repaired.returncode == 0 and "unchanged" in repaired.stderr, repaired.stderr
        if how not in ("scribble", "older copy"):
            assert "rebuilding this shard" in repaired.stderr, (how, repaired.stderr)
        assert check(db) == (0, states.json[0], ""), how


def test_a_changed_byte_inside_a_stored_text_is_repaired_by_the_remedy_the_check_names(tmp_path, states, check):
    """A byte of a text overwritten in place: the file stays sound SQLite, only the checksum shows it."""
    db = tmp_path / "lib.db"
    lib = states.put(0)
    assert index(lib, db).returncode == 0
    words = "有益、安全、公平".encode()
    for shard in sorted(tmp_path.glob("lib.db-fts*")):
        data = shard.read_bytes()
        if words in data:
            at = data.index(words)
            with open(shard, "r+b") as handle:  # 益 (E7 9B 8A) becomes 盖 (E7 9B 96): one byte
                handle.seek(at + len("有".encode()) + 2)
                handle.write(b"\x96")
            break
    else:
        raise AssertionError("the report's words are in no shard")
    code, out, err = check(db)
    assert code == 2 and "does not match its checksum" in err and "library index" in err, err
    repaired = index(lib, db)  # before: "unchanged", and the check kept refusing
    assert repaired.returncode == 0 and "stored texts fail their checksums); rebuilding this shard" in repaired.stderr
    assert check(db) == (0, states.json[0], "")


@pytest.mark.parametrize("made", ["no tables", "meta only", "meta and sources, empty"])
def test_a_first_build_killed_while_making_its_tables_is_named_and_rebuilt(tmp_path, states, check, made):
    """Found by bench/robustness.py: a kill -9 between two CREATE TABLEs left a main file that
    check called 'not a quotecheck index' and library index refused as another program's."""
    db = tmp_path / "lib.db"
    lib = states.put(0)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    if made == "no tables":
        conn.execute("DROP TABLE meta")
    elif made.startswith("meta and sources"):
        conn.execute("CREATE TABLE sources(rowid INTEGER PRIMARY KEY, id TEXT)")
    conn.commit()
    conn.close()
    code, out, err = check(db)
    assert code == 2 and "first build was interrupted" in err and "library index" in err, err
    repaired = index(lib, db)
    assert repaired.returncode == 0, repaired.stderr
    assert check(db) == (0, states.json[0], "")


def test_a_damaged_main_file_is_one_line_and_rebuilt(tmp_path, states, check):
    db = tmp_path / "lib.db"
    lib = states.put(0)
    assert index(lib, db).returncode == 0
    for how in ["empty", "truncate", "header"]:
        damage(db, how, random.Random(how))
        code, out, err = check(db)
        assert code == 2 and "lib.db" in err and "library index" in err, (how, err)
        assert len(err.strip().splitlines()) == 1
        repaired = index(lib, db)
        assert repaired.returncode == 0, repaired.stderr
        assert check(db) == (0, states.json[0], ""), how


# -- 5: a hot journal after kill -9 ------------------------------------------------------------------
def test_a_hot_journal_is_rolled_back_by_index_and_named_by_check(tmp_path, states, check):
    """A writer killed inside a transaction of the main file leaves a hot journal."""
    db = tmp_path / "lib.db"
    lib = states.put(0)
    assert index(lib, db).returncode == 0
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child dies by SIGKILL
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")  # spill: pages of the main file are overwritten before a commit
        conn.execute("BEGIN")
        conn.execute("UPDATE sources SET date = '1900-01-01'")
        conn.execute("DELETE FROM titles")
        os.kill(os.getpid(), 9)
    os.waitpid(pid, 0)
    assert (tmp_path / "lib.db-journal").stat().st_size > 0
    code, out, err = check(db)
    assert code == 2 and "interrupted" in err and "library index" in err, err
    repaired = index(lib, db)
    assert repaired.returncode == 0 and "0 added, 0 updated" in repaired.stderr, repaired.stderr
    assert "not a quotecheck index" not in repaired.stderr and "another version" not in repaired.stderr
    assert check(db) == (0, states.json[0], "")


# -- 6: two index runs at once; checks while an update runs --------------------------------------------
def test_two_index_runs_at_once(tmp_path, states, check):
    db = tmp_path / "lib.db"
    lib = states.put(0)
    assert index(lib, db).returncode == 0
    # Paused long enough for the second run to start and reach the lock on a loaded machine.
    first = start_index(states.put(1), db, failpoint="shards-written:8", stderr=subprocess.PIPE)
    wait_for_pause(first)
    second = index(lib, db)
    assert second.returncode == 2 and f"(pid {first.pid}) is updating this index" in second.stderr, second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert first.wait() == 0
    assert check(db) == (0, states.json[1], "")


def test_checks_during_an_update_see_the_old_library_then_the_new(tmp_path, states, check):
    """Checks while an update is paused between its steps: the old library before the switch, the
    new one after it; and checks racing an update that runs freely: one or the other, never a mix."""
    db = tmp_path / "lib.db"
    assert index(states.put(0), db).returncode == 0
    updater = start_index(states.put(1), db, failpoint="shards-written:1", stderr=subprocess.PIPE)
    wait_for_pause(updater)
    assert check(db) == (0, states.json[0], "")
    assert updater.wait() == 0
    updater = start_index(states.put(0), db, failpoint="switched:1", stderr=subprocess.PIPE)
    wait_for_pause(updater)
    assert check(db) == (0, states.json[0], "")  # switched back: the new library is the first one
    assert updater.wait() == 0
    updater = start_index(states.put(1), db)
    outcomes = []
    while updater.poll() is None or not outcomes:
        outcomes.append(same_as_a_folder(check(db), states))
    assert updater.wait() == 0
    assert check(db) == (0, states.json[1], "")
    print("checks racing the update:", outcomes)
