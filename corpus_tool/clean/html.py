"""Main text of an HTML page, as blocks, with its metadata.

A cascade, as trafilatura itself does: trafilatura's extractor (keeps headings,
list items, table cells as elements), then its baseline, then the page's
visible text; each runs only when the one before returned too little.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..document import Block
from .dates import parse_date

# Below this many characters of main text the extractor is taken to have failed
# (a short police notice is ~250 characters; menus alone are rarely over 100).
MIN_MAIN_TEXT = 100
_VISIBLE_KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
                  "li": "list_item", "td": "table_cell", "th": "table_cell"}
_UNSEEN_TAGS = frozenset({"head", "script", "style", "noscript", "template"})  # never shown
# Not walked by the survey: never shown, or menus, which neither extractor keeps.
_UNCOUNTED_TAGS = _UNSEEN_TAGS | {"nav"}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "aside", "template")
# Elements whose edges separate words: HTML's block-level elements, its inline-block ones
# (form controls, images, embedded media) and <br>; and the block elements of trafilatura's
# output tree (head, item, cell, row, lb …).  Text on the two sides of one is never glued:
# "<strong>Sundsvall</strong><br>Polisen" reads "Sundsvall Polisen", not "SundsvallPolisen".
# Inline elements (a, b, em, span …) may sit inside a word and add nothing.
_BREAKS = frozenset({
    # HTML block-level
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "optgroup", "option", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "title", "tr", "ul",
    # HTML inline-block and replaced
    "audio", "button", "canvas", "embed", "iframe", "img", "input", "meter", "object", "progress",
    "select", "svg", "textarea", "video",
    # trafilatura's output tree
    "cell", "graphic", "head", "item", "lb", "list", "quote", "row",
})
# An element its own style attribute sets off from its neighbours ("<span style="display:block">").
_DISPLAY_BOX = re.compile(r"(?:^|;)\s*display\s*:\s*(?:block|inline-block|flex|inline-flex|grid|inline-grid|"
                          r"list-item|table)", re.I)


def _is_edge(element) -> bool:
    """Whether the edges of ``element`` separate words (see ``_BREAKS``)."""
    if element.tag in _BREAKS:
        return True
    style = element.get("style")
    return bool(style) and bool(_DISPLAY_BOX.search(style))


def _text_of(element) -> str:
    """The text of ``element``, whitespace where an element in ``_BREAKS`` opens or closes."""
    parts: list[str] = []
    todo: list = [element]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if not isinstance(item.tag, str):  # a comment or processing instruction: not shown
            continue
        edge = _is_edge(item)
        inner: list = [" "] if edge else []
        if item.text:
            inner.append(item.text)
        for child in item:
            inner.append(child)
            if child.tail:
                inner.append(child.tail)
        if edge:
            inner.append(" ")
        todo.extend(reversed(inner))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _spaced_tree(html: str):
    """The page parsed as trafilatura parses it, with whitespace at the edges of every element in
    ``_BREAKS``: trafilatura drops or unwraps elements (an image, a button, a nested div) and joins
    the text on their two sides, which glued "Kiruna<img>Polis" into "KirunaPolis"."""
    from trafilatura.utils import load_html  # lazy: a command that cleans no page never imports it

    tree = load_html(html)
    if tree is None:  # not HTML to trafilatura: let it say so as it would
        return html
    for element in tree.iter():
        if not isinstance(element.tag, str) or not _is_edge(element):
            continue
        before = element.getprevious()
        if before is not None:
            if not before.tail or not before.tail[-1].isspace():
                before.tail = (before.tail or "") + " "
        else:
            parent = element.getparent()
            if parent is not None and parent.text and not parent.text[-1].isspace():
                parent.text += " "
        if element.tail and not element.tail[0].isspace():
            element.tail = " " + element.tail
    return tree


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


_UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def _parse(html: str):
    """The page as an lxml tree, or None.  A page that opens with an XML declaration naming an
    encoding is parsed from its UTF-8 bytes (lxml refuses such a declaration in a string)."""
    try:
        try:
            return lxml_html.fromstring(html)
        except ValueError:
            return lxml_html.fromstring(html.encode("utf-8"), parser=_UTF8_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _visible_text(html: str) -> list[Block]:
    tree = _parse(html)
    if tree is None:
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
    import trafilatura  # lazy: ~0.1 s to import, and only HTML pages need it

    metadata: dict = {}
    blocks: list[Block] = []
    result = None
    try:
        result = trafilatura.bare_extraction(_spaced_tree(html), url=url, with_metadata=True,
                                             include_tables=True, include_comments=False, favor_precision=True)
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


def page_blocks(html: str) -> set[str]:
    """The distinct text blocks of a whole page, cut at the same element edges as the extraction.

    What the survey counts to find the furniture a site repeats on many pages (disclaimers,
    cookie texts, labels).  A block broken by ``<br>`` counts as a whole and line by line, since
    the extractor may keep either.  A block or line that is only link text (a menu entry, a
    breadcrumb) is left out: menus are never taken for content, and a place or event type named
    in a menu must not become furniture where a page's own text names it on a line of its own.
    """
    tree = _parse(html)
    if tree is None:
        return set()
    blocks: set[str] = set()
    parts: list[str] = []  # the text of the current line
    plain = False  # some of the current line is outside a link
    lines: list[tuple[str, bool]] = []  # the finished lines of the current block

    def end_line() -> None:
        nonlocal plain
        if not parts:
            return
        text = " ".join("".join(parts).split())
        if text:
            lines.append((text, plain))
        parts.clear()
        plain = False

    def end_block() -> None:
        end_line()
        if not lines:
            return
        if any(p for _, p in lines):
            blocks.add(" ".join(t for t, _ in lines))
            if len(lines) > 1:
                blocks.update(t for t, p in lines if p)
        lines.clear()

    links = 0  # how many links the walk is inside
    walk = etree.iterwalk(tree, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if event in ("comment", "pi"):  # not shown; the text after it is
            pass
        elif event == "start":
            if element.tag in _UNCOUNTED_TAGS:
                walk.skip_subtree()
                continue
            if element.tag == "br":
                end_line()
            elif _is_edge(element):
                end_block()
            if element.tag == "a":
                links += 1
            if element.text:
                parts.append(element.text)
                plain = plain or (not links and not element.text.isspace())
            continue
        else:
            if element.tag == "a":
                links -= 1
            if element.tag != "br" and element.tag not in _UNCOUNTED_TAGS and _is_edge(element):
                end_block()
        if element.tail and element is not tree:
            parts.append(element.tail)
            plain = plain or (not links and not element.tail.isspace())
    end_block()
    return blocks
