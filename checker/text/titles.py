"""The parts of a report's title, and whether a cited title names the same work.

A printed report's title has parts: 引题 (kicker), 主题 (headline), 副题 (subtitle). Notes cite
kicker + headline, the headline alone, or headline——subtitle; archives store `习近平：<headline>`,
the headline without its kicker, or a speech title with its date and place in brackets
(`在科学家座谈会上的讲话（2020年9月11日）`). All name the same work. A cited title names another
work only when a part it gives differs from that part of the source's title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import fold_chars, strip_punct

_SPEAKER = re.compile(r"^\s*[\u4e00-\u9fff·]{2,6}\s*[：:]\s*")  # 习近平：
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]{1,40}[）)]\s*$")  # （2020年9月11日）, （人民要论）
_SUBTITLE = re.compile(r"\s*(?:——|—\s*—|--)\s*")

PART_NAMES = {"kicker": ("引题", "kicker"), "headline": ("主题", "headline"), "subtitle": ("副题", "subtitle")}


def key(text: str | None) -> str:
    """A title part as compared: width folded, no speaker prefix, no trailing bracket, no punctuation."""
    text = _SPEAKER.sub("", fold_chars(text or "").strip())
    while _TRAILING_BRACKET.search(text):
        text = _TRAILING_BRACKET.sub("", text).strip()
    return strip_punct(text).lstrip("—-")


# A document named with its issuers, or by the notice or report that issues it, names the document:
# 《中共中央办公厅 国务院办公厅关于……的意见》 is cited as 《关于……的意见》; 《国务院印发〈关于……〉》,
# 《……印发〈……〉的通知》, 《联合印发《……》》 carry the document 《……》; 全文 and 摘要 name it too.
_ISSUER = (r"(?:[\u4e00-\u9fff]{0,16}?(?:中央|国务院|办公厅|办公室|委员会|常委会|总局|政府|银行|法院|检察院"
           r"|部|委|局|署|院|厅|会))")
_ISSUERS = re.compile(rf"^(?:{_ISSUER}[\s、，,和与及]*)+$")
_ISSUES = re.compile(r"(?:印发|发布|公布|颁布|出台)\s*[《〈](?P<inner>[^《》〈〉]{4,80})[》〉](?:的通知)?")
_DOCUMENT_TAIL = re.compile(r"\s*[（(]?(?:全文|摘要|节选)[）)]?\s*$")


def document_keys(title: str | None) -> set[str]:
    """Keys of every name of the document a title names: as written, without its issuers before
    关于, the document an 印发《…》 title issues, without 全文 or 摘要. Another 关于 subject, or
    another year of a plan, keeps another key."""
    text = _DOCUMENT_TAIL.sub("", fold_chars(title or "").strip())
    while _TRAILING_BRACKET.search(text):  # （2025年3月21日） after the title
        text = _DOCUMENT_TAIL.sub("", _TRAILING_BRACKET.sub("", text).strip())
    forms = {text}
    issued = _ISSUES.search(text)
    if issued:
        forms.add(issued.group("inner"))
    for form in list(forms):
        about = form.find("关于")
        if about > 0 and _ISSUERS.match(form[:about].strip()):
            forms.add(form[about:])
    return {k for k in (key(f) for f in forms) if k}


def split_subtitle(title: str | None) -> tuple[str, str]:
    """(main title, subtitle) keys of a title written as 主题——副题."""
    parts = _SUBTITLE.split(fold_chars(title or "").strip(), maxsplit=1)
    return key(parts[0]), key(parts[1]) if len(parts) > 1 else ""


@dataclass(frozen=True)
class TitleMatch:
    same_work: bool
    part: str | None = None  # which part differs: kicker | headline | subtitle
    cited_part: str = ""
    source_part: str = ""


def same_part(a: str, b: str) -> bool:
    """Parts are compared word for word: a title is cited as printed, so a changed word in a part
    is an error of the note, whatever form (kicker, brackets, speaker) the rest takes."""
    return bool(a) and a == b


def compare(cited: str, versions: list[tuple[str, str, str]]) -> TitleMatch:
    """Whether `cited` names the work whose title versions are (kicker, headline, subtitle) triples.

    The cited title's parts are compared with the source's part by part: its main title must be
    the headline, or the kicker and the headline, or end with the headline after a kicker the
    library copy lacks; a subtitle, when both give one, must be the source's.
    """
    c_main, c_sub = split_subtitle(cited)
    documents = document_keys(cited)
    if any(documents & (document_keys(headline) | document_keys(kicker + headline)) for kicker, headline, _ in versions):
        return TitleMatch(True)  # the same document, named with or without its issuers or notice
    verdicts = []
    for kicker, headline, subtitle in versions:
        k = key(kicker)
        h, s = (key(headline), key(subtitle)) if subtitle else split_subtitle(headline)
        if not h:
            continue
        verdict = _compare_one(c_main, c_sub, k, h, s)
        if verdict.same_work:
            return verdict
        verdicts.append(verdict)
    # Name the most precise difference: a kicker or subtitle of a title whose headline matched.
    verdicts.sort(key=lambda v: v.part == "headline")
    return verdicts[0] if verdicts else TitleMatch(False, "headline", c_main, "")


def _compare_one(c_main: str, c_sub: str, k: str, h: str, s: str) -> TitleMatch:
    if c_sub and s and not same_part(c_sub, s):
        main_ok = same_part(c_main, h) or same_part(c_main, k + h)
        if main_ok:
            return TitleMatch(False, "subtitle", c_sub, s)
    main = None
    if same_part(c_main, h) or (k and same_part(c_main, k + h)) or (s and not c_sub and same_part(c_main, h + s)):
        main = TitleMatch(True)
    elif c_main.endswith(h) and len(h) >= 4:
        prefix = c_main[:-len(h)]
        if not k or same_part(prefix, k):
            main = TitleMatch(True)  # a kicker the library copy does not have, or the same kicker
        else:
            return TitleMatch(False, "kicker", prefix, k)
    elif k and c_main.startswith(k) and len(k) >= 4:
        return TitleMatch(False, "headline", c_main[len(k):], h)
    if main is None:
        return TitleMatch(False, "headline", c_main, h)
    if c_sub and s and not same_part(c_sub, s):
        return TitleMatch(False, "subtitle", c_sub, s)
    return main
