"""README features of the command line: baselines, `rules`, `explain`, the size limit, the GitHub cap,
a closed pipe and an interrupt."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from conftest import ARTICLE, REPORT, ROOT
from helpers import mutate


def cli(*args, cwd=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=full_env)


def _concise(result):
    """(line, rule) of each concise line `path:line:col: CODE [severity] message`."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"^.*?:(\d+):\d+: (QC\d+) ", result.stdout, re.M)]


# -- baselines --------------------------------------------------------------------------------------
def test_baseline_hides_recorded_findings_and_shows_new_ones(tmp_path):
    drifted = mutate(tmp_path, ARTICLE, 815, "有益", "有利")
    baseline = tmp_path / "baseline.json"
    first = cli("check", drifted, "--library", REPORT, "--format", "concise", "--write-baseline", baseline)
    assert first.returncode == 0  # writing a baseline records today's findings; it does not gate
    assert (815, "QC101") in _concise(first)
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["version"] == 1
    assert sorted(e["rule"] for e in recorded["findings"]) == sorted(["QC101"] + ["QC401"] * 25)
    assert all("line" not in e for e in recorded["findings"])

    again = cli("check", drifted, "--library", REPORT, "--format", "concise", "--baseline", baseline)
    assert again.returncode == 0 and _concise(again) == []

    # Two lines added at the top move every finding; the baseline keys on words, not lines.
    moved = tmp_path / "moved.txt"
    moved.write_text("编者按\n\n" + drifted.read_text(encoding="utf-8"), encoding="utf-8")
    assert _concise(cli("check", moved, "--library", REPORT, "--format", "concise", "--baseline", baseline)) == []

    # A new drift elsewhere is reported, alone, at its line.
    (tmp_path / "w").mkdir()
    worse = mutate(tmp_path / "w", drifted, 996, "集中力量攻克", "集中力量全力攻克")
    result = cli("check", worse, "--library", REPORT, "--format", "concise", "--baseline", baseline)
    assert result.returncode == 1
    assert _concise(result) == [(996, "QC101")]


def test_a_file_that_is_not_a_baseline_is_exit_2(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text('{"something": []}', encoding="utf-8")
    result = cli("check", ARTICLE, "--library", REPORT, "--baseline", bad)
    assert result.returncode == 2 and result.stdout == ""
    assert f"{bad}" in result.stderr and "not a quotecheck baseline" in result.stderr
    assert result.stderr.count("\n") == 1


# -- rules and explain -------------------------------------------------------------------------------
def _rule_files():
    import tomllib

    rules = {}
    for path in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(path.read_text(encoding="utf-8"))["rule"]:
            rules[rule["code"]] = rule
    return rules


def test_rules_lists_every_shipped_rule_with_its_severity():
    result = cli("rules", "--lang", "en")
    assert result.returncode == 0, result.stderr
    listed = {}
    for line in result.stdout.splitlines():
        code, name, category, severity = line.split()[:4]
        listed[code] = (name, category, severity)
    shipped = {code: (r["name"], r["category"], r["severity"]) for code, r in _rule_files().items()}
    assert listed == shipped and len(listed) >= 20
    zh = {line.split()[0]: line.split()[2:4] for line in cli("rules").stdout.splitlines()}  # editors read Chinese
    assert zh["QC101"] == ["措辞", "错误"] and zh["QC201"] == ["日期", "错误"] and zh["QC306"] == ["出处", "警告"]
    assert zh["QC401"] == ["覆盖", "提示"]


def test_rules_shows_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.quotecheck.rule.QC306]\nseverity = "error"\n'
                                             '[tool.quotecheck.rule.also-found-elsewhere]\nenabled = false\n',
                                             encoding="utf-8")
    lines = {line.split()[0]: line for line in cli("rules", "--lang", "en", cwd=tmp_path).stdout.splitlines()}
    assert lines["QC306"].split()[3] == "error"
    assert lines["QC406"].endswith("(off)") and not lines["QC101"].endswith("(off)")
    lines = {line.split()[0]: line for line in cli("rules", cwd=tmp_path).stdout.splitlines()}
    assert lines["QC306"].split()[3] == "错误" and lines["QC406"].endswith("（已关闭）")


def test_reference_rule_table_is_the_shipped_rules():
    readme = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    table = {m.group(1): (m.group(2), m.group(3), m.group(4))
             for m in re.finditer(r"^\| (QC\d{3}) \| ([a-z-]+) \| (\w+) \| (\w+) \|$", readme, re.M)}
    assert table == {code: (r["name"], r["category"], r["severity"]) for code, r in _rule_files().items()}


def test_explain_by_code_and_by_name():
    rule = _rule_files()["QC101"]
    for key in ("QC101", "quote-wording-changed"):
        result = cli("explain", key)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("QC101 quote-wording-changed (drift, error)")
        assert rule["summary"] in result.stdout and rule["doc"] in result.stdout
        assert "evaluator: wording" in result.stdout and "drift.toml" in result.stdout


def test_explain_an_unknown_rule_is_exit_2():
    result = cli("explain", "QC999")
    assert result.returncode == 2 and result.stdout == "" and "QC999" in result.stderr
    assert result.stderr.count("\n") == 1


# -- the 64 MB limit -----------------------------------------------------------------------------------
def test_inputs_above_64_mb_are_refused_naming_the_limit(tmp_path):
    from checker.read import MAX_BYTES

    assert MAX_BYTES == 64 * 2**20  # the figure in docs/development.md (Limits)
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_BYTES + 1)
    result = cli("check", big, "--library", REPORT)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"{big}" in result.stderr and "above the 64 MB limit" in result.stderr
    # At the limit the file is read (and refused for what it holds, not for its size).
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES)
    result = cli("check", big, "--library", REPORT)
    assert result.returncode == 2 and "limit" not in result.stderr and "binary" in result.stderr


def test_a_library_source_above_64_mb_is_skipped_with_a_warning(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "report.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    with open(lib / "huge.md", "wb") as handle:
        handle.truncate(64 * 2**20 + 1)
    result = cli("check", ARTICLE, "--library", lib, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "huge.md" in result.stderr and "above the 64 MB limit" in result.stderr
    assert [s["id"] for s in json.loads(result.stdout)["library"]] == ["report.txt"]


# -- GitHub annotations are capped at 50 ---------------------------------------------------------------
def test_github_annotations_stop_at_50_and_the_summary_has_all(tmp_path):
    article = tmp_path / "open.txt"
    article.write_text("\n\n".join(f"第{i}段说：“没有结束的引文{i}。" for i in range(60)) + "\n", encoding="utf-8")
    findings = json.loads(cli("check", article, "--library", REPORT, "--format", "json").stdout)["findings"]
    assert len(findings) > 50
    summary = tmp_path / "summary.md"
    result = cli("check", article, "--library", REPORT, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if re.match(r"::(error|warning|notice) file=", line)]
    assert len(annotations) == 50
    assert [int(re.search(r",line=(\d+),", a).group(1)) for a in annotations] == [f["line"] for f in findings[:50]]
    assert lines[50:] == [f"::notice::quotecheck: {len(findings) - 50} more findings are in the step summary"]
    table = summary.read_text(encoding="utf-8")
    assert all(f"第 {f['line']} 行" in table for f in findings if f["rule"] == "QC405")


# -- a closed pipe and an interrupt -----------------------------------------------------------------------
@pytest.mark.parametrize("read_first", [True, False])
@pytest.mark.parametrize("drift, code", [(False, 0), (True, 1)])
def test_a_reader_that_closes_the_pipe_gets_a_quiet_exit_with_the_verdict(tmp_path, drift, code, read_first):
    # `quotecheck … | head` or `| true` in a gate under `set -o pipefail`: the findings decide the
    # exit code, not whether the reader read to the end (a reader gone before the first write once
    # gave 0 for an article with errors).
    source = mutate(tmp_path, ARTICLE, 815, "有益", "有利") if drift else ARTICLE
    article = tmp_path / "long.txt"
    article.write_text(source.read_text(encoding="utf-8") * 3, encoding="utf-8")  # JSON far above a pipe's 64 KB
    proc = subprocess.Popen([sys.executable, "-m", "checker", "check", str(article), "--library", str(REPORT),
                             "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if read_first:
        assert proc.stdout.read(20).startswith(b'{\n  "version": 1')
    proc.stdout.close()  # as `| head` does after its lines, `| true` at once
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == code
    assert err == ""  # no traceback, no "Exception ignored"


def test_an_interrupt_is_one_line_and_exit_2(tmp_path):
    fifo = tmp_path / "source.md"
    os.mkfifo(fifo)
    # SIGINT as at a terminal: a background job (`cmd &` in a script, CI runners) inherits it ignored.
    proc = subprocess.Popen([sys.executable, "-m", "checker", "check", str(ARTICLE), "--library", str(fifo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 90  # a start-up on a loaded machine can take long
    while True:  # the writer end opens once quotecheck is reading the source: it is in the middle of a run
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"quotecheck never read the source: {proc.communicate()}")
            time.sleep(0.05)
    try:
        # The writer can open in the instant between the reader's open and its Python-level wait;
        # a signal landing there is taken when the wait starts, which on a loaded machine has been
        # seen to miss it (1 run in 3). An editor presses Ctrl-C again: so does the test, at most twice.
        for _ in range(3):
            proc.send_signal(signal.SIGINT)
            try:
                out, err = proc.communicate(timeout=30)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            proc.kill()
            raise AssertionError(f"quotecheck went on after SIGINT: {proc.communicate()}")
    finally:
        os.close(writer)
    assert (proc.returncode, err.decode().splitlines()[-1:], out) == (2, ["quotecheck: 已中断（interrupted）"], b""), err
    assert "Traceback" not in err.decode()
