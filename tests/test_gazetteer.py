"""The gazetteer: every SCB municipality and county, police regions and areas, districts, forms by rule."""
from __future__ import annotations

import csv
import json

import pytest
from conftest import needs_devdata

from corpus_tool.extract.gazetteer import LEVELS, find_places, lookup_place
from corpus_tool.resources import read_tsv


def test_levels_and_codes_are_well_formed():
    rows = read_tsv("gazetteer.tsv")
    assert {r["level"] for r in rows} == set(LEVELS)
    counts = {level: sum(r["level"] == level for r in rows) for level in LEVELS}
    assert counts["municipality"] == 290 and counts["county"] == 21 and counts["region"] == 7
    assert counts["police_area"] >= 29 and counts["district"] >= 100
    counties = {r["code"] for r in rows if r["level"] == "county"}
    municipalities = {r["code"] for r in rows if r["level"] == "municipality"}
    for r in rows:
        if r["level"] == "municipality":
            assert len(r["code"]) == 4 and r["code"][:2] == r["county_code"] and r["municipality_code"] == r["code"]
        if r["level"] in {"district", "police_area"}:
            assert r["county_code"] in counties, r
        if r["level"] == "district":
            assert r["municipality_code"] in municipalities and r["code"].startswith(r["municipality_code"] + "-")
        if r["level"] != "country":
            assert r["region"] in {"Nord", "Mitt", "Stockholm", "Öst", "Väst", "Syd", "Bergslagen"}, r


@pytest.mark.parametrize("name, canonical, level, code", [
    ("Upplands väsby", "Upplands Väsby", "municipality", "0114"),
    ("upplands-bro", "Upplands-Bro", "municipality", "0139"),
    ("Dals-ed", "Dals-Ed", "municipality", "1438"),
    ("Malmös", "Malmö", "municipality", "1280"),
    ("Borås", "Borås", "municipality", "1490"),
    ("Göteborgs stad", "Göteborg", "municipality", "1480"),
    ("Malmö kommun", "Malmö", "municipality", "1280"),
    ("Gothenburg", "Göteborg", "municipality", "1480"),
    ("Gotland", "Gotland", "municipality", "0980"),
    ("Gotlands län", "Gotlands län", "county", "09"),
    ("Stockholms län", "Stockholms län", "county", "01"),
    ("Stockholm County", "Stockholms län", "county", "01"),
    ("Uppsala County", "Uppsala län", "county", "03"),
    ("Scania", "Skåne län", "county", "12"),
    ("Skånes", "Skåne län", "county", "12"),
    ("Halland", "Hallands län", "county", "13"),
    ("polisområde Halland", "polisområde Halland", "police_area", "PO-halland"),
    ("Storgöteborg", "Storgöteborg", "police_area", "PO-storgoteborg"),
    ("Region Syd", "Polisregion Syd", "region", "PR-syd"),
    ("Police Region West", "Polisregion Väst", "region", "PR-vast"),
    ("Angereds", "Angered", "district", "1480-angered"),
    ("Rinkeby-Kista", "Rinkeby-Kista", "district", "0180-rinkeby-kista"),
    ("Sweden", "Sverige", "country", "SE"),
])
def test_lookup_by_name_alias_and_form(name, canonical, level, code):
    place = lookup_place(name)
    assert place is not None and (place.name, place.level, place.code) == (canonical, level, code)


def test_a_district_lies_in_its_municipality_and_county():
    place = lookup_place("Rosengård")
    assert place is not None and (place.municipality_code, place.county_code, place.region) == ("1280", "12", "Syd")


@pytest.mark.parametrize("name", ["SOS", "SUB-ärenden", "Storgatan", "Boråss", "", "Malmö län", "Skåne stad"])
def test_what_is_not_a_place(name):
    assert lookup_place(name) is None


def test_find_places_longest_first_with_offsets():
    text = "Två greps i Angered, Göteborgs stad, och en i Stockholms län. Upplands väsby."
    found = find_places(text)
    assert [(m.text, m.place.code) for m in found] == [
        ("Angered", "1480-angered"), ("Göteborgs stad", "1480"), ("Stockholms län", "01"), ("Upplands väsby", "0114")]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_an_ordinary_word_is_a_place_only_after_or_before_a_place_word():
    assert find_places("Mark och vegetation brann. Boden var låst.") == []
    assert [m.place.code for m in find_places("En brand i Mark. Polisen i Boden.")] == ["1463", "2582"]
    assert [m.text for m in find_places("Det hände i Vara kommun.")] == ["Vara kommun"]


def test_lower_case_words_and_compounds_are_not_places():
    assert find_places("en lund, malmö, Malmöpolisen, Göteborgsvägen 12") == []


def test_every_scb_municipality_and_county_resolves_to_its_code():
    path = needs_devdata("polisen-events", "swedish_admin_areas.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            assert lookup_place(row["municipality_name"]).code == row["municipality_code"]
            assert lookup_place(row["municipality_name"].lower()).code == row["municipality_code"]
            assert lookup_place(row["county_name"]).code == row["county_code"]


def test_every_report_title_names_a_gazetteer_place():
    path = needs_devdata("polisen-events", "events.jsonl")
    with path.open(encoding="utf-8") as fh:
        titles = [json.loads(line)["title"] for line in fh]
    missing = {t.rsplit(", ", 1)[-1] for t in titles if lookup_place(t.rsplit(", ", 1)[-1]) is None}
    assert not missing
