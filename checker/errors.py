"""Errors that end a run with exit code 2 and a one-line message (no traceback), in English or Chinese."""

import re

_UNDECODABLE = re.compile("[\udc80-\udcff]")


def shown(path):
    """A file name as it can be printed: bytes that are not UTF-8 (a GBK name from a Windows zip
    tool, kept by Python as lone surrogates) become \\xNN, so no output ever fails to encode it."""
    if path is None or not isinstance(path, str):
        return path
    return _UNDECODABLE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", path)


class QuoteCheckError(Exception):
    """A problem with the user's input, options or rule files."""

    def __init__(self, message: str, path: str | None = None):
        self.path = path = shown(path)
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class InputError(QuoteCheckError):
    """An article or library file that cannot be read."""


class RuleFileError(QuoteCheckError):
    """A rule or configuration file that is malformed."""


# Input and usage errors in Chinese: editors read them. Rule-file errors stay English (their
# authors write TOML), behind a Chinese label.
_ZH = [
    (r"no such file or folder", "文件或文件夹不存在"),
    (r"no such file", "文件不存在"),
    (r"is a directory, expected a file", "是文件夹，这里需要的是文件"),
    (r"file is empty", "文件是空的"),
    (r"permission denied", "没有读取权限"),
    (r"cannot read \((.*)\)", r"无法读取（\1）"),
    (r"file is (\d+) MB, above the (\d+) MB limit", r"文件有 \1 MB，超过 \2 MB 的上限"),
    (r"file is above the (\d+) MB limit", r"文件超过 \1 MB 的上限"),
    (r"binary input.*", "不是文本文件（应为 UTF-8 或 GB18030 文本）"),
    (r"cannot decode: .*", "无法解码：既不是 UTF-8 也不是 GB18030/GBK 文本"),
    (r"cannot decode as (\S+) despite its byte-order mark", r"有字节顺序标记，却无法按 \1 解码"),
    (r"no library given: .*", "没有给出资料库：请用 --library 指定来源文件或文件夹"),
    (r"(?:library )?holds no \.md, \.txt or \.html source", "资料库中没有 .md、.txt 或 .html 来源"),
    (r"XML, not an article or a web page: .*", "这是 XML 数据，不是文章或网页：请把正文另存为 .txt、.md、.docx 或 .html"),
    (r"the web page has no text", "网页中没有正文"),
    (r"cannot read the web page \((.*)\): save it again from the browser", r"无法读取网页（\1）：请在浏览器中重新保存"),
    (r"library holds no readable source", "资料库中没有可读的来源"),
    (r"no file matches this pattern", "没有文件符合这个模式"),
    (r"is a directory with no \.txt or \.md article in it", "文件夹中没有 .txt 或 .md 文章"),
    (r"refusing to overwrite an input file with the report", "报告不能写在输入文件上"),
    (r"refusing to (?:write (\S+) here|overwrite): it is an input file", r"不能写在这里：这是输入文件"),
    (r"refusing to (?:write (\S+) here|overwrite): it lies inside the library folder (.*); write reports elsewhere",
     r"不能写在这里：位于资料库文件夹 \2 之内，请写到别处"),
    (r"refusing to (?:write (\S+) here|overwrite): it belongs to the index (.*)", r"不能写在这里：这是索引 \2 的文件"),
    (r"refusing to (?:write (\S+) here|overwrite): it is a database file, not a report", "不能写在这里：这是数据库文件"),
    (r"cannot write the report to standard output \((.*)\)", r"无法把报告写到标准输出（\1）"),
    (r"index update was interrupted \(an unfinished journal is left\): re-run `quotecheck library index` to repair it",
     "索引的更新被中断（留下了未完成的日志）：请重新运行 `quotecheck library index` 修复"),
    (r"index is being updated \(locked for more than (\S+) s\): check again when `quotecheck library index` has finished",
     r"索引正在更新（锁定超过 \1 秒）：请等 `quotecheck library index` 完成后再核对"),
    (r"index is damaged \((.*)\); re-run `quotecheck library index` to repair it",
     r"索引已损坏（\1）：请重新运行 `quotecheck library index` 修复"),
    (r"index shard (\S+) (.*); re-run `quotecheck library index` to repair it",
     r"索引分片 \1 有问题（\2）：请重新运行 `quotecheck library index` 修复"),
    (r"another `quotecheck library index` \(pid (\S+)\) is updating this index; wait for it to finish, then run this one again",
     r"另一个 `quotecheck library index`（进程 \1）正在更新这个索引：请等它完成后再运行"),
    (r"index is being built, or its first build was interrupted: run `quotecheck library index` \(again\)",
     "索引正在建立，或第一次建立被中断：请（再次）运行 `quotecheck library index`"),
    (r"cannot write report \((.*)\)", r"无法写入报告（\1）"),
    (r"unknown --format '(.*)' \(choose from (.*)\)", r"未知的输出格式 --format '\1'（可选：\2）"),
    (r"configuration file not found", "找不到配置文件"),
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面至少需要一个值"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"参数 \1 的值 \2 无效（可选：\3）"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 需要整数，而不是 \2"),
]


def _translate(message: str) -> str | None:
    """Chinese first, then the English original in brackets (CI logs are searched for it)."""
    for pattern, replacement in _ZH:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S) + f"（{message}）"
    return None


def in_chinese(error) -> str:
    """An error (or its one-line text, "path: message") in Chinese when it is one an editor meets."""
    if isinstance(error, str):
        if (whole := _translate(error)) is not None:
            return whole
        parts = error.split(": ")
        for i in range(1, len(parts)):
            tail = _translate(": ".join(parts[i:]))
            if tail is not None:
                return ": ".join(parts[:i] + [tail])
        return error
    zh = getattr(error, "message_zh", None)
    zh = f"{zh}（{error.message}）" if zh else None
    if zh is None and not isinstance(error, RuleFileError):
        zh = _translate(error.message)
    return f"{error.path}: {zh or error.message}" if error.path else (zh or error.message)
