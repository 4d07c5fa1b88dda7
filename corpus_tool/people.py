"""People across the corpus: mentions grouped into persons, with the reason for every merge.

``link_people(documents)`` returns ``PeopleLinks``: the people, every spelling of each with
the reason it was merged (``Alias``), and which mention is which person.  Rules, in order:

1. the same full name (case and spacing aside) is one person;
2. two full names that differ only by a spelling variant of one part ("Rebeca"/"Rebecca",
   "Sjögren"/"Sjogren": one inserted or dropped letter, or diacritics) while the other part is
   identical are one person when their contexts agree (a shared place or organisation) and do
   not conflict (two different places named at the mentions);
3. a surname alone ("Sjögren säger") belongs to the one full name with that surname in the same
   document, else a given name alone ("Bengt anmäldes försvunnen") to the one full name with that
   given name; when there are several, it stays unassigned.

Different given names with the same surname ("Anna Lindqvist", "Erik Lindqvist") never merge.
``confirm_with_source`` checks the people found in a translation against its source;
``link_corpus_people`` does both over a corpus.  Nothing here reads or writes a database.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Indel

from .document import Alignment, Document, Link, Mention, Pair
from .extract import officials_words as lx
from .extract.officials import extract_mentions


@dataclass(frozen=True)
class Person:
    id: int
    name: str  # the canonical spelling


@dataclass(frozen=True)
class Alias:
    person_id: int
    name: str  # a spelling as written
    reason: str  # why this spelling is this person


@dataclass(frozen=True)
class Assignment:
    mention_id: int
    person_id: int


@dataclass
class PeopleLinks:
    people: list[Person] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    confirmed_by_source: int = 0  # translation mentions confirmed by their source


def _fold(text: str) -> str:
    """Case, spacing and diacritics folded: 'Sjögren' and 'sjogren' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _variant(a: str, b: str) -> bool:
    """One letter inserted or dropped (not substituted), or only diacritics differ."""
    if _fold(a) == _fold(b):
        return True
    return min(len(a), len(b)) >= 4 and Indel.distance(a.casefold(), b.casefold()) == 1


def spelling_variants(a: str, b: str) -> str | None:
    """Why two full names are spellings of one name, or None when they are different names."""
    pa, pb = a.split(), b.split()
    if len(pa) != len(pb) or len(pa) < 2:
        return None
    differing = [(x, y) for x, y in zip(pa, pb) if _key(x) != _key(y)]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    if not _variant(x, y):
        return None
    part = "surname" if (x, y) == (pa[-1], pb[-1]) else "given name"
    return f"spelling variant of the {part} ({x}/{y})"


def variant_keys(name: str) -> set[tuple]:
    """Blocking keys of a full name: two names that ``spelling_variants`` calls one share at least one.

    Each key is the name with one part left open (its position, the other parts as written) and a
    form of that part: folded (diacritics and case aside), as written, or with one letter dropped,
    so that two spellings one letter apart meet on the shorter one.
    """
    parts = name.split()
    if len(parts) < 2:
        return set()
    keys: set[tuple] = set()
    for j, part in enumerate(parts):
        rest = (len(parts), j, tuple(_key(x) for i, x in enumerate(parts) if i != j))
        folded = part.casefold()
        keys.add((*rest, "fold", _fold(part)))
        keys.update((*rest, "drop", folded[:i] + folded[i + 1:]) for i in range(len(folded) + 1))
    return keys


def _document_place(doc: Document) -> str | None:
    """The place a document is about: the most frequent 'i/in/of <Place>' that is not an organisation."""
    counts = Counter(m.group(1) for m in re.finditer(rf"\b(?:i|in|of)\s+({lx.CAP_WORD})\b", doc.text)
                     if m.group(1).casefold() not in {o.casefold() for o in lx.organizations()})
    return counts.most_common(1)[0][0] if counts else None


def _org_key(org: str | None) -> str | None:
    """Organisations compared across languages: 'City of Malmö' and 'Malmö stad' are one."""
    if not org:
        return None
    municipal = lx.municipal_re().fullmatch(re.sub(r"^the\s+", "", org))
    if municipal:
        return f"municipality:{_fold(lx.municipal_place(municipal))}"
    row = lx.organizations().get(org)
    if row and row["en"] in lx.organizations():  # an English row names its Swedish equivalent
        return _fold(row["en"])
    return _fold(org)


@dataclass(frozen=True)
class _Seen:
    """What linking keeps of a mention: its spelling, place, organisation and id, and its document's place."""

    name: str
    place: str | None
    organization: str | None
    id: int | None
    doc_place: str | None


def link_people(documents: Iterable[Document]) -> PeopleLinks:
    """Group the mentions of ``documents`` into people, every merge with its reason.

    The documents are read once, in order, and not kept: only their mentions' names, places and
    organisations are, so ``documents`` may be a stream of a whole corpus.
    """
    full: dict[str, list[_Seen]] = defaultdict(list)
    # a name alone, with the full names of its document
    surname_only: list[tuple[_Seen, list[str]]] = []
    order: list[str] = []
    for doc in documents:
        place = _document_place(doc)
        full_names = [x.name_as_written for x in doc.mentions if len(x.name_as_written.split()) >= 2]
        for m in sorted(doc.mentions, key=lambda x: x.start):
            seen = _Seen(m.name_as_written, m.place, m.organization, m.id, place)
            if len(m.name_as_written.split()) >= 2:
                k = _key(m.name_as_written)
                if k not in full:
                    order.append(k)
                full[k].append(seen)
            else:
                surname_only.append((seen, full_names))

    shown: dict[str, str] = {}  # folded place -> as written, for the merge reason

    def context(k: str) -> tuple[set, set, set]:
        for m in full[k]:
            for p in (m.place, m.doc_place):
                if p:
                    shown.setdefault(_fold(p), p)
        places = {_fold(m.place) for m in full[k] if m.place}
        doc_places = {_fold(m.doc_place) for m in full[k] if m.doc_place}
        orgs = {_org_key(m.organization) for m in full[k] if m.organization}
        orgs |= {f"municipality:{p}" for p in places}  # "i Malmö" and "Malmö stad" agree on place
        return places, places | doc_places, orgs

    parent = {k: k for k in order}
    reasons: dict[str, str] = {}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    # Only names sharing a variant key (``variant_keys``) can be variants: compare within those blocks,
    # small however many names share a surname.
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for k in order:
        for key in variant_keys(full[k][0].name):
            blocks[key].append(k)
    rank = {k: i for i, k in enumerate(order)}
    candidates = sorted({(a, b) for block in blocks.values() for a in block for b in block if rank[a] < rank[b]},
                        key=lambda ab: (rank[ab[0]], rank[ab[1]]))
    del blocks
    for a, b in candidates:
        if root(a) == root(b):
            continue
        why = spelling_variants(full[a][0].name, full[b][0].name)
        if not why:
            continue
        places_a, all_a, orgs_a = context(a)
        places_b, all_b, orgs_b = context(b)
        if places_a and places_b and not places_a & places_b:
            continue  # named at two different places: two people
        shared_places = sorted(all_a & all_b)
        shared_orgs = sorted(o for o in orgs_a & orgs_b if not o.startswith("municipality:"))
        if not (shared_places or shared_orgs):
            continue
        evidence = "; ".join(filter(None, [
            f"same place: {', '.join(shown.get(p, p) for p in shared_places)}" if shared_places else "",
            f"same organisation: {', '.join(shared_orgs)}" if shared_orgs else ""]))
        parent[root(b)] = root(a)
        # Either spelling may end up the canonical one: both carry the reason for their merge.
        for k in (a, b):
            reasons.setdefault(k, f"{why}; same other name part; {evidence}")

    groups: dict[str, list[str]] = defaultdict(list)
    for k in order:
        groups[root(k)].append(k)

    people: list[Person] = []
    aliases: list[Alias] = []
    assignments: list[Assignment] = []
    person_of_key: dict[str, int] = {}
    named: set[tuple[int, str]] = set()  # (person, spelling) of every alias
    for pid, r in enumerate(groups, start=1):
        spellings: Counter[str] = Counter()
        for k in groups[r]:
            for seen in full[k]:
                spellings[seen.name] += 1
        first_seen = {s: i for i, s in reversed(list(enumerate(
            seen.name for k in groups[r] for seen in full[k])))}
        canonical = max(spellings, key=lambda s: (spellings[s], -first_seen[s]))
        people.append(Person(pid, canonical))
        for spelling in sorted(spellings, key=lambda s: first_seen[s]):
            k = _key(spelling)
            if spelling == canonical:
                reason = f"canonical spelling: the most frequent ({spellings[spelling]} of {sum(spellings.values())})"
            elif k == _key(canonical):
                reason = "same name, different case or spacing"
            else:
                reason = reasons.get(k) or f"merged with '{canonical}' through another spelling"
            aliases.append(Alias(pid, spelling, reason))
            named.add((pid, spelling))
        for k in groups[r]:
            person_of_key[k] = pid
            assignments += [Assignment(seen.id, pid) for seen in full[k] if seen.id is not None]

    for alone, full_names in surname_only:
        part = "surname"
        for part, position in (("surname", -1), ("given name", 0)):  # noqa: B007 (read after the loop)
            person_ids = {person_of_key[_key(x)] for x in full_names if _key(x.split()[position]) == _key(alone.name)}
            if person_ids:
                break
        if len(person_ids) == 1:
            pid = person_ids.pop()
            if alone.id is not None:
                assignments.append(Assignment(alone.id, pid))
            if (pid, alone.name) not in named:
                aliases.append(Alias(pid, alone.name, f"{part} alone, with the full name in the same document"))
                named.add((pid, alone.name))
    return PeopleLinks(people, aliases, assignments)


def _sentences_linked(links: list[Link]) -> dict[int, set[int]]:
    """Target sentence position -> the source sentence positions aligned with it."""
    out: dict[int, set[int]] = defaultdict(set)
    for link in links:
        for t in link.tgt:
            out[t] |= set(link.src)
    return out


def _same_name(a: str, b: str) -> bool:
    return _key(a) == _key(b) or _fold(a) == _fold(b) or spelling_variants(a, b) is not None


def confirm_with_source(target: Document, source: Document, links: list[Link]) -> list[Mention]:
    """The target's mentions, confirmed by the people of its source document.

    A name in the translation is kept when the source names the same person (same or variant
    spelling) in an aligned sentence, or anywhere in the source when the sentence is unaligned;
    it is dropped when the source, whose mentions are known, does not name that person at all.
    Names the source has but the translation's rules missed are added where the aligned target
    sentence contains them verbatim.  Confirmed mentions get ``source`` "...+pair" and borrow
    the English title from the source when they have none.
    """
    target_mentions = target.mentions or extract_mentions(target)
    source_mentions = source.mentions or extract_mentions(source)
    by_target = _sentences_linked(links)
    by_source_sentence: dict[int | None, list[Mention]] = defaultdict(list)
    for m in source_mentions:
        by_source_sentence[m.sentence_position].append(m)

    confirmed: list[Mention] = []
    for m in target_mentions:
        aligned = by_target.get(m.sentence_position) if m.sentence_position is not None else None
        pool = [s for pos in aligned for s in by_source_sentence[pos]] if aligned else source_mentions
        match = next((s for s in pool if _same_name(s.name_as_written, m.name_as_written)), None)
        if match is None and aligned:  # alignment may be off by a sentence: any source mention will do
            match = next((s for s in source_mentions if _same_name(s.name_as_written, m.name_as_written)), None)
        if match is None:
            continue
        confirmed.append(replace(m, source=m.source if m.source.endswith("pair") else f"{m.source}+pair",
                                 title_en=m.title_en or match.title_en))

    have = {(m.sentence_position, _key(m.name_as_written)) for m in confirmed}
    for t_pos, s_positions in by_target.items():
        if t_pos >= len(target.sentences):
            continue
        sentence = target.sentences[t_pos]
        for s_pos in s_positions:
            for s in by_source_sentence.get(s_pos, []):
                if (t_pos, _key(s.name_as_written)) in have:
                    continue
                at = target.text.find(s.name_as_written, sentence.start, sentence.end)
                if at < 0:
                    continue
                confirmed.append(Mention(name_as_written=s.name_as_written, start=at, end=at + len(s.name_as_written),
                                         title_en=s.title_en, sentence_position=t_pos, source="pair"))
                have.add((t_pos, _key(s.name_as_written)))
    confirmed.sort(key=lambda x: x.start)
    return confirmed


def link_corpus_people(documents: Sequence[Document] | Mapping[int, Document],
                       pairs: Sequence[tuple[Pair, Sequence[Alignment]]] = (),
                       pair_documents: Mapping[int, Document] | None = None) -> PeopleLinks:
    """People of a stored corpus, a translation's mentions first confirmed by its source.

    ``pairs`` are the stored translation pairs with their alignments (sentence ids); the
    mentions a source does not confirm stay without a person.  Only stored mentions (with
    ids) can be assigned: names a pair adds are not rows.

    ``documents`` is a sequence, or a mapping of ids to documents read when asked for (such as
    ``store.StoredDocuments``): it is read once, in order, and only the paired documents are
    looked up again (in ``pair_documents`` when given, a mapping that reads the parts
    confirmation needs: paragraphs, sentences, mentions).  What is kept between documents is the
    confirmed mentions of the translations and what ``link_people`` keeps.
    """
    if isinstance(documents, Mapping):
        by_id: Mapping = documents
        stream: Iterable[Document] = documents.values()
    else:
        by_id = {d.id: d for d in documents}
        stream = documents
    lookup = pair_documents if pair_documents is not None else by_id
    confirmed_of: dict[int, list[Mention]] = {}  # a translation's mentions, confirmed by its source
    confirmed = 0
    for pair, alignments in pairs:
        source_id, target_id = pair.source_document_id, pair.target_document_id
        if source_id not in lookup or target_id not in lookup:
            continue
        source, target = lookup[source_id], lookup[target_id]
        if source_id in confirmed_of:  # a translation that is another's source: as confirmed
            source = replace(source, mentions=confirmed_of[source_id])
        if target_id in confirmed_of:
            target = replace(target, mentions=confirmed_of[target_id])
        if not target.mentions:
            continue
        src_pos = {s.id: s.position for s in source.sentences}
        tgt_pos = {s.id: s.position for s in target.sentences}
        links = [Link(tuple(src_pos[i] for i in a.source_sentence_ids if i in src_pos),
                      tuple(tgt_pos[i] for i in a.target_sentence_ids if i in tgt_pos), a.score)
                 for a in alignments]
        confirmed_of[target_id] = [m for m in confirm_with_source(target, source, links) if m.id is not None]
        confirmed += len(confirmed_of[target_id])
    if isinstance(documents, Mapping):  # read again as stored: each takes its confirmed mentions as read
        stream = (replace(d, mentions=confirmed_of[d.id]) if d.id in confirmed_of else d for d in stream)
    else:
        for doc in documents:  # the documents given take their confirmed mentions
            if doc.id in confirmed_of:
                doc.mentions = confirmed_of[doc.id]
    links_found = link_people(stream)
    links_found.confirmed_by_source = confirmed
    return links_found
