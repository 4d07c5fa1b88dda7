"""``corpus-tool qa FILE``: translators' QA of a bilingual file; ``corpus-tool glossary``: our termbase as TBX."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer
from rich.markup import escape

from ..api import qa_file
from ..check.qa import QA_KINDS
from ..errors import CorpusToolError
from ..report.tbx import glossary_tbx
from .app import app, console

# Exit status of `qa`, for localisation pipelines.
NO_ISSUES, ISSUES_FOUND, FAILED = 0, 1, 2


@app.command()
def qa(
    file: Path = typer.Argument(..., help="XLIFF 1.2/2.x, TMX 1.4, two-column TSV/CSV, or a plain source text."),
    target: Path | None = typer.Argument(None, help="The plain translation of FILE (the two are aligned first)."),
    src_lang: str | None = typer.Option(None, "--src-lang",
                                        help="Source language (default: from the file, else detected)."),
    tgt_lang: str | None = typer.Option(None, "--tgt-lang",
                                        help="Target language (default: from the file, else detected)."),
    glossary: Path | None = typer.Option(None, "--glossary", "-g",
                                         help="Your termbase, TBX or CSV, checked beside ours."),
    decisions: Path | None = typer.Option(None, "--decisions",
                                          help="Decisions file (JSON; default FILE.decisions.json beside FILE)."),
    dismiss: list[str] | None = typer.Option(None, "--dismiss", help="Mark issue ID as no issue (repeatable); saved."),
    kind: list[str] | None = typer.Option(None, "--kind", "-k", help=f"Only these kinds: {', '.join(QA_KINDS)}."),
    out: Path = typer.Option(Path("processed/qa"), "--out", "-o",
                             help="Folder for the annotated file, the HTML page and the CSV."),
) -> None:
    """Check every unit of a translator's file; write it back with ITS 2.0 issue annotations, an HTML page
    and a CSV.  Exit status: 0 no issues, 1 issues found, 2 usage or input error."""
    try:
        result = qa_file(file, target, src_lang=src_lang, tgt_lang=tgt_lang, glossary=glossary,
                         decisions=decisions, out_dir=out, kinds=tuple(kind) if kind else QA_KINDS,
                         dismiss=tuple(dismiss or ()))
    except (CorpusToolError, OSError) as exc:  # OSError: an output or decisions file that cannot be written
        console.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(FAILED) from None
    counts = Counter(i.kind for i in result.open_issues)
    dismissed = len(result.issues) - len(result.open_issues)
    summary = ", ".join(f"{k} {n}" for k, n in counts.most_common()) or "none"
    console.print(f"{len(result.bilingual.units)} units ({result.src_lang} → {result.tgt_lang}); issues: {summary}"
                  + (f"; {dismissed} dismissed" if dismissed else ""), highlight=False, markup=False)
    for issue in sorted(result.open_issues, key=lambda i: (i.unit, -i.severity)):
        sys.stdout.write(f"{issue.id}\t{issue.unit_id}\t{issue.kind}\t{issue.severity:.0f}\t{issue.message}\n")
    for what, path in result.written.items():
        console.print(f"wrote {what}: {path}", highlight=False, markup=False)
    raise typer.Exit(ISSUES_FOUND if result.open_issues else NO_ISSUES)


@app.command()
def glossary(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
) -> None:
    """Our Swedish–English glossary (data/glossary.tsv) as TBX-Basic, for a CAT tool's termbase."""
    text = glossary_tbx()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
