"""Officials: who is quoted, with which title, organisation and place; people across documents."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from corpus_tool import process_text
from corpus_tool.document import Document, Link, Mention
from corpus_tool.extract import officials
from corpus_tool.extract.ner import context_windows, ner_model, person_spans
from corpus_tool.extract.officials import extract_mentions, name_re
from corpus_tool.people import Alias, Assignment, Person, confirm_with_source, link_people, spelling_variants

EVAL = Path(__file__).resolve().parent / "eval"
_spec = importlib.util.spec_from_file_location("score_officials", EVAL / "score_officials.py")
scorer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scorer)

# Floors on the seeds' gold (tests/eval/officials_gold.tsv); measured 1.0 everywhere.
FLOORS = {"name": (1.0, 1.0), "title": (0.9, 0.9), "organization": (0.9, 0.9), "place": (0.8, 0.8),
          "quote": (0.9, 0.9)}
NOT_PEOPLE = ["Sluta skjut", "Sluta Skjut", "Stop Shooting", "Stop Shoot", "Frivården", "Operation Rimfrost",
              "Malmö stad", "City of Malmö", "Brå", "Malmö", "Boston", "New Orleans", "Stockton", "Cincinnati"]


def doc_of(text: str, lang: str) -> Document:
    doc = process_text(text)
    doc.lang = lang  # one-line texts: the language is part of the case, not detected
    return doc


@pytest.fixture(scope="module")
def seed_mentions(seed_docs):
    return {key: extract_mentions(doc) for key, doc in seed_docs.items()}


def test_gold_scores_meet_floors(seed_mentions):
    result = scorer.score(scorer.read_gold(), seed_mentions)
    for field, (p_floor, r_floor) in FLOORS.items():
        assert result[field]["precision"] >= p_floor, (field, result[field])
        assert result[field]["recall"] >= r_floor, (field, result[field])


@pytest.mark.parametrize("doc,name,title", [
    ("000", "Glen Sjögren", "kommunpolis"),
    ("000", "Rebeca Persson", None),
    ("000", "Mattias Sigfridsson", "tillförordnad polisområdeschef"),
    ("001", "Mattias Sigfridsson", "acting police chief"),
    ("003", "Jonas Angermund", "frivårdsinspektör och koordinator"),
    ("003", "Rebecca Persson", "socialsekreterare och koordinator"),
])
def test_the_four_people_are_found_with_titles(seed_mentions, doc, name, title):
    found = [m for m in seed_mentions[doc] if m.name_as_written == name]
    assert found, [m.name_as_written for m in seed_mentions[doc]]
    assert found[0].title == title


def test_no_seed_non_person_is_a_person(seed_mentions):
    names = {m.name_as_written.casefold() for ms in seed_mentions.values() for m in ms}
    assert not names & {n.casefold() for n in NOT_PEOPLE}
    assert seed_mentions["004"] == []


def test_mentions_point_into_the_text(seed_docs, seed_mentions):
    for key, mentions in seed_mentions.items():
        doc = seed_docs[key]
        for m in mentions:
            assert doc.text[m.start:m.end] == m.name_as_written
            sentence = doc.sentences[m.sentence_position]
            assert sentence.start <= m.start < sentence.end


@pytest.mark.parametrize("lang,text,name,title,organization,place", [
    ("sv", "– Vi ser allvarligt på detta, säger polisområdeschef Anna Lindqvist.",
     "Anna Lindqvist", "polisområdeschef", "polisen", None),
    ("sv", "– Det är oroande, säger Anna Lindqvist, polisområdeschef i Göteborg.",
     "Anna Lindqvist", "polisområdeschef", "polisen", "Göteborg"),
    ("sv", "Anna Lindqvist, presstalesperson vid polisen i Uppsala, säger att läget är lugnt.",
     "Anna Lindqvist", "presstalesperson", "polisen", "Uppsala"),
    ("sv", "– Vi har ökat närvaron, säger Karin Holm, socialsekreterare i Uppsala kommun.",
     "Karin Holm", "socialsekreterare", "Uppsala kommun", "Uppsala"),
    ("sv", "Enligt Erik Berg, kriminalinspektör vid polisen i Lund, är läget allvarligt.",
     "Erik Berg", "kriminalinspektör", "polisen", "Lund"),
    ("sv", "– Vi utreder händelsen, säger t.f. polischef Per Ek.", "Per Ek", "t.f. polischef", "polisen", None),
    ("sv", "– Vi utreder, säger biträdande polisområdeschef Sara Nilsson i Örebro.",
     "Sara Nilsson", "biträdande polisområdeschef", "polisen", "Örebro"),
    ("sv", "– Tryggheten har ökat, säger Anna-Karin von Essen, kommunalråd i Malmö stad.",
     "Anna-Karin von Essen", "kommunalråd", "Malmö stad", "Malmö"),
    ("sv", "– Vi fortsätter, säger trygghetssamordnare Lisa Ek på Helsingborgs stad.",
     "Lisa Ek", "trygghetssamordnare", "Helsingborgs stad", "Helsingborg"),
    ("sv", "Polisens presstalesperson Lars Berg säger att ingen greps.", "Lars Berg", "presstalesperson",
     "polisen", None),
    ("sv", "– Vi är nöjda, säger Ulf Holm, Kriminalvården.", "Ulf Holm", None, "Kriminalvården", None),
    ("sv", "– Vi ser allvarligt på detta, säger polisområdeschefen Anna Lindqvist.",
     "Anna Lindqvist", "polisområdeschefen", "polisen", None),
    ("sv", "– Det är allvarligt, säger Anna Lindqvist (S), kommunstyrelsens ordförande i Lunds kommun.",
     "Anna Lindqvist", "kommunstyrelsens ordförande", "Lunds kommun", "Lund"),
    ("sv", "– Det är allvarligt, säger Anna Lindqvist som är presstalesperson vid polisen i Malmö.",
     "Anna Lindqvist", "presstalesperson", "polisen", "Malmö"),
    ("sv", "Anna Lindqvist, polisen i Uppsala, säger att läget är lugnt.", "Anna Lindqvist", None, "polisen",
     "Uppsala"),
    ("sv", "Kommunpolis Johan Ek säger att läget är lugnt.", "Johan Ek", "kommunpolis", "polisen", None),
    ("en", "Police chief Anna Lindqvist said the situation was calm.", "Anna Lindqvist", "police chief",
     "the police", None),
    ("en", "\"It is calm,\" Anna Lindqvist, who is police chief in Malmö, said.", "Anna Lindqvist", "police chief",
     "the police", "Malmö"),
    ("en", "\"We are concerned,\" says Anna Lindqvist, police chief in Gothenburg.",
     "Anna Lindqvist", "police chief", "the police", "Gothenburg"),
    ("en", "\"We will continue,\" said police spokesperson John Smith.",
     "John Smith", "police spokesperson", "the police", None),
    ("en", "According to Sara Nilsson, head of unit at the City of Uppsala, the number has fallen.",
     "Sara Nilsson", "head of unit", "City of Uppsala", "Uppsala"),
    ("en", "- We are ready, adds Maria Holm, acting chief prosecutor.", "Maria Holm", "acting chief prosecutor",
     "Swedish Prosecution Authority", None),
    ("en", "\"We are ready,\" says Gerry McNeilly, director of the review board.", "Gerry McNeilly", "director",
     None, None),
    ("sv", "– Vi är redo, säger Sean O'Brien från Lund.", "Sean O'Brien", None, None, "Lund"),
    ("sv", "Utredningen leds av åklagare Karl Svensson vid Åklagarmyndigheten i Göteborg.", "Karl Svensson",
     "åklagare", "Åklagarmyndigheten", "Göteborg"),
    ("sv", "Kommunpolisen Glen Berg deltog i mötet.", "Glen Berg", "kommunpolisen", "polisen", None),
    ("en", "Anna Lindqvist, press spokesperson at Police Region South, said the investigation continues.",
     "Anna Lindqvist", "press spokesperson", "Police Region South", None),
    ("en", "The meeting was chaired by Prime Minister Ulf Kristersson.", "Ulf Kristersson", "Prime Minister",
     None, None),
])
def test_unseen_attribution_forms(lang, text, name, title, organization, place):
    mentions = extract_mentions(doc_of(text, lang))
    assert [m.name_as_written for m in mentions] == [name]
    m = mentions[0]
    assert (m.title, m.organization, m.place) == (title, organization, place)


@pytest.mark.parametrize("lang,text", [
    ("sv", "Enligt Brå har antalet skjutningar minskat. Operation Rimfrost pågår i Malmö och Göteborg."),
    ("sv", "Stop Shooting och Malmö Stad samarbetar med Frivården inom Sluta Skjut."),
    ("sv", "– Vi fortsätter arbetet, säger Malmö stad i ett pressmeddelande."),
    ("en", "In Boston and New Orleans the model was used. Operation Rimfrost continues, says the City of Malmö."),
    ("sv", "– Det är möjligt att ha normala nivåer, säger Canadian Blood Services (CBS)."),
    ("sv", "För de som följer sociala medier på Capitol Hill blir detta annorlunda."),
    ("sv", "Representanter från Motion Picture Association of America och Consumer Technology Association var där."),
    ("sv", "Polisen i Malmö och Malmö stad har presenterat Gruppvåldsintervention för Skatteverket och Tullverket."),
    ("sv", "Polisen Söker Vittnen Efter Skottlossningen I Malmö"),
])
def test_names_that_are_not_people(lang, text):
    assert extract_mentions(doc_of(text, lang)) == []


@pytest.mark.parametrize("text,quote", [
    ("– Vi har ökat närvaron i området, säger Karin Holm, socialsekreterare.", "Vi har ökat närvaron i området"),
    ("Kommunpolis Johan Ek säger:\n\n– Vi kommer att fortsätta arbeta med detta.",
     "Vi kommer att fortsätta arbeta med detta."),
    ("Karin Holm säger att läget är lugnt.", None),  # reported speech: no direct quote
    ("– Vi ser en tydlig minskning i år.\n\nDet säger Karin Holm, socialsekreterare i Lund.",
     "Vi ser en tydlig minskning i år."),
    ("Antalet har minskat.\n\nDet säger Karin Holm, socialsekreterare i Lund.", None),
])
def test_quotes(text, quote):
    (m,) = extract_mentions(doc_of(text, "sv"))
    assert m.quote == quote


def test_surname_alone_refers_back():
    text = "– Vi är oroade, säger Anna Lindqvist, polisområdeschef.\n\n– Men vi ger inte upp, säger Lindqvist."
    mentions = extract_mentions(doc_of(text, "sv"))
    assert [m.name_as_written for m in mentions] == ["Anna Lindqvist", "Lindqvist"]
    assert mentions[1].quote == "Men vi ger inte upp"


@pytest.mark.parametrize("doc", [
    Document(source="empty"),
    Document(source="unsegmented", text="– Det är allvarligt, säger polisområdeschef Anna Lindqvist."),
    Document(source="no-lang", text="Hej\n\n\n", lang=None),
    Document(source="junk", text="\x00\ufffd ÅÄÖ " * 500 + "A" * 5000, lang="sv"),
    Document(source="titles-only", text="kommunpolis och samordnare samt chef " * 300 + "säger", lang="sv"),
])
def test_bad_or_bare_input_does_not_crash(doc):
    mentions = extract_mentions(doc)
    assert all(doc.text[m.start:m.end] == m.name_as_written for m in mentions)


# --- people across documents -------------------------------------------------------------------

def _numbered(docs):
    n = 0
    for d in docs:
        d.mentions = extract_mentions(d)
        for m in d.mentions:
            n += 1
            m.id = n
    return docs


@pytest.mark.parametrize("order", [sorted, lambda keys: sorted(keys, reverse=True)])
def test_seed_people_and_the_rebeca_rebecca_merge(seed_docs, order):
    docs = _numbered([seed_docs[k] for k in order(seed_docs)])
    links = link_people(docs)
    assert sorted(p.name for p in links.people) == ["Glen Sjögren", "Jonas Angermund", "Mattias Sigfridsson",
                                                     "Rebeca Persson"]
    pid = next(p.id for p in links.people if p.name == "Rebeca Persson")
    spellings = {a.name: a.reason for a in links.aliases if a.person_id == pid}
    assert set(spellings) == {"Rebeca Persson", "Rebecca Persson"}
    assert "spelling variant" in spellings["Rebecca Persson"] and "Malmö" in spellings["Rebecca Persson"]
    assert len(links.assignments) == sum(len(d.mentions) for d in docs)


@pytest.mark.parametrize("texts,expected_people", [
    # two people who share a surname
    (["– Vi är oroade, säger Anna Lindqvist, polisområdeschef i Göteborg.",
      "– Vi är nöjda, säger Erik Lindqvist, polisområdeschef i Göteborg."], 2),
    # a one-letter substitution is another name, not a spelling (Maria/Mario)
    (["– Vi ser det, säger Maria Persson, socialsekreterare i Malmö.",
      "– Vi ser det, säger Mario Persson, socialsekreterare i Malmö."], 2),
    # a spelling variant at two different places: two people
    (["– Ja, säger Rebeca Holm, socialsekreterare i Malmö.",
      "– Ja, säger Rebecca Holm, socialsekreterare i Umeå."], 2),
    # a spelling variant, same place: one person
    (["– Ja, säger Rebeca Holm, socialsekreterare i Malmö.",
      "– Ja, säger Rebecca Holm, socialsekreterare i Malmö."], 1),
    # diacritics only
    (["– Ja, säger Glen Sjögren, kommunpolis i Lund.", "\"Yes,\" says Glen Sjogren, police officer in Lund."], 1),
])
def test_people_merge_only_spelling_variants(texts, expected_people):
    docs = _numbered([doc_of(t, "en" if t.startswith('"') else "sv") for t in texts])
    links = link_people(docs)
    assert len(links.people) == expected_people, links.aliases


@pytest.mark.parametrize("a,b,variant", [
    ("Rebeca Persson", "Rebecca Persson", True),
    ("Glen Sjögren", "Glen Sjogren", True),
    ("Mattias Sigfridsson", "Mattias Sigfridson", True),
    ("Anna Lindqvist", "Erik Lindqvist", False),
    ("Maria Persson", "Mario Persson", False),
    ("Jon Persson", "Jonas Persson", False),
    ("Anna Berg", "Anna Lindqvist", False),
])
def test_spelling_variants(a, b, variant):
    assert (spelling_variants(a, b) is not None) == variant


def test_surname_alone_is_assigned_within_its_document():
    text = "– Vi är oroade, säger Anna Lindqvist, polisområdeschef.\n\n– Men vi ger inte upp, säger Lindqvist."
    (doc,) = _numbered([doc_of(text, "sv")])
    links = link_people([doc])
    assert links.people == [Person(1, "Anna Lindqvist")]
    assert sorted(links.assignments, key=lambda a: a.mention_id) == [Assignment(1, 1), Assignment(2, 1)]
    assert [a.name for a in links.aliases if isinstance(a, Alias)] == ["Anna Lindqvist", "Lindqvist"]


# --- translations ------------------------------------------------------------------------------

def _links_by_name(source: Document, target: Document) -> list[Link]:
    """Links between the sentences of two documents that name the same people (a stand-in aligner)."""
    links = []
    for s in source.mentions:
        for t in target.mentions:
            if s.name_as_written == t.name_as_written:
                links.append(Link((s.sentence_position,), (t.sentence_position,), 1.0))
    return links


def test_translation_names_confirmed_by_source(seed_docs):
    source, target = seed_docs["000"], seed_docs["001"]
    source.mentions, target.mentions = extract_mentions(source), extract_mentions(target)
    confirmed = confirm_with_source(target, source, _links_by_name(source, target))
    assert [m.name_as_written for m in confirmed] == ["Glen Sjögren", "Rebeca Persson", "Mattias Sigfridsson"]
    assert all(m.source.endswith("pair") for m in confirmed)


def test_translation_drops_names_the_source_lacks_and_adds_missed_ones():
    source = doc_of("– Vi är oroade, säger Anna Lindqvist, polisområdeschef.\n\nKarin Holm besökte platsen.", "sv")
    target = doc_of("- We are worried, says Anna Lindqvist, police chief.\n\nKarin Holm visited the site. "
                    "\"Fine,\" says Stop Watch.", "en")
    source.mentions = [Mention("Anna Lindqvist", *_span(source.text, "Anna Lindqvist"), sentence_position=0),
                       Mention("Karin Holm", *_span(source.text, "Karin Holm"), sentence_position=1)]
    target.mentions = [Mention("Anna Lindqvist", *_span(target.text, "Anna Lindqvist"), sentence_position=0),
                       Mention("Stop Watch", *_span(target.text, "Stop Watch"), sentence_position=2)]
    links = [Link((0,), (0,), 1.0), Link((1,), (1,), 1.0)]
    confirmed = confirm_with_source(target, source, links)
    assert [(m.name_as_written, m.source) for m in confirmed] == [("Anna Lindqvist", "rules+pair"),
                                                                   ("Karin Holm", "pair")]


def _span(text: str, name: str) -> tuple[int, int]:
    at = text.index(name)
    return at, at + len(name)


# --- the shipped NER model ---------------------------------------------------------------------

def test_ner_model_is_shipped_and_small():
    model_dir = Path(__file__).resolve().parent.parent / "corpus_tool" / "models" / "ner_sv"
    size = sum(f.stat().st_size for f in model_dir.rglob("*") if f.is_file())
    assert ner_model() is not None
    assert size < 15_000_000


@pytest.mark.parametrize("lang,text", [
    ("sv", "I går träffade Karin Johansson representanter för föreningen i Västerås."),
    ("en", "Yesterday Karin Johansson met representatives of the association in Västerås."),
])
def test_ner_model_finds_a_person_without_rule_evidence(lang, text):
    mentions = extract_mentions(doc_of(text, lang))
    assert [(m.name_as_written, m.source) for m in mentions] == [("Karin Johansson", "model")]


@pytest.mark.parametrize("text,name", [
    ("Pedro Sánchez, liksom många andra socialister, sade i programmet att Spanien är en nation.", "Pedro Sánchez"),
    ("Pedro Sánchez, like many other socialists, said on the programme that Spain is a nation.", "Pedro Sánchez"),
])
def test_a_speech_verb_after_a_phrase_between_commas_attributes(text, name):
    (m,) = extract_mentions(doc_of(text, "en" if " the " in text else "sv"))
    assert m.name_as_written == name and m.source.startswith("rules")


def test_the_model_reads_names_written_with_any_letters():
    """"Báñez": the model is asked about every name candidate, whatever letters follow its capitals."""
    text = "Facket kräver ett upphävande av den lagstiftning som Fátima Báñez är mest stolt över."
    assert [(m.name_as_written, m.source) for m in extract_mentions(doc_of(text, "sv"))] == [("Fátima Báñez", "model")]


def test_the_model_reads_only_the_words_around_a_candidate():
    """The windows the model reads: a few words either side of each candidate, within its paragraph,
    merged where they meet; the mentions are those of the model reading whole paragraphs."""
    text = " ".join(f"w{i}" for i in range(40))
    block = (0, len(text))
    at = text.index("w20")
    (window,) = context_windows(text, [(at, at + 3, *block)], words=2)
    assert text[slice(*window)] == "w18 w19 w20 w21 w22"
    near = text.index("w22")
    assert [text[a:b] for a, b in context_windows(text, [(at, at + 3, *block), (near, near + 3, *block)], 2)] \
        == ["w18 w19 w20 w21 w22 w23 w24"]
    assert [text[a:b] for a, b in context_windows(text, [(0, 2, *block)], 2)] == ["w0 w1 w2"]
    doc = doc_of("Polisen i Malmö. I går träffade Karin Johansson representanter för föreningen i Västerås, "
                 "säger kommunpolis Glen Sjögren.", "sv")
    whole = person_spans(doc, [(p.start, p.end) for p in doc.paragraphs])
    assert sorted(person_spans(doc, context_windows(doc.text, [
        (m.start(), m.end(), p.start, p.end) for p in doc.paragraphs
        for m in name_re().finditer(doc.text, p.start, p.end)]))) == sorted(whole)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_quick_title_test_passes_every_text_the_title_pattern_matches(seed_docs, lang):
    """The title pattern is searched only where a few string operations say a title can end: they
    must let through every text before a word that the pattern would match."""
    texts = [d.text for d in seed_docs.values()] + [
        "säger ministern för civilt försvar ", "enligt Polisens presstalesperson, Dr. ", "says Prime Minister ",
        "säger professor emeritus ", "säger integrations\u00administer ", "sade justitie- och migrationsministern "]
    matched = 0
    for text in texts:
        for end in [m.start() for m in re.finditer(r"\b\w", text)] + [len(text)]:
            before = text[max(0, end - 160):end]
            if officials._title_before_re(lang).search(before):
                matched += 1
                assert officials._may_end_in_title(before, lang), before[-60:]
    assert matched >= 5


# --- in the database -----------------------------------------------------------------------------

def test_people_tables_after_a_run(seed_conn):
    people = dict(seed_conn.execute("SELECT name, id FROM people").fetchall())
    assert set(people) == {"Glen Sjögren", "Rebeca Persson", "Mattias Sigfridsson", "Jonas Angermund"}
    aliases = dict(seed_conn.execute("SELECT name, reason FROM person_aliases WHERE person_id = ?",
                                     (people["Rebeca Persson"],)).fetchall())
    assert "spelling variant" in aliases["Rebecca Persson"]
    unassigned = seed_conn.execute("SELECT COUNT(*) FROM mentions WHERE person_id IS NULL").fetchone()[0]
    assert unassigned == 0
    counts = dict(seed_conn.execute(
        "SELECT p.name, COUNT(*) FROM mentions m JOIN people p ON p.id = m.person_id GROUP BY p.name").fetchall())
    assert counts == {"Glen Sjögren": 6, "Rebeca Persson": 3, "Mattias Sigfridsson": 2, "Jonas Angermund": 1}


def test_rebuild_people_confirms_translations_by_their_source():
    from corpus_tool import store
    from corpus_tool.document import Alignment, Pair
    from corpus_tool.pipeline import rebuild_people

    source = doc_of("– Vi är oroade, säger Anna Lindqvist, polisområdeschef i Lund.", "sv")
    target = doc_of("- We are worried, says Anna Lindqvist, police chief in Lund. \"Yes,\" says Bo Ek, "
                    "police officer.", "en")
    source.source, target.source = "sv.txt", "en.txt"
    for d in (source, target):
        d.mentions = extract_mentions(d)
    assert [m.name_as_written for m in target.mentions] == ["Anna Lindqvist", "Bo Ek"]
    conn = store.connect(":memory:")
    store.write_document(conn, source)
    store.write_document(conn, target)
    alignment = Alignment(0, 0, [source.sentences[0].id], [target.sentences[0].id], 1.0)
    store.replace_pairs(conn, [(Pair(source.id, target.id, 1.0, "explicit"), [alignment])])
    report = rebuild_people(conn)
    assert report.counts["people"] == 1 and report.counts["confirmed_by_source"] == 1
    rows = conn.execute("SELECT name_as_written, person_id FROM mentions WHERE document_id = ? ORDER BY start",
                        (target.id,)).fetchall()
    assert [tuple(r) for r in rows] == [("Anna Lindqvist", 1), ("Bo Ek", None)]


# --- command line ------------------------------------------------------------------------------

def test_people_command(seed_db, tmp_path):
    from typer.testing import CliRunner

    from corpus_tool.cli import app

    result = CliRunner().invoke(app, ["people", "--db", str(seed_db), "--no-relink"])
    assert result.exit_code == 0, result.output
    assert "Rebecca Persson" in result.output and "Glen Sjögren" in result.output
    missing = CliRunner().invoke(app, ["people", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database" in missing.output


@pytest.mark.parametrize("text,name,title,title_en,quote", [
    ("– Vi gör det nu, säger energi- och näringsminister Ebba Holm.", "Ebba Holm", "energi- och näringsminister",
     "minister for energy and business and industry", "Vi gör det nu"),
    ("– Vi gör det nu, säger gymnasie-, högskole- och forskningsminister Lotta Ek.", "Lotta Ek",
     "gymnasie-, högskole- och forskningsminister",
     "minister for upper secondary schools, higher education and research", "Vi gör det nu"),
    ("– Vi gör det nu, säger jämställdhets- och biträdande arbetsmarknadsminister Paula Berg.", "Paula Berg",
     "jämställdhets- och biträdande arbetsmarknadsminister",
     "minister for gender equality and deputy minister for employment", "Vi gör det nu"),
    ("– Vi gör det nu, säger EU-minister Jessika Lund.", "Jessika Lund", "EU-minister", "minister for EU affairs",
     "Vi gör det nu"),
    ("– Vi gör det nu, säger IT-chef Jonas Ek.", "Jonas Ek", "IT-chef", "IT head", "Vi gör det nu"),
    ("– Vi gör det nu, säger klimat- och miljöminister Romina Berg.", "Romina Berg", "klimat- och miljöminister",
     "minister for climate and the environment", "Vi gör det nu"),
])
def test_whole_titles_keep_their_quote(text, name, title, title_en, quote):
    (m,) = extract_mentions(doc_of(text, "sv"))
    assert (m.name_as_written, m.title, m.title_en, m.quote) == (name, title, title_en, quote)


@pytest.mark.parametrize("text", [
    "Larm om brand på Gustav Adolfs torg i Göteborg.",
    "En man greps på Karl Johansgatan vid midnatt.",
    "Olyckan skedde på Major Nilssons väg och på Dag Hammarskjöldsväg.",
    "En bil körde in i en husvägg på Jakob Mommas gata. Polis och räddningstjänst larmas till Johan Brinks Gata.",
    "Polisområde Skaraborg söker vittnen. Trafikplats Lindeborg är avstängd i båda riktningarna.",
    "En bil brinner vid länsväg 293 i Norr Amsberg. Patrullen åker till Östra Falmark.",
    "Mordbrand Göteborg\n\nEn lägenhet brann i natt i Hallonbergen Sundbyberg.",
    "En förskola på Sven Erikssonsgymnasiet drabbades av inbrott.",
    "En man bar sneakers av märket Björn Borg.",
    "Polis beordras till Sörby Urfjäll i Gävle kommun efter en arbetsplatsolycka.",
])
def test_streets_places_and_headings_are_not_people(text):
    doc = doc_of(text, "sv")
    assert extract_mentions(doc) == []
    doc.mentions = extract_mentions(doc)
    assert link_people([doc]).people == []


@pytest.mark.parametrize("text,name,title,organization", [
    ("Chefsrådman Petrus Tired, på Förvaltningsrätten i Malmö, har utsetts till särskild utredare.",
     "Petrus Tired", "chefsrådman", "Förvaltningsrätten i Malmö"),
    ("Petrus Tired, chefsrådman på Förvaltningsrätten i Malmö, har utsetts till särskild utredare.",
     "Petrus Tired", "chefsrådman", "Förvaltningsrätten i Malmö"),
    ("Regeringen har i dag utsett Anna Berg till ny generaldirektör.", "Anna Berg", None, None),
    ("Ärendet leds av åklagare Karl Svensson.", "Karl Svensson", "åklagare", "Åklagarmyndigheten"),
    ("Förundersökningen leds av Karl Svensson.", "Karl Svensson", None, None),
    ("Kontakt: Anna Ek, pressekreterare hos socialministern", "Anna Ek", "pressekreterare", None),
    ("Kontakta Sebastian Tham för mer information.", "Sebastian Tham", None, None),
    ("Joel Smith fortsätter som vikarierande generaldirektör för Sjöfartsverket.", "Joel Smith",
     "vikarierande generaldirektör", "Sjöfartsverket"),
    ("Vid mötet deltar Polens ambassadör Mr. Wieslaw Tarka.", "Wieslaw Tarka", "ambassadör", "Polen"),
])
def test_named_people_without_a_quote(text, name, title, organization):
    (m,) = extract_mentions(doc_of(text, "sv"))
    assert (m.name_as_written, m.title, m.organization, m.quote) == (name, title, organization, None)


@pytest.mark.parametrize("title,title_en", [
    ("presstalesperson", "press spokesperson"), ("kommenderingschef", "police operation commander"),
    ("polisinsatschef", "police incident commander"), ("vakthavande befäl", "duty officer"),
    ("åklagare", "prosecutor"), ("förundersökningsledare", "head of the preliminary investigation"),
])
def test_police_and_justice_roles_with_their_english(title, title_en):
    (m,) = extract_mentions(doc_of(f"– Vi har kontroll, säger {title} Johan Berg.", "sv"))
    assert (m.title, m.title_en, m.quote) == (title, title_en, "Vi har kontroll")


def test_a_list_of_people_gives_each_their_own_title():
    text = "Vid besöket närvarar även energi- och näringsminister Ebba Busch, utrikesminister Maria Ek och " \
           "försvarsminister Pål Jonson."
    got = [(m.name_as_written, m.title) for m in extract_mentions(doc_of(text, "sv"))]
    assert got == [("Ebba Busch", "energi- och näringsminister"), ("Maria Ek", "utrikesminister"),
                   ("Pål Jonson", "försvarsminister")]


def test_a_name_found_once_is_found_again_and_alone():
    text = "– Vi söker brett, säger presstalesperson Bengt Olausson.\n\nBengt Olausson har lett arbetet. " \
           "Olausson och Bengt nämns igen, men inte på Bengt Olaussons väg."
    doc = doc_of(text, "sv")
    doc.mentions = extract_mentions(doc)
    assert [m.name_as_written for m in doc.mentions] == ["Bengt Olausson", "Bengt Olausson", "Olausson", "Bengt"]
    for i, m in enumerate(doc.mentions):
        m.id = i
    links = link_people([doc])
    assert [p.name for p in links.people] == ["Bengt Olausson"] and len(links.assignments) == 4
    assert {a.reason for a in links.aliases} >= {"surname alone, with the full name in the same document",
                                                  "given name alone, with the full name in the same document"}


def test_a_place_after_i_is_no_surname_mention():
    text = "– Vi är på plats, säger kommunpolis Anna Lund. Polisen i Lund får hjälp."
    assert [m.name_as_written for m in extract_mentions(doc_of(text, "sv"))] == ["Anna Lund"]


@pytest.mark.parametrize("text,names,title", [
    ("Marie-Claire Swärd Capra är idag ambassadör i Alger.", ["Marie-Claire Swärd Capra"], "ambassadör"),
    ("Regeringen utser Claes Norgren till utredare. I dag tar jag emot Claes Norgrens betänkande.",
     ["Claes Norgren", "Claes Norgren"], None),
    ("– Vi fortsätter, säger arbetsmarknads- och integrations\u00administer Johan Pehrson.", ["Johan Pehrson"],
     "arbetsmarknads- och integrationsminister"),
])
def test_given_names_genitives_and_soft_hyphens(text, names, title):
    mentions = extract_mentions(doc_of(text, "sv"))
    assert [m.name_as_written for m in mentions] == names
    assert mentions[0].title == title


def test_an_authority_by_its_form_is_no_person():
    assert extract_mentions(doc_of("Internationella Rödakorskommittén spelar en viktig roll i Sudan.", "sv")) == []


@pytest.mark.parametrize("text,title", [
    ("– Vi ser allvarligt på detta, säger nyblivne stabschefen Anna Ek.", "stabschefen"),
    ("– Vi ser allvarligt på detta, säger utbildnings - och integrationsminister Anna Ek.",
     "utbildnings - och integrationsminister"),
    ("– Vi ser allvarligt på detta, säger infrastruktur och bostadsminister Anna Ek.", "bostadsminister"),
    ("– Vi ser allvarligt på detta, avslutar Anna Ek.", None),
])
def test_every_quote_whatever_the_title_looks_like(text, title):
    (m,) = extract_mentions(doc_of(text, "sv"))
    assert (m.name_as_written, m.title, m.quote) == ("Anna Ek", title, "Vi ser allvarligt på detta")


def test_no_quote_for_a_name_after_a_pronoun():
    (m,) = extract_mentions(doc_of("– Vi ser allvarligt på detta, säger hon till kollegan Anna Ek.", "sv"))
    assert m.quote is None


def test_a_signature_gives_the_title():
    (m,) = extract_mentions(doc_of("Polisen söker vittnen i närområdet. Mikael Ehne //Vakthavande befäl.", "sv"))
    assert (m.name_as_written, m.title, m.title_en) == ("Mikael Ehne", "vakthavande befäl", "duty officer")


def test_a_genitive_before_the_next_title_and_foreign_letters():
    text = "I dag träffar minister för civilt försvar Carl-Oskar Bohlin Rumäniens försvarsminister Angel Tîlvăr."
    got = [(m.name_as_written, m.title, m.organization) for m in extract_mentions(doc_of(text, "sv"))]
    assert got == [("Carl-Oskar Bohlin", "minister för civilt försvar", None),
                   ("Angel Tîlvăr", "försvarsminister", "Rumänien")]


@pytest.mark.parametrize("text", [
    "Under onsdagen besöker statsministern Wiener Musikverein för att uppleva konserten.",
    "Tre flygbolag listades, bland dem det nationella flygbolaget Iran Air.",
])
def test_a_definite_title_or_a_company_word_before_a_phrase(text):
    assert extract_mentions(doc_of(text, "sv")) == []


@pytest.mark.parametrize("title,title_en", [
    ("gymnasie-, högskole-, och forskningsminister",
     "minister for upper secondary schools, higher education and research"),
    ("klimat- och miljöministern", "minister for climate and the environment"),
])
def test_coordinated_titles_with_a_comma_before_och_or_in_the_definite(title, title_en):
    (m,) = extract_mentions(doc_of(f"– Vi bygger, säger {title} Lotta Ek.", "sv"))
    assert (m.title, m.title_en, m.quote) == (title, title_en, "Vi bygger")


def test_a_title_of_several_words_in_the_definite_and_a_genitive_found_again():
    text = "# Pål Jonson och Carl-Oskar Bohlin besöker Jönköping\n\n– Vi bygger, säger ministern för civilt " \
           "försvar Carl-Oskar Bohlin.\n\nDet är 80 år sedan Carl-Oskar Bohlins besök."
    doc = process_text(text, media_type="text/markdown", lang="sv")
    got = [(m.name_as_written, m.title, m.title_en) for m in doc.mentions if m.name_as_written == "Carl-Oskar Bohlin"]
    assert got == [("Carl-Oskar Bohlin", None, None),
                   ("Carl-Oskar Bohlin", "ministern för civilt försvar", "minister for civil defence"),
                   ("Carl-Oskar Bohlin", None, None)]


def test_direct_speech_opened_by_a_dash_needs_no_comma_before_the_verb():
    (m,) = extract_mentions(doc_of("– Korruption är ett utvecklingshinder. säger biståndsminister Johan Ek.", "sv"))
    assert m.quote == "Korruption är ett utvecklingshinder."
