"""Numbers that are not counts: phone numbers, clock times, street numbers, ages in apposition,
days of the month, numbers inside names and compounds, and four-digit years.

Each test looks at the tokens around a number found by ``quantities``; the words it reads are in
``number_context.tsv`` (phone cues, street suffixes, counted nouns, ...) and ``months.tsv``.
"""
from __future__ import annotations

import re

from .metrics import metric_of_noun, verb_form
from .months import month_number
from .qualifiers import measure_at
from .tokens import Token, context_words, person_noun, phrase_end, preceded_by, sentence_start

# "11.29", "23.05", "9:30": hours and minutes (Swedish writes decimals with a comma); a one-digit
# hour ("5.00") only after a clock word, as it is also a decimal written the English way.
_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d")
_TWO_DIGIT_HOUR = re.compile(r"(?:[01]\d|2[0-3])[.:][0-5]\d")


def phone_cue_before(tokens: list[Token], i: int, lang: str) -> bool:
    """"ring 116 123": a call word within the five words before."""
    cues = context_words(lang, "phone_cue")
    return any(t.low in cues for t in tokens[max(0, i - 5):i])


def clock_time(tokens: list[Token], i: int, lang: str) -> bool:
    """"11.29", "kl 23.05": hours and minutes, in Swedish text (where a decimal has a comma) or after a
    clock word; never before a unit, a currency or a per cent ("2.50 kr", "1.80 meter" are amounts)."""
    if not _CLOCK.fullmatch(tokens[i].text):
        return False
    nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
    if nxt in context_words(lang, "currency") or nxt in context_words(lang, "percent") or nxt == "%" \
            or measure_at(tokens, i + 1, lang) is not None:
        return False
    if lang == "sv" and _TWO_DIGIT_HOUR.fullmatch(tokens[i].text):
        return True
    return preceded_by(tokens, i, context_words(lang, "not_count_before") | context_words(lang, "clock_before"))


def suspended_compound(tokens: list[Token], i: int) -> bool:
    """"i 60- och 25-årsåldern": digits and a hyphen, then a space: the first half of a compound (or one
    broken off at a line's end, "117 km/h på en 110-")."""
    if not (i + 1 < len(tokens) and tokens[i + 1].text in "-–" and tokens[i + 1].start == tokens[i].end):
        return False
    if i + 2 == len(tokens):
        return True
    gap = tokens[i + 2].start - tokens[i + 1].end
    return gap > 0 and tokens[i + 2].kind == "word" or gap > 1 and tokens[i + 2].kind == "num"


def coordinated_with_non_count(tokens: list[Token], j: int, lang: str) -> bool:
    """"20 respektive 45 år", "mellan 20 till 40-årsåldern": a number joined by a coordination word to a
    number that is an age, a duration, a measure or the first part of a compound shares its reading."""
    if j + 1 < len(tokens) and tokens[j].low in context_words(lang, "coordination") \
            and tokens[j + 1].low in context_words(lang, "negation"):
        j += 1  # "fyllt 15 men inte 18 år"
    # "hastigheter var 82, 80 och 71 kilometer i timmen": a list of numbers whose last has a unit
    in_list = j >= 3 and tokens[j - 2].text == "," and tokens[j - 3].kind == "num"
    if j < len(tokens) and (tokens[j].text == "," or in_list and tokens[j].low in context_words(lang, "coordination")) \
            and _list_ends_in_a_measure(tokens, j, lang):
        return True
    joins = context_words(lang, "coordination") | context_words(lang, "negation")
    if j + 1 >= len(tokens) or tokens[j].low not in joins or tokens[j + 1].kind != "num":
        return False
    k = j + 1
    if len(tokens[k].text) == 2 and tokens[k].text.startswith("0"):
        return True  # "mellan 22 och 07": hours
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if after is None:
        return False
    if after.text in "-–" and after.start == tokens[k].end:
        return True  # "40-årsåldern", "17-årig"
    if tokens[j].low in context_words(lang, "respectively") and measure_at(tokens, k + 1, lang) is not None:
        return True  # "105 respektive 107 km/h": the unit of the second is the first's too
    return after.low in context_words(lang, "not_count_after")


def _list_ends_in_a_measure(tokens: list[Token], j: int, lang: str) -> bool:
    """Numbers joined by commas and a last coordination word, the last followed by a unit: each
    number of the list is a measure of that unit ("82, 80 och 71 km/h")."""
    joins = context_words(lang, "coordination")
    while j + 1 < len(tokens) and tokens[j + 1].kind == "num" and (tokens[j].text == "," or tokens[j].low in joins):
        last = tokens[j].low in joins
        j += 2
        if last:
            return measure_at(tokens, j, lang) is not None
    return False


def label_after(tokens: list[Token], i: int, lang: str) -> bool:
    """"gärningsperson två", "bil 2": a number right after a word that numbers what it names."""
    return i > 0 and tokens[i - 1].low in context_words(lang, "label_before")


def name_before(tokens: list[Token], i: int) -> bool:
    """A capitalised word (not the first of the sentence) right before: a name with a number."""
    return i >= 1 and tokens[i - 1].kind == "word" and tokens[i - 1].text[:1].isupper() \
        and not sentence_start(tokens, i - 1)


def name_goes_on(tokens: list[Token], j: int, lang: str) -> bool:
    """After a name and a number, what shows the number is part of the name: another capitalised word
    ("Radio 4 Desert Island Discs", "Category 1 Hurricane"), a venue ("Tele 2 arena") or a verb
    ("Peugeot 307 anträffades"); not a noun it counts ("SCIS 74 medlemsskolor", "Rwanda 35 miljoner
    dollar")."""
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    if tokens[j].text[:1].isupper() or tokens[j].low in context_words(lang, "venue_noun"):
        return True  # "Tele 2 arena"
    return verb_form(tokens[j].low, lang)


def age_apposition(tokens: list[Token], i: int) -> bool:
    """"Willoughby, 37, took ...": an age between commas after a name."""
    return (i >= 2 and tokens[i - 1].text == "," and tokens[i - 2].kind == "word"
            and tokens[i - 2].text[:1].isupper() and i + 1 < len(tokens) and tokens[i + 1].text == ",")


def street_number(tokens: list[Token], i: int, lang: str) -> bool:
    """"Storgatan 12", "Baker Street 221": an address, not a count."""
    if i == 0 or tokens[i - 1].kind != "word" or not tokens[i - 1].text[:1].isupper():
        return False
    word = tokens[i - 1].low
    return any(word.endswith(suffix) or word == suffix for suffix in context_words(lang, "street_suffix"))


def counted_year(tokens: list[Token], i: int, lang: str) -> bool:
    """A four-digit number like 2000 is a count only when a counted noun follows it."""
    if preceded_by(tokens, i, context_words(lang, "period_before")):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.kind == "word" and nxt.low in context_words(lang, "counted_noun") \
        or nxt is not None and nxt.kind == "word" and metric_of_noun(nxt.low, lang) is not None


def metric_noun_follows(tokens: list[Token], j: int, lang: str) -> bool:
    """A noun of ``metrics.tsv`` comes next, perhaps after adjectives: "one [fatal] shooting"."""
    skip = context_words(lang, "adjective")
    while j < len(tokens) and tokens[j].low in skip:
        j += 1
    return j < len(tokens) and tokens[j].kind == "word" and metric_of_noun(tokens[j].low, lang) is not None


def counted_noun_follows(tokens: list[Token], j: int, lang: str) -> bool:
    """A person or a noun of ``metrics.tsv`` comes next, perhaps after adjectives: "många ungdomar",
    "många trafikolyckor" (not "många faktorer", "många lever")."""
    skip = context_words(lang, "adjective")
    while j < len(tokens) and tokens[j].low in skip:
        j += 1
    return j < len(tokens) and tokens[j].kind == "word" and (
        person_noun(tokens[j].low, lang) or metric_of_noun(tokens[j].low, lang) is not None)


# A supine ("bråkat", "börjat"): of the verb forms, the one no plural noun or participle before a noun
# shares ("flertalet bilar", "flertalet skadade").
_SUPINE_ENDINGS = ("at", "ats")


def verb_follows(tokens: list[Token], j: int, lang: str) -> bool:
    """A verb comes next ("där ett par bråkat": a couple, no count of two), not a noun ("ett par
    personer", "ett par handskar")."""
    return j < len(tokens) and tokens[j].kind == "word" and tokens[j].low.endswith(_SUPINE_ENDINGS) \
        and verb_form(tokens[j].low, lang)


def in_name(tokens: list[Token], i: int, end: int) -> bool:
    """"the Four Corners", "Sju Sorters Kakor": a capitalised number word inside a name."""
    if not tokens[i].text[:1].isupper() or sentence_start(tokens, i):
        return False
    return end < len(tokens) and tokens[end].kind == "word" and tokens[end].text[:1].isupper()


def in_compound(tokens: list[Token], i: int, end: int) -> bool:
    """"mother-of-three", "three-year-old": a number word glued by hyphens to other words."""
    before = i >= 2 and tokens[i - 1].text == "-" and tokens[i - 1].end == tokens[i].start \
        and tokens[i - 2].end == tokens[i - 1].start and tokens[i - 2].kind == "word"
    after = end + 1 < len(tokens) and tokens[end].text == "-" and tokens[end].start == tokens[end - 1].end \
        and tokens[end + 1].start == tokens[end].end and tokens[end + 1].kind == "word"
    return before or after


def clock(tokens: list[Token], j: int, lang: str) -> bool:
    """"5 a.m.", "1 p.m.", "7 am": a clock word at token j."""
    return phrase_end(tokens, j, context_words(lang, "clock")) > 0


def date_context(tokens: list[Token], i: int, j: int, lang: str) -> bool:
    """Day of month: "den 4 maj", "4 May", "May 4th"."""
    if j < len(tokens) and month_number(tokens[j].low) is not None:
        return True
    return lang == "en" and i > 0 and tokens[i - 1].text[:1].isupper() and month_number(tokens[i - 1].low) is not None
