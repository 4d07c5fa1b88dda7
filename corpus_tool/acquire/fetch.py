"""Polite HTTP fetching with the standard library only.

One ``Fetcher`` serves one crawl: it checks every URL (scheme, address),
honours robots.txt, waits between requests to the same host, sends
conditional requests when it knows a page's validators, retries 429/5xx and
timeouts a bounded number of times with exponential backoff, follows
redirects itself (so every hop is checked again) and caps bytes.
"""
from __future__ import annotations

import datetime as _dt
import email.message
import functools
import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import collapse_rfc2231_value, parsedate_to_datetime
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..errors import CrawlError, TooLarge, UnsafeURL

USER_AGENT = "corpus-tool/0.1 (research crawler; +https://github.com/corpus-tool/corpus-tool)"
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0
# A longer wait than this (Retry-After, backoff) means the site wants us gone: give up instead.
MAX_BACKOFF = 60.0
# Police/city article pages are < 2 MB; a larger body is not an article.
DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
# Characters left as they are when percent-encoding (RFC 3986 reserved + unreserved, and '%').
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


def normalize_url(url: str) -> str:
    """Canonical form used as a key and sent on the wire: lower-case scheme and host (IDNA),
    no fragment, no default port, path and query percent-encoded (``/nyheter/åtgärd`` → ``%C3%A5...``).

    Raises ValueError for a URL that cannot be made valid.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host and not host.isascii():
        host = host.encode("idna").decode("ascii")  # UnicodeError is a ValueError
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):  # IPv6 literal
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    query = quote(parts.query, safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_key(url: str) -> str:
    """Host (with non-default port) that politeness rules are kept per."""
    return urlsplit(normalize_url(url)).netloc


# The special-purpose ranges of RFC 6890 (and its updates) that are not on the public internet, named
# here as well as through ``ipaddress`` (whose lists differ between Python versions): shared address
# space (100.64.0.0/10, where cloud metadata such as 100.100.100.200 lives), IETF protocol
# assignments, benchmarking, documentation, reserved, NAT64 local use, ORCHID, ...
_NON_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
    "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
    "fc00::/7", "fe80::/10", "ff00::/8",
))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip.version == net.version and ip in net for net in _NON_PUBLIC):
        return False
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def validate_url(url: str, allow_private: bool = False,
                 resolve: Callable[[str], list[str]] | None = None) -> str:
    """Return the normalized URL, or raise UnsafeURL.

    Only http/https with a host; the host must not be (or resolve to) a private,
    loopback or link-local address unless ``allow_private``.  A host that does
    not resolve is left to the request to report.
    """
    if not isinstance(url, str) or not url.strip():
        raise UnsafeURL("empty URL")
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise UnsafeURL(f"{url!r}: malformed URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURL(f"{url!r}: only http and https URLs are crawled, not {parts.scheme or 'a bare path'}")
    if not parts.hostname:
        raise UnsafeURL(f"{url!r}: no host")
    if parts.username or parts.password:
        raise UnsafeURL(f"{url!r}: credentials in URLs are not accepted")
    if not allow_private:
        host = parts.hostname
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            if host == "localhost" or host.endswith(".localhost"):
                addresses = ["127.0.0.1"]
            else:
                addresses = (resolve or _resolve)(host)
        for address in addresses:
            if not _is_public(address):
                raise UnsafeURL(f"{url!r}: {host} is a private or loopback address ({address});"
                                " pass allow_private=True (--allow-private) to crawl it")
    try:
        return normalize_url(url)
    except ValueError as exc:
        raise UnsafeURL(f"{url!r}: malformed URL ({exc})") from None


def redirect_target(current: str, location: str, allow_private: bool = False) -> str:
    """Where a redirect from ``current`` to ``location`` leads, checked as any URL asked for
    (``validate_url``); a Location that is not a URL at all ("http://[/]x") is refused the same way."""
    try:
        target = urljoin(current, location)
    except ValueError as exc:
        raise UnsafeURL(f"{current}: redirect to {location!r}, a malformed URL ({exc})") from None
    return validate_url(target, allow_private)


@functools.lru_cache(maxsize=1024)  # one lookup per host and process, not one per request
def _resolve(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (socket.gaierror, UnicodeError, OSError):
        return []


class RobotsDisallowed(CrawlError):
    code = "E602"


@dataclass
class Response:
    url: str
    final_url: str
    status: int
    fetched: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        msg = email.message.Message()
        msg["content-type"] = self.content_type or "application/octet-stream"
        charset = msg.get_param("charset")
        if isinstance(charset, tuple):  # RFC 2231 form: charset*=utf-8''utf-8
            return collapse_rfc2231_value(charset)
        return charset

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class _RobotRules(urllib.robotparser.RobotFileParser):
    """robots.txt rules; declares the flags the stdlib parser sets and ``can_fetch`` reads.

    ``RobotFileParser.__init__`` defines ``disallow_all`` and ``allow_all`` (and ``read()``
    sets them after a 401/403 or other 4xx), but typeshed leaves them out.
    """

    disallow_all: bool
    allow_all: bool


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the fetcher, which checks each hop itself (``redirect_target``).

    In place of urllib's redirect handler (which ``build_opener`` leaves out for this one), and
    none of its code: it parses the Location before asking whether to follow it, and a Location
    that is not a URL ("http://[/]x") raised out of the request."""

    def http_error_redirect(self, req, fp, code, msg, headers):
        return None  # the HTTPError reaches the fetcher, Location unread

    http_error_301 = http_error_302 = http_error_303 = http_error_307 = http_error_308 = http_error_redirect


def _now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


@dataclass
class FetchStats:
    requests: int = 0
    retries: int = 0
    bytes: int = 0
    not_modified: int = 0
    robots_blocked: int = 0


class Fetcher:
    """Polite fetching for one crawl; see the module docstring."""

    def __init__(self, *, delay: float = DEFAULT_DELAY, user_agent: str = USER_AGENT,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = DEFAULT_BACKOFF, max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
                 max_total_bytes: int | None = None, allow_private: bool = False,
                 respect_robots: bool = True):
        if delay < 0 or retries < 0 or backoff < 0 or timeout <= 0:
            raise CrawlError("delay, retries and backoff must be >= 0 and timeout > 0")
        self.delay = delay
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_page_bytes = max_page_bytes
        self.max_total_bytes = max_total_bytes
        self.allow_private = allow_private
        self.respect_robots = respect_robots
        self.stats = FetchStats()
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._robots_unreachable: dict[str, str] = {}
        self._lock = threading.Lock()  # one request at a time, whoever calls
        self._opener = urllib.request.build_opener(_NoRedirect())

    # -- politeness -----------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self._host_delay.get(host, self.delay) - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt rules, fetched once per crawl (RFC 9309 semantics)."""
        host = host_key(url)
        if host not in self._robots:
            parser = _RobotRules()
            robots_url = urljoin(normalize_url(url), "/robots.txt")
            parser.set_url(robots_url)
            try:
                response = self._request_with_retries(robots_url)
                for _ in range(MAX_REDIRECTS):  # RFC 9309: follow at least five redirects
                    if response.status not in REDIRECT_STATUSES or not response.headers.get("location"):
                        break
                    target = redirect_target(robots_url, response.headers["location"], self.allow_private)
                    if host_key(target) != host:  # the host fence holds for robots.txt too
                        raise CrawlError(f"{robots_url}: robots.txt redirects to another host"
                                         f" ({host_key(target)}); not followed, the host is treated as closed")
                    response = self._request_with_retries(target)
            except (CrawlError, TooLarge) as exc:  # includes an unsafe redirect target
                response, failure = None, str(exc)
            if response is None or response.status >= 500 or response.status == 429 \
                    or response.status in REDIRECT_STATUSES:
                # Unreachable robots.txt: assume everything is disallowed (RFC 9309, 2.3.1.4).
                parser.disallow_all = True
                self._robots_unreachable[host] = failure if response is None else f"HTTP {response.status}"
            elif response.status in (401, 403):
                parser.disallow_all = True
            elif response.status >= 400:
                parser.allow_all = True
            else:
                text = response.body.decode("utf-8", "replace")
                parser.parse(text.splitlines())
                crawl_delay = parser.crawl_delay(self.user_agent)
                if crawl_delay and float(crawl_delay) > self.delay:
                    self._host_delay[host] = min(float(crawl_delay), MAX_BACKOFF)
            self._robots[host] = parser
        return self._robots[host]

    def allowed(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        return self.robots(url).can_fetch(self.user_agent, normalize_url(url))

    # -- requests -------------------------------------------------------------------
    def _request_once(self, url: str, headers: dict) -> Response:
        host = host_key(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                       "Accept-Encoding": "identity", **headers})
        with self._lock:
            self._wait_turn(host)
            self.stats.requests += 1
            try:
                try:
                    handle = self._opener.open(request, timeout=self.timeout)
                except urllib.error.HTTPError as exc:  # 3xx/4xx/5xx arrive here
                    handle = exc
                with handle:
                    status = handle.status if hasattr(handle, "status") else handle.code
                    reply_headers = {k.lower(): v for k, v in handle.headers.items()}
                    declared = reply_headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > self.max_page_bytes:
                        raise TooLarge(f"{url}: {int(declared)} bytes is over the page limit"
                                       f" of {self.max_page_bytes}")
                    body = handle.read(self.max_page_bytes + 1)
            finally:
                self._last_request[host] = time.monotonic()
        if len(body) > self.max_page_bytes:
            raise TooLarge(f"{url}: body is over the page limit of {self.max_page_bytes} bytes")
        self.stats.bytes += len(body)
        coding = reply_headers.get("content-encoding", "").strip().lower()
        if coding in ("gzip", "x-gzip", "deflate") and body:
            # We ask for identity, but some servers compress anyway; raw/ must hold the page itself.
            body = self._decompress(url, body, coding)
        return Response(url=url, final_url=url, status=status, fetched=_now_iso(),
                        headers=reply_headers, body=body)

    def _decompress(self, url: str, body: bytes, coding: str) -> bytes:
        wbits = 47 if coding in ("gzip", "x-gzip") else 15  # 47: gzip or zlib header, auto-detected
        try:
            inflater = zlib.decompressobj(wbits)
            data = inflater.decompress(body, self.max_page_bytes + 1)
        except zlib.error:
            try:  # "deflate" is sometimes sent without its zlib header
                data = zlib.decompressobj(-15).decompress(body, self.max_page_bytes + 1)
            except zlib.error as exc:
                raise CrawlError(f"{url}: body claims {coding} but does not decompress ({exc})") from None
        if len(data) > self.max_page_bytes:
            raise TooLarge(f"{url}: decompressed body is over the page limit of {self.max_page_bytes} bytes")
        return data

    def _request_with_retries(self, url: str, headers: dict | None = None) -> Response:
        headers = headers or {}
        attempt = 0
        while True:
            retry_after = None
            try:
                response = self._request_once(url, headers)
                if response.status not in RETRY_STATUSES:
                    return response
                failure = f"HTTP {response.status}"
                retry_after = _retry_after(response.headers.get("retry-after"))
            except TimeoutError:
                response, failure = None, f"timed out ({self.timeout:g} s)"
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    response, failure = None, f"timed out ({self.timeout:g} s)"
                elif isinstance(reason, ConnectionError):
                    response, failure = None, f"connection failed ({reason})"
                else:  # DNS failure, refused TLS, ...: retrying will not help
                    raise CrawlError(f"{url}: {reason}") from None
            except http.client.InvalidURL as exc:
                raise CrawlError(f"{url}: invalid URL ({exc})") from None
            except (OSError, http.client.HTTPException) as exc:  # reset, TLS EOF, truncated body
                response, failure = None, f"connection failed ({exc})"
            if attempt >= self.retries:
                if response is not None:
                    return response  # the caller sees the final 429/5xx
                raise CrawlError(f"{url}: {failure} after {attempt + 1} attempts")
            wait = self.backoff * (2 ** attempt)
            if retry_after is not None:
                assert response is not None  # retry_after is only read from a response's headers
                if retry_after > MAX_BACKOFF:
                    return response
                wait = max(wait, retry_after)
            attempt += 1
            self.stats.retries += 1
            time.sleep(min(wait, MAX_BACKOFF))

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              allowed_hosts: set | None = None, validated_url: str | None = None) -> Response:
        """GET ``url`` politely, following redirects; raises CrawlError/UnsafeURL.

        Every redirect hop is validated, checked against robots.txt and, if given,
        against ``allowed_hosts`` (the crawl's host fence).  The validators
        (``etag``, ``last_modified``) are sent to ``url`` and to the hop equal to
        ``validated_url`` (where a previous fetch ended after redirects).
        """
        if self.max_total_bytes is not None and self.stats.bytes >= self.max_total_bytes:
            raise CrawlError(f"byte cap of {self.max_total_bytes} reached")
        current = validate_url(url, self.allow_private)
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        hops: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            if allowed_hosts is not None and host_key(current) not in allowed_hosts:
                raise CrawlError(f"{current}: outside the allowed hosts ({', '.join(sorted(allowed_hosts))})")
            if not self.allowed(current):
                self.stats.robots_blocked += 1
                why = self._robots_unreachable.get(host_key(current))
                raise RobotsDisallowed(f"{current}: robots.txt unreachable ({why}), so nothing is fetched"
                                       if why else f"{current}: disallowed by robots.txt")
            # Validators belong to the resource they came from: the URL asked for or the known target.
            send = conditional if (not hops or current == validated_url) else {}
            response = self._request_with_retries(current, send)
            if response.status not in REDIRECT_STATUSES:
                response.url, response.redirects = normalize_url(url), hops
                if response.not_modified:
                    self.stats.not_modified += 1
                return response
            location = response.headers.get("location")
            if not location:
                raise CrawlError(f"{current}: redirect {response.status} without a Location")
            hops.append(current)
            current = redirect_target(current, location, self.allow_private)
        raise CrawlError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, (when - _dt.datetime.now(_dt.UTC)).total_seconds())
    except (TypeError, ValueError, IndexError):
        return None
