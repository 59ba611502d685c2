"""Which copy of a text the library holds, compared with the copy a citation names.

A library copy from another outlet (a 新华社 wire, a broadcast transcript, a speech database,
another paper) verifies the words but cannot confirm or refute the cited paper's date and page.
Those stay checkable only against the cited outlet's own copy, or when no copy can explain
them: a date before the copy's own, or long after it, or another year.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..article.cite import Reference
from ..library import Source
from ..text.publications import publication_kind, same_publication

REPRINT_DAYS = 3  # a wire or broadcast of day d is printed on day d .. d+3


@dataclass(frozen=True)
class CopyRelation:
    own: bool  # the library holds the cited outlet's own copy (or the note names no outlet)
    # Two different papers: "own_report" when the library's paper wrote the report itself,
    # "wire_reprint" when it printed a wire that other papers may have printed too.
    conflict: str | None = None
    date_explained: bool = True  # the cited date fits this copy (same outlet: equal; other: a reprint's delay)


def relate(ref: Reference, source: Source) -> CopyRelation:
    if not ref.publication or not source.publication or same_publication(ref.publication, source.publication):
        return CopyRelation(own=True)
    conflict = None
    if publication_kind(ref.publication) == "newspaper" and publication_kind(source.publication) == "newspaper":
        conflict = "wire_reprint" if source.wire_agency else "own_report"
    return CopyRelation(own=False, conflict=conflict, date_explained=_reprint_date(ref, source))


def _reprint_date(ref: Reference, source: Source) -> bool:
    """Whether another outlet could have printed this copy on the cited date."""
    cited, copy = ref.date, source.date
    if cited is None or copy is None:
        return True
    if not (cited.month and cited.day and copy.month and copy.day):
        return cited.agrees(copy) or cited.year == copy.year
    try:
        days = (dt.date(cited.year, cited.month, cited.day) - dt.date(copy.year, copy.month, copy.day)).days
    except ValueError:
        return False
    return 0 <= days <= REPRINT_DAYS
