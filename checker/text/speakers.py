"""Who says what: verbs of saying, the subject before one, and the person a subject names.

Shared by the article (an attributed sentence: `习近平强调，要……`, `《X》一文指出：……`) and the
library (the nearest speaker before words in a report: `李强在会上表示，……`).
"""
from __future__ import annotations

import re

# Longer verbs first: 强调指出 before 强调, 提到 before 提.
VERBS = ("深刻指出", "强调指出", "明确指出", "明确提出", "特别强调", "指出", "强调", "表示", "要求", "提出", "认为",
         "宣布", "提到", "写道", "写到", "谈到", "说道", "介绍", "寄语", "称", "说")
_VERB = "|".join(VERBS)
# A subject, then a verb of saying, then a comma or colon (folded to ASCII by the canonical text):
# `习近平在贺信中表示，` `正如习近平所指出的，` `《X》一文指出：`. The subject runs back to the
# last punctuation; the check decides whether the words after it are anyone's.
# 来说, 可以说, 就是说, 比如说, 换句话说: a turn of phrase, not someone's words.
_NOT_SAYING = r"(?<![来以是如话得应])"
ATTRIBUTION = re.compile(rf"(?P<who>[^,:;。!?、“”‘’()（）]{{1,40}}?)(?:也|还|同时|曾|都|再次|进一步)?"
                         rf"{_NOT_SAYING}(?P<verb>{_VERB})(?:道|过|了|的)?[,:]")
# Right before a quotation's opening mark: 习近平强调，要“ / 习近平指出“ / 总书记强调的“.
BEFORE_QUOTE = re.compile(rf"(?P<who>[^,:;。!?、“”‘’()（）]{{1,40}}?)(?:也|还|同时|曾|都|再次|进一步)?"
                          rf"{_NOT_SAYING}(?P<verb>{_VERB})(?:道|过|了|的)?[,:]?要?$")
# In a source's raw text the punctuation is full-width.
SOURCE_ATTRIBUTION = re.compile(rf"(?P<who>[^，,：:；;。！？!?、“”‘’（）()\n]{{1,40}}?)(?:也|还|同时|曾|都|再次|进一步)?"
                                rf"(?P<verb>{_VERB})(?:道|过|了)?[，,：:]")
# Where a speech was given, between the speaker and the verb: 在贺信中, 在主持学习时, 在会上.
_SETTING = re.compile(r"(?:在|出席|主持|会见|同)[^在]{0,40}?(?:时|中|上|后|之际|期间)$|[所曾也还都]$")
ROLES = ("总书记", "国家主席", "主席", "总理", "副总理", "委员长", "副主席", "国务委员", "部长", "副部长", "书记", "主任",
         "省长", "市长", "县长", "院长", "局长", "秘书长", "发言人", "大使", "会长", "董事长", "总经理", "校长", "教授",
         "院士", "研究员", "专家", "代表", "委员", "同志")
_ROLE_NAME = re.compile(rf"(?:{'|'.join(sorted(ROLES, key=len, reverse=True))})(?P<name>[\u4e00-\u9fff]{{2,3}})$")
_NAME_ROLE = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,3}})(?:{'|'.join(sorted(ROLES, key=len, reverse=True))})$")
# Subjects that are not a person: a meeting, a document, a group, a pronoun.
_NOT_A_PERSON = re.compile(r"会议|全会|文件|文章|报道|社论|评论|公报|决定|意见|方案|规划|报告|《|》|通知|纲要|条例|"
                           r"我们|他们|大家|有人|与会|同志们|代表们|专家们|人士|部门|机构|政府|委员会|中央|国务院|"
                           r"^他$|^她$|^其$|研究|数据|调查|统计|人民日报|新华社")
_PRONOUN = re.compile(r"^(?:他|她|其|他们|她们)$")


def subject(who: str) -> str:
    """The speaker of `who` without where the speech was given: 习近平在贺信中 -> 习近平."""
    who = who.strip()
    for _ in range(2):
        m = _SETTING.search(who)
        if m and m.start() > 0:
            who = who[:m.start()]
    return who.strip()


def is_pronoun(who: str) -> bool:
    return bool(_PRONOUN.match(who))


def person(who: str, known: dict[str, str]) -> str | None:
    """The person a subject names (by `known` {name or title: person}, a role before or after a
    2-3 character name, or a bare 2-3 character subject), or None (a group, a document, unknown).
    """
    for name in sorted(known, key=len, reverse=True):
        if name in who:
            return known[name]
    if _NOT_A_PERSON.search(who):
        return None
    m = _ROLE_NAME.search(who) or _NAME_ROLE.search(who)
    if m:
        return m.group("name")
    if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", who):
        return who
    return None


def speaker_before(text: str) -> tuple[str, str] | None:
    """(subject, verb) of the last verb of saying in `text` (a source's paragraph before some words)."""
    last = None
    for m in SOURCE_ATTRIBUTION.finditer(text):
        last = m
    if last is None:
        return None
    return subject(last.group("who")), last.group("verb")
