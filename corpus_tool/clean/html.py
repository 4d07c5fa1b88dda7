"""Main text of an HTML page, as blocks, with its metadata.

A cascade, as trafilatura itself does: trafilatura's extractor (keeps headings,
list items, table cells as elements), then its baseline, then the page's
visible text; each runs only when the one before returned too little.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..document import Block
from .dates import parse_date

# Below this many characters of main text the extractor is taken to have failed
# (a short police notice is ~250 characters; menus alone are rarely over 100).
MIN_MAIN_TEXT = 100
_VISIBLE_KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
                  "h6": "heading", "li": "list_item", "td": "table_cell", "th": "table_cell"}
_UNSEEN_TAGS = frozenset({"head", "script", "style", "noscript", "template"})  # never shown
# Not walked by the survey: never shown, or menus, which neither extractor keeps.
_UNCOUNTED_TAGS = _UNSEEN_TAGS | {"nav"}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "aside", "template")
# Elements whose edges separate words: HTML's block-level elements, its inline-block ones
# (form controls, images, embedded media) and <br>; and the block elements of trafilatura's
# output tree (head, item, cell, row, lb …).  Text on the two sides of one is never glued:
# "<strong>Sundsvall</strong><br>Polisen" reads "Sundsvall Polisen", not "SundsvallPolisen".
# Inline elements (a, b, em, span …) may sit inside a word and add nothing.
# HTML's inline-block and replaced elements.
_INLINE_BLOCK = frozenset({"audio", "button", "canvas", "embed", "iframe", "img", "input", "meter", "object",
                           "progress", "select", "svg", "textarea", "video"})
_BREAKS = frozenset({
    # HTML block-level
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "optgroup", "option", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "title", "tr", "ul",
    *_INLINE_BLOCK,
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


# Containers whose own text, beside block children, a browser shows as paragraphs of their own
# (CSS "anonymous block boxes"): "<div>One.<div>Two.</div></div>" is two blocks.
_CONTAINERS = ("article", "aside", "body", "center", "div", "main", "section")
# HTML's block-level elements (of the first group of ``_BREAKS``), which end such a run of text.
_BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul",
})


def _is_block(element) -> bool:
    return isinstance(element.tag, str) and element.tag in _BLOCK_LEVEL


def _shows_text(run: list) -> bool:
    """Whether a run of inline children (elements, comments) shows any text."""
    return any((isinstance(x.tag, str) and "".join(x.itertext()).strip()) or (x.tail or "").strip() for x in run)


def _wrapped(element, text: str | None, run: list) -> list:
    """A run of loose text and inline children as one ``<p>`` (a list of it), or as they were when
    it shows no text."""
    if not (text and text.strip()) and not _shows_text(run):
        return run
    paragraph = element.makeelement("p", {})
    paragraph.text = text
    paragraph.extend(run)  # each with its tail
    return [paragraph]


def _wrap_loose_text(tree) -> None:
    """Each run of text (with its inline elements) that a container holds beside block children
    becomes a ``<p>``, as a browser shows it.  Trafilatura keeps a container's own text only a few
    levels deep: of fifty nested ``<div>``s with a sentence each it kept the innermost four."""
    for element in list(tree.iter(*_CONTAINERS)):
        children = list(element)
        parent = element.getparent()
        if not any(_is_block(c) for c in children) and not (
                parent is not None and parent.tag in _CONTAINERS and any(_is_block(c) for c in parent)):
            continue  # a container of inline content alone, itself no sibling of blocks, is left to the extractor
        rebuilt: list = []
        text: str | None = element.text
        run: list = []
        for child in children:
            if _is_block(child):
                rebuilt.extend(_wrapped(element, text, run))
                text, run = child.tail, []
                child.tail = None
                rebuilt.append(child)
            else:
                run.append(child)
        rebuilt.extend(_wrapped(element, text, run))
        element.text = None
        element[:] = rebuilt


def _spaced_tree(html: str):
    """The page parsed as trafilatura parses it, with whitespace at the edges of every element in
    ``_BREAKS``: trafilatura drops or unwraps elements (an image, a button, a nested div) and joins
    the text on their two sides, which glued "Kiruna<img>Polis" into "KirunaPolis".  A container's
    own text beside block children is a paragraph of its own (``_wrap_loose_text``)."""
    from trafilatura.utils import load_html  # lazy: a command that cleans no page never imports it

    tree = load_html(html)
    if tree is None:  # not HTML to trafilatura: let it say so as it would
        return html
    _wrap_loose_text(tree)
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


# Deepest nesting of elements kept as written.  HTML's parser (libxml2) stops at 256 levels and drops
# the text below; real pages nest 10 to 40 levels (the deepest development page: 31).  Elements
# deeper than this are unwrapped, their text kept, and the document records how many (``flattened``).
MAX_DEPTH = 200
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr", "keygen"})
# An element of these closes an open one of the same kind ("<p>one<p>two"), as HTML's parser does.
_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:_-]*)\b[^>]*>", re.S)
_RAW_TEXT = ("script", "style", "textarea", "title")


def bounded_depth(html: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """``html`` with the elements nested deeper than ``limit`` unwrapped (their text kept, a new
    paragraph at the edges of a block-level one), and how many were; the page itself when none are.

    A scan of the tags, not a parse: nothing recurses, so any depth is read (a page of 100,000
    nested ``<div>``s too).  Cheap for a page with fewer tags than ``limit``: nothing is scanned."""
    if html.count("<") <= limit:
        return html, 0
    stack: list[tuple[str, bool]] = []  # open elements: (tag, written as it was)
    flattened = 0
    cuts: list[tuple[int, int, str]] = []  # (start, end, replacement)
    position = 0
    while True:
        match = _TOKEN.search(html, position)
        if match is None:
            break
        position = match.end()
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if not tag:  # a comment
            continue
        if closing:
            depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == tag), None)
            if depth is None:
                continue  # a stray end tag: the parser ignores it
            written = stack[depth][1]
            del stack[depth:]
            if not written:
                cuts.append((match.start(), match.end(), "<p>" if tag in _BLOCK_LEVEL else ""))
            continue
        if stack and (tag in _SELF_CLOSING and stack[-1][0] == tag
                      or tag in _BLOCK_LEVEL and stack[-1][0] == "p"):
            stack.pop()
        if tag in _RAW_TEXT:  # its content is text, not tags
            closed = re.compile(rf"</{tag}\s*>", re.I).search(html, position)
            position = closed.end() if closed else len(html)
            if len(stack) >= limit:
                cuts.append((match.start(), position, ""))
            continue
        if len(stack) >= limit:
            cuts.append((match.start(), match.end(), "<p>" if tag in _BLOCK_LEVEL else " "))
            flattened += 1
            if tag not in _VOID and not match.group(0).endswith("/>"):
                stack.append((tag, False))
        elif tag not in _VOID and not match.group(0).endswith("/>"):
            stack.append((tag, True))
    if not cuts:
        return html, 0
    parts, last = [], 0
    for start, end, replacement in cuts:
        parts.append(html[last:start])
        parts.append(replacement)
        last = end
    parts.append(html[last:])
    return "".join(parts), flattened


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


# Bytes of HTML read as the page streams in (the walk below holds one chunk and the open elements).
_CHUNK = 1 << 16
# Edges that separate words but sit inside a line of text: a line break, an image, a form control.
_INLINE_EDGES = _INLINE_BLOCK | {"br"}


def _stream(html: str, silent: frozenset[str]) -> Iterator[tuple[str, Any]]:
    """The page as a stream, in document order: ("start", element), ("text", str), ("end", element).

    Read as it is parsed, each element dropped once it is done (the iterparse idiom), so the walk
    holds the open elements only, not the page: a page of a million paragraphs is walked in a few
    megabytes, and nothing recurses.  An element's attributes are there at its start; its children
    are not.  The subtrees of ``silent`` tags give neither elements nor text.
    """
    parser = etree.HTMLPullParser(events=("start", "end"), encoding="utf-8", remove_comments=True,
                                  remove_pis=True)
    data = html.encode("utf-8", "surrogatepass")
    inside = 0  # how deep in a silent subtree
    for offset in range(0, len(data) + 1, _CHUNK):
        if offset < len(data):
            parser.feed(data[offset:offset + _CHUNK])
        else:
            parser.close()
        for event, element in parser.read_events():
            if event == "start":
                before = element.getprevious()
                if before is not None:  # the text after the previous element is complete now
                    text = before.tail
                    element.getparent().remove(before)
                else:
                    parent = element.getparent()
                    text = parent.text if parent is not None else None
                if text and not inside:
                    yield "text", text
                if inside or element.tag in silent:
                    inside += 1
                else:
                    yield "start", element
            else:
                last = element[-1] if len(element) else None
                text = last.tail if last is not None else element.text
                if text and not inside:
                    yield "text", text
                if inside:
                    inside -= 1
                else:
                    yield "end", element
                element.clear(keep_tail=True)


def _visible_text(html: str) -> list[Block]:
    """Every text the page shows (but menus, headers, footers, forms), as blocks cut at the edges of
    block-level elements: streamed, so any size and any depth is read in bounded memory."""
    blocks: list[Block] = []
    parts: list[str] = []
    kinds: list[str] = []  # of the open block elements: the innermost says what a block is
    units = 0  # how deep in a heading, list item or table cell: one block, whatever it holds

    def end_block() -> None:
        text = " ".join("".join(parts).split())
        if text:
            blocks.append((kinds[-1] if kinds else "paragraph", text))
        parts.clear()

    try:
        for event, value in _stream(html, frozenset(_DROP_TAGS) | _UNSEEN_TAGS):
            if event == "text":
                parts.append(value)
                continue
            if not isinstance(value.tag, str) or not _is_edge(value):
                continue
            unit = value.tag in _VISIBLE_KINDS
            if event == "end" and unit:
                units -= 1
            if value.tag in _INLINE_EDGES or units:
                parts.append(" ")
            else:
                end_block()
                if event == "start":
                    kinds.append(_VISIBLE_KINDS.get(value.tag) or (kinds[-1] if kinds else "paragraph"))
                elif kinds:
                    kinds.pop()
            if event == "start" and unit:
                units += 1
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        pass  # what was read before the parser gave up is kept
    end_block()
    return blocks


# Longest page given to the main-text extractor (``[clean] extractor_max_chars``, see defaults.toml).
EXTRACTOR_MAX_CHARS = 2_000_000


def extract_html(html: str, url: str | None = None, *,
                 extractor_max_chars: int = EXTRACTOR_MAX_CHARS) -> tuple[list[Block], dict]:
    """(blocks, metadata) for an HTML page; metadata has title, published, site, extractor.

    A page nested deeper than ``MAX_DEPTH`` is unwrapped below it (``metadata["flattened"]``); a
    page longer than ``extractor_max_chars`` is read as its visible text, streamed
    (``metadata["large_page"]``): both keep all their text, in bounded time and memory."""
    import trafilatura  # lazy: ~0.1 s to import, and only HTML pages need it

    metadata: dict = {}
    blocks: list[Block] = []
    result = None
    html, flattened = bounded_depth(html)
    if flattened:  # nested past what the parser reads: unwrapped, their text kept, and said so
        metadata["flattened"] = {"max_depth": MAX_DEPTH, "elements": flattened}
    if len(html) > extractor_max_chars > 0:
        metadata["large_page"] = (f"{len(html)} characters, over [clean] extractor_max_chars"
                                  f" ({extractor_max_chars}): read as its visible text")
        blocks, metadata["extractor"] = _visible_text(html), "visible-text"
        _add_title(html, metadata)
        return blocks, metadata
    try:
        result = _extract_main(trafilatura, html, url)
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
    _add_title(html, metadata)
    return blocks, metadata


# Trafilatura's comparison with its external extractors (readability, justext) replaces its own
# extraction only when that is short (under its MIN_EXTRACTED_SIZE), holds elements its sanitizer
# removes (SANITIZED_XPATH), has no paragraph text or more tables than paragraphs, or is much
# shorter than readability's.  The comparison (with the pruning before it) is a third of the
# extraction's time; it is run only where the extraction without it (``fast``) shows one of the
# first three signs, with ``COMPARISON_MARGIN`` characters for the text trafilatura measures before
# its final clean-up.  ``fast`` also keeps "teaser" blocks when it recovers loose text: a page
# naming a teaser is extracted in full.
COMPARISON_MARGIN = 50
_TEASERS = ("teaser", "Teaser")  # as trafilatura's teaser XPath reads a class or id (translate 'T' to 't')


def _extract_main(trafilatura: Any, html: str, url: str | None) -> Any:
    """Trafilatura's extraction of the page, its comparison with readability and justext only where
    that can change the result (see the note above), with the metadata fields the clean stage keeps."""
    tree = _spaced_tree(html)
    # output_format "txt": the body as a tree, without the plain text "python" would also build from it
    options = dict(url=url, include_tables=True, include_comments=False, favor_precision=True, output_format="txt")
    if isinstance(tree, str):
        return trafilatura.bare_extraction(tree, with_metadata=True, **options)
    metadata = page_metadata(tree, url)  # before the extraction, on the same tree, as bare_extraction does
    if any(word in html for word in _TEASERS):  # a substring search: cheaper than a pattern over the page
        result = trafilatura.bare_extraction(tree, **options)
    else:
        result = trafilatura.bare_extraction(tree, fast=True, **options)  # the input tree is copied, not changed
        body = None if result is None or isinstance(result, dict) else result.body
        if body is None or _comparison_may_differ(body):
            result = trafilatura.bare_extraction(tree, **options)
    if result is not None and not isinstance(result, dict):
        result.title, result.author, result.sitename, result.date = metadata
    return result


def page_metadata(tree, url: str | None = None) -> tuple[str | None, str | None, str | None, str | None]:
    """(title, author, site name, date) of a parsed page, as ``trafilatura.extract_metadata`` finds them,
    without the fields it also reads and the clean stage does not keep (categories, tags, licence: a
    quarter of its time on a police page)."""
    from trafilatura.metadata import (  # lazy, as trafilatura itself; its own readers (htmldate's find_date …)
        META_URL,
        examine_meta,
        extract_author,
        extract_domain,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
        find_date,
    )
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = extract_meta_json(tree, found)
    except Exception:  # trafilatura's JSON-LD reader fails on some pages; it goes on without
        pass
    if not found.title:
        found.title = extract_title(tree)
    if not found.author:
        found.author = extract_author(tree)
    if not found.url:
        found.url = extract_url(tree, url)
    if found.url:
        found.hostname = extract_domain(found.url, fast=True)
    dates = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    dates["url"] = found.url
    found.date = find_date(tree, **dates)
    if not found.sitename:
        found.sitename = extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    found.clean_and_trim()
    return found.title, found.author, found.sitename, found.date


def _comparison_may_differ(body) -> bool:
    from trafilatura.external import SANITIZED_XPATH  # lazy, as trafilatura itself
    from trafilatura.settings import DEFAULT_CONFIG

    shortest = DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE") + COMPARISON_MARGIN
    if len(" ".join(body.itertext()).strip()) < shortest or body.xpath(SANITIZED_XPATH):
        return True
    return not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p"))


def _add_title(html: str, metadata: dict) -> None:
    """The page's ``<title>``, when the extractor found none."""
    if "title" not in metadata:
        match = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
        if match:
            metadata["title"] = re.sub(r"\s+", " ", match.group(1)).strip()


def page_blocks(html: str) -> set[str]:
    """The distinct text blocks of a whole page, cut at the same element edges as the extraction.

    What the survey counts to find the furniture a site repeats on many pages (disclaimers,
    cookie texts, labels).  A block broken by ``<br>`` counts as a whole and line by line, since
    the extractor may keep either.  A block or line that is only link text (a menu entry, a
    breadcrumb) is left out: menus are never taken for content, and a place or event type named
    in a menu must not become furniture where a page's own text names it on a line of its own.
    """
    tree = _parse(bounded_depth(html)[0])
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
