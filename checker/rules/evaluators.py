"""One evaluator per kind of check. Rule files pick an evaluator and set its parameters.

An evaluator reads the facts of a check (checker.check) and yields Hits: where,
which words, and the named fields its message templates may use.
"""
from __future__ import annotations

import re
from re import _parser  # the parse tree of a user pattern: refuse what backtracks exponentially
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..article.cite import REFERENCE_KINDS
from ..check import CheckResult, QuoteResult, ReferenceResult
from ..text.normalise import fold, strip_punct
from ..text.events import event_names
from ..text.publications import publication_kind
from ..text.titles import PART_NAMES

EDIT_KINDS = ["substitution", "omission", "insertion", "transposition", "number", "negation"]
# How the text sets the words apart (article.model.Quotation.form): “…” promises verbatim words;
# a block quote less; bold runs, bullets and clauses with a lost opening mark least.
QUOTE_KINDS = ("marks", "block", "bold", "list", "clause")
# How a quotation is tied to its source (check.facts.QuoteResult.binding); "none": uncited, found nowhere.
BINDINGS = ("note", "text", "context", "words", "none")
ARTICLE_STYLES = ("any", "footnoted", "unfootnoted")
STATUSES = ["verified", "variant", "drift", "misattributed", "not_found", "unverifiable", "uncited"]


@dataclass
class Hit:
    fields: dict
    line: int
    end_line: int
    column: int = 1
    end_column: int = 0
    quote: str | None = None
    source_id: str | None = None
    source_line: int | None = None
    key: str = ""  # what the fingerprint keys on
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Param:
    type: type
    default: object
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[object], str | None] | None = None  # returns a reason when the value is bad


@dataclass(frozen=True)
class Evaluator:
    run: Callable[[CheckResult, dict], Iterator[Hit]]
    params: dict
    fields: frozenset
    doc: str


_QUOTE_FIELDS = {"quote", "line", "status", "source_title", "source_date", "source_page", "source_id", "source_url",
                 "cited_title", "cited_date", "cited_page", "cited_publication", "reference_line", "score"}


def _zh_date(date) -> str:
    return date.zh() if date else "（无）"


def _quote_hit(result: QuoteResult, **extra) -> Hit:
    q = result.quote
    ref = q.reference
    source = result.source
    fields = {
        "quote": q.text, "line": q.line, "status": result.status,
        "source_title": source.display_title if source else "", "source_date": _zh_date(source.date if source else None),
        "source_page": (source.page or "") if source else "", "source_id": source.id if source else "",
        "source_url": (source.url or "") if source else "",
        "cited_title": (ref.title or "") if ref else "", "cited_date": _zh_date(ref.date if ref else None),
        "cited_page": (ref.page or "") if ref else "", "cited_publication": (ref.publication or "") if ref else "",
        "reference_line": ref.line if ref else "",
        "score": f"{result.alignment.score:.0f}" if result.alignment else "",
    }
    fields.update(extra)
    alignment = result.alignment
    return Hit(fields=fields, line=q.line, end_line=q.end_line, column=q.column, end_column=q.end_column,
               quote=q.text, source_id=source.id if source else None,
               source_line=source.line_of(alignment.start) if source and alignment else None,
               key=strip_punct(fold(q.text)))


# -- drift -----------------------------------------------------------------------------------
def _marked(result: QuoteResult, params: dict, check: CheckResult | None = None) -> bool:
    """Whether the rule covers this quotation: its form, how it is bound, and how the article cites.

    An article is footnoted when it cites per quotation (note markers or bracket citations);
    otherwise it names its sources in the text and lists them at the end.
    """
    if result.quote.form not in params["quote_kinds"]:
        return False
    if (result.binding or "none") not in params.get("bindings", BINDINGS):
        return False
    style = params.get("article", "any")
    if style != "any" and check is not None:
        footnoted = bool(check.article.markers)
        return footnoted == (style == "footnoted")
    return True


def wording(check: CheckResult, params: dict) -> Iterator[Hit]:
    """Quotation words differ from the cited source: one hit per quotation, naming the first change."""
    kinds = set(params["edit_kinds"])
    for result in check.quotes:
        if result.status != "drift" or result.alignment is None or result.alignment.score < params["min_score"]:
            continue
        if not _marked(result, params, check):
            continue
        edits = [e for e in result.alignment.edits if e.kind in kinds]
        if not edits:
            continue
        source = result.source
        first = edits[0]
        change, change_en = _change(first)
        hit = _quote_hit(result, source_words=first.shown_source, quote_words=first.shown_quote, edit_kind=first.kind,
                         edit_count=len(edits), change=change, change_en=change_en,
                         source_text=source.body.display[result.alignment.start:result.alignment.end])
        hit.evidence = {"score": result.alignment.score, "edits": [e.to_json() for e in result.alignment.edits],
                        "source_text": hit.fields["source_text"]}
        yield hit


def _change(edit) -> tuple[str, str]:
    """One change as an editor reads it, in Chinese and English.

    An omission names the words left out as the source prints them (漏引「…，」); an insertion
    the added words with their neighbours; a change both wordings.
    """
    if edit.kind == "omission" or (edit.kind in ("number", "negation") and not edit.quote):
        left_out = edit.printed or edit.source
        left, right = _neighbours(edit)
        where_zh = f"「{left}」之后" if left else (f"「{right}」之前" if right else "")
        where_en = f"after “{left}”" if left else (f"before “{right}”" if right else "")
        return (f"漏引「{left_out}」" + (f"（{where_zh}）" if where_zh else ""),
                f"words left out: “{left_out}”" + (f" ({where_en})" if where_en else ""))
    if edit.kind == "insertion" or (edit.kind in ("number", "negation") and not edit.source):
        return (f"多出「{edit.quote}」（原文「{edit.shown_source}」，引文「{edit.shown_quote}」）",
                f"words added: “{edit.quote}” (source “{edit.shown_source}”, quotation “{edit.shown_quote}”)")
    if edit.kind == "transposition":
        return (f"语序不同：原文「{edit.shown_source}」，引文「{edit.shown_quote}」",
                f"word order differs: source “{edit.shown_source}”, quotation “{edit.shown_quote}”")
    return (f"原文「{edit.shown_source}」，引文「{edit.shown_quote}」",
            f"source “{edit.shown_source}”, quotation “{edit.shown_quote}”")


def _neighbours(edit) -> tuple[str, str]:
    """The source words on either side of an omission (its context is left + omitted + right)."""
    context, gone = edit.source_context, edit.source
    at = context.find(gone)
    while at >= 0:
        if context[:at] + context[at + len(gone):] == edit.quote_context:
            return context[:at], context[at + len(gone):]
        at = context.find(gone, at + 1)
    return "", ""


def quote_status(check: CheckResult, params: dict) -> Iterator[Hit]:
    """Quotations in one of the given statuses (optionally only when the words are in the library)."""
    statuses = set(params["statuses"])
    for result in check.quotes:
        if result.status not in statuses or result.quote.weight < params["min_weight"] or \
                not _marked(result, params, check):
            continue
        witnesses = [w for w in result.other_witnesses() if w.alignment.score >= params["witness_score"]]
        if params["require_witness"] and not witnesses:
            continue
        hit = _quote_hit(result, **_witness_fields(witnesses))
        if result.alignment:
            hit.evidence = {"score": result.alignment.score,
                            "source_text": result.source.body.display[result.alignment.start:result.alignment.end]}
        if witnesses:
            hit.evidence["found_in"] = [w.source.id for w in witnesses]
        yield hit


def _witness_fields(witnesses) -> dict:
    first = witnesses[0] if witnesses else None
    return {
        "found_title": first.source.display_title if first else "",
        "found_date": _zh_date(first.source.date) if first else "",
        "found_id": first.source.id if first else "",
        "found_count": len(witnesses),
        "found_how": ("引号内转引" if first and first.alignment.quoted else "正文") if first else "",
    }


def witness(check: CheckResult, params: dict) -> Iterator[Hit]:
    """The cited source is not in the library, but other sources hold the words."""
    where = params["where"]
    for result in check.quotes:
        if result.status != "unverifiable":
            continue
        weight = result.quote.weight
        if weight < params["min_weight"] or (params["max_weight"] and weight > params["max_weight"]):
            continue
        kind = result.reference.reference.kind if result.reference else None
        if params["ref_kinds"] and kind not in params["ref_kinds"]:
            continue
        witnesses = [w for w in result.other_witnesses() if w.alignment.score >= params["min_score"]]
        own = [w for w in witnesses if w.own_text]
        if where == "own_text":
            chosen = own
        elif where == "quoted":
            chosen = [w for w in witnesses if not w.own_text] if not own else []
        else:
            chosen = witnesses
        if not chosen:
            continue
        hit = _quote_hit(result, **_witness_fields(chosen))
        hit.source_id = chosen[0].source.id
        hit.source_line = chosen[0].source.line_of(chosen[0].alignment.start)
        hit.evidence = {"found_in": [{"id": w.source.id, "own_text": w.own_text, "score": w.alignment.score}
                                     for w in chosen]}
        yield hit


_WITNESS_FIELDS = {"found_title", "found_date", "found_id", "found_count", "found_how"}


def quote_pattern(check: CheckResult, params: dict) -> Iterator[Hit]:
    """A regular expression that must not match inside a quotation (house style, e.g. `...` for ……)."""
    pattern = params["pattern"]
    compiled = re.compile(pattern)
    for result in check.quotes:
        m = compiled.search(result.quote.text)
        if m:
            hit = _quote_hit(result, match=m.group(0))
            hit.key += f"@{pattern}"
            yield hit


def _not_empty(value: list) -> str | None:
    """An empty list of kinds would switch the rule off without a word: say `enabled = false`."""
    return "is empty, so the rule could never fire: list at least one, or set enabled = false" if not value else None


def _valid_regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"does not compile: {exc}"
    except RecursionError:
        return "is nested too deeply to compile"
    risky = _backtracking_risk(_parser.parse(value))
    if risky:
        return (f"can take exponential time on some quotations ({risky}): Python's regular expressions "
                "backtrack, so a repeat may not hold another repeat, an alternation of longer words or a "
                "back-reference; write `^.+！$`, not `^(.+)+！$`")
    return None


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")
_ONE_CHARACTER = ("LITERAL", "NOT_LITERAL", "IN", "ANY", "CATEGORY")


def _backtracking_risk(items, inside_repeat: bool = False) -> str | None:
    """What in a parsed pattern can backtrack exponentially: a repeat of something that can match
    one stretch of text in many ways (another repeat, alternatives longer than a character, a
    back-reference). None when the pattern is safe."""
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            low, high, body = arg
            if inside_repeat and high != low:
                return "a repeat inside a repeat"
            found = _backtracking_risk(body, inside_repeat or high > 1)
            if found:
                return found
        elif name == "BRANCH":
            if inside_repeat and any(len(alt) != 1 or str(alt[0][0]) not in _ONE_CHARACTER for alt in arg[1]):
                return "alternatives inside a repeat"
            for alt in arg[1]:
                found = _backtracking_risk(alt, inside_repeat)
                if found:
                    return found
        elif name == "GROUPREF" and inside_repeat:
            return "a back-reference inside a repeat"
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT", "POSSESSIVE_REPEAT", "GROUPREF_EXISTS"):
            for part in arg if isinstance(arg, tuple) else (arg,):
                if isinstance(part, _parser.SubPattern):
                    found = _backtracking_risk(part, inside_repeat)
                    if found:
                        return found
    return None


# -- citations and dates -------------------------------------------------------------------------
def _notes_at(article, lines: list[int], lang: str) -> str:
    """Where notes stand, as the editor finds them: `第102、1137行` in a text, `第6段脚注1、第40段脚注9`
    in a Word manuscript, `第3页注2` in a PDF (English: `notes on lines 102, 1137`, `paragraph 6, footnote 1`)."""
    places = [article.location(line) for line in lines]
    if all(places):
        if lang == "zh":
            return "、".join(p.describe(lang) for p in places)
        return f"note{'s' if len(places) != 1 else ''} at " + "; ".join(p.describe(lang) for p in places)
    if lang == "zh":
        return f"第{'、'.join(map(str, lines))}行"
    return f"note on line {lines[0]}" if len(lines) == 1 else f"notes on lines {', '.join(map(str, lines))}"


def _ref_hit(rr: ReferenceResult, **extra) -> Hit:
    ref, source = rr.reference, rr.source
    fields = {
        "cited_title": ref.title or "", "cited_date": _zh_date(ref.date), "cited_page": ref.page or "",
        "cited_publication": ref.publication or "", "reference_line": ref.line, "number": ref.number or "",
        "source_title": source.display_title if source else "", "source_date": _zh_date(source.date if source else None),
        "source_page": (source.page or "") if source else "", "source_publication": (source.publication or "") if source else "",
        "source_id": source.id if source else "", "source_url": (source.url or "") if source else "",
        "quote_count": len(rr.quotes), "citation": ref.text.strip().rstrip("。.　 "),
        "note_count": 1, "reference_lines": str(ref.line), "reference_lines_en": str(ref.line),
        "quotations_en": f"{len(rr.quotes)} quotation{'s' if len(rr.quotes) != 1 else ''}", "notes_en": f"note on line {ref.line}",
        # How a fix names the citation: a numbered note, or the citation as written in the running
        # text (an inline citation may carry the number of its reference list entry: not a note).
        "note": f"注释［{ref.number}］" if ref.number and ref.style != "inline" else f"引注“{ref.text.strip()}”",
        "note_en": f"note [{ref.number}]" if ref.number and ref.style != "inline"
        else f"the citation “{ref.text.strip()}”",
    }
    fields.update(extra)
    return Hit(fields=fields, line=ref.line, end_line=ref.end_line, quote=rr.quotes[0].quote.text if rr.quotes else None,
               source_id=source.id if source else None, key=strip_punct(fold(ref.text)))


_REF_FIELDS = {"cited_title", "cited_date", "cited_page", "cited_publication", "reference_line", "number",
               "source_title", "source_date", "source_page", "source_publication", "source_id", "source_url",
               "quote_count", "citation", "note_count", "reference_lines", "note", "note_en",
               "reference_lines_en", "quotations_en", "notes_en"}


def citation_field(check: CheckResult, params: dict) -> Iterator[Hit]:
    """A field of a resolved citation (date, title, page, publication) disagrees with the source.

    Date, page and publication are judged against the cited outlet's own copy only; another
    outlet's copy refutes a date only when no reprint could explain it (see check.copies).
    """
    name = params["field"]
    resolved = {id(rr.reference): rr.resolution.source.id for rr in check.references if rr.resolution}
    for rr in check.references:
        res, ref = rr.resolution, rr.reference
        if res is None:
            continue
        source, copy = res.source, rr.copy
        if name in ref.borrowed and resolved.get(id(ref.listed)) == source.id:
            continue  # written in the reference list entry, and reported there once
        if name == "date" and ref.date and source.date and not ref.date.agrees(source.date):
            if copy.own or not copy.date_explained:
                hit = _ref_hit(rr)
                hit.line, hit.column = _date_position(check.article.raw, ref)  # the line an editor changes
                hit.end_column = 0
                yield hit
        elif name == "title" and ref.title and res.title and not res.title.same_work:
            zh, en = PART_NAMES[res.title.part or "headline"]
            yield _ref_hit(rr, title_part=zh, title_part_en=en, cited_part=res.title.cited_part,
                           source_part=res.title.source_part)
        elif (name == "page" and copy.own and ref.page_unit == "版" and ref.page_number and source.page_number
              and ref.page_number != source.page_number):
            yield _ref_hit(rr)
        elif name == "publication" and copy.conflict == "own_report":
            yield _ref_hit(rr)


def other_copy(check: CheckResult, params: dict) -> Iterator[Hit]:
    """The library holds another outlet's copy of the cited text: the words are checked, the note is not.

    `conflict`: "none" — a wire, broadcast or web copy of what the note cites from a paper;
    "wire_reprint" — the library's paper printed a wire, the note names another paper.
    """
    wanted = params["conflict"]
    for rr in check.references:
        copy = rr.copy
        if copy is None or copy.own or not copy.date_explained or not rr.quotes:
            continue
        if (copy.conflict or "none") == wanted:
            yield _ref_hit(rr, source_copy=_copy_name(rr.source), source_agency=rr.source.wire_agency or "")


def _copy_name(source) -> str:
    """新华社2024年6月24日电 / 《人民日报》2025年4月27日 / 央视新闻联播2024年6月20日: the copy as an editor names it."""
    name = source.publication or ""
    kind = publication_kind(name)
    date = _zh_date(source.date)
    if kind == "wire":
        return f"{name}{date}电"
    if kind == "newspaper":
        return f"《{name}》{date}"
    return f"{name}{date}"


_WRITTEN_DATE = (re.compile(r"[12]\d{3}\s*年\s*\d{1,2}\s*月|[12]\d{3}\s*[-./]\s*\d{1,2}|[〇零一二三四五六七八九]{4}\s*年"),
                 re.compile(r"[12]\d{3}\s*年"))


def _date_position(raw: str, ref) -> tuple[int, int]:
    """Raw line and column where a note writes its date (not the note's first line, which holds the title)."""
    start = 0
    for _ in range(ref.line - 1):
        start = raw.find("\n", start) + 1
    end = start
    for _ in range(ref.end_line - ref.line + 1):
        nxt = raw.find("\n", end)
        end = len(raw) if nxt < 0 else nxt + 1
    text = raw[start:end]
    title_end = text.rfind("》")  # a date inside the title (《…2024世界…》) is not the note's date
    for pattern in _WRITTEN_DATE:
        m = pattern.search(text, title_end + 1) or pattern.search(text)
        if m:
            before = text[:m.start()]
            line_start = before.rfind("\n") + 1
            return ref.line + before.count("\n"), m.start() - line_start + 1
    return ref.line, 1


def event_date(check: CheckResult, params: dict) -> Iterator[Hit]:
    """`2025 年 4 月，在……时` disagrees with the date of the event the cited source reports.

    Compared at the precision the text gives: a month is wrong when the event fell in another
    month, even if the report was printed in the claimed one; a year alone is right when it matches.
    """
    for result, claim, line, source in _claims(check, "date"):
        event = source.event_date
        if event is None or claim.agrees(event):
            continue
        hit = _claim_hit(result, source, line, claimed_date=claim.zh(), event_date=event.zh())
        hit.key += f"@{claim.iso}"
        yield hit


def event_identity(check: CheckResult, params: dict) -> Iterator[Hit]:
    """`在……第二十一次集体学习时` before words the cited source reports from the 第二十次."""
    for result, claim, line, source in _claims(check, "event"):
        reported = [name for name, _, _ in event_names(_event_text(source)) if name.key == claim.key]
        if not reported or any(name.number == claim.number for name in reported):
            continue
        hit = _claim_hit(result, source, line, claimed_event=claim.text, source_event=reported[0].text)
        hit.key += f"@{claim.text}"
        yield hit


def _event_text(source) -> str:
    """Where a report names its event: its title parts and its opening."""
    titles = " ".join(p for p in (source.kicker, source.title, source.subtitle, source.meta_title) if p)
    return titles + " " + source.body.text[:600]


def _claims(check: CheckResult, what: str):
    """(quotation result or None, claimed date or event, line, source) for each claim the text makes
    about a cited event: before a quotation, or in a sentence that cites it in a note."""
    for result in check.quotes:
        claim = result.quote.claim_date if what == "date" else result.quote.claim_event
        line = result.quote.claim_line if what == "date" else result.quote.claim_event_line
        if claim and result.source and result.status not in ("misattributed", "not_found"):
            yield result, claim, line or result.quote.line, result.source
    refs = {id(rr.reference): rr for rr in check.references}
    for claim in check.article.claims:
        rr = refs.get(id(claim.reference))
        value = claim.date if what == "date" else claim.event
        if value and rr and rr.source:
            yield None, value, (claim.date_line if what == "date" else claim.event_line) or claim.line, rr.source


def _claim_hit(result, source, line: int, **extra) -> Hit:
    if result is not None:
        hit = _quote_hit(result, **extra)
    else:
        fields = {"quote": "", "line": line, "status": "", "source_title": source.display_title,
                  "source_date": _zh_date(source.date), "source_page": source.page or "", "source_id": source.id,
                  "source_url": source.url or "", "cited_title": "", "cited_date": "", "cited_page": "",
                  "cited_publication": "", "reference_line": "", "score": ""}
        fields.update(extra)
        hit = Hit(fields=fields, line=line, end_line=line, source_id=source.id, key=f"claim@{source.id}")
    hit.line = hit.end_line = line
    hit.column, hit.end_column = 1, 0
    return hit


# -- coverage --------------------------------------------------------------------------------
def coverage(check: CheckResult, params: dict) -> Iterator[Hit]:
    what = params["what"]
    article = check.article
    if what == "unverifiable_source":
        # One finding per missing source, however many notes cite it (numbering restarts per page).
        groups: dict[tuple, list[ReferenceResult]] = {}
        for rr in check.references:
            if rr.resolution is None and rr.quotes:
                ref = rr.reference
                key = (strip_punct(fold(ref.title or ref.text)), ref.date.iso if ref.date else "")
                groups.setdefault(key, []).append(rr)
        for group in groups.values():
            first = group[0]
            lines = [rr.reference.line for rr in group]
            count = sum(len(rr.quotes) for rr in group)
            hit = _ref_hit(first, quote_count=count, note_count=len(group),
                           reference_lines=_notes_at(article, lines, "zh"),
                           reference_lines_en=", ".join(map(str, lines)),
                           quotations_en=f"{count} quotation{'s' if count != 1 else ''}",
                           notes_en=_notes_at(article, lines, "en"))
            hit.evidence = {"reference_lines": lines, "quotation_lines": [r.quote.line for rr in group for r in rr.quotes]}
            yield hit
    elif what == "uncited_reference":
        has_markers = bool(article.markers)
        for rr in check.references:
            ref = rr.reference
            if not ref.cited and ref.style != "inline" and (ref.style == "footnote" or has_markers):
                yield _ref_hit(rr)
    elif what == "undefined_marker":
        for marker in article.markers:
            if marker.reference is None:
                yield Hit(fields={"number": marker.number, "line": marker.line}, line=marker.line,
                          end_line=marker.line, key=f"marker{marker.number}@{article.body.text[max(0, marker.start - 12):marker.start]}")
    elif what == "unbalanced_quote":
        for line, pos in zip(article.unbalanced, article.unbalanced_at):
            after = article.body.text[pos:pos + 30]
            yield Hit(fields={"line": line}, line=line, end_line=line, key=f"unbalanced@{strip_punct(after)}")
    elif what == "no_quotations":
        if not check.quotes:
            yield Hit(fields={}, line=1, end_line=1, key="no-quotations")


EVALUATORS: dict[str, Evaluator] = {
    "wording": Evaluator(wording, {
        "edit_kinds": Param(list, EDIT_KINDS, choices=tuple(EDIT_KINDS), check=_not_empty),
        "quote_kinds": Param(list, ["marks"], choices=QUOTE_KINDS, check=_not_empty),
        "bindings": Param(list, ["note", "text"], choices=BINDINGS, check=_not_empty),
        "article": Param(str, "any", choices=ARTICLE_STYLES),
        "min_score": Param(float, 0.0, minimum=0, maximum=100)},
        frozenset(_QUOTE_FIELDS | {"source_words", "quote_words", "edit_kind", "edit_count", "source_text", "change",
                                   "change_en"}),
        "wording of a quotation differs from its cited source"),
    "quote_status": Evaluator(quote_status, {
        "statuses": Param(list, [], choices=tuple(STATUSES), check=_not_empty),
        "quote_kinds": Param(list, ["marks"], choices=QUOTE_KINDS, check=_not_empty),
        "bindings": Param(list, list(BINDINGS), choices=BINDINGS, check=_not_empty),
        "article": Param(str, "any", choices=ARTICLE_STYLES),
        "min_weight": Param(int, 0, minimum=0, maximum=10000),
        "require_witness": Param(bool, False),
        "witness_score": Param(float, 0.0, minimum=0, maximum=100)},
        frozenset(_QUOTE_FIELDS | _WITNESS_FIELDS), "a quotation's verdict (status)"),
    "quote_pattern": Evaluator(quote_pattern, {
        "pattern": Param(str, "", check=_valid_regex)},
        frozenset(_QUOTE_FIELDS | {"match"}), "a regular expression matches inside a quotation"),
    "witness": Evaluator(witness, {
        "where": Param(str, "any", choices=("own_text", "quoted", "any")),
        "min_weight": Param(int, 0, minimum=0, maximum=10000),
        "max_weight": Param(int, 0, minimum=0, maximum=10000),
        "min_score": Param(float, 95.0, minimum=0, maximum=100),
        "ref_kinds": Param(list, [], choices=REFERENCE_KINDS)},  # empty: every kind of citation
        frozenset(_QUOTE_FIELDS | _WITNESS_FIELDS), "other library sources hold the words of an unverifiable quotation"),
    "citation_field": Evaluator(citation_field, {
        "field": Param(str, "date", choices=("date", "title", "page", "publication"))},
        frozenset(_REF_FIELDS | {"title_part", "title_part_en", "cited_part", "source_part"}), "a citation field disagrees with the resolved source"),
    "other_copy": Evaluator(other_copy, {
        "conflict": Param(str, "none", choices=("none", "wire_reprint"))},
        frozenset(_REF_FIELDS | {"source_copy", "source_agency"}),
        "the library holds another outlet's copy of the cited text"),
    "event_date": Evaluator(event_date, {}, frozenset(_QUOTE_FIELDS | {"claimed_date", "event_date"}),
                            "an in-text event date disagrees with the cited source"),
    "event_identity": Evaluator(event_identity, {}, frozenset(_QUOTE_FIELDS | {"claimed_event", "source_event"}),
                                "an in-text numbered event (第二十次集体学习) is not the one the cited source reports"),
    "coverage": Evaluator(coverage, {
        "what": Param(str, "unverifiable_source",
                      choices=("unverifiable_source", "uncited_reference", "undefined_marker", "unbalanced_quote",
                               "no_quotations"))},
        frozenset(_REF_FIELDS | {"number", "line"}), "what could not be checked"),
}
