"""Figures on real police event reports: the non-count classes, counts of one and of none, metrics
by their forms and by clause, the event's period and place, scope; measured on the hand-labelled
gold of 234 polisen.se reports (benchmarks/police_figures.py prints the same figures)."""
from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import needs_devdata, older_database

from corpus_tool import connect, run
from corpus_tool.acquire.events import documents_from_events
from corpus_tool.api import figures_of_text
from corpus_tool.document import Document
from corpus_tool.extract.figures import extract_figures
from corpus_tool.pipeline import RunContext, process_document, stages_named
from corpus_tool.store.schema import SCHEMA_VERSION


def counts(text: str, lang: str = "sv") -> list[tuple]:
    """(surface, value, metric) of each stored count (a figure without a unit) of a bare text."""
    return [(f.surface, f.value, f.metric) for f in figures_of_text(text, lang) if f.unit is None]


# ---------------------------------------------------------------- not counts (cases from the development set)

@pytest.mark.parametrize("text", [
    "20 mars 11.29, Trafikolycka, Strömsund",       # title: date and clock time
    "Larmet kom 23.05. till polisen.",
    "Vid 10.52 larmades polisen.",
    "Samtal inkom kl. 14 om ett inbrott.",
    "vid 14-tiden och vid 17-18-tiden",
    "Mediecenter är obemannat mellan 9-15.30.",                    # a span of hours
    "Han försvann från sitt hem idag mellan 14.00-16.00 tiden.",
    "Olyckan skedde på länsväg 356 norr om byn.",
    "Trafiken på riksväg 90 och väg 40 står still.",
    "Bussen på linje 4 och trafiken på E4 och E6.20.",
    "Rv 66 är avstängd, liksom Länsväg 503.",
    "Männen är i 60- och 25-årsåldern.",
    "personer mellan 20 till 40-årsåldern",
    "kvinnorna är 20 respektive 45 år",
    "pojken har fyllt 15 men inte 18 år",
    "Gärningsperson två sprang från platsen.",
    "Tips kan lämnas på 114 14 eller ring 112 vid akut läge.",
    "Mellan 22 och 07 var det lugnt.",
    "Hon bor på Storgatan 12.",
    "Han fick ordningsbot för att ha kört 117 km/h på en 110-\n\n13.33 Skellefteå:",  # a compound broken off
    "När polisen kommer ringer en kvinna i 90-årsåldern 112.",  # a service number, no call word near
    "Kontakt sker via 11414 eller genom formulär på polisen.se",
])
def test_what_is_no_count_is_never_stored_as_one(text):
    assert counts(text) == []


@pytest.mark.parametrize("text, unit, value", [
    ("Bilen höll 123 km/h på sträckan.", "km/h", 123),
    ("Han körde i 106 kilometer i timmen.", "km/h", 106),
    ("Mannen är cirka 170 centimeter lång.", "cm", 170),
    ("I tanken fanns 675 liter diesel.", "liter", 675),
    ("Det gällde 2 mil av vägen.", "mil", 2),
    ("Beslag av 3 kilo narkotika.", "kg", 3),
    ("Bötesbeloppet var 5 000 kronor.", "SEK", 5000),
])
def test_measurements_speeds_and_money_keep_their_unit(text, unit, value):
    (figure,) = figures_of_text(text, "sv")
    assert (figure.unit, figure.value) == (unit, value)


# ---------------------------------------------------------------- counts of one and of none

@pytest.mark.parametrize("text, lang, expected", [
    ("En gripen.", "sv", [("En", 1, "detained")]),
    ("Vid platsen greps en person.", "sv", [("en", 1, "detained")]),
    ("En man skadades lindrigt.", "sv", [("En", 1, "injured")]),
    ("En av de män som fördes till sjukhus är avliden.", "sv", [("En", 1, "killed")]),
    ("Inga personer har gripits.", "sv", [("Inga", 0, "detained")]),
    ("Ingen person skadades.", "sv", [("Ingen", 0, "injured")]),
    ("Inga personskador.", "sv", [("Inga", 0, "injured")]),
    ("Det fanns ingen skadad.", "sv", [("ingen", 0, "injured")]),
    ("En anmälan om skadegörelse upprättas.", "sv", [("En", 1, "reports_filed")]),
    ("En trafikolycka har inträffat.", "sv", [("En", 1, "traffic_accidents")]),
    ("Vi får larm om att en man har gripits.", "sv", [("en", 1, "detained")]),
    ("No one was injured.", "en", [("No", 0, "injured")]),
    ("One person was arrested.", "en", [("One", 1, "detained")]),
])
def test_counts_of_one_and_of_none_when_a_metric_applies(text, lang, expected):
    assert counts(text, lang) == expected


@pytest.mark.parametrize("text, expected", [
    ("En av förarna får följa med ambulans.", [("En", 1, "injured")]),
    ("Föraren, en man i 20-årsåldern, avfördes med ambulans.", [("en", 1, "injured")]),
    ("En av förarna klagar på smärtor efter olyckan.", [("En", 1, "injured")]),
    ("I bilen färdas fyra personer som samtliga körs till vårdcentral.", [("fyra", 4, "injured")]),
    ("Ingen behöver uppsöka sjukvård.", [("Ingen", 0, "injured")]),
    ("Ingen behöver åka med till sjukhuset.", [("Ingen", 0, "injured")]),
    ("Ingen uppges vara skadad.", [("Ingen", 0, "injured")]),
    ("Det var flera i bilen men ingen kom till skada.", [("flera", None, "other"), ("ingen", 0, "injured")]),
    ("I samband med rånet ska mannen ha fått en mindre skärskada.", [("en", 1, "injured")]),
    ("En man i 35-årsåldern knivhuggs i centrum.", [("En", 1, "injured")]),
    ("Polis påträffar en man i 20-årsåldern med skärskador på armarna.", [("en", 1, "injured")]),
    ("Föraren, en man i 40-årsåldern, ska ej ha behövt föras till sjukhus.", []),  # a negated cue
    ("Cyklisten, en kvinna i 40-årsåldern, behövde inte föras till sjukhus.", []),
])
def test_injuries_by_ambulance_pain_and_care(text, expected):
    """Cues of care (ambulance, hospital, health centre, seeking care) and pain name the injured; a
    verb after "Ingen" ("behöver", "kom") is no counted noun (cases from the development set)."""
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Föraren, en man i 20-årsåldern påvisar tydliga tecken på att vara påverkad av narkotika.",
     [("en", 1, "drunk_driving")]),
    ("Föraren, en kvinna i 60-årsåldern, är inte skadad och trafiken är inte påverkad i nuläget.", []),
    ("Vid en trafikkontroll blåser en man positivt i polisens sållningsinstrument.",
     [("en", 1, "drivers_checked"), ("en", 1, "drunk_driving")]),
    ("En man i 20-årsåldern lämnade sitt hem vid midnatt och har inte återvänt.", [("En", 1, "missing_persons")]),
    ("Föraren, en man i 50-årsåldern, medtagen för kroppsbesiktning efter misstanke om narkotikapåverkan.",
     [("en", 1, "drunk_driving")]),
    ("Personerna, en man i 35-årsåldern och en kvinna i 30-årsåldern greps under förmiddagen.", []),  # named before
    ("Polisen grep en av de misstänkta gärningsmännen, en man i 25-årsåldern.", [("en", 1, "detained")]),
    ("En avförd med ambulans efter arbetsplatsolycka.", [("En", 1, "injured")]),
    ("Ingen förd till sjukhus.", [("Ingen", 0, "injured")]),
    ("En person har trillat och slagit huvudet på en sten.", [("En", 1, "injured")]),
    ("Det är en full utvecklad brand i bostadshuset.", [("en", 1, "fires")]),
    ("Enligt SOS är en person stick- eller skärskadad.", [("en", 1, "injured")]),
    ("Vi får samtal om att en död älg ligger på vägen. Ett skadat rådjur har påträffats.", []),
])
def test_a_driver_s_signs_of_influence_and_negations_inside_a_cue(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Strax därefter grips två personer, en kvinna i 45-årsåldern och en man i 35-årsåldern.",
     [("två", 2, "detained")]),
    ("En bilist, en man i 20-årsåldern, är misstänkt för rattfylleri.", [("En", 1, "drunk_driving")]),
    ("Olyckan skedde med två bilister inblandade, varav en av dem ska känna smärta i nacken.",
     [("två", 2, "other"), ("en", 1, "injured")]),
])
def test_an_apposition_to_a_counted_group_is_not_counted_again(text, expected):
    assert counts(text) == expected


def test_vague_amounts_and_negated_some():
    """ "ett okänt antal", "ett stort antal" are vague counts; "inte … några" is none (development set)."""
    assert counts("Bilen körde in i ett träd och ett okänt antal parkerade bilar.") == [("ett okänt antal", None, "other")]
    assert counts("Det har även kontrollerats ett stort antal personer samt fordon.") == [
        ("ett stort antal", None, "drivers_checked")]
    assert counts("Patrullen uppger att det inte är några allvarliga personskador.") == [("några", 0, "injured")]
    assert counts("Det ska inte röra sig om några personskador.") == [("några", 0, "injured")]
    assert counts("Samtliga 20-talet förare som kontrolleras är nyktra.") == [("20-talet", 20, "drivers_checked")]
    assert counts("På 20-talet var det lugnt.") == []  # a decade
    assert counts("Det finns i nuläget inga uppgifter om att någon skadats.") == []  # no news, not nobody


@pytest.mark.parametrize("text, expected", [
    ("Vid stopp och kontroll misstänks en förare vara påverkad av narkotika.", [("en", 1, "drunk_driving")]),
    ("Vid kontroll misstänks en bilförare, en man, vara påverkad av narkotika.", [("en", 1, "drunk_driving")]),
    ("En av dem, en man i 45-årsåldern, grips misstänkt för stöld.", [("En", 1, "detained")]),
    ("Fem personer är inblandade. En av dem, en man som körde den ena bilen, förs till sjukvård med ambulans.",
     [("Fem", 5, "other"), ("En", 1, "injured")]),                         # its own apposition, no other
    ("Enligt initiala uppgifter ska ingen ha kommit till skada.", [("ingen", 0, "injured")]),
    ("Polisen dirigerar om trafiken för att ingen som arbetar på platsen ska skadas.", []),  # a purpose
    ("Med sig hade mannen en yxa som tagits i beslag.", [("en", 1, "weapons_seized")]),
    ("En man ertappas av ordningsvakt med att bära en kniv på sig.", [("en", 1, "weapons_seized")]),
    ("Mannen omhändertogs vid ett av öltälten.", []),                      # one of the tents, no person
    ("Mannens bil, en grå Peugeot 307, anträffades under kvällen.", []),    # a model
    ("Det pågår en polisinsats vid Tele 2 arena.", []),                     # a name
    ("I Malmö 34 skjutningar under året.", [("34", 34, "shootings")]),
    ("Data från SCIS 74 medlemsskolor visade en ökning.", [("74", 74, "other")]),  # a count after a name
    ("Vägen E 18 är blockerad.", []),                                      # a road written apart
    # a noun of no metric joined to one that has it, or broken off a compound with it
    ("Det har även genomförts ett antal person samt fordonskontroller.", [("ett antal", None, "drivers_checked")]),
    ("Man har även genomfört flera fordons- och personkontroller.", [("flera", None, "drivers_checked")]),
    ("Två personer och tre bilar skadades.", [("Två", 2, "injured"), ("tre", 3, "other")]),
])
def test_drivers_appositions_weapons_purposes_and_names_with_numbers(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Under kvällen kontaktades polisen gällande en 76-årig kvinna som saknas av sina anhöriga.",
     [("en", 1, "missing_persons")]),                                       # before "gällande": the call's
    ("Polisen söker en anmäld försvunnen kvinna", [("en", 1, "missing_persons")]),
    ("Bland mannens saker fanns en kniv och föremål som misstänks vara stulna.", [("en", 1, "weapons_seized")]),
    ("Det finns inga uppgifter om några personskador.", []),               # no news, not none
    ("Polisen avvisar båda två från platsen.", []),                       # both, of a group named already
    ("Båda två grips av polisen.", [("två", 2, "detained")]),              # a sentence of its own
    ("Samtal som inte har mynnat ut i någon anmälan eller åtgärd.", [("någon", 0, "reports_filed")]),
    ("En patrull gör en fordonskontroll i centrala Värnamo.", []),         # one stop: the report's event
    ("Polisen har genomfört tre fordonskontroller.", [("tre", 3, "drivers_checked")]),
])
def test_calls_about_finds_and_news_of_nothing(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("En person som befinner sig på platsen kontrolleras, och grips sedan misstänkt för mordbrand.",
     [("En", 1, "detained")]),                                              # the same subject goes on
    ("En man kontrollerades i Kista och medtogs enligt lagen om omhändertagande av berusade personer.",
     [("En", 1, "custody_lob")]),
    ("När polis kommer hotas även en av poliserna och kvinnan grips.", []),  # "kvinnan": a subject of its own
    ("En målsägande har vinkat in patrullen och pekat ut gärningsmannen som kan gripas.", []),
    ("Patrullen kontrollerade föraren, en man i åttioårsåldern och omhändertog mannens körkort.", []),
    ("Han blir misstänkt för vårdslöshet i trafik och drograttfylleri och frihetsberövas. En man greps.",
     [("En", 1, "detained")]),
    # a cue of `other` hides only the cue inside it, not one elsewhere in the clause
    ("Föraren, en man, blåste positivt och blev misstänkt för rattfylleri då han saknade behörighet.",
     [("en", 1, "drunk_driving")]),
])
def test_a_conjunct_without_a_subject_of_its_own_keeps_the_number_s(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("En man i 20-årsåldern har fått ett föremål i huvudet i samband med arbete.", [("En", 1, "injured")]),
    ("Enligt initiala uppgifter har en man fått en balk på sina ben.", [("en", 1, "injured")]),
    ("En anställd har blivit biten av en orm.", [("En", 1, "injured")]),
    ("En man i 20-årsåldern har blivit misshandlad med ett tillhygge och blöder.", [("En", 1, "injured")]),
    ("En person har anträffats med rökskador.", [("En", 1, "injured")]),
    ("En man hade blivit påhoppad av två gärningsmän och blivit slagen så blodvite uppstod.",
     [("En", 1, "injured"), ("två", 2, "other")]),                         # the doers of a passive
    ("Två personer har skadats efter en påkörningsolycka med tåg.", [("Två", 2, "injured"), ("en", 1, "traffic_accidents")]),
])
def test_harm_by_things_bites_and_bleeding_and_not_to_the_doers(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Larm inkommer om en skadad man i en bostad.", [("en", 1, "injured")]),
    ("Polis kallas till platsen med uppgifter om en mycket allvarligt skadad person.", [("en", 1, "injured")]),
    ("Larm inkommer om en man med stick- eller skärskador på Döbelnsgatan.", [("en", 1, "injured")]),
    ("Larm inkommer om en man som bråkar.", []),                           # what the call is about
    ("Polisen kallas till en bostad med anledning av en avliden person.", []),
])
def test_a_call_about_a_person_hurt_counts_the_injured(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Under en rutinkontroll stoppas en personbil.", [("en", 1, "drivers_checked")]),  # "under": during, not "less than"
    ("Minst en person skadades.", [("Minst en", 1, "injured")]),                        # a bound at one shapes it
])
def test_a_preposition_before_an_article_is_no_qualifier(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Vid en restaurang samlades många ungdomar.", [("många", None, "other")]),
    ("Det finns många faktorer att ta hänsyn till.", []),                  # nothing the police count
    ("Det visade sig att en handfull personer bråkat.", [("en handfull", None, "other")]),
    ("Det är oklart hur många personer som åkte i bilen.", []),            # a question
    ("Anmälaren ser hur flera personer slogs.", [("flera", None, "other")]),  # "how" of a clause, no question
    ("Telefonbedrägeri drabbar många.", []),                                 # no counted word
    ("Many people were injured.", [("Many", None, "injured")]),
    ("It is unclear how many people were injured.", []),
    ("Polisen var på en adress i kommunen där ett par bråkat.", []),      # a couple, before a verb
    ("Vi har omhändertagit ett par personer enligt LOB.", [("ett par", 2, "custody_lob")]),
])
def test_many_and_a_handful_are_vague_counts_but_not_in_a_question(text, expected):
    lang = "en" if text.isascii() else "sv"
    assert counts(text, lang) == expected


@pytest.mark.parametrize("text, expected", [
    ("En bilförare och en cyklist krockar i en korsning och cyklisten, en man i 50-årsåldern, skadas.",
     [("en", 1, "injured")]),
    ("En man och en kvinna (som har en relation) har gripits.", [("En", 1, "detained"), ("en", 1, "detained")]),
    ("Bilens förare, en man i 25-årsåldern, togs med för provtagning och blev misstänkt för drograttfylleri.",
     [("en", 1, "drunk_driving")]),
    ("Föraren, som är en pojke i 15-årsåldern, misstänks för olovlig körning och förarens körkort har omhändertagits.",
     []),
])
def test_an_article_takes_no_cue_of_another_conjunct_or_of_a_thing(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Mannen anhölls efter att ha misshandlat en närstående kvinna.", []),
    ("Föraren får lämna ett rutinmässigt utandningsprov.", []),
    ("Polisen söker efter en försvunnen man.", [("en", 1, "missing_persons")]),
    ("Trafikläget har varit bra, två anmälda viltolyckor.", [("två", 2, "traffic_accidents")]),
    ("Misstanke uppstår om att en fordonsförare, man i 30-årsåldern, kört påverkad av narkotika.",
     [("en", 1, "drunk_driving")]),
    ("Polisen talar med en av målsägandena som uppger att inget saknas.", []),
    ("På E45 är det en bilist som kör på en älg som avlider på platsen.", []),
    ("Två bilar är skadade.", [("Två", 2, "other")]),
    ("Tre personbilar saknas sedan i natt.", [("Tre", 3, "other")]),
])
def test_adjectives_compounds_things_and_other_nouns_clauses(text, expected):
    """An adjective before a counted metric noun (a number's, not an article's), a compound person noun, "inget" (a thing),
    a cue in another noun's relative clause, a cue on people said of things (development set)."""
    assert counts(text) == expected


def test_at_least_one_keeps_its_qualifier():
    (figure,) = figures_of_text("Minst en person skadades.", "sv")
    assert (figure.surface, figure.value, figure.low, figure.high, figure.metric) == ("Minst en", 1, 1, None, "injured")


@pytest.mark.parametrize("text", [
    "En personbil körde av vägen.",                     # an article, no metric
    "Polisen fick samtal om en hög smäll.",             # what a call is about
    "Samtal inkom om att en smäll hade hörts.",         # still what the call is about
    "En man misstänks för misshandel av en kvinna.",    # no cue for either
    "Det finns ingen misstanke om brott.",
    "Arbetet ledde till att mannen påträffades med ett vapen.",
    "Vi har haft ett call-in och ett samtal.",          # metrics one article does not count
])
def test_an_article_with_no_metric_stays_an_article(text):
    assert counts(text) == []


# ---------------------------------------------------------------- metrics by their forms and by clause

@pytest.mark.parametrize("text, lang, metric", [
    ("I natt kan tre personer gripas för brottet.", "sv", "detained"),
    ("Polisen har gripit fem personer.", "sv", "detained"),
    ("Polisen har omhändertagit sex personer enligt LOB.", "sv", "custody_lob"),
    ("Minst två personer är skadade.", "sv", "injured"),
    ("Två personer har förts med ambulans till sjukhus.", "sv", "injured"),
    ("Tre personer har skottskador.", "sv", "injured"),
    ("Under kvällen kontrollerades 50 förare.", "sv", "drivers_checked"),
    ("Det har skett tre bilbränder.", "sv", "fires"),
    ("Fyra trafikolyckor inträffade.", "sv", "traffic_accidents"),
    ("Två rattfylleri upptäcktes.", "sv", "drunk_driving"),
    ("Tre personer anmäldes försvunna.", "sv", "missing_persons"),
    ("Two people were arrested.", "en", "detained"),
    ("Three people were taken to hospital and two died.", "en", "killed"),
])
def test_metric_words_match_through_their_forms(text, lang, metric):
    assert [m for _, _, m in counts(text, lang)][-1] == metric


def test_a_number_takes_the_cue_of_its_own_clause_and_noun():
    text = "Det har kommit in 36 anmälningar om misshandel, varav sju personer har blivit frihetsberövade."
    assert counts(text) == [("36", 36, "reports_filed"), ("sju", 7, "detained")]


def test_a_pronoun_opening_the_next_sentence_gives_its_cue():
    assert counts("I samband med detta påträffas två utländska män. De grips och förhör hålls.") == [
        ("två", 2, "detained")]
    assert counts("Två män sågs springa från platsen. De var i 20-årsåldern.") == [("Två", 2, "other")]
    assert counts("Det är två personer drabbade. Båda personerna är omhändertagna av sjukvården.") == [
        ("två", 2, "injured")]  # taken care of by health care: injured, not custody
    assert counts("Två män bröt upp en bildörr. De försvann sedan från platsen.") == [("Två", 2, "other")]
    assert counts("Två män anmäler varandra. De båda är i 20-årsåldern, det saknas uppgifter om skadeläge.") == [
        ("Två", 2, "other")]  # no news missing, not people


def test_people_checked_are_people_contacted_not_drivers_checked():
    assert counts("Två män kontrolleras i samband med detta.") == [("Två", 2, "people_contacted")]
    assert counts("Ett antal personer är kontrollerade i samband med det.")[0][2] == "people_contacted"
    assert counts("Under kvällen kontrollerades 50 förare.") == [("50", 50, "drivers_checked")]


@pytest.mark.parametrize("text", [
    "I övrigt har vi kontrollerat åtta personer eller fordon.",
    "Polisen har kontrollerat ett antal personer och fordon som inte resulterat i brott.",
    "Polisen har utfört ett flertal kontroller av personer och fordon.",
    "Patruller har kontrollerat flertalet bilister och personer.",
])
def test_people_and_vehicles_checked_are_drivers_checked(text):
    """A count of people coordinated with vehicles, or controls of vehicles, counts drivers checked."""
    assert [m for _, _, m in counts(text)] == ["drivers_checked"]


# ---------------------------------------------------------------- the event: period, place, scope

RECORD = {"id": 1, "title": "20 mars 16:30, Sammanfattning natt, Jämtlands län", "first_seen": "2023-03-26T00:36:34+01:00",
          "preamble": "Nedan följer en sammanfattning av natten.",
          "body": "Kl 04:15, Krokom\nEn bilist har kolliderat med ett rådjur. Inga personskador.\n"
                  "Under natten har polisen i Östersund omhändertagit fyra personer enligt LOB.\n"
                  "I Strömsund greps två personer."}


def test_a_speed_after_respektive_is_both_numbers_unit():
    got = [(f.surface, f.unit) for f in figures_of_text("De hade kört 105 respektive 107 km/h på en 90-sträcka.", "sv")]
    assert got == [("107 km/h", "km/h")]


@pytest.mark.parametrize("text, expected", [
    ("Polisen kontaktas gällande en trafikolycka i Haparanda.", []),  # the event a call is about
    ("Polisen kontaktas gällande en man som skadat sin fot.", [("en", 1, "injured")]),  # a person counts
    ("Flera polispatruller beordras till platsen där en pojke ska ha blivit knivskuren.", [("Flera", None, "other"),
                                                                                          ("en", 1, "injured")]),
    ("Man genomför 2 kör- och vilokontroller och 2 besiktningar av tunga fordon.",
     [("2", 2, "drivers_checked"), ("2", 2, "drivers_checked")]),
])
def test_calls_about_events_patrols_and_controls(text, expected):
    assert counts(text) == expected


def test_drivers_fined_in_a_control_are_its_tally():
    scopes = [(f.surface, f.scope) for f in figures_of_text(
        "Tre förare fick böter för hastighetsöverträdelse. Alla var nyktra, men fyra fick böter. Två män greps. "
        "Två män vid Hällan får ordningsbot för offentlig urinering.", "sv")]
    assert scopes == [("Tre", "statistic"), ("fyra", "statistic"), ("Två", "incident"), ("Två", "incident")]


def test_custody_over_an_evening_and_the_last_day_are_tallies():
    for text in ("Under kvällen har två berusade män omhändertagits i Sundsvall.",
                 "Under det senaste dygnet har 49 viltolyckor registrerats."):
        (figure,) = figures_of_text(text, "sv")
        assert figure.scope == "statistic", text


@pytest.mark.parametrize("text, expected", [
    ("En förare och passagerare i ett av fordonen är skadade.", [("En", 1, "injured")]),  # one of the vehicles
    ("Anmälaren, som är en man i 20-årsåldern, misstänker att föraren är påverkad av alkohol.", []),
    ("Totalt har hastigheten mätts på ett femtiotal fordon.", [("ett femtiotal", 50, "drivers_checked")]),
    ("Polisen åker dit. Båda eleverna, som är tonåringar, misstänks för misshandel.", [("Båda", 2, "other")]),
])
def test_things_of_a_partitive_another_s_cue_and_vehicles_measured(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Polisen hittade en kniv och misstänkt narkotika i bilen.", [("en", 1, "weapons_seized")]),
    ("En man blir misstänkt och ett luftvapen anträffas i en lägenhet.", [("ett", 1, "weapons_seized")]),
    ("Två knivar hittades i bilen.", [("Två", 2, "weapons_seized")]),
    ("Mannen hotade med en kniv.", []),  # a weapon used, not found
    ("Han har ett vapen.", []),
    ("Inga person- skador o ringa skador på fastigheten.", [("Inga", 0, "injured")]),  # broken at a line's end
    ("En man har försvunnit från ett boende på Lillgatan.", [("En", 1, "missing_persons")]),  # a care home
])
def test_a_weapon_found_a_broken_compound_and_a_place_after_fran(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("När patrullen kom frihetsberövades en person enligt lagen om omhändertagande av berusade personer.",
     [("en", 1, "custody_lob")]),  # custody under LOB, not an arrest
    ("Polisen har utfört kontroller av ett antal personer och fordon.", [("ett antal", None, "drivers_checked")]),
    ("Sex personer omhändertagna för fylleri, ett femtontal kontroll person/fordon.",
     [("Sex", 6, "custody_lob"), ("ett femtontal", 15, "drivers_checked")]),
    ("10 stycken förares nykterhet kontrollerades.", [("10", 10, "drivers_checked")]),
    ("Målsägaren en man i 30-årsåldern ska ha skurits i handen.", [("en", 1, "injured")]),
    ("Polisen fick kännedom om att en skadad kvinna inkommit till sjukvården.", [("en", 1, "injured")]),
    ("Uppmätta hastigheter var 82, 80 och 71 kilometer i timmen.", []),  # a list of speeds
    ("Vittnet såg en man i 40 -årsåldern.", []),  # an age with a stray space
])
def test_custody_by_law_controls_of_vehicles_lists_of_measures(text, expected):
    assert counts(text) == expected


def test_a_suspect_of_an_unnamed_crime_is_one_of_the_report_s_type():
    record = dict(RECORD, title="20 januari 10.14, Rattfylleri, Leksand", preamble="En bilist är misstänkt för brott i Noret",
                  body="Polisen stoppade en bil.", first_seen="2024-01-21T01:00:00+01:00")
    assert [(f.surface, f.metric) for f in _processed(record).figures] == [("En", "drunk_driving")]
    record = dict(record, title="20 januari 10.14, Stöld, Leksand")
    assert _processed(record).figures == []
    record = dict(record, title="20 januari 10.14, Rattfylleri, Leksand", preamble="Misstänkt är en kvinna i 35-årsåldern.")
    assert [(f.surface, f.metric) for f in _processed(record).figures] == [("en", "drunk_driving")]


@pytest.mark.parametrize("text, expected", [
    ("Mannen har inga skador men har hotats.", [("inga", 0, "injured")]),
    ("Målsäganden har inte fått några fysiska skador i samband med händelsen.", [("några", 0, "injured")]),
    ("Ingen människa är fysiskt skadad av detonationen.", [("Ingen", 0, "injured")]),
    ("Inga skador på bilen.", []),  # damage to a thing
    ("Den brunna bilen orsakade inga skador på andra fordon.", []),
    ("Han bedömdes inte ha några allvarliga skador.", []),  # perhaps lighter ones
])
def test_no_harm_said_of_a_person_is_none_injured(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Polisen grep tre personer, en kvinna i 45-årsåldern, en man i 45-årsåldern och en man i 30-årsåldern.",
     [("tre", 3, "detained")]),  # every member of the apposition belongs to the three
    ("Kvinnan drar då en kniv och knivskär en av poliserna i ett finger.", [("en", 1, "injured")]),
    ("Resultat från några av dagens trafikkontroller.", [("några", None, "drivers_checked")]),
    ("En av dessa saknade behörighet att köra.", []),
    ("En man uppges ha klämts mellan lastpallar.", [("En", 1, "injured")]),
    ("Polis kunde samtala med flera ungdomar.", [("flera", None, "people_contacted")]),
    ("Vid kontrollen fick 13 fordonsförare blåsa i polisens sållningsinstrument.", [("13", 13, "drivers_checked")]),
    ("Personen, en man i 75-årsåldern, upptäcktes vara borta.", [("en", 1, "missing_persons")]),
    ("En man ska ha fallit från ett tak.", [("En", 1, "injured")]),
    ("En man ska ha ramlat och slagit sig illa.", [("En", 1, "injured")]),
    ("Ingen känd personskada som kräver sjukhusvård.", [("Ingen", 0, "injured")]),
    ("En pojke omhändertas av ambulanssjukvård.", [("En", 1, "injured")]),
    ("Polisen gör en kontroll av två män vid Gallerian.", [("två", 2, "people_contacted")]),
    ("En person har trillat ner från en ställning på cirka 2 meters höjd.", [("En", 1, "injured")]),
])
def test_apposition_chains_wounding_verbs_groups_of_controls(text, expected):
    assert counts(text) == expected


def test_a_rate_of_the_country_is_a_statistic_of_the_country():
    (figure,) = figures_of_text("Trafikverket uppger att runt 15000 transporter varje dag i Sverige görs av åkerier.", "sv")
    assert (figure.place, figure.place_level, figure.scope) == ("Sverige", "country", "statistic")


def test_cash_is_money_and_a_part_of_a_place_names_it():
    (cash,) = figures_of_text("Förutom narkotika hittas ca 40.000 i kontanter.", "sv")
    assert (cash.unit, cash.value) == ("SEK", 40000)
    from corpus_tool.extract.figures import _sentence_places
    ((_, place),) = _sentence_places("Vid en kontroll i centrala Ragunda utfärdas två ordningsböter.")
    assert (place.name, place.code) == ("Ragunda", "2303")


def _processed(record: dict) -> Document:
    doc = documents_from_events(json.dumps([record]).encode("utf-8"), "events.json")[0]
    return process_document(doc, RunContext.default(), stages_named(("clean", "event", "segment", "language", "figures")))


def test_figures_of_a_report_take_its_period_and_the_place_named_for_them():
    doc = _processed(RECORD)
    got = [(f.surface, f.metric, f.period_start, f.period_end, f.place, f.place_code, f.place_level, f.scope)
           for f in doc.figures]
    assert got == [
        ("Inga", "injured", "2023-03-20", "2023-03-21", "Krokom", "2309", "municipality", "incident"),
        ("fyra", "custody_lob", "2023-03-20", "2023-03-21", "Östersund", "2380", "municipality", "statistic"),
        ("två", "detained", "2023-03-20", "2023-03-21", "Strömsund", "2313", "municipality", "incident"),
    ]


def test_a_report_without_another_place_keeps_its_title_place():
    record = dict(RECORD, title="2 maj 10:00, Rån, Upplands väsby", preamble="", body="Två män greps vid stationen.",
                  first_seen="2023-05-03T01:00:00+02:00")
    (figure,) = _processed(record).figures
    assert (figure.place, figure.place_code, figure.period_start, figure.period_end) == (
        "Upplands Väsby", "0114", "2023-05-02", "2023-05-02")


def test_the_summing_up_of_a_summary_is_the_county_s():
    """After the items of a night summary ("Misshandel, Säter kl. 22.40." too), "I övrigt …" and a
    closing "Under natten har …" paragraph count over the report's county, not the last item's place."""
    body = ("Misshandel, Säter kl. 22.40.\nEn man greps efter en misshandel.\n"
            "I övrigt har vi kontrollerat åtta förare och hanterat en viltolycka utan personskada.")
    record = dict(RECORD, title="28 november 07.15, Sammanfattning natt, Dalarnas län", body=body)
    got = [(f.surface, f.place, f.scope) for f in _processed(record).figures]
    assert got == [("En", "Säter", "incident"), ("åtta", "Dalarnas län", "statistic"),
                   ("en", "Dalarnas län", "statistic")]
    body = ("23.08: En trafikolycka inträffar i Lillån i Örebro.\n"
            "02.18: I Varberga stoppas ett fordon för kontroll och föraren, en man, greps för olovlig körning.\n"
            "Under natten har patrullerna genomfört flera fordonskontroller.")
    record = dict(RECORD, title="29 januari 07.36, Sammanfattning natt, Örebro län", body=body)
    got = [(f.surface, f.place) for f in _processed(record).figures]
    assert got == [("En", "Örebro"), ("en", "Örebro"), ("flera", "Örebro län")]


def test_places_of_localities_short_names_and_districts_of_other_counties():
    """ "i Tunadal, Sundsvall": a locality then its municipality; "Malung" is Malung-Sälen; a header
    district of another county ("Norrmalm" in a report from Lycksele) is not the report's place."""
    record = dict(RECORD, title="26 september 07.33, Sammanfattning natt, Västernorrlands län", preamble="",
                  body="01:07 Trafikbrott, Kramfors\nEn man greps i Bollstabruk.\n"
                       "En viltolycka i Tunadal, Sundsvall, har anmälts till polisen under natten.")
    assert [(f.surface, f.place) for f in _processed(record).figures] == [("En", "Kramfors"), ("En", "Sundsvall")]
    record = dict(RECORD, title="24 augusti 07:12, Sammanfattning natt, Dalarnas län", preamble="",
                  body="05.24 Malung. Trafikolycka. Buss med tolv personer krockat med älg.")
    assert [(f.surface, f.place) for f in _processed(record).figures] == [("tolv", "Malung-Sälen")]
    record = dict(RECORD, title="01 oktober 10:30, Trafikkontroll, Lycksele",
                  preamble="Sommarvägen, Norrmalm. Polisen har kontrollerat nykterhet",
                  body="Ett 100-tal förare fick blåsa i polisens sållningsinstrument.")
    assert [(f.surface, f.place) for f in _processed(record).figures] == [("Ett 100-tal", "Lycksele")]


@pytest.mark.parametrize("county, body, places", [
    # an item naming its place in its first sentence
    ("Östergötlands län", "22.09 larmas polisen till Charlottenborg i Motala. I lägenheten fanns en kvinna samt tre barn.",
     [("tre", "Motala")]),
    # a header run into its text, as a cleaned page gives it
    ("Värmlands län", "Karlstad, narkotikabrott 00.36: Två män misstänks efter kontroll för narkotikabrott.",
     [("Två", "Karlstad")]),
    ("Norrbottens län", "01:05 Trafikkontroll, Piteå Polisen har haft en trafikkontroll på E4.", [("en", "Piteå")]),
    ("Östergötlands län", "LOB i Linköping 01:29 Polisen larmades till ett bråk. Tre pojkar omhändertogs som LOB.",
     [("Tre", "Linköping")]),
])
def test_the_place_of_a_summary_s_item(county, body, places):
    record = dict(RECORD, title=f"02 januari 07.57, Sammanfattning natt, {county}", preamble="", body=body)
    assert [(f.surface, f.place) for f in _processed(record).figures] == places


def test_a_summary_s_section_heading_names_the_place_it_sums_up_and_its_days():
    """A heading with a place and no item's type sums up there; its weekdays date their sentences."""
    record = dict(RECORD, title="14 juli 07.33, Sammanfattning natt, Norrbottens län", preamble="",
                  first_seen="2024-07-14T05:44:22+00:00", body=(
                      "02:57 Trafikkontroll, Boden:\n Ett 30-tal förare kontrolleras. Alla är nyktra.\n"
                      "Övrigt:\n Polisen har även utfört kontroller.\n"
                      "Polisens arbete under Putte i Parken i Luleå 2024:\n"
                      "Under fredagen inträffade det ett antal misshandelsfall.\n"
                      "LOB över 18 år: 19 st"))
    got = [(f.surface, f.place, f.period_start, f.period_end, f.scope) for f in _processed(record).figures]
    assert got == [("Ett 30-tal", "Boden", "2024-07-14", "2024-07-15", "statistic"),
                   ("ett antal", "Luleå", "2024-07-12", "2024-07-12", "statistic"),
                   ("19", "Luleå", "2024-07-14", "2024-07-15", "statistic")]


def test_a_summary_s_closing_paragraph_of_other_work_is_the_county_s():
    record = dict(RECORD, title="09 april 07.00, Sammanfattning natt, Västernorrlands län", preamble="",
                  body=("22.10 Sundsvall:\n En man grips misstänkt för stöld.\n"
                        "Polisen har även utfört ett flertal kontroller av personer och fordon som inte resulterat i "
                        "någon brottsmisstanke."))
    got = [(f.surface, f.place, f.scope) for f in _processed(record).figures]
    assert got == [("En", "Sundsvall", "incident"), ("ett flertal", "Västernorrlands län", "statistic")]


def test_a_summary_s_last_paragraph_naming_the_night_is_the_county_s():
    record = dict(RECORD, title="02 juni 07.10, Sammanfattning natt, Västerbottens län", preamble="",
                  body=("01:48 Arbetsplatsolycka, Skellefteå\nEn man greps efter en olycka.\n"
                        "Två viltolyckor har anmälts till polisen under natten och morgonen."))
    got = [(f.surface, f.place, f.scope) for f in _processed(record).figures]
    assert got == [("En", "Skellefteå", "incident"), ("en", "Skellefteå", "incident"),
                   ("Två", "Västerbottens län", "statistic")]


def test_a_weekday_dates_an_incident_and_sums_nothing_up():
    record = dict(RECORD, title="10 augusti 12.00, Försvunnen person, Arjeplog", preamble="",
                  first_seen="2025-08-10T12:00:00+00:00", body="Polisen söker en försvunnen man som lämnade sitt hem i fredags.")
    got = [(f.surface, f.metric, f.period_start, f.scope) for f in _processed(record).figures]
    assert got == [("en", "missing_persons", "2025-08-08", "incident")]


def test_a_road_number_is_no_year_of_a_figure():
    record = dict(RECORD, title="20 oktober 16.18, Trafikolycka, Hässleholm", preamble="",
                  body="En singelolycka med en motorcykel inträffar på länsväg 1925.", first_seen="2024-10-20T15:27:13+00:00")
    (figure,) = _processed(record).figures
    assert (figure.surface, figure.period_start, figure.period_end) == ("En", "2024-10-20", "2024-10-20")


def test_a_header_run_into_its_text_gives_no_cue():
    """A cleaned page may run an item's header into its text: "rattfylleri" there is no cue of "en mopedist"."""
    record = dict(RECORD, title="14 augusti 06.00, Sammanfattning kväll och natt, Hallands län", preamble="",
                  body="05.01 Kungsbacka, rattfylleri På Kollavarvsvägen stoppades en mopedist för kontroll.")
    assert _processed(record).figures == []


def test_year_to_date_ends_at_publication():
    doc = Document(source="x", text="Under 2021 har 18 skjutningar inträffat i Malmö.", lang="sv", published="2021-11-15")
    (figure,) = extract_figures(doc)
    assert (figure.period_start, figure.period_end, figure.scope, figure.place) == (
        "2021-01-01", "2021-11-15", "statistic", "Malmö")
    doc.published = "2022-02-01"
    assert extract_figures(doc)[0].period_end == "2021-12-31"


def test_a_street_or_a_service_is_never_the_place():
    doc = Document(source="x", text="Vid SOS och SUB-ärenden i Storgatan greps två personer.", lang="sv")
    assert extract_figures(doc)[0].place is None


# ---------------------------------------------------------------- the store

def test_events_and_figure_places_are_stored(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    run([path], tmp_path / "c.db", jobs=1, corpus_stages=False)
    conn = connect(tmp_path / "c.db")
    assert tuple(conn.execute("SELECT event_time, event_type, place, place_code, place_level FROM documents")
                 .fetchone()) == ("2023-03-20T16:30", "Sammanfattning natt", "Jämtlands län", "23", "county")
    rows = conn.execute("SELECT surface, place_code, place_level, scope FROM figures_with_source ORDER BY start").fetchall()
    assert [tuple(r) for r in rows] == [("Inga", "2309", "municipality", "incident"),
                                        ("fyra", "2380", "municipality", "statistic"),
                                        ("två", "2313", "municipality", "incident")]


def test_a_database_of_the_schema_before_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    connect(db).close()
    views = [name for (name,) in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'view'")]
    older_database(db, 3, "INSERT INTO documents (source, text, sha256) VALUES ('a.txt', 'Två greps.', 'x')",
                   "DROP INDEX figures_place", *(f"DROP VIEW {view}" for view in views),
                   *(f"ALTER TABLE {table} DROP COLUMN {column}" for table, column in
                     [("documents", "event_time"), ("documents", "place_code"), ("figures", "scope"),
                      ("figures", "place_code")]))
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # migrated to the newest
    assert {"event_time", "place_code"} <= {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
    assert {"scope", "place_code"} <= {r[1] for r in conn.execute("PRAGMA table_info(figures)")}
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'figures_place'").fetchone()[0] == 1
    assert conn.execute("SELECT source FROM documents").fetchone()[0] == "a.txt"


# ---------------------------------------------------------------- the gold: 309 real reports labelled by hand

# Floors at what the rules reach (benchmarks/police_figures.py prints the figures).  `fresh` was
# labelled after development and measured before any change for it: records P 0.969 R 0.892 metric
# 0.954 date 0.992 place 0.960 (the honest held-out figure).  Measured when last raised: records dev
# P 0.957 R 0.985 metric 1.000 date 1.000 place 0.993 scope 0.970; held P 0.971 R 0.957 metric 1.000
# date 0.993 place 0.993 scope 0.918; fresh (after the classes fixed on dev and held since: care and
# pain cues, a summary's summing-up in the county, people and vehicles checked, appositions, vague
# amounts, places of localities and items) P 1.000 R 0.978 metric 1.000 date 1.000 place 0.993 scope
# 0.971; pages dev P 0.932 R 1.000 place 1.000, held P 0.903 R 0.933 date 0.964 place 1.000, fresh
# P 1.000 R 1.000 place 0.957; earlier, pages of the three splits P 0.938 R 0.924 metric 0.973 date 0.983
# place 0.942; scope (pinned since the summaries' totals) before: records dev 0.970 held 0.899 fresh
# 0.944, pages 0.942.  `fresh2` (75 reports, a fourth labeller) was measured before the next round of work:
# records P 0.952 R 0.825 metric 0.971 date 1.000 place 0.970 scope 0.879; its 4 raw pages took pages
# (all) recall from 0.924 to 0.919, hence that floor at 0.91.  Raise them when the rules
# improve, never lower them silently.  `fresh3` (77 reports, a fifth labeller) was labelled after that
# round and measured before the next: records P 0.936 R 0.836 metric 0.928 date 1.000 place 0.912 scope
# 0.912, non-counts stored as counts 2 of 109 (at the start of that round: P 0.944 R 0.828 metric 0.912
# place 0.812); its ceiling on non-counts is what it measured, the 1 % holds for the rest.
# The next round made `fresh2` a development split and decided three conventions (the gold's header:
# a driver's apposition, an article before an adjective, "Båda" before a person noun), applied by
# re-reading every split; `fresh3`'s rows, read for them afterwards, needed no change, but 8 of its
# count rows sat on the "en" ending "Föraren" (a slip, moved to the next word; see the header).  With
# that gold, `fresh3` measured: at the start of the first round P 0.953 R 0.836 metric 0.913 place
# 0.814; after it P 0.945 R 0.844 metric 0.929 place 0.913; after the second P 0.947 R 0.885 metric
# 0.933 place 0.917 scope 0.917, non-counts 2 of 114.  After the second round: records dev P 0.979
# R 0.986, held 0.979 / 0.966, fresh 1.000 / 0.986, fresh2 0.974 / 0.950 (metric 0.974 place 0.982
# scope 0.895); pages held 0.941 / 0.970, all 0.973 / 0.986.  `fresh4` (76 reports, a sixth labeller)
# was labelled after that round and measured before the next: records P 0.960 R 0.903 metric 0.975 date
# 0.992 place 0.975 scope 0.926, non-counts 1 of 126; its 5 raw pages took pages (all) precision from 0.973
# to 0.967, hence that floor at 0.96.  The third round (fines in a control are its tally, convention 4 of
# the header; service numbers; a unit after "respektive"; injuries by wound nouns; negated cues; patrols
# are no people; calls "gällande" an event) left fresh4 unread: after it fresh4 P 0.961 R 0.925 metric
# 0.976 place 0.976 scope 0.960.  Then fresh4 became a development split (its round: P 0.984 R 0.925
# scope 0.984) and `fresh5` (82 reports, a seventh labeller) was labelled and measured before that round:
# P 0.934 R 0.883 metric 1.000 date 0.982 place 0.938 scope 0.973, non-counts 1 of 121.  After the round on
# fresh4 it measured the same (P 0.934 R 0.883); then it became a development split (its round: P 0.952
# R 0.930), and `fresh6` (82 reports, an eighth labeller), unread through both rounds, measured P 0.949
# R 0.928 metric 0.944 place 0.938 scope 0.946 (at the start of the three rounds: P 0.940 R 0.899) before
# its own round (P 0.971 R 0.950).  `fresh7` (82 reports, a ninth labeller) is held apart: labelled during
# the round on fresh6 and only measured after it, P 0.944 R 0.908 metric 0.927 place 0.949 scope 0.924,
# non-counts 0 of 125 (the same code as at the start of these rounds: P 0.944 R 0.900 metric 0.914 scope 0.889).
# Then fresh7 became a development split too (its round: P 0.960 R 0.931 metric 0.976 scope 0.959).
# The round on fresh8 counts a fall as an injury ("En man ska ha fallit från ett tak"), as labellers G, I and
# J label it; labeller C did not ("en man i 60-årsåldern ramlat ned"): fresh's precision 0.993 -> 0.986,
# hence its floor at 0.98.  `fresh8` (82 reports, a tenth labeller) was held apart: labelled during the round on fresh7, measured once
# after it, P 0.982 R 0.917 metric 0.973 date 0.900 place 0.900 scope 0.991, non-counts 0 of 112 (the code at
# the session's start, 0004277: P 0.973 R 0.892 date 0.897 place 0.897 scope 0.963); then a development split
# (its round: P 0.983 R 0.942).  `fresh9` (82 reports, an eleventh labeller) is held apart: labelled during the
# round on fresh8, measured once after it, P 0.978 R 0.949 metric 0.925 date 1.000 place 0.947 scope 0.962,
# non-counts 0 of 134 (the code at the session's start: P 0.962 R 0.928 metric 0.922 scope 0.898, 1 of 133).
# Then fresh9 became a development split, and `fresh10` (82 reports, a twelfth labeller) was held apart:
# labelled during the round on fresh9, measured once after it, P 0.927 R 0.918 (with the code at the round's
# start: P 0.926 R 0.907); then a development split (its round: P 0.949 R 0.959).  `fresh11` (80 reports, a
# thirteenth labeller) is held apart from that round: measured once after it, P 0.918 R 0.918 metric 0.983
# date 0.933 place 0.933, non-counts 3 of 97 (with the code at the session's start: P 0.917 R 0.907); then a
# development split.  `fresh12` (76 reports, a fourteenth labeller) is held apart from its round: measured once
# after it, P 0.921 R 0.891 metric 1.000 date 0.988 place 0.976 scope 0.988 (with the code at the session's
# start: the same P and R, place 0.927, scope 0.976); not pinned.
# "development" is every split but the one held apart: the criteria are pinned on it.
# The round on fresh9 reads harm by things, bites and bleeding ("fått en balk på sina ben", "biten av en
# orm", "blöder"); such a cue may reach the article of another person of its sentence ("ska stoppa en person
# … och en väktare blir biten") or a person a call is about ("larm om att en person fått ström i sig", left
# out by labeller H): fresh3's precision 0.983 -> 0.975, fresh6's 0.971 -> 0.965, hence their floors; and fresh3's boy who "fått
# ett träd över sig" is now one injured, while the sentence after says he died (gold killed): metric 0.952.
FLOORS = {
    ("records", "dev"): {"precision": 0.97, "recall": 0.98, "metric": 0.99, "date": 0.99, "place": 0.99,
                         "scope": 0.97},
    ("records", "held"): {"precision": 0.97, "recall": 0.96, "metric": 0.99, "date": 0.99, "place": 0.99,
                          "scope": 0.94},
    ("records", "fresh"): {"precision": 0.98, "recall": 0.98, "metric": 0.99, "date": 0.99, "place": 0.99,
                           "scope": 0.99},
    ("records", "fresh2"): {"precision": 0.97, "recall": 0.94, "metric": 0.97, "date": 0.99, "place": 0.98,
                            "scope": 0.95},
    ("pages", "dev"): {"precision": 0.96, "recall": 0.98, "metric": 0.99, "date": 0.99, "place": 0.98,
                       "scope": 0.97},
    ("pages", "held"): {"precision": 0.94, "recall": 0.96, "metric": 0.99, "date": 0.96, "place": 0.99,
                        "scope": 0.96},
    ("pages", "fresh"): {"precision": 0.99, "recall": 0.99, "metric": 0.99, "date": 0.99, "place": 0.95,
                         "scope": 0.93},
    ("records", "fresh3"): {"precision": 0.97, "recall": 0.91, "metric": 0.95, "date": 0.99, "place": 0.96,
                            "scope": 0.98},
    ("records", "fresh4"): {"precision": 0.98, "recall": 0.95, "metric": 0.98, "date": 0.99, "place": 0.98,
                            "scope": 0.98},
    ("records", "fresh5"): {"precision": 0.95, "recall": 0.92, "metric": 0.99, "date": 0.98, "place": 0.94,
                            "scope": 0.96},
    ("records", "fresh6"): {"precision": 0.96, "recall": 0.94, "metric": 0.98, "date": 0.99, "place": 0.94,
                            "scope": 0.96},
    ("records", "fresh7"): {"precision": 0.95, "recall": 0.92, "metric": 0.97, "date": 0.99, "place": 0.94,
                            "scope": 0.95},
    ("records", "fresh8"): {"precision": 0.97, "recall": 0.93, "metric": 0.98, "date": 0.90, "place": 0.90,
                            "scope": 0.98},
    ("records", "fresh9"): {"precision": 0.97, "recall": 0.94, "metric": 0.92, "date": 0.99, "place": 0.94,
                            "scope": 0.95},
    ("records", "fresh10"): {"precision": 0.94, "recall": 0.95, "metric": 0.98, "date": 0.98, "place": 0.92,
                             "scope": 0.95},
    ("records", "development"): {"precision": 0.97, "recall": 0.97, "metric": 0.95, "date": 0.95, "place": 0.95,
                                 "scope": 0.96},
    ("pages", "development"): {"precision": 0.97, "recall": 0.97, "metric": 0.95, "date": 0.95, "place": 0.95,
                               "scope": 0.96},
    # the raw pages of every split (fresh11 has none)
    ("pages", "all"): {"precision": 0.96, "recall": 0.97, "metric": 0.98, "date": 0.99, "place": 0.97,
                       "scope": 0.94},
}


@pytest.fixture(scope="module")
def gold_scores():
    needs_devdata("polisen-events", "events.jsonl")
    needs_devdata("polisen-events", "html")
    import police_figures

    return police_figures.evaluate(pages=True)


@pytest.mark.parametrize("source, split", sorted(FLOORS))
def test_police_report_figures_against_the_gold(gold_scores, source, split):
    score = gold_scores[source][split]
    print(f"\n{source} {split}: " + score.line(split))
    floors = FLOORS[(source, split)]
    assert score.precision >= floors["precision"]
    assert score.recall >= floors["recall"]
    assert score.rate("metric") >= floors["metric"]
    assert score.rate("date") >= floors["date"]
    assert score.rate("place") >= floors["place"]
    assert score.rate("scope") >= floors["scope"]
    assert score.rate("noncount") <= floors.get("noncount", 0.01)  # non-counts stored as counts


def test_a_translation_with_no_date_takes_its_sources_date_for_its_periods(tmp_path):
    (tmp_path / "sv.txt").write_text("Publicerad 2021-11-15\n\nSedan årets start har 18 skjutningar inträffat i Malmö."
                                     " Polisen arbetar vidare med ärendena.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Since the start of the year, 18 shootings have taken place in Malmö."
                                     " The police continue to work on the cases.\n", encoding="utf-8")
    summary = run([tmp_path], tmp_path / "c.db", jobs=1, pairs=[(str(tmp_path / "sv.txt"), str(tmp_path / "en.txt"))])
    assert summary.corpus["translations"].counts["periods_dated_by_source"] == 1
    rows = connect(tmp_path / "c.db").execute(
        "SELECT lang, period_start, period_end FROM figures_with_source ORDER BY lang").fetchall()
    assert [tuple(r) for r in rows] == [("en", "2021-01-01", "2021-11-15"), ("sv", "2021-01-01", "2021-11-15")]


def test_the_incidents_of_one_report_never_conflict_but_its_totals_may():
    from corpus_tool.check.conflicts import internal_conflicts

    record = dict(RECORD, body="Kl 01:10, Krokom\nTvå personer greps.\nKl 03:20, Östersund\nTre personer greps.\n"
                               "Under natten har fyra personer omhändertagits enligt LOB.\n"
                               "Totalt har sex personer omhändertagits enligt LOB under natten.")
    doc = _processed(record)
    doc.id = 1
    for f in doc.figures:  # as stored: each figure's sentence has its id
        f.sentence_id = f.sentence_position
    assert [f.scope for f in doc.figures] == ["incident", "incident", "statistic", "statistic"]
    assert [(c.value, c.other_value) for c in internal_conflicts(doc)] == [("fyra", "sex")]


@pytest.mark.parametrize("text, published, expected", [
    ("Under 2024 har 34 skjutningar inträffat i Malmö (40 i fjol).", "2024-11-15",
     [("34", "2024-01-01", "2024-11-15"), ("40", "2023-01-01", "2023-12-31")]),
    ("Hittills i år har 12 personer gripits (fjolårets siffra: 20).", "2025-06-10",
     [("12", "2025-01-01", "2025-06-10"), ("20", "2024-01-01", "2024-12-31")]),
])
def test_a_number_in_parentheses_the_text_says_is_last_years(text, published, expected):
    doc = Document(source="x", text=text, lang="sv", published=published)
    assert [(f.surface, f.period_start, f.period_end) for f in extract_figures(doc)] == expected


def test_a_bare_accident_in_a_report_of_another_kind_is_no_traffic_accident():
    body = "En olycka har inträffat på en byggarbetsplats. En man har förts till sjukhus."
    work = _processed(dict(RECORD, title="12 maj 12:49, Arbetsplatsolycka, Falun", preamble="", body=body))
    assert [(f.surface, f.metric) for f in work.figures] == [("En", "injured")]
    traffic = _processed(dict(RECORD, title="12 maj 12:49, Trafikolycka, Falun", preamble="", body=body))
    assert [(f.surface, f.metric) for f in traffic.figures] == [("En", "traffic_accidents"), ("En", "injured")]


@pytest.mark.parametrize("text, place", [
    ("Två personer greps i Mora.", "Mora"),                  # a name that is also a word, after "i"
    ("Vi har omhändertagit ett par personer i lokalpolisområde Mora enligt LOB.", "Mora"),
    ("Två personer greps i Malmö.", "Malmö"),
    ("En personbil med fyra passagerare har voltat på E4 strax norr om Norrköping.", "Norrköping"),  # near it
])
def test_a_sentence_names_a_place_whose_name_is_also_a_word(text, place):
    assert [f.place for f in figures_of_text(text, "sv")] == [place]


# ---------------------------------------------------------------- classes of the fourth labelled set

@pytest.mark.parametrize("text, expected", [
    ("Föraren, en man i 50-årsåldern, var rejält berusad varför han medtogs.", [("en", 1, "drunk_driving")]),
    ("Misstanke uppstod om att föraren, en man, var påverkad av narkotika.", [("en", 1, "drunk_driving")]),
    ("Föraren, en man, blåser positivt i polisens sållningsinstrument.", [("en", 1, "drunk_driving")]),
    ("Vid kontrollen lämnar en man i 75-årsåldern ett positivt utandningsprov.",
     [("en", 1, "drunk_driving")]),
    # the driver's cue is of a person in apposition, not of a count before it
    ("Två personer färdas i bilen och misstanken är att föraren kan vara påverkad.", [("Två", 2, "other")]),
    ("Föraren, en man, saknade behörighet att köra.", []),  # no missing person
])
def test_drink_and_drug_driving_cues_of_a_driver(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("På Järnagatan omhändertogs en berusad kvinna.", [("en", 1, "custody_lob")]),
    ("En ordningsvakt har omhändertagit en stökig man på en restaurang.", [("en", 1, "custody_lob")]),
    ("Han såg då en fullt utvecklad brand i huset.", [("en", 1, "fires")]),
    ("Det konstaterades att en mindre detonation skett vid en butik.", [("en", 1, "explosions")]),
    ("Föraren får lämna ett rutinmässigt utandningsprov och är nykter.", []),  # a routine, no count
    ("Polisen inleder en förundersökning gällande mordbrand.", []),
    ("Därefter har en åklagare anhållit mannen.", []),
])
def test_an_article_counts_across_adjectives_to_its_person_or_event(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Båda förare är kvar på platsen när patrull anländer.", [("Båda", 2, "other")]),
    ("Båda männen grips.", [("Båda", 2, "detained")]),
    ("I bilen färdas två personer som båda klarade sig oskadda.", [("två", 2, "other")]),
    ("Länsväg 108 är helt stängt i båda riktningarna.", []),
    ("Det skett någon slags explosion i ett elskåp.", [("någon", 1, "explosions")]),
    ("Det har inte skett någon slags explosion.", [("någon", 0, "explosions")]),
    ("En 15 årig pojke har blivit gripen.", [("En", 1, "detained")]),  # 15 an age, not a count
])
def test_both_some_kind_of_and_ages_written_apart(text, expected):
    assert counts(text) == expected


def test_counted_nouns_are_stored_as_nouns_not_verbs():
    from corpus_tool.extract.metrics import noun_lemma
    assert [noun_lemma(w, "sv") for w in ("man", "män", "bilar", "fall", "smällar", "gripna", "personer")] == [
        "man", "man", "bil", "fall", "smäll", "gripen", "person"]
    assert [f.noun for f in figures_of_text("Två män greps och en man skadades.", "sv")] == ["man", "man"]


@pytest.mark.parametrize("text, expected", [
    ("Mannen grips misstänkt för att ha misshandlat en jämnårig kvinna.", []),
    ("En man i 50-årsåldern grips misstänkt för att ha slagit en kvinna i 30-årsåldern.",
     [("En", 1, "detained")]),
    ("Det har också inkommit en rad viltolyckor.", []),  # "en rad" is no count of one
    ("Polisen upprättar en anmälan om misstänkt rattfylleri mot en man.", [("en", 1, "reports_filed"),
                                                                          ("en", 1, "drunk_driving")]),
])
def test_the_victim_of_a_crime_is_not_counted_by_the_cue_on_its_perpetrator(text, expected):
    assert counts(text) == expected


def test_every_gold_row_is_its_text_and_a_count_a_whole_word():
    """Each row's surface is the report's text at its offsets (and its occurrence), and a count never
    starts inside a word: a row on the "en" that ends "Föraren" is a labelling slip."""
    needs_devdata("polisen-events", "events.jsonl")
    import police_figures
    from officials_real import occurrence  # the labellers' count: every str.find hit

    gold, split = police_figures.read_gold()
    records = police_figures.read_records(split)
    for row in gold:
        text = police_figures.text_of(records[int(row["event_id"])])
        start, end, surface = int(row["start"]), int(row["end"]), row["surface"]
        assert text[start:end] == surface, row
        assert occurrence(text, surface, start) == int(row["occurrence"]), row
        if row["class"] == "count":
            assert start == 0 or not text[start - 1].isalpha(), row
