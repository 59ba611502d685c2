"""Recall on real text: plant one fault at a time in the real quotations the corpus verifies and
count how many the check finds.

    python bench/planted_faults.py [--kinds char,drop,add,date,title] [--misses] [--root DIR]

Every article of `../shared/realdata/corpus/articles` and `../shared/realdata/articles` (or of
$QUOTECHECK_REALDATA, or --realdata) is checked against both libraries (corpus + realdata). Every quotation the check verifies against a source
(status verified or variant) gets copies of its article with ONE fault each:

- `char`:  one character of the quotation changed to another common character (never to a
           punctuation mark or a form of the same character), a third and two thirds of the way
           in (two copies; one for a short quotation where both fall on one character);
- `drop`:  a clause of 4-20 characters dropped from inside the quotation (with its punctuation):
           never the first or the last clause, since a quotation that starts or stops early is
           still the source's words, nor an item of a quotation that lists the source's headings
           from separate sentences (fewer of them are still its headings); a quotation of 12 characters or more with no inner clause
           loses 4 characters from its middle instead;
- `add`:   two characters (a common word: 全面, 切实, ...) added inside the quotation, a third and
           two thirds of the way in (two copies);
- `date`:  the day (or the month, for a date without a day) of the citation's date changed by
           one, where it is written: the inline citation, or the reference-list entry it takes
           the date from;
- `title`: one character of the citation's title changed, where it is written.

A wording fault is kept only when the quotation's words, changed, are in no place of the source
(so it is a real change, not the source's words by chance), and a copy that changes nothing is
never made. Date and title faults are made once per written citation, however many quotations
it binds.

Each copy is checked in this process; its findings are compared with the clean article's
(rule, line, severity). A fault is **found** when a new finding stands on the quotation's lines
(or the citation's, for date and title) at the expected severity: error where the text names the
source (binding `note` or `text`; date and title faults always, since the citation is written),
warning otherwise (`context`, `words`); **lower** when the only new finding there is less severe;
**missed** otherwise. Prints a table per kind and, with --misses, each miss (article, line,
kind, binding, form) to study.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDATA = Path(os.environ.get("QUOTECHECK_REALDATA") or ROOT.parent / "shared" / "realdata")
KINDS = ("char", "drop", "add", "date", "title")
SEVERITY = {"info": 1, "warning": 2, "error": 3}
# Common characters and words to plant; all simplified, none punctuation, none a variant form of
# another (so a replacement is always a different word).
REPLACEMENTS = "新业发展建设重点能力全面体系服务推进机制完善提高加强保障管理创新规范"
ADDITIONS = ("全面", "切实", "不断", "积极", "加快", "持续", "着力", "有效")
CLAUSE_SPLIT = re.compile(r"(?<=[，、；：,;:])")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Fault:
    article: Path
    kind: str
    line: int  # the quotation's first line (date, title: the line the citation is written on)
    lines: set[int]  # where a finding for it may stand
    expected: str  # error | warning
    binding: str
    form: str
    text: str  # the mutated article
    note: str  # what was changed, for the list of misses
    silent: str = ""  # why the design gives a change here no finding ("" : in reach)
    start: int = -1  # the quotation's canonical offset (the same in the copy: edits are inside it)


def plant_all(library, articles: list[Path], kinds: tuple[str, ...]) -> tuple[list[Fault], dict]:
    """Every fault of `kinds` for every verified quotation of `articles`, and each article's clean findings."""
    from checker.article import read_article
    from checker.check import check_article
    from checker.read.manuscript import read_article_source

    faults, clean = [], {}
    for path in articles:
        raw = path.read_text(encoding="utf-8")
        article = read_article(read_article_source(str(path)))
        result = check_article(article, library)
        clean[path] = result
        seen: set[str] = set()
        for r in result.quotes:
            if r.status not in ("verified", "variant") or r.source is None or r.quote.kind != "quotation":
                continue
            silent = _silent(r, result)
            for fault in _faults_of(path, raw, article, r, kinds):
                if fault.kind in ("char", "drop", "add"):
                    fault.silent = silent
                if fault.text != raw and fault.text not in seen:
                    seen.add(fault.text)
                    faults.append(fault)
    return faults, clean


def _silent(r, result) -> str:
    """Why the design leaves a changed copy of this quotation without a finding ("" if it does not).

    - `adapted`: a bold run, or a clause of a span, that no note or named work attributes: authors
      adapt the report's words in these forms, so near words are no evidence (README, commentaries);
    - `paraphrase list`: a bullet of a list the source does not quote (principle 7: most of the
      other bullets are not its words word for word);
    - `short phrase`: under 12 characters in marks, tied to the source by its words alone, and
      not a phrase that a source the article cites marks itself: such a phrase binds only word for word, since short
      phrases recur nearly across reports (principle 5: a term the source does not mark stays a term).

    A copy missed because the fault made the quotation a term (a short phrase with no cue: a
    clause dropped from a quotation of 12 characters) is set apart as `term` when judged.
    """
    from checker.check.facts import NEAR_WEIGHT
    from checker.check.lists import Lists
    from checker.check.marked import marked_terms

    quote = r.quote
    if r.binding in ("context", "words") and (quote.form in ("bold", "clause") or quote.part_of is not None):
        return "adapted"
    if quote.form == "list" and r.binding != "note" and \
            not Lists(result.article, [k for k in result.quotes if k is not r]).quoted(r):
        return "paraphrase list"
    cited = {ref.source.id for ref in result.references if ref.source is not None}
    if (r.binding == "words" and quote.form == "marks" and quote.weight < NEAR_WEIGHT
            and not (r.source.id in cited and any(words == quote.words for words, _, _ in marked_terms(r.source)))):
        return "short phrase"
    return ""


def _faults_of(path, raw, article, r, kinds):
    from checker.text.search import ELLIPSIS

    quote = r.quote
    expected = "error" if r.binding in ("note", "text") else "warning"
    lines = set(range(quote.line, quote.end_line + 1))
    base = dict(article=path, line=quote.line, lines=lines, expected=expected, binding=r.binding or "-",
                form=quote.form, start=quote.start)
    offsets = _raw_offsets(article, quote)
    source_words = _words(r.source.body.text)
    seed = zlib.crc32(f"{path.name}:{quote.start}".encode())
    # A quotation that lists the source's headings from separate sentences (parts, no ……): one
    # item fewer is still a list of its headings, no change (as a first or last clause dropped).
    series = r.alignment is not None and r.alignment.parts > 1 and not ELLIPSIS.search(quote.text)
    if offsets is not None:
        edits = (("char", lambda t: _change_char(t, seed, source_words, 1 / 3)),
                 ("char", lambda t: _change_char(t, seed, source_words, 2 / 3)),
                 ("drop", lambda t: None if series else _drop_clause(t, seed, source_words)),
                 ("drop", lambda t: _drop_words(t, seed, source_words)),
                 ("add", lambda t: _add_chars(t, seed, source_words, 1 / 3)),
                 ("add", lambda t: _add_chars(t, seed + 1, source_words, 2 / 3)))
        for kind, edit in edits:
            if kind not in kinds:
                continue
            planted = edit(quote.text)
            if planted is None:
                continue
            start, end, new, note = planted
            text = raw[:offsets[start]] + new + raw[offsets[end - 1] + 1:] if end > start else \
                raw[:offsets[start]] + new + raw[offsets[start]:]
            yield Fault(kind=kind, text=text, note=note, **base)
    ref = r.reference.reference if r.reference else None
    if ref is None:
        return
    if "date" in kinds:
        written = ref.listed if ref.listed is not None and "date" in ref.borrowed else ref
        planted = _change_date(raw, article, written)
        if planted:
            yield Fault(**{**base, "kind": "date", "line": written.line, "expected": "error",
                           "lines": lines | set(range(written.line, written.end_line + 1)),
                           "text": planted[0], "note": planted[1]})
    if "title" in kinds and ref.title:
        planted = _change_title(raw, article, ref, seed)
        if planted:
            yield Fault(**{**base, "kind": "title", "line": ref.line, "expected": "error",
                           "lines": lines | set(range(ref.line, ref.end_line + 1)),
                           "text": planted[0], "note": planted[1]})


def _words(text: str) -> str:
    from checker.text.normalise import strip_punct

    return strip_punct(text)


def _raw_offsets(article, quote) -> list[int] | None:
    """The raw offset of each character of the quotation's canonical text."""
    body = article.body
    at = body.text.find(quote.text, quote.start, max(quote.end, quote.start + len(quote.text)))
    if at < 0:
        return None
    offsets = [body.raw_offset(at + k) for k in range(len(quote.text))]
    if any(article.raw[o] != ch and not _same_width(article.raw[o], ch) for o, ch in zip(offsets, quote.text)):
        return None
    return offsets


def _same_width(raw: str, canon: str) -> bool:
    from checker.text.normalise import fold_width

    return fold_width(raw) == canon


def _is_change(text: str, mutated: str, source_words: str) -> bool:
    """The mutated quotation says something the source does not: its words are nowhere in it."""
    return _words(mutated) != _words(text) and _words(mutated) not in source_words


def _change_char(text: str, seed: int, source_words: str, at: float = 0.5):
    positions = [i for i, ch in enumerate(text) if CJK.match(ch)]
    if len(positions) < 4:
        return None
    middle = int(len(positions) * at)
    for i in sorted(positions, key=lambda p: abs(positions.index(p) - middle)):
        for k in range(len(REPLACEMENTS)):
            new = REPLACEMENTS[(seed + k) % len(REPLACEMENTS)]
            mutated = text[:i] + new + text[i + 1:]
            if new != text[i] and _is_change(text, mutated, source_words):
                return i, i + 1, new, f"{text[i]}→{new}"
    return None


def _drop_clause(text: str, seed: int, source_words: str):
    clauses = CLAUSE_SPLIT.split(text)
    if len(clauses) < 3:
        return None
    at = 0
    bounds = []
    for clause in clauses:
        bounds.append((at, at + len(clause)))
        at += len(clause)
    inner = [(s, e) for s, e in bounds[1:-1] if 4 <= len(_words(text[s:e])) <= 20]
    for s, e in sorted(inner, key=lambda b: (seed + b[0]) % 7):
        mutated = text[:s] + text[e:]
        if _is_change(text, mutated, source_words):
            return s, e, "", f"漏「{text[s:e]}」"
    return None


def _drop_words(text: str, seed: int, source_words: str):
    """Four characters from the middle of a quotation of 12 or more that has no inner clause."""
    positions = [i for i, ch in enumerate(text) if CJK.match(ch)]
    if len(positions) < 12 or _drop_clause(text, seed, source_words) is not None:
        return None
    middle = len(text) // 2 - 2
    for s in sorted(range(2, len(text) - 6), key=lambda p: abs(p - middle)):
        if all(CJK.match(ch) for ch in text[s:s + 4]):
            mutated = text[:s] + text[s + 4:]
            if _is_change(text, mutated, source_words):
                return s, s + 4, "", f"漏「{text[s:s + 4]}」"
    return None


def _add_chars(text: str, seed: int, source_words: str, at: float = 0.5):
    positions = [i for i in range(1, len(text)) if CJK.match(text[i - 1]) and CJK.match(text[i])]
    if len(positions) < 3:
        return None
    middle = positions[int(len(positions) * at)]
    for i in sorted(positions, key=lambda p: abs(p - middle)):
        for k in range(len(ADDITIONS)):
            word = ADDITIONS[(seed + k) % len(ADDITIONS)]
            mutated = text[:i] + word + text[i:]
            if _is_change(text, mutated, source_words):
                return i, i, word, f"+「{word}」"
    return None


DAY = re.compile(r"(\d{1,2})(\s*日)|(\d{4}-\d{1,2}-)(\d{1,2})")
MONTH = re.compile(r"(\d{1,2})(\s*月)")


def _change_date(raw: str, article, ref):
    """The article with the date written in `ref`'s lines moved by one day (or month)."""
    from checker.text.dates import find_dates

    if ref.date is None:
        return None
    for line in range(ref.line, ref.end_line + 1):
        start = article.lines.starts[line - 1]
        text = article.raw_line(line)
        for date, s, e in find_dates(text):
            if date.iso != ref.date.iso:
                continue
            written = text[s:e]
            m = DAY.search(written)
            pattern, group = (DAY, 1 if m and m.group(1) else 4) if m else (MONTH, 1)
            m = m or MONTH.search(written)
            if not m:
                continue
            value = int(m.group(group))
            new = value + 1 if value < (27 if pattern is DAY else 12) else value - 1
            digits = str(new).zfill(len(m.group(group)))
            changed = written[:m.start(group)] + digits + written[m.end(group):]
            at = start + s
            return raw[:at] + changed + raw[at + len(written):], f"{written}→{changed}"
    return None


def _change_title(raw: str, article, ref, seed: int):
    """The article with one character of `ref`'s title changed where it is written."""
    from checker.text.normalise import fold

    for line in range(ref.line, ref.end_line + 1):
        start = article.lines.starts[line - 1]
        text = article.raw_line(line)
        for m in re.finditer(r"《([^《》]+)》", text):
            if fold(m.group(1)) != fold(ref.title):
                continue
            title = m.group(1)
            # The headline's characters, not a bracketed column tag at the end.
            body = re.sub(r"[（(][^（）()]*[）)]\s*$", "", title)
            positions = [i for i, ch in enumerate(body) if CJK.match(ch)]
            if len(positions) < 4:
                return None
            i = positions[len(positions) // 2]
            new = next(REPLACEMENTS[(seed + k) % len(REPLACEMENTS)] for k in range(len(REPLACEMENTS))
                       if REPLACEMENTS[(seed + k) % len(REPLACEMENTS)] != title[i])
            at = start + m.start(1) + i
            return raw[:at] + new + raw[at + 1:], f"《…{title[max(0, i - 3):i + 4]}…》 {title[i]}→{new}"
    return None


def judge(faults: list[Fault], clean: dict, library, rules) -> list[tuple[Fault, str]]:
    """found | lower | missed for each fault."""
    from checker.article import read_article
    from checker.check import check_article
    from checker.read.manuscript import read_article_source
    from checker.rules import run_rules

    before = {path: Counter((f.rule, f.line, f.severity) for f in run_rules(result, rules, "zh"))
              for path, result in clean.items()}
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        for fault in faults:
            copy = Path(tmp) / fault.article.name
            copy.write_text(fault.text, encoding="utf-8")
            result = check_article(read_article(read_article_source(str(copy))), library)
            after = Counter((f.rule, f.line, f.severity) for f in run_rules(result, rules, "zh"))
            new = [sev for (rule, line, sev) in (after - before[fault.article]) if line in fault.lines]
            best = max((SEVERITY[s] for s in new), default=0)
            if best == 0 and not fault.silent and fault.kind in ("char", "drop", "add") and any(
                    q.start == fault.start and q.kind == "term" for q in result.article.quotations):
                fault.silent = "term"  # the copy is a short phrase in marks: a term (see _silent)
            verdicts.append((fault, "found" if best >= SEVERITY[fault.expected] else "lower" if best else "missed"))
    return verdicts


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ",".join(KINDS))
    parser.add_argument("--misses", action="store_true", help="list every fault not found at its severity")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose quotecheck runs")
    parser.add_argument("--realdata", type=Path, default=REALDATA)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root))
    from checker.library import load_library
    from checker.rules import load_rules

    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    corpus = args.realdata / "corpus"
    library = load_library([str(corpus / "library"), str(args.realdata / "library")])
    articles = sorted((corpus / "articles").glob("*.md")) + sorted((args.realdata / "articles").glob("*.md"))
    faults, clean = plant_all(library, articles, kinds)
    verdicts = judge(faults, clean, library, load_rules())
    print(f"planted faults in the verified quotations of {len(articles)} real articles "
          f"({time.perf_counter() - started:.0f} s)")
    print("all planted faults, then those in reach (not in a form the design leaves silent: see _silent)")
    print(f"{'kind':<6} {'planted':>7} {'found':>6} {'lower':>6} {'missed':>6} {'found %':>8}   "
          f"{'in reach':>8} {'found':>6} {'found %':>8}")
    for kind in kinds + ("all",):
        mine = [(f, v) for f, v in verdicts if kind in (f.kind, "all")]
        counts = Counter(v for _, v in mine)
        reach = Counter(v for f, v in mine if not f.silent)
        print(f"{kind:<6} {len(mine):>7} {counts['found']:>6} {counts['lower']:>6} {counts['missed']:>6} "
              f"{_share(counts['found'], len(mine)):>8}   {sum(reach.values()):>8} {reach['found']:>6} "
              f"{_share(reach['found'], sum(reach.values())):>8}")
    silent = Counter((f.silent, v) for f, v in verdicts if f.silent)
    print("out of reach by design: " + ", ".join(f"{why}/{v}={n}" for (why, v), n in sorted(silent.items())))
    by_binding = Counter((f.binding, f.expected, v) for f, v in verdicts if not f.silent)
    print("in reach, by binding: " + ", ".join(f"{b}/{e}/{v}={n}" for (b, e, v), n in sorted(by_binding.items())))
    if args.misses:
        for fault, verdict in verdicts:
            if verdict != "found":
                print(f"{verdict}\t{fault.silent or 'in reach'}\t{fault.article.name[:40]}\tL{fault.line}\t{fault.kind}\t{fault.binding}\t"
                      f"{fault.form}\t{fault.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
