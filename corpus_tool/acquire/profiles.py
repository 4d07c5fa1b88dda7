"""Site profiles: which pages a crawl starts from, follows, ignores, and how it dates them.

Profiles are TOML data files in ``corpus_tool/data/sites/``.  A profile may
``extends`` another (usually ``generic``): its keys replace the parent's, and a
key ``<name>_extra`` appends to the parent's list ``<name>``.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import CrawlError
from ..extract.months import month_number
from ..resources import DATA, read_toml

SITES_DIR = "sites"
GENERIC = "generic"


@dataclass(frozen=True)
class Profile:
    name: str
    description: str = ""
    start: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()
    follow: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    pagination: tuple[str, ...] = ()
    next_link_text: tuple[str, ...] = ()
    translation_link_text: tuple[str, ...] = ()
    follow_alternates: bool = True
    article_container: tuple[str, ...] = ("article", "main")
    url_date: str = ""
    date_pattern: str = ""
    compiled: dict[str, list[re.Pattern[str]]] = field(default_factory=dict, compare=False, hash=False,
                                                        repr=False)

    def _patterns(self, key: str) -> list[re.Pattern[str]]:
        if key not in self.compiled:
            self.compiled[key] = [re.compile(p, re.I) for p in getattr(self, key)]
        return self.compiled[key]

    def matches(self, key: str, url: str) -> bool:
        target = url_target(url)
        return any(p.search(target) for p in self._patterns(key))


def url_target(url: str) -> str:
    """What profile patterns match: the decoded path, plus ``?query`` if any."""
    parts = urlsplit(url)
    path = unquote(parts.path or "/")
    return f"{path}?{parts.query}" if parts.query else path


def available_profiles() -> list[str]:
    return sorted(p.stem for p in (DATA / SITES_DIR).glob("*.toml"))


def _raw_profile(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if not re.fullmatch(r"[a-z0-9_-]+", name or ""):
        raise CrawlError(f"bad site profile name {name!r}")
    if name not in available_profiles():
        raise CrawlError(f"unknown site profile {name!r} (known: {', '.join(available_profiles())})")
    if name in seen:
        raise CrawlError(f"site profile {name!r} extends itself")
    data = dict(read_toml(f"{SITES_DIR}/{name}.toml"))
    parent_name = data.pop("extends", None)
    if not parent_name:
        return data
    merged = _raw_profile(parent_name, seen + (name,))
    for key, value in data.items():
        if key.endswith("_extra"):
            base = key[: -len("_extra")]
            merged[base] = list(merged.get(base, [])) + list(value)
        else:
            merged[key] = value
    return merged


@functools.cache
def load_profile(name: str = GENERIC) -> Profile:
    data = _raw_profile(name)
    fields = {f for f in Profile.__dataclass_fields__ if f != "compiled"}
    unknown = set(data) - fields
    if unknown:
        raise CrawlError(f"site profile {name!r}: unknown keys {', '.join(sorted(unknown))}")
    # Parsed TOML: the keys are checked above, the value types are the profile author's.
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    values["name"] = name
    profile = Profile(**values)
    for key in ("listing", "follow", "ignore", "pagination"):
        try:
            profile._patterns(key)
        except re.error as exc:
            raise CrawlError(f"site profile {name!r}: bad pattern in {key}: {exc}") from None
    return profile


def profile_for_host(host: str) -> Profile:
    """The profile whose ``hosts`` include ``host``, else the generic one."""
    host = host.lower()
    for name in available_profiles():
        if name != GENERIC and host in load_profile(name).hosts:
            return load_profile(name)
    return load_profile(GENERIC)


def _month_number(text: str) -> int | None:
    text = text.lower().rstrip(".")
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return month_number(text, in_text=False)


def date_from_match(match: re.Match[str]) -> str | None:
    """ISO date (``YYYY-MM-DD`` or ``YYYY-MM``) from a match with year/month[/day] groups."""
    groups = match.groupdict()
    month = _month_number(groups.get("month") or "")
    if not month:
        return None
    year = int(groups["year"])
    day = groups.get("day")
    if day:
        try:
            return _dt.date(year, month, int(day)).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}"


def date_in_url(profile: Profile, url: str) -> str | None:
    if not profile.url_date:
        return None
    match = re.search(profile.url_date, url_target(url).lower())
    return date_from_match(match) if match else None


def date_in_text(profile: Profile, text: str) -> str | None:
    if not profile.date_pattern or not text:
        return None
    for match in re.finditer(profile.date_pattern, text, re.I):
        found = date_from_match(match)
        if found:
            return found
    return None


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``) from an ISO-like timestamp, else None."""
    if not value:
        return None
    match = re.match(r"\s*((?:19|20)\d\d)-(\d{1,2})(?:-(\d{1,2}))?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return _dt.date(int(year), int(month), int(day)).isoformat()
        return f"{int(year):04d}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    except ValueError:
        return None
