"""Markdown articles and reports as web pages, made while the tests run (the realdata text is not ours
to commit): an article as a draft saved from an editor's CMS (markdown-it, which rich already
installs, renders the body), a report as a People's Daily page (paper.people.com.cn's layout: the
page list and the 版 label around div.article, h3 kicker, h1 headline, h2 subtitle, the text in
div#ozoom, the date in a meta tag)."""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_PUB_LINE = re.compile(r"^>\s*(?P<author>[^《\n]*)《(?P<pub>[^》]+)》（(?P<y>\d{4})年(?P<m>\d{2})月(?P<d>\d{2})日第\s*(?P<page>\d+)\s*版）\s*$",
                       re.M)


def _frontmatter(md: str) -> tuple[dict, str]:
    m = _FRONT.match(md)
    if not m:
        return {}, md
    meta = {}
    for line in m.group(1).split("\n"):
        key, _, value = line.partition(":")
        if value.strip():
            meta[key.strip()] = value.strip().strip('"')
    return meta, md[m.end():]


def article_page(md: str) -> str:
    """A Markdown article as a web page: its frontmatter's title and date as the page's metadata."""
    meta, body = _frontmatter(md)
    rendered = MarkdownIt("commonmark").enable("table").render(body)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(meta.get('title', ''))}</title>"
            + (f"<meta name=\"date\" content=\"{meta['date']}\">" if meta.get("date") else "")
            + "<style>body{max-width:40em}</style><script>var x = '“不是文章”';</script></head>\n"
            f"<body><nav><a href=\"/\">首页</a> <a href=\"/list\">“要闻”列表</a></nav>\n<article>\n{rendered}</article>\n"
            "<footer><p>版权所有</p></footer></body></html>\n")


def report_page(md: str) -> str:
    """A report of the archive's Markdown form as a paper.people.com.cn page."""
    meta, body = _frontmatter(md)
    pub = _PUB_LINE.search(body)
    head = body[:pub.start()] if pub else ""
    text = body[pub.end():] if pub else body
    kicker = re.search(r"^### (.+)$", head, re.M)
    title = re.search(r"^# (.+)$", head, re.M)
    subtitle = re.search(r"^## (.+)$", head, re.M)
    page = int(pub.group("page")) if pub else int(re.sub(r"\D", "", meta.get("section", "1")) or 1)
    paras = MarkdownIt("commonmark").render(text)
    heading = (f"<h3>{html.escape(kicker.group(1))}</h3>" if kicker else "") \
        + f"<h1>{html.escape(title.group(1) if title else meta.get('title', ''))}</h1>" \
        + (f"<h2>{html.escape(subtitle.group(1))}</h2>" if subtitle else "")
    pages = "".join(f"<a id=\"pageLink\" href=\"node_{n:02d}.html\">第{n:02d}版：要闻</a>" for n in range(1, 5))
    return ("<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
            f"<title>{html.escape(meta.get('title', ''))}--人民日报</title>"
            f"<meta name=\"publishdate\" content=\"{meta.get('date', '')}\">"
            f"<meta name=\"author\" content=\"{html.escape(meta.get('author', ''))}\">"
            f"<link rel=\"canonical\" href=\"{html.escape(meta.get('source_url', ''))}\"></head>\n"
            f"<body><div class=\"swiper-container\">{pages}</div>\n"
            f"<div class=\"paper-bottom\"><p class=\"left ban\">第{page:02d}版：{html.escape(meta.get('section_name', '要闻'))}</p>"
            f"<p class=\"right btn\"><a href=\"#\">PDF</a></p></div>\n"
            f"<div class=\"article\">{heading}"
            f"<div id=\"ozoom\">{paras}</div></div>\n"
            "<div class=\"news\"><ul><li><a href=\"content_1.html\">“本版其他文章”</a></li></ul></div></body></html>\n")
