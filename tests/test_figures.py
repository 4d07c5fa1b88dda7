"""The figures stage (corpus_tool.extract.figures): seeds against the gold file, and unseen cases."""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from conftest import needs_devdata

from corpus_tool.document import Document, Paragraph, Sentence
from corpus_tool.extract.figures import extract_figures

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "eval" / "figures_gold.tsv"


# ---------------------------------------------------------------- helpers


def make_doc(text: str, lang: str = "sv", published: str | None = None, kind: str = "paragraph") -> Document:
    """A hand-built document: one paragraph, one sentence per line of ``text``."""
    doc = Document(source="<test>", text=text, lang=lang, published=published)
    start = 0
    for position, line in enumerate(text.split("\n")):
        end = start + len(line)
        doc.paragraphs.append(Paragraph(position, kind, line, start, end, lang))
        doc.sentences.append(Sentence(position, line, start, end, lang, position))
        start = end + 1
    return doc


def one(text: str, lang: str = "sv", published: str | None = None):
    figures = extract_figures(make_doc(text, lang, published))
    assert len(figures) == 1, [(f.surface, f.metric) for f in figures]
    return figures[0]


def segmented_seeds() -> dict[str, Document]:
    """The seeds read, cleaned, segmented and language-tagged by the foundation's pipeline."""
    from corpus_tool.acquire.read import read_document
    from corpus_tool.pipeline import RunContext, process_document, stages_named

    ctx = RunContext.default()
    stages = stages_named(("clean", "segment", "language"))
    docs = {}
    for path in sorted((ROOT / "raw").glob("*.txt")):
        for doc in read_document(path, max_bytes=ctx.settings.read.max_bytes):
            docs[path.name] = process_document(doc, ctx, stages)
    return docs


@pytest.fixture(scope="module")
def seeds():
    return segmented_seeds()


# ---------------------------------------------------------------- the issue's examples


@pytest.mark.parametrize("text,lang,value,low,high,approximate", [
    ("Ett tiotal personer har flyttat.", "sv", 10, 8, 14, True),
    ("A dozen people have moved.", "en", 12, 12, 12, False),
    ("Ett femtontal rättegångar har hållits.", "sv", 15, 12, 21, True),
    ("Över 40 personer är frihetsberövade.", "sv", 40, 41, None, False),
    ("Drygt 100 personer har sökts upp.", "sv", 100, 101, 115, True),
    ("A dozen or so trials were held.", "en", 12, 10, 15, True),
])
def test_issue_examples(text, lang, value, low, high, approximate):
    f = one(text, lang)
    assert (f.value, f.low, f.high, f.approximate) == (value, low, high, approximate)
    assert f.low is None or f.high is None or f.low <= f.value <= f.high or f.qualifier in ("over", "just over")


def test_shootings_in_a_year():
    f = one("Under 2019 inträffade totalt 34 skottlossningar.")
    assert (f.metric, f.value, f.period_start, f.period_end) == ("shootings", 34, "2019-01-01", "2019-12-31")
    assert f.noun == "skottlossning" and f.period_text == "Under 2019"


def test_shootings_year_to_date():
    f = one("Sedan årets start har fyra skottlossningar inträffat i Malmö.", published="2020-05")
    assert (f.metric, f.value) == ("shootings", 4)
    assert (f.period_start, f.period_end, f.period_text) == ("2020-01-01", "2020-05-31", "Sedan årets start")
    assert f.place == "Malmö"


def test_unknown_period_stays_null():
    f = one("Sedan årets start har fyra skottlossningar inträffat.", published=None)
    assert f.period_start is None and f.period_end is None and f.period_text == "Sedan årets start"


def test_repeated_figure_gives_two_rows_with_two_provenances():
    doc = make_doc("Ett tiotal har flyttat.\nAtt ett tiotal personer har flyttat är bra.")
    figures = extract_figures(doc)
    assert [f.surface for f in figures] == ["Ett tiotal", "ett tiotal"]
    assert figures[0].start != figures[1].start
    assert [f.sentence_position for f in figures] == [0, 1]


def test_offsets_point_at_the_surface():
    doc = make_doc("Polisen grep drygt 100 personer.\nUnder 2018 skedde 47 skottlossningar.")
    for f in extract_figures(doc):
        assert doc.text[f.start:f.end] == f.surface


def test_heading_is_marked():
    doc = make_doc("50-tal rättegångar", kind="heading")
    (f,) = extract_figures(doc)
    assert f.in_heading and f.metric == "trials" and f.value == 50 and f.approximate


# ---------------------------------------------------------------- unseen sentences (generalisation)


@pytest.mark.parametrize("text,lang,metric,value", [
    ("Under helgen greps sju personer i Göteborg.", "sv", "detained", 7),
    ("Tre personer häktades i går.", "sv", "detained", 3),
    ("Två män dödades och fyra skadades vid skjutningen.", "sv", "killed", 2),
    ("Polisen beslagtog 12 vapen vid tillslaget.", "sv", "weapons_seized", 12),
    ("I fjol inträffade 21 sprängningar i Stockholm.", "sv", "explosions", 21),
    ("Ett fyrtiotal unga har sökt hjälp för att lämna gängen.", "sv", "defections", 40),
    ("Ett 20-tal ungdomar har kallats till samtal.", "sv", "people_contacted", 20),
    ("Fem personer har fått hjälp att flytta till en annan stad.", "sv", "relocations", 5),
    ("Elva mord begicks under 2020.", "sv", "murders", 11),
    ("Nio rättegångar pågår.", "sv", "trials", 9),
    ("Police arrested 14 people in the operation.", "en", "detained", 14),
    ("Three people were killed in the blast.", "en", "killed", 3),
    ("There were 31 explosions in 2019.", "en", "explosions", 31),
    ("Some 40 gang members have sought help to leave crime.", "en", "defections", 40),
    ("Officers seized nine firearms.", "en", "weapons_seized", 9),
    ("Twenty young men were contacted by the police.", "en", "people_contacted", 20),
])
def test_metric_of_unseen_sentences(text, lang, metric, value):
    figures = extract_figures(make_doc(text, lang))
    assert (figures[0].metric, figures[0].value) == (metric, value)


def test_elliptic_count_takes_the_metric_before_it():
    figures = extract_figures(make_doc("47 skottlossningar skedde under 2018 och under 2017 inträffade 65."))
    assert [(f.value, f.metric, f.period_start) for f in figures] == [
        (47, "shootings", "2018-01-01"), (65, "shootings", "2017-01-01")]


def test_partitive_takes_the_metric_of_its_antecedent():
    doc = make_doc("Ett trettiotal individer har lämnat kriminaliteten.\nEtt tjugotal av dessa bor kvar.")
    assert [f.metric for f in extract_figures(doc)] == ["defections", "defections"]


def test_percent_with_caption_paragraph():
    doc = make_doc("New Orleans\n32%\nminskning av mord bland gruppmedlemmar")
    (f,) = extract_figures(doc)
    assert (f.value, f.unit, f.metric) == (32, "percent", "murders")


def test_no_figures_in_contact_lines():
    doc = make_doc("Ring 040-34 39 99.\nTips: 114 14.\nRinger du från utlandet: +46 77 114 14 00.\n"
                   "Senast ändrad: 2021-01-28 16:08\nStorgatan 12, 211 34 Malmö")
    assert extract_figures(doc) == []


# ---------------------------------------------------------------- tables


def table_doc() -> Document:
    cells = ["Skjutningar i Malmö", "År", "Skjutningar", "Döda", "2019", "34", "7", "2020", "20", "3"]
    doc = make_doc("\n".join(cells))
    for p in doc.paragraphs[1:]:
        p.kind = "table_cell"
    doc.paragraphs[0].kind = "heading"
    return doc


def test_flattened_table_gives_one_figure_per_cell():
    figures = extract_figures(table_doc())
    got = [(f.surface, f.metric, f.period_start, f.origin, f.place) for f in figures]
    assert got == [
        ("34", "shootings", "2019-01-01", "table", "Malmö"), ("7", "killed", "2019-01-01", "table", "Malmö"),
        ("20", "shootings", "2020-01-01", "table", "Malmö"), ("3", "killed", "2020-01-01", "table", "Malmö")]


def test_table_with_years_across_the_top():
    cells = ["Skjutningar och sprängningar i Malmö", "", "2019", "2020", "Skjutningar", "34", "20",
             "Sprängningar", "36", "17"]
    doc = make_doc("\n".join(cells))
    for p in doc.paragraphs[1:]:
        p.kind = "table_cell"
    got = [(f.value, f.metric, f.period_start) for f in extract_figures(doc)]
    assert got == [(34, "shootings", "2019-01-01"), (20, "shootings", "2020-01-01"),
                   (36, "explosions", "2019-01-01"), (17, "explosions", "2020-01-01")]


def test_year_before_a_colon_is_a_period():
    f = one("Resultat 2019: 34 skjutningar i Malmö.")
    assert (f.value, f.metric, f.period_start) == (34, "shootings", "2019-01-01")


def test_metadata_tables_are_read_too():
    doc = make_doc("Sprängningar\nÅr Sprängningar\n2019 36\n2020 17")
    doc.metadata["tables"] = [["År", "Sprängningar"], ["2019", "36"], ["2020", "17"]]
    table = [f for f in extract_figures(doc) if f.origin == "table"]
    assert [(f.value, f.metric, f.period_start) for f in table] == [
        (36, "explosions", "2019-01-01"), (17, "explosions", "2020-01-01")]


def test_bad_input_never_crashes():
    for doc in [Document(source="x"), make_doc(""), make_doc("\n\n\n"), make_doc("%" * 1000),
                make_doc("ett tiotal " * 500), make_doc("1 2 3 4 5 6 7 8 9 10 " * 100)]:
        extract_figures(doc)
    broken = make_doc("34 skjutningar")
    broken.metadata["tables"] = "not a table"
    broken.sentences[0].paragraph_position = 99
    assert extract_figures(broken)[0].value == 34


# ---------------------------------------------------------------- gold evaluation on the seeds


FIELDS = ("metric", "value", "low", "high", "approximate", "period_start", "period_end")


def _num(text: str):
    return None if text == "" else float(text)


def load_gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


def _key_rows(rows):
    """(doc, surface, occurrence) -> row, occurrence counted in text order."""
    seen: Counter = Counter()
    keyed = {}
    for row in rows:
        seen[(row["doc"], row["surface"])] += 1
        keyed[(row["doc"], row["surface"], seen[(row["doc"], row["surface"])])] = row
    return keyed


def _as_gold_row(doc_name: str, f) -> dict:
    def fmt(v) -> str:
        return "" if v is None else str(v)

    return {"doc": doc_name, "surface": f.surface, "metric": f.metric, "value": fmt(f.value), "low": fmt(f.low),
            "high": fmt(f.high), "approximate": str(int(f.approximate)), "period_start": f.period_start or "",
            "period_end": f.period_end or ""}


def _same(gold: dict, pred: dict, field: str) -> bool:
    if field in ("value", "low", "high"):
        return _num(gold[field]) == _num(pred[field])
    return gold[field] == pred[field]


def evaluate(seeds: dict[str, Document]) -> dict:
    gold = _key_rows(load_gold())
    predicted = _key_rows(_as_gold_row(name, f) for name, doc in seeds.items() for f in extract_figures(doc))
    matched = gold.keys() & predicted.keys()
    per_metric = defaultdict(lambda: Counter())
    for key, row in gold.items():
        per_metric[row["metric"]]["gold"] += 1
        if key in matched:
            per_metric[row["metric"]]["found"] += 1
            per_metric[row["metric"]]["right"] += all(_same(row, predicted[key], f) for f in FIELDS)
    for key, row in predicted.items():
        per_metric[row["metric"]]["predicted"] += 1
        if key in matched and gold[key]["metric"] == row["metric"]:
            per_metric[row["metric"]]["predicted_right_metric"] += 1
    correct = sum(all(_same(gold[k], predicted[k], f) for f in FIELDS) for k in matched)
    return {
        "precision": len(matched) / max(len(predicted), 1),
        "recall": len(matched) / max(len(gold), 1),
        "all_fields_correct": correct / max(len(gold), 1),
        "field_accuracy": {f: sum(_same(gold[k], predicted[k], f) for k in matched) / max(len(matched), 1)
                           for f in FIELDS},
        "per_metric": dict(per_metric),
        "missed": sorted(gold.keys() - predicted.keys()),
        "spurious": sorted(predicted.keys() - gold.keys()),
        "gold": len(gold), "predicted": len(predicted),
    }


def report(result: dict) -> str:
    lines = [f"figures on the seeds: gold {result['gold']}, predicted {result['predicted']}, "
             f"precision {result['precision']:.3f}, recall {result['recall']:.3f}, "
             f"all fields right {result['all_fields_correct']:.3f}",
             "field accuracy on matched: " + ", ".join(f"{k} {v:.3f}" for k, v in result["field_accuracy"].items())]
    for metric, c in sorted(result["per_metric"].items()):
        p = c["predicted_right_metric"] / c["predicted"] if c["predicted"] else 0.0
        r = c["found"] / c["gold"] if c["gold"] else 0.0
        lines.append(f"  {metric:17} gold {c['gold']:3}  precision {p:.3f}  recall {r:.3f}  all fields {c['right']}/{c['gold']}")
    if result["missed"]:
        lines.append(f"missed: {result['missed']}")
    if result["spurious"]:
        lines.append(f"spurious: {result['spurious']}")
    return "\n".join(lines)


def test_gold_file_is_well_formed():
    rows = load_gold()
    assert len(rows) >= 60
    for row in rows:
        assert (ROOT / "raw" / row["doc"]).exists()
        assert row["metric"] and row["approximate"] in ("0", "1")
        assert row["surface"] in (ROOT / "raw" / row["doc"]).read_text(encoding="utf-8")


def test_precision_and_recall_on_the_seeds(seeds):
    result = evaluate(seeds)
    print("\n" + report(result))
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.95
    assert result["all_fields_correct"] >= 0.90


if __name__ == "__main__":  # python tests/test_figures.py: the full report
    print(report(evaluate(segmented_seeds())))


# ---------------------------------------------------------------- held-out unseen news (NTREX, Swedish)

HELDOUT = {"sv": Path(__file__).parent / "eval" / "figures_heldout_ntrex_sv.tsv",
           "en": Path(__file__).parent / "eval" / "figures_heldout_ntrex_en.tsv"}
NTREX = {"sv": ("parallel-sv-en", "ntrex", "newstest2019-ref.swe.txt"),
         "en": ("parallel-sv-en", "ntrex", "newstest2019-src.eng.txt")}


def evaluate_heldout(lang: str) -> dict:
    from corpus_tool.api import figures_of_text

    with HELDOUT[lang].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader([l for l in fh if l.strip() and not l.startswith("#")], delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
    lines = needs_devdata(*NTREX[lang]).read_text(encoding="utf-8").splitlines()
    gold = Counter((int(r["line"]), r["surface"], r["value"]) for r in rows if r["surface"])
    predicted: Counter = Counter()
    for number in sorted({int(r["line"]) for r in rows}):
        for f in figures_of_text(lines[number], lang):
            value = "" if f.value is None else f"{f.value:g}"
            surface = f.surface
            if f.unit:  # a measure is stored with its unit ("30 meter"); the gold writes its number
                surface = next((s for (n, s, v) in gold if n == number and v == value
                                and f.surface.startswith(s + " ")), surface)
            predicted[(number, surface, value)] += 1
    right = sum((gold & predicted).values())
    return {"precision": right / max(sum(predicted.values()), 1), "recall": right / max(sum(gold.values()), 1),
            "right": right, "gold": sum(gold.values()), "predicted": sum(predicted.values()),
            "missed": sorted((gold - predicted).elements()), "spurious": sorted((predicted - gold).elements())}


# Floors: measured before tuning sv P 0.808 R 0.955, en P 0.913 R 0.808.
@pytest.mark.parametrize("lang,precision,recall", [("sv", 0.80, 0.90), ("en", 0.85, 0.80)])
def test_heldout_unseen_news(lang, precision, recall):
    r = evaluate_heldout(lang)
    print(f"\nheld-out NTREX {lang}: precision {r['precision']:.3f} ({r['right']}/{r['predicted']}), "
          f"recall {r['recall']:.3f} ({r['right']}/{r['gold']}); missed {r['missed']}; spurious {r['spurious']}")
    assert r["precision"] >= precision
    assert r["recall"] >= recall


@pytest.mark.parametrize("text,lang,noun", [
    ("Polisen har haft ett fyrtiotal individuella samtal med unga.", "sv", "samtal"),
    ("Sex allvarliga brott anmäldes.", "sv", "brott"),
    ("Two individual talks were held.", "en", "talk"),
    ("Tre personer greps.", "sv", "person"),
])
def test_the_counted_noun_is_found_past_an_adjective(text, lang, noun):
    # An adjective between a number and its noun ("individuella", by its ending, from data) is skipped.
    from corpus_tool.api import figures_of_text

    assert [f.noun for f in figures_of_text(text, lang)] == [noun]
