"""What kind of outlet a publication name is, and whether two names are the same outlet.

One text lives in several copies: a 新华社 wire is printed by 人民日报 and other papers the next
day, read on 新闻联播, kept by speech databases. Which copy a library holds decides what it can
confirm about a citation: another outlet's copy verifies the words, not the cited paper's date or page.
"""
from __future__ import annotations

import re

from .normalise import fold_chars, strip_punct

_WIRE = re.compile(r"^(?:新华社|新华通讯社|中新社|中国新闻社)$")
_BROADCAST = re.compile(r"央视|中央电视台|电视台|广播|新闻联播|CCTV|CGTN|总台", re.I)
_WEB = re.compile(r"(?:网|网站|客户端|公众号|数据库)$")
_PRINT = re.compile(r"(?:报|刊|杂志|学报|周刊|月刊|参考|求是|半月谈|瞭望)$")


def publication_key(name: str | None) -> str:
    return strip_punct(fold_chars(name or "")).strip("《》")


def publication_kind(name: str | None) -> str:
    """newspaper (print: papers and journals) | wire | broadcast | web | unknown."""
    key = publication_key(name)
    if not key:
        return "unknown"
    if _WIRE.match(key):
        return "wire"
    if _BROADCAST.search(key):
        return "broadcast"
    if _PRINT.search(key):
        return "newspaper"
    if _WEB.search(key):
        return "web"
    return "unknown"


def same_publication(a: str | None, b: str | None) -> bool:
    return bool(a and b and publication_key(a) == publication_key(b))
