"""Translators' QA of bilingual units: issues with stable ids, and the decisions that dismiss them.

A unit is one source text and its translation (an XLIFF segment, a TMX unit, a row of a
two-column table).  Each issue is a translation finding placed on its unit, with an id that
depends only on the kind, the text of the source (or target) sentence it is about and the values
it names, never on positions: a dismissal survives re-segmentation, re-ordering and re-export.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError
from ..resources import read_tsv

# Each kind, its ITS 2.0 localization-quality-issue type and its explanation (data/qa_kinds.tsv).
_KINDS = read_tsv("qa_kinds.tsv")
ITS_TYPES = {row["kind"]: row["its_type"] for row in _KINDS}
EXPLAINED = {row["kind"]: row["explanation"] for row in _KINDS}
QA_KINDS = tuple(ITS_TYPES)


@dataclass
class QAIssue:
    """One issue on one unit."""

    id: str
    unit: int            # 0-based position of the unit in the file
    unit_id: str         # the unit's id in the file ("u3", "tu 12", "row 4")
    kind: str
    severity: float      # 0–100, as ITS locQualityIssueSeverity
    message: str
    source: str          # the unit's source and target text
    target: str
    value: str | None = None
    other_value: str | None = None
    dismissed: bool = False

    @property
    def its_type(self) -> str:
        return ITS_TYPES.get(self.kind, "other")

    def as_dict(self) -> dict:
        return {**asdict(self), "its_type": self.its_type}


def normalise(text: str) -> str:
    """Text as compared for keys: NFC, case-folded, white space collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().casefold()


def issue_key(kind: str, sentence: str, value: str | None, other_value: str | None) -> str:
    """The id of an issue: kind, the text of the sentence it is on, and its values (12 hex digits)."""
    raw = "\x1f".join((kind, normalise(sentence), normalise(value or ""), normalise(other_value or "")))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


@dataclass
class Decisions:
    """Issues a translator marked as no issue, by id, each with what it was (for people reading the file)."""

    dismissed: dict[str, dict] = field(default_factory=dict)

    def dismiss(self, issue_id: str, issue: QAIssue | None = None, note: str = "") -> None:
        entry = {"kind": issue.kind, "message": issue.message, "source": issue.source} if issue else {}
        if note:
            entry["note"] = note
        self.dismissed[issue_id] = entry

    def __contains__(self, issue_id: object) -> bool:
        return issue_id in self.dismissed

    def to_json(self) -> str:
        return json.dumps({"format": "corpus-tool decisions", "version": 1, "dismissed": self.dismissed},
                          ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_decisions(path: str | Path | None) -> Decisions:
    """The decisions file (JSON); a missing file is no decisions, a malformed one an error."""
    if path is None or not Path(path).exists():
        return Decisions()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        dismissed = data["dismissed"]
        if isinstance(dismissed, list):  # a list of ids is accepted too
            dismissed = {str(i): {} for i in dismissed}
        if not isinstance(dismissed, dict):
            raise TypeError("dismissed is neither an object nor a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a decisions file ({exc})") from None
    return Decisions({str(k): dict(v) if isinstance(v, dict) else {} for k, v in dismissed.items()})


def write_decisions(path: str | Path, decisions: Decisions) -> None:
    Path(path).write_text(decisions.to_json(), encoding="utf-8")


def finding_key(finding: dict | object, sentence_text: str) -> str:
    """The id of a stored or fresh finding (``Finding`` or a ``discrepancies`` row) on ``sentence_text``:
    the same id the QA of a bilingual file gives, so one decisions file serves ``qa`` and ``review``."""
    get = finding.get if isinstance(finding, dict) else lambda k: getattr(finding, k)
    return issue_key(str(get("kind")), sentence_text, get("value"), get("other_value"))


def gap_explains_length(side_length: int, other_length: int, gap_length: int) -> bool:
    """Inside one unit, is a sentence without counterpart really missing on the other side?  Only when
    the two sides' lengths agree better with that sentence left out: otherwise the content is there
    and only the sentence boundaries differ ("U.S. Rep." split off by the segmenter)."""
    if gap_length <= 0 or side_length <= gap_length or other_length <= 0:
        return True
    with_it = abs(math.log(other_length / side_length))
    without_it = abs(math.log(other_length / (side_length - gap_length)))
    return without_it < with_it
