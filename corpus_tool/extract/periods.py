"""Periods a figure refers to: "under 2019", "sedan årets start", "i våras", "in May".

``find_periods(text, lang, published)`` returns each period expression with its dates
(ISO ``YYYY-MM-DD``, both inclusive).  Relative expressions are resolved against the
document's publication date; without one their dates stay None (never a guess) and
only the words are kept.  Patterns live in ``periods.tsv`` and ``seasons.tsv``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import re._constants as _sre  # the parsed form of a pattern, to gate it (see _required_groups)
import re._parser as _sre_parser
from collections.abc import Iterable
from dataclasses import dataclass

from ..resources import read_tsv
from .metrics import metric_of_noun
from .months import month_alternation, month_number
from .tokens import combine, context_words, lang_code, number_words, word_atoms


@dataclass
class Period:
    text: str
    start: int
    end: int
    kind: str
    period_start: str | None = None
    period_end: str | None = None

    @property
    def resolved(self) -> bool:
        return self.period_start is not None

    def contains(self, other: Period) -> bool:
        # dates come in pairs: both set (resolved) or both None
        if self.period_start is None or self.period_end is None \
                or other.period_start is None or other.period_end is None:
            return False
        return self.period_start <= other.period_start and other.period_end <= self.period_end


@functools.cache
def _seasons(lang: str) -> dict[str, dict[str, str]]:
    return {r["word"]: r for r in read_tsv("seasons.tsv") if r["lang"] == lang}


@functools.cache
def _period_words(role: str, lang: str | None = None) -> tuple[str, ...]:
    """The words of one role of ``period_words.tsv``, of one language or (None) of both."""
    return tuple(r["word"] for r in read_tsv("period_words.tsv") if r["role"] == role and lang in (None, r["lang"]))


def is_season(word: str) -> bool:
    """A season word of either language ("våren", "i våras", "autumn")."""
    return any(word.lower() in _seasons(lang) for lang in ("sv", "en"))


@functools.cache
def _named_days(lang: str) -> dict[str, dict[str, str]]:
    """The named days and nights of ``named_days.tsv`` ("nyårsafton", "Walpurgis Night"), by name."""
    return {r["name"]: r for r in read_tsv("named_days.tsv") if r["lang"] == lang}


@functools.cache
def _weekdays(lang: str) -> dict[str, dict[str, str]]:
    """The forms of the days of the week of ``weekdays.tsv`` ("fredagen", "i fredags"), by form."""
    return {r["word"]: r for r in read_tsv("weekdays.tsv") if r["lang"] == lang}


def _weekday(row: dict[str, str], published: dt.date) -> _Span:
    """The day a weekday stands for: the most recent such day up to publication ("fredagen"), or
    before it ("i fredags")."""
    back = (published.isoweekday() - int(row["weekday"])) % 7
    if back == 0 and row["form"] == "past":
        back = 7
    day = published - dt.timedelta(days=back)
    return day, day


def _words_alternation(words: Iterable[str]) -> str:
    """A pattern of any of ``words``, longest first, any run of spaces between a phrase's words."""
    return "|".join(r"\s+".join(re.escape(w) for w in name.split()) for name in sorted(words, key=len, reverse=True))


def _named_alternation(lang: str) -> str:
    return _words_alternation(_named_days(lang))


def _named_day(row: dict[str, str], year: int) -> _Span:
    """The day (or the night after it, to the next day) a named day stands for in ``year``."""
    if row["rule"] == "midsummer":  # midsommarafton: the Friday between 19 and 25 June
        june19 = dt.date(year, 6, 19)
        day = june19 + dt.timedelta(days=(4 - june19.weekday()) % 7)
    else:
        day = dt.date(year, int(row["month"]), int(row["day"]))
    day += dt.timedelta(days=int(row["offset"] or 0))
    return (day, day + dt.timedelta(days=1)) if row["kind"] == "night" else (day, day)


# The placeholders a pattern may be gated on: a text without a match of the placeholder's own
# alternation cannot match a pattern that always passes through it ("{YEAR}" of "under {YEAR}").
_GATES = ("{YEAR}", "{MONTH}", "{SEASON}", "{NAMED}", "{WEEKDAY}")


@functools.cache
def _patterns(lang: str) -> tuple[tuple[str, re.Pattern[str], _Gate | None], ...]:
    """Each period pattern of ``periods.tsv`` with its gate: the alternation of a placeholder every
    match of it contains (None: read every text), searched first since it is a fraction of the cost."""
    months = month_alternation()
    seasons = "|".join(sorted(_seasons(lang), key=len, reverse=True))
    small = "|".join(sorted((w for w, a in number_words(lang).items() if a.kind in ("unit", "teen")),
                            key=len, reverse=True))
    few = _words_alternation(_period_words("few", lang))
    fill = {
        "{YEAR}": r"(?P<year>(?:18|19|20)\d\d|2100)",
        "{YEAR2}": r"(?P<year2>(?:18|19|20)\d\d|2100)",
        "{MONTH}": rf"(?P<month>{months})",
        "{SEASON}": rf"(?P<season>{seasons})",
        "{N}": rf"(?P<n>\d{{1,2}}|{small}|{few})",
        "{DAY}": r"(?P<day>[12]\d|3[01]|0?[1-9])",
        "{NAMED}": rf"(?P<named>{_named_alternation(lang)})",
        "{WEEKDAY}": rf"(?P<weekday>{_words_alternation(_weekdays(lang)) or '(?!)'})",
    }
    gates = {key: _gate(fill[key].split(">", 1)[1][:-1]) for key in _GATES}
    out = []
    for row in read_tsv("periods.tsv"):
        if row["lang"] != lang:
            continue
        pattern = row["pattern"]
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        compiled = re.compile(pattern, re.I)
        needed = _required_groups(compiled)
        gate = next((gates[key] for key in _GATES if key.strip("{}").lower() in needed), None)
        out.append((row["kind"], compiled, gate if gate is not None else _literal_gate(compiled)))
    return tuple(out)


_Gate = re.Pattern[str] | tuple[str, ...]


def _gate(alternation: str) -> _Gate:
    """A placeholder's test: the first words of its alternatives, searched as case-folded substrings
    (names of months, seasons, days: the patterns ignore case), or its pattern when an alternative is
    no plain word (years)."""
    words = tuple(sorted({re.sub(r"\\(.)", r"\1", a.split(r"\s+")[0]) for a in alternation.split("|")}))
    if all(re.fullmatch(r"[^\W\d_]+", w) for w in words):
        common = _common_part(tuple(w.casefold() for w in words))
        # one part every word contains is a test of its own ("dag" of "fredagen", "i måndags")
        return (common,) if len(common) >= _COMMON_SHORTEST else tuple(w.casefold() for w in words)
    return re.compile(alternation, re.I)


_COMMON_SHORTEST = 3


def _common_part(words: tuple[str, ...]) -> str:
    """The longest run of letters every word contains ("" when none)."""
    first = min(words, key=len)
    for size in range(len(first), 0, -1):
        for start in range(len(first) - size + 1):
            part = first[start:start + size]
            if all(part in w for w in words):
                return part
    return ""


def _opens(gate: _Gate, text: str, low: str) -> bool:
    if isinstance(gate, tuple):
        return any(word in low for word in gate)
    return gate.search(text) is not None


def _required_groups(pattern: re.Pattern[str]) -> frozenset[str]:
    """The named groups every match of ``pattern`` passes through (read from its parsed form; none
    when the parser's form is not the one known, so that no pattern is ever gated wrongly)."""
    try:
        tree = _sre_parser.parse(pattern.pattern, pattern.flags)
        names = {number: name for name, number in tree.state.groupdict.items()}
        return frozenset(names[g] for g in _required(tree, _sre) if g in names)
    except Exception:  # another Python's regex internals: read every text
        return frozenset()


_LITERAL_SHORTEST = 3  # a word of a literal gate: shorter ones ("i", "de") are in most texts


def _literal_gate(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words one of which every match of ``pattern`` contains, read from its parsed form ("fjol",
    "förra", "fjolårets" of the last_year pattern), as a gate of case-folded substrings; None when
    there are none of three letters or more (or the parser's form is not the one known)."""
    try:
        words = _literals(_sre_parser.parse(pattern.pattern, pattern.flags), _sre)
    except Exception:  # another Python's regex internals: read every text
        return None
    if not words or min(len(w) for w in words) < _LITERAL_SHORTEST:
        return None
    return tuple(sorted(w.casefold() for w in words))


def _literals(items, sre) -> frozenset[str] | None:
    """The best set of literal runs one of which every match of the sequence ``items`` contains."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            best, run = _better(best, frozenset({"".join(run)})), []
        if op is sre.SUBPATTERN:
            best = _better(best, _literals(arg[3], sre))
        elif op is sre.BRANCH:
            alternatives = [_literals(a, sre) for a in arg[1]]
            if alternatives and all(a is not None for a in alternatives):
                best = _better(best, frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
            best = _better(best, _literals(arg[2], sre))
    return best


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The set whose shortest word is longer (then the one of fewer words)."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(len(w) for w in s), -len(s)))


def _required(items, sre) -> set[int]:
    out: set[int] = set()
    for op, arg in items:
        if op is sre.SUBPATTERN:
            group, _, _, sub = arg
            out |= ({group} if group else set()) | _required(sub, sre)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, _, sub = arg
            if low >= 1:
                out |= _required(sub, sre)
        elif op is sre.BRANCH:
            alternatives = [_required(a, sre) for a in arg[1]]
            out |= set.intersection(*alternatives) if alternatives else set()
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            out |= _required(arg, sre)
    return out


# ---------------------------------------------------------------- dates


_Span = tuple[dt.date, dt.date]  # first and last day, both inclusive


def parse_published(published: str | None) -> _Span | None:
    """The first and last day the publication date may mean ("2020-05" -> May 1..31)."""
    if not published:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1), _month_end(year, month)
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def _season_range(row: dict[str, str], year: int) -> _Span:
    first, last = int(row["first_month"]), int(row["last_month"])
    if first > last:  # winter: December of the year before to February
        return dt.date(year - 1, first, 1), _month_end(year, last)
    return dt.date(year, first, 1), _month_end(year, last)


def _small_number(text: str | None, lang: str) -> int:
    if not text:
        return 3
    if text.isdigit():
        return int(text)
    atoms = word_atoms(text, lang)
    value = combine(atoms) if atoms else None
    return int(value) if value else 3  # "några", "few"


# ---------------------------------------------------------------- finder


def find_periods(text: str, lang: str | None = "sv", published: str | None = None) -> list[Period]:
    """Period expressions in ``text``, in order of position, each with its dates if knowable."""
    lang = lang_code(lang)
    pub = parse_published(published)
    taken: list[tuple[int, int]] = []
    out: list[Period] = []
    opened: dict[int, bool] = {}  # gate -> whether it opens on the text, tested once
    low = text.casefold()
    for kind, pattern, gate in _patterns(lang):
        if gate is not None:
            key = id(gate)
            if key not in opened:
                opened[key] = _opens(gate, text, low)
            if not opened[key]:
                continue
        for m in pattern.finditer(text):
            if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if kind == "year" and (_year_is_count(text, m, lang) or _year_is_identifier(text, m, lang)):
                continue
            start, end = m.start(), m.end()
            # keep the words from their first letter (the pattern may start with spaces)
            while start < end and text[start].isspace():
                start += 1
            dates = _resolve(kind, m, lang, pub)
            out.append(Period(text[start:end], start, end, kind, *dates))
            taken.append((start, end))
    return sorted(out, key=lambda p: p.start)


def _year_is_identifier(text: str, m: re.Match[str], lang: str) -> bool:
    """ "länsväg 1925", "linje 2000": a bare four-digit number after a road, line or page word names
    that thing (number_context.tsv not_count_before), not a year."""
    if m.group("year") != m.group().strip():
        return False
    before = re.search(r"([^\W\d_]+)\.?\s*$", text[:m.start("year")])
    return before is not None and before.group(1).lower() in context_words(lang, "not_count_before")


def _year_is_count(text: str, m: re.Match[str], lang: str) -> bool:
    """"2000 personer": a bare four-digit number before a counted noun is a count, not a year."""
    if m.group("year") != m.group().strip():
        return False  # a preposition came with it: "under 2019"
    rest = re.match(r"\s+([^\W\d_]+)", text[m.end():])
    if not rest:
        return False
    word = rest.group(1).lower()
    return word in context_words(lang, "counted_noun") or metric_of_noun(word, lang) is not None


def _resolve(kind: str, m: re.Match[str], lang: str, pub: _Span | None) -> tuple[str | None, str | None]:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    span: _Span | None = None
    if kind == "year" and year:
        # the year of publication, published before it ended: so far ("Under 2021 har 18 skjutningar
        # inträffat", published 2021-11-15, runs to that day), as "sedan årets start" does
        last = pub[1] if pub and pub[1].year == year else dt.date(year, 12, 31)
        span = dt.date(year, 1, 1), last
    elif kind == "year_range" and year and groups.get("year2"):
        year2 = int(groups["year2"])
        if year2 >= year:
            span = dt.date(year, 1, 1), dt.date(year2, 12, 31)
    elif kind == "since_year" and year and pub:
        span = dt.date(year, 1, 1), pub[1]
    elif kind == "season":
        row = _seasons(lang)[groups["season"].lower()]
        if year:
            span = _season_range(row, year)
        elif pub:
            span = _recent_season(row, pub, groups.get("last"))
    elif kind == "month":
        month = month_number(groups["month"])
        assert month is not None  # {MONTH} matches only the names month_number reads
        if year:
            span = dt.date(year, month, 1), _month_end(year, month)
        elif pub:
            y = pub[1].year if month <= pub[1].month else pub[1].year - 1
            span = dt.date(y, month, 1), _month_end(y, month)
    elif kind == "ytd" and pub:
        span = dt.date(pub[1].year, 1, 1), pub[1]
    elif kind == "last_year" and pub:
        y = pub[1].year - 1
        span = dt.date(y, 1, 1), dt.date(y, 12, 31)
    elif kind == "recent" and pub:
        unit = groups["unit"].lower()
        # "den senaste veckan": one week; "de senaste veckorna": a few
        n = 1 if not groups.get("n") and unit in _period_words("one") else _small_number(groups.get("n"), lang)
        if unit.startswith(_period_words("month")):
            start = _months_back(pub[1], n)
        elif unit.startswith(_period_words("week")):
            start = pub[1] - dt.timedelta(weeks=n)
        elif unit.startswith(_period_words("day")):
            start = pub[1] - dt.timedelta(days=n)
        else:
            start = dt.date(pub[1].year - n, pub[1].month, 1)
        span = start, pub[1]
    elif kind == "now" and pub:
        span = pub
    elif kind == "weekday" and pub:
        span = _weekday(_weekdays(lang)[" ".join(groups["weekday"].lower().split())], pub[1])
    elif kind in ("day", "night"):
        span = _day_span(kind, groups, year, pub)
    elif kind in ("named_day", "night_to_named", "named_day_night"):
        row = _named_days(lang)[" ".join(groups["named"].lower().split())]
        named_year = year or (pub[1].year if pub else None)
        if named_year:
            span = _named_day(row, named_year)
            if kind == "night_to_named":
                span = span[0] - dt.timedelta(days=1), span[0]
            elif kind == "named_day_night":  # the day and the night after it, to the next morning
                span = span[0], span[0] + dt.timedelta(days=1)
    if span is None:
        return None, None
    return span[0].isoformat(), span[1].isoformat()


def _day_span(kind: str, groups: dict[str, str | None], year: int | None, pub: _Span | None) -> _Span | None:
    """A day of the month ("den 10 augusti 2025"), or the night to it ("natten till den 6 maj").

    Without a year, the most recent such day up to publication; without either, no dates.
    """
    month = month_number(groups["month"] or "")
    assert month is not None  # {MONTH} matches only the names month_number reads
    number = int(groups["day"] or 0)
    if year is None:
        if pub is None:
            return None
        year = pub[1].year if (month, number) <= (pub[1].month, pub[1].day) else pub[1].year - 1
    try:
        day = dt.date(year, month, number)
    except ValueError:  # "den 31 april"
        return None
    if kind == "day":
        return day, day
    # "natten till/mot den 6 maj", "the night before/to 6 May": 5..6 May; "natten efter", "the night of": 6..7 May
    if (groups.get("dir") or "").lower() in ("efter", "of", "after"):
        return day, day + dt.timedelta(days=1)
    return day - dt.timedelta(days=1), day


def _recent_season(row: dict[str, str], pub: _Span, last: str | None) -> _Span:
    """The season as meant at publication: "i våras" in October is the spring just gone."""
    today = pub[1]
    start, end = _season_range(row, today.year + (1 if int(row["first_month"]) > int(row["last_month"])
                                                  and today.month == 12 else 0))
    if row["form"] == "past" or (last or "").lower() == "last":
        if end >= today:  # not over yet: the one a year before
            start, end = _season_range(row, end.year - 1)
    return start, end


def period_for(periods: list[Period], at: int, until: int) -> Period | None:
    """The period of a figure spanning ``at..until``: the nearest, or a narrower one inside it."""
    if not periods:
        return None

    def distance(p: Period) -> int:
        return p.start - until if p.start >= until else (at - p.end if p.end <= at else 0)

    nearest = min(periods, key=distance)
    inside = [p for p in periods if p is not nearest and nearest.contains(p)]
    if inside:
        narrow = min(inside, key=lambda p: (p.period_end, distance(p)))
        first, second = sorted((nearest, narrow), key=lambda p: p.start)
        return Period(f"{first.text} … {second.text}", narrow.start, narrow.end, narrow.kind,
                      narrow.period_start, narrow.period_end)
    return nearest
