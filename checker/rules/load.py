"""Rule files (`rules/*.toml`): loaded, validated loudly (file and line), configured, run.

A rule names an evaluator (checker.evaluators) and sets its parameters, severity
and message templates. Adding a check of an existing kind needs no code.
"""
from __future__ import annotations

import os
import re
import string
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import RuleFileError
from .evaluators import Param
from . import suppress
from .registry import EVALUATORS
from .findings import CATEGORIES, SEVERITIES, Finding, fingerprint

RULE_KEYS = {"code", "name", "category", "severity", "evaluator", "summary", "summary_en", "message", "message_en", "fix",
             "fix_en", "params", "examples", "aliases", "enabled", "doc", "doc_en"}
REQUIRED = ("code", "name", "category", "severity", "evaluator", "message", "message_en", "fix", "fix_en", "summary")
EXAMPLE_KEYS = {"fires", "article", "source", "line", "note"}
FILE_KEYS = {"rule", "defaults"}
CONFIG_KEYS = {"rules", "fail_on", "lang", "format", "library", "rule", "terms"}
RULE_CONFIG_KEYS = {"severity", "enabled", "params"}
_CODE = re.compile(r"^QC\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Example:
    fires: bool
    article: str
    sources: tuple[str, ...]
    line: int | None
    defined_at: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    evaluator: str
    summary: str
    message: str
    message_en: str
    fix: str
    fix_en: str
    params: dict
    examples: tuple[Example, ...]
    path: str
    line: int
    doc: str = ""
    doc_en: str = ""
    enabled: bool = True
    aliases: tuple[str, ...] = ()
    summary_en: str = ""

    def message_for(self, lang: str) -> tuple[str, str]:
        return (self.message, self.fix) if lang == "zh" else (self.message_en, self.fix_en)

    def summary_for(self, lang: str) -> str:
        return self.summary if lang == "zh" else (self.summary_en or self.summary)


def shipped_rules_dir() -> Path:
    package = Path(__file__).resolve().parent.parent  # checker/
    for candidate in (package / "shipped_rules", package.parent / "rules"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    raise RuleFileError("the shipped rule files are missing (expected rules/*.toml)")


def load_rules(extra_dirs: list[str] = (), config: dict | None = None, config_path: str = "") -> list[Rule]:
    dirs = [shipped_rules_dir()] + [Path(d) for d in extra_dirs]
    rules: dict[str, Rule] = {}
    for folder in dirs:
        if not folder.is_dir():
            raise RuleFileError("rule directory not found", str(folder))
        files = sorted(folder.glob("*.toml"))
        if not files and folder != dirs[0]:
            raise RuleFileError("rule directory holds no .toml rule file", str(folder))
        for path in files:
            for rule in load_rule_file(path):
                if rule.code in rules and Path(rules[rule.code].path).parent == path.parent:
                    raise RuleFileError(f"{path}:{rule.line}: rule code {rule.code} is already defined in "
                                        f"{rules[rule.code].path}:{rules[rule.code].line}")
                rules[rule.code] = rule  # a later directory overrides a shipped rule of the same code
    return apply_config(list(rules.values()), config or {}, config_path)


def load_rule_file(path: Path) -> list[Rule]:
    text, data = _parse_toml(path, "rule file")
    lines = text.split("\n")
    for key in data:
        if key not in FILE_KEYS:
            raise RuleFileError(f"{path}:{_line_of(lines, key, 0, len(lines))}: unknown top-level key {key!r} "
                                f"(allowed: {', '.join(sorted(FILE_KEYS))})")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleFileError(f"{path}:1: no [[rule]] table in rule file")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - {"source"}:
        raise RuleFileError(f"{path}:{_line_of(lines, 'defaults', 0, len(lines))}: [defaults] is a table whose only "
                            f"key is source")
    default_source = defaults.get("source")
    if default_source is not None and not isinstance(default_source, (str, list)):
        raise RuleFileError(f"{path}:{_line_of(lines, 'source', 0, len(lines))}: [defaults] source must be a text "
                            f"or a list of texts")
    if not all(isinstance(raw, dict) for raw in raw_rules):
        raise RuleFileError(f"{path}:{_line_of(lines, 'rule', 0, len(lines))}: rule must be written as [[rule]] "
                            f"tables")
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*\[\[\s*rule\s*\]\]", line)]
    return [_build_rule(path, lines, starts, i, raw, default_source) for i, raw in enumerate(raw_rules)]


MAX_TOML_BYTES = 4 * 2**20


def _parse_toml(path: Path, what: str) -> tuple[str, dict]:
    """A TOML file's text (a UTF-8 byte-order mark dropped) and data; every failure is one RuleFileError."""
    try:
        if path.stat().st_size > MAX_TOML_BYTES:
            raise RuleFileError(f"{what} is larger than {MAX_TOML_BYTES // 2**20} MB", str(path))
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(f"cannot read {what}: not UTF-8 text (byte {exc.start})", str(path)) from None
    except OSError as exc:
        raise RuleFileError(f"cannot read {what} ({exc.strerror or exc})", str(path)) from None
    text = text.removeprefix("\ufeff")  # editors on Windows write a byte-order mark; TOML does not allow one
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise RuleFileError(f"{where}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise RuleFileError(f"{what} nests arrays or tables too deeply to be read", str(path)) from None


def _line_of(lines: list[str], key: str, start: int, end: int) -> int:
    pattern = re.compile(rf"^\s*(?:\[\[?\s*)?(?:rule\.)?{re.escape(key)}\s*(?:=|\]|\.)")
    for i in range(start, min(end, len(lines))):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1


def _build_rule(path: Path, lines, starts, index, raw: dict, default_source) -> Rule:
    start = starts[index] if index < len(starts) else 0
    end = starts[index + 1] if index + 1 < len(starts) else len(lines)

    def fail(key: str, message: str):
        raise RuleFileError(f"{path}:{_line_of(lines, key, start, end) if key else start + 1}: {message}")

    for key in raw:
        if key not in RULE_KEYS:
            fail(key, f"unknown key {key!r} in rule (allowed: {', '.join(sorted(RULE_KEYS))})")
    for key in REQUIRED:
        if key not in raw:
            fail("", f"rule {raw.get('code', '?')} lacks required key {key!r}")
        if not isinstance(raw[key], str) or not raw[key].strip():
            fail(key, f"{key!r} must be a non-empty string")
    code = raw["code"]
    if not _CODE.match(code):
        fail("code", f"rule code {code!r} must look like QC123")
    if not _NAME.match(raw["name"]):
        fail("name", f"rule name {raw['name']!r} must be lower-case words joined by '-'")
    if raw["category"] not in CATEGORIES:
        fail("category", f"unknown category {raw['category']!r} (allowed: {', '.join(CATEGORIES)})")
    if raw["severity"] not in SEVERITIES:
        fail("severity", f"unknown severity {raw['severity']!r} (allowed: {', '.join(SEVERITIES)})")
    evaluator = EVALUATORS.get(raw["evaluator"])
    if evaluator is None:
        fail("evaluator", f"unknown evaluator {raw['evaluator']!r} (known: {', '.join(sorted(EVALUATORS))})")
    try:
        params = validate_params(raw["evaluator"], raw.get("params", {}))
    except ValueError as exc:
        fail("params", f"rule {code}: {exc}")
    for key in ("message", "message_en", "fix", "fix_en"):
        try:
            fields = template_fields(raw[key])
        except ValueError as exc:
            fail(key, f"rule {code}: {key}: {exc}")
        unknown = fields - evaluator.fields
        if unknown:
            fail(key, f"rule {code}: {key} uses unknown field(s) {', '.join(sorted(unknown))} "
                      f"(evaluator {raw['evaluator']} offers: {', '.join(sorted(evaluator.fields))})")
    for key in ("doc", "doc_en", "summary_en"):
        if key in raw and not isinstance(raw[key], str):
            fail(key, f"rule {code}: {key} must be a text")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and _NAME.match(a) for a in aliases):
        fail("aliases", f"rule {code}: aliases must be a list of old rule names, e.g. aliases = [\"old-name\"], "
                        f"got {_short(aliases)}")
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples):
        fail("examples", f"rule {code}: examples must be an array of tables ([[rule.examples]]), got {_short(examples)}")
    built = []
    for example in examples:
        line = example.get("line")
        if line is not None and (not isinstance(line, int) or isinstance(line, bool) or line < 1):
            fail("line", f"rule {code}: an example's line must be a line number (1, 2, ...), got {_short(line)}")
        for key in example:
            if key not in EXAMPLE_KEYS:
                fail(key, f"rule {code}: unknown key {key!r} in an example (allowed: {', '.join(sorted(EXAMPLE_KEYS))})")
        if not isinstance(example.get("fires"), bool) or not isinstance(example.get("article"), str):
            fail("examples", f"rule {code}: every example needs fires = true|false and an article text")
        source = example.get("source", default_source)
        sources = tuple(source) if isinstance(source, list) else ((source,) if source else ())
        if not all(isinstance(s, str) for s in sources):
            fail("source", f"rule {code}: an example's source must be a text or a list of texts")
        built.append(Example(example["fires"], example["article"], sources, example.get("line"), f"{path}:{start + 1}"))
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        fail("enabled", f"rule {code}: enabled must be true or false")
    return Rule(code=code, name=raw["name"], category=raw["category"], severity=raw["severity"],
                evaluator=raw["evaluator"], summary=raw["summary"], message=raw["message"],
                message_en=raw["message_en"], fix=raw["fix"], fix_en=raw["fix_en"], params=params,
                examples=tuple(built), path=str(path), line=start + 1, doc=raw.get("doc", ""),
                doc_en=raw.get("doc_en", ""), enabled=enabled, aliases=tuple(aliases),
                summary_en=raw.get("summary_en", ""))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def template_fields(template: str) -> set[str]:
    """The named fields of a message template; ValueError for anything but plain `{name}` fields.

    Format specs (`{quote:>999999999}` asks for a gigabyte), conversions (`{quote!r}`), indexing
    (`{quote[0]}`) and attributes (`{quote.__class__}`) are refused: a template only places words.
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"malformed template ({exc}); write a literal brace as {{{{ or }}}}") from None
    fields = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if not _FIELD.match(name):
            raise ValueError(f"template field {shown} is not allowed: only plain named fields such as {{quote}} "
                             f"(no positions, indexing or attributes)")
        if spec or conversion:
            raise ValueError(f"template field {shown} is not allowed: only plain named fields such as {{{name}}} "
                             f"(no format specs or conversions)")
        fields.add(name)
    return fields


def validate_params(evaluator_name: str, given) -> dict:
    if not isinstance(given, dict):
        raise ValueError("params must be a table")
    schema: dict[str, Param] = EVALUATORS[evaluator_name].params
    params = {}
    for key in given:
        if key not in schema:
            raise ValueError(f"unknown parameter {key!r} for evaluator {evaluator_name} "
                             f"(known: {', '.join(sorted(schema)) or 'none'})")
    for key, spec in schema.items():
        value = given.get(key, spec.default)
        if spec.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, spec.type) or (spec.type is not bool and isinstance(value, bool)):
            raise ValueError(f"parameter {key!r} must be of type {spec.type.__name__}, got {value!r}")
        if spec.choices:
            values = value if isinstance(value, list) else [value]
            bad = [v for v in values if v not in spec.choices]
            if bad:
                raise ValueError(f"parameter {key!r}: {bad[0]!r} is not one of {', '.join(map(str, spec.choices))}")
        if spec.minimum is not None and not spec.minimum <= value <= spec.maximum:
            raise ValueError(f"parameter {key!r} = {value} is out of range [{spec.minimum}, {spec.maximum}]")
        reason = spec.check(value) if spec.check else None
        if reason:
            raise ValueError(f"parameter {key!r} = {value!r} {reason}")
        params[key] = value
    return params


# -- configuration -----------------------------------------------------------------------------
CONFIG_CHOICES = {"fail_on": ("error", "warning", "info", "never"), "lang": ("zh", "en")}
CONFIG_PATH_LISTS = ("rules", "library")


def find_config(explicit: str | None) -> tuple[dict, str]:
    """[tool.quotecheck] from --config FILE or the nearest pyproject.toml; ({}, "") when none.

    The configuration comes back validated, with `rules` and `library` as lists of paths
    resolved against the configuration file's folder (as ruff and sqlfluff do), so a
    project's configuration works from any folder below it.
    """
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise RuleFileError("configuration file not found", explicit)
        data = _parse_toml(path, "configuration file")[1]
        section = data.get("tool", {}).get("quotecheck", data) if isinstance(data.get("tool", {}), dict) else data
        return validate_config(section, str(path)), str(path)
    folder = Path.cwd()
    for candidate in [folder, *folder.parents]:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            data = _parse_toml(pyproject, "configuration file")[1]
            tool = data.get("tool", {})
            section = tool.get("quotecheck", {}) if isinstance(tool, dict) else {}
            shown = str(pyproject if candidate != folder else Path("pyproject.toml"))
            return validate_config(section, shown), shown
    return {}, ""


def validate_config(config, path: str) -> dict:
    """Every key checked for its type and value; paths resolved against the file's folder."""
    where = "[tool.quotecheck]"
    if not isinstance(config, dict):
        raise RuleFileError(f"{where} must be a table", path)
    for key in config:
        if key not in CONFIG_KEYS:
            raise RuleFileError(f"unknown key {key!r} in {where} (allowed: {', '.join(sorted(CONFIG_KEYS))})", path)
    out = dict(config)
    for key, choices in CONFIG_CHOICES.items():
        if key in config and config[key] not in choices:
            raise RuleFileError(f"{where} {key} = {_short(config[key])}: choose one of {', '.join(choices)}", path)
    if "format" in config and not isinstance(config["format"], str):
        raise RuleFileError(f"{where} format = {_short(config['format'])}: must be a format name such as "
                            f"\"concise\"", path)
    base = Path(path).parent
    for key in CONFIG_PATH_LISTS:
        if key not in config:
            continue
        value = config[key]
        items = [value] if isinstance(value, str) else value  # one path may be given without a list
        if not isinstance(items, list) or not items or not all(isinstance(v, str) and v.strip() for v in items):
            raise RuleFileError(f"{where} {key} = {_short(value)}: must be a path or a list of paths, "
                                f"e.g. {key} = [\"archive/\"]", path)
        out[key] = [_relative_to(base, item) for item in items]
    terms = config.get("terms", {})
    allow = terms.get("allow", []) if isinstance(terms, dict) else None
    if not isinstance(terms, dict) or set(terms) - {"allow"} or not isinstance(allow, list) \
            or not all(isinstance(t, str) and t.strip() for t in allow):
        raise RuleFileError(f"{where}.terms must be a table with allow = a list of terms, e.g. "
                            f"allow = [\"人工智能+\"], got {_short(terms)}", path)
    rule = config.get("rule", {})
    if not isinstance(rule, dict) or not all(isinstance(v, dict) for v in rule.values()):
        raise RuleFileError(f"{where}.rule must hold one table per rule, e.g. [tool.quotecheck.rule.QC306]", path)
    return out


def _relative_to(base: Path, item: str) -> str:
    expanded = Path(item).expanduser()
    if expanded.is_absolute() or str(base) in ("", "."):
        return str(expanded) if item.startswith("~") else item
    joined = os.path.normpath(base / expanded)
    return joined + (os.sep if item.endswith(("/", os.sep)) else "")


def apply_config(rules: list[Rule], config: dict, path: str) -> list[Rule]:
    """The [tool.quotecheck.rule.X] tables of a configuration already validated by find_config."""
    by_code = {r.code: r for r in rules}
    by_name = {r.name: r.code for r in rules} | {alias: r.code for r in rules for alias in r.aliases}
    for ident, settings in (config.get("rule") or {}).items():
        code = ident if ident in by_code else by_name.get(ident)
        if code is None:
            raise RuleFileError(f"[tool.quotecheck.rule.{ident}]: no such rule", path)
        if not isinstance(settings, dict):
            raise RuleFileError(f"[tool.quotecheck.rule.{ident}] must be a table", path)
        rule = by_code[code]
        for key in settings:
            if key not in RULE_CONFIG_KEYS:
                raise RuleFileError(f"[tool.quotecheck.rule.{ident}]: unknown key {key!r} "
                                    f"(allowed: {', '.join(sorted(RULE_CONFIG_KEYS))})", path)
        severity = settings.get("severity", rule.severity)
        if severity not in SEVERITIES:
            raise RuleFileError(f"[tool.quotecheck.rule.{ident}]: unknown severity {_short(severity)} "
                                f"(allowed: {', '.join(SEVERITIES)})", path)
        enabled = settings.get("enabled", rule.enabled)
        if not isinstance(enabled, bool):
            raise RuleFileError(f"[tool.quotecheck.rule.{ident}]: enabled must be true or false, got {_short(enabled)}",
                                path)
        given = settings.get("params", {})
        if not isinstance(given, dict):
            raise RuleFileError(f"[tool.quotecheck.rule.{ident}]: params must be a table, e.g. params = {{ min_weight "
                                f"= 20 }}", path)
        try:
            params = validate_params(rule.evaluator, {**rule.params, **given})
        except ValueError as exc:
            raise RuleFileError(f"[tool.quotecheck.rule.{ident}]: {exc}", path) from None
        by_code[code] = replace(rule, severity=severity, params=params, enabled=enabled)
    return sorted(by_code.values(), key=lambda r: r.code)


# -- running -------------------------------------------------------------------------------------
class _Fields(dict):
    def __missing__(self, key):
        return ""


_ZH_DATE = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")


def _english(key: str, value):
    """A date field as English messages write it (2025-04-27), its "none" in English."""
    if not key.endswith("_date") or not isinstance(value, str):
        return value
    if value == "（无）":
        return "(none)"
    m = _ZH_DATE.match(value)
    if not m:
        return value
    return "-".join([m.group(1)] + [f"{int(g):02d}" for g in m.groups()[1:] if g])


def run_rules(check, rules: list[Rule], lang: str = "zh") -> list[Finding]:
    """Every enabled rule's findings, less those an inline marker silences (rules.suppress); the
    rule on markers that silenced nothing runs last, when that is known."""
    findings: dict[str, Finding] = {}
    check.suppressions = suppress.find(check.article)
    last = [r for r in rules if r.enabled and r.evaluator == "unused_suppression"]
    for rule in rules:
        if rule.enabled and rule not in last:
            for finding in _findings_of(rule, check, lang):
                findings.setdefault(finding.fingerprint + str(finding.line), finding)
    kept = suppress.apply(sorted(findings.values(), key=lambda f: f.sort_key), check.suppressions)
    kept += [finding for rule in last for finding in _findings_of(rule, check, lang)]
    return sorted(kept, key=lambda f: f.sort_key)


def _findings_of(rule: Rule, check, lang: str):
    message_t, fix_t = rule.message_for(lang)
    for hit in EVALUATORS[rule.evaluator].run(check, rule.params):
        fields = _Fields(hit.fields if lang == "zh" else {k: _english(k, v) for k, v in hit.fields.items()})
        yield Finding(
            rule=rule.code, name=rule.name, category=rule.category, severity=rule.severity,
            message=message_t.format_map(fields), fix=fix_t.format_map(fields), path=check.article.path,
            line=hit.line, end_line=hit.end_line, column=hit.column, end_column=hit.end_column,
            quote=hit.quote, source=hit.source_id, source_line=hit.source_line,
            fingerprint=fingerprint(rule.code, hit.key, hit.source_id), evidence=hit.evidence,
        )
