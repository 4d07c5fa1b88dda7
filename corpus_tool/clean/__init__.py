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
        blocks, html_meta = extract_html(doc.text, doc.url)
        metadata.update({k: v for k, v in html_meta.items() if k != "published"})
        if html_meta.get("published"):
            metadata["published"] = html_meta["published"]
        # Date lines inside the article ("Publicerad 4 mars 2022") are metadata, not text.
        blocks = blocks_from_html_blocks(blocks, settings, metadata, boilerplate)
    else:
        blocks = blocks_from_text(doc.text, settings, metadata, boilerplate,
                                  markdown=doc.media_type == "text/markdown")
    if not blocks:
        raise EmptyDocument(f"{doc.source}: no text left after cleaning")
    doc.blocks = blocks
    doc.site = site_of(doc)
    doc.published = metadata.get("published") or metadata.get("crawl_published") or metadata.get("modified")
    doc.title = metadata.get("title") or _title_from_blocks(blocks)
    return doc


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
