"""Two plain files in, aligned sentence pairs out: the library side of ``corpus-tool align``.

Without ``presplit`` a file goes through the pipeline's own clean, segment
and language stages, so a pair aligned from its two files gets exactly the
sentences (and links) the pipeline stores.  With ``presplit`` each line is
one sentence, as in the published alignment benchmarks.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import AlignmentError, EmptyDocument, InputError
from .scoring import format_links
from .sentences import align

FORMATS = ("links", "tsv", "tmx", "xliff")


@dataclass
class SideText:
    sentences: list[str]
    lang: Optional[str]


def read_side(path: str | Path, *, presplit: bool = False, lang: Optional[str] = None) -> SideText:
    """Sentences (and detected language) of one file; an empty file has none."""
    from ..acquire.read import decode, read_bytes

    path = Path(path)
    if not path.is_file():
        raise AlignmentError(f"not a file: {path}")
    try:
        data = read_bytes(path)
    except EmptyDocument:
        return SideText([], lang)
    if presplit:
        text, _ = decode(data, None, str(path))
        # The language picks the word lexicon (sv–en); detected when not given.
        return SideText(text.splitlines(), lang or _language_of(text))
    from ..acquire.read import read_document
    from ..pipeline import DOCUMENT_STAGES, process_document
    from ..settings import load_settings

    # Language detection only when the language is not given (loading it costs seconds).
    wanted = ("clean", "segment") if lang else ("clean", "segment", "language")
    stages = [s for s in DOCUMENT_STAGES if s.name in wanted]
    try:
        docs = read_document(path, data)
        if len(docs) != 1:
            raise AlignmentError(f"{path}: holds {len(docs)} documents, expected one text")
        doc = process_document(docs[0], load_settings(), stages)
    except EmptyDocument:
        return SideText([], lang)
    except InputError:
        raise
    return SideText([s.text for s in doc.sentences], lang or doc.lang)


def _language_of(text: str) -> Optional[str]:
    from ..language import text_language
    from ..settings import load_settings

    return text_language(text, load_settings()["language"])


def align_files(src_path: str | Path, tgt_path: str | Path, *, presplit: bool = False,
                src_lang: Optional[str] = None, tgt_lang: Optional[str] = None, fmt: str = "links",
                embedder=None) -> str:
    """Align two text files and render the links as ``links``, ``tsv``, ``tmx`` or ``xliff``."""
    if fmt not in FORMATS:
        raise AlignmentError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    src = read_side(src_path, presplit=presplit, lang=src_lang)
    tgt = read_side(tgt_path, presplit=presplit, lang=tgt_lang)
    links = align(src.sentences, tgt.sentences, embedder=embedder, src_lang=src.lang, tgt_lang=tgt.lang)
    return render(links, src.sentences, tgt.sentences, fmt, src.lang, tgt.lang)


def render(links, src: list[str], tgt: list[str], fmt: str, src_lang: Optional[str] = None,
           tgt_lang: Optional[str] = None) -> str:
    from ..report.tmx import tmx_string, units_from_links
    from ..report.xliff import xliff_string

    if fmt == "links":
        return format_links(links)
    units = units_from_links(links, src, tgt)
    if fmt == "tsv":
        clean = lambda s: s.replace("\t", " ").replace("\n", " ")  # noqa: E731
        return "".join(f"{clean(s)}\t{clean(t)}\n" for s, t in units)
    if fmt == "tmx":
        return tmx_string(units, src_lang or "und", tgt_lang or "und")
    return xliff_string(units, src_lang or "und", tgt_lang or "und")
