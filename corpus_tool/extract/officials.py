"""Who is quoted, with which title, organisation and place.

``extract_mentions(doc)`` finds person names with two kinds of evidence and keeps a
capitalised name only when at least one speaks for it:

* rules: the forms press releases use to attribute speech or give a role
  ("säger kommunpolis Glen Sjögren", "Glen Sjögren, kommunpolis i Malmö", "says Anna
  Lindqvist", "enligt Anna Lindqvist");
* the small Swedish NER model shipped in ``corpus_tool/models/ner_sv`` (PER; loaded by ``ner``).
  No English model is available offline; on English text the Swedish model still finds most
  full names (capitalisation carries over), and its names are accepted only when they look like
  names (see ``_name_shaped``), as in Swedish.

Programmes, operations, organisations and places that look like names ("Sluta skjut",
"Operation Rimfrost", "Malmö stad") are filtered by data files, not by code; the words are read
through ``officials_words``.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from ..document import Document, Mention
from . import officials_words as lx
from .gazetteer import lookup_place
from .ner import context_windows, person_spans

DASHES = "–—-―‒−"
QUOTE_MARKS = "\"”“«»'’"


@functools.lru_cache(maxsize=1)
def name_re() -> re.Pattern:
    """Two to four capitalised words, perhaps with a particle before the last ("Ludwig van Beethoven")."""
    particle = lx.name_context_re("particle")
    return re.compile(
        rf"(?<![{lx.UPPER}{lx.LOWER}\-]){lx.CAP_WORD}(?:[ \u00a0]+(?:(?:{particle})[ \u00a0]+)?{lx.CAP_WORD}){{1,3}}"
        rf"(?![{lx.UPPER}{lx.LOWER}])")


@functools.lru_cache(maxsize=1)
def _attribution_words() -> frozenset[str]:
    """First words of the attribution phrases: "enligt", "according" (of "according to")."""
    return frozenset(w.split()[0] for w in lx.name_context("attribution"))


@functools.lru_cache(maxsize=1)
def _introducer_words() -> frozenset[str]:
    """One-word introducers, folded: "kontakta" (of "Kontakta Sebastian Tham") is no part of the name."""
    return frozenset(w.casefold().rstrip(".:") for w in lx.name_context("introducer") if " " not in w)


@functools.lru_cache(maxsize=1)
def _attribution_phrase_end() -> re.Pattern | None:
    """An attribution phrase of several words ending the text: "according to"."""
    phrases = [r"\s+".join(map(re.escape, w.split())) for w in lx.name_context("attribution") if " " in w]
    return re.compile(rf"(?:{'|'.join(phrases)})\s*$") if phrases else None


def _lang(doc: Document) -> str:
    return "en" if (doc.lang or "").lower().startswith("en") else "sv"


def _blocks(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of each prose paragraph; the whole text split on blank lines if unsegmented."""
    if doc.paragraphs:
        return [(p.start, p.end) for p in doc.paragraphs if p.kind in ("paragraph", "list_item", "heading")]
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", doc.text)]


def _sentence_bounds(doc: Document, offset: int, block: tuple[int, int]) -> tuple[int, int, int | None]:
    sentence = doc.sentence_at(offset)
    if sentence is not None:
        return sentence.start, sentence.end, sentence.position
    text = doc.text[block[0]:block[1]]
    local = offset - block[0]
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]['”\"]?\s+", text) if m.end() <= local]
    end = re.compile(r"[.!?](?=['”\"]?\s|$)").search(text, local)
    return block[0] + starts[-1], block[0] + (end.end() if end else len(text)), None


def _is_non_person(name: str, lang: str, places: bool = True) -> bool:
    """A capitalised phrase that is no person's name (``places``: a place counts as one)."""
    whole, prefixes = lx.non_persons()
    folded = name.casefold()
    if folded in whole or folded.split()[0] in prefixes or folded.split()[-1] in lx.non_person_suffixes():
        return True
    if any(lx.is_street_word(w) for w in name.split()):  # "Karl Johansgatan"
        return True
    if lx.is_authority_word(name.split()[-1]):  # "Internationella Rödakorskommittén"
        return True
    if places and _is_place_name(name):  # "Västra Götaland", "Polisområde Skaraborg"
        return True
    if folded in lx.organization_names_folded() or lx.municipal_re().fullmatch(name):
        return True
    if any(w in lx.title_words() or w in lx.speech_verbs(lang) for w in folded.split()):
        return True
    # A title-case heading ("Polisen Söker Vittnen Efter …"): names hold no function words.
    return any(w.casefold() in lx.stop_words() and w not in lx.given_names()
               and w.casefold() not in lx.name_context("particle") for w in name.split())


def _ends_in_place(name: str) -> bool:
    """A heading or place ending in a place ("Mordbrand Göteborg", "Hallonbergen Sundbyberg"): a
    person's name only with a known given name or surname ("Anna Lund"), or with a title or quote."""
    words = name.split()
    return _is_place_name(words[-1]) and words[0] not in lx.given_names() and words[-1] not in lx.surnames()


@functools.lru_cache(maxsize=2)
def _title_lead_re(lang: str) -> re.Pattern:
    return re.compile(rf"(?:{lx.title_pattern(lang, True)})\s+", re.IGNORECASE)


def _trim(text: str, start: int, end: int, lang: str) -> tuple[int, int]:
    """Drop capitalised sentence starters and titles glued to a name ("Enligt Anna Lindqvist",
    "Kommunpolisen Glen Sjögren", "Prime Minister Ulf Kristersson")."""
    title = _title_lead_re(lang).match(text[start:end])
    if title and len(text[start + title.end():end].split()) >= 2:
        start += title.end()
    words = list(re.finditer(r"\S+", text[start:end]))
    titles = lx.title_words()
    drop = 0
    prefixes = lx.non_persons()[1]
    while len(words) - drop > 2:
        w = words[drop].group().casefold()
        if w in lx.stop_words() or w in titles or w in prefixes or w in lx.speech_verbs(lang) \
                or w in _attribution_words() or w in _introducer_words():
            drop += 1
        else:
            break
    while len(words) - drop >= 2:
        w = words[drop].group().casefold()
        if words[drop].group() in lx.given_names():  # "Per Ek": a stop word that is also a name
            break
        if w in lx.stop_words() or w in lx.speech_verbs(lang) or w in _attribution_words() \
                or w in _introducer_words():
            drop += 1
        else:
            break
    if drop:
        start += words[drop].start() if drop < len(words) else len(text[start:end])
    return start, end


@functools.lru_cache(maxsize=1)
def _letter_re() -> re.Pattern:
    return re.compile(rf"[{lx.UPPER}{lx.LOWER}]")


def _word_before(text: str, pos: int) -> str:
    """The last word before ``pos``, past spaces, quotation marks and commas (folded), read backwards."""
    letter = _letter_re().match
    end = pos
    while end > 0 and (text[end - 1].isspace() or text[end - 1] in QUOTE_MARKS or text[end - 1] == ","):
        end -= 1
    start = end
    while start > 0 and letter(text, start - 1):
        start -= 1
    return text[start:end].casefold()


@functools.lru_cache(maxsize=1)
def _word_after_re() -> re.Pattern:
    return re.compile(rf"[\s,]*([{lx.UPPER}{lx.LOWER}]+)")


def _word_after(text: str, pos: int) -> str:
    m = _word_after_re().match(text, pos)
    return m.group(1).casefold() if m else ""


@functools.lru_cache(maxsize=2)
def _title_ends(lang: str) -> tuple[str, ...]:
    """How a title phrase can end, in lower case: the last word of a title (of a compound, its last
    part), in Swedish its definite form too, or a postmodifier ("emeritus")."""
    rows = lx.titles()
    if lang == "en":
        heads = {t.en.split()[-1] for t in rows if t.kind == "title"}
    else:
        heads = {t.sv.split()[-1] for t in rows if t.kind == "title" and t.use == "both"}
        heads |= {h + e for h in heads for e in lx.name_context("definite_ending")}
    posts = {t.sv if lang == "sv" else t.en for t in rows if t.kind == "postmodifier"}
    return tuple(sorted(w.lower() for w in heads | posts))


def _may_end_in_title(before: str, lang: str) -> bool:
    """Whether ``before`` can end in a title, then perhaps a comma and an honorific ("Dr"): a test in
    a few string operations that the title pattern's search (slow: it tries every position) can
    only pass where this does."""
    stripped = before.rstrip()
    ends = [stripped]
    if len(stripped) < len(before):  # an honorific is followed by a space
        folded = stripped.lower()
        ends += [stripped[:-len(h)] for h in lx.name_context("honorific") if folded.endswith(h.lower())]
    for end in ends:
        end = end.rstrip()
        end = end[:-1].rstrip() if end.endswith(",") else end
        if end.lower().endswith(_title_ends(lang)):
            return True
    return False


@functools.lru_cache(maxsize=2)
def _title_before_re(lang: str) -> re.Pattern:
    genitive = lx.genitive_organization_re().pattern
    return re.compile(rf"(?:(?P<gen>{genitive})\s+)?(?P<title>{lx.title_pattern(lang, True)})"
                      rf"\s*,?\s*(?:(?:{lx.name_context_re('honorific')})\s+)?$", re.IGNORECASE)


def _title_before(text: str, start: int, sent_start: int, lang: str):
    """A title (and genitive organisation) right before the name: 'säger kommunpolis Glen'."""
    before = text[max(sent_start, start - 160):start]  # titles are short: bound the search
    if not _may_end_in_title(before, lang):
        return None
    m = _title_before_re(lang).search(before)
    if not m:
        return None
    # Whole words only: "samordnare" must not be read out of "Xsamordnare" glued to another word.
    if m.start("title") > 0 and before[m.start("title") - 1].isalpha():
        return None
    return m


def _parse_place_org(rest: str, lang: str) -> tuple[str | None, str | None]:
    """(organisation, place) named in a phrase such as 'i Malmö', 'på avhopparverksamheten i Malmö stad'."""
    org = place = None
    municipal = lx.municipal_re().search(rest)
    if municipal:
        org = next(municipal.group(g) for g in "abcd" if municipal.group(g))
        org = re.sub(r"^the\s+", "", org)
        place = lx.municipal_place(municipal)
    found = [m for m in lx.organization_re().finditer(rest)
             if lx.organizations()[m.group()]["kind"] != "programme"]
    if org is None and found:
        authorities = [m for m in found if lx.organizations()[m.group()]["kind"] != "unit"]
        org = (authorities or found)[-1].group()
    if org is None:  # an authority by the form of its name: "Förvaltningsrätten i Malmö", "Sjöfartsverket"
        body = lx.organization_form_re().search(rest)
        if body:
            org = body.group("org")
            place = place or body.group("place")
    if org is None:  # "talesperson för Kristdemokraterna", "chef på Candela Technology AB"
        named = re.search(rf"(?<![{lx.UPPER}{lx.LOWER}])(?:{lx.name_context_re('org_before')})\s+"
                          rf"({lx.CAP_WORD}(?:\s+(?:{lx.CAP_WORD}|[{lx.UPPER}]{{2,}}))*"
                          rf"(?:\s+(?:{lx.name_context_re('org_ending')}))?)(?![{lx.LOWER}])", rest)
        if named and not _is_place_name(named.group(1)):
            org = named.group(1)
    if place is None:
        taken = [(m.start(), m.end()) for m in lx.organization_re().finditer(rest)]
        places = lx.name_context_re("place")
        for m in re.finditer(rf"(?:^|\b(?:{places})\s+)({lx.CAP_WORD}(?:\s+{lx.CAP_WORD})?)", rest):
            s, e = m.span(1)
            if any(a <= s < b for a, b in taken) or _is_non_person(m.group(1), lang, places=False):
                continue
            place = m.group(1)
            break
    return org, place


def _is_place_name(name: str) -> bool:
    """A place of the gazetteer ("Göteborg", "Västra Götaland", "Polisområde Skaraborg", "Skånes")."""
    return lookup_place(name) is not None


@functools.lru_cache(maxsize=1)
def _role_after_res() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The party after a name, the apposition after it (and its opening word), the next full name,
    the role phrase after a preposition."""
    apposition = lx.name_context_re("apposition")
    return (re.compile(rf"^\s*\([{lx.UPPER}]{{1,4}}\)"),
            re.compile(rf"\s*(?:,|/{{1,2}}|\s(?:{apposition}))\s*([^,;:()\n]*)"),
            re.compile(rf"^(?:{apposition})\s+"),
            re.compile(rf"\s*(?-i:{lx.CAP_WORD})[ \u00a0]+(?-i:{lx.CAP_WORD})"),
            re.compile(rf"\s+(?P<word>{lx.name_context_re('role')})\s+[^,;:()\n]*"))


@functools.lru_cache(maxsize=2)
def _appositive_title_re(lang: str) -> re.Pattern:
    # a title first: "Vakthavande befäl"
    return re.compile(rf"(?:(?P<gen>{lx.genitive_organization_re().pattern})\s+"
                      rf"|(?P<lead>(?-i:{lx.CAP_WORD}(?:\s+{lx.CAP_WORD})?))\s+)??"
                      rf"(?P<title>{lx.title_pattern(lang)})(?![{lx.LOWER}])(?P<rest>.*)$", re.IGNORECASE)


@functools.lru_cache(maxsize=2)
def _speech_verb_re(lang: str) -> re.Pattern:
    return re.compile(rf"(?:{'|'.join(lx.speech_verbs(lang))})\b")


def _role_after(text: str, end: int, sent_end: int, lang: str):
    """Title, organisation and place given after the name: ', kommunpolis i Malmö', ' på X i Y'."""
    party, appositive_re, apposition_word, next_name, role = _role_after_res()
    # A party after a politician's name, "Anna Lindqvist (S), kommunalråd", is skipped.
    after = party.sub("", text[end:sent_end])
    # a signature too: "Mikael Ehne //Vakthavande befäl"
    appositive = appositive_re.match(after)
    if appositive:
        phrase = apposition_word.sub("", appositive.group(1).strip().rstrip(".!?"))
        m = _appositive_title_re(lang).match(phrase)
        if m and next_name.match(m.group("rest")):
            return None  # "Ebba Busch, utrikesminister Maria Ek": the title of the next name
        if m:
            org, place = _parse_place_org(m.group("rest"), lang)
            if m.group("gen"):
                org = org or _genitive_base(m.group("gen"))
            if m.group("lead"):
                lead_org, lead_place = _parse_place_org(m.group("lead"), lang)
                org, place = org or lead_org, place or lead_place
            return m.group("title"), org, place
        if phrase and not _speech_verb_re(lang).match(phrase):
            org, place = _parse_place_org(phrase, lang)
            if org or place:
                return None, org, place
        return None
    clause = _role_in_clause(after, lang)
    if clause:
        return clause
    prep = role.match(after)
    if prep:
        org, place = _parse_place_org(prep.group().strip(), lang)
        if org and prep.group("word") in lx.name_context("place") and lx.municipal_re().fullmatch(org):
            return None, None, place  # "Önsta Gryta i Västerås kommun": where a place is, not who works there
        if org or place:
            return None, org, place
    return None


@functools.lru_cache(maxsize=2)
def _clause_title_re(lang: str) -> re.Pattern:
    lower = rf"(?-i:[{lx.LOWER}]+)"
    return re.compile(rf"[ \u00a0]+(?:(?:{lx.name_context_re('predicate')})\s+(?:{lower}\s+){{0,3}}?"
                      rf"|(?:{lower}\s+){{0,6}}?(?:{lx.name_context_re('role_as')})\s+)?"
                      rf"(?P<title>{lx.title_pattern(lang)})(?![{lx.LOWER}])(?P<rest>[^,;:()\n]*)", re.IGNORECASE)


def _role_in_clause(after: str, lang: str):
    """A title later in the name's clause, without a comma: 'Erik Eklund ny generaldirektör för X',
    'Lisa Laun är också vice ordförande i X', 'Joel Smith fortsätter som vikarierande generaldirektör'."""
    m = _clause_title_re(lang).match(after)
    if not m or _role_after_res()[3].match(m.group("rest")):
        return None
    org, place = _parse_place_org(m.group("rest"), lang)
    return m.group("title"), org, place


def _name_shaped(name: str) -> bool:
    """A known given name first, or a known or surname-shaped last word: 'Selma Lagerlöf'."""
    words = name.split()
    last = words[-1].casefold()
    return words[0] in lx.given_names() or words[-1] in lx.surnames() or any(
        last.endswith(e) and len(last) > len(e) + 1 for e in lx.surname_endings())


def _known_org(org: str | None) -> bool:
    """An organisation from the lexicon or of the municipal class, not just a capitalised word."""
    if not org:
        return False
    return org in lx.organizations() or bool(lx.municipal_re().fullmatch(org))


def _genitive_base(word: str) -> str:
    base = word[:-1]
    for name in lx.organizations():
        if name.casefold() == base.casefold():
            return name
    return base


def _verb_before_role(text: str, head: int, verbs: frozenset[str]) -> bool:
    """'säger nyblivne stabschefen Anna Ek', 'säger Sveriges nya ambassadör Anna Ek': a speech verb a few
    words before, the words between a role the title list does not know (no function word, no
    punctuation: 'säger hon till Anna Ek' attributes nothing to Anna Ek)."""
    words = re.findall(r"[^\s]+", text[max(0, head - 120):head])[-6:]
    for word in reversed(words):
        if not re.fullmatch(rf"[{lx.UPPER}{lx.LOWER}\u00ad-]+", word):
            return False
        folded = word.casefold()
        if folded in verbs:
            return True
        if folded in lx.stop_words() and not re.fullmatch(lx.coordinators(), folded):
            return False
    return False


@functools.lru_cache(maxsize=1)
def _between_commas_re() -> re.Pattern:
    return re.compile(rf"(?:\s*\([{lx.UPPER}]{{1,4}}\))?\s*,[^,.;:!?]*,")


def _attribution(text: str, head: int, end: int, lang: str) -> str | None:
    """'before' when a speech verb precedes the name (', säger X'), 'after' for 'X säger', else None.

    ``head`` is where the name, or the title in front of it, starts.
    """
    verbs = lx.speech_verbs(lang)
    phrase_end = _attribution_phrase_end()
    if _word_before(text, head) in verbs | _attribution_words() or \
            phrase_end is not None and phrase_end.search(text[:head]):
        return "before"
    if _verb_before_role(text, head, verbs):
        return "before"
    if _word_after(text, end) in verbs:
        return "after"
    # "Anna Lindqvist, polisen i Uppsala, säger ..." / "Anna Lindqvist (S), kommunalråd, säger"
    skipped = _between_commas_re().match(text, end)
    if skipped and _word_after(text, skipped.end()) in verbs:
        return "after"
    return None


def _quote(doc: Document, blocks, index: int, start: int, end: int, how: str) -> str | None:
    """The quoted words an attribution refers to: same paragraph, or the next one after 'säger:'."""
    a, b = blocks[index]
    para = doc.text[a:b]
    local = start - a
    if how == "before":
        verb = _last_verb_position(para[:local], doc)
        if verb is None:
            return None
        quote = para[:verb]
        if re.fullmatch(rf"\s*(?:{lx.name_context_re('quote_back')})\s*", quote) and index > 0:
            # "Det säger Anna Lindqvist": the quote is the paragraph before, if it is direct speech.
            previous = doc.text[blocks[index - 1][0]:blocks[index - 1][1]].strip()
            quote = previous if previous[:1] in DASHES + QUOTE_MARKS else ""
        # Direct speech only: the quote ends with a comma, dash or quotation mark before the verb, or
        # the paragraph opens with a dash ("– … utvecklingshinder. säger X", a comma forgotten).
        elif not re.search(rf"[,{re.escape(DASHES + QUOTE_MARKS)}]\s*$", quote) and \
                not re.match(rf"\s*[{re.escape(DASHES)}]\s", quote):
            return None
    else:
        if re.match(r"[^.!?:]*?:\s*$", para[local:]) and index + 1 < len(blocks):
            quote = doc.text[blocks[index + 1][0]:blocks[index + 1][1]]
        else:
            return None
    quote = quote.strip().strip(DASHES + QUOTE_MARKS + " ,\u00ad").strip()
    return quote or None


def _last_verb_position(text: str, doc: Document) -> int | None:
    verbs = lx.speech_verbs(_lang(doc))
    for m in reversed(list(re.finditer(r"\w+", text))):
        if m.group().casefold() in verbs:
            return m.start()
    return None


@functools.lru_cache(maxsize=1)
def _introducer_re() -> re.Pattern:
    words = lx.alternation(lx.name_context("introducer") | lx.name_context("honorific"))
    return re.compile(rf"(?<![{lx.UPPER}{lx.LOWER}])(?:{words})[\s:]*$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _introduces_res() -> tuple[re.Pattern, re.Pattern]:
    return (re.compile(rf"^(?:\s*\([{lx.UPPER}]{{1,4}}\))?\s*,[^,.;:!?\n]*,"),
            re.compile(rf"\s*(?:{lx.name_context_re('introduces')})(?![{lx.UPPER}{lx.LOWER}])"))


def _introduced(text: str, start: int, end: int) -> bool:
    """A name opened by words that name a person ("kontakta", "leds av", "Mr.") or followed by a
    phrase that does ("har utsetts till"), perhaps after a role between commas."""
    if _introducer_re().search(text[max(0, start - 60):start]):
        return True
    role, introduces = _introduces_res()
    return bool(introduces.match(role.sub("", text[end:end + 200])))


@functools.lru_cache(maxsize=1)
def _venue_re() -> re.Pattern:
    return re.compile(rf"(?<![{lx.UPPER}{lx.LOWER}])(?:{lx.name_context_re('venue')})[ \u00a0]+$")


def _venue(text: str, start: int) -> bool:
    """A name after words that make it a venue, company or brand ("personal på John Scott", "av
    märket Björn Borg"): the model's word alone does not make it a person."""
    return bool(_venue_re().search(text[max(0, start - 30):start]))


@functools.lru_cache(maxsize=2)
def _title_next_re(lang: str) -> re.Pattern:
    return re.compile(rf"\s+(?:{lx.title_pattern(lang)})(?![{lx.LOWER}])", re.IGNORECASE)


def _genitive_end(text: str, start: int, end: int, lang: str) -> int:
    """'Carl-Oskar Bohlin Rumäniens försvarsminister': a genitive before a title is the next person's
    organisation, not part of this name (the end moves before it)."""
    if len(text[start:end].split()) >= 3 and text[end - 1] == "s" and _title_next_re(lang).match(text, end):
        return text.rfind(" ", start, end)
    return end


@functools.lru_cache(maxsize=1)
def _glued_re() -> re.Pattern:
    return re.compile(rf"-[{lx.LOWER}]")


def _rejected(text: str, start: int, end: int, lang: str) -> bool:
    """A candidate that is no person's name: one word, glued, in a street name, or a non-person."""
    name = text[start:end]
    # "Trump-imitatören": a name glued to a lower-case word is a modifier, not a mention.
    glued = _glued_re().match(text, end, end + 2)
    # "Gustav Adolfs torg", "Major Nilssons väg": a name inside a street name is no person.
    street = lx.street_re().match(text, end)
    return bool(len(name.split()) < 2 or glued or street or _is_non_person(name, lang))


def _may_be_a_name(text: str, start: int, end: int, lang: str) -> bool:
    """Whether a candidate can pass ``_rejected`` whatever the model says.  The model moves a start
    only to a later token of the candidate (after a space, a hyphen or an apostrophe: the only
    places a run of letters is split), and the end follows from the start."""
    starts = [start] + [p for p in range(start + 1, end) if text[p - 1].isspace() or text[p - 1] in "-'"
                        or text[p] in "-'"]
    return any(not _rejected(text, s, _genitive_end(text, s, end, lang), lang)
               for s in starts if len(text[s:end].split()) >= 2)


def extract_mentions(doc: Document) -> list[Mention]:
    """Every named person in ``doc`` with title, organisation, place and attributed quote."""
    if not doc.text:
        return []
    lang = _lang(doc)
    blocks = _blocks(doc)
    text = doc.text
    # The rules' name candidates (two to four capitalised words, trimmed), by block.
    candidates = [(index, *_trim(text, m.start(), m.end(), lang))
                  for index, (a, b) in enumerate(blocks) for m in name_re().finditer(text, a, b)]
    # The model's spans are only read against these candidates, each a span around or inside one that
    # can be a name whatever the model says: the model reads only the words around them, in one batch.
    model = set(person_spans(doc, context_windows(
        text, [(start, end, *blocks[index]) for index, start, end in candidates
               if _may_be_a_name(text, start, end, lang)])))
    mentions: list[Mention] = []
    unproven: list[tuple[Any, ...]] = []  # names without evidence here: people if named with evidence elsewhere
    for index, start, end in candidates:
        a, b = blocks[index]
        # "Regissören Stefan Metz": a capitalised word the model leaves out is not part of the name.
        inner = [(s, e) for s, e in model if start < s and e == end and len(text[s:e].split()) >= 2]
        # ... unless it is a given name ("Marie-Claire Swärd Capra")
        if inner and not all(w.split("-")[0] in lx.given_names() for w in text[start:min(inner)[0]].split()):
            start = min(inner)[0]
        end = _genitive_end(text, start, end, lang)
        name = text[start:end]
        if _rejected(text, start, end, lang):
            continue
        sent_start, sent_end, position = _sentence_bounds(doc, start, (a, b))
        title_m = _title_before(text, start, sent_start, lang)
        how = _attribution(text, start - len(title_m.string) + title_m.start() if title_m else start, end, lang)
        role_after = _role_after(text, end, sent_end, lang)
        # The model alone tags many capitalised foreign phrases PER ("Capitol Hill"): without
        # rule evidence its span must be the whole name, and the name must look like one.
        by_model = any(s <= start and end <= e for s, e in model)
        model_alone = by_model and (start, end) in model and _name_shaped(name) and not _venue(text, start)
        introduced = _introduced(text, start, end)
        # "besöker statsministern Wiener Musikverein": a definite title alone speaks for a name
        # only when it looks like one
        if title_m and not (how or introduced or role_after) and not _name_shaped(name) and \
                lx.is_definite_title(title_m.group("title")):
            continue
        if _ends_in_place(name) and not (how or title_m or introduced):
            continue
        by_rules = bool(how or title_m or (role_after and (role_after[0] or _known_org(role_after[1])))
                        or introduced)
        hinted = lang == "en" and name.split()[0] in lx.given_names() and role_after is not None
        args = (doc, blocks, index, name, start, end, position, lang, title_m, role_after, how)
        if not (by_rules or model_alone or hinted):
            unproven.append(args)
            continue
        source = "rules+model" if by_rules and by_model else "model" if model_alone and not by_rules else "rules"
        mentions.append(_build(source, *_without_genitive(args)))
    # "Tobias Thyberg gjorde värnplikten": a name found with evidence is the same person elsewhere
    # in the document.
    known = {_fold_name(m.name_as_written) for m in mentions}
    for held in map(_without_genitive, unproven):  # "Raoul Wallenbergs försvinnande" too
        if _fold_name(held[3]) in known:
            mentions.append(_build("rules", *held))
    mentions += _single_name_mentions(doc, blocks, mentions, lang)
    mentions.sort(key=lambda x: x.start)
    return mentions


def _without_genitive(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """'Claes Norgrens betänkande' -> 'Claes Norgren' when the document names him so elsewhere."""
    doc, blocks, index, name, start, end, *rest = args
    base = name[:-1]
    if name.endswith("s") and re.search(rf"(?<![\w-]){re.escape(base)}(?![\w-])", doc.text):
        return (doc, blocks, index, base, start, end - 1, *rest)
    return args


def _fold_name(name: str) -> str:
    return " ".join(name.casefold().split())


def _build(source, doc, blocks, index, name, start, end, position, lang, title_m, role_after, how) -> Mention:
    title = org = place = None
    if role_after:
        title, org, place = role_after
    if title_m and not title:
        title = title_m.group("title")
        if title_m.group("gen"):
            org = org or _genitive_base(title_m.group("gen"))
    title_en = implied = None
    if title:
        title = title.strip(" ,").replace("\u00ad", "")  # a soft hyphen is no part of the title
        if title[1:] == title[1:].lower():  # a capital only because the title starts the sentence
            title = title[:1].lower() + title[1:]
        title, title_en, implied = lx.translate_title(title, lang)
    return Mention(
        name_as_written=name, start=start, end=end, title=title, title_en=title_en,
        organization=org or implied or None, place=place,
        quote=_quote(doc, blocks, index, start, end, how) if how else None,
        sentence_position=position, source=source)


@functools.lru_cache(maxsize=1)
def _previous_word_re() -> re.Pattern:
    return re.compile(rf"({lx.CAP_WORD})[ \u00a0]+$")


@functools.lru_cache(maxsize=1)
def _next_capital_re() -> re.Pattern:
    return re.compile(rf"s?[ \u00a0]+[{lx.UPPER}]")


def _single_name_mentions(doc, blocks, found: list[Mention], lang: str) -> list[Mention]:
    """'Sjögren säger', 'Bengt anmäldes försvunnen' after 'Glen Sjögren', 'Bengt Olausson': a
    surname or given name alone refers back to the full name found in the document (a genitive
    'Buschs' too), unless it is part of a longer capitalised name or a street name."""
    full = [m for m in found if len(m.name_as_written.split()) >= 2]
    words = sorted({w for m in full for w in (m.name_as_written.split()[0], m.name_as_written.split()[-1])})
    taken = [(m.start, m.end) for m in found]
    out = []
    for word in words:
        folded = word.casefold()
        if folded in lx.non_persons()[1] or folded in lx.stop_words() and word not in lx.given_names():
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?=s?(?![\w-]))", doc.text):
            s, e = m.start(), m.end()
            if any(a <= s < b for a, b in taken):
                continue
            if _is_place_name(word) and _word_before(doc.text, s) in lx.name_context("place"):
                continue  # "i Lund" after "Anna Lund"
            # part of another name ("Anna Busch" is not a mention of "Ebba Busch"), or a street's
            prev = _previous_word_re().search(doc.text[max(0, s - 40):s])
            if prev and prev.group(1).casefold() not in lx.stop_words() | lx.title_words():
                continue
            if _next_capital_re().match(doc.text, e, e + 3) or lx.street_re().match(doc.text, e) \
                    or lx.street_re().match(doc.text, e + 1):
                continue
            index = next((i for i, (a, b) in enumerate(blocks) if a <= s < b), None)
            if index is None:
                continue
            sent_start, sent_end, position = _sentence_bounds(doc, s, blocks[index])
            title_m = _title_before(doc.text, s, sent_start, lang)
            how = _attribution(doc.text, s - len(title_m.string) + title_m.start() if title_m else s, e, lang)
            out.append(_build("rules", doc, blocks, index, word, s, e, position, lang, title_m,
                              _role_after(doc.text, e, sent_end, lang), how))
    return out
