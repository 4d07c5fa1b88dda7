"""Documentation is tested like code: every command has help text and is documented."""
from __future__ import annotations

import re
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


def test_readme_python_example_runs_and_gives_what_its_comments_say(tmp_path, monkeypatch):
    import ast
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    checked = 0
    for line in code.splitlines():
        statement, _, comment = line.partition("#")
        if not statement.strip():
            continue
        expected = re.fullmatch(r"\s*('[^']*')\s*", comment)
        if expected and isinstance(ast.parse(statement.strip()).body[0], ast.Expr):
            assert eval(statement.strip(), namespace) == ast.literal_eval(expected.group(1)), line
            checked += 1
        else:
            exec(statement.strip(), namespace)
    assert checked >= 1 and (tmp_path / "processed" / "corpus.db").exists()


def _documented_api() -> set[str]:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Za-z_]\w*)", text, re.M))


def test_every_public_name_is_documented_and_every_documented_name_is_public():
    documented = _documented_api()
    assert set(corpus_tool.__all__) - documented == set(), "in __all__ but not in docs/api.md"
    assert documented - set(corpus_tool.__all__) == set(), "in docs/api.md but not in __all__"
