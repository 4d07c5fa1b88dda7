"""Crawling: from start pages through listings and their pagination to articles.

Raw output contract (read by ``acquire.read``): every article is saved as the
bytes served in ``<out>/<site>/<slug>.html`` with a sidecar
``<slug>.html.meta.json`` (url, final_url, fetched, status, content_type,
charset, etag, last_modified, site, plus published when known); an events
API response is saved as ``<out>/<site>/events-<date>.json``.

State lives in ``<out>/<site>/.crawl-state.json`` (hidden, so ``run`` skips
it) and is rewritten atomically after every page, so an interrupted crawl
resumes where it stopped, and a later crawl sends conditional requests for
what it already has.  Listing pages are not saved; their outgoing links are
kept in the state so that a 304 still yields them.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import CorpusToolError, CrawlError, TooLarge, UnsafeURL
from . import events as _events
from .fetch import (
    DEFAULT_BACKOFF,
    DEFAULT_DELAY,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    Fetcher,
    Response,
    RobotsDisallowed,
    host_key,
    normalize_url,
    validate_url,
)
from .pagescan import scan_page
from .profiles import GENERIC, Profile, date_in_text, date_in_url, iso_date, load_profile, profile_for_host

STATE_FILE = ".crawl-state.json"
STATE_VERSION = 1
DEFAULT_MAX_PAGES = 200
HTML_TYPES = ("text/html", "application/xhtml+xml")
JSON_TYPES = ("application/json", "text/json")
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
XML_TYPES = ("application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b")
LISTING, ARTICLE = "listing", "article"


@dataclass
class CrawlReport:
    site: str
    out: str
    saved: list = field(default_factory=list)  # paths written (new or changed)
    unchanged: list = field(default_factory=list)  # URLs answered 304 or identical bytes
    listings: list = field(default_factory=list)  # listing URLs visited
    skipped: list = field(default_factory=list)  # (url, reason)
    errors: list = field(default_factory=list)  # (url, message)
    requests: int = 0
    retries: int = 0
    bytes: int = 0
    resumed: bool = False
    complete: bool = False
    stopped: str = ""

    def summary(self) -> str:
        return (f"{self.site}: {len(self.saved)} saved, {len(self.unchanged)} unchanged,"
                f" {len(self.listings)} listing pages, {len(self.skipped)} skipped, {len(self.errors)} errors;"
                f" {self.requests} requests, {self.bytes} bytes"
                + (" (resumed)" if self.resumed else "")
                + ("" if self.complete else f"; stopped: {self.stopped or 'incomplete'}, run again to resume"))


def slug_for(url: str) -> str:
    """Stable, readable, collision-safe file stem for a URL: path words + a hash of the URL."""
    parts = urlsplit(url)
    words = unicodedata.normalize("NFKD", unquote(parts.path).lower())
    words = "".join(ch for ch in words if not unicodedata.combining(ch))
    words = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", words)
    stem = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    if len(stem) > 80:  # keep the end, where the article's own slug is
        stem = stem[-80:].lstrip("-")
    digest = hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()[:8]
    return f"{stem or 'index'}-{digest}"


def site_name_for(url: str, profile: Profile) -> str:
    if profile.name != GENERIC:
        return profile.name
    host = (urlsplit(url).hostname or "site").lower()
    host = host[4:] if host.startswith("www.") else host
    return re.sub(r"[^a-z0-9.-]+", "-", host) or "site"


def _parse_since(since) -> str | None:
    if since is None or since == "":
        return None
    if isinstance(since, (_dt.date, _dt.datetime)):
        return since.isoformat()[:10]
    value = iso_date(str(since))
    if not value or not re.fullmatch(r"\s*\d{4}-\d{1,2}(-\d{1,2})?\s*", str(since)):
        raise CrawlError(f"--since {since!r}: expected a date like 2024-01-31 or 2024-01")
    return value


def _older(date: str | None, since: str | None) -> bool:
    """True when ``date`` is known and lies before ``since`` (month precision is kindly read)."""
    if not date or not since:
        return False
    return date < since[: len(date)]


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class CrawlState:
    """The resumable part of a crawl, one JSON file per site folder."""

    def __init__(self, path: Path):
        self.path = path
        self.pages: dict = {}  # url -> what we know of it (validators, file, links)
        self.run: dict = {}

    @classmethod
    def load(cls, path: Path) -> CrawlState:
        state = cls(path)
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CrawlError(f"{path}: crawl state unreadable ({exc}); delete it to start afresh") from None
            if data.get("version") != STATE_VERSION:
                raise CrawlError(f"{path}: crawl state version {data.get('version')} not understood")
            state.pages, state.run = data.get("pages", {}), data.get("run", {})
        return state

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": STATE_VERSION, "run": self.run, "pages": self.pages}
        _write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))

    @property
    def resumable(self) -> bool:
        return bool(self.run) and not self.run.get("complete") and bool(self.run.get("frontier"))


class Crawler:
    def __init__(self, profile: Profile, site: str, out: Path, fetcher: Fetcher, allowed_hosts: set,
                 start_urls: list[str], since: str | None, max_pages: int,
                 on_page: Callable[[str, str], None] | None = None):
        self.profile, self.site, self.fetcher = profile, site, fetcher
        self.folder = Path(out) / site
        self.allowed_hosts = allowed_hosts
        self.start_urls = start_urls
        self.start_prefixes = [_folder_of(urlsplit(u).path) for u in start_urls]
        self.since, self.max_pages, self.on_page = since, max_pages, on_page
        self.state = CrawlState.load(self.folder / STATE_FILE)
        self.report = CrawlReport(site=site, out=str(self.folder))

    # -- link classification ---------------------------------------------------------
    def _in_fence(self, url: str) -> bool:
        return urlsplit(url).scheme in ("http", "https") and host_key(url) in self.allowed_hosts

    def _is_pagination(self, url: str, link) -> bool:
        return ("next" in link.rel.split() or self.profile.matches("pagination", url)
                or link.text.lower().strip() in self.profile.next_link_text)

    def _classify(self, url: str, link) -> str | None:
        if not self._in_fence(url) or self.profile.matches("ignore", url):
            return None
        if self._is_pagination(url, link) or self.profile.matches("listing", url):
            return LISTING
        if self.profile.follow:
            return ARTICLE if self.profile.matches("follow", url) else None
        path = urlsplit(url).path
        # Generic profile: an article lies below a start page's folder, deeper than the start page.
        for prefix, start in zip(self.start_prefixes, self.start_urls):
            if path.startswith(prefix) and path.rstrip("/") != urlsplit(start).path.rstrip("/") \
                    and len(path.rstrip("/")) > len(prefix.rstrip("/")):
                return ARTICLE
        return None

    def _links_of_listing(self, base: str, html: str) -> list[list]:
        """[url, kind] pairs found on a listing page, pagination dropped once all items are old."""
        scan = scan_page(html, self.profile.article_container)
        base = urljoin(base, scan.base) if scan.base else base
        found, pagination, dated, old = [], [], 0, 0
        for link in scan.links:
            url = self._absolute(base, link.href)
            if url is None:
                continue
            kind = self._classify(url, link)
            if kind == ARTICLE:
                date = date_in_url(self.profile, url)
                dated += date is not None
                if _older(date, self.since):
                    old += 1
                    continue
                found.append([url, kind])
            elif kind == LISTING:
                pagination.append([url, kind])
        if self.since and dated and old == dated and not found:
            pagination = []  # a listing runs newest first: older pages have nothing newer
        return found + pagination

    def _links_of_feed(self, base: str, body: bytes) -> list[list]:
        """Item links of an RSS or Atom feed used as a listing: every item is an article."""
        text = _decode_guess(body)
        first_item = re.search(r"<(item|entry)\b", text)
        text = text[first_item.start():] if first_item else ""  # the channel's own links come before
        hrefs = re.findall(r"<link>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)", text, re.I)
        hrefs += re.findall(r"<link\b[^>]*\bhref=[\"']([^\"']+)", text, re.I)
        found = []
        for href in hrefs:
            url = self._absolute(base, html_unescape(href))
            if url is None or not self._in_fence(url) or self.profile.matches("ignore", url):
                continue
            if self.profile.follow and not self.profile.matches("follow", url):
                continue
            if url != normalize_url(base) and not _older(date_in_url(self.profile, url), self.since):
                found.append([url, ARTICLE])
        return found

    def _links_of_article(self, base: str, html: str) -> list[list]:
        """Language versions of an article: hreflang alternates and 'In English'-type links."""
        scan = scan_page(html, self.profile.article_container)
        links = []
        if self.profile.follow_alternates:
            links += [l.href for l in scan.alternates]
        links += [l.href for l in scan.links
                  if l.hreflang or l.text.lower().strip() in self.profile.translation_link_text]
        result = []
        for href in links:
            url = self._absolute(base, href)
            if url and self._in_fence(url) and not self.profile.matches("ignore", url):
                result.append([url, ARTICLE])
        return result

    def _absolute(self, base: str, href: str) -> str | None:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        try:
            return normalize_url(urljoin(base, href))
        except ValueError:
            return None

    # -- dates -------------------------------------------------------------------------
    def _published(self, url: str, html: str) -> str | None:
        scan = scan_page(html, self.profile.article_container)
        return (iso_date(scan.meta_date()) or date_in_url(self.profile, url)
                or date_in_text(self.profile, scan.container_text[:2000]))

    # -- saving ------------------------------------------------------------------------
    def _save(self, response: Response, name: str, published: str | None) -> tuple[Path, bool]:
        """Write body + sidecar; return (path, changed)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        if path.exists() and path.read_bytes() == response.body:
            return path, False
        sidecar = {
            "url": response.url, "final_url": response.final_url, "fetched": response.fetched,
            "status": response.status, "content_type": response.content_type or None,
            "charset": response.charset, "etag": response.etag, "last_modified": response.last_modified,
            "site": self.site, "published": published, "redirects": response.redirects or None,
            "sha256": hashlib.sha256(response.body).hexdigest(),
            # Where the profile says the article is, for a cleaner that wants to use it.
            "profile": self.profile.name, "article_container": list(self.profile.article_container),
        }
        _write_atomic(path, response.body)
        _write_atomic(path.with_name(path.name + ".meta.json"),
                      json.dumps(sidecar, ensure_ascii=False, indent=1).encode("utf-8"))
        return path, True

    # -- the loop ------------------------------------------------------------------------
    def _start_run(self) -> None:
        if self.state.resumable:
            self.report.resumed = True
            frontier = self.state.run["frontier"]
            queued = {u for u, _ in frontier} | set(self.state.run.get("done", []))
            frontier += [[u, LISTING] for u in self.start_urls if u not in queued]
        else:
            self.state.run = {"started": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                              "frontier": [[u, self._start_kind(u)] for u in self.start_urls],
                              "done": [], "complete": False}
        self.state.save()

    def _start_kind(self, url: str) -> str:
        if self.profile.follow and self.profile.matches("follow", url) \
                and not self.profile.matches("listing", url):
            return ARTICLE
        return LISTING

    def crawl(self) -> CrawlReport:
        self._start_run()
        run = self.state.run
        done = set(run["done"])
        queued = {u for u, _ in run["frontier"]}
        fetched = 0
        try:
            while run["frontier"]:
                if fetched >= self.max_pages:
                    self.report.stopped = f"page cap of {self.max_pages} reached"
                    break
                url, kind = run["frontier"][0]
                if url not in done:
                    new_links = self._visit(url, kind)
                    fetched += 1
                    final = self.state.pages.get(url, {}).get("final_url")
                    if final and final != url and final not in done:  # same page: never fetch twice
                        done.add(final)
                        queued.add(final)
                        run["done"].append(final)
                    for link_url, link_kind in new_links:
                        if link_url not in done and link_url not in queued:
                            run["frontier"].append([link_url, link_kind])
                            queued.add(link_url)
                    done.add(url)
                    run["done"].append(url)
                run["frontier"].pop(0)
                self.state.save()
                if self.on_page is not None:
                    self.on_page(url, kind)
        except CrawlError as exc:  # byte cap and other crawl-wide stops
            self.report.stopped = str(exc)
        finally:
            run["complete"] = not run["frontier"]
            if run["complete"]:
                run["finished"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
            self.state.save()
            stats = self.fetcher.stats
            self.report.requests, self.report.retries, self.report.bytes = stats.requests, stats.retries, stats.bytes
            self.report.complete = run["complete"]
        return self.report

    def _visit(self, url: str, kind: str) -> list[list]:
        known = self.state.pages.get(url, {})
        etag = last_modified = None
        # Validators are only worth sending if a 304 leaves us with what we need.
        have_copy = (kind == LISTING or known.get("too_old")
                     or (known.get("file") and (self.folder / known["file"]).exists()))
        if known and have_copy:
            etag, last_modified = known.get("etag"), known.get("last_modified")
        try:
            response = self.fetcher.fetch(url, etag=etag, last_modified=last_modified,
                                          allowed_hosts=self.allowed_hosts,
                                          validated_url=known.get("final_url"))
        except RobotsDisallowed as exc:
            reason = str(exc).split(": ", 2)[-1] if "unreachable" in str(exc) else "disallowed by robots.txt"
            self.report.skipped.append((url, reason))
            return []
        except (UnsafeURL, TooLarge) as exc:
            self.report.errors.append((url, str(exc)))
            return []
        except CrawlError as exc:
            if "byte cap" in str(exc):
                raise
            self.report.errors.append((url, str(exc)))
            return []
        if response.not_modified:
            self.report.unchanged.append(url)
            if kind == LISTING:
                self.report.listings.append(url)
            known["checked"] = response.fetched
            if known.get("too_old"):
                return []
            return [list(x) for x in known.get("links", [])]
        if not response.ok:
            self.report.errors.append((url, f"HTTP {response.status}"))
            return []
        return self._handle(url, kind, response, known)

    def _handle(self, url: str, kind: str, response: Response, known: dict) -> list[list]:
        media = response.media_type
        record = {"etag": response.etag, "last_modified": response.last_modified, "kind": kind,
                  "final_url": response.final_url, "checked": response.fetched}
        if media in JSON_TYPES or (not media and response.body.lstrip()[:1] in (b"[", b"{")):
            try:
                _events.parse_events(response.body, url)
            except CorpusToolError as exc:  # not an events response: report, keep crawling
                self.report.errors.append((url, str(exc)))
                return []
            name = _events.events_filename(response.fetched, urlsplit(url).query)
            path, changed = self._save(response, name, None)
            (self.report.saved if changed else self.report.unchanged).append(str(path) if changed else url)
            self.state.pages[url] = {**record, "file": name}
            return []
        is_feed = media in FEED_TYPES or (media in XML_TYPES and _FEED_ROOT.search(response.body[:1000]))
        if kind == LISTING and is_feed:
            links = self._links_of_feed(response.final_url, response.body)
            self.report.listings.append(url)
            self.state.pages[url] = {**record, "links": links}
            return links
        if media and media not in HTML_TYPES:
            self.report.skipped.append((url, f"not HTML ({media})"))
            return []
        html = _decode_guess(response.body, response.charset)
        if kind == LISTING and not (url in self.start_urls and _looks_like_article(html)):
            links = self._links_of_listing(response.final_url, html)
            self.report.listings.append(url)
            self.state.pages[url] = {**record, "links": links}
            return links
        record["kind"] = ARTICLE
        published = self._published(response.final_url, html)
        links = self._links_of_article(response.final_url, html)
        if _older(published, self.since):
            self.report.skipped.append((url, f"published {published}, before --since {self.since}"))
            self.state.pages[url] = {**record, "links": links, "published": published, "too_old": True}
            return []
        name = slug_for(response.final_url) + ".html"
        path, changed = self._save(response, name, published)
        if changed:
            self.report.saved.append(str(path))
        else:
            self.report.unchanged.append(url)
        self.state.pages[url] = {**record, "file": name, "links": links, "published": published}
        return links


def _folder_of(path: str) -> str:
    """The folder a listing's articles live under: ``/nyheter`` and ``/nyheter/`` mean ``/nyheter/``,
    ``/aktuellt/nyheter.html`` means ``/aktuellt/``."""
    if path.endswith("/"):
        return path
    last = path.rsplit("/", 1)[-1]
    return path.rsplit("/", 1)[0] + "/" if "." in last else path + "/"


def _looks_like_article(html: str) -> bool:
    """A start page that is itself an article (a generic crawl given an article URL)."""
    scan = scan_page(html[:20000], ())
    return scan.meta.get("og:type", "").lower() == "article" or any(
        scan.meta.get(k) for k in ("article:published_time", "datepublished"))


def _decode_guess(body: bytes, declared: str | None = None) -> str:
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", body[:4096], re.I)
    candidates = [declared] if declared else []
    candidates += [match.group(1).decode("ascii", "ignore")] if match else []
    for encoding in candidates + ["utf-8", "cp1252"]:
        try:
            return body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("utf-8", "replace")


def crawl(urls: Iterable[str] = (), *, site: str | None = None, out: str | Path = "raw",
          max_pages: int = DEFAULT_MAX_PAGES, max_bytes: int | None = None, since=None,
          delay: float = DEFAULT_DELAY, allow_private: bool = False, user_agent: str | None = None,
          timeout: float | None = None, retries: int | None = None, backoff: float | None = None,
          fetcher: Fetcher | None = None,
          on_page: Callable[[str, str], None] | None = None) -> CrawlReport:
    """Crawl ``urls`` (or the site profile's start pages) into ``out/<site>/``.

    Polite by default (robots.txt, ``delay`` seconds between requests to a host,
    conditional re-fetching, bounded retries).  Resumes an interrupted crawl of
    the same site folder.  Raises CrawlError/UnsafeURL for bad arguments; errors
    on single pages are listed in the returned report.
    """
    urls = [u for u in urls if u and u.strip()]
    if max_pages is None or max_pages < 1:
        raise CrawlError("max_pages must be at least 1")
    profile = load_profile(site) if site else None
    if not urls:
        if profile is None or not profile.start:
            raise CrawlError("give at least one URL, or a --site whose profile has start pages")
        urls = list(profile.start)
    start_urls = []
    for url in urls:
        start_urls.append(validate_url(url, allow_private))
    if profile is None:
        profile = profile_for_host(urlsplit(start_urls[0]).hostname or "")
    site_name = site_name_for(start_urls[0], profile)
    allowed = {h.lower() for h in profile.hosts}
    for url in start_urls:  # example.se and www.example.se are one site (and redirect to each other)
        host = host_key(url)
        allowed.add(host)
        if re.search(r"[a-z]", host.rsplit(":", 1)[0]):  # a name, not an address
            allowed.add(host[4:] if host.startswith("www.") else "www." + host)
    if fetcher is None:
        fetcher = Fetcher(delay=delay, allow_private=allow_private, max_total_bytes=max_bytes,
                          user_agent=USER_AGENT if user_agent is None else user_agent,
                          timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                          retries=DEFAULT_RETRIES if retries is None else retries,
                          backoff=DEFAULT_BACKOFF if backoff is None else backoff)
    crawler = Crawler(profile, site_name, Path(out), fetcher, allowed, start_urls, _parse_since(since),
                      max_pages, on_page)
    return crawler.crawl()
