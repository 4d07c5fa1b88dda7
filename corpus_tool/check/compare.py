"""Comparing figures by meaning, and describing them to a person."""
from __future__ import annotations

from ..document import Figure
from .severities import severity_of

# Qualifiers that open a range upwards or downwards; two figures that bound in
# opposite directions ("över 40" / "under 40") do not say the same thing.
# Names as in data/qualifiers.tsv (its `qualifier` column).
_UPWARD = {"over", "just over", "at least"}
_DOWNWARD = {"under", "just under", "nearly", "up to"}
_SHOWN = {"over": "over", "just over": "just over", "at least": "at least", "under": "under",
          "just under": "just under", "nearly": "nearly", "up to": "up to"}


def direction(figure: Figure) -> int:
    q = (figure.qualifier or "").lower()
    return 1 if q in _UPWARD else -1 if q in _DOWNWARD else 0


def number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def describe(figure: Figure) -> str:
    """'about 20', 'over 40', '12', 'a vague number (2–9)', '63 %'."""
    unit = " %" if figure.unit == "percent" else ""
    if figure.value is None:
        low, high = number(figure.low), ("" if figure.high is None else number(figure.high))
        return f"a vague number ({low}–{high})" if figure.low is not None else "a vague number"
    q = (figure.qualifier or "").lower()
    if q in _SHOWN:
        return f"{_SHOWN[q]} {number(figure.value)}{unit}"
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


def severity(a: Figure, b: Figure | None) -> float:
    """0–100 (as ITS 2.0 locQualityIssueSeverity): grows with the relative size of the difference."""
    if b is None or a.value is None or b.value is None:
        return severity_of("figure_unmatched")
    base = max(abs(a.value), abs(b.value), 1.0)
    relative = abs(a.value - b.value) / base
    return round(min(100.0, severity_of("figure_changed_base") + severity_of("figure_changed_scale") * relative), 1)
