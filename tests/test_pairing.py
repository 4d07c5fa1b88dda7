"""Translation pairs: found among the seeds and in mixed corpora, direction, corpus stage."""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import replace

import pytest
from conftest import needs_devdata

from corpus_tool.align import pairing
from corpus_tool.align.corpus import align_pair
from corpus_tool.align.pairing import find_pairs, pairs_with_explicit
from corpus_tool.align.press import as_document, distort, read_ntrex
from corpus_tool.pipeline import RunContext, align_corpus
from corpus_tool.settings import AlignSettings, load_settings
from corpus_tool.store import connect, load_alignments, load_pairs, write_document


@pytest.fixture(scope="module")
def seeds(seed_docs):
    """Copies of the processed seeds with ids 1..5 (seed 000 is 1)."""
    docs = {key: copy.deepcopy(doc) for key, doc in seed_docs.items()}
    for k, key in enumerate(sorted(docs), 1):
        docs[key].id = k
    return docs


@pytest.fixture(scope="module")
def ntrex_docs():
    return read_ntrex(needs_devdata("parallel-sv-en", "ntrex"))[:12]


def test_seeds_pair_000_with_001_and_nothing_else(seeds):
    pairs = find_pairs(list(seeds.values()))
    assert [(p.source_document_id, p.target_document_id) for p in pairs] == [(seeds["000"].id, seeds["001"].id)]
    assert 0.45 <= pairs[0].score <= 1.0


@pytest.mark.parametrize("keys", [("000", "002", "003", "004"), ("001",), ("002", "003"), ()])
def test_no_translations_no_pairs(seeds, keys):
    assert find_pairs([seeds[k] for k in keys]) == []


def test_mixed_corpus_finds_exactly_the_translations(ntrex_docs):
    """Half the NTREX documents on both sides (rebuilt), the rest on one side only."""
    documents, expected = [], set()
    for k, (name, sv, en) in enumerate(ntrex_docs):
        if k % 2 == 0:
            doc = distort(name, sv, en)
            a, b = as_document(f"{name}.sv", "sv", doc.src), as_document(f"{name}.en", "en", doc.tgt)
            documents += [a, b]
        else:
            documents.append(as_document(f"{name}.{'sv' if k % 4 == 1 else 'en'}", "sv" if k % 4 == 1 else "en",
                                         sv if k % 4 == 1 else en))
    for k, doc in enumerate(documents, 1):
        doc.id = k
    for k in range(0, len(documents) - 1):
        a, b = documents[k], documents[k + 1]
        if a.source.endswith(".sv") and b.source.endswith(".en") and a.source[:-3] == b.source[:-3]:
            expected.add((a.id, b.id))
    found = {(p.source_document_id, p.target_document_id) for p in find_pairs(documents)}
    assert found == expected


@pytest.mark.parametrize("meta,published,expected_source", [
    ({}, (None, None), "sv"),  # cannot be told: the Swedish one
    ({"en": {"original_lang": "en"}}, (None, None), "en"),
    ({"sv": {"translated_from": "en"}}, (None, None), "en"),
    ({}, ("2020-05-12", "2020-05-10"), "en"),  # the English one was out first
])
def test_source_is_the_original_when_it_can_be_told(ntrex_docs, meta, published, expected_source):
    name, sv, en = ntrex_docs[0]
    a, b = as_document("a", "sv", sv, 1), as_document("b", "en", en, 2)
    a.metadata.update(meta.get("sv", {}))
    b.metadata.update(meta.get("en", {}))
    a.published, b.published = published
    (pair,) = find_pairs([b, a])
    source = a if pair.source_document_id == 1 else b
    assert source.lang == expected_source


def test_explicit_pair_replaces_a_found_one(seeds):
    docs = list(seeds.values())
    pairs = pairs_with_explicit(docs, [(seeds["001"].id, seeds["000"].id)])
    assert [(p.source_document_id, p.target_document_id, p.method) for p in pairs] == [
        (seeds["001"].id, seeds["000"].id, "explicit")]


def test_align_pair_uses_sentence_ids(seeds):
    source, target = copy.deepcopy(seeds["000"]), copy.deepcopy(seeds["001"])
    for k, s in enumerate(source.sentences):
        s.id = 100 + k
    for k, s in enumerate(target.sentences):
        s.id = 500 + k
    rows = align_pair(source, target)
    assert rows[2].source_sentence_ids == [102] and rows[2].target_sentence_ids == []
    assert rows[3].source_sentence_ids == [103] and rows[3].target_sentence_ids == [502]
    assert [r.position for r in rows] == list(range(len(rows)))


def test_corpus_stage_writes_pairs_and_alignments(seeds, tmp_path):
    conn = connect(tmp_path / "corpus.db")
    for key in sorted(seeds):
        doc = copy.deepcopy(seeds[key])
        doc.id = None
        write_document(conn, doc)
    ctx = RunContext(replace(load_settings(), align=AlignSettings(embedder="none")))
    report = align_corpus(conn, ctx)
    assert report.counts["pairs"] == 1
    (pair,) = load_pairs(conn)
    rows = load_alignments(conn, pair.id)
    texts = {r["id"]: r["text"] for r in conn.execute("SELECT id, text FROM sentences")}
    omitted = [r for r in rows if not r.target_sentence_ids]
    assert [texts[i] for r in omitted for i in r.source_sentence_ids] == ["50-tal rättegångar"]
    assert sum(1 for r in rows if len(r.source_sentence_ids) == len(r.target_sentence_ids) == 1) == 19
    conn.close()


def _common_anchor_corpus(fillers: int = 120):
    """Many documents on both sides, each naming one of four anchors, and one translation pair
    that shares nothing but those four: each anchor alone is too common to block on."""
    common = ["Malmö", "Lund", "34", "47"]
    docs = []
    for i in range(fillers):
        x = common[i % 4]
        docs.append(as_document(f"sv{i}", "sv", [f"Det var en lugn dag i {x} enligt polisen, säger Karin{i}."]))
        docs.append(as_document(f"en{i}", "en", [f"It was a quiet day, the police in {x} said to Reporter{i}."]))
    sv = as_document("pair.sv", "sv", ["Polisen i Malmö och Lund grep 34 personer under helgen.",
                                       "Totalt 47 bilar kontrollerades vid vägen."])
    en = as_document("pair.en", "en", ["Police in Malmö and Lund arrested 34 people over the weekend.",
                                       "In total 47 cars were checked on the road."])
    docs += [sv, en]
    for k, doc in enumerate(docs, 1):
        doc.id = k
    return docs, sv, en


def test_a_translation_sharing_only_common_anchors_is_still_found():
    docs, sv, en = _common_anchor_corpus()
    counts = Counter(f for d in docs for f in pairing.document_anchors(d))
    assert all(counts[f] > pairing.common_limit(len(docs)) for f in pairing.document_anchors(sv))
    pairs = find_pairs(docs)
    assert [(p.source_document_id, p.target_document_id) for p in pairs] == [(sv.id, en.id)]


def test_pairing_from_a_mapping_holds_few_texts_and_finds_the_same(monkeypatch, seeds):
    docs, _, _ = _common_anchor_corpus(40)
    docs += [replace(d, id=len(docs) + k) for k, d in enumerate(seeds.values(), 1)]
    expected = find_pairs(docs)
    assert len(expected) == 2  # the planted pair and the seeds' 000-001

    class Lazy(dict):
        reads = 0

        def __getitem__(self, key):
            Lazy.reads += 1
            return super().__getitem__(key)

    monkeypatch.setattr(pairing, "TEXTS_KEPT", 1)
    assert find_pairs(Lazy((d.id, d) for d in docs)) == expected
    assert Lazy.reads > 0  # scoring read its candidates again: only one text was kept
