"""``corpus-tool run``: ingest files and folders into the corpus database."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .. import pipeline, store
from ..settings import load_settings
from .app import app, cli_errors, console

# Below this many files a progress bar is noise.
PROGRESS_MIN_FILES = 20


@app.command()
@cli_errors
def run(
    paths: list[Path] | None = typer.Argument(None, help="Files and folders to ingest (default: raw/)."),
    db: Path = typer.Option(pipeline.DEFAULT_DB, "--db", help="SQLite database to write."),
    jobs: int | None = typer.Option(None, "--jobs", "-j",
                                    help="Worker processes (default: all cores); with --executor dask and no "
                                         "--scheduler, the workers of the LocalCluster."),
    force: bool = typer.Option(False, "--force", help="Reprocess documents even when unchanged."),
    pair: list[str] | None = typer.Option(None, "--pair", help="Explicit translation pair SOURCE=TARGET."),
    config: Path | None = typer.Option(None, "--config", help="TOML settings laid over the defaults."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors and the summary."),
    executor: str = typer.Option("local", "--executor",
                                 help="Where documents are processed: local (a process pool) or dask "
                                      "(a Dask cluster; needs the cluster extra)."),
    scheduler: str | None = typer.Option(None, "--scheduler",
                                         help="Address of a Dask scheduler (tcp://HOST:8786); "
                                              "without it --executor dask starts a LocalCluster."),
    profile: bool = typer.Option(False, "--profile",
                                 help="Also print the seconds spent in each stage (document and corpus stages)."),
):
    """Read, clean, segment and extract documents; write them to the database."""
    settings = load_settings(config)
    paths = paths or [Path("raw")]
    pairs: list[tuple[str, str]] = []
    for item in pair or []:
        if "=" not in item:
            raise typer.BadParameter(f"--pair expects SOURCE=TARGET, got '{item}'")
        source, target = item.split("=", 1)
        pairs.append((source, target))

    def on_error(outcome):
        console.print(f"[red]failed[/red] {escape(outcome.message)}", highlight=False, soft_wrap=True)

    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=console, transient=True, disable=quiet) as bar:
        task = bar.add_task("documents", total=None)

        def progress(done, total):
            if total >= PROGRESS_MIN_FILES:
                bar.update(task, completed=done, total=total)

        summary = pipeline.run(paths, db, jobs=jobs, settings=settings, force=force, progress=progress,
                               on_error=on_error, pairs=pairs, executor=executor, scheduler=scheduler)
    print_summary(summary, db)
    if profile:
        print_profile(summary)


def print_profile(summary: pipeline.RunSummary) -> None:
    """Seconds per stage of this run: where the time went."""
    table = Table(title="where the time went", title_justify="left")
    for column in ("stage", "seconds", "ms / document", "share"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    rows = pipeline.stage_profile(summary)
    total = sum(seconds for _, seconds in rows) or 1.0
    per_doc = max(summary.stored, 1)
    for name, seconds in rows:
        table.add_row(escape(name), f"{seconds:.2f}", f"{1000 * seconds / per_doc:.2f}",
                      f"{100 * seconds / total:.0f} %")
    console.print(table)
    console.print(f"{summary.stored} documents stored in {summary.seconds:.1f} s "
                  "(document stages run in the workers: their seconds add up over the workers)",
                  highlight=False)


def print_summary(summary: pipeline.RunSummary, db: Path) -> None:
    table = Table(title=f"corpus-tool run → {escape(str(db))}", show_header=False, title_justify="left")
    table.add_row("documents read", str(summary.read))
    table.add_row("stored (new or changed)", str(summary.stored))
    table.add_row("skipped (unchanged)", str(summary.skipped))
    if summary.duplicates:
        table.add_row("copies (name recorded)", str(summary.duplicates))
    table.add_row("failed", str(summary.failed))
    if summary.languages:
        table.add_row("by language", ", ".join(f"{k} {v}" for k, v in summary.languages.most_common()))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    for name, report in summary.corpus.items():
        if report.counts and name != "discrepancies":
            table.add_row(escape(name), escape(", ".join(f"{k} {v}" for k, v in report.counts.items())))
    console.print(table)
    findings = summary.corpus.get("discrepancies")
    print_findings(dict(findings.counts) if findings else {}, db)


# How many of the most severe findings the run report shows.
REPORT_TOP = 3


def print_findings(counts: dict, db: Path) -> None:
    if not counts:
        console.print("No discrepancies found.")
        return
    console.print("Discrepancies: " + ", ".join(f"{kind} {n}" for kind, n in counts.items())
                  + "  (corpus-tool discrepancies for all)", highlight=False, markup=False)
    for row in store.load_discrepancies(store.connect(db, readonly=True))[:REPORT_TOP]:
        console.print(f"  [{row['severity']:.0f}] {row['kind']}: {row['message']}", highlight=False, soft_wrap=True,
                      markup=False)
        for label, text in (("source", row["sentence"]), ("other", row["other_sentence"])):
            if text:
                console.print(f"      {label}: {text}", highlight=False, soft_wrap=True, markup=False)
