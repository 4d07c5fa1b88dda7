"""Findings and claims a journalist can trust: comparable figures only, verdicts with their reasons."""
from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from corpus_tool import connect, run
from corpus_tool.api import check_article, check_claim, figures_of_text
from corpus_tool.check.comparable import Event, same_event
from corpus_tool.cli import app


def findings(conn, kind):
    return [dict(r) for r in conn.execute(
        "SELECT x.*, s.text AS sentence FROM discrepancies x LEFT JOIN sentences s ON s.id = x.sentence_id"
        " WHERE kind = ? ORDER BY severity DESC", (kind,))]


def report(title: str, date: str, *lines: str) -> str:
    """A police event report as the archive gives it: title, first-seen date, preamble and body lines."""
    return f"---\ntitle: \"{title}\"\ndate: {date}\n---\n\n# {title}\n\n" + "\n\n".join(lines) + "\n"


def _db(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run([tmp_path], tmp_path / "c.db", jobs=1)
    conn = connect(tmp_path / "c.db")
    conn.row_factory = __import__("sqlite3").Row
    return conn


def test_figures_of_one_document_never_make_a_source_conflict(tmp_path):
    # One sentence counting arrests, people held for drunkenness and assaults: three metrics, one document.
    conn = _db(tmp_path, {"a.md": report(
        "1 januari 08.00, Sammanfattning natt, Stockholms län", "2024-01-01", "Nyårsnatten i siffror.",
        "Under 2023 greps 14 personer och 32 omhändertogs. Under 2023 greps 70 personer, 2022 greps 84.")})
    assert findings(conn, "source-conflict") == []


def test_two_reports_of_one_incident_are_a_timeline_not_a_conflict(tmp_path):
    conn = _db(tmp_path, {
        "a.md": report("20 april 19.54, Misshandel, Malmö", "2025-04-20", "Flera skadade.",
                       "Under kvällen den 20 april har tre personer skadats i Malmö."),
        "b.md": report("20 april 21.10, Misshandel, Malmö", "2025-04-20", "Uppdatering.",
                       "Under kvällen den 20 april har fyra personer skadats i Malmö.")})
    assert findings(conn, "source-conflict") == []


def test_two_statistics_for_one_year_and_place_conflict_and_say_why(tmp_path):
    conn = _db(tmp_path, {
        "a.txt": "Polisen i Göteborg rapporterar.\n\nUnder 2019 inträffade 40 skottlossningar i Göteborg.",
        "b.txt": "Kommunen i Göteborg rapporterar.\n\nUnder 2019 inträffade 52 skottlossningar i Göteborg."})
    [conflict] = findings(conn, "source-conflict")
    assert "Comparable: both count shootings" in conflict["message"] and "both statistics" in conflict["message"]
    assert "Göteborg" in conflict["message"]


def test_year_to_date_against_the_whole_year_is_a_timeline(tmp_path):
    conn = _db(tmp_path, {
        "a.txt": "date 2021-11-15\n\nUnder 2021 har 18 skjutningar inträffat i Göteborg.",
        "b.txt": "date 2022-01-10\n\nUnder 2021 inträffade 21 skjutningar i Göteborg."})
    assert findings(conn, "source-conflict") == []


def test_a_heading_over_a_body_that_counts_otherwise_is_an_internal_conflict(tmp_path):
    conn = _db(tmp_path, {"a.txt": "Rapport om insatsen\n\nEtt sextiotal samtal\n\n"
                                   "Under hösten har polisen hållit ett fyrtiotal samtal med unga i Malmö."})
    [conflict] = findings(conn, "internal-conflict")
    assert "'Ett sextiotal' (about 60) in the heading" in conflict["message"]
    assert "counted noun ('samtal')" in conflict["message"]


def test_a_lead_agreeing_with_one_incident_of_the_body_is_no_conflict(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "7 december 03.44, Stöld, försök, Malmö", "2023-12-07", "Två personer gripna för försök till stöld",
        "Polis larmas till Rosengård.", "Dom två personerna grips, misstänkta för försök till stöld.")})
    assert findings(conn, "internal-conflict") == []


def test_internal_conflicts_are_listed_surest_first(tmp_path):
    conn = _db(tmp_path, {
        "a.txt": "Rapport\n\nEtt sextiotal samtal\n\nUnder hösten har polisen hållit ett fyrtiotal samtal i Malmö.",
        "b.txt": "Rapport två\n\n50 rättegångar\n\nUnder våren 2020 hölls 12 rättegångar i Malmö."})
    rows = findings(conn, "internal-conflict")
    assert len(rows) == 2 and rows[0]["value"] == "50"  # exact figures far apart: surer than two -tal words
    assert rows[0]["severity"] > rows[1]["severity"]


# ---------------------------------------------------------------- claims


def _reports(tmp_path):
    return _db(tmp_path, {
        "a.md": report("23 september 21.10, Misshandel, Malmö", "2025-09-23", "Tre personer gripna.",
                       "Polisen grep tre personer efter en misshandel på Almtorget."),
        "b.md": report("24 september 07.00, Sammanfattning natt, Skåne län", "2025-09-24", "Nattens händelser.",
                       "Sju personer har omhändertagits enligt LOB under natten.",
                       "Två personer fördes till sjukhus efter ett bråk."),
        "c.txt": "date 2020-10-15\n\nSedan årets start har 19 skottlossningar inträffat i Malmö.",
        "d.txt": "date 2021-01-10\n\nUnder 2020 inträffade 20 skottlossningar i Malmö."})


def test_claims_of_a_day_a_night_custody_and_hospital(tmp_path):
    conn = _reports(tmp_path)
    arrested = check_claim(conn, "Polisen grep tre personer efter en misshandel på Almtorget i Malmö den 23 september 2025")
    assert arrested.verdict == "supported", arrested.message
    assert "the same place" in arrested.evidence[0].why and "2025-09-23" in arrested.evidence[0].why
    assert check_claim(conn, "Police arrested five people in Malmö on 23 September 2025").verdict == "contradicted"
    assert check_claim(conn, "Polisen grep tre personer i Malmö den 22 september 2025").verdict == "not found"
    custody = check_claim(conn, "Sju personer omhändertogs enligt LOB i Skåne län natten till den 24 september 2025")
    assert custody.verdict == "supported", custody.message
    # custody under LOB is not an arrest
    assert check_claim(conn, "Seven people were arrested in Skåne County on 24 September 2025").verdict == "not found"
    assert check_claim(conn, "Två personer fördes till sjukhus i Skåne län den 24 september 2025").verdict == "supported"


def test_a_day_is_never_widened_to_its_year_and_a_part_is_only_partly(tmp_path):
    conn = _reports(tmp_path)
    assert check_claim(conn, "Tre personer greps i Malmö under 2025").verdict == "partly"
    partly = check_claim(conn, "19 shootings in Malmö in 2020")
    assert partly.verdict == "contradicted"  # the whole year's figure decides: 20
    whole = check_claim(conn, "Malmö had 20 shootings in 2020")
    assert whole.verdict == "supported"
    assert check_claim(conn, "Fler än 15 skottlossningar i Malmö under 2020").verdict == "supported"
    assert check_claim(conn, "nearly 30 shootings in Malmö in 2020").verdict == "contradicted"


def test_a_claim_of_two_figures_is_judged_figure_by_figure(tmp_path):
    conn = _reports(tmp_path)
    result = check_claim(conn, "Sju personer omhändertogs och tre fördes till sjukhus i Skåne län den 24 september 2025")
    assert result.verdict == "partly" and len(result.parts) == 2
    assert [p.verdict for p in result.parts] == ["supported", "contradicted"]


def test_an_article_is_checked_claim_by_claim_table_json_and_html(tmp_path):
    conn = _reports(tmp_path)
    article = ("Våld i Malmö\n\nPolisen grep tre personer i Malmö den 23 september 2025. "
               "Natten därpå omhändertogs nio personer enligt LOB i Skåne län den 24 september 2025. "
               "Staden har <b>fina</b> parker.\n")
    text, results = check_article(conn, article)
    assert [r.verdict for r in results] == ["supported", "contradicted"]
    assert all(text[r.start:r.end].startswith(("Polisen grep", "Natten därpå")) for r in results)
    path = tmp_path / "article.txt"
    path.write_text(article, encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(app, ["check", "--file", str(path), "--db", str(tmp_path / "c.db"), "--json",
                              "--html", str(tmp_path / "a.html")])
    assert out.exit_code == 0, out.output
    assert [r["verdict"] for r in json.loads(out.output)] == ["supported", "contradicted"]
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<b>fina</b>" not in page and "&lt;b&gt;fina&lt;/b&gt;" in page
    assert 'class="supported"' in page and 'class="contradicted"' in page and "a.md" in page
    assert "<script" not in page
    table = runner.invoke(app, ["check", "--file", "-", "--db", str(tmp_path / "c.db")], input=article)
    assert table.exit_code == 0 and "supported" in table.output and "contradicted" in table.output
    empty = runner.invoke(app, ["check", "--file", "-", "--db", str(tmp_path / "c.db")], input="  ")
    assert empty.exit_code == 1 and "empty" in empty.output


def test_body_figures_adding_up_to_the_lead_agree_with_it(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "12 april 16.58, Stöld, Mark", "2024-04-12", "Fem män grips för stöld.",
        "Polisen larmas till en butik.", "Tre män i 25-årsåldern och två män i 45-årsåldern grips av väktare.")})
    assert findings(conn, "internal-conflict") == []


def test_a_lead_counting_people_arrested_against_a_body_that_counts_otherwise(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "23 juni 21:20, Bråk, Trelleborg", "2023-06-23", "Två gripna efter bråk, centrum.",
        "Polis skickas till Västergatan.", "När polisen kommer till platsen grips tre personer misstänkta för misshandel.")})
    [conflict] = findings(conn, "internal-conflict")
    assert "'Två' (2) in the lead and 'tre' (3)" in conflict["message"]


def test_a_night_summary_lead_is_a_total_not_a_heading(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "20 augusti 07:15, Sammanfattning natt, Västerbottens län", "2023-08-20",
        "Kl 00:00-07:00, tre personer har omhändertagits för fylleri.",
        "Kl 01:13, Skellefteå", "Polis åker till en restaurang där två män omhändertagits.")})
    assert findings(conn, "internal-conflict") == []


def test_a_cue_across_a_conjunction_belongs_to_the_other_conjunct():
    figures = figures_of_text("En person omkommer och två andra skadas och förs till sjukvård.", lang="sv")
    assert [(f.surface, f.metric) for f in figures] == [("En", "killed"), ("två", "injured")]
    figures = figures_of_text("Två personer har skadats och en har gripits.", lang="sv")
    assert [(f.surface, f.metric) for f in figures] == [("Två", "injured"), ("en", "detained")]


def test_totals_of_two_sections_of_one_report_are_two_events(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "11 juni 18.34, Trafikkontroll, Västernorrlands län", "2026-06-11", "Urval av polisens arbete i trafiken",
        "15.15 Kramfors:", "Åtta förare på länsväg 772, Bollstabruk, kontrolleras. Alla är nyktra.",
        "16.22 Kramfors:", "Elva förare på riksväg 90, Jättesta, kontrolleras. Alla är nyktra.")})
    assert findings(conn, "internal-conflict") == []


def _midsummer(tmp_path, late_custody: str = "27", late_arrests: str = "11"):
    # Two summaries of one Midsummer (Eve 21 June 2024) in one county: one dated the Eve, one the morning after.
    tmp_path.mkdir(exist_ok=True)
    return _db(tmp_path, {
        "eve.md": report("21 juni 22.30, Sammanfattning natt, Uppsala län", "2024-06-22", "Midsommar i länet.",
                         "Under midsommarafton och natten har polisen i Uppsala län omhändertagit 12 personer "
                         "enligt LOB. Nio personer har gripits."),
        "morning.md": report("22 juni 06.45, Sammanfattning natt, Uppsala län", "2024-06-22", "Lugn midsommar.",
                             "Under midsommarafton och natten till midsommardagen har "
                             f"{late_custody} personer omhändertagits för berusning i Uppsala län. "
                             f"{late_arrests} personer har gripits.")})


def test_two_summaries_of_one_midsummer_that_disagree_are_a_source_conflict(tmp_path):
    conn = _midsummer(tmp_path)
    rows = conn.execute("SELECT surface, metric, scope, period_start, period_end FROM figures ORDER BY id").fetchall()
    # the holiday named in the sentence sets the period of both reports, and their totals are statistics
    assert [tuple(r) for r in rows] == [
        ("12", "custody_lob", "statistic", "2024-06-21", "2024-06-22"),
        ("Nio", "detained", "statistic", "2024-06-21", "2024-06-22"),
        ("27", "custody_lob", "statistic", "2024-06-21", "2024-06-22"),
        ("11", "detained", "statistic", "2024-06-21", "2024-06-22")]
    conflicts = findings(conn, "source-conflict")
    assert sorted({c["value"], c["other_value"]} == {"12", "27"} or {c["value"], c["other_value"]} == {"Nio", "11"}
                  for c in conflicts) == [True, True]
    for c in conflicts:
        assert "two summaries of that period, neither an update of the other" in c["message"]
        assert "for 2024-06-21..2024-06-22" in c["message"] and "Uppsala län (county 03)" in c["message"]
    agreeing = _midsummer(tmp_path / "same", "12", "nio")
    assert findings(agreeing, "source-conflict") == []


def test_an_item_of_a_summary_after_its_totals_keeps_the_report_period(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "22 juni 06.45, Sammanfattning natt, Uppsala län", "2024-06-22", "Midsommar.",
        "Under midsommarafton och natten har 12 personer omhändertagits. Kl 02.10 greps två män för rån.")})
    rows = conn.execute("SELECT surface, scope, period_start, period_end FROM figures ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("12", "statistic", "2024-06-21", "2024-06-22"),
                                        ("två", "incident", "2024-06-22", "2024-06-23")]


def test_reports_of_one_incident_are_one_event_but_two_summaries_are_two_sources():
    at = dt.datetime
    first = Event("Misshandel", "Malmö", at(2025, 4, 20, 19, 54), False)
    later = Event("Misshandel", "Malmö", at(2025, 4, 20, 23, 10), False)
    assert same_event(first, later) is not None  # an update of one incident: a timeline
    eve = Event("Sammanfattning natt", "Uppsala län", at(2024, 6, 21, 22, 30), False)
    morning = Event("Sammanfattning natt", "Uppsala län", at(2024, 6, 22, 6, 45), False)
    assert same_event(eve, morning) is None  # two summaries of one night: two sources
    update = Event("Sammanfattning natt", "Uppsala län", at(2024, 6, 22, 6, 45), True)
    assert same_event(eve, update) is not None  # unless one updates the other


def test_totals_under_two_headers_closed_by_a_colon_are_two_counts(tmp_path):
    conn = _db(tmp_path, {"a.md": report(
        "15 juli 07.30, Sammanfattning natt, Norrbottens län", "2025-07-15", "Ett urval av nattens händelser.",
        "01.10 Stöld, Luleå:", "En anmälan om stöld upprättas.",
        "Övrigt:", "Ett 20-tal personer har under natten omhändertagits för fylleri.",
        "Polisens arbete under festivalen i Luleå:",
        "Under kvällen omhändertogs nio personer för fylleri enligt LOB.")})
    assert findings(conn, "internal-conflict") == []


def test_a_heading_and_its_body_disagree_past_an_adjective(tmp_path):
    # "Ett sextiotal samtal" over "ett fyrtiotal individuella samtal": the same noun, two values.
    (tmp_path / "c.md").write_text("---\ntitle: Samtal med unga\npublished: 2021-05-03\n---\nEtt sextiotal samtal\n\n"
                                   "Polisen i Malmö har under våren haft ett fyrtiotal individuella samtal med unga.\n",
                                   encoding="utf-8")
    db = tmp_path / "c.db"
    run([tmp_path], db, jobs=1)
    kinds = [r[0] for r in connect(db).execute("SELECT kind FROM discrepancies")]
    assert kinds == ["internal-conflict"]
