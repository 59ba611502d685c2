"""quotecheck's own comments in a reviewed Word copy, and what the editor did with them.

Every comment quotecheck writes has the author `quotecheck` and ends with a marker line naming
the finding (`[quotecheck QC101 fp=…]`) or the summary (`[quotecheck summary]`), so a later check
finds its own comments and never an editor's. The editor answers in Word's own ways: resolving
the comment (Word writes `w15:done="1"` in commentsExtended.xml) or replying to it (a comment
whose `w15:paraIdParent` is the last paragraph of ours) with 忽略/已核 and a reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .docx import OWN_AUTHOR, part_element, q

RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
PARA_ID = "{%s}paraId" % W14

MARKER = re.compile(r"\[quotecheck (?:(?P<summary>summary)|(?P<rule>QC\d{3}) fp=(?P<fp>[0-9a-f]{8,64}))\]")
# A reply that decides: 忽略 (keep the text as it is) or 已核 (verified), then the reason.
_DISMISS = re.compile(r"^\s*(?:忽略|不改|保留|ignore|dismiss(?:ed)?)[\s:：,，。.;；、-]*(?P<reason>.*)$", re.S | re.I)
_CHECKED = re.compile(r"^\s*(?:已核|已核对|核对无误|checked|verified)[\s:：,，。.;；、-]*(?P<reason>.*)$", re.S | re.I)


def finding_marker(rule: str, fingerprint: str) -> str:
    return f"[quotecheck {rule} fp={fingerprint}]"


SUMMARY_MARKER = "[quotecheck summary]"


@dataclass
class WordComment:
    id: str
    author: str
    date: str
    text: str
    element: object
    para_id: str | None = None  # w14:paraId of its last paragraph (what commentsExtended names)
    done: bool = False
    parent: str | None = None  # the paraId of the comment it answers


@dataclass
class OwnComment:
    """One of quotecheck's comments, with the editor's replies to it."""

    comment: WordComment
    rule: str | None
    fingerprint: str | None  # None for the summary (and for a marker-less comment of an old version)
    replies: list[WordComment] = field(default_factory=list)

    @property
    def summary(self) -> bool:
        return self.fingerprint is None and self.rule is None

    def decision(self) -> tuple[str, str, str, str] | None:
        """(decision, reason, who, when) the editor gave here, the latest reply first; None when none."""
        for reply in sorted(self.replies, key=lambda r: r.date, reverse=True):
            for pattern, kind in ((_DISMISS, "dismissed"), (_CHECKED, "checked")):
                m = pattern.match(reply.text)
                if m:
                    reason = m.group("reason").strip()
                    if kind == "dismissed" and not reason:
                        reason = "（回复「忽略」，未写理由）"
                    return kind, reason, reply.author, reply.date
        if self.comment.done or any(r.done for r in self.replies):
            words = next((r for r in sorted(self.replies, key=lambda r: r.date, reverse=True) if r.text.strip()), None)
            reason = words.text.strip() if words else "在 Word 中标为已解决"
            return "checked", reason, words.author if words else "", words.date if words else ""
        return None


def word_comments(document) -> list[WordComment]:
    """Every comment of the document, with Word's resolved flag and reply links."""
    root, part = part_element(document, RT_COMMENTS)
    if part is None:  # no comments, or kept outside the package
        return []
    extended, extended_part = part_element(document, RT_COMMENTS_EXTENDED)
    states = {}
    if extended_part is not None:
        for ex in extended.iter("{%s}commentEx" % W15):
            states[ex.get("{%s}paraId" % W15)] = (ex.get("{%s}done" % W15) in ("1", "true"),
                                                   ex.get("{%s}paraIdParent" % W15))
    out = []
    for element in root.findall(q("comment")):
        paras = element.findall(q("p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(q("t"))) for p in paras)
        para_id = paras[-1].get(PARA_ID) if paras else None
        done, parent = states.get(para_id, (False, None))
        out.append(WordComment(element.get(q("id")), element.get(q("author")) or "", element.get(q("date")) or "",
                               text, element, para_id, done, parent))
    return out


def own_comments(document) -> tuple[list[OwnComment], list[WordComment]]:
    """(quotecheck's comments with their replies, every comment)."""
    comments = word_comments(document)
    own = []
    by_para = {}
    for comment in comments:
        if comment.author != OWN_AUTHOR:
            continue
        m = MARKER.search(comment.text)
        entry = OwnComment(comment, m.group("rule") if m else None, m.group("fp") if m else None)
        own.append(entry)
        if comment.para_id:
            by_para[comment.para_id] = entry
    for comment in comments:
        if comment.author != OWN_AUTHOR and comment.parent in by_para:
            by_para[comment.parent].replies.append(comment)
    return own, comments


def editor_decisions(path: str, data: bytes) -> list[tuple[OwnComment, tuple[str, str, str, str]]]:
    """What the editor decided in a reviewed copy: (quotecheck's comment, (decision, reason, who, when))."""
    from .docx import open_document

    own, _ = own_comments(open_document(path, data))
    return [(c, d) for c in own if c.fingerprint and (d := c.decision()) is not None]
