"""The corpus stages at scale: they read the store one document at a time and give what they gave
over documents held in memory; the blocking that keeps people linking near-linear misses no
spelling variant.  (Their time and memory are measured by benchmarks/throughput.py --sizes.)"""
from __future__ import annotations

import random
from itertools import combinations

from corpus_tool import store
from corpus_tool.check import find_discrepancies
from corpus_tool.check.compare import conflicting
from corpus_tool.check.conflicts import _agreeing_groups
from corpus_tool.document import Document, Figure, Mention
from corpus_tool.people import link_corpus_people, link_people, spelling_variants, variant_keys

NAMES = ["Rebeca Persson", "Rebecca Persson", "Rebeca Perssson", "Glen Sjögren", "Glen Sjogren", "GLEN SJÖGREN",
         "Anna Lindqvist", "Erik Lindqvist", "Anna Lindqvistt", "Ana Lindqvist", "Maria Persson", "Mario Persson",
         "Anna Maria Berg", "Anna Marie Berg", "Anna Mария Berg", "Jonas Angermund", "Jonas Angermun",
         "Åsa Öberg", "Asa Oberg", "Åsa Öbergh", "Bo Ek", "Bo Eke"]


def test_every_spelling_variant_shares_a_blocking_key():
    pairs = list(combinations(NAMES, 2))
    variants = [(a, b) for a, b in pairs if spelling_variants(a, b)]
    assert len(variants) >= 7
    assert all(variant_keys(a) & variant_keys(b) for a, b in variants)
    # and the blocks stay small: names sharing only a surname do not meet
    assert not variant_keys("Anna Lindqvist") & variant_keys("Erik Lindqvist")


def _doc(k: int, names: list[str], place: str = "Malmö") -> Document:
    text = " ".join(f"– Ja, säger {n}, socialsekreterare i {place}." for n in names)
    doc = Document(source=f"d{k}", text=text, lang="sv", id=k)
    at = 0
    for n in names:
        at = text.index(n, at)
        doc.mentions.append(Mention(name_as_written=n, start=at, end=at + len(n), place=place, id=100 * k + at))
    return doc


def test_many_names_sharing_a_surname_and_a_variant_among_them():
    docs = [_doc(k, [f"Given{k:03d} Andersson"]) for k in range(1, 200)]
    docs += [_doc(300, ["Rebeca Andersson"]), _doc(301, ["Rebecca Andersson", "Andersson"])]
    links = link_people(iter(docs))  # read once, as a stream
    assert len(links.people) == 200
    (rebeca,) = [p for p in links.people if p.name.startswith("Rebec")]
    spellings = {a.name for a in links.aliases if a.person_id == rebeca.id}
    assert spellings == {"Rebeca Andersson", "Rebecca Andersson", "Andersson"}
    assert link_people(docs) == links


def test_people_and_discrepancies_read_one_document_at_a_time(seed_conn):
    pairs = store.pairs_with_alignments(seed_conn)
    assert pairs
    held = list(store.iter_documents(seed_conn))
    streamed = store.StoredDocuments(seed_conn, ("mentions",), keep=1)
    assert link_corpus_people(streamed, pairs, store.StoredDocuments(seed_conn, keep=1)) == \
        link_corpus_people(held, pairs)
    aliases = store.aliases_by_person(seed_conn)
    findings = find_discrepancies(store.StoredDocuments(seed_conn, keep=1), pairs, aliases)
    assert findings and findings == find_discrepancies({d.id: d for d in store.iter_documents(seed_conn)},
                                                       pairs, aliases)


def _brute_force_groups(entries):
    """Agreement groups as first defined: an entry joins the first group none of whose members it
    conflicts with."""
    groups = []
    for entry in entries:
        home = next((g for g in groups if not any(conflicting(entry[1], other) for _, other in g)), None)
        if home is None:
            groups.append([entry])
        else:
            home.append(entry)
    return sorted(groups, key=lambda g: (-len({d for d, _ in g}), g[0][1].start))


def test_agreement_groups_held_against_distinct_statements_are_the_same_groups():
    rng = random.Random(3)
    statements = [dict(value=20.0), dict(value=20.0, low=16.0, high=28.0, approximate=True),
                  dict(value=34.0), dict(value=None, low=2.0), dict(value=40.0, qualifier="över"),
                  dict(value=12.0), dict(value=10.0, low=8.0, high=14.0, approximate=True),
                  dict(value=35.0, qualifier="under"), dict(value=None, low=2.0, high=9.0)]
    entries = [(k, Figure(surface="x", start=k, end=k + 1, metric="shootings", **rng.choice(statements)))
               for k in range(400)]
    assert _agreeing_groups(entries) == _brute_force_groups(entries)
    assert len(_agreeing_groups(entries)) > 1
