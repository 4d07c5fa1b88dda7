"""A checked article as one self-contained HTML page: each claim marked with its verdict and sources.

Every piece of text (the article, messages, source sentences, file names) is escaped; the page has
inline CSS only and no script, and a Content-Security-Policy that allows no script at all.
"""
from __future__ import annotations

import html
import os
from collections.abc import Sequence

from ..check.claims import ClaimResult

_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222}
article{white-space:pre-wrap;border-left:3px solid #ddd;padding-left:1em}
mark{padding:0 .15em;border-radius:3px}mark sup{font-size:11px;font-weight:600}
.supported{background:#d4f5d4}.contradicted{background:#ffd0d0}.partly{background:#ffefc2}
.not-found{background:#e6e6e6}.not-understood{background:#f2f2f2;outline:1px dashed #aaa}
ol li{margin:.7em 0}.verdict{font-weight:600;text-transform:uppercase;font-size:13px}
.src{color:#444;font-size:14px;margin:.2em 0 0 1em}.why{color:#777;font-size:13px}
.legend span{margin-right:1em;padding:0 .3em}
"""


def _cls(verdict: str) -> str:
    return verdict.replace(" ", "-")


def article_page(text: str, results: Sequence[ClaimResult], title: str = "Checked article") -> str:
    """The page: the article with each claim marked (verdict and number), then each claim's sources."""
    e = html.escape
    placed = sorted((r for r in results if r.start is not None and r.end is not None), key=lambda r: r.start or 0)
    body, at = [], 0
    for n, r in enumerate(placed, 1):
        assert r.start is not None and r.end is not None  # placed holds only results with offsets
        if r.start < at:
            continue
        body.append(e(text[at:r.start]))
        body.append(f'<mark class="{_cls(r.verdict)}" id="c{n}" title="{e(r.verdict)}: {e(r.message)}">'
                    f'{e(text[r.start:r.end])}<sup><a href="#s{n}">{n}</a></sup></mark>')
        at = r.end
    body.append(e(text[at:]))
    notes = []
    for n, r in enumerate(placed, 1):
        sources = "".join(
            f'<div class="src">{e(ev.verdict)}: \u2018{e(ev.surface)}\u2019 ({e(ev.description)}) — '
            f'{e(os.path.basename(ev.document))}{" (" + e(ev.published) + ")" if ev.published else ""}'
            f'<br>\u201c{e(ev.sentence or "")}\u201d<div class="why">{e(ev.why)}</div></div>'
            for ev in r.evidence)
        notes.append(f'<li id="s{n}"><a href="#c{n}">\u2191</a> <span class="verdict {_cls(r.verdict)}">'
                     f'{e(r.verdict)}</span> {e(r.message)}{sources}</li>')
    counts = {v: sum(1 for r in placed if r.verdict == v)
              for v in ("supported", "contradicted", "partly", "not found", "not understood")}
    legend = "".join(f'<span class="{_cls(v)}">{e(v)}: {c}</span>' for v, c in counts.items())
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{e(title)}</h1><p class=\"legend\">{legend}</p>"
        f"<article>{''.join(body)}</article><h2>Claims and sources</h2><ol>{''.join(notes)}</ol>"
        "</body></html>\n")
