"""Link files and the standard strict/lax precision, recall and F1 of sentence alignment.

The link format is the one of the Text+Berg gold, Vecalign and Bertalign:
one link a line, ``[src ids]:[tgt ids]``, 0-based, ``[3]:[]`` for an omission.

The measure follows Vecalign's ``score.py`` (after Sennrich & Volk 2011):
precision counts every predicted link, omissions included; recall counts
only gold links with both sides non-empty, against predicted links with
both sides non-empty.  A predicted link is a strict hit when it equals a gold
link, a lax hit when it shares a (source, target) sentence pair with one.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..document import Link
from ..errors import AlignmentError

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")

LinkPair = tuple[tuple[int, ...], tuple[int, ...]]


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(",", " ").split())


def parse_links(text: str) -> list[LinkPair]:
    """Parse link lines; blank lines and ``#`` comments are skipped."""
    links = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise AlignmentError(f"line {number}: not a link like [0, 1]:[2]: {line.strip()!r}")
        links.append((_ids(m.group(1)), _ids(m.group(2))))
    return links


def format_link(src: Sequence[int], tgt: Sequence[int]) -> str:
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def format_links(links: Iterable) -> str:
    out = []
    for link in links:
        src, tgt = (link.src, link.tgt) if isinstance(link, Link) else link
        out.append(format_link(src, tgt))
    return "\n".join(out) + ("\n" if out else "")


def _as_pairs(links: Iterable) -> list[LinkPair]:
    return [(tuple(l.src), tuple(l.tgt)) if isinstance(l, Link) else (tuple(l[0]), tuple(l[1]))
            for l in links]


def _precision_counts(gold: list[LinkPair], test: list[LinkPair]) -> tuple[int, int, int, int]:
    test_set = {(s, t) for s, t in test if s or t}
    gold_set = {(s, t) for s, t in gold if s or t}
    gold_targets: defaultdict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            gold_targets[s].update(gt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        targets: set[int] = set().union(*(gold_targets[s] for s in ts)) if ts else set()
        if targets & set(tt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(gold_list: Sequence[Iterable], test_list: Sequence[Iterable]) -> dict:
    """Strict and lax P/R/F1 accumulated over several documents (Vecalign's definition)."""
    if len(gold_list) != len(test_list):
        raise AlignmentError("as many gold alignments as test alignments are needed")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_list, test_list):
        gold, test = _as_pairs(gold), _as_pairs(test)
        for k, v in enumerate(_precision_counts(gold, test)):
            p[k] += v
        test_both = [(s, t) for s, t in test if s and t]
        gold_both = [(s, t) for s, t in gold if s and t]
        # Recall is precision with omissions removed and the roles swapped.
        for k, v in enumerate(_precision_counts(test_both, gold_both)):
            r[k] += v
    ps, pl = _ratio(p[0], p[1]), _ratio(p[2], p[3])
    rs, rl = _ratio(r[0], r[1]), _ratio(r[2], r[3])
    return {"precision_strict": ps, "recall_strict": rs, "f1_strict": _f1(ps, rs),
            "precision_lax": pl, "recall_lax": rl, "f1_lax": _f1(pl, rl)}
