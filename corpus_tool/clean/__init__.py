"""The clean stage: decoded input in, blocks of main text and metadata out.

HTML goes through the extraction cascade (``html.py``); plain text and
Markdown through the block reader (``text.py``); both lose web leftovers
(``data/leftovers.tsv``) and the lines a site repeats on many pages (counted
by ``BoilerplateCounter`` over the whole run).  What is taken out is kept in
``doc.metadata``: ``removed_boilerplate`` (the site's lines) and
``removed_leftovers``, stored with the document (``documents.metadata``).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlparse

from ..document import Document
from ..errors import EmptyDocument
from ..settings import CleanSettings
from .html import extract_html, page_blocks
from .text import blocks_from_text, clean_blocks, metadata_line, site_sentences

__all__ = ["clean", "site_of", "BoilerplateCounter"]


def site_of(doc: Document) -> str | None:
    """The site a document comes from: crawl sidecar, URL host, else None."""
    if doc.site:
        return doc.site
    if doc.url:
        host = urlparse(doc.url).hostname or ""
        return host[4:] if host.startswith("www.") else host or None
    return None


def clean(doc: Document, settings: CleanSettings, boilerplate: frozenset = frozenset()) -> Document:
    """Fill ``doc.blocks``, ``title``, ``published``, ``site``; ``doc.text`` is rebuilt by segment."""
    metadata = doc.metadata
    if doc.media_type == "text/html":
        blocks, html_meta = extract_html(doc.text, doc.url, extractor_max_chars=settings.extractor_max_chars)
        metadata.update({k: v for k, v in html_meta.items() if k != "published"})
        if html_meta.get("published"):
            metadata["published"] = html_meta["published"]
        # Date lines inside the article ("Publicerad 4 mars 2022") are metadata, not text.
        blocks = blocks_from_html_blocks(blocks, settings, metadata, boilerplate)
    else:
        text = doc.text
        if doc.media_type == "text/markdown":
            text, front = split_front_matter(text)
            if front:
                metadata["front_matter"] = front
                for key in ("title", "author"):
                    if front.get(key):
                        metadata[key] = front[key]
                date = _DATE_PREFIX.match(front.get("date") or front.get("published") or "")
                if date:
                    metadata["published"] = date.group(0)
        blocks = blocks_from_text(text, settings, metadata, boilerplate,
                                  markdown=doc.media_type == "text/markdown")
    if not blocks:
        raise EmptyDocument(f"{doc.source}: no text left after cleaning")
    doc.blocks = blocks
    doc.site = site_of(doc)
    doc.published = metadata.get("published") or metadata.get("crawl_published") or metadata.get("modified")
    doc.title = metadata.get("title") or _title_from_blocks(blocks)
    return doc


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w\-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_DATE_PREFIX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """A Markdown file's YAML front matter (``---`` ... ``---`` on top) as flat ``key: value``
    metadata, and the text after it; a text without front matter comes back whole."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    front = {}
    for line in match.group(1).splitlines():
        key = _FRONT_KEY.match(line)
        if key:
            front[key.group(1).lower()] = key.group(2).strip("\"'")
    return text[match.end():], front


def blocks_from_html_blocks(blocks, settings, metadata, boilerplate):
    out = []
    for kind, text in clean_blocks(blocks, boilerplate, metadata):
        meta = metadata_line(text)
        if meta:
            metadata.setdefault(meta[0], meta[1])
            continue
        out.append((kind, text))
    return out


def _title_from_blocks(blocks) -> str | None:
    kind, text = blocks[0]
    if kind != "heading":  # no heading on top: the opening words stand in for a title
        text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return text if len(text) <= 100 else text[:97].rsplit(" ", 1)[0] + "…"


# Share of a sentence's pages on which it follows a furniture opening for it to be furniture too.
ECHO_SHARE = 0.9


class BoilerplateCounter:
    """Counts short lines per site over a corpus to find the ones a site repeats on many pages.

    A plain-text document gives its lines (``add``); an HTML page the text blocks of the whole
    page, cut at element edges as the extraction cuts them (``add_html``), so that a disclaimer
    the extractor keeps on some pages is known as the site's from all the pages that carry it.
    """

    def __init__(self, settings: CleanSettings):
        self.settings = settings
        self.lines: dict[str, Counter] = {}
        # (a later sentence of a block, the block's first sentence): on how many documents
        self.after_first: dict[str, Counter] = {}
        self.documents: Counter = Counter()

    def add_document(self, site: str, doc: Document) -> None:
        """A document as read (before cleaning): an HTML page or a plain text."""
        if doc.media_type == "text/html":
            self.add_html(site, doc.text)
        else:
            self.add(site, doc.text)

    def add(self, site: str, text: str) -> None:
        self.add_lines(site, (line.strip() for line in text.splitlines()))

    def add_html(self, site: str, html: str) -> None:
        if len(html) > self.settings.extractor_max_chars > 0:
            return  # a page far larger than any article is no page of the site's to count furniture on
        self.add_lines(site, page_blocks(html))

    def add_lines(self, site: str, lines: Iterable[str]) -> None:
        """One document of ``site`` with these (stripped) lines or blocks."""
        limit = self.settings.repeat_max_chars
        self.documents[site] += 1
        seen: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for line in lines:
            if 0 < len(line) <= limit:
                seen.add(line)
                # and its sentences, so that furniture reworded over time is still known by its sentences
                sentences = site_sentences(line)
                seen.update(sentences)
                pairs.update((s, sentences[0]) for s in sentences[1:])
        self.lines.setdefault(site, Counter()).update(seen)
        self.after_first.setdefault(site, Counter()).update(pairs)

    def repeated(self, site: str) -> frozenset:
        total = self.documents.get(site, 0)
        need = max(self.settings.repeat_min_documents, self.settings.repeat_min_share * total)
        if total < self.settings.repeat_min_documents:
            return frozenset()
        counts = self.lines.get(site, Counter())
        furniture = {line for line, n in counts.items() if n >= need}
        # A reworded disclaimer: a sentence that is not on enough pages itself, but follows the
        # site's furniture opening wherever it stands (nearly always, on several pages), is furniture.
        echoes = {s for (s, first), n in self.after_first.get(site, Counter()).items()
                  if first in furniture and counts[s] >= self.settings.repeat_min_documents
                  and n >= ECHO_SHARE * counts[s]}
        return frozenset(furniture | echoes)
