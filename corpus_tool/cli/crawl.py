"""`corpus-tool crawl`: fetch police/city pages politely into raw/."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from ..acquire.crawl import DEFAULT_MAX_PAGES
from ..acquire.crawl import crawl as crawl_site
from ..acquire.fetch import DEFAULT_DELAY
from .app import app, cli_errors, console


@app.command()
@cli_errors
def crawl(
    urls: list[str] | None = typer.Argument(None, help="Start pages (listing pages or articles). "
                                               "Default: the site profile's start pages."),
    site: str | None = typer.Option(None, "--site", help="Site profile: polisen, malmo, generic, ..."
                                       " (default: chosen by the URL's host)."),
    max_pages: int = typer.Option(DEFAULT_MAX_PAGES, "--max-pages", min=1, help="Stop after this many pages."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", min=1, help="Stop after this many bytes."),
    since: str | None = typer.Option(None, "--since", help="Only articles published on or after this"
                                        " date (YYYY-MM-DD or YYYY-MM)."),
    delay: float = typer.Option(DEFAULT_DELAY, "--delay", min=0.0, help="Seconds between requests to a host."),
    out: Path = typer.Option(Path("raw"), "--out", help="Folder that receives <site>/<page>.html files."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow private and loopback addresses"
                                       " (a local test server)."),
) -> None:
    """Fetch pages politely (robots.txt, delay, conditional requests) into OUT/<site>/."""
    if delay < 1.0:
        console.print(f"[yellow]warning[/yellow] --delay {delay} is below 1 s: only for your own servers")
    def progress(url: str, kind: str) -> None:
        console.print(f"[dim]{escape(kind):8}[/dim] {escape(url)}", highlight=False)

    try:
        report = crawl_site(urls or [], site=site, out=out, max_pages=max_pages, max_bytes=max_bytes,
                            since=since, delay=delay, allow_private=allow_private, on_page=progress)
    except KeyboardInterrupt:
        console.print("interrupted: the crawl state is saved; run the same command again to resume")
        raise typer.Exit(130) from None
    for url, message in report.errors:
        console.print(f"[red]failed[/red] {escape(url)}: {escape(message)}", highlight=False)
    typer.echo(report.summary())
