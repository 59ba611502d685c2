"""Forms protected against cross-site requests, and uploads held to their limits.

A page from another site can make the editor's browser post to 127.0.0.1. Two locks:
- every form carries a token tied to the browser's session cookie (random, HttpOnly,
  SameSite=Strict) by an HMAC with the desk's secret; a POST whose token does not match is refused;
- a POST whose Origin (or, lacking it, Referer) is another host than the one addressed is refused.
Uploads: the declared length is checked before the body is read, then the number of files and
each file's size once parsed.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

SESSION_COOKIE = "qc_session"
UPLOAD_LIMIT = 100 * 2**20  # one upload as a whole, whatever the count and size allowed per file
WHO_COOKIE = "qc_who"


class Refused(Exception):
    """A request refused with an HTTP status and one line in both languages."""

    def __init__(self, status: int, en: str, zh: str):
        super().__init__(en)
        self.status, self.en, self.zh = status, en, zh

    def line(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def session_of(request: Request) -> tuple[str, bool]:
    """(the session id, whether it is new and must be set as a cookie)."""
    value = request.cookies.get(SESSION_COOKIE, "")
    if len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value, False
    return secrets.token_hex(16), True


def token_for(secret: bytes, session: str) -> str:
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()[:40]


def set_session(response, session: str) -> None:
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")


def check_origin(request: Request) -> None:
    """The page that posted must be one of ours: Origin (or Referer) names the host addressed."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None:
        return  # not a browser's cross-site form (browsers send Origin on every POST); the token decides
    if origin == "null" or urlsplit(origin).netloc != host:
        raise Refused(403, "refused: the form was posted from another site", "已拒绝：表单来自其他网站")


def check_token(request: Request, secret: bytes, form) -> None:
    session = request.cookies.get(SESSION_COOKIE, "")
    sent = str(form.get("csrf", ""))
    if not session or not hmac.compare_digest(sent, token_for(secret, session)):
        raise Refused(403, "refused: the page has expired or was not opened here; reload it and try again",
                      "已拒绝：页面已过期或并非在此打开；请刷新页面后重试")


async def read_form(request: Request, secret: bytes, max_files: int = 0, max_bytes: int = 0):
    """The posted form, after the origin, the declared length and the token are checked."""
    check_origin(request)
    limit = min(max_files * max_bytes, max(max_bytes, UPLOAD_LIMIT)) + 64 * 1024 if max_files else 256 * 1024
    try:
        length = int(request.headers["content-length"])
    except (KeyError, ValueError):
        # a body of unknown length could be endless; browsers always give the length of a form
        raise Refused(411, "refused: the request does not say its length", "已拒绝：请求未注明长度") from None
    if length > limit:
        raise Refused(413, f"refused: the upload is {length / 2**20:.1f} MB, more than {limit / 2**20:.1f} MB at once",
                      f"已拒绝：上传内容 {length / 2**20:.1f} MB，超过一次 {limit / 2**20:.1f} MB 的上限")
    try:
        form = await request.form(max_files=max_files, max_fields=20)
    except Exception as exc:  # python-multipart's limits and malformed bodies
        detail = getattr(exc, "detail", str(exc))
        if "files" in str(detail).lower():
            raise Refused(413, f"refused: more than {max_files} files at once", f"已拒绝：一次最多上传 {max_files} 个文件")
        raise Refused(400, f"refused: the form cannot be read ({detail})", f"已拒绝：无法读取表单（{detail}）")
    check_token(request, secret, form)
    return form
