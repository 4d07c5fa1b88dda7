"""Crawling against a real HTTP server on 127.0.0.1 (see crawl_site.py); nothing touches the internet."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import crawl_site as site
import pytest

from corpus_tool.acquire.crawl import STATE_FILE, crawl, slug_for
from corpus_tool.acquire.fetch import Fetcher, normalize_url, validate_url
from corpus_tool.errors import CrawlError, UnsafeURL

DELAY = 0.03
FAST = dict(site="polisen", delay=DELAY, allow_private=True, backoff=0.01, timeout=2.0, retries=2)
SAVED_PATHS = [site.A_SV, site.A_EN, site.B, site.C, site.FLAKY, site.BUSY, site.SLOW, site.CP1252, site.OLD]


@pytest.fixture(scope="module")
def server():
    httpd, base, state = site.serve()
    yield base, state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def polisen(server):
    base, state = server
    state.reset()
    return base, state


@pytest.fixture(scope="module")
def crawled(server, tmp_path_factory):
    """One full crawl, shared by the tests that only inspect its outcome."""
    base, state = server
    state.reset()
    out = tmp_path_factory.mktemp("crawled")
    report = run_crawl(base, out)
    return base, list(state.log), report, out


def run_crawl(base, out, **options):
    return crawl([base + site.NEWS], out=out, **{**FAST, **options})


def article_requests(state):
    return [e for e in state.log if e["path"] != "/robots.txt"]


def test_crawl_saves_every_article_with_its_sidecar(crawled):
    base, log, report, tmp_path = crawled
    assert report.complete and not report.stopped
    folder = tmp_path / "polisen"
    saved = {p.name for p in folder.glob("*.html")}
    assert saved == {slug_for(base + path) + ".html" for path in SAVED_PATHS}
    assert len(report.listings) == 3  # pagination followed to page 3
    sidecar = json.loads((folder / (slug_for(base + site.A_SV) + ".html.meta.json")).read_text())
    assert set(sidecar) >= {"url", "final_url", "fetched", "status", "content_type", "charset", "etag",
                            "last_modified", "site"}
    assert sidecar["status"] == 200 and sidecar["site"] == "polisen" and sidecar["charset"] == "utf-8"
    assert sidecar["etag"].startswith('"') and sidecar["last_modified"] == site.LAST_MODIFIED
    assert sidecar["published"] == "2024-03-04"
    assert (folder / (slug_for(base + site.A_SV) + ".html")).read_bytes() == site.ARTICLES[site.A_SV].encode()


def test_redirect_is_recorded_and_saved_once(crawled):
    base, log, _, tmp_path = crawled
    sidecar = json.loads((tmp_path / "polisen" / (slug_for(base + site.C) + ".html.meta.json")).read_text())
    assert sidecar["url"] == base + site.OLD_ADDRESS and sidecar["final_url"] == base + site.C
    assert [e["status"] for e in log if e["path"] in (site.OLD_ADDRESS, site.C)] == [301, 200]


def test_windows_1252_page_kept_as_served(crawled):
    base, _, _, tmp_path = crawled
    path = tmp_path / "polisen" / (slug_for(base + site.CP1252) + ".html")
    sidecar = json.loads(Path(str(path) + ".meta.json").read_text())
    assert sidecar["charset"] == "windows-1252"
    raw = path.read_bytes()
    assert raw == site.ARTICLES[site.CP1252].encode("cp1252")
    assert "Åsa Öberg" in raw.decode(sidecar["charset"])


def test_disallowed_ignored_and_foreign_paths_never_requested(crawled):
    base, log, report, tmp_path = crawled
    requested = {e["path"] for e in log}
    assert site.SECRET not in requested
    assert (base + site.SECRET, "disallowed by robots.txt") in report.skipped
    assert not any(p.startswith(("/sok", "/bilder", "/om-polisen")) for p in requested)
    assert log[0]["path"] == "/robots.txt" and [e["path"] for e in log].count("/robots.txt") == 1
    state_file = json.loads((tmp_path / "polisen" / STATE_FILE).read_text())
    assert not any("example.com" in url for url in state_file["pages"])


def test_delay_between_requests_respected(crawled):
    _, log, _, _ = crawled
    times = [e["t"] for e in log]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) >= 15
    assert min(gaps) >= DELAY * 0.95, f"smallest gap {min(gaps):.3f}s < delay {DELAY}s"


def test_every_request_identifies_the_crawler(crawled):
    _, log, _, _ = crawled
    assert all(e["headers"]["user-agent"].startswith("corpus-tool/") for e in log)


def test_retries_bounded_and_transient_errors_recover(crawled):
    base, log, report, _ = crawled

    def statuses(path):
        return [e["status"] for e in log if e["path"] == path]

    assert statuses(site.FLAKY) == [500, 200]
    assert statuses(site.BUSY) == [429, 200]
    assert statuses(site.BROKEN) == [503, 503, 503]  # 1 + FAST's 2 retries, then given up
    assert statuses(site.MISSING) == [404]  # a 404 is not retried
    assert dict(report.errors) == {base + site.BROKEN: "HTTP 503", base + site.MISSING: "HTTP 404"}


def test_timeouts_retried_a_bounded_number_of_times(polisen):
    base, state = polisen
    state.slow_seconds = 0.5
    fetcher = Fetcher(delay=0.0, timeout=0.1, retries=1, backoff=0.01, allow_private=True)
    with pytest.raises(CrawlError, match=r"timed out \(0.1 s\) after 2 attempts"):
        fetcher.fetch(base + site.SLOW)
    assert len(state.requests_for(site.SLOW)) == 2


def copy_of(crawled, tmp_path):
    shutil.copytree(crawled[3], tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_unreachable_robots_txt_means_nothing_is_fetched(polisen, tmp_path):
    base, state = polisen
    state.robots_status = 503
    report = run_crawl(base, tmp_path)
    assert {e["path"] for e in state.log} == {"/robots.txt"}
    assert len(state.log) == 1 + FAST["retries"]
    assert report.skipped == [(base + site.NEWS, "robots.txt unreachable (HTTP 503), so nothing is fetched")]


def test_unreachable_server_retried_a_bounded_number_of_times():
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fetcher = Fetcher(delay=0.0, retries=2, backoff=0.01, allow_private=True)
    with pytest.raises(CrawlError, match="robots.txt unreachable .*connection failed .* after 3 attempts"):
        fetcher.fetch(f"http://127.0.0.1:{port}/aktuellt/nyheter/")
    assert fetcher.stats.requests == 3 and fetcher.stats.retries == 2


def test_missing_robots_txt_allows_everything(polisen):
    base, state = polisen
    state.robots_status = 404
    fetcher = Fetcher(delay=0.0, allow_private=True)
    assert fetcher.allowed(base + site.SECRET)
    assert fetcher.fetch(base + site.SECRET).status == 200


def test_robots_crawl_delay_honoured(polisen):
    base, state = polisen
    state.robots_body = "User-agent: *\nCrawl-delay: 1\n"
    fetcher = Fetcher(delay=0.01, allow_private=True)
    fetcher.fetch(base + site.B)
    assert [e["path"] for e in state.log] == ["/robots.txt", site.B]
    assert state.log[1]["t"] - state.log[0]["t"] >= 0.95


def test_recrawl_sends_conditional_requests_and_fetches_nothing_unchanged(crawled, polisen, tmp_path):
    base, state = polisen
    copy_of(crawled, tmp_path)
    folder = tmp_path / "polisen"
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir() if p.is_file()}
    report = run_crawl(base, tmp_path)
    assert report.saved == [] and report.complete
    pages = [e for e in article_requests(state) if e["status"] not in (301, 404, 503)]
    assert pages and all("if-none-match" in e["headers"] for e in pages)
    # The fixture makes the flaky pages fail once again; their retries are conditional too.
    assert {e["status"] for e in pages} - {429, 500} == {304}, "an unchanged page was fetched in full"
    asked_for = [site.OLD_ADDRESS if p == site.C else p for p in SAVED_PATHS]  # C is reached by redirect
    assert set(report.unchanged) == {base + p for p in asked_for} | {base + u for u in site.LISTINGS}
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir() if p.is_file()
             and p.name != STATE_FILE}
    assert after == {k: v for k, v in before.items() if k != STATE_FILE}


def test_changed_page_is_fetched_again_and_rewritten(crawled, polisen, tmp_path):
    base, state = polisen
    copy_of(crawled, tmp_path)
    original = site.ARTICLES[site.B]
    site.ARTICLES[site.B] = original.replace("Drygt 300", "Drygt 350")
    try:
        report = run_crawl(base, tmp_path)
    finally:
        site.ARTICLES[site.B] = original
    assert [Path(p).name for p in report.saved] == [slug_for(base + site.B) + ".html"]
    assert b"Drygt 350" in Path(report.saved[0]).read_bytes()


def test_resumes_after_interruption_without_refetching(polisen, tmp_path):
    base, state = polisen
    seen = []

    def interrupt_after_four(url, kind):
        seen.append(url)
        if len(seen) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_crawl(base, tmp_path, on_page=interrupt_after_four)
    saved_first = {p.name for p in (tmp_path / "polisen").glob("*.html")}
    assert 0 < len(saved_first) < len(SAVED_PATHS)
    report = run_crawl(base, tmp_path)
    assert report.resumed and report.complete
    assert {p.name for p in (tmp_path / "polisen").glob("*.html")} == \
        {slug_for(base + path) + ".html" for path in SAVED_PATHS}
    counts = {}
    for entry in article_requests(state):
        if entry["status"] not in (429, 500, 503):  # retries of the same request
            counts[entry["path"]] = counts.get(entry["path"], 0) + 1
    assert counts and max(counts.values()) == 1, {p: n for p, n in counts.items() if n > 1}


def test_page_cap_stops_and_next_crawl_continues(polisen, tmp_path):
    base, state = polisen
    first = run_crawl(base, tmp_path, max_pages=3)
    assert not first.complete and "page cap" in first.stopped
    assert [e["path"] for e in article_requests(state)] == [site.NEWS, site.A_SV, site.B]
    second = run_crawl(base, tmp_path, max_pages=100)
    assert second.resumed and second.complete
    assert len({p.name for p in (tmp_path / "polisen").glob("*.html")}) == len(SAVED_PATHS)


def test_byte_cap_stops_the_crawl(polisen, tmp_path):
    base, _ = polisen
    report = run_crawl(base, tmp_path, max_bytes=3000)
    assert not report.complete and "byte cap" in report.stopped
    assert report.bytes < 3000 + 4000  # stops after the page that crossed the cap


def test_since_skips_older_articles_without_requesting_them(polisen, tmp_path):
    base, state = polisen
    report = run_crawl(base, tmp_path, since="2024-02-01")
    requested = {e["path"] for e in state.log}
    assert site.OLD not in requested  # dated by its URL on the listing: never fetched
    saved = {p.name for p in (tmp_path / "polisen").glob("*.html")}
    assert slug_for(base + site.SLOW) + ".html" not in saved  # dated 2024-01 in its URL
    assert slug_for(base + site.A_SV) + ".html" in saved and slug_for(base + site.C) + ".html" in saved
    assert report.complete


def test_events_api_saved_as_events_file_and_read_back(polisen, tmp_path):
    from corpus_tool.acquire.read import read_document

    base, _ = polisen
    report = crawl([base + site.EVENTS], out=tmp_path, **FAST)
    files = [f for f in (tmp_path / "polisen").glob("events-*.json") if not f.name.endswith(".meta.json")]
    assert [Path(p).name for p in report.saved] == [f.name for f in files]
    assert len(files) == 1 and re.fullmatch(r"events-\d{4}-\d{2}-\d{2}\.json", files[0].name)
    docs = read_document(files[0])
    assert [d.source for d in docs] == [f"{files[0]}#501", f"{files[0]}#502"]
    assert docs[0].published == "2024-03-04" and docs[0].site == "polisen"
    assert docs[0].url == "https://polisen.se/aktuellt/handelser/2024/mars/4/04-mars-09.05-skottlossning-malmo/"


def test_feed_as_listing_and_generic_profile(polisen, tmp_path):
    base, state = polisen
    report = crawl([base + site.FEED], out=tmp_path, **{**FAST, "site": None})
    assert report.site == "127.0.0.1" and report.complete  # no profile for the host: generic
    saved = {p.name for p in (tmp_path / "127.0.0.1").glob("*.html")}
    assert saved == {slug_for(base + p) + ".html" for p in (site.A_SV, site.A_EN, site.B)}
    assert site.NEWS + "syd/" not in {e["path"] for e in state.log}  # the channel's own link


def test_article_given_as_start_page_is_saved(polisen, tmp_path):
    base, _ = polisen
    report = crawl([base + site.B], out=tmp_path, **{**FAST, "site": "generic"})
    assert [Path(p).name for p in report.saved] == [slug_for(base + site.B) + ".html"]


@pytest.mark.parametrize("start, link, article", [
    ("https://x.se/nyheter/", "https://x.se/nyheter/2024/ny-lag/", True),
    ("https://x.se/nyheter", "https://x.se/nyheter/ny-lag", True),
    ("https://x.se/nyheter", "https://x.se/om-oss/", False),
    ("https://x.se/aktuellt/nyheter.html", "https://x.se/aktuellt/nyheter/ny-lag.html", True),
    ("https://x.se/nyheter/", "https://x.se/nyheter/", False),  # the listing itself
    ("https://x.se/nyheter/", "https://x.se/nyheter/rapport.pdf", False),  # ignored file type
    ("https://x.se/nyheter/", "https://annan.se/nyheter/x/", False),  # outside the fence
])
def test_generic_profile_takes_links_below_the_listing(start, link, article, tmp_path):
    from corpus_tool.acquire.crawl import ARTICLE, Crawler
    from corpus_tool.acquire.pagescan import Link
    from corpus_tool.acquire.profiles import load_profile

    crawler = Crawler(load_profile("generic"), "x.se", tmp_path, Fetcher(), {"x.se"}, [start], None, 10)
    assert (crawler._classify(normalize_url(link), Link(link, "rubrik")) == ARTICLE) is article


def test_compressed_body_saved_decompressed(polisen):
    base, _ = polisen
    response = Fetcher(delay=0.0, allow_private=True).fetch(base + site.GZIPPED)
    assert response.body == site.ARTICLES[site.B].encode("utf-8")


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://polisen.se/", "javascript:alert(1)", "", "polisen.se/aktuellt/",
    "http://127.0.0.1:8000/", "http://localhost/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/", "http://user:pw@polisen.se/",
])
def test_unsafe_urls_rejected(url):
    with pytest.raises(UnsafeURL):
        validate_url(url)


def test_crawl_refuses_loopback_unless_allowed(polisen, tmp_path):
    base, state = polisen
    with pytest.raises(UnsafeURL):
        crawl([base + site.NEWS], site="polisen", out=tmp_path, delay=DELAY)
    assert state.log == []


def test_public_urls_accepted_and_normalized():
    public = lambda host: ["93.184.216.34"]  # noqa: E731 - stub DNS, no network
    assert validate_url("HTTPS://Polisen.se:443/aktuellt/nyheter/#top", resolve=public) == \
        "https://polisen.se/aktuellt/nyheter/"
    assert validate_url("http://127.0.0.1:8080/x", allow_private=True) == "http://127.0.0.1:8080/x"
    private = lambda host: ["10.0.0.5"]  # noqa: E731 - a public name that resolves inside the network
    with pytest.raises(UnsafeURL):
        validate_url("https://intranet.example.se/", resolve=private)


@pytest.mark.parametrize("given, expected", [
    ("HTTPS://Polisen.SE:443/aktuellt/#x", "https://polisen.se/aktuellt/"),
    ("https://malmo.se/Nyheter/Åtgärd mot våld.html", "https://malmo.se/Nyheter/%C3%85tg%C3%A4rd%20mot%20v%C3%A5ld.html"),
    ("https://polisen.se/aktuellt/nyheter/?lpfm.loc=Malmö&page=2",
     "https://polisen.se/aktuellt/nyheter/?lpfm.loc=Malm%C3%B6&page=2"),
    ("https://malmo.se/a%20b/?x=%C3%A5", "https://malmo.se/a%20b/?x=%C3%A5"),  # already encoded: unchanged
    ("http://räksmörgås.se", "http://xn--rksmrgs-5wao1o.se/"),
    ("http://127.0.0.1:80/x", "http://127.0.0.1/x"),
])
def test_urls_normalized_for_the_wire(given, expected):
    assert normalize_url(given) == expected and normalize_url(expected) == expected


def test_non_ascii_links_requested_percent_encoded(polisen):
    base, state = polisen
    response = Fetcher(delay=0.0, allow_private=True).fetch(base + "/aktuellt/nyheter/åtgärder mot våld/")
    assert response.status == 404  # answered, not a crash in http.client
    assert state.log[-1]["path"] == "/aktuellt/nyheter/%C3%A5tg%C3%A4rder%20mot%20v%C3%A5ld/"


@pytest.mark.parametrize("a, b, same", [
    ("https://polisen.se/aktuellt/nyheter/syd/2024/mars/x/", "https://polisen.se/aktuellt/nyheter/syd/2024/mars/x/", True),
    ("https://polisen.se/a/", "https://polisen.se/a/#frag", True),
    ("https://polisen.se/aktuellt/nyheter/?page=2", "https://polisen.se/aktuellt/nyheter/?page=3", False),
    ("https://polisen.se/a-b/", "https://polisen.se/a/b/", False),
    ("https://malmo.se/Nyheter/Åtgärd.html", "https://malmo.se/Nyheter/Atgard.html", False),
])
def test_slugs_stable_and_collision_safe(a, b, same):
    assert (slug_for(a) == slug_for(b)) is same
    assert slug_for(a) == slug_for(a) and len(slug_for(a)) <= 90
    assert all(ch.isalnum() or ch == "-" for ch in slug_for(a))


def test_state_file_hidden_from_run(crawled):
    from corpus_tool.acquire.read import iter_input_files

    _, _, _, tmp_path = crawled
    files = [p.name for p in iter_input_files([tmp_path])]
    assert len(files) == len(SAVED_PATHS) and not any(n.startswith(".") or n.endswith(".meta.json") for n in files)


def test_bad_arguments_give_clear_errors(tmp_path):
    with pytest.raises(CrawlError, match="unknown site profile"):
        crawl(["https://polisen.se/"], site="nosuchsite", out=tmp_path)
    with pytest.raises(CrawlError, match="--since"):
        crawl(["http://127.0.0.1:9/"], site="polisen", out=tmp_path, since="last tuesday", allow_private=True)
    with pytest.raises(CrawlError, match="at least one URL"):
        crawl([], site="generic", out=tmp_path)
    with pytest.raises(CrawlError, match="max_pages"):
        crawl(["http://127.0.0.1:9/"], out=tmp_path, max_pages=0, allow_private=True)


def test_corrupt_state_reported(polisen, tmp_path):
    base, _ = polisen
    (tmp_path / "polisen").mkdir()
    (tmp_path / "polisen" / STATE_FILE).write_text("{not json")
    with pytest.raises(CrawlError, match="crawl state unreadable"):
        run_crawl(base, tmp_path)


def test_cli_crawl(polisen, tmp_path):
    from typer.testing import CliRunner

    from corpus_tool.cli import app

    base, _ = polisen
    runner = CliRunner()
    result = runner.invoke(app, ["crawl", base + site.NEWS, "--site", "polisen", "--delay", "0.03",
                                 "--out", str(tmp_path), "--allow-private", "--max-pages", "4"])
    assert result.exit_code == 0, result.output
    assert "polisen:" in result.output and "run again to resume" in result.output
    result = runner.invoke(app, ["crawl", "file:///etc/passwd", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "E601" in result.output


@pytest.mark.slow  # the whole pipeline: its models load here when run alone (10-45 s on a busy machine)
def test_crawl_then_run_yields_the_documents_and_pairs_the_translation(crawled, polisen, tmp_path):
    """The raw-output contract end to end: crawled pages and an events file become documents,
    and the English version found through hreflang pairs with its Swedish source."""
    from corpus_tool import connect, run

    base, _ = polisen
    out = copy_of(crawled, tmp_path / "raw")
    crawl([base + site.EVENTS], out=out, **FAST)
    summary = run([out], tmp_path / "corpus.db", jobs=1)
    assert summary.failed == 0, [e.message for e in summary.errors]
    conn = connect(tmp_path / "corpus.db")
    rows = {r["url"]: dict(r) for r in conn.execute("SELECT url, site, lang, title, published, text FROM documents")}
    assert set(rows) == {base + p for p in SAVED_PATHS} | {
        "https://polisen.se" + r["url"] for r in site.EVENT_RECORDS}
    assert all(r["site"] == "polisen" for r in rows.values())
    swedish, english = rows[base + site.A_SV], rows[base + site.A_EN]
    assert (swedish["lang"], english["lang"]) == ("sv", "en")
    assert swedish["title"] == "Fler skjutningar i Malmö under vintern" and swedish["published"] == "2024-03-04"
    assert "ett femtontal poliser" in swedish["text"] and "Sök på polisen.se" not in swedish["text"]
    assert "Åsa Öberg" in rows[base + site.CP1252]["text"]  # windows-1252 decoded via the sidecar
    event = rows["https://polisen.se" + site.EVENT_RECORDS[0]["url"]]
    assert event["published"] == "2024-03-04" and event["text"].startswith("04 mars 09.05, Skottlossning")
    pairs = conn.execute(
        "SELECT s.url AS source, t.url AS target, COUNT(a.id) AS links FROM translation_pairs p"
        " JOIN documents s ON s.id = p.source_document_id JOIN documents t ON t.id = p.target_document_id"
        " LEFT JOIN alignments a ON a.pair_id = p.id GROUP BY p.id").fetchall()
    assert [(r["source"], r["target"]) for r in pairs] == [(base + site.A_SV, base + site.A_EN)]
    sentences = conn.execute("SELECT COUNT(*) FROM sentences JOIN documents d ON d.id = document_id"
                             " WHERE d.url = ?", (base + site.A_SV,)).fetchone()[0]
    assert sentences >= 9 and pairs[0]["links"] >= sentences - 1  # translated sentence by sentence
    conn.close()


def test_a_robots_txt_redirect_to_another_host_is_not_followed(polisen, tmp_path):
    base, state = polisen
    port = urlsplit(base).port
    state.robots_status = 302
    state.robots_headers = {"Location": f"http://localhost:{port}/robots-elsewhere.txt"}
    report = run_crawl(base, tmp_path)
    assert {e["path"] for e in state.log} == {"/robots.txt"}  # nothing fetched from the other host
    [(url, reason)] = report.skipped
    assert url == base + site.NEWS and "another host" in reason


@pytest.mark.parametrize("location", ["ftp://example.com/[/]report", "ftp://127.0.0.1/[bold]x[/bold]",
                                      "http://[/]report", "javascript:alert('[/]')"])
def test_a_redirect_to_a_url_that_cannot_be_fetched_skips_the_page(polisen, tmp_path, location):
    from typer.testing import CliRunner

    from corpus_tool.cli import app

    base, state = polisen
    state.redirects = {site.B: location}
    result = CliRunner().invoke(app, ["crawl", base + site.NEWS, "--site", "polisen", "--delay", "0.01",
                                      "--out", str(tmp_path), "--allow-private", "--max-pages", "3"])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "Traceback" not in result.output
    assert location in result.output.replace("\n", "")  # printed as written, brackets and all
    assert not any(p.suffix == ".html" and "trafikkontroller" in p.name for p in tmp_path.rglob("*"))
