"""The package's data files parse, have no duplicates, and word lists stay sorted (easy to diff)."""
from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from corpus_tool.resources import DATA, read_tsv

TSV_FILES = sorted(p.name for p in DATA.glob("*.tsv"))
# Lists whose rows are grouped by hand (by language, kind or organisation) rather than sorted.
GROUPED = {"metric_words.tsv", "organizations.tsv", "periods.tsv", "seasons.tsv", "speech_verbs.tsv", "titles.tsv"}
# Columns holding regular expressions.
PATTERN_COLUMNS = {"leftovers.tsv": ["pattern"], "glossary.tsv": ["sv", "en"],
                   "periods.tsv": ["pattern"]}


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    table = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return table[0], table[1:]


@pytest.mark.parametrize("name", TSV_FILES)
def test_tsv_parses_with_one_value_per_column(name):
    header, rows = _rows(name)
    assert len(set(header)) == len(header)
    for row in rows:
        assert len(row) == len(header), (name, row)
    assert len(read_tsv(name)) == len(rows)


@pytest.mark.parametrize("name", TSV_FILES)
def test_tsv_has_no_duplicate_rows(name):
    _, rows = _rows(name)
    assert len({tuple(r) for r in rows}) == len(rows)


@pytest.mark.parametrize("name", TSV_FILES)
def test_tsv_opens_with_a_comment_saying_what_it_is(name):
    assert (DATA / name).read_text(encoding="utf-8").startswith("# "), f"{name} has no header comment"


@pytest.mark.parametrize("name", TSV_FILES)
def test_languages_are_sv_en_or_either(name):
    header, rows = _rows(name)
    if "lang" in header:
        column = header.index("lang")
        assert {r[column] for r in rows} <= {"sv", "en", "*"}, name


@pytest.mark.parametrize("name", [n for n in TSV_FILES if n not in GROUPED])
def test_word_lists_are_sorted(name):
    _, rows = _rows(name)
    assert rows == sorted(rows), f"{name} is not sorted"


@pytest.mark.parametrize("name, columns", PATTERN_COLUMNS.items())
def test_patterns_compile(name, columns):
    for row in read_tsv(name):
        for column in columns:
            re.compile(row[column])


@pytest.mark.parametrize("name", ["name_context.tsv", "number_context.tsv", "partitive_words.tsv",
                                  "period_words.tsv", "place_words.tsv", "range_words.tsv"])
def test_every_role_is_explained_in_the_header(name):
    comments = "".join(line for line in (DATA / name).read_text(encoding="utf-8").splitlines(True)
                       if line.startswith("#"))
    for role in {row["role"] for row in read_tsv(name)}:
        assert re.search(rf"(?<![\w]){re.escape(role)}(?![\w])", comments), f"{name}: role {role} is not explained"


def test_months_are_read_in_text_or_not():
    rows = read_tsv("months.tsv")
    assert {r["in_text"] for r in rows} == {"0", "1"}
    assert all(1 <= int(r["month"]) <= 12 for r in rows)


def test_settings_and_profiles_parse():
    for path in DATA.rglob("*.toml"):
        with path.open("rb") as fh:
            assert isinstance(tomllib.load(fh), dict), path


def test_glossary_kinds_and_preferred_renderings():
    for row in read_tsv("glossary.tsv"):
        assert row["kind"] in {"term", "name", "keep"}
        assert re.fullmatch(row["en"], row["preferred"], re.I), row["preferred"]


def test_every_severity_case_used_is_in_the_table_with_its_calibration():
    from corpus_tool.check.severities import severity_of

    rows = {row["case"]: row for row in read_tsv("severities.tsv")}
    check = Path(DATA).parent / "check"
    used = {m for path in check.glob("*.py") for m in re.findall(r'"([a-z_]+)"', path.read_text()) if m in rows}
    used |= {m for path in check.glob("*.py") for m in re.findall(r'severity_of\("([a-z_]+)"', path.read_text())}
    assert used and used <= set(rows), used - set(rows)
    assert set(rows) - used == set(), f"severities nobody uses: {set(rows) - used}"
    for case, row in rows.items():
        assert 0 <= float(row["severity"]) <= 100 and len(row["calibration"]) > 20, case
    with pytest.raises(KeyError, match="no severity"):
        severity_of("no_such_case")
