"""Officials on real pages: the hand-labelled gold of 65 government press releases and 100 police
reports (tests/eval/officials_gold_real.tsv), scored by benchmarks/officials_real.py.

The floors are what the stage reaches, each half of the labelled texts on its own (the figures are
printed by ``benchmarks/officials_real.py``); the development data is read in place and the test
skips where it is absent."""
from __future__ import annotations

import officials_real as bench
import pytest
from conftest import needs_devdata

# half -> (persons P, persons R, titles, quotes); measured 1.000/1.000/1.000/1.000 (dev) and
# 1.000/1.000/0.987/1.000 (held); every half has 0 non-people in `people`.
FLOORS = {"dev": (0.98, 0.98, 0.98, 0.98), "held": (0.98, 0.98, 0.97, 0.98)}


@pytest.fixture(scope="module")
def figures():
    needs_devdata("regeringen-press", "releases.jsonl")
    needs_devdata("polisen-events", "events.jsonl")
    return bench.measure(stages_only=True)[0]


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_real_pages_meet_floors(figures, half):
    f = figures[half]
    p, r, titles, quotes = FLOORS[half]
    assert f["precision"] >= p and f["recall"] >= r, f
    assert f["title_accuracy"] >= titles, f
    assert f["quote_rate"] >= quotes, f
    assert f["non_people"] == 0, f


def test_every_labelled_text_is_scored(figures):
    gold, labelled = bench.read_gold()
    assert figures["all"]["texts"] == len(labelled) == 165
    assert figures["all"]["gold"] == len(gold)
    assert figures["dev"]["texts"] + figures["held"]["texts"] == 165
    assert {r["class"] for r in bench.read_non_people()} >= {"street", "place", "police_area", "junction", "heading"}


def test_occurrence_counts_every_find():
    text = "Erik Eklund ny chef. Erik har lett verket. Eriks bakgrund."
    assert [bench.occurrence(text, "Erik", i) for i in (0, 21, 43)] == [1, 2, 3]
    assert bench.occurrence(text, "Erik", 5) == 0
