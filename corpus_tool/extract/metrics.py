"""What a figure counts: the metric words of ``metric_words.tsv`` (every inflected form) and noun lemmas."""
from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from importlib import resources

from ..resources import read_tsv
from .tokens import context_words, lang_code, person_noun

# A word (hyphenated compounds whole), a punctuation mark or a digit run: the words after a
# number and of a table label are read in these pieces for their counted noun.
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\w\s]|\d+")


# A word as metric forms are written: letters, hyphenated compounds whole ("call-ins", "mc-olycka").
_FORM_WORD = re.compile(r"[^\W\d_]+(?:[-:][^\W\d_]+)*")
# The shortest first part of a compound whose last part is a metric noun ("bil" + "brand").
_MIN_PREFIX = 2


@dataclass(frozen=True)
class Cue:
    """One row of ``metric_words.tsv`` of kind cue: its parts (each a set of forms) and their gap."""

    parts: tuple[frozenset[str], ...]
    metric: str
    priority: int
    gap: int
    compound: bool
    nouns: frozenset[str] = frozenset()  # empty: the cue names the metric of any counted noun


@dataclass(frozen=True)
class CueMatch:
    start: int
    end: int
    metric: str
    priority: int
    nouns: frozenset[str] = frozenset()


def _rows(lang: str, kind: str) -> list[dict]:
    return [r for r in read_tsv("metric_words.tsv") if r["lang"] == lang and r["kind"] == kind]


def _parts(forms: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(f.strip().lower() for f in part.split("|") if f.strip()) for part in forms.split(" + "))


@functools.cache
def _nouns(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Noun forms -> metric: every form, and the forms that also end a compound."""
    forms: dict[str, str] = {}
    heads: dict[str, str] = {}
    for r in _rows(lang, "noun"):
        for form in _parts(r["forms"])[0]:
            forms.setdefault(form, r["metric"])
            if r["compound"] == "1":
                heads.setdefault(form, r["metric"])
    return forms, heads


@functools.cache
def _cues(lang: str) -> dict[str, tuple[Cue, ...]]:
    """Cues by the forms of their first part (a compound cue also under its heads, see ``_cue_heads``)."""
    by_first: dict[str, list[Cue]] = {}
    for r in _rows(lang, "cue"):
        cue = Cue(_parts(r["forms"]), r["metric"], int(r["priority"] or 0), int(r["gap"] or 0), r["compound"] == "1",
                  _parts(r["nouns"])[0] if r["nouns"] else frozenset())
        for form in cue.parts[0]:
            by_first.setdefault(form, []).append(cue)
    return {k: tuple(v) for k, v in by_first.items()}


@functools.cache
def cue_nouns(lang: str | None) -> frozenset[str]:
    """The counted nouns some cue is restricted to ("förare", "fordon", "personer"): a noun
    coordinated with the counted one ("personer och fordon") may decide the cue instead."""
    return frozenset(n for cues in _cues(lang_code(lang)).values() for c in cues for n in c.nouns)


@functools.cache
def _cue_heads(lang: str) -> frozenset[str]:
    return frozenset(form for form, cues in _cues(lang).items() if any(c.compound for c in cues))


def _compound_head(word: str, heads: frozenset[str] | dict) -> str | None:
    """The longest metric form that ends ``word`` after a first part ("bilbrand" -> "brand")."""
    if "-" in word:
        last = word.rsplit("-", 1)[1]
        if last in heads:
            return last
    for k in range(_MIN_PREFIX, len(word) - 1):
        if word[k:] in heads:
            return word[k:]
    return None


@functools.lru_cache(maxsize=65536)
def metric_of_noun(word: str, lang: str | None) -> str | None:
    """The metric a counted word names ("skottlossningar" -> shootings, "bilbrand" -> fires), else None."""
    word = word.lower()
    forms, heads = _nouns(lang_code(lang))
    if word in forms:
        return forms[word]
    head = _compound_head(word, heads)
    return heads[head] if head is not None else None


def metric_of_phrase(text: str, lang: str | None) -> str | None:
    """The first metric noun among the words of ``text`` (a table header, a caption)."""
    for word in _FORM_WORD.findall(text):
        metric = metric_of_noun(word, lang)
        if metric:
            return metric
    return None


@functools.lru_cache(maxsize=4096)
def _find_cues(text: str, code: str) -> tuple[CueMatch, ...]:
    cues, heads = _cues(code), _cue_heads(code)
    words = [(m.start(), m.end(), m.group().lower()) for m in _FORM_WORD.finditer(text)]
    found: list[CueMatch] = []
    for i, (start, _, word) in enumerate(words):
        candidates = cues.get(word)
        if candidates is None:
            head = _compound_head(word, heads)
            candidates = tuple(c for c in cues.get(head, ()) if c.compound) if head else None
        for cue in candidates or ():
            last = _match_rest(words, i, cue)
            if last is not None:
                found.append(CueMatch(start, words[last][1], cue.metric, cue.priority, cue.nouns))
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def _live_cues(text: str, code: str) -> tuple[CueMatch, ...]:
    """The cues of ``text`` that name a metric: a cue of `other` is none, and it hides the cues inside
    it ("körkortet omhändertogs", "saknade behörighet"), never one elsewhere in the clause."""
    cues = _find_cues(text, code)
    hidden = [(c.start, c.end) for c in cues if c.metric == "other"]
    if not hidden:
        return cues
    return tuple(c for c in cues if c.metric != "other" and not any(s <= c.start and c.end <= e for s, e in hidden))


def _match_rest(words: list[tuple[int, int, str]], i: int, cue: Cue) -> int | None:
    """The index of the last word of ``cue`` matched from word ``i`` on, else None."""
    at = i
    for part in cue.parts[1:]:
        for k in range(at + 1, min(len(words), at + 2 + cue.gap)):
            if words[k][2] in part:
                at = k
                break
        else:
            return None
    return at


# A coordinating conjunction between a cue and a number: the cue is of the other conjunct.
CONJUNCTION = re.compile(r"\b(?:och|samt|men|and|but)\b", re.I)


def metric_from_cues(clause: str, at: int, lang: str | None, until: int | None = None,
                     noun: str | tuple[str, ...] | None = None) -> str | None:
    """The metric the words of ``clause`` give a number at ``at..until`` counting ``noun`` (or any of
    coordinated nouns: "personer och fordon"; priority, then nearness)."""
    found = best_cue(clause, at, lang, until, noun)
    return found[0].metric if found else None


def best_cue(clause: str, at: int, lang: str | None, until: int | None = None,
             noun: str | tuple[str, ...] | None = None) -> tuple[CueMatch, bool] | None:
    """The cue of ``metric_from_cues`` and whether it stands across a conjunction from the number
    (the cue of another conjunct, taken only when there is no other), else None."""
    until = at if until is None else until
    nouns = (noun,) if isinstance(noun, str) else noun or ()
    best: tuple[tuple[bool, int, int], CueMatch, bool] | None = None
    for cue in _live_cues(clause, lang_code(lang)):
        if at <= cue.start < until:
            continue  # the number's own words (a phrase around the number, "fördes två personer till sjukhus", counts)
        if cue.nouns and not any(n.lower() in cue.nouns for n in nouns):
            continue
        distance = cue.start - until if cue.start >= until else max(at - cue.end, 0)
        between = clause[until:cue.start] if cue.start >= until else clause[cue.end:at]
        # "En person omkommer och två andra skadas": a cue across a conjunction belongs to the other conjunct;
        # not one after a conjunction naming no subject of its own ("kontrolleras, och grips sedan")
        conjunctions = list(CONJUNCTION.finditer(between))
        crossed = bool(conjunctions) and (
            cue.start < at or _new_subject(clause[until + conjunctions[-1].end():cue.end], lang))
        key = (crossed, -cue.priority, abs(distance))
        if best is None or key < best[0]:
            best = (key, cue, crossed)
    return (best[1], best[2]) if best else None


_FIRST_WORD = re.compile(r"[^\W\d_]+|\d+")


def _new_subject(after: str, lang: str | None) -> bool:
    """The words after a conjunction (up to the cue's end) open with a subject of their own: a number,
    an article, a pronoun, a person or a definite noun ("och två andra skadas", "och kvinnan grips",
    "och körkortet omhändertas"); not a verb, an adverb or a noun joined to a noun ("kontrolleras, och
    grips sedan", "för vårdslöshet i trafik och drograttfylleri").  English conjuncts are always
    another's."""
    code = lang_code(lang)
    first = _FIRST_WORD.search(after)
    if code != "sv" or first is None:
        return True
    word = first.group().lower()
    if word in context_words(code, "same_subject"):
        return False
    if word.isdigit() or person_noun(word, code) or any(
            word in context_words(code, role) for role in ("one_word", "none_word", "person_pronoun", "anaphor")):
        return True
    if verb_form(word, code):
        return False  # "och medtogs", "och frihetsberövas"
    return lemma(word, code) != word and word.endswith(_DEFINITE_ENDINGS)


# Endings of a definite noun ("körkortet", "olyckan", "bilen", "personerna").
_DEFINITE_ENDINGS = ("en", "et", "an", "na", "n")


def verb_form(word: str, lang: str | None) -> bool:
    """A Swedish verb form: its dictionary form in the lookup tables ends in "a" ("anträffades" ->
    "anträffa", "bråkat" -> "bråka"), and the word does not end as a plural or definite noun the tables
    read as a verb ("bilar" -> "bila", "gatan" -> "gata")."""
    low = word.lower()
    if lang_code(lang) != "sv" or low.endswith(_NOUN_LIKE_ENDINGS):
        return False
    found = lemma(low, lang)
    return found != low and found.endswith("a")


_NOUN_LIKE_ENDINGS = ("ar", "or", "er", "na", "an", "en")


@functools.cache
def _lemma_table(lang: str) -> bytes | dict[str, str]:
    """spaCy's lemma lookup table (spacy-lookups-data) for ``lang``: its JSON as bytes, searched by
    bisection (``_search_lemma``), or, should a table not be written one entry a line, read as a
    dict.  Decompressing Swedish's (660,000 forms) takes a twentieth of a second; reading it as a
    dict took eight times that, and 100 MB more in each process."""
    try:
        path = resources.files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz"
        data = gzip.decompress(path.read_bytes())
    except Exception:  # lookups missing: nouns are kept as written
        return {}
    return data if _one_entry_a_line(data) else json.loads(data)


def _one_entry_a_line(data: bytes) -> bool:
    """Whether a table's JSON is an object of strings written ``{``, one ``"key": "value",`` a line,
    ``}``, the keys in order (spacy-lookups-data writes its tables so, sorted, which a test holds
    against the installed ones): its lines and quotes are counted, not the whole parsed."""
    if not data.startswith(b"{\n") or not data.endswith((b"\n}", b"\n}\n")) or b"[" in data:
        return False
    entries = data.count(b"\n") - (2 if data.endswith(b"\n") else 1)
    escaped_quotes, at = 0, data.find(b"\\")
    while at >= 0:  # a few escapes at most ("roll-on\\/roll-off"): an escaped quote is in no line's count
        escaped_quotes += data.startswith(b'"', at + 1)
        at = data.find(b"\\", at + 2)
    return entries > 0 and data.count(b'"') - escaped_quotes == 4 * entries


def load_lemma_tables(langs: tuple[str, ...] = ("sv", "en")) -> None:
    """Read the lemma tables now: a run's workers do, before their first document."""
    for code in langs:
        _lemma_table(code)


@functools.cache
def _noun_lemmas(lang: str) -> dict[str, str]:
    return {r["form"]: r["lemma"] for r in read_tsv("noun_lemmas.tsv") if r["lang"] == lang}


@functools.lru_cache(maxsize=8192)
def noun_lemma(word: str, lang: str | None) -> str:
    """The dictionary form of a counted noun: noun_lemmas.tsv, else spaCy's lookup table unless it
    reads the noun as a verb ("man" -> "mana", "bil" -> "bila": the word as written is kept)."""
    low = word.lower()
    known = _noun_lemmas(lang_code(lang)).get(low)
    if known is not None:
        return known
    found = lemma(word, lang)
    return low if found == low + "a" else found


@functools.lru_cache(maxsize=65536)  # a bisection is some microseconds; a corpus asks for the same words again
def lemma(word: str, lang: str | None) -> str:
    """The dictionary form of a word from spaCy's lookup tables (spacy-lookups-data)."""
    low = word.lower()
    table = _lemma_table(lang_code(lang))
    if isinstance(table, dict):
        return table.get(low, low)
    return _search_lemma(table, low)


def _search_lemma(table: bytes, low: str) -> str:
    """The value of key ``low`` in a table's JSON, one entry a line in the order of their keys (a
    key's UTF-8 bytes sort as its characters do), found by bisection over the lines; else ``low``."""
    key = low.encode("utf-8", "surrogatepass")
    lo = table.index(b"\n") + 1
    hi = table.rindex(b"\n", 0, table.rindex(b"}"))  # the entries: the lines starting in [lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        start = table.rfind(b"\n", lo, mid) + 1 or lo  # the line holding mid (lo starts a line)
        end = table.find(b"\n", start)
        found, value = _entry(table, start, end)
        if found == key:
            return value.decode("utf-8", "surrogatepass")
        if found < key:
            lo = end + 1
        else:
            hi = start
    return low


def _entry(table: bytes, start: int, end: int) -> tuple[bytes, bytes]:
    """The key and value (UTF-8) of the table's line ``start..end``: between its quotes, or, on a line
    with an escape (Swedish has ten, ``roll-on\\/roll-off``), as JSON reads it."""
    if table.find(b"\\", start, end) < 0:
        key_start = table.index(b'"', start, end) + 1
        key_end = table.index(b'"', key_start, end)
        value_start = table.index(b'"', key_end + 1, end) + 1
        return table[key_start:key_end], table[value_start:table.index(b'"', value_start, end)]
    ((key, value),) = json.loads(b"{" + table[start:end].rstrip().rstrip(b",") + b"}").items()
    return key.encode("utf-8", "surrogatepass"), str(value).encode("utf-8", "surrogatepass")
