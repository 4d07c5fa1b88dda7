"""Figures on real police event reports against the hand-labelled gold (tests/eval/police_figures_gold.tsv).

    .venv/bin/python benchmarks/police_figures.py            # records and raw pages, every split
    .venv/bin/python benchmarks/police_figures.py --errors   # and every miss, spurious count, wrong field

Gold: 386 polisen.se event reports labelled by hand (every number: count or its non-count class;
counts with value, metric, period, place, scope) by five labellers, in splits by when they were
labelled: `dev` (classes fixed looking at these), `held` and `fresh` (first only measured, looked at
in a later round), `fresh2` and `fresh3` (each labelled before a round of work and measured before
it; a split the next round looks at is named in the gold's header).  The reports are read in place
from ``polisen-events/events.jsonl`` in the development data; their text is title, preamble and
body (T).

Records: each labelled record is read as the tool reads an archive file (``documents_from_events``)
and runs through the document stages (clean, event, segment, language, figures).  Pages, end to
end: each labelled report that has its raw page (``html/<id>.html``) is read and cleaned as a run
does (the survey of site furniture over all 400 pages first), then the same stages.

Matching: the tool's text and T differ in white space (and, for pages, in what cleaning kept), so a
figure's offsets are carried to T by the characters that are not white space.  A stored count (a
figure without a unit) matches the gold row it overlaps most (each row once).  Printed, per split:
- counts: precision (stored counts that are gold counts with the gold value) and recall;
- metric: share of matched counts whose gold metric is not `other` that have that metric;
- date / place / scope: share of matched counts with the gold period (start and end), the gold
  place (same gazetteer code) and the gold scope;
- non-counts stored as counts: stored counts on a gold non-count row (time, road, age ...), as a
  share of all stored counts.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from devdata import devdata, run_main
from reports import load_reports

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "eval" / "police_figures_gold.tsv"
DATASET = "polisen-events"
_SPACE = re.compile(r"\s")
SPLITS = ("dev", "held", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9",
          "fresh10", "fresh11", "fresh12", "development", "all")
# The split labelled last and held apart from the round of work under way (never read; measured once after
# it); every other split has been read and is development gold ("development").
HELD_APART = "fresh12"


def read_gold(path: Path = GOLD) -> tuple[list[dict], dict[int, str]]:
    """The gold rows, and the split of every labelled report (a report may have no rows): the
    closing comment lines "# labelled dev: id,id,...", "# labelled held: ...", "# labelled fresh: ..." and so on."""
    with path.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    labelled = {int(x): line.split(":", 1)[0].split()[-1] for line in lines if line.startswith("# labelled ")
                for x in line.split(":", 1)[1].split(",") if x.strip()}
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)), labelled


def read_records(ids: Iterable[int]) -> dict[int, dict]:
    wanted = set(ids)
    return {i: record for i, record in load_reports().items() if i in wanted}


def text_of(record: dict) -> str:
    return f"{record['title']}\n\n{record['preamble']}\n\n{record['body']}"


def offset_map(text: str, reference: str) -> list[int | None]:
    """For each offset of ``text``, the offset of the same character in ``reference`` (None where the
    character is white space or not in the reference): matched on the characters that are not white space."""
    a = [(i, c) for i, c in enumerate(text) if not _SPACE.match(c)]
    b = [(i, c) for i, c in enumerate(reference) if not _SPACE.match(c)]
    sa, sb = "".join(c for _, c in a), "".join(c for _, c in b)
    mapping: list[int | None] = [None] * (len(text) + 1)
    if sa == sb:
        for (i, _), (j, _) in zip(a, b):
            mapping[i] = j
    else:
        matcher = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                mapping[a[block.a + k][0]] = b[block.b + k][0]
    return mapping


def span_in_reference(mapping: list[int | None], start: int, end: int) -> tuple[int, int] | None:
    inside = [m for m in mapping[start:end] if m is not None]
    return (min(inside), max(inside) + 1) if inside else None


@dataclass
class Score:
    gold_counts: int = 0
    stored_counts: int = 0
    right: int = 0           # stored counts on a gold count with its value
    on_count: int = 0        # stored counts on a gold count (any value)
    noncount_as_count: int = 0
    metric_gold: int = 0
    metric_right: int = 0
    matched: int = 0
    date_right: int = 0
    place_right: int = 0
    scope_right: int = 0
    errors: list[str] = field(default_factory=list)
    classes: Counter = field(default_factory=Counter)  # gold class of stored counts that are not gold counts

    def line(self, name: str) -> str:
        p = self.right / self.stored_counts if self.stored_counts else 1.0
        r = self.right / self.gold_counts if self.gold_counts else 1.0
        return (f"{name:13} counts P {p:.3f} R {r:.3f} ({self.right} right of {self.stored_counts} stored, "
                f"{self.gold_counts} gold)  metric {_share(self.metric_right, self.metric_gold)}  "
                f"date {_share(self.date_right, self.matched)}  place {_share(self.place_right, self.matched)}  "
                f"scope {_share(self.scope_right, self.matched)}  non-counts as counts "
                f"{_share(self.noncount_as_count, self.stored_counts)}")

    @property
    def precision(self) -> float:
        return self.right / self.stored_counts if self.stored_counts else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold_counts if self.gold_counts else 1.0

    def rate(self, part: str) -> float:
        total = {"metric": self.metric_gold, "noncount": self.stored_counts}.get(part, self.matched)
        value = {"metric": self.metric_right, "date": self.date_right, "place": self.place_right,
                 "scope": self.scope_right, "noncount": self.noncount_as_count}[part]
        return value / total if total else (0.0 if part == "noncount" else 1.0)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "- (0/0)"


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def score_document(doc, reference: str, gold: list[dict], score: Score) -> None:
    """Add one report's figures against its gold rows to ``score``."""
    from corpus_tool.extract.gazetteer import lookup_place

    mapping = offset_map(doc.text, reference)
    counts = [r for r in gold if r["class"] == "count"]
    score.gold_counts += len(counts)
    used: set[int] = set()
    for f in doc.figures:
        if f.unit is not None:
            continue  # a quantity with a unit (money, percent, measure) is not stored as a count
        score.stored_counts += 1
        span = span_in_reference(mapping, f.start, f.end)
        best, overlap = None, 0
        for k, row in enumerate(gold):
            if k in used or span is None:
                continue
            o = min(span[1], int(row["end"])) - max(span[0], int(row["start"]))
            if o > overlap:
                best, overlap = k, o
        context = doc.text[max(0, f.start - 40):f.end + 40].replace("\n", " ")
        where = f"{doc.source.rsplit('#', 1)[-1]} {f.surface!r} [{context}]"
        if best is None:
            score.errors.append(f"spurious count {where} value {f.value} metric {f.metric}")
            score.classes["(no gold row)"] += 1
            continue
        used.add(best)
        row = gold[best]
        if row["class"] != "count":
            score.noncount_as_count += 1
            score.classes[row["class"]] += 1
            score.errors.append(f"non-count stored as count {where}: gold {row['class']} {row['surface']!r}")
            continue
        score.on_count += 1
        if _number(row["value"]) != f.value:
            score.errors.append(f"wrong value {where}: {f.value} gold {row['value']} ({row['surface']!r})")
            continue
        score.right += 1
        score.matched += 1
        if row["metric"] != "other":
            score.metric_gold += 1
            if f.metric == row["metric"]:
                score.metric_right += 1
            else:
                score.errors.append(f"metric {where}: {f.metric} gold {row['metric']}")
        if (f.period_start, f.period_end) == (row["period_start"] or None, row["period_end"] or None):
            score.date_right += 1
        else:
            score.errors.append(f"date {where}: {f.period_start}..{f.period_end} gold "
                                f"{row['period_start']}..{row['period_end']}")
        gold_place = lookup_place(row["place"]) if row["place"] else None
        if gold_place is not None and f.place_code == gold_place.code or not row["place"] and not f.place:
            score.place_right += 1
        else:
            score.errors.append(f"place {where}: {f.place} ({f.place_code}) gold {row['place']}")
        if f.scope == row["scope"]:
            score.scope_right += 1
        else:
            score.errors.append(f"scope {where}: {f.scope} gold {row['scope']}")
    for k, row in enumerate(gold):
        if row["class"] == "count" and k not in used:
            context = reference[max(0, int(row["start"]) - 40):int(row["end"]) + 40].replace("\n", " ")
            score.errors.append(f"missed {row['event_id']} {row['surface']!r} [{context}] value {row['value']} "
                                f"metric {row['metric']}")


def record_documents(records: dict[int, dict]) -> dict[int, object]:
    """Each record read as an archive file is read, through the document stages."""
    from corpus_tool.acquire.events import documents_from_events
    from corpus_tool.pipeline import RunContext, process_document, stages_named

    ctx = RunContext.default()
    stages = stages_named(("clean", "event", "segment", "language", "figures"))
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records.values()).encode("utf-8")
    docs = documents_from_events(data, "events.jsonl")
    return {int(d.source.rsplit("#", 1)[1]): process_document(d, ctx, stages) for d in docs}


def page_documents(ids: Iterable[int]) -> dict[int, object]:
    """Each report's raw page, cleaned as a run does (site furniture surveyed over all the pages)."""
    from corpus_tool.acquire.read import read_document
    from corpus_tool.clean import BoilerplateCounter
    from corpus_tool.pipeline import RunContext, process_document, stages_named
    from corpus_tool.pipeline.stages import site_key
    from corpus_tool.settings import load_settings

    settings = load_settings()
    folder = devdata(DATASET, "html")
    every = {int(p.stem): read_document(p)[0] for p in sorted(folder.glob("*.html"))}
    counter = BoilerplateCounter(settings.clean)
    for doc in every.values():
        counter.add_document(site_key(doc), doc)
    ctx = RunContext(settings, boilerplate={site: counter.repeated(site) for site in counter.documents})
    stages = stages_named(("clean", "event", "segment", "language", "figures"))
    return {i: process_document(every[i], ctx, stages) for i in ids if i in every}


def evaluate(pages: bool = True) -> dict[str, dict[str, Score]]:
    """Scores by input (records, pages) and split (dev, held, fresh …, development: all but the one held
    apart, all)."""
    gold, split = read_gold()
    labelled = sorted(split)
    records = read_records(labelled)
    by_report: dict[int, list[dict]] = {}
    for row in gold:
        by_report.setdefault(int(row["event_id"]), []).append(row)
    inputs = {"records": record_documents(records)}
    if pages:
        inputs["pages"] = page_documents(labelled)
    result: dict[str, dict[str, Score]] = {}
    for name, docs in inputs.items():
        scores = {key: Score() for key in SPLITS}
        for report_id, doc in docs.items():
            rows = by_report.get(report_id, [])
            own = split[report_id]
            for key in (own, "all") if own == HELD_APART else (own, "development", "all"):
                score_document(doc, text_of(records[report_id]), rows, scores[key])
        result[name] = scores
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every error")
    parser.add_argument("--no-pages", action="store_true", help="records only")
    parser.add_argument("--split", default="dev", help="the split whose errors --errors prints")
    parser.add_argument("--input", default="records", choices=("records", "pages"), help="whose errors --errors prints")
    args = parser.parse_args()
    result = evaluate(pages=not args.no_pages)
    for name, scores in result.items():
        documents = "labelled records" if name == "records" else "raw pages of labelled reports, clean then figures"
        print(f"{name}: {documents}")
        for split in SPLITS:
            print("  " + scores[split].line(split))
        if scores["all"].classes:
            print("  stored counts that are not gold counts, by gold class: "
                  + ", ".join(f"{k} {v}" for k, v in scores["all"].classes.most_common()))
    if args.errors:
        for line in result[args.input][args.split].errors:
            print(line)


if __name__ == "__main__":
    run_main(main)
