"""The places of Sweden as data: look a name up, find the places a text names.

The gazetteer (``corpus_tool/data/gazetteer.tsv``) holds the country, the 7 police regions, the
police areas, the 21 counties and 290 municipalities with their SCB codes, and districts of the
big cities mapped to their municipality, with English and short names as aliases.  Forms are
found by rule, never listed: case and hyphenation do not matter ("Upplands väsby",
"Upplands-bro"), a genitive s is read ("Malmös", "Angereds", "Skånes"), and a trailing "kommun",
"stad" or "municipality" is the municipality ("Göteborgs stad").

    >>> lookup_place("Upplands väsby").code
    '0114'
    >>> [(m.text, m.place.level) for m in find_places("Två greps i Angered, Göteborgs stad.")]
    [('Angered', 'district'), ('Göteborgs stad', 'municipality')]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..resources import read_tsv

LEVELS = ("district", "municipality", "county", "police_area", "region", "country")
# When two places share a form, the one a police report most likely means: a municipality over a
# county's short name, a county over a police area of the same name, and so on.
_RANK = {"municipality": 0, "county": 1, "district": 2, "police_area": 3, "region": 4, "country": 5}
# How a form was made: its own name beats an alias, an alias beats a genitive made by rule.
_NAME, _ALIAS, _GENITIVE = 0, 1, 2
_SUFFIXES = ("kommun", "kommuns", "stad", "stads", "municipality")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_JOINERS = re.compile(r"[ \t]+|[ \t]*[-–][ \t]*")


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: its name as SCB or the police write it, level and codes.

    ``code`` is the SCB code of a municipality ("0114") or county ("01"), "SE" for the country, else
    the project's own (PR-syd, PO-storgoteborg, 1480-angered); ``county_code`` and
    ``municipality_code`` say where it lies ("" when it spans more); ``region`` is its police region.
    """

    name: str
    level: str
    code: str
    county_code: str
    municipality_code: str
    region: str


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: offsets into the text (end exclusive), the text as written, the place."""

    start: int
    end: int
    text: str
    place: Place


def _key(name: str) -> str:
    """The lookup key of a name: case-folded, hyphens and runs of spaces as one space."""
    return " ".join(_JOINERS.sub(" ", name.strip()).casefold().split())


def _genitive(name: str) -> str | None:
    """ "Malmö" -> "Malmös"; a name ending in s, x or z takes no s ("Borås"), a multi-word one puts it last."""
    return None if name[-1:].casefold() in {"s", "x", "z"} else name + "s"


@functools.lru_cache(maxsize=1)
def _first_words() -> dict[str, int]:
    """The first word of every form (and of its municipality's "X kommun"), with the most words a form
    starting so has: a word that begins none is skipped at once."""
    table, _ = _table()
    out: dict[str, int] = {}
    for key in table:
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words) + 1)  # + 1: a trailing "kommun", "stad"
    return out


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[Place, bool]], int]:
    """Every form's key -> (place, ambiguous), and the most words a form has."""
    best: dict[str, tuple[tuple[int, int], Place, bool]] = {}
    for row in read_tsv("gazetteer.tsv"):
        place = Place(row["name"], row["level"], row["code"], row["county_code"], row["municipality_code"],
                      row["region"])
        ambiguous = row["ambiguous"] == "1"
        names = [(row["name"], _NAME)] + [(a, _ALIAS) for a in row["aliases"].split("|") if a]
        for name, _ in list(names):
            if (genitive := _genitive(name)) is not None:
                names.append((genitive, _GENITIVE))
        for name, how in names:
            key, rank = _key(name), (how, _RANK[place.level])
            if key not in best or rank < best[key][0]:
                best[key] = (rank, place, ambiguous)
    table = {key: (place, ambiguous) for key, (_, place, ambiguous) in best.items()}
    return table, max(len(key.split()) for key in table)


@functools.lru_cache(maxsize=1)
def _place_words() -> tuple[frozenset[str], frozenset[str]]:
    rows = read_tsv("place_words.tsv")
    return (frozenset(r["word"] for r in rows if r["role"] == "before"),
            frozenset(r["word"] for r in rows if r["role"] == "after"))


def lookup_place(name: str) -> Place | None:
    """The place a name (or its genitive, any case or hyphenation) means, else None.

    A trailing "kommun", "stad" or "municipality" must leave a municipality ("Malmö stad").
    """
    table, _ = _table()
    key = _key(name)
    if key in table:
        return table[key][0]
    head, _, last = key.rpartition(" ")
    if head and last in _SUFFIXES and head in table and table[head][0].level == "municipality":
        return table[head][0]
    return None


def find_places(text: str) -> list[PlaceMention]:
    """The places a text names, left to right, the longest form first, never overlapping.

    A form must begin with a capital letter in the text; one that is also an ordinary word or a
    given name ("Mark", "Boden") counts only after a place word ("i", "från", "in") or before one
    ("kommun", "län").  A following "kommun" or "stad" is taken into the mention.
    """
    table, _ = _table()
    starts = _first_words()
    before, after = _place_words()
    words = list(_WORD.finditer(text))
    found: list[PlaceMention] = []
    i = 0
    while i < len(words):
        first = words[i]
        most = starts.get(first.group().casefold(), 0) if first.group()[0].isupper() else 0
        if not most:
            i += 1
            continue
        match = None
        for n in range(min(most, len(words) - i), 0, -1):
            span = words[i:i + n]
            if any(_JOINERS.fullmatch(text[a.end():b.start()]) is None for a, b in zip(span, span[1:])):
                continue
            surface = text[first.start():span[-1].end()]
            place = lookup_place(surface)
            if place is None:
                continue
            ambiguous = table.get(_key(surface), (place, False))[1]
            if ambiguous:
                adjacent = i and text[words[i - 1].end():first.start()].isspace()
                previous = words[i - 1].group().casefold() if adjacent else ""
                following = words[i + n].group().casefold() if i + n < len(words) else ""
                if previous not in before and following not in after:
                    continue
            match = (n, place)
            break
        if match is None:
            i += 1
            continue
        n, place = match
        end = words[i + n - 1].end()
        found.append(PlaceMention(first.start(), end, text[first.start():end], place))
        i += n
    return found
