"""Translators' QA: Translate Toolkit's ``pofilter`` and ``corpus-tool qa`` on the same units.

    .venv/bin/python benchmarks/qa_vs_pofilter.py

Three sets, each a list of (Swedish source, English target) units with a gold label per unit:

- ``seed``: the seed pair 000/001 aligned sentence by sentence (as ``corpus-tool qa 000 001`` does;
  an omitted sentence is a unit with an empty target).  Gold errors: the three changed
  approximations ("ett tjugotal"/"ett tiotal" → "a dozen", "ett femtontal" → "a dozen or so") and
  the untranslated heading "50-tal rättegångar" (a figure lost).
- ``ntrex-pud``: the 325 hand-labelled PUD and NTREX pairs of ``tests/eval/numbers_labels.tsv``
  (label ``mismatch`` = a genuine number difference).
- ``planted``: ``benchmarks/data/planted_errors.tsv``, correct renderings and the same with one
  error planted: number words, -tal approximations, "a dozen", ranges, digits, dropped sentences.

A unit is flagged by pofilter when its ``numbers`` test fails (the test that compares digits), and
in a second line when any of pofilter's standard tests fails; by us when ``qa`` reports a
``numbers``, ``omission`` or ``addition`` issue (the kinds these sets are labelled for).  pofilter
skips units without a target, so it cannot see an omitted sentence.  Precision = flagged errors /
flagged units, recall = flagged errors / errors.
"""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from translate.filters import checks
from translate.storage import pypo

from corpus_tool.align.sentences import align
from corpus_tool.api import qa_units, read_side
from corpus_tool.report.tmx import units_from_links

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "eval"))
from score_numbers import read_labels  # noqa: E402

KINDS = ("numbers", "omission", "addition")
SEED_ERRORS = ("tjugotal", "femtontal", "50-tal rättegångar")


def seed_set() -> list[tuple[str, str, bool]]:
    src = read_side(next((ROOT / "raw").glob("000_*.txt")), lang="sv")
    tgt = read_side(next((ROOT / "raw").glob("001_*.txt")), lang="en")
    units = units_from_links(align(src.sentences, tgt.sentences, src_lang="sv", tgt_lang="en"),
                             src.sentences, tgt.sentences)
    return [(s, t, any(e in s.lower() for e in SEED_ERRORS)) for s, t in units]


def labelled_set() -> list[tuple[str, str, bool]]:
    return [(r["sv"], r["en"], r["label"] == "mismatch") for r in read_labels()]


def planted_set() -> list[tuple[str, str, bool]]:
    path = ROOT / "benchmarks" / "data" / "planted_errors.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return [(r["sv"], r["en"], r["label"] == "error") for r in rows]


def pofilter_flags(units: list[tuple[str, str, bool]], numbers_only: bool) -> list[bool]:
    checker = checks.StandardChecker()
    flags = []
    for source, target, _ in units:
        if not target.strip():  # pofilter checks translated units only
            flags.append(False)
            continue
        unit = pypo.pounit(source)
        unit.target = target
        failures = checker.run_filters(unit)
        flags.append("numbers" in failures if numbers_only else bool(failures))
    return flags


def our_flags(units: list[tuple[str, str, bool]]) -> list[bool]:
    issues = qa_units([(s, t) for s, t, _ in units], "sv", "en", kinds=KINDS, gaps=True)
    flagged = {i.unit for i in issues}
    return [n in flagged for n in range(len(units))]


def scores(units: list[tuple[str, str, bool]], flags: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for (_, _, gold), flag in zip(units, flags) if gold and flag)
    fp = sum(1 for (_, _, gold), flag in zip(units, flags) if not gold and flag)
    fn = sum(1 for (_, _, gold), flag in zip(units, flags) if gold and not flag)
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return precision, recall, tp, fp, fn


def main() -> int:
    print(f"{'set':<10} {'units':>5} {'errors':>6}  {'checker':<22} {'precision':>9} {'recall':>7}   TP  FP  FN")
    for name, build in (("seed", seed_set), ("ntrex-pud", labelled_set), ("planted", planted_set)):
        units = build()
        errors = sum(1 for *_, gold in units if gold)
        started = time.perf_counter()
        ours = our_flags(units)
        ours_time = time.perf_counter() - started
        for checker, flags in (("pofilter numbers", pofilter_flags(units, True)),
                               ("pofilter all tests", pofilter_flags(units, False)),
                               (f"corpus-tool qa ({ours_time:.1f} s)", ours)):
            p, r, tp, fp, fn = scores(units, flags)
            shown = "n/a" if p != p else f"{p:.3f}"  # nothing flagged: precision undefined
            print(f"{name:<10} {len(units):>5} {errors:>6}  {checker:<22} {shown:>9} {r:>7.3f}  "
                  f"{tp:>3} {fp:>3} {fn:>3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
