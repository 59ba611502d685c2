"""The web app: routes, pages and downloads (Starlette; Jinja templates with autoescape on).

Pages: the desk (`/`: upload, the list of manuscripts with their counts), the review of one
manuscript (`/m/<id>`: one finding at a time with keys, or `?view=list`), the sources page
(`/sources`). Every POST goes through guard.read_form (origin, length, token). A manuscript is
named in a URL by its content hash only; nothing a request says becomes a file path.
"""
from __future__ import annotations

import contextlib
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote, unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..report.safe import visible
from .desk import Desk
from .guard import WHO_COOKIE, Refused, read_form, session_of, set_session, token_for
from .review import DISMISS_REASONS, counts, findings_to_review, with_decisions
from .uploads import MANUSCRIPT_KINDS, SOURCE_KINDS, sniff

HERE = Path(__file__).resolve().parent
DECISION_LABELS = {"dismissed": ("已忽略（保留原文）", "dismissed (text kept)"), "checked": ("已核对", "checked"),
                   "accepted": ("已接受修改", "fix accepted"), "reopened": ("已撤销", "reopened")}
# Content Security Policy: only our own files, no inline script, nothing from another site.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def create_app(desk: Desk, max_files: int = 20, max_bytes: int = 20 * 2**20, host: str = "127.0.0.1") -> Starlette:
    """The app over a started desk (its library and rules loaded), answering requests addressed to
    `host` (and, on loopback, to localhost): a page of another site whose name was pointed at
    127.0.0.1 (DNS rebinding) is refused, so it can neither read the desk nor take a form's token."""
    lang = desk.lang
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(["html"], default_for_string=True, default=True))
    env.filters["visible"] = visible
    env.globals.update(t=lambda zh, en: zh if lang == "zh" else en, lang=lang, decision_labels=DECISION_LABELS,
                       dismiss_reasons=DISMISS_REASONS, max_files=max_files, max_mb=max_bytes // 2**20)

    def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        session, new = session_of(request)
        who = unquote(request.cookies.get(WHO_COOKIE, ""))[:40]
        html = env.get_template(template).render(request=request, csrf=token_for(desk.secret, session), who=who,
                                                 **context)
        response = HTMLResponse(html, status)
        if new:
            set_session(response, session)
        return secured(response)

    def refused(request: Request, exc: Refused, template: str = "message.html", **context) -> HTMLResponse:
        return page(request, template, exc.status, notices=[("error", exc.line(lang))], **context)

    def store():
        from ..decisions import DecisionStore

        return DecisionStore(desk.decisions_path)

    def desk_rows() -> list:
        with store() as decisions:
            return [(m, counts(m, decisions) if m.state == "done" else {}) for m in desk.listed()]

    async def home(request: Request) -> HTMLResponse:
        return page(request, "desk.html", rows=desk_rows(), busy=desk.busy(), notices=[])

    async def rows(request: Request) -> HTMLResponse:
        return page(request, "_rows.html", rows=desk_rows(), busy=desk.busy())

    async def upload(request: Request) -> Response:
        try:
            form = await read_form(request, desk.secret, max_files, max_bytes)
        except Refused as exc:
            return refused(request, exc, "desk.html", rows=desk_rows(), busy=desk.busy())
        notices, added = [], []
        files = [f for f in form.getlist("files") if hasattr(f, "read")]
        for item in files:
            name = visible(item.filename or "")
            data = await item.read(max_bytes + 1)
            if len(data) > max_bytes:
                notices.append(("error", _t(lang, f"{name}：超过每个文件 {_size(max_bytes)} 的上限，未上传",
                                              f"{name}: larger than {_size(max_bytes)}, not uploaded")))
                continue
            kind = sniff(item.filename or "", data)
            if kind.kind not in MANUSCRIPT_KINDS:
                notices.append(("error", f"{name}：{kind.problem(lang)}" if lang == "zh" else f"{name}: {kind.problem(lang)}"))
                continue
            added.append(desk.add(item.filename or "", kind.kind, data))
        if not files:
            notices.append(("error", _t(lang, "没有选择文件", "no file chosen")))
        if not notices:
            return secured(RedirectResponse("/", status_code=303))
        too_big = any(_size(max_bytes) in text for _, text in notices)
        status = 200 if added else (413 if too_big else 400)
        return page(request, "desk.html", status, rows=desk_rows(), busy=desk.busy(), notices=notices)

    async def set_who(request: Request) -> Response:
        try:
            form = await read_form(request, desk.secret)
        except Refused as exc:
            return refused(request, exc)
        name = " ".join(visible(str(form.get("who", ""))).split())[:40]
        target = _local(str(form.get("next", "/")))
        response = RedirectResponse(target, status_code=303)
        if name:
            response.set_cookie(WHO_COOKIE, quote(name), max_age=400 * 86400, samesite="strict", path="/")
        return secured(response)

    def manuscript_or_404(request: Request):
        manuscript = desk.get(request.path_params["mid"])
        if manuscript is None:
            raise Refused(404, "no such manuscript on this desk", "本工作台没有这份稿件")
        return manuscript

    async def review_page(request: Request) -> Response:
        try:
            manuscript = manuscript_or_404(request)
        except Refused as exc:
            return refused(request, exc)
        as_list = request.query_params.get("view") == "list"
        items = findings_to_review(manuscript, with_info=as_list)
        number = _int(request.query_params.get("n"), 0)
        number = min(max(number, 0), max(len(items) - 1, 0))
        current = items[number] if items and not as_list else None
        with store() as decisions:
            with_decisions(items, decisions, current)
        notice = request.query_params.get("notice", "")
        notices = [("info", _t(lang, *NOTICES[notice]))] if notice in NOTICES else []
        seen = _stamp(current.history[-1]) if current and current.history else ""
        return page(request, "review.html", m=manuscript, items=items, item=current, number=number,
                    as_list=as_list, notices=notices, report=manuscript.report, seen=seen)

    async def desk_json(request: Request) -> Response:
        """The desk as data (as Datasette offers every page): each manuscript, its state and counts."""
        return secured(JSONResponse({"version": 1, "manuscripts": [
            {"id": m.id, "name": m.name, "kind": m.kind, "size": m.size, "uploaded": m.uploaded, "state": m.state,
             "problem": m.problem(lang) or None, "counts": c or None} for m, c in desk_rows()]}))

    async def review_json(request: Request) -> Response:
        """One manuscript's findings (as in `check --format json`), each with its current decision."""
        manuscript = desk.get(request.path_params["mid"])
        if manuscript is None or manuscript.report is None:
            return secured(JSONResponse({"error": "no such checked manuscript"}, 404))
        items = findings_to_review(manuscript, with_info=True)
        with store() as decisions:
            with_decisions(items, decisions)
        return secured(JSONResponse({"version": 1, "id": manuscript.id, "name": manuscript.name, "findings": [
            item.finding.to_json() | {"where": item.where, "decision": asdict(item.decision) if item.decision else None}
            for item in items]}))

    async def decide(request: Request) -> Response:
        from ..decisions import Decision, DecisionError, now_utc

        try:
            manuscript = manuscript_or_404(request)
            form = await read_form(request, desk.secret)
        except Refused as exc:
            return refused(request, exc)
        who = unquote(request.cookies.get(WHO_COOKIE, ""))[:40]
        items = findings_to_review(manuscript, with_info=True)
        fingerprint = str(form.get("fp", ""))
        item = next((i for i in items if i.fingerprint == fingerprint), None)
        choice = str(form.get("decision", ""))
        number = _int(str(form.get("n", "0")), 0)
        back = f"/m/{manuscript.id}" + ("?view=list" if form.get("list") else f"?n={number}")
        if item is None:
            return refused(request, Refused(404, "no such finding in this manuscript (it was checked again: reload)",
                                            "这份稿件中没有这条发现（稿件已重新核对：请刷新）"))
        if not who:
            return refused(request, Refused(400, "give your name first (it is kept with each decision)",
                                            "请先填写您的名字（每个决定都记下是谁做的）"))
        if choice not in ("dismissed", "checked", "accepted", "undo"):
            return refused(request, Refused(400, f"unknown decision {choice!r}", f"未知的决定 {choice!r}"))
        reason = " ".join(visible(str(form.get("reason", ""))).split())[:300]
        f = item.finding
        try:
            decision = Decision(fingerprint, "reopened" if choice == "undo" else choice, reason, who, now_utc(),
                                f.quote or f.message, manuscript.name, "web", f.rule)
        except DecisionError as exc:
            zh, en = REASON_NEEDED if "reason" in exc.message else (exc.message, exc.message)
            return refused(request, Refused(400, en, zh))
        with store() as decisions:
            latest = decisions.history(fingerprint)
            decisions.record(decision)
        # Another tab (or editor) decided since this page was drawn: the later decision stands, say so.
        overtaken = "seen" in form and bool(latest) and str(form["seen"]) != _stamp(latest[-1])
        if choice != "undo" and not form.get("list"):
            reviewable = findings_to_review(manuscript)
            number = min(number + 1, max(len(reviewable) - 1, 0))
            back = f"/m/{manuscript.id}?n={number}"
        if overtaken:
            back += "&notice=overtaken"
        return secured(RedirectResponse(back, status_code=303))

    async def download_docx(request: Request) -> Response:
        try:
            manuscript = manuscript_or_404(request)
            if manuscript.report is None or manuscript.kind != "docx":
                raise Refused(404, "no reviewed copy: only a checked .docx manuscript has one",
                              "没有审阅稿：只有已核对的 .docx 稿件才有")
            data = await desk.on_worker(_reviewed_copy, manuscript, desk)
        except Refused as exc:
            return refused(request, exc)
        return _attachment(data, f"{manuscript.file.stem}.reviewed.docx",
                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    async def download_html(request: Request) -> Response:
        try:
            manuscript = manuscript_or_404(request)
            if manuscript.report is None:
                raise Refused(404, "not checked yet", "尚未核对完")
        except Refused as exc:
            return refused(request, exc)
        text = await desk.on_worker(_html_report, manuscript, desk)
        return _attachment(text.encode("utf-8"), f"{manuscript.file.stem}.html", "text/html; charset=utf-8")

    async def sources(request: Request) -> HTMLResponse:
        return page(request, "sources.html", **_sources_context(desk), notices=[])

    async def add_sources(request: Request) -> Response:
        try:
            form = await read_form(request, desk.secret, max_files, max_bytes)
            if desk.library_is_index:
                raise Refused(409, "the library is an index: add sources with `quotecheck library index`",
                              "资料库是索引：请用 `quotecheck library index` 添加来源")
        except Refused as exc:
            return page(request, "sources.html", exc.status, **_sources_context(desk),
                        notices=[("error", exc.line(lang))])
        notices, added = [], 0
        for item in [f for f in form.getlist("files") if hasattr(f, "read")]:
            name = visible(item.filename or "")
            data = await item.read(max_bytes + 1)
            kind = sniff(item.filename or "", data) if len(data) <= max_bytes else None
            if kind is None or kind.kind not in SOURCE_KINDS:
                problem = kind.problem(lang) if kind and kind.kind is None else _t(
                    lang, "来源须为 .md、.txt 文本（带标题、日期的 frontmatter）或从报纸网站保存的网页",
                    "a source must be .md or .txt text (with a title and date frontmatter) or a page saved from "
                    "the paper's site")
                notices.append(("error", f"{name}：{problem}" if lang == "zh" else f"{name}: {problem}"))
                continue
            desk.add_source(item.filename or "", kind.kind, data)
            added += 1
        if added:
            again = await desk.on_worker(desk.reload_library)
            names = "、".join(m.name for m in again) if lang == "zh" else ", ".join(m.name for m in again)
            notices.append(("info", _t(lang, f"已加入 {added} 篇来源；重新核对：{names or '无'}",
                                       f"{added} source(s) added; checked again: {names or 'none'}")))
        status = 200 if added else 400
        return page(request, "sources.html", status, **_sources_context(desk), notices=notices)

    routes = [
        Route("/", home), Route("/desk/rows", rows), Route("/desk.json", desk_json),
        Route("/m/{mid:str}.json", review_json), Route("/upload", upload, methods=["POST"]),
        Route("/who", set_who, methods=["POST"]),
        Route("/m/{mid}", review_page), Route("/m/{mid}/decide", decide, methods=["POST"]),
        Route("/m/{mid}/reviewed.docx", download_docx), Route("/m/{mid}/report.html", download_html),
        Route("/sources", sources), Route("/sources/upload", add_sources, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        desk.close()  # queued checks are dropped; decisions were each committed when made

    hosts = ["*"] if host in ("0.0.0.0", "::", "") else [host, "127.0.0.1", "localhost", "::1", "[::1]"]
    app = Starlette(routes=routes, lifespan=lifespan,
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])
    app.state.desk = desk
    return app


NOTICES = {"overtaken": ("这条发现刚由另一页面或另一位编辑作出决定；现以最后的决定为准（见历史）。",
                         "Another tab or editor decided on this finding meanwhile; the latest decision stands "
                         "(see the history).")}
REASON_NEEDED = ("忽略需要理由：为什么保留原文", "a dismissed finding needs a reason (why the text stays as it is)")


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n // 1024} KB"


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _stamp(decision) -> str:
    return f"{decision.when}|{decision.decision}|{decision.who}"


def _local(target: str) -> str:
    """A redirect target on this site only (`/…`, never `//host` or `http:`)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    response = Response(data, media_type=media_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return secured(response)


def as_decided(manuscript, desk: Desk, settled=("dismissed", "checked", "accepted")):
    """The manuscript's report as of the decisions in the store: findings whose decision is one of
    `settled` listed apart as reviewed (with who and why); and the fingerprints of accepted fixes."""
    from ..decisions import DecisionStore
    from ..report.model import Report

    report = manuscript.report
    with DecisionStore(desk.decisions_path) as store:
        decided = store.current([f.fingerprint for f in report.findings])
    reviewed = [(f, decided[f.fingerprint]) for f in report.findings
                if f.fingerprint in decided and decided[f.fingerprint].decision in settled]
    done = {f.fingerprint for f, _ in reviewed}
    accepted = frozenset(fp for fp, d in decided.items() if d.decision == "accepted")
    return Report(report.check, [f for f in report.findings if f.fingerprint not in done], report.lang,
                  reviewed=reviewed), accepted


def _reviewed_copy(manuscript, desk: Desk) -> bytes:
    """(On the worker.) The reviewed .docx as of the decisions: an accepted fix as quotecheck's tracked
    change (with its comment), an undecided finding as a comment, a dismissed or checked one absent
    from the text and listed in the summary as reviewed."""
    from ..report.docx_comments import render

    report, accepted = as_decided(manuscript, desk, settled=("dismissed", "checked"))
    return render(report, suggestions=accepted)


def _html_report(manuscript, desk: Desk) -> str:
    """(On the worker.) The HTML report as of the decisions: every decided finding listed as reviewed."""
    from ..pipeline import render

    return render(as_decided(manuscript, desk)[0], "html")


def _sources_context(desk: Desk) -> dict:
    """The library in use and the sources to fetch, grouped by manuscript."""
    library = desk.library
    wanted = [(m, m.report.missing_sources()) for m in desk.listed() if m.report is not None]
    added = sorted(p.name for p in desk.sources_dir.iterdir() if not p.name.startswith(".")) \
        if desk.sources_dir.is_dir() else []
    index = None
    if desk.library_is_index:
        from ..library.index import index_roots, index_size

        db = desk.library_paths[0]
        index = {"mb": index_size(db) / 2**20, "roots": index_roots(db)}
    return {"library_paths": desk.library_paths, "library_size": library.size() if library else 0,
            "is_index": desk.library_is_index, "index": index, "added_sources": added,
            "wanted": [(m, missing) for m, missing in wanted if missing]}
