"""The Typer application shared by all command modules."""
from __future__ import annotations

import functools

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import CorpusToolError

app = typer.Typer(
    name="corpus-tool",
    help="Turn police and city press releases (Swedish, English) into a database of checked facts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Turn police and city press releases (Swedish, English) into a database of checked facts."""


def cli_errors(func):
    """Turn the library's errors into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CorpusToolError as exc:
            # one line, however long; the message is text, not markup ("corpus-tool[parquet]" stays)
            console.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def main() -> None:
    app(prog_name="corpus-tool")


if __name__ == "__main__":  # pragma: no cover
    main()
