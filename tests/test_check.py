"""Discrepancies and claim checking, on the seeds and on made-up cases."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corpus_tool import Figure, connect, run
from corpus_tool.api import check_claim
from corpus_tool.check.compare import conflicting, describe, same_meaning, severity
from corpus_tool.cli import app


def fig(value, low=None, high=None, approximate=False, qualifier=None, unit=None, **kw) -> Figure:
    low = value if low is None and value is not None and not approximate and not qualifier else low
    high = value if high is None and value is not None and not approximate and not qualifier else high
    return Figure(surface=str(value), start=0, end=1, value=value, low=low, high=high,
                  approximate=approximate, qualifier=qualifier, unit=unit, **kw)


TIOTAL = fig(10, 8, 14, True, "-tal")
DOZEN = fig(12)


@pytest.mark.parametrize("a, b, same", [
    (TIOTAL, DOZEN, False),                              # "ett tiotal" vs "a dozen"
    (TIOTAL, fig(10, 9, 11, True, "about"), True),       # "ett tiotal" vs "about ten"
    (fig(30, 24, 42, True, "-tal"), fig(30, 27, 33, True, "about"), True),  # trettiotal vs some 30
    (fig(34), fig(34), True),                            # "34" vs "thirty-four"
    (fig(40, 41, None, False, "over"), fig(40, 41, None, False, "over"), True),
    (fig(40, 41, None, False, "over"), fig(40, 36, 39, False, "under"), False),
    (fig(63, unit="percent"), fig(63, unit="dollars"), False),
    (fig(None, 2, None, True, "vague"), fig(5), True),  # "flera" admits five
])
def test_same_meaning(a, b, same):
    assert same_meaning(a, b) is same
    assert same_meaning(b, a) is same


def test_conflicts_respect_ranges():
    assert conflicting(fig(34), fig(35))
    assert not conflicting(fig(34), fig(34))
    assert not conflicting(fig(30, 24, 42, True, "-tal"), fig(34))   # "ett trettiotal" admits 34
    assert conflicting(fig(50, 40, 70, True, "-tal"), fig(15, 12, 21, True, "-tal"))


def test_severity_grows_with_the_difference():
    assert severity(fig(10), fig(12)) < severity(fig(20), fig(12)) < severity(fig(100), fig(12))


def test_description():
    assert describe(TIOTAL) == "about 10"
    assert describe(fig(40, 41, None, False, "over")) == "over 40"
    assert describe(fig(63, unit="percent")) == "63 %"


# ---------------------------------------------------------------- the seeds


def findings(conn, kind):
    return [dict(r) for r in conn.execute(
        "SELECT x.*, s.text AS source_text, o.text AS target_text FROM discrepancies x"
        " LEFT JOIN sentences s ON s.id = x.sentence_id LEFT JOIN sentences o ON o.id = x.other_sentence_id"
        " WHERE kind = ?", (kind,))]


def test_seed_translation_number_errors_flagged(seed_conn):
    numbers = findings(seed_conn, "numbers")
    pairs = sorted((f["value"].lower(), f["other_value"].lower()) for f in numbers)
    assert pairs == [("ett femtontal", "a dozen or so"), ("ett tiotal", "a dozen"), ("ett tjugotal", "a dozen")]
    msg = next(f["message"] for f in numbers if f["value"].lower() == "ett tjugotal")
    assert msg == "'Ett tjugotal' (about 20) is translated as 'A dozen' (12)."
    by_value = {f["value"].lower(): f["severity"] for f in numbers}
    assert by_value["ett tjugotal"] > by_value["ett femtontal"]  # 20→12 is worse than 15→12


def test_seed_correct_renderings_not_flagged(seed_conn):
    flagged = " ".join(f"{f['value']} {f['other_value']}" for f in findings(seed_conn, "numbers"))
    for correct in ["some 30", "about ten", "four", "34", "47", "65", "trettiotal", "fyra", "2019", "2018"]:
        assert correct not in flagged


def test_seed_omitted_heading(seed_conn):
    [omission] = findings(seed_conn, "omission")
    assert omission["source_text"] == "50-tal rättegångar" and omission["other_sentence_id"] is None
    assert findings(seed_conn, "addition") == []


def test_seed_terminology(seed_conn):
    terms = findings(seed_conn, "terminology")
    values = {f["value"].lower() for f in terms}
    assert {"avhopparverksamheten", "skottlossningar", "hoppa av", "sluta skjut"} <= values
    firearms = next(f for f in terms if f["value"] == "skottlossningar")
    assert "fewer firearms" in firearms["target_text"]
    two_ways = next(f for f in terms if f["value"].lower() == "sluta skjut")
    assert "'Stop Shoot'" in two_ways["message"] and "'Stop Shooting'" in two_ways["message"]
    # "Stop Shooting" is the agreed name: no flag where it is used.
    assert sum(1 for f in terms if f["value"].lower() == "sluta skjut") == 1


def test_seed_untranslated(seed_conn):
    assert [f["other_value"] for f in findings(seed_conn, "untranslated")] == ["Frivården"]


def test_seed_internal_conflict(seed_conn):
    [conflict] = findings(seed_conn, "internal-conflict")
    assert conflict["source_text"] == "50-tal rättegångar"
    assert "ett femtontal" in conflict["target_text"]
    assert "'50-tal' (about 50)" in conflict["message"] and "'ett femtontal' (about 15)" in conflict["message"]


def test_seed_name_variant(seed_conn):
    [variant] = findings(seed_conn, "name-variant")
    assert {variant["value"], variant["other_value"]} == {"Rebeca Persson", "Rebecca Persson"}
    assert variant["document_id"] != variant["other_document_id"]


def test_seed_no_source_conflict(seed_conn):
    # 34, 47, 65 agree across 000, 003 and 004; the 2020 year-to-date figures are a timeline.
    assert findings(seed_conn, "source-conflict") == []
    assert findings(seed_conn, "inconsistent-entities") == []


@pytest.mark.parametrize("claim, verdict, documents", [
    ("34 shootings in Malmö in 2019", "supported", {"000", "003", "004"}),
    ("Malmö had 34 shootings in 2019", "supported", {"000", "003", "004"}),
    ("35 shootings in Malmö in 2019", "contradicted", {"000", "003", "004"}),
    ("12 killed in 2018", "supported", {"004"}),
    ("Under 2018 skedde 47 skottlossningar i Malmö", "supported", {"000", "003", "004"}),
    ("65 shootings in 2017", "supported", {"000", "003", "004"}),
    ("9 explosions in Malmö in 2019", "contradicted", {"004"}),
])
def test_claims_on_the_seeds(seed_conn, claim, verdict, documents):
    result = check_claim(seed_conn, claim)
    assert result.verdict == verdict, result.message
    independent = {e.document.rsplit("/", 1)[-1][:3] for e in result.evidence if e.translation_of is None}
    assert independent == documents
    assert all(e.sentence and e.surface for e in result.evidence)


def test_claim_that_cannot_be_parsed_says_what_is_missing(seed_conn):
    result = check_claim(seed_conn, "Malmö is a city in Skåne")
    assert result.verdict == "not understood"
    assert "Malmö" in result.message and "missing" in result.message
    no_period = check_claim(seed_conn, "There were 40 shootings in Malmö")
    assert no_period.verdict == "not understood" and "period" in no_period.message


def test_claim_not_found(seed_conn):
    assert check_claim(seed_conn, "3 explosions in Malmö in 2012").verdict == "not found"


def test_cli_check_and_discrepancies(seed_db):
    runner = CliRunner()
    out = runner.invoke(app, ["check", "34 shootings in Malmö in 2019", "--db", str(seed_db), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["verdict"] == "supported"
    listed = runner.invoke(app, ["discrepancies", "--db", str(seed_db), "--kind", "numbers", "--json"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == 3 and all(r["kind"] == "numbers" and r["sentence"] for r in rows)
    bad = runner.invoke(app, ["discrepancies", "--db", str(seed_db), "--kind", "typo"])
    assert bad.exit_code == 1 and "unknown kind" in bad.output


# ---------------------------------------------------------------- made-up corpora


def test_two_sources_disagreeing_on_a_year(tmp_path):
    (tmp_path / "a.txt").write_text("Polisen i Göteborg rapporterar.\n\nUnder 2019 inträffade 40 skottlossningar i Göteborg.")
    (tmp_path / "b.txt").write_text("Kommunen i Göteborg rapporterar.\n\nUnder 2019 inträffade 52 skottlossningar i Göteborg.")
    (tmp_path / "c.txt").write_text("Polisen i Uppsala rapporterar.\n\nUnder 2019 inträffade 12 skottlossningar i Uppsala.")
    run([tmp_path], tmp_path / "c.db", jobs=1)
    conn = connect(tmp_path / "c.db")
    conflicts = findings(conn, "source-conflict")
    assert len(conflicts) == 1  # Uppsala's 12 is another place
    assert {conflicts[0]["value"], conflicts[0]["other_value"]} == {"40", "52"}


def test_disagreement_is_reported_against_what_most_sources_say(tmp_path):
    for i, n in enumerate([40, 40, 40, 52, 55]):
        (tmp_path / f"d{i}.txt").write_text(
            f"Rapport nummer {i} från polisen i Göteborg.\n\nUnder 2019 inträffade {n} skottlossningar i Göteborg.")
    run([tmp_path], tmp_path / "c.db", jobs=1)
    conflicts = findings(connect(tmp_path / "c.db"), "source-conflict")
    assert sorted(f["value"] for f in conflicts) == ["52", "55"]  # n findings, not n²
    assert {f["other_value"] for f in conflicts} == {"40"}


def test_a_timeline_running_backwards_is_a_conflict(tmp_path):
    (tmp_path / "a.txt").write_text("date 2020-05\n\nSedan årets start har 30 skottlossningar inträffat i Malmö.")
    (tmp_path / "b.txt").write_text("date 2021-01\n\nUnder 2020 inträffade 20 skottlossningar i Malmö.")
    (tmp_path / "c.txt").write_text("date 2020-10\n\nSedan årets start har 19 skottlossningar inträffat i Malmö.")
    run([tmp_path], tmp_path / "c.db", jobs=1)
    conflicts = findings(connect(tmp_path / "c.db"), "source-conflict")
    assert [f["value"] for f in conflicts] == ["30"]  # 19 by October and 20 for the year are a timeline
    assert "part-period count exceeds" in conflicts[0]["message"]
