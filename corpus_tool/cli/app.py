"""The Typer application shared by all command modules."""
from __future__ import annotations

import ast
import functools
import importlib
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info

from ..errors import CorpusToolError

_HERE = Path(__file__).parent


@functools.cache
def command_modules() -> dict[str, tuple[str, str]]:
    """Each command of ``cli/``: its module and its help, read from the modules' source (not imported).

    A command's module, and the library it imports, is loaded only when that command runs, so that
    ``corpus-tool sql`` never loads the cleaning, language or NER libraries, and ``--help`` none.
    """
    commands = {}
    for path in sorted(_HERE.glob("*.py")):
        if path.stem in ("__init__", "app"):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "command"
                    for d in node.decorator_list):
                commands[node.name.replace("_", "-")] = (path.stem, ast.get_docstring(node) or "")
    return commands


class _LazyGroup(TyperGroup):
    """The command group: lists every command from ``command_modules``; imports one when it is run."""

    _listing = False

    def list_commands(self, ctx):
        return list(command_modules())

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands and cmd_name in command_modules():
            module, help_text = command_modules()[cmd_name]
            if self._listing:  # the group's --help: the command's name and help, without importing it
                return TyperCommand(cmd_name, help=help_text)
            importlib.import_module(f"{__package__}.{module}")
            for info in app.registered_commands:
                if info.callback and (info.name or info.callback.__name__.replace("_", "-")) == cmd_name:
                    self.add_command(get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                                           rich_markup_mode=app.rich_markup_mode), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx, formatter):
        self._listing = True
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    cls=_LazyGroup,
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
