"""The police events API format, site profiles and page scanning (no network)."""
from __future__ import annotations

import json

import pytest

from corpus_tool.acquire.events import documents_from_events, events_filename, parse_event_datetime, write_event_files
from corpus_tool.acquire.pagescan import scan_page
from corpus_tool.acquire.profiles import available_profiles, date_in_text, date_in_url, load_profile, profile_for_host
from corpus_tool.errors import CrawlError, EmptyDocument, UnsupportedFormat

RECORD = {
    "id": 512345, "datetime": "2024-1-12 9:05:00 +01:00", "name": "12 januari 09.05, Rån, Malmö",
    "summary": "En man  har rånats på Möllevångstorget.", "url": "/aktuellt/handelser/2024/januari/12/ran-malmo/",
    "type": "Rån", "location": {"name": "Malmö", "gps": "55.604981,13.003822"},
}


@pytest.mark.parametrize("value, expected", [
    ("2024-1-12 9:05:00 +01:00", "2024-01-12T09:05:00+01:00"),
    ("2024-01-12 10:15:32 +0100", "2024-01-12T10:15:32+01:00"),
    ("2023-07-01 23:59:59 +02:00", "2023-07-01T23:59:59+02:00"),
    ("2023-07-01T08:00:00Z", "2023-07-01T08:00:00+00:00"),
    ("2023-07-01", "2023-07-01"),
    ("2023-02-30 10:00:00 +01:00", None),
    ("igår", None),
    (None, None),
    (20240112, None),
])
def test_event_datetime(value, expected):
    assert parse_event_datetime(value) == expected


def test_one_document_per_record():
    other = {**RECORD, "id": 512346, "name": "12 januari 11.00, Brand, Lund", "summary": "Brand i förråd.",
             "location": {"name": "Lund"}}
    data = json.dumps([RECORD, other], ensure_ascii=False).encode("utf-8")
    docs = documents_from_events(data, "raw/polisen/events-2024-01-12.json")
    assert [d.source for d in docs] == ["raw/polisen/events-2024-01-12.json#512345",
                                        "raw/polisen/events-2024-01-12.json#512346"]
    doc = docs[0]
    assert doc.text == "12 januari 09.05, Rån, Malmö\n\nEn man har rånats på Möllevångstorget."
    assert doc.url == "https://polisen.se/aktuellt/handelser/2024/januari/12/ran-malmo/"
    assert doc.published == "2024-01-12" and doc.site == "polisen" and doc.media_type == "text/plain"
    assert doc.title == RECORD["name"]
    assert json.loads(doc.raw) == RECORD and len(doc.sha256) == 64
    assert doc.metadata["event"] == {"event_id": 512345, "event_type": "Rån", "datetime": "2024-01-12T09:05:00+01:00",
                                     "location": "Malmö", "gps": "55.604981,13.003822"}


@pytest.mark.parametrize("records, kept", [
    ([RECORD, {**RECORD, "id": None}], 1),  # no id
    ([RECORD, {"id": 7, "name": "", "summary": ""}], 1),  # no text
    ([RECORD, RECORD], 1),  # the API repeats records
    ([RECORD, "not a record", 42], 1),
    ([{**RECORD, "url": None, "datetime": "okänt", "location": "Malmö"}], 1),  # odd fields tolerated
    ([], 0),
])
def test_unusable_records_skipped(records, kept):
    docs = documents_from_events(json.dumps(records).encode(), "events.json")
    assert len(docs) == kept


def test_wrapper_object_accepted():
    assert len(documents_from_events(json.dumps({"events": [RECORD]}).encode(), "e.json")) == 1


@pytest.mark.parametrize("data, error", [
    (b"", EmptyDocument),
    (b"   \n", EmptyDocument),
    (b"{not json", UnsupportedFormat),
    (b'{"type": "FeatureCollection"}', UnsupportedFormat),
    (b'"just a string"', UnsupportedFormat),
    (b'[{"foo": 1}, {"bar": 2}]', UnsupportedFormat),  # records, none usable
    ("[{\"id\": 1, \"name\": \"Rån\"}]".encode("utf-16"), Exception),
])
def test_bad_events_files_give_clear_errors(data, error):
    with pytest.raises(error):
        documents_from_events(data, "bad.json")


def test_events_filename_and_split_files(tmp_path):
    assert events_filename("2024-03-04T10:00:00+00:00") == "events-2024-03-04.json"
    assert events_filename("2024-03-04T10:00:00+00:00", "locationname=Malmö") == \
        "events-2024-03-04-locationname-malm.json"
    paths = write_event_files(json.dumps([RECORD, {**RECORD, "id": "../../etc"}]).encode(), tmp_path)
    assert [p.name for p in paths] == ["event-512345.json"]
    assert documents_from_events(paths[0].read_bytes(), str(paths[0]))[0].text.startswith("12 januari")


# -- profiles ------------------------------------------------------------------------------

def test_every_profile_loads_and_extends_generic():
    assert {"generic", "polisen", "malmo"} <= set(available_profiles())
    generic = load_profile("generic")
    for name in available_profiles():
        profile = load_profile(name)
        assert profile.name == name and profile.article_container
        assert set(generic.ignore) <= set(profile.ignore) and len(generic.ignore) >= 3
        assert all(url.startswith("https://") for url in profile.start)


@pytest.mark.parametrize("path, kind", [
    ("/aktuellt/nyheter/syd/2020/maj/sluta-skjut-i-allvarliga-samtal-med-kriminella/", "follow"),
    ("/aktuellt/nyheter/nationell/2025/december/193-gripna-sedan-starten/", "follow"),
    ("/aktuellt/handelser/2024/januari/12/12-januari-10.15-trafikolycka-malmo/", "follow"),
    ("/api/events?locationname=Malmö", "follow"),
    ("/aktuellt/nyheter/", "listing"),
    ("/aktuellt/nyheter/syd/", "listing"),
    ("/aktuellt/nyheter/?page=4", "listing"),
    ("/dokument/rapport.pdf", "ignore"),
    ("/sok?q=skjutning", "ignore"),
    ("/tjanster-tillstand/pass/", "ignore"),
])
def test_polisen_profile_classifies_urls(path, kind):
    profile = load_profile("polisen")
    assert profile.matches(kind, "https://polisen.se" + path)
    for other in {"follow", "listing", "ignore"} - {kind}:
        assert not profile.matches(other, "https://polisen.se" + path), other


@pytest.mark.parametrize("path, kind", [
    ("/Aktuellt/Artiklar-Malmo-stad/2026-02-12-Sa-klarade-foretagen-i-Malmo-livsmedelskontrollerna-2025.html",
     "follow"),
    ("/Service/Var-service-till-dig/Trygghet/Sluta-skjut.html", "follow"),
    ("/Aktuellt/Artiklar-Malmo-stad.html", "listing"),
    ("/Aktuellt/Artiklar-Malmo-stad.html?page=2", "listing"),
    ("/download/18.1a2b/rapport-sluta-skjut.pdf", "ignore"),
])
def test_malmo_profile_classifies_urls(path, kind):
    profile = load_profile("malmo")
    assert profile.matches(kind, "https://malmo.se" + path)
    for other in {"follow", "listing", "ignore"} - {kind}:
        assert not profile.matches(other, "https://malmo.se" + path), other
    if kind == "follow" and "Artiklar" in path:
        assert date_in_url(profile, "https://malmo.se" + path) == "2026-02-12"


@pytest.mark.parametrize("url, expected", [
    ("https://polisen.se/aktuellt/handelser/2024/januari/12/x/", "2024-01-12"),
    ("https://polisen.se/aktuellt/nyheter/syd/2020/maj/x/", "2020-05"),
    ("https://example.se/nyheter/2023/11/07/x/", "2023-11-07"),
    ("https://example.se/news/2023/october/x/", "2023-10"),
    ("https://example.se/nyheter/x/", None),
    ("https://example.se/2023/februari/31/x/", None),
])
def test_dates_in_urls(url, expected):
    assert date_in_url(load_profile("polisen"), url) == expected


@pytest.mark.parametrize("text, expected", [
    ("Publicerad 12 januari 2024 10.15", "2024-01-12"),
    ("Uppdaterad 3 mars 2023", "2023-03-03"),
    ("Ingen datumrad här, bara 12 poliser.", None),
])
def test_dates_in_text(text, expected):
    assert date_in_text(load_profile("polisen"), text) == expected


def test_profile_chosen_by_host_and_bad_names_rejected():
    assert profile_for_host("polisen.se").name == "polisen"
    assert profile_for_host("www.malmo.se").name == "malmo"
    assert profile_for_host("nyheter.example.se").name == "generic"
    for bad in ("../etc", "nosuchsite", ""):
        with pytest.raises(CrawlError):
            load_profile(bad)


def test_page_scan_finds_links_alternates_dates_and_container():
    html = """<html lang="sv"><head><meta property="article:published_time" content="2024-03-04T08:00:00+01:00">
    <link rel="alternate" hreflang="en" href="/en/x/"><script>var a = "<a href='/js'>";</script></head>
    <body><nav><a href="/a/">Nyheter</a></nav><main><article><h1>Rubrik</h1><p>Text <b>fet</b> här.</p>
    <a href="?page=2" rel="next">Nästa</a></article></main><a href="/b/">  Läs   mer </a></body></html>"""
    scan = scan_page(html)
    assert scan.lang == "sv" and scan.meta_date() == "2024-03-04T08:00:00+01:00"
    assert [(l.href, l.hreflang) for l in scan.alternates] == [("/en/x/", "en")]
    assert [(l.href, l.text, l.rel) for l in scan.links] == [("/a/", "Nyheter", ""), ("?page=2", "Nästa", "next"),
                                                            ("/b/", "Läs mer", "")]
    assert scan.has_container and scan.container_text.startswith("Rubrik Text fet här.")
    assert scan_page("<a href='x'>unclosed <b><<<").links[0].href == "x"  # broken markup: no exception


# ---------------------------------------------------------------- archived event pages and the event of a report

ARCHIVED = {"id": 409611, "url": None, "datetime": None, "type": None, "location": None, "summary": None,
            "title": "20 mars 16:30, Trafikolycka, Strömsund",
            "preamble": "Larm om trafikolycka på länsväg 342.",
            "body": "En personbil har kört av vägen.\nInga personskador.", "html": None,
            "first_seen": "2023-03-26T00:36:34+01:00"}


def test_archived_records_in_json_lines_keep_title_preamble_and_body_as_written():
    second = dict(ARCHIVED, id=409612, title="31 december 23:10, Sammanfattning natt, Upplands väsby",
                  first_seen="2024-01-02T01:00:00+01:00")
    data = "\n".join([json.dumps(ARCHIVED), "not json", json.dumps(second)]).encode("utf-8")
    docs = documents_from_events(data, "events.jsonl")
    assert [d.source for d in docs] == ["events.jsonl#409611", "events.jsonl#409612"]
    assert docs[0].text == ("20 mars 16:30, Trafikolycka, Strömsund\n\nLarm om trafikolycka på länsväg 342."
                            "\n\nEn personbil har kört av vägen.\nInga personskador.")
    assert docs[0].metadata["archive"] == {"first_seen": "2023-03-26T00:36:34+01:00"}
    assert docs[0].metadata["event_file"] == {"records": 3, "skipped": 1}


def test_the_event_of_a_report_from_title_year_and_gazetteer():
    from corpus_tool.extract.event import event_of

    event = event_of("20 mars 16:30, Trafikolycka, Strömsund", first_seen="2023-03-26T00:36:34+01:00")
    assert event is not None
    assert (event.time, event.type, event.place, event.place_code, event.place_level) == (
        "2023-03-20T16:30", "Trafikolycka", "Strömsund", "2313", "municipality")
    assert (event.period_start, event.period_end, event.summary) == ("2023-03-20", "2023-03-20", False)
    night = event_of("31 december 23:10, Sammanfattning natt, Upplands väsby", first_seen="2024-01-02T01:00:00+01:00")
    assert night is not None and (night.period_start, night.period_end, night.summary) == (
        "2023-12-31", "2024-01-01", True)
    assert night.place == "Upplands Väsby"
    by_url = event_of("21 mars 12:17, Rån, Örebro län", url="https://polisen.se/aktuellt/handelser/2022/mars/21/x/")
    assert by_url is not None and by_url.time == "2022-03-21T12:17" and by_url.place_level == "county"
    assert event_of("Polisen informerar om trafiken") is None


def test_an_api_record_gives_its_event_through_the_pipeline():
    from corpus_tool.pipeline import RunContext, process_document, stages_named

    doc = documents_from_events(json.dumps([RECORD]).encode("utf-8"), "events.json")[0]
    doc = process_document(doc, RunContext.default(), stages_named(("clean", "event")))
    assert doc.event is not None and doc.event.time == "2024-01-12T09:05" and doc.event.place_code == "1280"
    assert doc.event.type == "Rån"
