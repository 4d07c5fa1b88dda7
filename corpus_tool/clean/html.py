"""Main text of an HTML page, as blocks, with its metadata.

A cascade, as trafilatura itself does: trafilatura's extractor (keeps headings,
list items, table cells as elements), then its baseline, then the page's
visible text; each runs only when the one before returned too little.
"""
from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..document import Block
from .dates import parse_date

# Below this many characters of main text the extractor is taken to have failed
# (a short police notice is ~250 characters; menus alone are rarely over 100).
MIN_MAIN_TEXT = 100
_VISIBLE_KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
                  "li": "list_item", "td": "table_cell", "th": "table_cell"}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "aside", "template")


def _text_of(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _blocks_from_tree(body) -> tuple[list[Block], list[list[list[str]]]]:
    """Blocks of trafilatura's output tree, and each table as rows of cell texts."""
    blocks: list[Block] = []
    tables: list[list[list[str]]] = []
    for element in body.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "head":
            blocks.append(("heading", _text_of(element)))
        elif tag == "p" and element.getparent() is not None and element.getparent().tag not in ("item", "cell"):
            blocks.append(("paragraph", _text_of(element)))
        elif tag == "item":
            blocks.append(("list_item", _text_of(element)))
        elif tag == "table":
            rows = [[_text_of(cell) for cell in row.iter("cell")] for row in element.iter("row")]
            width = max((len(r) for r in rows), default=0)
            kept = []
            for cells in rows:
                filled = [c for c in cells if c]
                if len(filled) == 1 and width > 1 and cells[0]:  # a caption or a spanning title row
                    blocks.append(("heading", filled[0]))
                else:
                    kept.append(cells)
                    blocks.extend(("table_cell", c) for c in cells)
            tables.append(kept)
        elif tag in ("quote", "code") and element.text and element.text.strip():
            blocks.append(("paragraph", _text_of(element)))
    return [(k, t) for k, t in blocks if t], tables


def _visible_text(html: str) -> list[Block]:
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for bad in tree.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    blocks = []
    for element in tree.iter("h1", "h2", "h3", "h4", "p", "li", "td", "th"):
        text = _text_of(element)
        if text:
            blocks.append((_VISIBLE_KINDS.get(element.tag, "paragraph"), text))
    return blocks


def extract_html(html: str, url: str | None = None) -> tuple[list[Block], dict]:
    """(blocks, metadata) for an HTML page; metadata has title, published, site, extractor."""
    metadata: dict = {}
    blocks: list[Block] = []
    result = None
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_tables=True,
                                             include_comments=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        metadata["extractor_error"] = f"{type(exc).__name__}: {exc}"
    # bare_extraction gives a trafilatura Document (a dict only when asked for one)
    if result is not None and not isinstance(result, dict) and result.body is not None:
        blocks, tables = _blocks_from_tree(result.body)
        if tables:
            metadata["tables"] = tables
        metadata.update({k: v for k, v in (("title", result.title), ("site", result.sitename),
                                           ("author", result.author)) if v})
        if result.date:
            metadata["published"] = parse_date(result.date)
        metadata["extractor"] = "trafilatura"
    if sum(len(t) for _, t in blocks) < MIN_MAIN_TEXT:
        fallback = _visible_text(html)
        if sum(len(t) for _, t in fallback) > sum(len(t) for _, t in blocks):
            blocks, metadata["extractor"] = fallback, "visible-text"
    if "title" not in metadata:
        match = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
        if match:
            metadata["title"] = re.sub(r"\s+", " ", match.group(1)).strip()
    return blocks, metadata
