"""Numbers, approximations, qualifiers and periods (corpus_tool.extract.quantities / periods)."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import needs_devdata

from corpus_tool.extract.periods import find_periods, period_for
from corpus_tool.extract.quantities import find_quantities, parse_number, parse_quantity


@pytest.mark.parametrize("text,lang,value", [
    ("tjugofyra", "sv", 24),
    ("etthundra", "sv", 100),
    ("etthundrasextioen", "sv", 161),
    ("tusen", "sv", 1000),
    ("tvåtusentrehundra", "sv", 2300),
    ("sju", "sv", 7),
    ("fyra", "sv", 4),
    ("12 500", "sv", 12500),
    ("1 234 567", "sv", 1234567),
    ("2 miljoner", "sv", 2_000_000),
    ("Tre hundra trettio en", "sv", 331),
    ("nittonhundra", "sv", 1900),
    ("4,5", "sv", 4.5),
    ("four", "en", 4),
    ("twenty-one", "en", 21),
    ("one hundred and sixteen", "en", 116),
    ("a hundred", "en", 100),
    ("1,234,567", "en", 1234567),
    ("three dozen", "en", 36),
    ("3 dussin", "sv", 36),
])
def test_number_values(text, lang, value):
    assert parse_number(text, lang) == pytest.approx(value)


# surface, lang, value, low, high, approximate, qualifier
@pytest.mark.parametrize("text,lang,value,low,high,approximate,qualifier", [
    ("ett tiotal", "sv", 10, 8, 14, True, "-tal"),
    ("ett femtontal", "sv", 15, 12, 21, True, "-tal"),
    ("femtontal", "sv", 15, 12, 21, True, "-tal"),
    ("ett tjugotal", "sv", 20, 16, 28, True, "-tal"),
    ("ett trettiotal", "sv", 30, 24, 42, True, "-tal"),
    ("ett hundratal", "sv", 100, 80, 140, True, "-tal"),
    ("ett 50-tal", "sv", 50, 40, 70, True, "-tal"),
    ("ett 70-tal", "sv", 70, 56, 98, True, "-tal"),
    ("ett dussintal", "sv", 12, 9, 17, True, "-tal"),
    ("ett dussin", "sv", 12, 12, 12, False, None),
    ("drygt 100", "sv", 100, 101, 115, True, "just over"),
    ("knappt 100", "sv", 100, 85, 99, True, "just under"),
    ("över 40", "sv", 40, 41, None, False, "over"),
    ("under 40", "sv", 40, None, 39, False, "under"),
    ("närmare 50", "sv", 50, 42, 49, True, "nearly"),
    ("nästan 50", "sv", 50, 42, 49, True, "nearly"),
    ("cirka 30", "sv", 30, 27, 33, True, "about"),
    ("ca 30", "sv", 30, 27, 33, True, "about"),
    ("omkring 30", "sv", 30, 27, 33, True, "about"),
    ("runt 30", "sv", 30, 27, 33, True, "about"),
    ("minst 5", "sv", 5, 5, None, False, "at least"),
    ("upp till 5", "sv", 5, None, 5, False, "up to"),
    ("mer än 20", "sv", 20, 21, None, False, "over"),
    ("a dozen", "en", 12, 12, 12, False, None),
    ("a dozen or so", "en", 12, 10, 15, True, "or so"),
    ("some 30", "en", 30, 27, 33, True, "about"),
    ("about ten", "en", 10, 9, 11, True, "about"),
    ("over 40", "en", 40, 41, None, False, "over"),
    ("more than 40", "en", 40, 41, None, False, "over"),
    ("nearly 50", "en", 50, 42, 49, True, "nearly"),
    ("roughly 200", "en", 200, 180, 220, True, "about"),
    ("at least 3", "en", 3, 3, None, False, "at least"),
    ("up to 8", "en", 8, None, 8, False, "up to"),
    ("half a dozen", "en", 6, 6, 6, False, None),
])
def test_approximations_and_qualifiers(text, lang, value, low, high, approximate, qualifier):
    q = parse_quantity(text, lang)
    assert q is not None, text
    assert (q.value, q.low, q.high, q.approximate, q.qualifier) == (value, low, high, approximate, qualifier)


@pytest.mark.parametrize("text,lang,low,high", [
    ("några", "sv", 2, 9),
    ("flera", "sv", 2, None),
    ("ett antal", "sv", 2, None),
    ("ett fåtal", "sv", 2, 7),
    ("hundratals", "sv", 200, 999),
    ("several", "en", 2, None),
    ("a handful", "en", 2, 7),
    ("dozens", "en", 24, 99),
    ("a few", "en", 2, 9),
])
def test_vague_quantities_have_no_value_but_a_range(text, lang, low, high):
    q = parse_quantity(text, lang)
    assert q is not None and q.value is None and q.approximate
    assert (q.low, q.high) == (low, high)


@pytest.mark.parametrize("text,lang,expected", [
    ("Polisen grep ett par personer.", "sv", [(2, 2, 3)]),
    ("A couple of men were arrested.", "en", [(2, 2, 3)]),
    ("Barnflickan stämmer ett par på grund av ett sms.", "sv", []),
    ("Det dröjde några dagar.", "sv", []),
    ("It took a few hours.", "en", []),
])
def test_couples_and_durations(text, lang, expected):
    assert [(q.value, q.low, q.high) for q in find_quantities(text, lang)] == expected


@pytest.mark.parametrize("text,lang,surface,value,low,high", [
    ("ca. 30 personer", "sv", "ca. 30", 30, 27, 33),
    ("c:a 30 personer", "sv", "c:a 30", 30, 27, 33),
    ("approx. 30 people", "en", "approx. 30", 30, 27, 33),
    ("a million people", "en", "a million", 1e6, 1e6, 1e6),
])
def test_abbreviated_qualifiers_and_articles(text, lang, surface, value, low, high):
    (q,) = find_quantities(text, lang)
    assert (q.surface, q.value, q.low, q.high) == (surface, value, low, high)


@pytest.mark.parametrize("text,lang,surface,value,low,high", [
    ("could be as much as three per cent", "en", "three per cent", 3, 3, 3),
    ("he was 'one percent' bad", "en", "one percent", 1, 1, 1),
    ("raise up to £120 million a year", "en", "up to £120 million", 120e6, None, 120e6),
    ("över 40 procent", "sv", "över 40 procent", 40, 40, None),  # no +1 on a percentage
])
def test_units_and_qualifiers_around_them(text, lang, surface, value, low, high):
    (q,) = find_quantities(text, lang)
    assert (q.surface, q.value, q.low, q.high) == (surface, value, low, high)


def test_percent_unit():
    found = find_quantities("63% färre mord och 32 procent färre skjutningar", "sv")
    assert [(q.surface, q.value, q.unit) for q in found] == [("63%", 63, "percent"), ("32 procent", 32, "percent")]


@pytest.mark.parametrize("text,lang", [
    ("Ring 040-34 39 99 eller 0733-90 89 42.", "sv"),
    ("Tips kan lämnas dygnet runt på: 114 14.", "sv"),
    ("Ringer du från utlandet: +46 77 114 14 00.", "sv"),
    ("Senast ändrad: 2021-01-28 16:08", "sv"),
    ("Mötet hölls den 4 maj klockan 14.", "sv"),
    ("Under 2019 hände det mycket.", "sv"),
    ("En person greps med ett vapen.", "sv"),
    ("Han dömdes till fem år i fängelse.", "sv"),
    ("En 19-åring greps, musik från 50-talet.", "sv"),
    ("Ärendet har diarienummer 5000-K123456-20.", "sv"),
    ("The one you mentioned was arrested on 5/17/2018 at 10:30.", "en"),
    ("See page 12 of the report.", "en"),
])
def test_not_figures(text, lang):
    assert find_quantities(text, lang) == []


@pytest.mark.parametrize("text,lang,expected", [
    ("a £11million deal", "en", [11_000_000]),
    ("the £2.8bn beauty market", "en", [2_800_000_000]),
    ("It could cost the firm millions.", "en", []),
    ("Det kan kosta flera miljoner.", "sv", [None]),  # "flera" is the (vague) figure
    ("Heavy rain will spread into the Four Corners on Tuesday.", "en", []),
    ("Mother-of-three Willoughby lives here.", "en", []),
    ("a three-year-old boy", "en", []),
    ("One of them said so.", "en", []),
    ("One shooting was reported.", "en", [1]),
    ("En man greps i går.", "sv", []),
    ("by 1 p.m. and at 5 a.m.", "en", []),
    ("klockan fem på morgonen", "sv", []),
])
def test_words_that_are_not_counts(text, lang, expected):
    assert [q.value for q in find_quantities(text, lang)] == expected


@pytest.mark.parametrize("text,lang,low,high", [
    ("2 to 4 inches", "en", 2, 4),
    ("between 10 and 15 people", "en", 10, 15),
    ("mellan 10 och 15 personer", "sv", 10, 15),
    ("2,5–10 cm regn", "sv", 2.5, 10),
    ("10-15 personer", "sv", 10, 15),
])
def test_ranges_have_bounds_and_no_single_value(text, lang, low, high):
    (q,) = find_quantities(text, lang)
    assert (q.value, q.low, q.high, q.qualifier) == (None, low, high, "range")


@pytest.mark.parametrize("text,expected", [
    ("Sainsbury's sold its 281-store pharmacy business.", [281]),
    ("a 25,000-strong crowd", [25000]),
    ("The 7,000-ton ship", [7000]),
    ("a 34-year-old man", []),
    ("the 2019-2020 season", []),
    ("a 6-foot-6 forward", []),
])
def test_english_hyphenated_digit_compounds(text, expected):
    assert [q.value for q in find_quantities(text, "en")] == expected


def test_year_followed_by_counted_noun_is_a_count():
    found = find_quantities("Under 2019 kontaktades 2000 personer.", "sv")
    assert [q.value for q in found] == [2000]


def test_year_then_count_in_running_text():
    assert [q.value for q in find_quantities("under 2017 65 skjutningar", "sv")] == [65]


def test_negated_vague_word_is_no_quantity():
    assert find_quantities("Det finns inte några vittnen.", "sv") == []


def test_bad_input_never_crashes():
    for text in ["", "   ", "\x00\x01", "9" * 5000, "ett " * 2000, "tal" * 100, "-- -- %%%", "+" * 50]:
        find_quantities(text, "sv")
        find_quantities(text, "en")
        find_periods(text, "sv", "2020-05")
    assert find_periods("under 2019", "sv", "not a date")[0].period_start == "2019-01-01"


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize("text,lang,published,start,end", [
    ("under 2019", "sv", None, "2019-01-01", "2019-12-31"),
    ("Under hela 2019", "sv", None, "2019-01-01", "2019-12-31"),
    ("sedan årets start", "sv", "2020-05", "2020-01-01", "2020-05-31"),
    ("sedan årets början", "sv", "2020-05-12", "2020-01-01", "2020-05-12"),
    ("hittills i år", "sv", "2021-03", "2021-01-01", "2021-03-31"),
    ("i våras", "sv", "2020-10-02", "2020-03-01", "2020-05-31"),
    ("i våras", "sv", "2020-04-02", "2019-03-01", "2019-05-31"),
    ("i höstas", "sv", "2021-01-28", "2020-09-01", "2020-11-30"),
    ("under våren 2020", "sv", None, "2020-03-01", "2020-05-31"),
    ("i oktober", "sv", "2020-11-05", "2020-10-01", "2020-10-31"),
    ("i oktober", "sv", "2020-05", "2019-10-01", "2019-10-31"),
    ("i maj 2019", "sv", None, "2019-05-01", "2019-05-31"),
    ("under två veckor i maj", "sv", "2020-09", "2020-05-01", "2020-05-31"),
    ("de senaste månaderna", "sv", "2020-05", "2020-02-01", "2020-05-31"),
    ("de senaste tre månaderna", "sv", "2020-05", "2020-02-01", "2020-05-31"),
    ("de senaste veckorna", "sv", "2020-05-22", "2020-05-01", "2020-05-22"),
    ("i fjol", "sv", "2020-05", "2019-01-01", "2019-12-31"),
    ("mellan 2016 och 2020", "sv", None, "2016-01-01", "2020-12-31"),
    ("sedan 2018", "sv", "2020-05", "2018-01-01", "2020-05-31"),
    ("just nu", "sv", "2021-01-28", "2021-01-28", "2021-01-28"),
    ("In 2019", "en", None, "2019-01-01", "2019-12-31"),
    ("in the spring of 2020", "en", None, "2020-03-01", "2020-05-31"),
    ("since the start of the year", "en", "2020-05", "2020-01-01", "2020-05-31"),
    ("over the past few months", "en", "2020-05", "2020-02-01", "2020-05-31"),
    ("in October", "en", "2020-11", "2020-10-01", "2020-10-31"),
    ("last year", "en", "2020-11", "2019-01-01", "2019-12-31"),
    ("between 2016 and 2020", "en", None, "2016-01-01", "2020-12-31"),
])
def test_periods(text, lang, published, start, end):
    found = find_periods(text, lang, published)
    assert len(found) == 1, found
    assert (found[0].period_start, found[0].period_end) == (start, end)
    assert found[0].text == text


@pytest.mark.parametrize("text,lang", [
    ("sedan årets start", "sv"), ("i våras", "sv"), ("i oktober", "sv"), ("de senaste månaderna", "sv"),
    ("den senaste tiden", "sv"), ("since the start of the year", "en"), ("recently", "en"),
])
def test_relative_period_without_publication_date_keeps_words_not_a_guess(text, lang):
    found = find_periods(text, lang, None)
    assert len(found) == 1 and found[0].text == text
    assert found[0].period_start is None and found[0].period_end is None


def test_nested_period_is_preferred():
    text = "I våras uppsöktes 23 personer för samtal under två veckor i maj."
    periods = find_periods(text, "sv", "2020-10-01")
    at = text.index("23")
    chosen = period_for(periods, at, at + 2)
    assert (chosen.period_start, chosen.period_end) == ("2020-05-01", "2020-05-31")
    assert "I våras" in chosen.text and "i maj" in chosen.text


# ---------------------------------------------------------------- Recognizers-Text cases


def _recognizers_cases(name: str):
    language = name.split("_")[1]  # Number_Swedish_NumberModel.json is in number-words/Swedish/
    cases = json.loads(needs_devdata("number-words", language, name).read_text(encoding="utf-8"))
    for case in cases:
        expected = []
        for result in case.get("Results", []):
            value = str(result["Resolution"].get("value", "")).rstrip("%").replace(",", ".")
            try:
                expected.append(round(float(value), 4))
            except ValueError:
                expected.append(None)
        yield case["Input"], expected


def _recognizers_score(name: str, lang: str) -> tuple[int, int]:
    passed = total = 0
    for text, expected in _recognizers_cases(name):
        predicted = [round(q.value, 4) if q.value is not None else None
                     for q in find_quantities(text, lang, keep_years=True)]
        total += 1
        passed += Counter(predicted) == Counter(expected)
    return passed, total


# Floors measured when written; raise them when the parser improves, never lower them silently.
@pytest.mark.parametrize("name,lang,floor", [
    ("Number_Swedish_NumberModel.json", "sv", 0.33),
    ("Number_English_NumberModel.json", "en", 0.33),
    ("Number_Swedish_PercentModel.json", "sv", 0.70),
])
def test_recognizers_text_number_cases(name, lang, floor):
    passed, total = _recognizers_score(name, lang)
    print(f"\n{name}: {passed}/{total} cases pass ({passed / total:.0%})")
    assert total > 0
    assert passed / total >= floor


@pytest.mark.parametrize("text,lang", [
    ("Ett par personer greps.", "sv"), ("ett tiotal", "sv"), ("Ett hundra personer", "sv"),
    ("några av dem", "sv"), ("a hundred people", "en"), ("a couple of cars", "en"), ("a dozen", "en"),
    ("tjugofem personer", "sv"), ("hundratals", "sv"), ("fem", "sv"), ("Three men", "en"),
])
def test_sentences_with_a_number_word_are_read(text, lang, monkeypatch):
    """The words-only test before tokenising lets through every sentence the readers find a quantity in."""
    import corpus_tool.extract.quantities as q
    assert q._may_hold_quantity(text, lang, q.phrases(lang))
    monkeypatch.setattr(q, "_may_hold_quantity", lambda *a: True)
    assert find_quantities(text, lang)


@pytest.mark.parametrize("text,lang", [
    ("En man greps i Malmö.", "sv"), ("Det var ett bråk.", "sv"), ("A man was arrested.", "en"),
])
def test_sentences_with_articles_only_are_not_tokenised(text, lang):
    import corpus_tool.extract.quantities as q
    assert not q._may_hold_quantity(text, lang, q.phrases(lang))
    assert find_quantities(text, lang) == []
