"""Every message quotecheck can stop with, and every warning it logs, reads in Chinese by default
(the English original in brackets, for searching CI logs) and in English with --lang en."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORT, ROOT

from checker.errors import in_chinese
from checker.library.index import REPAIR

ERRORS = {"InputError", "QuoteCheckError", "DecisionError", "UsageError"}
_HAN = re.compile("[\u4e00-\u9fff]")


def _sample(node) -> str | None:
    """The message a raise site builds, with 7 for every value it fills in (REPAIR as written)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id == "REPAIR":
        return REPAIR
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(value.value)
            else:
                parts.append(REPAIR if isinstance(value.value, ast.Name) and value.value.id == "REPAIR" else "7")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left), _sample(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _raised_messages() -> list[tuple[str, str]]:
    """(where, message) of every error the package raises with a message written in place, and of every
    warning it logs; rule-file errors stay English (their authors write TOML)."""
    found = []
    for path in sorted((ROOT / "checker").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            raised = isinstance(func, ast.Name) and func.id in ERRORS
            logged = isinstance(func, ast.Attribute) and func.attr == "warning" and \
                isinstance(func.value, ast.Name) and func.value.id == "log"
            if raised or logged:
                message = _sample(node.args[0])
                if message == "%s":
                    continue  # a message made elsewhere (a reader's warning), walked where it is made
                if message is not None:
                    if logged:  # "%s: no title found; …" with its values
                        message = message.replace("%s", "7").replace("%d", "7")
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", message))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # a reader's warnings for the editor
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "warnings" for t in node.targets) \
                    and isinstance(node.value, ast.Tuple):
                for element in node.value.elts:
                    if (message := _sample(element)) is not None:
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", message.removeprefix("7: ")))
    return found


MESSAGES = _raised_messages()


def test_the_walk_finds_the_messages():
    assert len(MESSAGES) > 80
    assert any("old Word .doc" in m for _, m in MESSAGES) and any("no title found" in m for _, m in MESSAGES)
    assert any("unaccepted tracked changes" in m for _, m in MESSAGES)


@pytest.mark.parametrize("where, message", MESSAGES, ids=[w for w, _ in MESSAGES])
def test_every_message_reads_in_chinese_with_the_english_kept(where, message):
    zh = in_chinese(message)
    assert zh != message and _HAN.search(zh), f"{where}: no Chinese for {message!r}"
    assert zh.endswith(f"（{message}）") or f"（{message.split(': ', 1)[-1]}）" in zh
    assert not re.search(r"\b(?:the|is|not|cannot|refusing)\b", zh.rsplit("（", 1)[0].split("（")[0]), zh


@pytest.mark.parametrize("args, zh, en", [
    (["check", "nowhere.txt", "--library", str(REPORT)], "文件不存在（no such file）", "nowhere.txt: no such file"),
    (["check", "{doc}", "--library", str(REPORT)], "请用 Word、WPS 或 LibreOffice 打开，另存为 .docx", "an old Word .doc file"),
    (["check", "{odt}", "--library", str(REPORT)], "OpenDocument 文档（.odt）", "an OpenDocument text (.odt)"),
    (["check", "{scan}", "--library", str(REPORT)], "PDF 没有文字层", "the PDF has no text layer"),
    (["check", "{damaged}", "--library", str(REPORT)], "文件已损坏", "the file is damaged"),
])
def test_manuscript_errors_in_both_languages(tmp_path, args, zh, en):
    import zipfile

    files = {"doc": ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
             "scan": ("scan.pdf", None), "damaged": ("broken.docx", b"PK\x03\x04" + b"\x00" * 64)}
    odt = tmp_path / "draft.odt"
    with zipfile.ZipFile(odt, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    paths = {"odt": str(odt)}
    for key, (name, data) in files.items():
        if data is None:
            data = _scanned_pdf()
        (tmp_path / name).write_bytes(data)
        paths[key] = str(tmp_path / name)
    argv = [a.format(**paths) for a in args]
    for lang, expected in (("zh", zh), ("en", en)):
        out = subprocess.run([sys.executable, "-m", "checker", *argv, "--lang", lang], capture_output=True, text=True,
                             cwd=tmp_path)
        assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
        assert expected in out.stderr
        assert out.stderr.startswith("quotecheck: 错误：" if lang == "zh" else "quotecheck: error: ")
        if lang == "en":
            assert not _HAN.search(out.stderr.split(": ", 2)[-1].replace(argv[1], ""))


def _scanned_pdf() -> bytes:
    """A one-page PDF with no text on it (what a scanner makes, without the image)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               "<< /Length 0 >>\nstream\n\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _run(*args, env=None, cwd=None):
    import os

    full = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY",)}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True,
                          env=full, cwd=cwd)


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["library", "index", "--help"]])
def test_help_pages_are_chinese_by_default_and_english_with_lang_or_LANG(args):
    zh = _run(*args)
    assert zh.returncode == 0 and zh.stdout.startswith("用法：quotecheck") and "选项" in zh.stdout
    assert "show this help" not in zh.stdout and "显示本帮助并退出" in zh.stdout
    for en in (_run(*args, "--lang", "en"), _run(*args, env={"LANG": "en_US.UTF-8"})):
        assert en.returncode == 0 and en.stdout.startswith("usage: quotecheck") and "show this help" in en.stdout
        assert not _HAN.search(en.stdout.replace("中文", ""))


def test_warnings_and_severities_follow_the_language(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "report.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (lib / "notitle.md").write_text("只有一段正文，没有标题也没有日期。\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("习近平强调，要“推动我国人工智能朝着有利、安全、公平方向健康有序发展”。\n", encoding="utf-8")
    zh = _run("check", article, "--library", lib, "--format", "concise")
    assert "quotecheck: 警告：" in zh.stderr and "notitle.md: 找不到标题" in zh.stderr
    assert "WARNING" not in zh.stderr and "[警告]" in zh.stdout and "[warning]" not in zh.stdout
    for en in (_run("check", article, "--library", lib, "--format", "concise", "--lang", "en"),
               _run("check", article, "--library", lib, "--format", "concise", env={"LC_ALL": "en_GB.UTF-8"})):
        assert "quotecheck: warning: " in en.stderr and "notitle.md: no title found" in en.stderr
        assert not _HAN.search(en.stderr.replace(str(lib), "")) and "[warning]" in en.stdout


def test_the_library_index_summary_follows_the_language(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "report.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    zh = _run("library", "index", lib, "--db", tmp_path / "a.db")
    assert zh.returncode == 0 and "共 1 个文件：新增 1，更新 0，未变 0，删除 0，跳过 0" in zh.stderr
    en = _run("library", "index", lib, "--db", tmp_path / "b.db", "--lang", "en")
    assert en.returncode == 0 and "1 file: 1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped" in en.stderr
