"""Officials and people on real pages: the hand-labelled gold of 65 government press releases and
100 police event reports (``tests/eval/officials_gold_real.tsv``, ``officials_nonpeople_real.tsv``).

The labelled texts are read in place from the development data (``regeringen-press``, the release's
``markdown``; ``polisen-events``, title + preamble + body) and run through the real pipeline (``run``
into a temporary database: every document stage, then the corpus stages that build ``people``).
Printed for the two halves of the labelled texts (``dev`` and ``held``, split by a hash of the
text's name) and for all of them:

* persons: mention precision and recall (a mention is its name as written and which occurrence of
  that string in the text it is, as the gold counts them), and the same for distinct people per text;
* titles: of the gold mentions with a title that are found, the share whose title is the gold's,
  whole and as written (case aside);
* quotes: of the gold mentions with a direct quote that are found, the share whose stored quote
  begins with the gold's first words;
* non-people in ``people`` on the police reports: people none of whose mentions is a labelled person.

With ``--all-reports`` it also lists the people found in all 6,000 development police reports (not
labelled; to be read for non-people); with ``--all-releases`` it counts, in the 1,435 releases not
labelled, the paragraphs of direct speech (a dash first, a speech verb in it) no mention's quote covers.

    .venv/bin/python benchmarks/officials_real.py            # the full pipeline
    .venv/bin/python benchmarks/officials_real.py --stages   # the document stages only (faster)
    .venv/bin/python benchmarks/officials_real.py -v [-o]    # and every error (-o: organisations too)
    .venv/bin/python benchmarks/officials_real.py --all-reports  # and the people of all 6,000 reports
    .venv/bin/python benchmarks/officials_real.py --all-releases # and direct speech left without a quote
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from devdata import devdata, run_main  # noqa: E402

EVAL = ROOT / "tests" / "eval"
GOLD = EVAL / "officials_gold_real.tsv"
NON_PEOPLE = EVAL / "officials_nonpeople_real.tsv"
DASHES = "–—-―‒−"


@dataclass(frozen=True)
class Text:
    source: str  # release | report
    doc: str     # the release path or the report id
    text: str

    @property
    def half(self) -> str:
        return "dev" if hashlib.sha256(self.doc.encode()).digest()[0] % 2 == 0 else "held"


@dataclass
class Found:
    """What the pipeline stored for one text: its mentions (name, occurrence, title, quote) and,
    for each person named in it, the names of that person's mentions in this text."""
    mentions: list[dict] = field(default_factory=list)
    people: dict[int, set[tuple[str, int]]] = field(default_factory=dict)


def _rows(path: Path) -> tuple[list[dict], list[str]]:
    with path.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    labelled = [d for line in lines if line.startswith("# labelled:") for d in line.split(":", 1)[1].split(",")]
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    rows = [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(body, delimiter="\t")]
    return rows, [d.strip() for d in labelled if d.strip()]


def read_gold() -> tuple[list[dict], list[str]]:
    """The labelled person mentions, and every labelled text (with or without people)."""
    return _rows(GOLD)


def read_non_people() -> list[dict]:
    return _rows(NON_PEOPLE)[0]


def load_texts(labelled: list[str]) -> list[Text]:
    """The labelled texts, read in place from the development data."""
    wanted = set(labelled)
    texts = []
    with devdata("regeringen-press", "releases.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["path"] in wanted:
                texts.append(Text("release", record["path"], record["markdown"]))
    with devdata("polisen-events", "events.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if str(record["id"]) in wanted:
                text = "\n\n".join(record.get(k) or "" for k in ("title", "preamble", "body"))
                texts.append(Text("report", str(record["id"]), text))
    return sorted(texts, key=lambda t: (t.source, t.doc))


def occurrence(text: str, name: str, start: int) -> int:
    """Which occurrence of ``name`` in ``text`` (1-based, every str.find hit) begins at ``start``."""
    n, at = 0, text.find(name)
    while 0 <= at <= start:
        n += 1
        if at == start:
            return n
        at = text.find(name, at + 1)
    return 0


def _file_name(t: Text) -> str:
    return f"{t.source}-{hashlib.sha256(t.doc.encode()).hexdigest()[:16]}{'.md' if t.source == 'release' else '.txt'}"


def run_pipeline(texts: list[Text]) -> dict[str, Found]:
    """Every text through ``run`` (all stages) into a temporary database; what it stored, by text."""
    from corpus_tool.pipeline.run import run

    by_file = {_file_name(t): t for t in texts}
    out: dict[str, Found] = {t.doc: Found() for t in texts}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, t in by_file.items():
            (folder / name).write_text(t.text, encoding="utf-8")
        db = Path(tmp) / "officials.db"
        run([folder], db=db, jobs=1)
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT d.source, d.text, m.name_as_written, m.start, m.title, m.quote, m.person_id,"
                            " m.organization"
                            " FROM mentions m JOIN documents d ON d.id = m.document_id ORDER BY d.id, m.start")
        for source, text, name, start, title, quote, person, org in rows:
            t = by_file[Path(source).name]
            _add(out[t.doc], name, occurrence(text, name, start), title, quote, person, org)
        conn.close()
    return out


def run_stages(texts: list[Text]) -> dict[str, Found]:
    """Every text through the document stages (``process_text``) and people linked across them."""
    from corpus_tool import process_text
    from corpus_tool.people import link_people

    docs = []
    for i, t in enumerate(texts):
        doc = process_text(t.text, source=t.doc, media_type="text/markdown" if t.source == "release" else "text/plain")
        for k, m in enumerate(doc.mentions):
            m.id = i * 10_000 + k
        docs.append(doc)
    person_of = {a.mention_id: a.person_id for a in link_people(docs).assignments}
    out: dict[str, Found] = {}
    for t, doc in zip(texts, docs):
        found = out[t.doc] = Found()
        for m in doc.mentions:
            _add(found, m.name_as_written, occurrence(doc.text, m.name_as_written, m.start), m.title, m.quote,
                 person_of.get(m.id), m.organization)
    return out


def _add(found: Found, name, occ, title, quote, person, org) -> None:
    found.mentions.append({"name": name, "occurrence": occ, "title": title or "", "quote": quote or "",
                           "organization": org or ""})
    if person is not None:
        found.people.setdefault(person, set()).add((name, occ))


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


def _quote_norm(value: str) -> str:
    return _norm(value.strip().lstrip(DASHES + " \"”“«»'’"))


def score(gold: list[dict], texts: list[Text], found: dict[str, Found]) -> dict[str, float | int]:
    """Persons, titles, quotes and non-people of ``texts`` against ``gold``."""
    docs = {t.doc for t in texts}
    gold_at = {(g["doc"], g["name_as_written"], int(g["occurrence"])): g for g in gold if g["doc"] in docs}
    pred_at = {(doc, m["name"], m["occurrence"]): m for doc in docs for m in found[doc].mentions}
    hits = gold_at.keys() & pred_at.keys()
    # distinct people: a text's full names (and names alone that are a labelled full name's part)
    gold_people = {(d, n) for d, n, _ in gold_at if len(n.split()) >= 2}
    pred_people = {(d, n) for d, n, _ in pred_at if len(n.split()) >= 2}
    titled = [k for k in hits if gold_at[k]["title"]]
    title_ok = [k for k in titled if _norm(pred_at[k]["title"]) == _norm(gold_at[k]["title"])]
    spurious_titles = [k for k in hits if not gold_at[k]["title"] and pred_at[k]["title"]]
    orged = [k for k in hits if gold_at[k]["organization"]]
    org_ok = [k for k in orged if _norm(pred_at[k]["organization"]) == _norm(gold_at[k]["organization"])]
    quoted = [k for k in gold_at if gold_at[k]["quote_start"]]
    quote_found = [k for k in quoted if k in pred_at]
    quote_stored = [k for k in quote_found if pred_at[k]["quote"]]
    quote_ok = [k for k in quote_stored
                if _quote_norm(pred_at[k]["quote"]).startswith(_quote_norm(gold_at[k]["quote_start"]))]
    reports = {t.doc for t in texts if t.source == "report"}
    mentions_of: dict[int, set[tuple[str, str, int]]] = defaultdict(set)  # person -> (doc, name, occurrence)
    for doc in reports:
        for person, names in found[doc].people.items():
            mentions_of[person] |= {(doc, n, o) for n, o in names}
    people_in_reports = len(mentions_of)
    non_people = sum(not (names & gold_at.keys()) for names in mentions_of.values())
    return {
        "texts": len(texts), "gold": len(gold_at), "predicted": len(pred_at), "correct": len(hits),
        "precision": len(hits) / len(pred_at) if pred_at else 1.0,
        "recall": len(hits) / len(gold_at) if gold_at else 1.0,
        "people_gold": len(gold_people), "people_predicted": len(pred_people),
        "people_correct": len(gold_people & pred_people),
        "people_precision": len(gold_people & pred_people) / len(pred_people) if pred_people else 1.0,
        "people_recall": len(gold_people & pred_people) / len(gold_people) if gold_people else 1.0,
        "titled": len(titled), "title_ok": len(title_ok), "spurious_titles": len(spurious_titles),
        "title_accuracy": len(title_ok) / len(titled) if titled else 1.0,
        "organized": len(orged), "organization_ok": len(org_ok),
        "quoted": len(quoted), "quoted_found": len(quote_found), "quote_stored": len(quote_stored),
        "quote_ok": len(quote_ok),
        "quote_rate": len(quote_ok) / len(quote_found) if quote_found else 1.0,
        "report_people": people_in_reports, "non_people": non_people,
    }


def errors(gold: list[dict], texts: list[Text], found: dict[str, Found], argv: tuple[str, ...] = ()) -> list[str]:
    """One line per missed, spurious or mis-titled mention and per quote not stored."""
    docs = {t.doc for t in texts}
    gold_at = {(g["doc"], g["name_as_written"], int(g["occurrence"])): g for g in gold if g["doc"] in docs}
    pred_at = {(doc, m["name"], m["occurrence"]): m for doc in docs for m in found[doc].mentions}
    lines = []
    for k in sorted(gold_at.keys() - pred_at.keys()):
        lines.append(f"missed    {k[0][-60:]}  {k[1]} #{k[2]}")
    for k in sorted(pred_at.keys() - gold_at.keys()):
        lines.append(f"spurious  {k[0][-60:]}  {k[1]} #{k[2]}")
    for k in sorted(gold_at.keys() & pred_at.keys()):
        g, p = gold_at[k], pred_at[k]
        if g["title"] and _norm(p["title"]) != _norm(g["title"]):
            lines.append(f"title     {k[0][-60:]}  {k[1]}: {p['title']!r} (gold {g['title']!r})")
        if "-o" in argv and g["organization"] and _norm(p["organization"]) != _norm(g["organization"]):
            lines.append(f"org       {k[0][-60:]}  {k[1]}: {p['organization']!r} (gold {g['organization']!r})")
        if g["quote_start"] and not _quote_norm(p["quote"]).startswith(_quote_norm(g["quote_start"])):
            lines.append(f"quote     {k[0][-60:]}  {k[1]}: {p['quote'][:40]!r} (gold {g['quote_start']!r})")
    return lines


def measure(stages_only: bool = False, argv: tuple[str, ...] = ()) -> tuple[dict[str, dict], list[str]]:
    """The figures for each half and all labelled texts, and the error lines."""
    gold, labelled = read_gold()
    texts = load_texts(labelled)
    found = run_stages(texts) if stages_only else run_pipeline(texts)
    halves = {"dev": [t for t in texts if t.half == "dev"], "held": [t for t in texts if t.half == "held"],
              "all": texts}
    return {name: score(gold, part, found) for name, part in halves.items()}, errors(gold, texts, found, argv)


def all_reports_people() -> list[tuple[str, int]]:
    """The people the document stages and ``link_people`` find in every development police report
    (not labelled: printed to be read), with their number of mentions."""
    from corpus_tool import process_text
    from corpus_tool.people import link_people

    docs = []
    with devdata("polisen-events", "events.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            record = json.loads(line)
            doc = process_text("\n\n".join(record.get(k) or "" for k in ("title", "preamble", "body")),
                               source=str(record["id"]))
            for k, m in enumerate(doc.mentions):
                m.id = i * 10_000 + k
            docs.append(doc)
    links = link_people(docs)
    count = defaultdict(int)
    for a in links.assignments:
        count[a.person_id] += 1
    return [(p.name, count[p.id]) for p in links.people]


def unlabelled_quotes(labelled: list[str]) -> tuple[int, int, list[str]]:
    """Over the development releases not labelled: paragraphs of direct speech (opening with a dash,
    holding a speech verb) and how many of them have no stored quote, with those paragraphs' ends."""
    from corpus_tool import process_text
    from corpus_tool.extract import officials_words as lx

    verbs = lx.alternation(lx.speech_verbs("sv"))
    seen = set(labelled)
    total, lost = 0, []
    with devdata("regeringen-press", "releases.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["path"] in seen:
                continue
            doc = process_text(record["markdown"], source=record["path"], media_type="text/markdown")
            for p in doc.paragraphs:
                text = doc.text[p.start:p.end]
                if not (re.match(rf"\s*[{DASHES}]", text) and re.search(rf"\b(?:{verbs})\b", text)):
                    continue
                total += 1
                if not any(m.quote for m in doc.mentions if p.start <= m.start < p.end):
                    lost.append(f"{record['path'][-50:]}: …{text[-90:]}")
    return total, len(lost), lost


def main(argv: list[str]) -> None:
    t0 = time.perf_counter()
    figures, lines = measure("--stages" in argv, tuple(argv))
    print(f"{'half':<6}{'texts':>6}{'P':>7}{'R':>7}  {'(correct/pred/gold)':<20}{'people P':>9}{'R':>7}"
          f"{'title':>8}{'(ok/n)':>10}{'quote':>8}{'(ok/found)':>12}{'non-people':>12}")
    for name, f in figures.items():
        print(f"{name:<6}{f['texts']:>6}{f['precision']:>7.3f}{f['recall']:>7.3f}  "
              f"{str(f['correct']) + '/' + str(f['predicted']) + '/' + str(f['gold']):<20}"
              f"{f['people_precision']:>9.3f}{f['people_recall']:>7.3f}"
              f"{f['title_accuracy']:>8.3f}{str(f['title_ok']) + '/' + str(f['titled']):>10}"
              f"{f['quote_rate']:>8.3f}{str(f['quote_ok']) + '/' + str(f['quoted_found']):>12}"
              f"{str(f['non_people']) + ' of ' + str(f['report_people']):>12}")
    a = figures["all"]
    print(f"organisation as written (informative): {a['organization_ok']}/{a['organized']}; "
          f"spurious titles (a title where the gold has none): {a['spurious_titles']}; "
          f"quotes stored for found quoted mentions: {a['quote_stored']}/{a['quoted_found']}")
    if "-v" in argv:
        print("\n".join(lines))
    if "--all-releases" in argv:
        total, lost, lines = unlabelled_quotes(read_gold()[1])
        print(f"unlabelled releases: {total} paragraphs of direct speech, {lost} without a stored quote")
        if "-v" in argv:
            print("\n".join(lines))
    if "--all-reports" in argv:
        people = all_reports_people()
        print(f"people in all development police reports (unlabelled, to be read): {len(people)}")
        print("; ".join(f"{name} ({n})" for name, n in people))
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    run_main(main, sys.argv[1:])
