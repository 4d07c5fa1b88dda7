"""Documents per second, CPU per document and peak memory of the document stages, against trafilatura
alone, measured in the same run; the seconds of each stage; the corpus stages as the corpus grows.

Pages (default): builds a corpus of N HTML pages (the polisen.se-like test page and the seed
texts wrapped in page furniture, replicated with varied numbers, names and dates), then measures,
each in a fresh process:
  1. trafilatura's extraction alone on every page (one process);
  2. ``corpus_tool.run`` on the same pages with all cores, document stages only (the run's
     profile: seconds per stage, summed over the workers);
  3. the corpus stages over the stored documents (translations, people, discrepancies).
The ratio of 1 and 2 (documents per second) is the pipeline against extraction alone; CPU per
document (the process and its workers) is printed beside it, being the steadier figure on a
shared machine.

Events (``--events``): the 6,000 development reports (``polisen-events/events.jsonl``), each
record's title, preamble and body as one text, through ``corpus_tool.process_text`` in a pool of
all cores (documents per second, CPU per document, seconds per stage), beside trafilatura alone on
the 400 raw pages of the same data.

Scaling (``--sizes 1000,6000,24000``): the pages corpus at each size, the whole run in a fresh
process: peak memory of the main process and of the largest worker, and the time of the
document stages and of each corpus stage.

    .venv/bin/python benchmarks/throughput.py --documents 2000
    .venv/bin/python benchmarks/throughput.py --events
    .venv/bin/python benchmarks/throughput.py --sizes 1000,6000,24000
"""
from __future__ import annotations

import argparse
import html
import json
import os
import random
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
            # a case number of its own: every page differs in its text, as pages of an archive do
            text = text.replace("Ring 112", f"Ärendenummer 5000-K{100000 + i}-22. Ring 112", 1)
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


def measure(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter; its last stdout line is JSON (with its own CPU and memory)."""
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


# Each measured program reports its own CPU (itself and its waited-for workers) and peak memory.
USAGE = """
import resource
def usage():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {'cpu': me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, 'self_cpu': me.ru_utime + me.ru_stime,
            'main_mb': me.ru_maxrss / 1024, 'worker_mb': kids.ru_maxrss / 1024,
            'peak_mb': max(me.ru_maxrss, kids.ru_maxrss) / 1024}
"""

EXTRACT_ONLY = USAGE + """
import json, sys, time, trafilatura
from pathlib import Path
paths = sorted(Path(sys.argv[1]).glob('*.html'))
start = usage()['cpu']
t0 = time.perf_counter()
for p in paths:
    trafilatura.extract(p.read_text(encoding='utf-8'), include_tables=True, with_metadata=True)
print(json.dumps({'documents': len(paths), 'seconds': time.perf_counter() - t0, **usage(),
                  'cpu': usage()['cpu'] - start}))
"""

PIPELINE = USAGE + """
import json, sys, time
from corpus_tool import run
from corpus_tool.pipeline import CORPUS_STAGES, RunContext
from corpus_tool.store import connect
folder, db, jobs, corpus = sys.argv[1], sys.argv[2], int(sys.argv[3]) or None, sys.argv[4] == '1'
start, start_main = usage()['cpu'], usage()['self_cpu']
t0 = time.perf_counter()
s = run([folder], db, jobs=jobs, corpus_stages=False)
seconds, cpu, cpu_main = time.perf_counter() - t0, usage()['cpu'] - start, usage()['self_cpu'] - start_main
conn = connect(db)
# the document stages' seconds as the steps table holds them (as `run --profile` prints them)
profile = conn.execute("SELECT stage, sum(seconds) FROM steps GROUP BY stage ORDER BY min(id)").fetchall()
profile = [tuple(r) for r in profile] + [(k, getattr(s, k + '_seconds')) for k in ('survey', 'write')
                                         if hasattr(s, k + '_seconds')]
corpus_seconds, corpus_cpu = {}, {}
if corpus:  # each corpus stage in order, timed as wall-clock and as CPU of this process
    ctx = RunContext.default()
    for stage in CORPUS_STAGES:
        c0, t0 = time.process_time(), time.perf_counter()
        stage.func(conn, ctx)
        corpus_seconds[stage.name], corpus_cpu[stage.name] = time.perf_counter() - t0, time.process_time() - c0
pairs = conn.execute("SELECT count(*) FROM translation_pairs").fetchone()[0]
conn.close()
# documents processed: those stored, and those whose content was stored already under another name
print(json.dumps({'pairs': pairs, 'documents': s.stored + getattr(s, 'duplicates', 0), 'failed': s.failed,
                  'seconds': seconds,
                  'cpu_docs': cpu, 'cpu_main_docs': cpu_main,
                  'profile': profile, 'corpus': corpus_seconds, 'corpus_cpu': corpus_cpu, **usage()}))
"""

EVENTS = USAGE + """
import json, multiprocessing, os, sys, time
from corpus_tool import process_text

def texts(path):
    with open(path, encoding='utf-8') as fh:
        for line in fh:
            r = json.loads(line)
            text = '\\n\\n'.join(x for x in (r.get('title'), r.get('preamble'), r.get('body')) if x)
            yield str(r['id']), text, (r.get('datetime') or '')[:10] or None

def work(item):
    source, text, published = item
    doc = process_text(text, source=source, published=published)
    return {s.stage: s.seconds for s in doc.steps}, len(doc.figures), len(doc.mentions)

if __name__ == '__main__':
    path, jobs, limit = sys.argv[1], int(sys.argv[2]) or os.cpu_count(), int(sys.argv[3])
    items = list(texts(path))[:limit or None]
    work(items[0])  # load what the stages load, before the pool forks
    start = usage()['cpu']
    t0 = time.perf_counter()
    stages, figures, mentions = {}, 0, 0
    with multiprocessing.get_context('fork').Pool(jobs) as pool:
        for steps, f, m in pool.imap(work, items, chunksize=16):
            for k, v in steps.items():
                stages[k] = stages.get(k, 0.0) + v
            figures, mentions = figures + f, mentions + m
    seconds = time.perf_counter() - t0
    print(json.dumps({'documents': len(items), 'seconds': seconds, 'cpu_docs': usage()['cpu'] - start,
                      'profile': list(stages.items()), 'figures': figures, 'mentions': mentions, **usage()}))
"""


def rate(r: dict) -> float:
    return r["documents"] / r["seconds"]


def print_profile(r: dict) -> None:
    n = max(r["documents"], 1)
    rows = [(name, seconds) for name, seconds in r["profile"]] + list(r.get("corpus", {}).items())
    print("  seconds per stage (document stages summed over the workers):")
    for name, seconds in rows:
        print(f"    {name:14s} {seconds:8.2f} s  {1000 * seconds / n:7.2f} ms/doc")


def compare(extract: dict, ours: dict, ours_label: str) -> None:
    print(f"{'trafilatura extraction only (1 process)':44s} {extract['documents']:6d} docs  {rate(extract):8.1f} docs/s"
          f"  CPU {1000 * extract['cpu'] / extract['documents']:6.2f} ms/doc  peak RSS {extract['peak_mb']:.0f} MB")
    print(f"{ours_label:44s} {ours['documents']:6d} docs  {rate(ours):8.1f} docs/s"
          f"  CPU {1000 * ours['cpu_docs'] / ours['documents']:6.2f} ms/doc  peak RSS {ours['peak_mb']:.0f} MB"
          f" (main {ours['main_mb']:.0f}, worker {ours['worker_mb']:.0f})")
    print(f"documents/s of ours over trafilatura alone: {rate(ours) / rate(extract):.2f}x;  CPU per document: "
          f"{(ours['cpu_docs'] / ours['documents']) / (extract['cpu'] / extract['documents']):.2f}x trafilatura's")
    if "cpu_main_docs" in ours:  # the run's own process: the survey, the writer (the rest is the workers')
        main = 1000 * ours["cpu_main_docs"] / ours["documents"]
        print(f"  CPU per document of the main process (survey, writer, cleaned texts) {main:.2f} ms, of the"
              f" workers {1000 * ours['cpu_docs'] / ours['documents'] - main:.2f} ms")


def pages(documents: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        build_corpus(folder, documents)
        extract = measure(EXTRACT_ONLY, str(folder))
        ours = measure(PIPELINE, str(folder), str(Path(tmp) / "bench.db"), str(jobs), "1")
    compare(extract, ours, f"corpus-tool run, document stages ({jobs or os.cpu_count()} jobs)")
    print_profile(ours)


def events(limit: int, jobs: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from devdata import devdata

    reports = devdata("polisen-events", "events.jsonl")
    extract = measure(EXTRACT_ONLY, str(devdata("polisen-events", "html")))
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "events_bench.py"
        script.write_text(EVENTS, encoding="utf-8")
        proc = subprocess.run([sys.executable, str(script), str(reports), str(jobs), str(limit)], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if proc.returncode:
            raise SystemExit(proc.stderr)
        ours = json.loads(proc.stdout.strip().splitlines()[-1])
    print("trafilatura: the 400 raw pages of polisen-events; ours: the reports' texts (title, preamble, body)")
    compare(extract, ours, f"process_text, all stages ({jobs or os.cpu_count()} processes)")
    print(f"  {ours['figures']} figures, {ours['mentions']} mentions")
    print_profile(ours)


def scaling(sizes: list[int], jobs: int) -> None:
    print("wall-clock seconds (CPU seconds: the document stages' of all processes, the corpus stages' of the"
          " main one)")
    print(f"{'documents':>9s} {'document stages':>18s} {'translations':>15s} {'people':>13s} {'discrepancies':>15s}"
          f" {'pairs':>6s} {'main MB':>8s} {'worker MB':>10s}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "pages"
            folder.mkdir()
            build_corpus(folder, n)
            r = measure(PIPELINE, str(folder), str(Path(tmp) / "bench.db"), str(jobs), "1")
        c, cpu = r["corpus"], r["corpus_cpu"]
        cells = [f"{c[k]:6.1f} ({cpu[k]:5.1f})" for k in ("translations", "people", "discrepancies")]
        print(f"{n:9d} {r['seconds']:7.1f} ({r['cpu_docs']:7.1f}) {cells[0]:>15s} {cells[1]:>13s} {cells[2]:>15s}"
              f" {r['pairs']:6d} {r['main_mb']:8.0f} {r['worker_mb']:10.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000, help="pages to build (events: reports, 0 = all)")
    parser.add_argument("--jobs", type=int, default=0, help="workers (0 = all cores)")
    parser.add_argument("--events", action="store_true", help="the development reports as text input")
    parser.add_argument("--sizes", default="", help="comma-separated corpus sizes: memory and corpus stages")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    if args.sizes:
        scaling([int(n) for n in args.sizes.split(",")], args.jobs)
    elif args.events:
        events(0 if args.documents == 2000 else args.documents, args.jobs)
    else:
        pages(args.documents, args.jobs)


if __name__ == "__main__":
    main()
