"""A commentary written in Markdown, as its author would have it in Word (python-docx).

The forms a commentary quotes in become Word's own: `> ` lines are paragraphs in the built-in
Quote style (`quote`: another style's name, or "indent": body paragraphs indented two characters
on their first line, the quote moved in two characters as a whole), `**…**` bold runs (`bold`:
"run" sets w:b on the run, "Strong" gives it that character style), `- ` and `1. ` items a Word
list (`lists`: "numbering" puts w:numPr on the paragraph, each list numbered from 1; "style" uses
the List Bullet and List Number styles, whose numbering is the style's), `#` headings Title and
Heading N. Used by the tests to turn the realdata commentaries into manuscripts at run time (their
text is not ours to commit).

Left out, as Word has nothing for them: the frontmatter (its title goes to the document's
properties), fenced code blocks (the checker skips them in Markdown too) and rules (`---`).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(.*)$")
_NUMBER = re.compile(r"^[ \t]*\d{1,3}[.)][ \t]+(.*)$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")

BULLET_ABSTRACT, DECIMAL_ABSTRACT = "90", "91"

# A commentary on the seed report, quoting it in every form; the changes plant a changed word in
# the block quote, the bold run and a bullet.
SEED_COMMENTARY = """# 人工智能要健康有序发展

中共中央政治局第二十次集体学习，给人工智能发展指明了方向。习近平总书记强调：

> 人工智能领域要占领先机、赢得优势，必须在基础理论、方法、工具等方面取得突破。

《习近平在中共中央政治局第二十次集体学习时强调》一文提到，要**推动我国人工智能朝着有益、安全、公平方向健康有序发展**。

具体来说，重点任务包括：

- 集中力量攻克高端芯片、基础软件等核心技术；
- 构建自主可控、协同运行的人工智能基础软硬件系统；
- 以人工智能引领科研范式变革，加速各领域科技创新突破。

**发展人工智能，要把安全放在心上**

归根到底，**发展和安全是一体之两翼、驱动之双轮**。
"""
SEED_CHANGES = [("基础理论、方法、工具", "基础理论、技术、工具"), ("有益、安全、公平", "有利、安全、公平"),
                ("协同运行", "协调运行")]


def seed_commentary(changed: bool = False) -> str:
    text = SEED_COMMENTARY
    for old, new in SEED_CHANGES if changed else ():
        text = text.replace(old, new)
    return text


def markdown_to_docx(markdown: str, path: Path, quote: str = "Quote", bold: str = "run",
                     lists: str = "numbering") -> Path:
    import docx

    document = docx.Document()
    if quote not in ("indent", "Quote", "Intense Quote") and quote not in [s.name for s in document.styles]:
        document.styles.add_style(quote, 1).base_style = document.styles["Quote"]  # a house style based on Quote
    numbering = _Lists(document)
    lines = markdown.split("\n")
    if lines and lines[0].strip() == "---":  # frontmatter
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        title = next((ln.split(":", 1)[1].strip().strip('"') for ln in lines[1:end] if ln.startswith("title:")), "")
        document.core_properties.title = title
        lines = lines[end + 1:]
    in_fence = False
    current_list = None  # (kind, numId) of the list being written
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or re.fullmatch(r"[-*_]{3,}", stripped):
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if not (bullet or number):
            current_list = None if stripped else current_list  # a blank line inside a list keeps it
        if not stripped:
            continue
        heading, quoted = _HEADING.match(line), _QUOTE.match(line)
        if heading:
            level = len(heading.group(1))
            _inline(document.add_paragraph(style="Title" if level == 1 else f"Heading {level - 1}"),
                    heading.group(2), bold)
        elif quoted:
            if quoted.group(1).strip():
                paragraph = document.add_paragraph(style=None if quote == "indent" else quote)
                if quote == "indent":
                    _indent(paragraph, left_chars=200)
                _inline(paragraph, quoted.group(1), bold)
        elif bullet or number:
            kind = "bullet" if bullet else "number"
            if lists == "style":
                paragraph = document.add_paragraph(style="List Bullet" if bullet else "List Number")
            else:
                if current_list is None or current_list[0] != kind:
                    current_list = (kind, numbering.new(kind))
                paragraph = document.add_paragraph(style="List Paragraph")
                numbering.apply(paragraph, current_list[1])
            _inline(paragraph, (bullet or number).group(1), bold)
        else:
            paragraph = document.add_paragraph()
            if quote == "indent":
                _indent(paragraph)
            _inline(paragraph, line, bold)
    document.save(str(path))
    return path


def _inline(paragraph, text: str, bold: str = "run") -> None:
    """The text as runs, `**…**` as bold ones."""
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()])
        if bold == "Strong":
            paragraph.add_run(m.group(1), style="Strong")
        else:
            paragraph.add_run(m.group(1)).bold = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _indent(paragraph, left_chars: int = 0) -> None:
    """Two characters on the first line, as Chinese body text is set (in characters for Word, in twips
    too for LibreOffice, which reads only those); `left_chars` for the whole paragraph."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    left = f' w:leftChars="{left_chars}" w:left="{left_chars * 21 // 10}"' if left_chars else ""
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:ind {nsdecls("w")}{left} w:firstLineChars="200" w:firstLine="420"/>'))


class _Lists:
    """Word numbering: one bullet and one decimal definition, a new w:num for each list."""

    def __init__(self, document):
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self.numbering = document.part.numbering_part.element
        self.parse, self.ns = parse_xml, nsdecls("w")
        for abstract_id, fmt, text in ((BULLET_ABSTRACT, "bullet", "•"), (DECIMAL_ABSTRACT, "decimal", "%1.")):
            abstract = parse_xml(
                f'<w:abstractNum {self.ns} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
                '</w:abstractNum>')
            first_num = self.numbering.find(abstract.tag.replace("abstractNum", "num"))
            if first_num is not None:
                first_num.addprevious(abstract)  # abstract definitions come before the nums
            else:
                self.numbering.append(abstract)
        self.next_id = 100

    def new(self, kind: str) -> str:
        num_id = str(self.next_id)
        self.next_id += 1
        abstract = BULLET_ABSTRACT if kind == "bullet" else DECIMAL_ABSTRACT
        self.numbering.append(self.parse(
            f'<w:num {self.ns} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return num_id

    def apply(self, paragraph, num_id: str) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(self.parse(f'<w:numPr {self.ns}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def markdown_to_pdf(markdown: str, path: Path, quote: str = "indent", **way) -> Path:
    """The commentary as Word would print it to PDF (LibreOffice): block quotes indented (Word's
    Quote style sets them apart by italics only, which a CJK font does not show), body paragraphs
    with a first-line indent of two characters."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        docx_path = markdown_to_docx(markdown, Path(work) / (path.stem + ".docx"), quote=quote, **way)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/profile",
                        "--convert-to", "pdf", "--outdir", work, str(docx_path)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(str(Path(work) / (path.stem + ".pdf")), path)
    return path
