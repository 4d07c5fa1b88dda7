"""Documents per second and peak memory of `corpus-tool run`, against trafilatura alone.

Builds a corpus of N HTML pages (the polisen.se-like test page and the seed
texts wrapped in page furniture, replicated with varied numbers, names and
dates), then measures, each in a fresh process:
  1. trafilatura's extraction alone on every page;
  2. the whole `corpus-tool run` on the same pages (all cores).
The ratio of the two is the cost of our pipeline over the extraction.

    .venv/bin/python benchmarks/throughput.py --documents 2000
"""
from __future__ import annotations

import argparse
import html
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "data" / "pages" / "polisen_article_cp1252.html"
NAMES = ["Anna Lindqvist", "Glen Sjögren", "Karin Holm", "Erik Berg", "Sara Nilsson", "Johan Ek"]
PLACES = ["Malmö", "Lund", "Helsingborg", "Göteborg", "Uppsala", "Örebro"]


def wrap(title: str, body_html: str, day: int) -> str:
    return f"""<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="article:published_time" content="2021-0{day % 9 + 1}-{day % 27 + 1:02d}"></head><body>
<header><nav><ul><li><a href="/">Start</a></li><li><a href="/aktuellt">Aktuellt</a></li></ul></nav>
<form role="search"><input placeholder="Sök"></form></header><div class="cookie">Vi använder kakor.</div>
<main><article><h1>{html.escape(title)}</h1>{body_html}</article>
<aside><h2>Relaterade nyheter</h2><ul><li><a href="/x">Annan nyhet</a></li></ul></aside></main>
<footer><p>Polismyndigheten, Box 12256</p><a href="#top">Till toppen</a></footer></body></html>"""


def build_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("0*.txt"))]
    page = PAGE.read_bytes().decode("cp1252")
    paths = []
    for i in range(n):
        if i % 3 == 0:
            text = page.replace("Anna Lindqvist", rng.choice(NAMES)).replace("Rosengård", rng.choice(PLACES))
            text = text.replace("ett tiotal", rng.choice(["ett tjugotal", "fyra", "ett 50-tal", "drygt 100"]))
        else:
            body = rng.choice(seeds)
            for number in ("34", "47", "65", "19"):
                body = body.replace(number, str(rng.randint(1, 99)))
            paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n\n") if p.strip())
            text = wrap(f"Nyhet {i} från {rng.choice(PLACES)}", paragraphs, i)
        path = folder / f"page{i:05d}.html"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def measure(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; its last stdout line is JSON; add peak RSS."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


EXTRACT_ONLY = """
import json, sys, time, trafilatura
from pathlib import Path
paths = sorted(Path(sys.argv[1] if len(sys.argv) > 1 else {folder!r}).glob('*.html'))
t0 = time.perf_counter()
for p in paths:
    trafilatura.extract(p.read_text(encoding='utf-8'), include_tables=True, with_metadata=True)
print(json.dumps({{'documents': len(paths), 'seconds': time.perf_counter() - t0}}))
"""

PIPELINE = """
import json, time
from corpus_tool import run
t0 = time.perf_counter()
s = run([{folder!r}], {db!r}, jobs={jobs})
print(json.dumps({{'documents': s.stored, 'failed': s.failed, 'seconds': time.perf_counter() - t0}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=0, help="workers for run (0 = all cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        build_corpus(folder, args.documents)
        extract = measure(EXTRACT_ONLY.format(folder=str(folder)))
        ours = measure(PIPELINE.format(folder=str(folder), db=str(Path(tmp) / "bench.db"),
                                       jobs=args.jobs or None))
    for name, r in (("trafilatura extraction only (1 core)", extract), ("corpus-tool run", ours)):
        print(f"{name:40s} {r['documents']:6d} docs  {r['documents'] / r['seconds']:8.1f} docs/s"
              f"  peak RSS {r['peak_mb']:.0f} MB")
    print(f"cost of the whole pipeline over extraction alone: "
          f"{(ours['seconds'] / ours['documents']) / (extract['seconds'] / extract['documents']):.2f}x per document")


if __name__ == "__main__":
    main()
