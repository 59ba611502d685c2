"""Errors that end a run with exit code 2 and a one-line message (no traceback), in English or Chinese."""

import os
import re

_UNDECODABLE = re.compile("[\udc80-\udcff]")


def shown(path):
    """A file name as it can be printed: bytes that are not UTF-8 (a GBK name from a Windows zip
    tool, kept by Python as lone surrogates) become \\xNN, so no output ever fails to encode it."""
    if path is None or not isinstance(path, str):
        return path
    return _UNDECODABLE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", path)


def env_lang() -> str | None:
    """The language the environment asks for (LC_ALL, LC_MESSAGES, LANG, the first one set): English
    for en_*, Chinese for zh_*; C, POSIX and others say nothing, and quotecheck speaks Chinese."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh" if value.lower().startswith("zh") else None
    return None


def lang_of(flag: str | None = None, config: dict | None = None) -> str:
    """--lang, else the configuration's `lang`, else the environment's, else Chinese."""
    return flag or (config or {}).get("lang") or env_lang() or "zh"


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


# Input and usage errors, and warnings, in Chinese: editors read them. Rule-file errors stay English (their
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
    (r"cannot decode: .*", "无法解码：既不是 UTF-8，也不是 GB18030/GBK 或 Big5 文本"),
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
    (r"unknown --format (.*) \(choose from (.*)\)", r"未知的输出格式 --format \1（可选：\2）"),
    (r"unknown --format (.*) for extract \(choose pretty or json\)", r"extract 不支持输出格式 --format \1（可选 pretty 或 json）"),
    (r"configuration file not found", "找不到配置文件"),
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面至少需要一个值"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"参数 \1 的值 \2 无效（可选：\3）"),
    (r"argument (\S+): invalid int value: (.*)", r"参数 \1 需要整数，而不是 \2"),
    # manuscripts an editor hands over
    (r"an old Word \.doc file: .*", "这是旧版 Word 的 .doc 文件：请用 Word、WPS 或 LibreOffice 打开，另存为 .docx"),
    (r"an OpenDocument text \(\.odt\): .*", "这是 OpenDocument 文档（.odt）：请用 LibreOffice、WPS 或 Word 打开，另存为 .docx"),
    (r"a ZIP file but not a Word document \(no word/document\.xml\): .*",
     "这是 ZIP 压缩包，不是 Word 文档（其中没有 word/document.xml）：请把稿件另存为 .docx"),
    (r"not a Word \.docx file \(no ZIP package inside\): .*",
     "不是 Word .docx 文件（内部不是 ZIP 包）：文件损坏了，还是改过扩展名？请用 Word 打开后重新另存为 .docx"),
    (r"not a PDF file \(no %PDF header\): .*", "不是 PDF 文件（没有 %PDF 文件头）：文件损坏了，还是改过扩展名？"),
    (r"cannot open as a Word document, the file is damaged \((.*)\): .*",
     r"无法作为 Word 文档打开，文件已损坏（\1）：请用 Word 或 LibreOffice 打开、修复后重新另存为 .docx"),
    (r"cannot open as a Word document, a part of it is damaged \((.*)\): .*",
     r"无法作为 Word 文档打开，其中一部分已损坏（\1）：请用 Word 或 LibreOffice 打开、修复后重新另存为 .docx"),
    (r"cannot read the Word document \((.*)\): .*", r"无法读取 Word 文档（\1）：请用 Word 或 LibreOffice 打开后重新另存为 .docx"),
    (r"the Word document refers to (\w+?)s but its \w+ part is (.*): open it .*",
     r"Word 文档引用了\1，但文档中的注释部分\2：请用 Word 或 LibreOffice 打开，检查注释后重新另存为 .docx"),
    (r"the Word document has no text", "Word 文档中没有文字"),
    (r"reading \.docx needs python-docx .*", "读取 .docx 需要 python-docx（pip install python-docx）"),
    (r"reading PDF needs pdfplumber .*", "读取 PDF 需要 pdfplumber（pip install pdfplumber）"),
    (r"reading web pages needs lxml .*", "读取网页需要 lxml（pip install lxml）"),
    (r"the PDF has no text layer \(a scanned image\?\): run OCR on it first.*",
     "PDF 没有文字层（是扫描件吗？）：请先做文字识别（如 ocrmypdf -l chi_sim 原文件.pdf 识别后.pdf），再核对识别后的文件"),
    (r"no usable text layer: (\d+) of (\d+) characters are glyphs without a Unicode mapping .*",
     r"没有可用的文字层：\2 个字符中有 \1 个是没有 Unicode 对应的字形（字体缺少 ToUnicode）：请从原文档重新导出 PDF，"
     r"或做文字识别（如 ocrmypdf --force-ocr -l chi_sim）"),
    (r"the PDF is encrypted \(password-protected\): .*", "PDF 已加密（有密码保护）：请用密码打开，另存或打印一份不加密的副本后再核对"),
    (r"cannot read the PDF \((.*)\): it may be damaged; .*", r"无法读取 PDF（\1）：文件可能已损坏，请用 PDF 阅读器打开后另存一份"),
    (r"cannot open as a PDF \((.*)\): the file is damaged or not a PDF; .*",
     r"无法作为 PDF 打开（\1）：文件已损坏或不是 PDF，请用 PDF 阅读器打开后另存一份"),
    (r"the PDF has no pages", "PDF 没有页面"),
    (r"the manuscript changed while it was being checked; run the check again", "核对过程中稿件被改动了：请重新核对"),
    (r"the manuscript has unaccepted tracked changes \((\d+) insertions, (\d+) deletions\); .*",
     r"稿件中还有未接受的修订（插入 \1 处，删除 \2 处），已按全部接受来读：发表前请在 Word 中接受或拒绝这些修订"),
    (r"unexpected Word XML: text outside a run", "意外的 Word XML：文字不在文本块（run）之内"),
    (r"--format docx writes a reviewed copy of a Word manuscript.*",
     "--format docx 写出的是 Word 稿件的批注本：只能用于 .docx 稿件（其他稿件请用 --format html 或 markdown）"),
    (r"--format (\S+) writes one file per article: .*", r"--format \1 每篇文章写一个文件：请用 --output-dir 目录，而不是 --output"),
    (r"is a directory with no \.txt, \.md, \.docx or \.pdf article in it", "文件夹中没有 .txt、.md、.docx 或 .pdf 文章"),
    (r"is a broken symbolic link", "是失效的符号链接"),
    # libraries and indexes
    (r"an index \(\.db\) is a whole library: .*",
     "索引（.db）本身就是完整的资料库：请单独交给 --library，或用 `quotecheck library index` 把其他文件加进索引"),
    (r"index holds no source", "索引中没有来源"),
    (r"not a quotecheck index", "不是 quotecheck 索引"),
    (r"index was built by another version of quotecheck; .*", "索引是另一个版本的 quotecheck 建立的：请重新运行 `quotecheck library index`"),
    (r"index is in use by a check that did not finish; try again", "索引正被一次未完成的核对使用：请稍后再试"),
    (r"index is in use by checks that did not finish within (\S+) s; .*",
     r"索引正被核对使用，\1 秒内没有结束；核对能看到的内容都没有改动：请再运行一次 library index"),
    (r"cannot update the index \((.*)\); re-run .*", r"无法更新索引（\1）：请重新运行 `quotecheck library index` 修复"),
    (r"index damaged during the update \((.*)\); re-run .*", r"索引在更新中损坏（\1）：请重新运行 `quotecheck library index` 修复"),
    (r"cannot create the lock file (.*) \((.*)\)", r"无法创建锁文件 \1（\2）"),
    (r"exists and is not a quotecheck index \((.*)\); .*",
     r"文件已存在，且不是 quotecheck 索引（\1）：不会覆盖它（请换一个 --db，或者它原是索引的话把它删掉）"),
    (r"cannot create the index \((.*)\)", r"无法建立索引（\1）"),
    (r"cannot open the index \((.*)\)", r"无法打开索引（\1）"),
    (r"refusing to (?:write (\S+) here|overwrite): it (.*)", r"不能写在这里（\2）"),
    (r"not a usable quotecheck decision store \((.*)\)", r"不是可用的 quotecheck 决定记录文件（\1）"),
    (r"unknown decision (.*) \(choose from (.*)\)", r"未知的决定 \1（可选：\2）"),
    (r"a dismissed finding needs a reason .*", "不改的决定需要写明理由（为什么正文保持原样）"),
    (r"a decision needs the finding's fingerprint", "决定需要对应发现的指纹（fingerprint）"),
    # running on a cluster, serving
    (r"--scheduler needs Dask distributed: .*", "--scheduler 需要 Dask distributed：pip install 'quotecheck[cluster]'"),
    (r"(\S+)=(.*): expected seconds between 0 and 3600", r"\1=\2：应为 0 到 3600 之间的秒数"),
    (r"--scheduler: no address given \(expected tcp://HOST:PORT\)", "--scheduler 没有给出地址（应为 tcp://主机:端口）"),
    # issue 22: hostile manuscripts, outputs
    (r"(QUOTECHECK_MAX_UNPACKED_MB)=(.*): expected megabytes between 0 and 4096", r"\1=\2：应为 0 到 4096 之间的兆字节数"),
    (r"cannot write report: (.*) is a file, not a folder", r"无法写入报告：\1 是文件，不是文件夹"),
    (r"the PDF is damaged: its pages are there but its cross-reference table does not lead to them; .*",
     "PDF 已损坏：页面还在，但交叉引用表找不到它们；请用 PDF 阅读器打开并另存一份"),
    (r"(.*) unpacks to (.*), above the (.*) MB limit .*", r"\1 解压后为 \2，超过 \3 MB 的上限（解压炸弹，或稿件过大：请拆分）"),
    (r"the Word document refers to \w+ but its \w+ part is .*",
     "Word 文档引用了脚注或尾注，但注释部件缺失或在文件包之外：请在 Word 或 LibreOffice 中打开，检查注释后另存为 .docx"),
    (r"not a scheduler address \((.*)\); expected tcp://HOST:PORT", r"不是调度器地址（\1）：应为 tcp://主机:端口"),
    (r"not a scheduler address \(expected (.*)\)", r"不是调度器地址（应为 \1）"),
    (r"unknown scheme (.*) \(known: (.*)\); expected tcp://HOST:PORT", r"未知的协议 \1（已知：\2）：应为 tcp://主机:端口"),
    (r"cannot reach the Dask scheduler at (\S+): nothing answered within (\S+) s .*",
     r"连不上 \1 的 Dask 调度器：\2 秒内无人应答（这是 Dask 调度器的端口吗？）"),
    (r"cannot reach the Dask scheduler at (\S+): the port closed the connection .*",
     r"连不上 \1 的 Dask 调度器：端口关闭了连接（这是 Dask 调度器的端口吗？）"),
    (r"cannot reach the Dask scheduler at (\S+): no answer within (\S+) s", r"连不上 \1 的 Dask 调度器：\2 秒内没有应答"),
    (r"cannot reach the Dask scheduler at (\S+) \((.*)\)", r"连不上 \1 的 Dask 调度器（\2）"),
    (r"cannot listen on (.*) \((.*)\)", r"无法在 \1 上监听（\2）"),
    # warnings (logged while the library is read)
    (r"frontmatter opened with --- but never closed", "文件头元数据以 --- 开始却没有结束"),
    (r"frontmatter line (\d+): expected 'key: value', got (.*)", r"文件头元数据第 \1 行：应为“键: 值”，实际是 \2"),
    (r"no title found; the source is searched but cannot be matched by title", "找不到标题：这篇来源仍会被检索，但无法按标题匹配"),
    (r"no publication date found; the source is searched but cannot be matched by date",
     "找不到发表日期：这篇来源仍会被检索，但无法按日期匹配"),
    (r"(\d+) sources missing from this shard; re-reading them", r"这个分片缺少 \1 篇来源：重新读取"),
    (r"index damaged \((.*)\); rebuilding it", r"索引已损坏（\1）：重建"),
    (r"index built by another version of quotecheck; rebuilding it", "索引是另一个版本的 quotecheck 建立的：重建"),
    (r"shards without their main file; rebuilding the index", "分片缺少主文件：重建索引"),
    (r"duplicate of (.*) \(same text\)", r"与 \1 重复（文字相同）"),
    (r"duplicates skipped: (\d+) \(files repeating the text of an earlier file; --verbose names them\)",
     r"跳过了重复的来源：\1 个文件与先前的文件文字相同（--verbose 逐个列出）"),
    (r"cannot read folder \((.*)\); its sources are skipped", r"无法读取文件夹（\1）：其中的来源已跳过"),
    (r"links to a folder already read \((.*)\)", r"链接到已读过的文件夹（\1）"),
    (r"broken symbolic link", "失效的符号链接"),
    (r"no report text found", "找不到报道正文"),
]


# What a warning says it did, after what went wrong: translated on its own, after the rest.
_SUFFIXES = [("; skipped", "；已跳过"), ("; rebuilding this shard", "：重建这个分片"),
             ("; reading the rest of the file", "；其余部分照常读取")]


def _zh(message: str, after_path: bool = False) -> str | None:
    """The Chinese of one message (`after_path`: or of its part after a path, the path kept), or None."""
    for pattern, replacement in _ZH:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    for suffix, zh in _SUFFIXES:
        if message.endswith(suffix):
            inner = message[:-len(suffix)]
            return (_zh(inner, after_path=True) or inner) + zh  # a reason we cannot translate stays as it is
    parts = message.split(": ") if after_path else []
    for i in range(1, len(parts)):
        tail = _zh(": ".join(parts[i:]))
        if tail is not None:
            return ": ".join(parts[:i] + [tail])
    return None


def _translate(message: str) -> str | None:
    """Chinese first, then the English original in brackets (CI logs are searched for it)."""
    zh = _zh(message)
    return None if zh is None else f"{zh}（{message}）"


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
