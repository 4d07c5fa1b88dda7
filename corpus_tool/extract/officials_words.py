"""The officials stage's words: titles, organisations, speech verbs, names and non-person names,
and the words around a person's name.

Everything here is read from data files in ``corpus_tool/data/`` (spaCy's stop-word lists aside)
and compiled once.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import resources

# Latin letters of the names press releases quote ("Angel Tîlvăr", "Lars Løkke Rasmussen", "Łukasz")
UPPER = "A-ZÅÄÖÉÈÜØÆÁÍÓÚÑÇÀÂÃÊËÌÎÏÒÔÕÙÛÝĂĄĆČĎĐĘĚĞİŁŃŇŐŒŘŚŞŠŢŤŮŰŹŻŽȘȚ"
LOWER = "a-zåäöéèüøæáíóúñçßàâãêëìîïòôõùûýÿăąćčďđęěğıłńňőœřśşšţťůűźżžșț"
# "Lindqvist", "Anna-Karin", "McDonald", "DiMaggio", "O'Brien"
CAP_WORD = rf"[{UPPER}](?:'[{UPPER}])?[{LOWER}]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}][{LOWER}]+)?"


@functools.cache
def municipal_re() -> re.Pattern:
    """Municipal and regional bodies are a class, not a list: "Malmö stad", "Uppsala kommun",
    "Region Skåne", "City of Malmö", "Malmö Municipality" (the words: ``name_context.tsv``)."""
    def words(role: str, lang: str) -> str:
        return "|".join(
            r"\s+".join(map(re.escape, w.split())) for w in sorted(
                (r["word"] for r in resources.read_tsv("name_context.tsv") if r["role"] == role and r["lang"] == lang),
                key=len, reverse=True))
    not_after = "".join(rf"(?<!{re.escape(w)}\s)" for w in name_context("municipal_not_after"))
    return re.compile(
        rf"(?P<a>(?P<p1>{CAP_WORD})\s+(?:{words('municipal_after', 'sv')}))\b"
        rf"|(?P<b>{not_after}(?:{words('municipal_before', 'sv')})\s+(?P<p2>{CAP_WORD}))"
        rf"|(?P<c>(?:the\s+)?(?:{words('municipal_before', 'en')})\s+(?P<p3>{CAP_WORD}))"
        rf"|(?P<d>(?P<p4>{CAP_WORD})\s+(?:{words('municipal_after', 'en')}))\b"
    )


def municipal_place(match: re.Match) -> str:
    """The place of a municipal match: 'Helsingborgs stad' -> Helsingborg, 'Borås stad' -> Borås."""
    place = next(match.group(g) for g in ("p1", "p2", "p3", "p4") if match.group(g))
    # Genitive -s after a consonant ("Lunds kommun"); a vowel + s is part of the name ("Borås").
    if match.group("p1") and re.search(r"[^aeiouyåäöéssrxz]s$", place, re.IGNORECASE) and \
            re.match(rf"{re.escape(place)}\s", match.group("a")):
        return place[:-1]
    return place


@dataclass(frozen=True)
class Title:
    sv: str
    en: str
    kind: str
    organization: str
    use: str = "both"  # both | en (an English-only synonym)


@functools.cache
def titles() -> tuple[Title, ...]:
    return tuple(Title(r["sv"], r["en"], r["kind"], r.get("organization", ""), r.get("use") or "both")
                 for r in resources.read_tsv("titles.tsv"))


@functools.cache
def title_by_sv() -> dict[str, Title]:
    """Each Swedish title with its preferred English equivalent."""
    out: dict[str, Title] = {}
    for t in titles():
        if t.use == "both":
            out.setdefault(t.sv, t)
    return out


def alternation(words) -> str:
    """Regex source matching any of ``words`` (escaped, longest first)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.cache
def title_pattern(lang: str, definite: bool = False) -> str:
    """Regex source for one title phrase: modifiers, then a title (Swedish compounds allowed).

    ``definite`` also accepts the Swedish definite form ("polisområdeschefen Anna Lindqvist"),
    which only reads as a title right before a name.
    """
    rows = titles()
    if lang == "en":
        mods = alternation(t.en for t in rows if t.kind == "modifier")
        heads = alternation(t.en for t in rows if t.kind == "title")
        head = rf"(?:{heads})"
    else:
        # a modifier ending: "arbetsmarknadspolitisk talesperson"
        endings = alternation(t.sv for t in rows if t.kind == "modifier_ending")
        mods = alternation(t.sv for t in rows if t.kind == "modifier" and t.use == "both") + \
            (rf"|[{LOWER}]+(?:{endings})" if endings else "")
        words = [t.sv for t in rows if t.kind == "title" and t.use == "both"]
        if definite:  # "ministern för civilt försvar": the definite ending of a title of several words
            words += [f"{w.split()[0]}{e} {w.split(' ', 1)[1]}" for w in words if " " in w
                      for e in name_context("definite_ending")]
        heads = alternation(words)
        # Swedish compounds end in a known title: "narkotikapolis", "trygghetssamordnare"; an
        # abbreviation may lead with a hyphen ("EU-minister", "IT-chef").
        # (a soft hyphen may break a compound: "integrations\u00administer")
        head = rf"(?:(?:(?-i:[{UPPER}]{{2,5}})-)?[{LOWER}\u00ad]*(?:{heads}))" + (
            rf"(?:{name_context_re('definite_ending')})?" if definite else "")
        # Coordinated compounds share the last head: "energi- och näringsminister",
        # "gymnasie-, högskole- och forskningsminister", "jämställdhets- och biträdande
        # arbetsmarknadsminister".
        elided = rf"(?:(?:{mods})\s+)*(?:(?-i:[{UPPER}]{{2,5}})-)?[{LOWER}]+ ?-"  # "utbildnings -" too
        joiner = rf"(?:\s*,\s*(?:(?:{coordinators('sv')})\s+)?|\s+(?:{coordinators('sv')})\s+)"  # ", och" too
        head = rf"(?:{elided}{joiner})*(?:(?:{mods})\s+)*{head}"
    post = alternation(t.sv if lang == "sv" else t.en for t in rows if t.kind == "postmodifier")
    one = rf"(?:(?:{mods})\s+)*{head}(?:\s+(?:{post}))?"
    # "VD och grundare": titles joined by a conjunction (a comma joins the titles of a list of people).
    return rf"{one}(?:\s*(?:{coordinators(lang)}|&)\s*{one})*"


def translate_title(phrase: str, lang: str) -> tuple[str, str | None, str]:
    """(title as written, English equivalent or None, implied organisation) of a title phrase."""
    text = " ".join(phrase.replace("\u00ad", "").split())
    if lang == "en":
        row = _head(text.lower(), lambda t: t.en.lower())
        return text, text.lower(), organization_en(row.organization) if row and row.organization else ""
    english: list[str | None] = []  # each title of the phrase in English, None if not known
    implied = ""
    for part in _title_parts(text.lower()):
        title_en, organization = _translate_part(part)
        implied = implied or organization
        english.append(title_en)
    titles_en = [e for e in english if e is not None]
    title_en = _join_english(titles_en) if english and len(titles_en) == len(english) else None
    return text, title_en, implied


def _title_parts(low: str) -> list[str]:
    """The titles of a coordinated phrase, each whole: 'energi- och näringsminister' ->
    ['energiminister', 'näringsminister'] (an elided part takes the head of the title after it)."""
    parts = [re.sub(r" -$", "-", p) for p in re.split(rf"\s*(?:,|&|\b(?:{coordinators('sv')})\b)\s*", low)
             if p.strip()]
    out: list[str] = []
    for i, part in enumerate(parts):
        if part.endswith("-"):
            later = next((p for p in parts[i + 1:] if not p.endswith("-")), "")
            word = _indefinite(later.split()[-1]) if later else ""  # "klimat- och miljöministern"
            # the shared head is the shortest title the last word ends with: "minister"
            heads = [t.sv for t in titles() if t.kind == "title" and word.endswith(t.sv)]
            part = part[:-1] + (min(heads, key=len) if heads else "")
        out.append(part)
    return out


def _translate_part(part: str) -> tuple[str | None, str]:
    """(English, implied organisation) of one Swedish title with its modifiers."""
    by_sv = title_by_sv()
    words = [_indefinite(w) for w in part.split()]
    post = [t for t in titles() if t.kind == "postmodifier" and words and t.sv == words[-1]]
    if post and len(words) > 1:  # "professor emerita"
        title_en, organization = _translate_part(" ".join(words[:-1]))
        return (f"{title_en} {post[0].en}" if title_en else None), organization
    if not words:
        return None, ""
    for k in range(len(words), 0, -1):  # multi-word titles: "vakthavande befäl"
        row = by_sv.get(" ".join(words[-k:]))
        if row and row.kind == "title":
            mods = [by_sv.get(w) for w in words[: len(words) - k]]
            known = [m.en for m in mods if m is not None]
            return (" ".join([*known, row.en]) if len(known) == len(mods) else None), row.organization
    # An abbreviation before a known title: "EU-minister" -> "EU minister".
    prefixed = re.fullmatch(rf"([{LOWER}]{{2,5}})-(.+)", words[-1])
    if prefixed and len(words) == 1 and prefixed.group(2) in by_sv:
        row = by_sv[prefixed.group(2)]
        return f"{prefixed.group(1).upper()} {row.en}", row.organization
    compound = _head(words[-1], lambda t: t.sv)  # "narkotikapolis" implies an organisation, untranslated
    return None, compound.organization if compound else ""


def _join_english(titles_en: list[str]) -> str:
    """'minister for energy' + 'minister for business' -> 'minister for energy and business'."""
    if len(titles_en) < 2:
        return " and ".join(titles_en)
    first = titles_en[0].split()
    for size in range(len(first) - 1, 0, -1):
        lead = first[:size]
        if lead[-1] in ("for", "of") and all(t.split()[:size] == lead for t in titles_en):
            rest = [" ".join(t.split()[size:]) for t in titles_en]
            return " ".join(lead) + " " + (", ".join(rest[:-1]) + " and " + rest[-1])
    return " and ".join(titles_en)


def coordinators(lang: str = "") -> str:
    """Regex source of the words joining coordinated titles ('och', 'samt', 'and'; both languages,
    like every role of ``name_context.tsv``)."""
    return name_context_re("coordinator")


def is_definite_title(phrase: str) -> bool:
    """'statsministern', 'polisområdeschefen': a title in the Swedish definite form."""
    last = phrase.lower().split()[-1] if phrase.split() else ""
    return last not in title_by_sv() and _indefinite(last) != last


def _indefinite(word: str) -> str:
    """'polisområdeschefen' -> 'polisområdeschef' when only the definite form is unknown."""
    if word in title_by_sv() or _head(word, lambda t: t.sv):
        return word
    for suffix in sorted(name_context("definite_ending"), key=len, reverse=True):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and (stem in title_by_sv() or _head(stem, lambda t: t.sv)):
            return stem
    return word


def _head(low: str, key: Callable[[Title], str]) -> Title | None:
    """The longest title the phrase ends with."""
    best = None
    for row in titles():
        if row.kind == "title" and low.endswith(key(row)) and (best is None or len(key(row)) > len(key(best))):
            best = row
    return best


@functools.cache
def organizations() -> dict[str, dict]:
    return {r["name"]: r for r in resources.read_tsv("organizations.tsv")}


def organization_en(name: str) -> str:
    row = organizations().get(name)
    return row["en"] if row and row["en"] else name


@functools.cache
def organization_re() -> re.Pattern:
    return re.compile(rf"(?<![{LOWER}{UPPER}])(?:{alternation(organizations())})(?![{LOWER}{UPPER}])")


@functools.cache
def genitive_organization_re() -> re.Pattern:
    """'polisens', 'Kriminalvårdens', 'Malmö stads', 'Polens': an organisation (or country) in the genitive."""
    names = [n for n in organizations() if not n.endswith("s")]
    bodies = [r["word"].casefold() for r in resources.read_tsv("name_context.tsv")
              if r["role"] == "municipal_after" and r["lang"] == "sv" and not r["word"].endswith("s")]
    return re.compile(
        rf"(?P<org>(?:{alternation(names)})|{CAP_WORD}\s+(?:{alternation(bodies)})"
        # any one capitalised name in the genitive: "Polens ambassadör", "Natos generalsekreterare"
        rf"|(?-i:[{UPPER}][{LOWER}]+))s(?![{LOWER}])", re.IGNORECASE)


@functools.cache
def organization_form_re() -> re.Pattern:
    """An authority named by the form of its name (``name_context.tsv``, role org_ending): a
    capitalised compound ending so ("Sjöfartsverket", "Justitiedepartementet"), perhaps with its
    seat after "i" ("Förvaltningsrätten i Malmö", group ``place``)."""
    endings = alternation(name_context("org_ending"))
    seat = name_context_re("org_seat")
    return re.compile(rf"(?P<org>(?<![{UPPER}{LOWER}])[{UPPER}][{LOWER}]*(?:{endings})"
                      rf"(?:\s+(?:{seat})\s+(?P<place>{CAP_WORD}))?)(?![{LOWER}])")


def is_authority_word(word: str) -> bool:
    """'Rödakorskommittén', 'Sjöfartsverket': one word ending as an authority's name does."""
    low = word.casefold()
    return any(low.endswith(e) and len(low) > len(e) + 2 for e in name_context("org_ending"))


@functools.cache
def speech_verbs(lang: str) -> frozenset[str]:
    return frozenset(r["verb"] for r in resources.read_tsv("speech_verbs.tsv") if r["lang"] == lang)


@functools.cache
def non_persons() -> tuple[frozenset[str], frozenset[str]]:
    """(whole names, leading words) that never start or make a person's name."""
    rows = resources.read_tsv("non_persons.tsv")
    whole = frozenset(r["name"].casefold() for r in rows if r["kind"] not in _WORD_KINDS)
    prefixes = frozenset(r["name"].casefold() for r in rows if r["kind"] == "prefix")
    return whole, prefixes


_WORD_KINDS = ("prefix", "suffix", "street", "street_ending")


@functools.cache
def non_person_words(kind: str) -> frozenset[str]:
    """The words of one word kind of ``non_persons.tsv`` (prefix, suffix, street, street_ending), folded."""
    return frozenset(r["name"].casefold() for r in resources.read_tsv("non_persons.tsv") if r["kind"] == kind)


def non_person_suffixes() -> frozenset[str]:
    """Last words that make a capitalised phrase an organisation or event: 'Blood Services'."""
    return non_person_words("suffix") | non_person_words("street")


@functools.cache
def street_re() -> re.Pattern:
    """A street word right after a name ("Gustav Adolfs torg"), or ending its last word ("Karl Johansgatan")."""
    return re.compile(rf"[ \u00a0]+(?:{alternation(non_person_words('street'))})(?![{UPPER}{LOWER}])", re.IGNORECASE)


def is_street_word(word: str) -> bool:
    """"Johansgatan", "Erikssonsgymnasiet": a word ending in a street or building word written together."""
    low = word.casefold()
    return any(low.endswith(e) and len(low) > len(e) + 1 for e in non_person_words("street_ending"))


@functools.cache
def given_names() -> frozenset[str]:
    return frozenset(r["name"] for r in resources.read_tsv("given_names.tsv"))


@functools.cache
def surnames() -> frozenset[str]:
    return frozenset(r["name"] for r in resources.read_tsv("surnames.tsv"))


@functools.cache
def surname_endings() -> tuple[str, ...]:
    return tuple(r["ending"] for r in resources.read_tsv("surname_endings.tsv"))


@functools.cache
def title_words() -> frozenset[str]:
    """Every Swedish and English title and modifier, lower case."""
    return frozenset(t.sv for t in titles()) | frozenset(t.en for t in titles())


@functools.cache
def organization_names_folded() -> frozenset[str]:
    return frozenset(o.casefold() for o in organizations())


@functools.cache
def name_context(role: str) -> frozenset[str]:
    """The words of one role of ``name_context.tsv`` (both languages; see its header)."""
    return frozenset(r["word"] for r in resources.read_tsv("name_context.tsv") if r["role"] == role)


@functools.cache
def name_context_re(role: str) -> str:
    """Regex source matching one word or phrase of a role of ``name_context.tsv``."""
    return alternation(name_context(role))


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's Swedish and English stop words: no word of a person's name is one (given names aside)."""
    # lazy: importing spaCy takes seconds, and only the officials stage reads these lists
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.sv.stop_words import STOP_WORDS as SV

    return frozenset(EN | SV)
