"""Train the small Swedish NER model shipped in ``corpus_tool/models/ner_sv``.

Reproduce with::

    .venv/bin/python scripts/train_ner.py            # convert, train, evaluate, install
    .venv/bin/python scripts/train_ner.py --eval-only  # score the shipped model on the test split

Data: ``swedish-ner/`` in the development data folder (Webbnyheter 2012, CC BY 4.0; found by
benchmarks/devdata.py, see docs/data.md and NOTICE.md), one ``token TAG`` a line, tags PER ORG
LOC MISC and ``0``, no B-/I- prefixes, blank line between sentences.  Consecutive tokens with
the same tag form one entity (the corpus cannot tell two adjacent same-type entities apart; that
is rare in news text).  The dev set is every tenth training sentence; the test split is only used
for the final scores.

Runs on one CPU thread so it can share the machine.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "benchmarks"))
from devdata import devdata, run_main  # noqa: E402

CONFIG = ROOT / "training" / "ner" / "config.cfg"
WORK = ROOT / "training" / "ner" / "build"  # ignored by git: DocBins and checkpoints
MODEL = ROOT / "corpus_tool" / "models" / "ner_sv"
METRICS = ROOT / "training" / "ner" / "metrics.json"
GIVEN_NAMES = ROOT / "corpus_tool" / "data" / "given_names.tsv"
SURNAMES = ROOT / "corpus_tool" / "data" / "surnames.tsv"

NO_SPACE_BEFORE = set(".,:;!?)]}%»”'")
NO_SPACE_AFTER = set("([{«“")
LABELS = {"PER", "ORG", "LOC", "MISC"}


def ner_data(name: str) -> Path:
    """A file of the Swedish NER corpus (``train_corpus.txt``, ``test_corpus.txt``) in the development data."""
    return devdata("swedish-ner", name)


def read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as [(token, tag)]; malformed lines (a token without a tag) count as outside."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
            current = []
            continue
        token, tag = parts[0], (parts[1] if len(parts) > 1 else "0")
        current.append((token, tag if tag in LABELS else "O"))
    if current:
        sentences.append(current)
    return sentences


def to_doc(nlp, sentence: list[tuple[str, str]]):
    from spacy.tokens import Doc, Span

    words = [token for token, _ in sentence]
    spaces = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        spaces.append(nxt is not None and nxt not in NO_SPACE_BEFORE and word not in NO_SPACE_AFTER)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    ents, i = [], 0
    while i < len(sentence):
        tag = sentence[i][1]
        j = i + 1
        if tag != "O":
            while j < len(sentence) and sentence[j][1] == tag:
                j += 1
            ents.append(Span(doc, i, j, label=tag))
        i = j
    doc.ents = ents
    return doc


def person_runs(sentence: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """(first, last + 1) token indices of each run of two or more PER tokens: a full name."""
    runs, i = [], 0
    while i < len(sentence):
        j = i
        while j < len(sentence) and sentence[j][1] == "PER":
            j += 1
        if j - i >= 2:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def write_name_lists(sentences) -> tuple[int, int]:
    """Given names and surnames: first and last tokens of multi-token PER entities in the training
    split, hint lists for the officials stage (the test split is never read here)."""
    given, surnames = set(), set()
    for sentence in sentences:
        for i, j in person_runs(sentence):
            first, last = sentence[i][0], sentence[j - 1][0]
            for token, bucket in ((first, given), (last, surnames)):
                if token.isalpha() and token[:1].isupper() and len(token) > 1 and not token.isupper():
                    bucket.add(token)
    for path, names, what in ((GIVEN_NAMES, given, "Given names: first"), (SURNAMES, surnames, "Surnames: last")):
        path.write_text(
            f"# {what} tokens of multi-token PER entities in the Swedish NER training split\n"
            "# (Webbnyheter 2012, CC BY 4.0, see NOTICE.md). Written by scripts/train_ner.py.\n"
            "name\n" + "".join(n + "\n" for n in sorted(names)), encoding="utf-8")
    return len(given), len(surnames)


def convert() -> dict:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("sv")
    WORK.mkdir(parents=True, exist_ok=True)
    train = read_sentences(ner_data("train_corpus.txt"))
    test = read_sentences(ner_data("test_corpus.txt"))
    write_name_lists(train)
    splits = {
        "train": [s for i, s in enumerate(train) if i % 10 != 9],
        "dev": [s for i, s in enumerate(train) if i % 10 == 9],
        "test": test,
    }
    for name, sentences in splits.items():
        DocBin(docs=[to_doc(nlp, s) for s in sentences]).to_disk(WORK / f"{name}.spacy")
    return {name: len(s) for name, s in splits.items()}


def train() -> float:
    from spacy.cli.train import train as spacy_train

    t0 = time.perf_counter()
    spacy_train(CONFIG, WORK / "output", use_gpu=-1,
                overrides={"paths.train": str(WORK / "train.spacy"), "paths.dev": str(WORK / "dev.spacy")})
    return time.perf_counter() - t0


def evaluate(model_dir: Path) -> dict:
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    nlp = spacy.load(model_dir)
    gold = list(DocBin().from_disk(WORK / "test.spacy").get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in gold]
    scores = nlp.evaluate(examples)
    per_type = {k: {m: round(v, 4) for m, v in d.items()} for k, d in scores["ents_per_type"].items()}
    return {"ents_p": round(scores["ents_p"], 4), "ents_r": round(scores["ents_r"], 4),
            "ents_f": round(scores["ents_f"], 4), "per_type": per_type}


def size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-only", action="store_true", help="score the shipped model only")
    args = parser.parse_args(argv)
    counts = convert()
    if args.eval_only:
        print(json.dumps({"sentences": counts, "test": evaluate(MODEL), "size_mb": size_mb(MODEL)}, indent=2))
        return 0
    seconds = train()
    best = WORK / "output" / "model-best"
    if MODEL.exists():
        shutil.rmtree(MODEL)
    shutil.copytree(best, MODEL)
    result = {"sentences": counts, "train_seconds": round(seconds, 1), "threads": 1,
              "size_mb": size_mb(MODEL), "test": evaluate(MODEL)}
    METRICS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
