"""Comparing figures by meaning, and describing them to a person."""
from __future__ import annotations

import functools

from ..document import Figure
from ..resources import read_tsv
from .severities import severity_of


@functools.cache
def _directions() -> dict[str, int]:
    """Qualifier -> +1 (bounds upwards: "over") or -1 (downwards: "under"), from bound_directions.tsv."""
    return {row["qualifier"]: 1 if row["direction"] == "up" else -1 for row in read_tsv("bound_directions.tsv")}


def direction(figure: Figure) -> int:
    return _directions().get((figure.qualifier or "").lower(), 0)


def number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def describe(figure: Figure) -> str:
    """'about 20', 'over 40', '12', '10 to 15', 'a vague number (2–9)', '63 %'."""
    unit = " %" if figure.unit == "percent" else ""
    if figure.value is None:
        low, high = number(figure.low), ("" if figure.high is None else number(figure.high))
        if figure.qualifier == "range" and figure.low is not None and figure.high is not None:
            return f"{low} to {high}{unit}"
        return f"a vague number ({low}–{high})" if figure.low is not None else "a vague number"
    q = (figure.qualifier or "").lower()
    if q in _directions():
        return f"{q} {number(figure.value)}{unit}"
    if figure.approximate:  # "about", "-tal", "or so"
        return f"about {number(figure.value)}{unit}"
    return f"{number(figure.value)}{unit}"


def same_meaning(a: Figure, b: Figure) -> bool:
    """Do two figures (any language) state the same count?

    Nominal values must agree: "ett tiotal" (about 10) and "about ten" do,
    "ett tiotal" and "a dozen" (12) do not, even though the ranges touch — the
    translation changed the number.  Vague quantities ("flera", "several")
    agree with anything their range admits.  Units must agree, and bounds must
    not point opposite ways.
    """
    if a.unit and b.unit and a.unit != b.unit:  # a unit missing on one side is the extractor's doubt
        return False
    if "range" in (a.qualifier, b.qualifier):  # "5–10" is a statement of two numbers, not vagueness
        return a.qualifier == b.qualifier and (a.low, a.high) == (b.low, b.high)
    if a.value is None or b.value is None:
        return ranges_overlap(a, b)
    if abs(a.value - b.value) > 1e-9:
        return False
    return direction(a) * direction(b) >= 0


def ranges_overlap(a: Figure, b: Figure) -> bool:
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    return a_low <= b_high and b_low <= a_high


def _bounds(f: Figure) -> tuple[float, float]:
    low = f.low if f.low is not None else (f.value if f.value is not None else 0.0)
    high = f.high if f.high is not None else (f.value if f.value is not None and f.low is None else float("inf"))
    if f.value is not None and f.low is None and f.high is None:
        low = high = f.value
    return low, high


def conflicting(a: Figure, b: Figure) -> bool:
    """Two statements of the same count that cannot both be true.

    Exact figures conflict when they differ; an approximate figure conflicts
    only when its range excludes the other.
    """
    if (a.unit or "") != (b.unit or ""):
        return False
    if a.approximate or b.approximate or a.value is None or b.value is None or direction(a) or direction(b):
        return not ranges_overlap(a, b)
    return abs(a.value - b.value) > 1e-9


def statement(f: Figure) -> tuple:
    """What ``conflicting`` reads of a figure: two figures with the same statement conflict with the
    same figures (keep the two together)."""
    return (f.unit or "", bool(f.approximate), f.value, f.low, f.high, direction(f))


def severity(a: Figure, b: Figure | None) -> float:
    """0–100 (as ITS 2.0 locQualityIssueSeverity): grows with the relative size of the difference."""
    if b is None or a.value is None or b.value is None:
        return severity_of("figure_unmatched")
    base = max(abs(a.value), abs(b.value), 1.0)
    relative = abs(a.value - b.value) / base
    return round(min(100.0, severity_of("figure_changed_base") + severity_of("figure_changed_scale") * relative), 1)
