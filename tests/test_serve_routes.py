"""`quotecheck serve`, driven in-process (Starlette's TestClient): the desk, the review, decisions,
downloads, the sources page, and what each kind of bad input gets."""
from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from checker.decisions import DecisionStore  # noqa: E402
from checker.serve.app import create_app  # noqa: E402
from checker.serve.desk import Desk  # noqa: E402
from conftest import REPORT, ROOT  # noqa: E402

MANUSCRIPTS = ROOT / "tests" / "fixtures" / "manuscripts"
PLANTED = MANUSCRIPTS / "footnotes_planted.docx"  # the seed as Word, with a wrong date and two changed words


def make_client(data: Path, library=(str(REPORT),), lang="zh", **limits) -> tuple[TestClient, Desk]:
    desk = Desk(data, list(library), [], {}, "", lang)
    desk.start()
    return TestClient(create_app(desk, **limits), base_url="http://127.0.0.1:8765"), desk


def token(client: TestClient, path: str = "/") -> str:
    return re.search(r'name="csrf" value="(\w+)"', client.get(path).text).group(1)


def upload(client: TestClient, *files: tuple[str, bytes], path="/upload", **extra):
    return client.post(path, data={"csrf": token(client), **extra},
                       files=[("files", (name, data)) for name, data in files], follow_redirects=False)


def notices(response) -> list[str]:
    return re.findall(r'class="notice[^"]*"[^>]*>([^<]*)</p>', response.text)


def name(client: TestClient, who: str = "张编辑") -> None:
    client.post("/who", data={"csrf": token(client), "who": who, "next": "/"})


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A desk with the seed .docx uploaded and checked against the seed report."""
    data = tmp_path_factory.mktemp("desk")
    client, desk = make_client(data)
    response = upload(client, ("seed.docx", PLANTED.read_bytes()))
    assert response.status_code == 303
    desk.wait()
    (manuscript,) = desk.listed()
    return client, desk, manuscript


def _items(client, manuscript) -> list[tuple[str, str]]:
    """(fingerprint, rule) of each finding to review, stepping with ?n=."""
    page = client.get(f"/m/{manuscript.id}?view=list").text
    return re.findall(r'href="/m/\w+\?n=(\d+)">', page)


def _decide(client, manuscript, number: int, decision: str, **extra):
    page = client.get(f"/m/{manuscript.id}?n={number}").text
    fp = re.search(r'name="fp" value="(\w+)"', page).group(1)
    seen = re.search(r'name="seen" value="([^"]*)"', page).group(1)
    form = {"csrf": token(client), "fp": fp, "decision": decision, "n": str(number), "seen": seen, **extra}
    return fp, client.post(f"/m/{manuscript.id}/decide", data=form, follow_redirects=False)


# --- the desk and the review ------------------------------------------------------------------

def test_the_desk_lists_the_manuscript_with_its_counts(seeded):
    client, desk, manuscript = seeded
    row = re.search(r'<tr class="state-done"[^>]*>(.*?)</tr>', client.get("/").text, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # manuscript, state, quotations (checkable), errors, warnings, reviewed, sources missing, downloads
    assert cells[0] == "seed.docx" and cells[1] == "已核对"
    assert cells[2] == "52（9）" and cells[3] == "3" and cells[4] == "0"
    assert cells[5].endswith("/3") and cells[6] == "25"


def test_the_review_shows_the_source_words_beside_the_article_and_the_note_as_written(seeded):
    client, desk, manuscript = seeded
    pages = [client.get(f"/m/{manuscript.id}?n={n}").text for n in range(3)]
    wording = next(p for p in pages if "原文「有益」，引文「有利」" in p)
    assert '朝着有<mark class="changed">利</mark>、安全' in wording and '朝着有<mark class="changed">益</mark>、安全' in wording
    assert "第27段" in wording
    date = next(p for p in pages if "QC201" in p)
    assert "注释（原文照录）" in date and "2025年4月28日" in date
    assert "1 / 3" in pages[0] and "3 / 3" in pages[2]


def test_decisions_are_kept_with_who_and_why_and_undo_reopens(seeded):
    client, desk, manuscript = seeded
    name(client, "李校对")
    fp, response = _decide(client, manuscript, 1, "dismissed", reason="有意改写或概括")
    assert response.status_code == 303 and response.headers["location"].endswith("?n=2")
    with DecisionStore(desk.decisions_path) as store:
        (decision,) = store.history(fp)
    assert (decision.decision, decision.who, decision.reason, decision.surface) == \
        ("dismissed", "李校对", "有意改写或概括", "web")
    page = client.get(f"/m/{manuscript.id}?n=1").text
    assert "已忽略（保留原文）" in page and "决定记录" in page and "有意改写或概括" in page
    _, response = _decide(client, manuscript, 1, "undo")
    with DecisionStore(desk.decisions_path) as store:
        assert fp not in store.current([fp]) and [d.decision for d in store.history(fp)] == ["dismissed", "reopened"]


def test_a_second_tab_deciding_the_same_finding_sees_the_later_decision(seeded):
    client, desk, manuscript = seeded
    name(client)
    page = client.get(f"/m/{manuscript.id}?n=0").text  # both tabs drew the page before either decided
    fp = re.search(r'name="fp" value="(\w+)"', page).group(1)
    seen = re.search(r'name="seen" value="([^"]*)"', page).group(1)
    csrf = token(client)
    first = client.post(f"/m/{manuscript.id}/decide", data={"csrf": csrf, "fp": fp, "decision": "checked",
                                                            "n": "0", "seen": seen}, follow_redirects=False)
    second = client.post(f"/m/{manuscript.id}/decide", data={"csrf": csrf, "fp": fp, "decision": "accepted",
                                                             "n": "0", "seen": seen}, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert "notice=overtaken" in second.headers["location"] and "notice" not in first.headers["location"]
    shown = client.get(second.headers["location"]).text
    assert "另一页面或另一位编辑" in shown
    assert "已接受修改" in client.get(f"/m/{manuscript.id}?n=0").text
    with DecisionStore(desk.decisions_path) as store:
        assert store.current([fp])[fp].decision == "accepted"


def test_a_dismissal_needs_a_reason_and_a_decision_needs_a_name(tmp_path):
    client, desk = make_client(tmp_path)
    upload(client, ("seed.docx", PLANTED.read_bytes()))
    desk.wait()
    (manuscript,) = desk.listed()
    _, response = _decide(client, manuscript, 0, "checked")
    assert response.status_code == 400 and notices(response) == ["请先填写您的名字（每个决定都记下是谁做的）"]
    name(client)
    _, response = _decide(client, manuscript, 0, "dismissed", reason="  ")
    assert response.status_code == 400 and notices(response) == ["忽略需要理由：为什么保留原文"]
    with DecisionStore(desk.decisions_path) as store:
        assert store.current() == {}


def test_downloads_the_html_report_and_the_reviewed_copy(seeded):
    client, desk, manuscript = seeded
    html = client.get(f"/m/{manuscript.id}/report.html")
    assert html.status_code == 200 and "attachment" in html.headers["content-disposition"]
    assert "引文核对报告" in html.text and "原文「有益」，引文「有利」" in html.text
    word = client.get(f"/m/{manuscript.id}/reviewed.docx")
    assert word.status_code == 200 and "seed.reviewed.docx" in word.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(word.content)) as package:
        assert "quotecheck" in package.read("word/comments.xml").decode("utf-8")


def test_every_page_is_also_data(seeded):
    client, desk, manuscript = seeded
    (row,) = client.get("/desk.json").json()["manuscripts"]
    assert row["name"] == "seed.docx" and row["state"] == "done" and row["counts"]["error"] == 3
    findings = client.get(f"/m/{manuscript.id}.json").json()["findings"]
    assert [f["rule"] for f in findings if f["severity"] == "error"] == ["QC201", "QC101", "QC101"]
    assert len(findings) == 3 + 25  # and the QC401 infos: sources the library does not hold
    assert client.get("/m/0123456789abcdef.json").status_code == 404


def test_the_downloads_are_as_of_the_decisions_and_word_decisions_come_back(tmp_path):
    """Accepted: a tracked change; dismissed: no comment, in the summary; undecided: a comment. The
    reviewed copy, its last comment resolved in Word and uploaded again, records that decision."""
    from word_review import comments, resolve, suggestions

    client, desk = make_client(tmp_path / "data")
    upload(client, ("seed.docx", PLANTED.read_bytes()))
    desk.wait()
    (manuscript,) = desk.listed()
    name(client)
    date_fp, _ = _decide(client, manuscript, 0, "dismissed", reason="按刊发当日版面")
    word_fp, _ = _decide(client, manuscript, 1, "accepted")
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(client.get(f"/m/{manuscript.id}/reviewed.docx").content)
    assert suggestions(reviewed) == [("del", "利"), ("ins", "益")]
    ours = [c for c in comments(reviewed) if c["author"] == "quotecheck"]
    assert {c["fingerprint"] for c in ours if not c["summary"]} == {word_fp, _items_fp(client, manuscript, 2)}
    (summary,) = [c["text"] for c in ours if c["summary"]]
    assert "QC201" in summary and "按刊发当日版面" in summary
    html = client.get(f"/m/{manuscript.id}/report.html").text
    assert "已审阅（编辑已作决定）" in html and "按刊发当日版面" in html

    omission = next(c for c in ours if c["fingerprint"] == _items_fp(client, manuscript, 2))
    resolve(reviewed, tmp_path / "answered.docx", omission["id"], reply="忽略：作者有意删节")
    assert upload(client, ("answered.docx", (tmp_path / "answered.docx").read_bytes())).status_code == 303
    desk.wait()
    with DecisionStore(desk.decisions_path) as store:
        (decision,) = store.history(omission["fingerprint"])
    assert (decision.decision, decision.surface) == ("dismissed", "docx") and "作者有意删节" in decision.reason
    answered = next(m for m in desk.listed() if m.name == "answered.docx")
    assert "作者有意删节" in client.get(f"/m/{answered.id}?view=list").text  # shown with its decision


def _items_fp(client, manuscript, number: int) -> str:
    return re.search(r'name="fp" value="(\w+)"', client.get(f"/m/{manuscript.id}?n={number}").text).group(1)


def test_english_pages_with_lang_en(tmp_path):
    client, desk = make_client(tmp_path, lang="en")
    page = client.get("/").text
    assert '<html lang="en">' in page and "Upload and check" in page and "上传" not in page


# --- sources ----------------------------------------------------------------------------------

def test_adding_the_cited_source_indexes_it_and_checks_the_manuscript_again(tmp_path):
    client, desk = make_client(tmp_path, library=())  # no library yet
    upload(client, ("seed.docx", PLANTED.read_bytes()))
    desk.wait()
    (manuscript,) = desk.listed()
    assert manuscript.report.severity_counts()["error"] == 0  # nothing to compare with
    assert "习近平在中共中央政治局第二十次集体学习时强调" in client.get("/sources").text  # a source to fetch
    response = upload(client, ("report.md", REPORT.read_bytes()), path="/sources/upload")
    assert response.status_code == 200 and any("重新核对：seed.docx" in n for n in notices(response))
    assert manuscript.report.severity_counts()["error"] == 3
    assert [p.name for p in (tmp_path / "desk" / "sources").iterdir()] == ["report.md"]
    assert "共 1 篇来源" in client.get("/sources").text


def test_an_index_library_is_shown_with_its_state_and_takes_no_upload(tmp_path):
    from checker.library.index import build_index

    db = tmp_path / "library.db"
    build_index([str(REPORT)], str(db), workers=1)
    client, desk = make_client(tmp_path / "data", library=(str(db),))
    page = client.get("/sources").text
    assert "共 1 篇来源" in page and "索引库" in page and REPORT.name in page
    response = upload(client, ("report.md", REPORT.read_bytes()), path="/sources/upload")
    assert response.status_code == 409 and "library index" in notices(response)[0]


def test_a_source_must_be_text(tmp_path):
    client, desk = make_client(tmp_path)
    response = upload(client, ("report.md", PLANTED.read_bytes()), path="/sources/upload")
    assert response.status_code == 400 and len(notices(response)) == 1 and "report.md：来源须为" in notices(response)[0]


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("filename, data, says", [
    ("corrupt.docx", (MANUSCRIPTS / "corrupt.docx").read_bytes(), "Word 文件已损坏"),
    ("encrypted.pdf", (MANUSCRIPTS / "encrypted.pdf").read_bytes(), "PDF 已加密"),
    ("old_word.doc", (MANUSCRIPTS / "old_word.doc").read_bytes(), "Word 文件已加密，或是旧版 .doc"),
    ("photo.docx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "不是 .docx、.pdf 或文本"),
    ("archive.docx", b"", "文件是空的"),
])
def test_a_damaged_encrypted_or_foreign_file_is_named_in_one_line(tmp_path, filename, data, says):
    client, desk = make_client(tmp_path)
    response = upload(client, (filename, data))
    assert response.status_code == 400
    (line,) = notices(response)
    assert line.startswith(f"{filename}：") and says in line and "\n" not in line
    assert desk.listed() == []


def test_the_content_decides_the_type_not_the_name(tmp_path):
    client, desk = make_client(tmp_path)
    assert upload(client, ("seed.txt", PLANTED.read_bytes()), ("seed.docx", REPORT.read_bytes())).status_code == 303
    desk.wait()
    kinds = {m.name: (m.kind, m.state) for m in desk.listed()}
    assert kinds == {"seed.txt": ("docx", "done"), "seed.docx": ("txt", "done")}


def test_a_web_page_is_read_as_a_page_whatever_its_name(tmp_path):
    from commentary_docx import seed_commentary
    from html_pages import article_page

    client, desk = make_client(tmp_path)
    page = article_page(seed_commentary(changed=True)).encode("utf-8")
    assert upload(client, ("commentary.txt", page)).status_code == 303
    desk.wait()
    (manuscript,) = desk.listed()
    assert (manuscript.kind, manuscript.state) == ("html", "done")
    messages = [f["message"] for f in client.get(f"/m/{manuscript.id}.json").json()["findings"]]
    assert any("原文「有益」，引文「有利」" in m for m in messages)


def test_a_damaged_file_that_passes_the_sniff_is_one_line_on_the_desk(tmp_path):
    client, desk = make_client(tmp_path)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("word/document.xml", "<w:document")  # a Word package whose XML is cut short
    assert upload(client, ("broken.docx", broken.getvalue())).status_code == 303
    desk.wait()
    row = re.search(r'<tr class="state-failed"[^>]*>(.*?)</tr>', client.get("/").text, re.S).group(1)
    problem = re.search(r'class="problem">([^<]*)<', row).group(1)
    assert problem.startswith("无法核对：") and "\n" not in problem.strip()


def test_upload_limits_size_and_count(tmp_path):
    client, desk = make_client(tmp_path, max_files=2, max_bytes=64 * 1024)
    response = upload(client, ("seed.docx", PLANTED.read_bytes()))  # 60 KB: under the limit
    assert response.status_code == 303
    text = REPORT.read_bytes()
    response = upload(client, ("big.txt", text * (100 * 1024 // len(text))))  # 100 KB: one file too large
    assert response.status_code == 413 and notices(response) == ["big.txt：超过每个文件 64 KB 的上限，未上传"]
    response = upload(client, ("huge.txt", text * (300 * 1024 // len(text))))  # more than a whole upload may be
    assert response.status_code == 413 and notices(response)[0].startswith("已拒绝：上传内容")
    response = upload(client, *[(f"{i}.txt", REPORT.read_bytes()) for i in range(3)])
    assert response.status_code == 413 and "一次最多上传 2 个文件" in notices(response)[0]
    desk.wait()
    assert len(desk.listed()) == 1


def test_no_path_from_a_request_becomes_a_file_path(tmp_path):
    data = tmp_path / "data"
    client, desk = make_client(data)
    before = set(tmp_path.rglob("*"))
    response = upload(client, ("../../escaped.md", REPORT.read_bytes()), ("/etc/x/..\\..\\evil.txt", REPORT.read_bytes() + b"\n"))
    assert response.status_code == 303
    desk.wait()
    written = set(tmp_path.rglob("*")) - before
    assert written and all(data in p.parents for p in written)
    assert sorted(m.file.name for m in desk.listed()) == ["escaped.md", "evil.txt"]
    for path in ["/m/..%2F..%2Fetc%2Fpasswd", "/m/../desk/secret", "/m/0123456789abcdef",
                 "/m/0123456789abcdef/reviewed.docx", "/static/..%2Fdesk.py", "/static/../app.py"]:
        assert client.get(path).status_code == 404, path


def test_manuscript_text_is_escaped(tmp_path):
    client, desk = make_client(tmp_path)
    text = REPORT.read_text(encoding="utf-8")
    hostile = ("习近平强调，要“推动我国人工智能朝着<script>alert(1)</script>有益、安全、公平方向健康有序发展”。\n"
               "<img src=x onerror=alert(2)>\n")
    upload(client, ("<b>x</b>.md", hostile.encode("utf-8")))
    desk.wait()
    (manuscript,) = desk.listed()
    desk_page = client.get("/").text
    assert "&lt;b&gt;x&lt;/b&gt;.md" in desk_page and "<b>x</b>" not in desk_page
    review = client.get(f"/m/{manuscript.id}?view=list").text + client.get(f"/m/{manuscript.id}").text
    assert "<script>alert" not in review and "<img src=x" not in review
    assert "&lt;script&gt;" in review or "script" not in text


def test_forms_refuse_cross_site_requests(tmp_path):
    client, desk = make_client(tmp_path)
    good = token(client)
    files = [("files", ("seed.docx", PLANTED.read_bytes()))]
    assert client.post("/upload", data={}, files=files).status_code == 403  # no token
    assert client.post("/upload", data={"csrf": "0" * 40}, files=files).status_code == 403  # a wrong one
    evil = client.post("/upload", data={"csrf": good}, files=files, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403 and notices(evil) == ["已拒绝：表单来自其他网站"]
    stranger = TestClient(client.app, base_url="http://127.0.0.1:8765")  # another browser: no session cookie
    assert stranger.post("/upload", data={"csrf": good}, files=files).status_code == 403
    assert client.post("/who", data={"csrf": good, "who": "x", "next": "//evil.example/"},
                       follow_redirects=False).headers["location"] == "/"
    assert desk.listed() == []
    ok = client.post("/upload", data={"csrf": good}, files=files, headers={"Origin": "http://127.0.0.1:8765"},
                     follow_redirects=False)
    assert ok.status_code == 303


def test_a_request_for_another_host_name_is_refused(seeded):
    """DNS rebinding: a site whose name points at 127.0.0.1 must not read the desk or take a token."""
    client, desk, manuscript = seeded
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400
    assert client.get("/desk.json", headers={"Host": "localhost:8765"}).status_code == 200


def test_pages_allow_only_their_own_scripts(seeded):
    client, desk, manuscript = seeded
    response = client.get(f"/m/{manuscript.id}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert re.findall(r'<script src="([^"]+)"', response.text) == ["/static/htmx.min.js", "/static/keys.js"]
    assert client.get("/static/htmx.min.js").status_code == 200


# --- the server ----------------------------------------------------------------------------------

def test_serve_binds_loopback_and_ctrl_c_loses_no_decision(tmp_path):
    """A real server in a subprocess: it listens on 127.0.0.1, a decision made over HTTP is in the
    store after Ctrl-C (SIGINT), and the server says so and exits 0."""
    import httpx

    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--data", str(tmp_path),
                                "--library", str(REPORT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=ROOT)
    try:
        line = process.stdout.readline()
        address = re.search(r"http://[^ ]+/", line).group(0)
        assert address.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=address, follow_redirects=False, timeout=30) as client:
            csrf = re.search(r'name="csrf" value="(\w+)"', client.get("/").text).group(1)
            client.post("/who", data={"csrf": csrf, "who": "王编辑", "next": "/"})
            assert client.post("/upload", data={"csrf": csrf},
                               files=[("files", ("seed.docx", PLANTED.read_bytes()))]).status_code == 303
            for _ in range(300):
                page = client.get("/").text
                if "state-done" in page:
                    break
                import time
                time.sleep(0.1)
            mid = re.search(r'data-id="(\w+)"', page).group(1)
            review = client.get(f"/m/{mid}").text
            fp = re.search(r'name="fp" value="(\w+)"', review).group(1)
            assert client.post(f"/m/{mid}/decide", data={"csrf": csrf, "fp": fp, "decision": "checked",
                                                          "n": "0"}).status_code == 303
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "所有决定已保存" in err
    with DecisionStore(tmp_path / "decisions.sqlite") as store:
        assert store.current([fp])[fp].who == "王编辑"


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "checker", "serve", "--port", str(port), "--data",
                                 str(tmp_path), "--library", str(REPORT)], capture_output=True, text=True, cwd=ROOT,
                                timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"quotecheck: 错误：无法在 127.0.0.1:{port} 上监听")
    assert len(result.stderr.strip().splitlines()) == 1
