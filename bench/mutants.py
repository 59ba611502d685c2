"""Benchmark of the test suite (not a test): plant one fault at a time in `checker/` and see whether the suite notices.

    python bench/mutants.py [--per-group 15] [--jobs 2] [--seed 1] [--timeout 400] [--out mutants.json]
    python bench/mutants.py --replay mutants.json [--only-survivors]   (the same faults on today's code)

Faults are made on the syntax tree of each target module, one per mutant, each the kind of slip a
person makes: a comparison turned (< for <=, == for !=, in for not in), `and` for `or`, a `not`
dropped, a condition inverted, a number off by one (a float 10 % lower, 0.0 made 1.0), True for False,
+ for - next to a number. From every group of modules (below) a fixed random sample is taken
(--seed), so runs are comparable. Each mutant is written into a fresh copy of the repository and
the whole suite runs against it with `-x` (the tests nearest the module first, the slow Dask
cluster tests left out), with a timeout; a failing test or a timeout kills it. The score is the
share of mutants killed. Prints one line per mutant, then the score and the survivors.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"

# group -> (modules, the test files nearest to them: run first)
GROUPS = {
    "align": (["checker/check/align.py"], ["test_alignment.py", "test_mutations.py", "test_rule_examples.py"]),
    "facts": (["checker/check/facts.py"], ["test_mutations.py", "test_rule_examples.py", "test_copies.py"]),
    "dates": (["checker/text/dates.py"], ["test_cite.py", "test_mutations.py", "test_extract_seed.py"]),
    "evaluators": (["checker/rules/evaluators.py"], ["test_rule_examples.py", "test_mutations.py"]),
    "resolve": (["checker/check/resolve.py"], ["test_mutations.py", "test_copies.py", "test_rule_examples.py"]),
    "index": (["checker/library/index.py"], ["test_index_batch.py"]),
    "report": (sorted(str(p.relative_to(ROOT)) for p in (ROOT / "checker" / "report").glob("*.py")
                      if p.name != "__init__.py"),
               ["test_reports.py", "test_review_report.py", "test_docx_comments.py", "test_cli.py"]),
}
SLOW = ["tests/test_index_batch.py::test_dask_cluster_of_two_workers",
        "tests/test_index_batch.py::test_unreachable_scheduler_is_a_clear_error"]

_SWAP_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
             ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass
class Mutant:
    id: int
    group: str
    path: str
    line: int
    kind: str
    before: str
    after: str
    start: int = 0  # byte offsets of the replaced span in the file
    end: int = 0
    outcome: str = ""  # killed | survived | timeout | error
    by: str = ""  # the first failing test
    seconds: float = 0.0


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def sites(path: str) -> list[tuple[ast.AST, str, ast.AST]]:
    """(node, kind, replacement node) for every mutation the module offers."""
    source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _SWAP_CMP:
                    new = ast.Compare(node.left, list(node.ops), node.comparators)
                    new.ops[i] = _SWAP_CMP[type(op)]()
                    found.append((node, "comparison", new))
        elif isinstance(node, ast.BoolOp):
            found.append((node, "boolean", ast.BoolOp(ast.Or() if isinstance(node.op, ast.And) else ast.And(),
                                                      node.values)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((node, "not-dropped", node.operand))
        elif isinstance(node, ast.If):
            found.append((node.test, "condition-inverted", ast.UnaryOp(ast.Not(), node.test)))
        elif isinstance(node, ast.Constant) and id(node) not in skip:
            if isinstance(node.value, bool):
                found.append((node, "constant", ast.Constant(not node.value)))
            elif isinstance(node.value, int):
                found.append((node, "constant", ast.Constant(node.value + 1)))
            elif isinstance(node.value, float):
                found.append((node, "constant", ast.Constant(round(node.value * 0.9, 4) if node.value else 1.0)))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and any(
                isinstance(side, ast.Constant) and _number(side.value) for side in (node.left, node.right)):
            op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            found.append((node, "arithmetic", ast.BinOp(node.left, op, node.right)))
    return found


def _offsets(source: bytes) -> list[int]:
    starts, pos = [0], 0
    for line in source.split(b"\n"):
        pos += len(line) + 1
        starts.append(pos)
    return starts


def make_mutants(per_group: int, seed: int) -> list[Mutant]:
    mutants = []
    for group, (modules, _) in GROUPS.items():
        candidates = []
        for path in modules:
            data = (ROOT / path).read_bytes()
            starts = _offsets(data)
            for node, kind, new in sites(path):
                start = starts[node.lineno - 1] + node.col_offset
                end = starts[node.end_lineno - 1] + node.end_col_offset
                before = data[start:end].decode("utf-8")
                after = "(" + ast.unparse(new) + ")"
                candidates.append((path, node.lineno, kind, before, after, start, end))
        candidates.sort(key=lambda c: (c[0], c[5], c[2], c[4]))
        rng = random.Random(f"{seed}:{group}")
        for c in sorted(rng.sample(candidates, min(per_group, len(candidates))), key=lambda c: (c[0], c[5])):
            mutants.append(Mutant(len(mutants) + 1, group, *c))
    return mutants


def replay(path: str, only_survivors: bool) -> list[Mutant]:
    """The mutants of an earlier run (--out), planted again in today's code where the same text
    still stands on the same line (the offsets move as the module changes); the rest are dropped."""
    mutants = []
    for entry in json.loads(Path(path).read_text(encoding="utf-8")):
        if only_survivors and entry["outcome"] != "survived":
            continue
        data = (ROOT / entry["path"]).read_bytes()
        starts = _offsets(data)
        line = entry["line"]
        for delta in (0, *(d for k in range(1, 40) for d in (k, -k))):  # the line, or the nearest one holding it
            n = line + delta
            if not 1 <= n < len(starts):
                continue
            start = data.find(entry["before"].encode("utf-8"), starts[n - 1])  # it may run over lines
            if 0 <= start < starts[n]:
                mutants.append(Mutant(entry["id"], entry["group"], entry["path"], n, entry["kind"], entry["before"],
                                      entry["after"], start, start + len(entry["before"].encode("utf-8"))))
                break
        else:
            print(f"gone   #{entry['id']} {entry['path']}:{line}: {entry['before']} (no longer in the code)",
                  file=sys.stderr)
    return mutants


def _copy_repo(dest: Path) -> None:
    for name in ("checker", "tests", "rules", "seeds", "docs"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest / name)


def _env(copy: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    for name in ("GITHUB_STEP_SUMMARY", "NO_COLOR", "QUOTECHECK_REQUIRE_REALDATA"):  # the tests set these themselves
        env.pop(name, None)
    if REALDATA.is_dir():
        env["QUOTECHECK_REALDATA"] = str(REALDATA)  # the copy has no ../shared beside it
    return env


def run_suite(copy: Path, first: list[str], timeout: float) -> tuple[str, str, float]:
    first = [name for name in first if (copy / "tests" / name).exists()]
    tests = [f"tests/{name}" for name in first]
    tests += sorted(f"tests/{p.name}" for p in (copy / "tests").glob("test_*.py") if p.name not in first)
    args = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
            *tests, *(a for s in SLOW for a in ("--deselect", s))]
    start = time.perf_counter()
    try:
        proc = subprocess.run(args, cwd=copy, env=_env(copy), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", "", time.perf_counter() - start
    seconds = time.perf_counter() - start
    if proc.returncode == 0:
        return "survived", "", seconds
    failed = next((line.split(" ", 1)[1].split(" - ")[0] for line in proc.stdout.splitlines()
                   if line.startswith(("FAILED ", "ERROR "))), "")
    return ("killed" if proc.returncode == 1 else "error"), failed or proc.stdout[-200:], seconds


def run_mutant(mutant: Mutant, timeout: float) -> Mutant:
    with tempfile.TemporaryDirectory(prefix="quotecheck-mutant-") as tmp:
        copy = Path(tmp)
        _copy_repo(copy)
        target = copy / mutant.path
        data = target.read_bytes()
        target.write_bytes(data[:mutant.start] + mutant.after.encode("utf-8") + data[mutant.end:])
        mutant.outcome, mutant.by, mutant.seconds = run_suite(copy, GROUPS[mutant.group][1], timeout)
        if mutant.outcome == "error":  # pytest could not even collect: the fault breaks every import
            mutant.outcome = "killed"
    return mutant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-group", type=int, default=15, help="mutants sampled from each group of modules")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=0, help="seconds per mutant (default: 3 x the clean suite)")
    parser.add_argument("--out", help="write every mutant and its outcome here (JSON)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--no-clean-run", action="store_true",
                        help="skip the run of the unmutated suite (give --timeout; for a commit whose suite just passed)")
    parser.add_argument("--only", help="run only these mutants (comma-separated numbers from --list)")
    parser.add_argument("--replay", help="plant the mutants of an earlier run's --out file instead of sampling")
    parser.add_argument("--only-survivors", action="store_true", help="with --replay: only those that survived")
    args = parser.parse_args()
    mutants = replay(args.replay, args.only_survivors) if args.replay else make_mutants(args.per_group, args.seed)
    if args.only:
        wanted = {int(n) for n in args.only.split(",")}
        mutants = [m for m in mutants if m.id in wanted]
    if args.list:
        for m in mutants:
            print(f"#{m.id} {m.path}:{m.line} {m.kind}: {m.before} -> {m.after}")
        return
    clean_s = 0.0
    if args.no_clean_run:
        if not args.timeout:
            raise SystemExit("--no-clean-run needs --timeout")
    else:
        with tempfile.TemporaryDirectory(prefix="quotecheck-clean-") as tmp:
            _copy_repo(Path(tmp))
            outcome, by, clean_s = run_suite(Path(tmp), [], timeout=3600)
            if outcome != "survived":  # once more: a test that fails once on a loaded machine is not a broken suite
                print(f"the clean suite failed once ({by}); running it again", file=sys.stderr, flush=True)
                outcome, by, clean_s = run_suite(Path(tmp), [], timeout=3600)
        if outcome != "survived":
            raise SystemExit(f"the suite fails without any mutant ({by}); fix that first")
    timeout = args.timeout or max(120.0, 3 * clean_s)
    print(f"clean suite: {clean_s:.0f} s; {len(mutants)} mutants, {args.jobs} at a time, timeout {timeout:.0f} s",
          file=sys.stderr, flush=True)
    with ThreadPoolExecutor(args.jobs) as pool:
        for future in as_completed([pool.submit(run_mutant, m, timeout) for m in mutants]):
            m = future.result()
            print(f"{m.outcome:<8} #{m.id} {m.path}:{m.line} {m.kind}: {m.before} -> {m.after}  "
                  f"[{m.seconds:.0f} s{'; ' + m.by if m.by else ''}]", flush=True)
    killed = [m for m in mutants if m.outcome in ("killed", "timeout")]
    print(f"\nscore: {len(killed)}/{len(mutants)} killed = {100 * len(killed) / len(mutants):.1f} %")
    for group in GROUPS:
        mine = [m for m in mutants if m.group == group]
        print(f"  {group}: {sum(m.outcome in ('killed', 'timeout') for m in mine)}/{len(mine)}")
    survivors = [m for m in mutants if m.outcome == "survived"]
    if survivors:
        print("survivors:")
        for m in survivors:
            print(f"  #{m.id} {m.path}:{m.line} {m.kind}: {m.before} -> {m.after}")
    if args.out:
        Path(args.out).write_text(json.dumps([asdict(m) for m in mutants], ensure_ascii=False, indent=1) + "\n",
                                  encoding="utf-8")


if __name__ == "__main__":
    main()
