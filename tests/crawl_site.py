"""A small site built like polisen.se, served on 127.0.0.1 by the crawl tests.

Listing pages with pagination, Swedish articles, an English version of one of
them (a real translation), a robots.txt disallowing a folder, a redirect, a
404, a 500 that recovers, a 503 that never does, a 429 with Retry-After, a
slow page, a page in windows-1252, and ETag/Last-Modified support everywhere.
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import threading
import time
from urllib.parse import urlsplit

NEWS = "/aktuellt/nyheter/"
A_SV = NEWS + "syd/2024/mars/fler-skjutningar-i-malmo/"
A_EN = "/en/news/2024/march/more-shootings-in-malmo/"
B = NEWS + "syd/2024/mars/trafikkontroller-i-lund/"
OLD_ADDRESS = NEWS + "syd/2024/februari/inbrott-i-villor/"
C = NEWS + "syd/2024/februari/inbrott-i-villor-i-ystad/"
SECRET = NEWS + "intern/2024/mars/hemlig-lagesbild/"
MISSING = NEWS + "syd/2024/mars/borttagen-nyhet/"
FLAKY = NEWS + "syd/2024/februari/vittnen-soks-efter-ran/"
BUSY = NEWS + "syd/2024/februari/polisen-informerar/"
SLOW = NEWS + "syd/2024/januari/narkotikabeslag-i-helsingborg/"
CP1252 = NEWS + "syd/2024/januari/vald-i-nara-relationer/"
BROKEN = NEWS + "syd/2024/januari/driftstorning/"
OLD = NEWS + "syd/2019/maj/sommarkampanj-mot-cykelstolder/"
EVENTS = "/api/events"
FEED = "/aktuellt/rss/syd/"
GZIPPED = "/aktuellt/nyheter/syd/2024/mars/komprimerad/"
LAST_MODIFIED = "Tue, 05 Mar 2024 08:00:00 GMT"

ROBOTS = "User-agent: *\nDisallow: /aktuellt/nyheter/intern/\n"

CHROME_TOP = """<header><a href="/">Polisen</a><nav><a href="/aktuellt/nyheter/">Nyheter</a>
<a href="/sok?q=skjutning">Sök på polisen.se</a><a href="https://example.com/annat">Annan webbplats</a>
<a href="/bilder/logo.png">Logotyp</a></nav>
<p>Javascript är inte påslaget i din webbläsare.</p></header>"""
CHROME_BOTTOM = """<footer><p>Polismyndigheten, Box 12256, 102 26 Stockholm. Telefon 114 14.</p>
<a href="/om-polisen/">Om polisen</a></footer>"""


def page(title: str, body: str, lang: str = "sv", date: str = "", head: str = "",
         charset: str = "utf-8") -> str:
    time_tag = f'<p class="date"><time datetime="{date}">{date}</time></p>' if date else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}"><title>{title} | Polisen</title>'
            f'<meta property="og:type" content="article">{head}</head><body>{CHROME_TOP}<main><article><h1>{title}</h1>{time_tag}{body}</article></main>'
            f'{CHROME_BOTTOM}</body></html>')


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


ARTICLES = {
    A_SV: page("Fler skjutningar i Malmö under vintern", paragraphs(
        "Under januari och februari 2024 inträffade ett tiotal skjutningar i Malmö, enligt polisens lägesbild."
        " Det är fler än under samma period förra året, då polisen registrerade sex skjutningar.",
        "– Vi ser med stort allvar på utvecklingen och har förstärkt med ett femtontal poliser i de mest"
        " utsatta områdena, säger Anna Lindqvist, lokalpolisområdeschef i Malmö norr.",
        "Polisen har sedan årsskiftet gripit drygt 20 personer som misstänks för grova vapenbrott."
        " Ett 50-tal vapen har beslagtagits.",
        "Samarbetet med Malmö stad inom Sluta skjut fortsätter. Under våren planeras flera samtal med unga"
        " män i riskzonen.",
        "Polisen uppmanar alla som har information att höra av sig på telefonnummer 114 14.",
    ) + f'<p><a href="{A_EN}" hreflang="en">In English</a></p>', date="2024-03-04",
        head=f'<link rel="alternate" hreflang="en" href="{A_EN}">'),
    A_EN: page("More shootings in Malmö during the winter", paragraphs(
        "In January and February 2024, about ten shootings took place in Malmö, according to the police's"
        " situation report. That is more than in the same period last year, when the police recorded six"
        " shootings.",
        "– We take the development very seriously and have reinforced with some fifteen police officers in the"
        " most vulnerable areas, says Anna Lindqvist, head of the Malmö North local police area.",
        "Since the turn of the year, the police have arrested just over 20 people suspected of serious weapons"
        " offences. Around 50 weapons have been seized.",
        "The cooperation with the City of Malmö within Sluta skjut continues. Several conversations with young"
        " men at risk are planned during the spring.",
        "The police urge anyone with information to get in touch on telephone number 114 14.",
    ), lang="en", date="2024-03-04", head=f'<link rel="alternate" hreflang="sv" href="{A_SV}">'),
    B: page("Trafikkontroller i Lund", paragraphs(
        "Polisen genomförde under helgen trafikkontroller på flera platser i Lund.",
        "Drygt 300 förare kontrollerades och ett tiotal rapporterades för hastighetsöverträdelser.",
        "– Vi kommer att fortsätta med kontrollerna under våren, säger Erik Holm, gruppchef vid trafikpolisen.",
    ), date="2024-03-02"),
    C: page("Inbrott i villor i Ystad", paragraphs(
        "Under februari har polisen tagit emot ett tjugotal anmälningar om inbrott i villor i Ystad.",
        "Polisen uppmanar boende att vara uppmärksamma på okända fordon i bostadsområdena.",
    ), date="2024-02-20"),
    SECRET: page("Hemlig lägesbild", paragraphs("Den här sidan får inte hämtas."), date="2024-03-01"),
    FLAKY: page("Vittnen söks efter rån i Trelleborg", paragraphs(
        "En man i 30-årsåldern rånades på tisdagskvällen i centrala Trelleborg.",
        "Polisen söker vittnen som befann sig i närheten av busstationen mellan klockan 21 och 22.",
    ), date="2024-02-13"),
    BUSY: page("Polisen informerar", paragraphs("Sidan svarar först efter en stund."), date="2024-02-10"),
    SLOW: page("Narkotikabeslag i Helsingborg", paragraphs(
        "Vid en husrannsakan i Helsingborg beslagtogs över 40 kilo cannabis.",
        "Två personer har gripits misstänkta för synnerligen grovt narkotikabrott.",
    ), date="2024-01-25"),
    CP1252: page("Våld i nära relationer ökar i Skåne", paragraphs(
        "Antalet anmälningar om våld i nära relationer ökade med drygt 100 under förra året.",
        "– Det är viktigt att de som utsätts vågar berätta, säger Åsa Öberg, samordnare för brottsofferfrågor.",
    ), date="2024-01-18", charset="windows-1252"),
    OLD: page("Sommarkampanj mot cykelstölder", paragraphs(
        "Polisen i Malmö startar en kampanj mot cykelstölder under sommaren.",
    ), date="2019-05-20"),
}


def feed(items: list[str]) -> str:
    entries = "".join(f"<item><title>{u}</title><link>{{base}}{u}</link><pubDate>Mon, 04 Mar 2024 08:00:00 GMT"
                      f"</pubDate></item>" for u in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Polisen Syd</title>'
            f'<link>{{base}}/aktuellt/nyheter/syd/</link>{entries}</channel></rss>')


def listing(items: list[str], next_page: str = "") -> str:
    links = "".join(f'<li><a href="{u}">{u.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")}</a></li>'
                    for u in items)
    nxt = f'<a href="{next_page}">Nästa</a>' if next_page else ""
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Nyheter | Polisen</title></head>'
            f'<body>{CHROME_TOP}<main><h1>Nyheter</h1><ul>{links}</ul>{nxt}</main>{CHROME_BOTTOM}</body></html>')


LISTINGS = {
    NEWS: listing([A_SV, B, OLD_ADDRESS, SECRET, MISSING], "?page=2"),
    NEWS + "?page=2": listing([FLAKY, SLOW, CP1252, BUSY], "?page=3"),
    NEWS + "?page=3": listing([BROKEN, OLD]),
}

EVENT_RECORDS = [
    {"id": 501, "datetime": "2024-3-4 9:05:00 +01:00", "name": "04 mars 09.05, Skottlossning, Malmö",
     "summary": "Flera skott ska ha avlossats i Rosengård. Ingen person skadad.",
     "url": "/aktuellt/handelser/2024/mars/4/04-mars-09.05-skottlossning-malmo/", "type": "Skottlossning",
     "location": {"name": "Malmö", "gps": "55.604981,13.003822"}},
    {"id": 502, "datetime": "2024-03-04 14:30:12 +01:00", "name": "04 mars 14.30, Trafikolycka, Lund",
     "summary": "Två bilar har kolliderat på väg 16.", "url": "/aktuellt/handelser/2024/mars/4/x/",
     "type": "Trafikolycka", "location": {"name": "Lund", "gps": "55.70466,13.191007"}},
]


class SiteState:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.log = []  # one dict per request: t (arrival, monotonic), path, headers, status
        self.hits = {}  # per path, for pages that fail on their first request only
        self.slow_seconds = 0.15
        self.robots_status = 200
        self.robots_body = ROBOTS
        self.robots_headers = {}
        self.redirects = {}  # path -> Location, for redirects a test sets up

    def clear_log(self):
        self.log = []

    def arrive(self, path, headers) -> dict:
        entry = {"t": time.monotonic(), "path": path, "headers": headers, "status": None}
        with self.lock:
            self.log.append(entry)
        return entry

    def count(self, path):
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]

    def requests_for(self, path):
        return [entry for entry in self.log if entry["path"] == path]


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "TestPolisen/1.0"
    state: SiteState = None  # set by serve()

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=None):
        self.entry["status"] = status
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out first: expected
                pass

    def _send_cached(self, body: bytes, content_type: str, last_modified: str = ""):
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag}
        if last_modified:
            headers["Last-Modified"] = last_modified
        if self.headers.get("If-None-Match") == etag or (
                last_modified and not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == last_modified):
            return self._send(304, headers=headers)
        self._send(200, body, content_type, headers)

    def do_GET(self):
        path = self.path
        self.entry = self.state.arrive(path, {k.lower(): v for k, v in self.headers.items()})
        bare = urlsplit(path).path
        if path == "/robots.txt":
            return self._send(self.state.robots_status, self.state.robots_body.encode(), "text/plain; charset=utf-8",
                              headers=self.state.robots_headers)
        if bare in self.state.redirects:
            return self._send(302, headers={"Location": self.state.redirects[bare]})
        if bare == OLD_ADDRESS:
            return self._send(301, headers={"Location": C})
        if bare == MISSING:
            return self._send(404, b"<html><body>Sidan finns inte</body></html>")
        if bare == FLAKY and self.state.count(bare) == 1:
            return self._send(500, b"<html><body>Internt fel</body></html>")
        if bare == BUSY and self.state.count(bare) == 1:
            return self._send(429, b"busy", headers={"Retry-After": "0"})
        if bare == BROKEN:
            return self._send(503, "<html><body>Tillfälligt fel</body></html>".encode())
        if bare == SLOW:
            time.sleep(self.state.slow_seconds)
        if bare == FEED:
            body = feed([A_SV, B]).replace("{base}", f"http://{self.headers['Host']}")
            return self._send_cached(body.encode("utf-8"), "application/rss+xml; charset=utf-8")
        if bare == GZIPPED:  # compresses although the client asked for identity
            body = gzip.compress(ARTICLES[B].encode("utf-8"))
            return self._send(200, body, "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        if bare == EVENTS:
            body = json.dumps(EVENT_RECORDS, ensure_ascii=False).encode("utf-8")
            return self._send_cached(body, "application/json; charset=utf-8")
        if path in LISTINGS:
            return self._send_cached(LISTINGS[path].encode("utf-8"), "text/html; charset=utf-8")
        if bare in ARTICLES:
            if bare == CP1252:
                return self._send_cached(ARTICLES[bare].encode("cp1252"), "text/html; charset=windows-1252",
                                         LAST_MODIFIED)
            return self._send_cached(ARTICLES[bare].encode("utf-8"), "text/html; charset=utf-8", LAST_MODIFIED)
        return self._send(404, b"<html><body>Sidan finns inte</body></html>")


def serve():
    """Start the site on a free port; returns (server, base_url, state)."""
    state = SiteState()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", state
