"""Crawl the polisen.se-like test site on 127.0.0.1 and print politeness and re-crawl figures.

    .venv/bin/python benchmarks/crawl_local.py [delay]

Prints: requests, pages saved, wall time, smallest/median gap between requests
(compare with the delay), and for an immediate re-crawl the share of 304
answers and the body bytes downloaded again.  Never asserts.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import crawl_site

from corpus_tool.acquire.crawl import crawl


def main(delay: float = 0.2) -> None:
    server, base, state = crawl_site.serve()
    out = Path(tempfile.mkdtemp())
    options = dict(site="polisen", out=out, delay=delay, allow_private=True, backoff=0.05, retries=2)
    t0 = time.perf_counter()
    first = crawl([base + crawl_site.NEWS], **options)
    wall = time.perf_counter() - t0
    times = [e["t"] for e in state.log]
    gaps = [b - a for a, b in zip(times, times[1:])]
    print(f"first crawl: {first.requests} requests, {len(first.saved)} pages saved, {len(first.listings)} listings,"
          f" {first.retries} retries, {first.bytes} bytes, {wall:.2f} s")
    print(f"  delay {delay:.3f} s: smallest gap {min(gaps):.3f} s, median gap {statistics.median(gaps):.3f} s")
    state.clear_log()
    t0 = time.perf_counter()
    again = crawl([base + crawl_site.NEWS], **options)
    wall = time.perf_counter() - t0
    answered = [e["status"] for e in state.log if e["path"] != "/robots.txt"]
    share = answered.count(304) / len(answered)
    print(f"re-crawl: {again.requests} requests, {answered.count(304)}/{len(answered)} answered 304 ({share:.0%}),"
          f" {len(again.saved)} files rewritten, {again.bytes} bytes, {wall:.2f} s")
    server.shutdown()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.2)
