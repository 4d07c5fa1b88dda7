"""Documentation is tested like code: every command has help text and is documented."""
from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

import corpus_tool
from corpus_tool.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


def commands() -> dict:
    return typer.main.get_command(app).commands


def test_every_command_has_help_and_options_are_described():
    for name, command in commands().items():
        assert command.help, f"corpus-tool {name} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"corpus-tool {name} {param.opts[0]} has no help text"


def test_every_command_is_documented():
    for name in commands():
        assert f"corpus-tool {name}" in DOCS, f"corpus-tool {name} is not in README.md or docs/"


def test_help_runs_for_every_command():
    runner = CliRunner()
    for name in commands():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, name


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6]
    assert any("make run" in line for line in head) and any("make test" in line for line in head)


def test_public_api_is_importable():
    for name in corpus_tool.__all__:
        assert getattr(corpus_tool, name) is not None, name
