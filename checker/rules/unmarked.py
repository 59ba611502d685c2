"""Evaluators: words borrowed without quotation marks (check.unmarked), and who said them.

Reported speech allows paraphrase, so nothing here is an error about the words: adapted wording
is info, a changed number, negation, obligation word, name or an added clause a warning. An error
only when the article names a person and the source names another person for the same words.
"""
from __future__ import annotations

from typing import Iterator

from ..check import CheckResult
from ..check.unmarked import UnmarkedResult
from ..text.normalise import fold, strip_punct
from ..text.speakers import person
from .evaluators import Evaluator, Hit, Param, _change, _zh_date

REASONS = ("wording", "number", "negation", "obligation", "name", "clause")
REASON_ZH = {"wording": "措辞", "number": "数字", "negation": "否定词", "obligation": "责任用语（要、必须、不得、可以等）",
             "name": "名称", "clause": "增加了原文没有的内容"}
_FIELDS = frozenset({"quote", "line", "speaker", "source_title", "source_date", "source_id", "source_text",
                     "source_words", "quote_words", "reason", "reason_en", "source_speaker", "change", "change_en"})


def _hit(result: UnmarkedResult, **extra) -> Hit:
    item, source, edit = result.item, result.source, result.edit
    fields = {"quote": item.text, "line": item.line, "speaker": item.speaker or "",
              "source_title": source.display_title, "source_date": _zh_date(source.date), "source_id": source.id,
              "source_text": result.source_text(), "source_words": (edit.printed or edit.shown_source) if edit else "",
              "quote_words": edit.shown_quote if edit else "", "reason": REASON_ZH.get(result.reason, ""),
              "reason_en": result.reason, "source_speaker": result.source_speaker or ""}
    fields["change"], fields["change_en"] = _change(edit) if edit else ("", "")
    fields.update(extra)
    return Hit(fields=fields, line=item.line, end_line=item.end_line, column=item.column, end_column=item.end_column,
               quote=item.text, source_id=source.id, source_line=source.line_of(result.alignment.start),
               key="unmarked@" + strip_punct(fold(item.text)),
               evidence={"score": result.alignment.score, "source_text": result.source_text(), "reason": result.reason,
                         "edits": [e.to_json() for e in result.alignment.edits] if result.reason != "verified" else []})


def unmarked(check: CheckResult, params: dict) -> Iterator[Hit]:
    """Borrowed words that differ from the source that holds them, for the given reasons."""
    attributed = params["attribution"] == "speaker"
    reasons = set(params["reasons"])
    for result in check.unmarked:
        if result.item.attributed == attributed and result.reason in reasons:
            yield _hit(result)


def _kind(who: str, known: dict[str, str]) -> tuple[str, str] | None:
    """("person", name) or ("group", words) for a speaker; None for a work, a document or unknown."""
    name = person(who, known)
    if name:
        return "person", name
    if any(word in who for word in ("与会", "同志们", "代表们", "专家们", "人士", "会议", "全会", "委员会", "部门")):
        return "group", who
    return None


def known_speakers(entries: list[str]) -> dict[str, str]:
    """["习近平", "总书记=习近平"] -> {"习近平": "习近平", "总书记": "习近平"}."""
    known = {}
    for entry in entries:
        alias, _, name = entry.partition("=")
        known[alias.strip()] = (name or alias).strip()
    return known


def speaker(check: CheckResult, params: dict) -> Iterator[Hit]:
    """The article gives words to one speaker; the source that holds them, to another."""
    known = known_speakers(params["speakers"])
    both_persons = params["level"] == "person"
    for result in check.unmarked + check.quoted_speakers:
        if not result.item.attributed or not result.source_speaker:
            continue
        ours, theirs = _kind(result.item.speaker, known), _kind(result.source_speaker, known)
        if ours is None or theirs is None or ours[1] == theirs[1]:
            continue
        if ours[0] == "person" and theirs[0] == "person":
            if ours[1] in result.source_speaker or theirs[1] in result.item.speaker:
                continue  # 国务院总理李强 and 李强: the same person
            if both_persons:
                yield _hit(result)
        elif not both_persons and "person" in (ours[0], theirs[0]):
            yield _hit(result)


_SPEAKERS = ["习近平", "总书记=习近平", "习近平总书记=习近平", "主席=习近平", "习主席=习近平"]
EVALUATORS = {
    "unmarked": Evaluator(unmarked, {
        "attribution": Param(str, "speaker", choices=("speaker", "none")),
        "reasons": Param(list, list(REASONS), choices=REASONS)},
        _FIELDS, "words borrowed without quotation marks differ from the source that holds them"),
    "speaker": Evaluator(speaker, {
        "level": Param(str, "person", choices=("person", "other")),
        "speakers": Param(list, _SPEAKERS)},
        _FIELDS, "the source gives the words to another speaker"),
}
