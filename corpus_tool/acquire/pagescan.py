"""What the crawler needs from an HTML page: links, language versions, dates.

A forgiving single pass with ``html.parser`` (no DOM): broken markup yields
fewer links, never an exception.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Meta tags that carry a page's publication date, most specific first.
DATE_META = ("article:published_time", "og:published_time", "datepublished", "dc.date",
             "dc.date.issued", "dcterms.created", "pubdate", "publishdate", "date")
_INLINE = {"a", "abbr", "b", "em", "i", "small", "span", "strong", "sub", "sup", "u", "time", "mark"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Link:
    href: str
    text: str = ""
    rel: str = ""
    hreflang: str = ""


@dataclass
class PageScan:
    lang: str = ""
    base: str = ""
    links: list[Link] = field(default_factory=list)
    alternates: list[Link] = field(default_factory=list)  # <link rel=alternate hreflang=..>
    meta: dict = field(default_factory=dict)
    times: list[str] = field(default_factory=list)  # <time datetime=...> values, in order
    container_text: str = ""  # text of the first element matching the article container
    has_container: bool = False

    def meta_date(self) -> str | None:
        for name in DATE_META:
            if self.meta.get(name):
                return self.meta[name]
        return self.times[0] if self.times else None


def _matches(selector: str, tag: str, attrs: dict) -> bool:
    """Tiny selector: ``tag``, ``.class``, ``#id``, ``tag.class``, ``tag#id``."""
    match = re.fullmatch(r"([a-z0-9]*)(?:([.#])([\w-]+))?", selector.strip().lower())
    if not match:
        return False
    want_tag, kind, name = match.groups()
    if want_tag and want_tag != tag:
        return False
    if kind == ".":
        return name in (attrs.get("class") or "").lower().split()
    if kind == "#":
        return (attrs.get("id") or "").lower() == name
    return bool(want_tag)


class _Scanner(HTMLParser):
    def __init__(self, containers: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self.containers = containers
        self._anchor: Link | None = None
        self._anchor_text: list[str] = []
        self._container_depth = 0  # >0 while inside the chosen container
        self._container_done = False
        self._container_text: list[str] = []
        self._skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "html" and attrs.get("lang"):
            self.scan.lang = attrs["lang"].strip().lower()
        elif tag == "base" and attrs.get("href") and not self.scan.base:
            self.scan.base = attrs["href"].strip()
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content") and key not in self.scan.meta:
                self.scan.meta[key] = attrs["content"].strip()
        elif tag == "link" and attrs.get("href"):
            rel = attrs.get("rel", "").lower()
            link = Link(attrs["href"].strip(), rel=rel, hreflang=attrs.get("hreflang", "").lower())
            if "alternate" in rel.split() and link.hreflang:
                self.scan.alternates.append(link)
            elif "next" in rel.split():
                self.scan.links.append(link)
        elif tag == "a" and attrs.get("href"):
            self._anchor = Link(attrs["href"].strip(), rel=attrs.get("rel", "").lower(),
                                hreflang=attrs.get("hreflang", "").lower())
            self._anchor_text = []
        elif tag == "time" and attrs.get("datetime"):
            self.scan.times.append(attrs["datetime"].strip())
        if self._container_depth:
            if tag not in _INLINE:  # block boundaries separate words
                self._container_text.append(" ")
            if tag not in _VOID:
                self._container_depth += 1
        elif not self._container_done and any(_matches(s, tag, attrs) for s in self.containers):
            self._container_depth = 1
            self.scan.has_container = True

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "a" and self._anchor is not None:
            self._anchor.text = " ".join("".join(self._anchor_text).split())
            self.scan.links.append(self._anchor)
            self._anchor = None
        if self._container_depth and tag not in _VOID:
            if tag not in _INLINE:
                self._container_text.append(" ")
            self._container_depth -= 1
            if not self._container_depth:
                self._container_done = True

    def handle_data(self, data):
        if self._skip:
            return
        if self._anchor is not None:
            self._anchor_text.append(data)
        if self._container_depth:
            self._container_text.append(data)


def scan_page(html: str, containers: tuple[str, ...] = ("article", "main")) -> PageScan:
    scanner = _Scanner(tuple(containers))
    try:
        scanner.feed(html)
        scanner.close()
    except Exception:
        pass
    if scanner._anchor is not None:  # an <a> never closed still links somewhere
        scanner.handle_endtag("a")
    scanner.scan.container_text = " ".join("".join(scanner._container_text).split())
    return scanner.scan
