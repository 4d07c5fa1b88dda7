"""How the numbers of a source and its translation are matched.

A figure is matched by meaning (``figures.same_meaning``); failing that, it is
still accounted for when its number is stated on the other side in any form —
digits with any separators, number words of either language, number-like words
("båda", "fourth"), Swedish compounds ("tvåbarnsmamma") — or in another unit
("250 kilo" / "550 pounds"), or as a bracketed conversion ("300 km (190 miles)").
"""
from __future__ import annotations

import functools
import re

from ..document import Figure
from ..extract.quantities import find_quantities
from ..resources import read_tsv
from .compare import same_meaning

# A year, not a century ("1800-talet", "the 1800s") nor part of a longer number ("2019,5").
YEAR = re.compile(r"(?<![\d])(?<![\d][.,])(1[89]\d\d|20\d\d)(?![\d]|[.,]\d|-?tal|s\b)")
# Digits as written, thousands separated by space, comma or period, or not at all.
_DIGITS = re.compile(r"\d{1,3}(?:[ \u00a0.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")


@functools.lru_cache(maxsize=1)
def units() -> dict[str, tuple[str, float, float]]:
    return {r["word"]: (r["dimension"], float(r["factor"]), float(r["offset"])) for r in read_tsv("units.tsv")}


@functools.lru_cache(maxsize=1)
def number_words() -> dict[str, float]:
    """Number words of both languages (a Swedish text may quote "back nine"), and number-like words."""
    words: dict[str, float] = {}
    for name in ("numbers_sv.tsv", "numbers_en.tsv", "number_like_words.tsv"):
        words.update((r["word"].lower(), float(r["value"])) for r in read_tsv(name))
    return words


# Scale words: "three million" is 3 and a million even where the extractor read two numbers.
_SCALES = {1e3, 1e6, 1e9, 1e12}
@functools.cache
def _compound_heads() -> tuple[str, ...]:
    """Number words a Swedish compound may open with ("tvåbarnsmamma"), from compound_heads.tsv."""
    return tuple(row["head"] for row in read_tsv("compound_heads.tsv"))


def values_in(text: str, lang: str | None) -> set[float]:
    """Every number a text states, however written: digits (with any separators), number words
    of either language (even those the figure extractor leaves alone, like Swedish "sex"),
    number-like words ("båda", "fourth"), compounds ("tvåbarnsmamma") and whole quantities."""
    values: set[float] = set()
    for match in _DIGITS.finditer(text):
        raw = match.group(0)
        for candidate in (re.sub(r"[ \u00a0.,]", "", raw), raw.replace(",", "."), raw.replace(" ", "")):
            try:
                values.add(float(candidate))
            except ValueError:
                pass
        values.update(float(d) for d in re.findall(r"\d+", raw))  # "221" of "221bn", "3" of "3 000"
    words = number_words()
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word in words:
            values.add(words[word])
        elif lang == "sv" and len(word) > 5:
            values.update(words[h] for h in _compound_heads() if word.startswith(h) and h in words)
    for q in find_quantities(text, lang, keep_years=True):
        if q.value is not None:
            values.add(q.value)
    scales = values & _SCALES
    values.update(v * s for v in list(values) for s in scales if v < 1000)
    return values


def present(figure: Figure, values: set[float]) -> bool:
    """Is the figure's number stated on the other side: its value, or its digits as written
    ("125 miljoner" and "£125m")?"""
    if figure.value is None:
        return False
    written = {float(d) for d in re.findall(r"\d+", figure.surface)}
    return any(abs(figure.value - v) < 1e-6 or v in written for v in values)


def determiner(f: Figure) -> bool:
    """"de två lagen" / "the sides": one or two, in words, counting nothing the tool tracks, is
    as often a determiner as a count; translations drop and add it freely."""
    return f.metric == "other" and f.value is not None and f.value <= 2 and not re.search(r"\d", f.surface)


def bracketed_conversion(f: Figure, text: str, figures: list[Figure]) -> bool:
    """Is ``f`` inside brackets right after another figure of the same side?"""
    # Figures carry document offsets; find this one in the joined link text by its surface.
    match = re.search(r"\(\W{0,2}" + re.escape(f.surface), text)
    if match is None:
        return False
    before = text[max(0, match.start() - 25):match.start()]
    return any(g is not f and g.surface in before for g in figures)


def unmatched(src: list[Figure], tgt: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Figures of each side with no figure of the same meaning on the other side."""
    unmatched_tgt, unmatched_src = list(tgt), []
    for f in src:
        match = next((t for t in unmatched_tgt if same_meaning(f, t)), None)
        if match is not None:
            unmatched_tgt.remove(match)
        else:
            unmatched_src.append(f)
    return unmatched_src, unmatched_tgt


def _measure(f: Figure) -> tuple[str, float] | None:
    unit = units().get((f.noun or "").lower()) or units().get((f.unit or "").lower())
    # A range ("5–10 cm") is measured at its middle.
    value = f.value if f.value is not None else (
        (f.low + f.high) / 2 if f.low is not None and f.high is not None else None)
    if unit is None or value is None:
        return None
    dimension, factor, offset = unit
    return dimension, value * factor + offset


@functools.lru_cache(maxsize=1)
def _measure_pattern() -> re.Pattern:
    names = sorted(units(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    number = r"\d+(?:[.,]\d+)?|[^\W\d_]+"
    # "72 kilometers", "two-foot", "20 km/tim", "130 miles"; the unit may take a plural ending.
    return re.compile(rf"(?<![\w])({number})[\s-]+({alternatives})(?:s|es|er|ar)?(?![\w/])", re.I)


# Articles stand for one before a unit: "about a mile", "en mil".
_ONE = {"a": 1.0, "an": 1.0, "en": 1.0, "ett": 1.0, "one": 1.0}


def _written_value(raw: str) -> float | None:
    """A number written before a unit: digits ("1,5"), a number word ("fyra") or an article ("a mile")."""
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return number_words().get(raw.lower(), _ONE.get(raw.lower()))


def measures_in(text: str) -> list[tuple[float, str, float, float]]:
    """(number as written, dimension, value in base units, value with no offset) of every
    'number unit' in a text: "72 kilometers", "two-foot", "135 km/tim", "about a mile"."""
    out = []
    for match in _measure_pattern().finditer(text):
        raw, unit = match.group(1), units()[match.group(2).lower()]
        value = _written_value(raw)
        if value is None:
            continue
        dimension, factor, offset = unit
        out.append((value, dimension, value * factor + offset, value * factor))
    return out


@functools.lru_cache(maxsize=1)
def _duration_pattern() -> tuple[re.Pattern, dict[str, float]]:
    days = {row["word"]: float(row["days"]) for row in read_tsv("durations.tsv")}
    names = "|".join(re.escape(w) for w in sorted(days, key=len, reverse=True))
    spelled = "|".join(re.escape(w) for w in sorted({*number_words(), *_ONE}, key=len, reverse=True))
    number = rf"\d+(?:[.,]\d+)?|(?:{spelled})"
    # "2–4 år", "två till fyra år", "18 months", "sex års fängelse": a range counts with both ends.
    return re.compile(rf"(?<![\w])(?:({number})(?:\s*[–-]\s*|\s+(?:till|to|och|and|or|eller)\s+))?"
                      rf"(?<![\w])({number})[\s-]+({names})(?:s|es)?(?![\w])", re.I), days


def durations_in(text: str) -> list[float]:
    """Every length of time a text states after a number, in days, range ends each: "fängelse i 2–4
    år" -> [730, 1460]; "six months" -> [182.6].  Words that are no number are skipped."""
    pattern, days = _duration_pattern()
    out = []
    for match in pattern.finditer(text):
        factor = days[match.group(3).lower()]
        for raw in (match.group(1), match.group(2)):
            value = _written_value(raw) if raw is not None else None
            if value is not None:
                out.append(value * factor)
    return out


def converted(a: float, b: float, tolerance: float = 0.12) -> bool:
    """Equal within rounding: translators round conversions ("1,5 km" / "about a mile")."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def stated_in_other_units(f: Figure, own: list, other: list) -> bool:
    """Is a measurement of one side given on the other in another unit (or as a difference)?"""
    mine = [m for m in own if f.value is not None and abs(m[0] - f.value) < 1e-9]
    if not mine:
        measured = _measure(f)
        if measured is None:
            return False
        mine = [(f.value, measured[0], measured[1], measured[1])]
    for _, dimension, base, no_offset in mine:
        for _, other_dimension, other_base, other_no_offset in other:
            # Temperatures: a level converts with the offset, a difference ("tio graders skillnad") without.
            if other_dimension == dimension and (converted(base, other_base)
                                                 or converted(no_offset, other_no_offset)):
                return True
    return False


def drop_conversions(src: list[Figure], tgt: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Remove pairs that are one measurement in two units ("250 kilo" / "550 pounds", within 10 %),
    and amounts in two currencies, which cannot be compared without a rate."""
    src, tgt = list(src), list(tgt)
    for f in list(src):
        mf = _measure(f)
        if mf is None:
            continue
        for t in tgt:
            mt = _measure(t)
            if mt is None or mt[0] != mf[0]:
                continue
            same_unit = (f.noun or f.unit) == (t.noun or t.unit)
            converted = abs(mf[1] - mt[1]) <= 0.1 * max(abs(mf[1]), abs(mt[1]), 1e-9)
            if mf[0] == "money" and not same_unit or converted:
                src.remove(f)
                tgt.remove(t)
                break
    return src, tgt
