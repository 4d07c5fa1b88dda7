"""Days, nights and named days as periods: a claim about one day is never widened to its year."""
from __future__ import annotations

import pytest

from corpus_tool.extract.periods import find_periods


@pytest.mark.parametrize("text, lang, published, expected", [
    ("Polisen grep tre personer den 25 september 2023", "sv", None, ("2023-09-25", "2023-09-25")),
    ("Två greps natten till den 6 maj 2023", "sv", None, ("2023-05-05", "2023-05-06")),
    ("Åtta omhändertogs under valborgsnatten 2025", "sv", None, ("2025-04-30", "2025-05-01")),
    ("19 greps på midsommarafton 2024", "sv", None, ("2024-06-21", "2024-06-21")),
    ("lugnt under nyårsnatten 2023", "sv", None, ("2023-12-31", "2024-01-01")),
    ("slog henne under natten till nyårsafton", "sv", "2023-12-31", ("2023-12-30", "2023-12-31")),
    ("Polisen arbetade under söndagen den 21 april", "sv", "2024-04-22", ("2024-04-21", "2024-04-21")),
    ("Stöld den 30 december", "sv", "2024-01-02", ("2023-12-30", "2023-12-30")),
    ("on the night before 20 August 2023", "en", None, ("2023-08-19", "2023-08-20")),
    ("On New Year's Eve 2023 two were hurt", "en", None, ("2023-12-31", "2023-12-31")),
    ("three people on 10 August 2026", "en", None, ("2026-08-10", "2026-08-10")),
    ("three people on August 10, 2026", "en", None, ("2026-08-10", "2026-08-10")),
    ("calm on Midsummer Eve 2025", "en", None, ("2025-06-20", "2025-06-20")),
])
def test_days_nights_and_named_days_are_periods_of_their_own(text, lang, published, expected):
    [period] = find_periods(text, lang, published)
    assert (period.period_start, period.period_end) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Under fredagen var arbetsbelastningen högre.", "2024-07-14", ("2024-07-12", "2024-07-12")),  # a Sunday
    ("Lördagen var relativt lugn.", "2024-07-14", ("2024-07-13", "2024-07-13")),
    ("På söndagen greps två män.", "2024-07-14", ("2024-07-14", "2024-07-14")),  # the day itself
    ("Mannen försvann i fredags.", "2024-07-12", ("2024-07-05", "2024-07-05")),  # said on a Friday: a week back
    ("Fredagens match var lugn.", "2024-07-14", ("2024-07-12", "2024-07-12")),
])
def test_a_day_of_the_week_is_the_most_recent_one(text, published, expected):
    [period] = find_periods(text, "sv", published)
    assert period.kind == "weekday" and (period.period_start, period.period_end) == expected


def test_a_weekday_after_the_night_words_is_no_day_of_its_own():
    assert [p.kind for p in find_periods("Under natten till fredagen greps två.", "sv", "2024-07-12")] != ["weekday"]
    assert find_periods("måndagen den 17 juli 2023", "sv", None)[0].kind == "day"  # the date wins


def test_a_day_without_year_or_publication_has_no_dates():
    [period] = find_periods("den 4 maj", "sv", None)
    assert period.kind == "day" and period.period_start is None
    assert find_periods("den 31 april 2024", "sv", None)[0].period_start is None


def test_a_pattern_is_gated_only_on_a_placeholder_every_match_contains():
    import re

    from corpus_tool.extract import periods
    pattern = re.compile(r"(?:\b(?:under|i)\s+)*(?P<year>\d{4})(?:\s+(?P<month>maj|juni))?|x(?P<season>vår)(?P<named>jul)?")
    assert periods._required_groups(pattern) == frozenset()  # each alternative has its own
    assert periods._required_groups(re.compile(r"(?:i\s+)?(?P<month>maj)\s+(?P<year>\d{4})?")) == {"month"}
    kinds = {kind: gate for kind, _, gate in periods._patterns("sv")}
    assert isinstance(kinds["named_day"], tuple) and "midsommarafton" in kinds["named_day"]
    assert kinds["ytd"] is None  # "i år": a word of two letters, in too many texts to be a gate
    assert kinds["last_year"] == ("fjol", "fjolåret", "fjolårets", "förra")  # words every match contains
    assert kinds["weekday"] == ("dag",)  # the part every weekday form shares


def test_a_literal_gate_holds_only_words_every_match_contains():
    import re

    from corpus_tool.extract import periods
    gate = periods._literal_gate
    assert gate(re.compile(r"\b(?:under\s+)?(?:de|den)\s+(?:senaste|gångna)\s+(?:två\s+)?veckorna", re.I)) == (
        "veckorna",)  # the longest required run
    assert gate(re.compile(r"\b(?:just\s+nu|i\s+nuläget)\b", re.I)) == ("just", "nuläget")  # one of each
    assert gate(re.compile(r"\b(?:i\s+år|nu)\b", re.I)) is None  # "år", "nu": too short to be a gate
    assert gate(re.compile(r"(?:förra\s+)?året", re.I)) == ("året",)  # an optional part is no gate


@pytest.mark.parametrize("text", [
    "Under 2019 inträffade 34 skjutningar.", "Sedan årets början har 12 personer gripits.",
    "Under MIDSOMMARAFTON och natten till midsommardagen greps fem.", "I fjol var det 40 fler.",
    "Natten till den 3 maj 2024 greps två.", "Under våren 2023 och hösten.", "i nuläget tre", "mellan 2018-2020",
])
def test_gated_patterns_find_what_every_pattern_finds(text, monkeypatch):
    from corpus_tool.extract import periods
    gated = periods.find_periods(text, "sv", "2024-05-10")
    every = tuple((kind, pattern, None) for kind, pattern, _ in periods._patterns("sv"))
    monkeypatch.setattr(periods, "_patterns", lambda lang: every)
    assert periods.find_periods(text, "sv", "2024-05-10") == gated and gated


@pytest.mark.parametrize("text, lang, expected", [
    ("under den senaste veckan", "sv", ("2024-05-03", "2024-05-10")),   # one week, not a few
    ("de senaste veckorna", "sv", ("2024-04-19", "2024-05-10")),        # a few weeks
    ("Under det senaste dygnet har 49 viltolyckor registrerats", "sv", ("2024-05-09", "2024-05-10")),
    ("over the past week", "en", ("2024-05-03", "2024-05-10")),
])
def test_a_recent_unit_in_the_singular_counts_one(text, lang, expected):
    (period,) = find_periods(text, lang, "2024-05-10")
    assert (period.period_start, period.period_end) == expected
