"""Plain text into blocks, leftovers and metadata lines out.

Used for .txt/.md input and for text that was extracted elsewhere: a block is
a run of lines between blank lines; wrapped lines are joined; bullets make list
items; a short line without final punctuation is a heading; a run of very short
cells (a statistics table pasted one cell a line) becomes table cells.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..document import Block
from ..resources import read_tsv
from ..settings import CleanSettings
from .dates import parse_date

_BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|\d{1,2}[.)])\s+")
_DASH_BULLET = re.compile(r"^\s*[-–—]\s+")
_END_PUNCT = re.compile(r"[.!?:;…\"”»)]$")
# Metadata written as a line of its own, or leading the first line ("date 2020-05 Inom ramen …").
_LEADING_META = re.compile(
    r"^\s*(?P<key>date|datum|published|publicerad|publicerat|updated|uppdaterad)\s*:?\s*"
    r"(?P<value>\d{4}-\d{2}(?:-\d{2})?(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\s*", re.I)
_META_LINE = re.compile(
    r"^\s*(?P<key>publicerad|publicerat|publicerades|published|posted|datum|date|senast ändrad|"
    r"senast uppdaterad|uppdaterad|ändrad|last modified|last updated|updated)\s*:?\s*(?P<value>.{4,40})$",
    re.I)
_PUBLISHED_KEYS = {"publicerad", "publicerat", "publicerades", "published", "posted", "datum", "date"}
_NUMERIC_CELL = re.compile(r"^[\d\s.,%+−-]+$")


@functools.lru_cache(maxsize=1)
def leftover_pattern() -> re.Pattern:
    parts = [row["pattern"] for row in read_tsv("leftovers.tsv")]
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in parts) + r")\s*$", re.I)


# Where a document records the lines cleaning took out, by why (documents.metadata, as JSON).
REMOVED_KEYS = {"site": "removed_boilerplate", "leftover": "removed_leftovers"}


def removal(line: str, boilerplate: frozenset = frozenset()) -> str | None:
    """Why ``line`` is not text: "site" (its site repeats it on many pages, ``boilerplate``),
    "leftover" (a class of web leftovers in ``data/leftovers.tsv``), else None."""
    stripped = line.strip()
    if not stripped:
        return None
    if stripped in boilerplate:
        return "site"
    return "leftover" if leftover_pattern().match(stripped) else None


# A sentence ends at . ! ? or … followed by space and a capital, a digit, a quote or a dash.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"”'–\-\d\w])")
# Sentences shorter than this are too common in any text ("Ingen skadades.") to be a site's own.
SITE_SENTENCE_MIN_CHARS = 30


def site_sentences(text: str) -> list[str]:
    """The sentences of a line or block that a site's repeated furniture is also counted by."""
    return [s for s in _SENTENCE_END.split(text.strip()) if len(s) >= SITE_SENTENCE_MIN_CHARS]


def strip_site_sentences(text: str, boilerplate: frozenset) -> tuple[str | None, list[str]]:
    """``text`` without the sentences its site repeats on many pages: (what is left, or None when
    nothing is; the sentences taken out).

    Furniture reworded over time keeps sentences of its older wording (a disclaimer's opening):
    those go wherever they stand, and the page's own sentences in the same block stay.
    """
    parts = _SENTENCE_END.split(text.strip())
    if len(parts) < 2 or not boilerplate:
        return text, []
    furniture = [p in boilerplate for p in parts]
    if not any(furniture):
        return text, []
    kept = " ".join(p for p, f in zip(parts, furniture) if not f)
    return kept or None, [p for p, f in zip(parts, furniture) if f]


def is_leftover(line: str, boilerplate: frozenset = frozenset()) -> bool:
    return removal(line, boilerplate) is not None


def record_removed(metadata: dict, reason: str, line: str) -> None:
    """Keep ``line`` in ``metadata`` under the key for ``reason``, once, in the order met."""
    lines = metadata.setdefault(REMOVED_KEYS[reason], [])
    if line not in lines:
        lines.append(line)


def metadata_line(line: str) -> tuple[str, str] | None:
    """(key, ISO date) if the line only states a publication or modification date."""
    match = _META_LINE.match(line)
    if not match:
        return None
    date = parse_date(match.group("value"))
    if not date:
        return None
    key = match.group("key").lower()
    return ("published" if key in _PUBLISHED_KEYS else "modified"), date


def take_metadata(text: str, metadata: dict) -> str:
    """Move a leading ``date 2020-05`` style prefix into ``metadata``; return the rest."""
    match = _LEADING_META.match(text)
    if match and parse_date(match.group("value")):
        key = match.group("key").lower()
        metadata["published" if key in _PUBLISHED_KEYS else "modified"] = parse_date(match.group("value"))
        return text[match.end():]
    return text


_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),          # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),           # links: keep the link text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),                  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]+)`"), r"\1"),                         # inline code
]


def _strip_markdown(line: str) -> str:
    if re.fullmatch(r"[-*_]{3,}|```.*|>\s*", line):  # rules, fences, empty quotes
        return ""
    line = re.sub(r"^>\s?", "", line)  # block quotes keep their text
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line.strip()


def _is_heading(text: str, settings: CleanSettings) -> bool:
    words = text.split()
    return (len(text) <= settings.heading_max_chars and 0 < len(words) <= settings.heading_max_words
            and not _END_PUNCT.search(text) and (text[0].isupper() or text[0].isdigit())
            and not _NUMERIC_CELL.match(text) and "\n" not in text)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; keep lines apart where a new unit clearly starts."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower() and not _END_PUNCT.search(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _mark_tables(blocks: list[Block], settings: CleanSettings) -> list[Block]:
    """Runs of short single-line blocks, many numeric, are a flattened table."""
    short = [kind in ("paragraph", "heading") and len(text) <= settings.table_cell_max_chars
             and len(text.split()) <= 3 for kind, text in blocks]
    out = list(blocks)
    i = 0
    while i < len(blocks):
        if not short[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and short[j]:
            j += 1
        run = blocks[i:j]
        numeric = sum(1 for _, t in run if _NUMERIC_CELL.match(t))
        if len(run) >= settings.table_min_cells and numeric * 2 >= len(run):
            for k in range(i, j):
                out[k] = ("table_cell", blocks[k][1])
        i = j
    return out


def blocks_from_text(text: str, settings: CleanSettings, metadata: dict,
                     boilerplate: frozenset = frozenset(), markdown: bool = False) -> list[Block]:
    text = take_metadata(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"), metadata)
    raw_blocks = re.split(r"\n\s*\n", text)
    blocks: list[Block] = []
    for raw in raw_blocks:
        lines = [re.sub(r"\s+", " ", l).strip() for l in raw.split("\n")]
        kept = []
        for line in lines:
            if not line:
                continue
            reason = removal(line, boilerplate)
            if reason:
                record_removed(metadata, reason, line)
                continue
            rest, taken = strip_site_sentences(line, boilerplate)
            for sentence in taken:
                record_removed(metadata, "site", sentence)
            if rest is None:
                continue
            line = rest
            meta = metadata_line(line)
            if meta:
                metadata.setdefault(meta[0], meta[1])
                continue
            kept.append(line)
        if not kept:
            continue
        if markdown:
            kept = [line for line in map(_strip_markdown, kept) if line]
            while kept and _MD_HEADING.match(kept[0]):
                blocks.append(("heading", _MD_HEADING.sub("", kept[0]).strip()))
                kept = kept[1:]
            if not kept:
                continue
        bullets = [bool(_BULLET.match(l)) for l in kept]
        dashes = [bool(_DASH_BULLET.match(l)) for l in kept]
        # A dash starts a list only when several lines do; a single "– …" is a quotation.
        if any(bullets) or sum(dashes) >= 2:
            pattern = _BULLET if any(bullets) else _DASH_BULLET
            for line in kept:
                if pattern.match(line):
                    blocks.append(("list_item", pattern.sub("", line, count=1)))
                elif blocks and blocks[-1][0] == "list_item" and line[:1].islower():
                    blocks[-1] = ("list_item", f"{blocks[-1][1]} {line}")
                else:
                    blocks.append(("paragraph", line))
            continue
        for line in _join_wrapped(kept):
            blocks.append(("heading" if _is_heading(line, settings) else "paragraph", line))
    return _mark_tables(blocks, settings)


def clean_blocks(blocks: Iterable[Block], boilerplate: frozenset = frozenset(),
                 metadata: dict | None = None) -> list[Block]:
    """Drop leftovers and site furniture from blocks extracted elsewhere (e.g. from HTML);
    what is dropped is recorded in ``metadata`` when given."""
    out = []
    for kind, text in blocks:
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            continue
        reason = removal(text, boilerplate)
        if reason is not None:
            if metadata is not None:
                record_removed(metadata, reason, text)
            continue
        rest, taken = strip_site_sentences(text, boilerplate)
        if metadata is not None:
            for sentence in taken:
                record_removed(metadata, "site", sentence)
        if rest is not None:
            out.append((kind, rest))
    return out
