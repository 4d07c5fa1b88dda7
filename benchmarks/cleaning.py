"""Cleaning on real polisen.se event pages: token precision, recall and F1 of the clean stage,
beside trafilatura's default and precision modes, with documents per second of each.

    .venv/bin/python benchmarks/cleaning.py              # the 400 development pages
    .venv/bin/python benchmarks/cleaning.py --every 4    # a quarter of them (by id hash), quicker

Pages: the 400 raw pages of ``polisen-events`` in the development data (``html/<id>.html``); the
reference text of a page is its record's title, preamble and body (``events.jsonl``), the page's
own text as the site published it.

Tokens: lowercased word tokens (``\\w+``: runs of Unicode letters, digits, underscore), counted
with multiplicity.  On a page the tokens right are the multiset intersection of the extracted
and the reference tokens; precision, recall and F1 are over the counts pooled across pages
(micro-averaged: a page weighs by its length).

Ours: the ``clean`` stage as ``corpus-tool run`` runs it, with the furniture a survey finds over
the same pages (``BoilerplateCounter``, one site), then ``segment``, which builds
``documents.text``.  Trafilatura: ``trafilatura.extract`` of the same decoded page, by default
and with ``favor_precision=True``.  Speed: documents per second in this one process, pages read
and decoded beforehand; ours includes its survey.

Hold-out: pages are split in two halves by a hash of their id (A and B), and each half is also
run as a corpus of its own (its own survey), so what was calibrated looking at one half is
checked on the other.  The furniture found, the pages it was taken from and the most repeated
line of the pages' own text are printed per half: the margin the thresholds of ``[clean]`` in
``defaults.toml`` sit in.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from devdata import devdata, run_main

DATASET = "polisen-events"
_WORD = re.compile(r"\w+")


@dataclass
class Page:
    id: int
    path: Path
    reference: str
    html: str = ""

    @property
    def half(self) -> str:
        return "A" if hashlib.sha256(str(self.id).encode()).digest()[0] % 2 == 0 else "B"

    @property
    def bucket(self) -> int:
        return hashlib.sha256(str(self.id).encode()).digest()[1]


def load_pages(folder: Path | None = None, every: int = 1) -> list[Page]:
    """The records that have a raw page, with their reference text; ``every`` n-th by id hash."""
    folder = folder or devdata(DATASET)
    pages = []
    with (folder / "events.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if not record.get("html"):
                continue
            reference = "\n".join(record.get(k) or "" for k in ("title", "preamble", "body"))
            pages.append(Page(record["id"], folder / record["html"], reference))
    pages = [p for p in pages if p.bucket % every == 0]
    return sorted(pages, key=lambda p: p.id)


def tokens(text: str) -> Counter:
    return Counter(_WORD.findall(text.lower()))


@dataclass
class Score:
    right: int = 0
    extracted: int = 0
    reference: int = 0
    seconds: float = 0.0
    documents: int = 0

    def add(self, extracted: str, reference: str) -> None:
        got, want = tokens(extracted), tokens(reference)
        self.right += sum((got & want).values())
        self.extracted += sum(got.values())
        self.reference += sum(want.values())

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.reference if self.reference else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Cleaned:
    """Our text of each page, what the survey found, and what cleaning took out of each page."""

    texts: dict[int, str]
    furniture: dict[str, int]  # each repeated block and the number of pages that carry it
    removed: dict[int, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def clean_pages(pages: Sequence[Page]) -> Cleaned:
    """The pages as one site through the survey, then ``clean`` and ``segment``, as a run does."""
    from corpus_tool.acquire.read import read_document
    from corpus_tool.clean import BoilerplateCounter
    from corpus_tool.pipeline import RunContext, process_document, stages_named
    from corpus_tool.pipeline.stages import site_key
    from corpus_tool.settings import load_settings

    settings = load_settings()
    docs = {p.id: read_document(p.path)[0] for p in pages}
    stages = stages_named(("clean", "segment"))
    t0 = time.perf_counter()
    counter = BoilerplateCounter(settings.clean)
    for doc in docs.values():
        counter.add_document(site_key(doc), doc)
    boilerplate = {site: counter.repeated(site) for site in counter.documents}
    ctx = RunContext(settings, boilerplate=boilerplate)
    texts, removed = {}, {}
    for page_id, doc in docs.items():
        doc = process_document(doc, ctx, stages)
        texts[page_id] = doc.text
        removed[page_id] = doc.metadata.get("removed_boilerplate", []) + doc.metadata.get("removed_leftovers", [])
    seconds = time.perf_counter() - t0
    furniture = {line: counter.lines[site][line] for site, lines in boilerplate.items() for line in lines}
    return Cleaned(texts, furniture, removed, seconds)


def score_texts(pages: Sequence[Page], texts: dict[int, str], seconds: float = 0.0) -> Score:
    score = Score(seconds=seconds, documents=len(pages))
    for page in pages:
        score.add(texts.get(page.id) or "", page.reference)
    return score


def trafilatura_texts(pages: Sequence[Page], precision: bool) -> tuple[dict[int, str], float]:
    import trafilatura

    t0 = time.perf_counter()
    texts = {p.id: trafilatura.extract(p.html, favor_precision=precision) or "" for p in pages}
    return texts, time.perf_counter() - t0


def _decode(pages: Sequence[Page]) -> None:
    from corpus_tool.acquire.read import read_document

    for page in pages:
        page.html = read_document(page.path)[0].text


def _own_lines(pages: Sequence[Page]) -> Counter:
    """On how many pages each line of the pages' own text stands."""
    counts: Counter = Counter()
    for page in pages:
        counts.update({re.sub(r"\s+", " ", line).strip() for line in page.reference.splitlines()} - {""})
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1, help="keep every n-th page by id hash (1 = all)")
    args = parser.parse_args(argv)
    pages = load_pages(every=args.every)
    _decode(pages)
    halves = {name: [p for p in pages if p.half == name] for name in ("A", "B")}
    groups = {f"all {len(pages)}": pages, **{f"half {n} {len(ps)}": ps for n, ps in halves.items()}}

    rows: dict[str, dict[str, Score]] = {}
    cleaned = {name: clean_pages(ps) for name, ps in groups.items()}
    rows["corpus-tool clean"] = {name: score_texts(ps, cleaned[name].texts, cleaned[name].seconds)
                                 for name, ps in groups.items()}
    for label, precision in (("trafilatura default", False), ("trafilatura precision", True)):
        texts, seconds = trafilatura_texts(pages, precision)
        rows[label] = {name: score_texts(ps, texts, seconds if ps is pages else 0.0) for name, ps in groups.items()}

    print(f"{DATASET}: {len(pages)} raw pages; reference = title + preamble + body of each record;")
    print("tokens = lowercased \\w+ words with multiplicity, pooled over pages; halves by a hash of the id,")
    print("each half cleaned as a corpus of its own (its own survey of site furniture)\n")
    header = f"{'':24s}" + "".join(f"{name:>23s}" for name in groups) + f"{'docs/s':>9s}"
    print(header)
    print(f"{'':24s}" + "".join(f"{'P':>9s}{'R':>7s}{'F1':>7s}" for _ in groups))
    for label, scores in rows.items():
        every = scores[next(iter(groups))]
        line = "".join(f"{s.precision:9.3f}{s.recall:7.3f}{s.f1:7.3f}" for s in scores.values())
        print(f"{label:24s}{line}{every.documents / every.seconds:9.1f}")

    print("\nsite furniture found by each survey (pages carrying it), and the most repeated own line:")
    for name, ps in groups.items():
        found = cleaned[name].furniture
        own = _own_lines(ps)
        top_line, top = own.most_common(1)[0] if own else ("", 0)
        taken = sum(1 for p in ps if cleaned[name].removed.get(p.id))
        content = sum(1 for p in ps for line in cleaned[name].removed.get(p.id, []) if line in p.reference)
        print(f"  {name}: {len(found)} repeated blocks, on {min(found.values(), default=0)}–"
              f"{max(found.values(), default=0)} of {len(ps)} pages; furniture or leftovers taken from {taken} pages;"
              f" lines of a page's own text taken: {content}; most repeated own line on {top} pages"
              f" ({top / len(ps):.1%}): {top_line[:60]!r}")

    worst = sorted(pages, key=lambda p: _page_f1(cleaned[next(iter(groups))].texts[p.id], p.reference))[:5]
    print("\nlowest-scoring pages for corpus-tool clean (id: P R):")
    for page in worst:
        s = Score()
        s.add(cleaned[next(iter(groups))].texts[page.id], page.reference)
        print(f"  {page.id}: {s.precision:.3f} {s.recall:.3f}")


def _page_f1(text: str, reference: str) -> float:
    score = Score()
    score.add(text, reference)
    return score.f1


def clean_score(pages: Sequence[Page]) -> Score:
    """The score of corpus-tool's cleaning on ``pages``, surveyed as one corpus (for tests)."""
    cleaned = clean_pages(pages)
    return score_texts(pages, cleaned.texts, cleaned.seconds)



if __name__ == "__main__":
    run_main(main)
