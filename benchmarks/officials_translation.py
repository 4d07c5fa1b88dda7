"""People in English translations: the English stage alone, then confirmed by the Swedish source.

Data: the 1,000 PUD sentence pairs, ``parallel-sv-en/pud`` in the development data (CC BY-SA
4.0), each pair a one-sentence source (Swedish) and translation (English), aligned 1:1.  No
English person gold exists, so this is a silver measure: a full name the Swedish stage finds that
also occurs verbatim in the English sentence is a person the English side should report; an
English name is counted correct when it occurs verbatim in the Swedish sentence.

    .venv/bin/python benchmarks/officials_translation.py
"""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devdata import devdata, run_main  # noqa: E402

from corpus_tool.document import Document, Link, Paragraph, Sentence  # noqa: E402
from corpus_tool.extract.officials import extract_mentions  # noqa: E402
from corpus_tool.people import confirm_with_source  # noqa: E402

PUD = ("parallel-sv-en", "pud", "pud_sv_en.tsv")


def one_sentence(text: str, lang: str) -> Document:
    return Document(source=lang, text=text, lang=lang, paragraphs=[Paragraph(0, "paragraph", text, 0, len(text))],
                    sentences=[Sentence(0, text, 0, len(text), lang, 0)])


def main() -> None:
    with devdata(*PUD).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    t0 = time.perf_counter()
    silver = 0
    counts = {"rules": [0, 0], "confirmed": [0, 0]}  # [predicted, correct-in-source]
    found = {"rules": 0, "confirmed": 0}  # silver names found
    for row in rows:
        sv, en = one_sentence(row["sv"], "sv"), one_sentence(row["en"], "en")
        sv.mentions = extract_mentions(sv)
        en.mentions = extract_mentions(en)
        gold = {m.name_as_written for m in sv.mentions if len(m.name_as_written.split()) >= 2
                and m.name_as_written in en.text}
        silver += len(gold)
        confirmed = confirm_with_source(en, sv, [Link((0,), (0,), 1.0)])
        for name, mentions in (("rules", en.mentions), ("confirmed", confirmed)):
            names = {m.name_as_written for m in mentions if len(m.name_as_written.split()) >= 2}
            counts[name][0] += len(names)
            counts[name][1] += sum(n in sv.text for n in names)
            found[name] += len(names & gold)
    print(f"{len(rows)} PUD pairs, {silver} silver English names, {time.perf_counter() - t0:.1f} s")
    for name, (predicted, correct) in counts.items():
        precision = correct / predicted if predicted else 0.0
        recall = found[name] / silver if silver else 0.0
        label = "English stage alone" if name == "rules" else "confirmed by source"
        print(f"{label:<22} precision {precision:.3f} ({correct}/{predicted})  "
              f"silver recall {recall:.3f} ({found[name]}/{silver})")


if __name__ == "__main__":
    run_main(main)
