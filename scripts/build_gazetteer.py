"""Build the gazetteer (``corpus_tool/data/gazetteer.tsv``) from SCB's list of counties and municipalities.

    .venv/bin/python scripts/build_gazetteer.py   # rewrites corpus_tool/data/gazetteer.tsv

Source: ``polisen-events/swedish_admin_areas.csv`` in the development data folder
(benchmarks/devdata.py, docs/data.md): the 290 municipalities and 21 counties with their SCB codes
(assembled from SCB's "Län och kommuner i kodnummerordning", public information; NOTICE.md).
The municipality and county rows are written from it, each county with its English name by rule
("Stockholms län" -> "Stockholm County") and its short name ("Skåne", "Halland") unless a
municipality is called so.  Every other row of the existing file (the country, the police regions
and police areas, districts) and every alias written by hand is kept: run it again and only the
SCB rows are refreshed.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "benchmarks"))
from devdata import devdata, run_main  # noqa: E402

SCB = ("polisen-events", "swedish_admin_areas.csv")
OUT = ROOT / "corpus_tool" / "data" / "gazetteer.tsv"
COLUMNS = ["level", "code", "name", "county_code", "municipality_code", "region", "aliases", "ambiguous"]
HEADER = """\
# The gazetteer: the places of Sweden a figure can be in, read by corpus_tool/extract/gazetteer.py.
# Municipalities and counties with their SCB codes come from SCB's list of counties and
# municipalities ("Län och kommuner i kodnummerordning", via the polisen-se-events-history
# reference list; see NOTICE.md) and are refreshed by scripts/build_gazetteer.py, which keeps every
# other row and every alias written by hand.
# level: country | region (a police region) | police_area (a polisområde) | county | municipality |
#   district (a stadsdel, mapped to its municipality).
# code: the SCB code of a county (2 digits) or municipality (4 digits); SE for the country; the
#   project's own codes elsewhere: PR-<name> for a police region, PO-<name> for a police area,
#   <municipality code>-<name> for a district.
# name: the name as SCB (or the police) writes it; county_code, municipality_code: where it lies
#   (a county's own code, a municipality's own code); region: its police region.
# aliases: other names, "|" between them (English names, short names, "polisområde X"); the
#   genitive ("Malmös", "Angereds") and a lower-case or hyphenated spelling ("Upplands väsby",
#   "Upplands-bro") are found by rule, not listed.
# ambiguous: 1 when the name is also an ordinary word or a given name ("Mark", "Vara", "Boden"):
#   in running text it is a place only after a place word ("i", "från", "kommun").
"""
# Counties by police region (the police's own division, polisen.se "Polisregioner").
REGION_OF_COUNTY = {
    "01": "Stockholm", "09": "Stockholm",
    "03": "Mitt", "19": "Mitt", "21": "Mitt",
    "04": "Öst", "05": "Öst", "06": "Öst",
    "07": "Syd", "08": "Syd", "10": "Syd", "12": "Syd",
    "13": "Väst", "14": "Väst",
    "17": "Bergslagen", "18": "Bergslagen", "20": "Bergslagen",
    "22": "Nord", "23": "Nord", "24": "Nord", "25": "Nord",
}


def _short(county: str) -> str:
    """ "Stockholms län" -> "Stockholm", "Skåne län" -> "Skåne": the county without "län" and its genitive s."""
    base = county.removesuffix(" län")
    return base[:-1] if base.endswith("s") else base


def _read_existing() -> list[dict]:
    if not OUT.exists():
        return []
    with OUT.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _merge_aliases(*groups: str) -> str:
    seen: list[str] = []
    for group in groups:
        for alias in group.split("|"):
            if alias.strip() and alias.strip() not in seen:
                seen.append(alias.strip())
    return "|".join(seen)


def main() -> None:
    with devdata(*SCB).open(encoding="utf-8", newline="") as fh:
        scb = list(csv.DictReader(fh))
    existing = {(r["level"], r["code"]): r for r in _read_existing()}
    municipality_names = {r["municipality_name"].casefold() for r in scb}
    rows: dict[tuple[str, str], dict] = {
        key: row for key, row in existing.items() if row["level"] not in {"county", "municipality"}}
    for r in scb:
        key = ("municipality", r["municipality_code"])
        old = existing.get(key, {})
        rows[key] = {"level": "municipality", "code": r["municipality_code"], "name": r["municipality_name"],
                     "county_code": r["county_code"], "municipality_code": r["municipality_code"],
                     "region": REGION_OF_COUNTY[r["county_code"]], "aliases": old.get("aliases", ""),
                     "ambiguous": old.get("ambiguous", "0") or "0"}
        key = ("county", r["county_code"])
        if key not in rows:
            old = existing.get(key, {})
            short = _short(r["county_name"])
            generated = f"{short} County" + ("" if short.casefold() in municipality_names else f"|{short}")
            rows[key] = {"level": "county", "code": r["county_code"], "name": r["county_name"],
                         "county_code": r["county_code"], "municipality_code": "",
                         "region": REGION_OF_COUNTY[r["county_code"]],
                         "aliases": _merge_aliases(generated, old.get("aliases", "")),
                         "ambiguous": old.get("ambiguous", "0") or "0"}
    for row in rows.values():
        if not row["region"] and row["county_code"] in REGION_OF_COUNTY:
            row["region"] = REGION_OF_COUNTY[row["county_code"]]
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        fh.write("\t".join(COLUMNS) + "\n")
        for row in sorted(rows.values(), key=lambda r: [r[c] for c in COLUMNS]):
            fh.write("\t".join(row.get(c, "") for c in COLUMNS) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} places")


if __name__ == "__main__":
    run_main(main)
