"""Alignment links rendered for people and tools: ``links``, ``tsv``, ``tmx`` or ``xliff``."""
from __future__ import annotations

from collections.abc import Sequence

from ..align.scoring import format_links
from ..document import Link
from ..errors import AlignmentError
from .tmx import tmx_string, units_from_links
from .xliff import xliff_string

FORMATS = ("links", "tsv", "tmx", "xliff")


def _cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def render_links(links: Sequence[Link], src: list[str], tgt: list[str], fmt: str, src_lang: str | None = None,
                 tgt_lang: str | None = None) -> str:
    """The links between ``src`` and ``tgt`` sentences in format ``fmt`` (one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise AlignmentError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "links":
        return format_links(links)
    units = units_from_links(links, src, tgt)
    if fmt == "tsv":
        return "".join(f"{_cell(s)}\t{_cell(t)}\n" for s, t in units)
    if fmt == "tmx":
        return tmx_string(units, src_lang or "und", tgt_lang or "und")
    return xliff_string(units, src_lang or "und", tgt_lang or "und")
