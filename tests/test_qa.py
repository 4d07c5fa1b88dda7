"""Translators' QA of bilingual files: round trips that add only the ITS annotations, the checks on
each unit, decisions, termbases and the exit status."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import seed_path
from typer.testing import CliRunner

from corpus_tool.api import qa_file, qa_units
from corpus_tool.check.qa import Decisions, finding_key, issue_key, read_decisions
from corpus_tool.cli import app
from corpus_tool.report.bilingual import ITS, annotate, parse_bilingual, read_bilingual
from corpus_tool.report.review import build_review, render_html
from corpus_tool.report.tbx import glossary_tbx, read_termbase

QA = Path(__file__).resolve().parent / "data" / "qa"
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
X20 = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("qa")
    return {name: (qa_file(QA / name, out_dir=out, glossary=QA / "termbase.tbx",
                           decisions=out / f"{name}.decisions.json"), out)
            for name in ("cat_tool_1.2.xlf", "cat_tool_2.0.xlf", "memory.tmx", "pairs.csv")}


def _strip_bytes(data: bytes) -> bytes:
    """The annotated bytes with exactly what ``annotate`` adds taken out again."""
    text = data.decode("utf-8")
    text = text.replace(f' xmlns:its="{ITS}"', "", 1).replace(' its:version="2.0"', "", 1)
    text = re.sub(r"<its:locQualityIssues [^>]*>.*?</its:locQualityIssues>", "", text)
    opened = len(re.findall(r'<mrk [^>]*its:locQualityIssuesRef="[^"]*">', text))
    text = re.sub(r'<mrk [^>]*its:locQualityIssuesRef="[^"]*">', "", text)
    text = re.sub(r"</mrk></target>", "</target>", text, count=opened)
    text = re.sub(r"<note>\[QA [^<]*</note>", "", text)
    return text.encode("utf-8")


def _strip_tree(data: bytes) -> str:
    """Canonical XML (C14N 2.0, comments kept) of the document with every ITS element, ITS attribute
    and ITS-annotated ``<mrk>`` removed: what a CAT tool that ignores ITS sees."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(data, parser=parser)
    for parent in list(root.iter()):
        for i, child in reversed(list(enumerate(parent))):
            if not isinstance(child.tag, str):
                continue
            if child.tag.startswith(f"{{{ITS}}}") or (child.tag == "note" and (child.text or "").startswith("[QA ")):
                tail = child.tail or ""
                parent.remove(child)
                _append_text(parent, i, tail)
            elif child.tag.endswith("}mrk") and any(k.startswith(f"{{{ITS}}}") for k in child.attrib):
                _unwrap(parent, i, child)
        for key in [k for k in parent.attrib if k.startswith(f"{{{ITS}}}")]:
            del parent.attrib[key]
    return ET.canonicalize(ET.tostring(root, encoding="unicode"), strip_text=False)


def _append_text(parent: ET.Element, index: int, text: str) -> None:
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text


def _unwrap(parent: ET.Element, index: int, mrk: ET.Element) -> None:
    children, tail = list(mrk), mrk.tail or ""
    parent.remove(mrk)
    _append_text(parent, index, mrk.text or "")
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    _append_text(parent, index + len(children), tail)


def _canonical(data: bytes) -> str:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    return ET.canonicalize(ET.tostring(ET.fromstring(data, parser=parser), encoding="unicode"), strip_text=False)


# ---------------------------------------------------------------- round trips

@pytest.mark.parametrize("name", ["cat_tool_1.2.xlf", "cat_tool_2.0.xlf", "memory.tmx"])
def test_round_trip_adds_only_the_annotations(results, name):
    result, _ = results[name]
    original = (QA / name).read_bytes()
    annotated = result.written["annotated"].read_bytes()
    assert annotated != original and result.open_issues
    assert _strip_bytes(annotated) == original                       # byte for byte outside the annotations
    assert _strip_tree(annotated) == _canonical(original)            # and as XML, whatever a tool ignores


def test_csv_round_trip_adds_one_column(results):
    result, _ = results["pairs.csv"]
    original = list(csv.reader(io.StringIO((QA / "pairs.csv").read_text(encoding="utf-8"))))
    annotated = list(csv.reader(io.StringIO(result.written["annotated"].read_text(encoding="utf-8"))))
    assert [row[:-1] for row in annotated] == original
    assert annotated[0][-1] == "qa" and "2019" in annotated[2][-1] and annotated[1][-1] == ""


def test_xliff_12_annotations_are_its_standoff_referenced_from_the_target(results):
    result, _ = results["cat_tool_1.2.xlf"]
    root = ET.fromstring(result.written["annotated"].read_bytes())
    assert root.get(f"{{{ITS}}}version") == "2.0"
    units = {u.get("id"): u for u in root.iter(f"{X12}trans-unit")}
    first = units["1"]
    mrk = first.find(f"{X12}target/{X12}mrk")
    assert mrk is not None and mrk.get("mtype") == "x-its"
    ref = mrk.get(f"{{{ITS}}}locQualityIssuesRef")
    standoff = first.find(f"{{{ITS}}}locQualityIssues")
    assert standoff is not None and "#" + standoff.get("{http://www.w3.org/XML/1998/namespace}id") == ref
    (issue,) = standoff
    assert issue.get("locQualityIssueType") == "mistranslation"
    assert "'ett tjugotal' (about 20) is translated as 'a dozen' (12)" in issue.get("locQualityIssueComment")
    assert 0 <= float(issue.get("locQualityIssueSeverity")) <= 100
    # Inline codes and states are where they were; the untranslated unit 5 is no issue.
    assert first.find(f"{X12}target").get("state") == "translated" and mrk.find(f"{X12}g") is not None
    assert units["5"].find(f"{{{ITS}}}locQualityIssues") is None
    assert units["4"].find(f"{{{ITS}}}locQualityIssues") is None  # "community police officer" is right


def test_xliff_20_uses_the_its_module_mrk_and_standoff_in_the_unit(results):
    result, _ = results["cat_tool_2.0.xlf"]
    root = ET.fromstring(result.written["annotated"].read_bytes())
    units = {u.get("id"): u for u in root.iter(f"{X20}unit")}
    u1 = units["u1"]
    assert list(u1)[0].tag == f"{{{ITS}}}locQualityIssues"  # first child, where XLIFF 2.0 admits modules
    mrk = u1.find(f"{X20}segment/{X20}target/{X20}mrk")
    assert mrk.get("type") == "its:generic" and mrk.find(f"{X20}pc") is not None
    comments = " ".join(i.get("locQualityIssueComment") for i in root.iter(f"{{{ITS}}}locQualityIssue"))
    assert "'ett fyrtiotal' (about 40) is translated as 'about fourteen'" in comments
    assert "'elva' (11) is translated as 'twelve' (12)" in comments
    assert "under 18" not in comments and "u2" not in {k for k, u in units.items()
                                                        if u.find(f"{{{ITS}}}locQualityIssues") is not None}


def test_annotated_xliff_12_still_reads_in_translate_toolkit(results):
    from translate.storage import xliff

    result, _ = results["cat_tool_1.2.xlf"]
    before = xliff.xlifffile.parsestring((QA / "cat_tool_1.2.xlf").read_bytes())
    after = xliff.xlifffile.parsestring(result.written["annotated"].read_bytes())
    assert [u.source for u in before.units] == [u.source for u in after.units]
    assert [str(u.target) for u in before.units] == [str(u.target) for u in after.units]


def test_units_read_without_inline_codes():
    doc = read_bilingual(QA / "cat_tool_1.2.xlf")
    assert doc.format == "xliff12" and (doc.src_lang, doc.tgt_lang) == ("sv-SE", "en-GB")
    assert doc.units[1].source == "Händelsen inträffade 2020 vid Stortorget."
    assert doc.units[2].target == "In total eleven weapons were seized."  # <ph> content is code
    assert not doc.units[4].has_target
    tmx = read_bilingual(QA / "memory.tmx")
    assert tmx.units[1].target == "It happened yesterday."


def test_a_file_without_issues_is_written_unchanged(tmp_path):
    data = (QA / "cat_tool_2.0.xlf").read_bytes()
    assert annotate(parse_bilingual(data), []) == data


# ---------------------------------------------------------------- the checks

def test_two_plain_files_are_aligned_first(tmp_path):
    result = qa_file(seed_path("000"), seed_path("001"), out_dir=tmp_path, decisions=tmp_path / "d.json")
    found = {(i.kind, (i.value or "").lower(), (i.other_value or "").lower()) for i in result.issues}
    assert {("numbers", "ett tjugotal", "a dozen"), ("numbers", "ett tiotal", "a dozen"),
            ("numbers", "ett femtontal", "a dozen or so")} <= found
    assert ("omission", "50-tal rättegångar", "") in found
    assert ("untranslated", "", "frivården") in found
    # A name rendered two ways is judged over the whole file, not unit by unit.
    assert ("terminology", "sluta skjut", "stop shoot") in found
    assert result.written["annotated"].suffix == ".xlf"


def test_english_to_swedish_and_other_pairs():
    en_sv = qa_units([("Police arrested twelve people.", "Polisen grep elva personer."),
                      ("The probation service helped.", "The probation service hjälpte till.")], "en", "sv")
    assert [(i.kind, i.value, i.other_value) for i in en_sv if i.kind == "numbers"] == [("numbers", "twelve", "elva")]
    assert any(i.kind == "untranslated" and i.other_value == "probation" for i in en_sv)
    assert any(i.kind == "terminology" and i.value.lower() == "probation service" for i in en_sv)
    names = qa_units([("Police area chief Anna Svensson said 47 people were shot in Malmö.",
                       "Polisområdeschefen Anna Svenson sa att 47 personer sköts i Malmö.")], "en", "sv")
    assert [(i.kind, i.message) for i in names] == [
        ("inconsistent-entities", "The name 'Anna Svensson' is written 'Anna Svenson' in the translation.")]
    de_fr = qa_units([("Die Polizei nahm 2020 zwölf Personen fest.", "La police a arrêté douze personnes en 2019.")],
                     "de", "fr")
    assert {(i.value, i.other_value) for i in de_fr} == {("2020", None), (None, "2019")}


def test_dropped_sentence_inside_a_unit_is_an_omission():
    issues = qa_units([("Polisen grep fyra personer. Två av dem släpptes i dag.", "Police arrested four people.")],
                      "sv", "en")
    assert [i.kind for i in issues] == ["omission"] and "Två av dem" in issues[0].message


def test_the_users_termbase_tbx_and_csv(tmp_path):
    [entry] = read_termbase(QA / "termbase.tbx", "sv", "en")
    assert entry["src_re"].search("vapnen") is None and entry["src_re"].search("vapen")
    assert entry["tgt_re"].search("firearms") and entry["preferred"] == "firearm"
    (tmp_path / "terms.csv").write_text("sv,en\nvapen,firearm|gun\n", encoding="utf-8")
    [from_csv] = read_termbase(tmp_path / "terms.csv", "sv", "en")
    assert from_csv["tgt_re"].search("a gun")
    issues = qa_units([("Han hade ett vapen.", "He had a weapon.")], "sv", "en", terms=[from_csv])
    assert [i.kind for i in issues] == ["terminology"]


def test_our_glossary_exports_as_tbx_and_reads_back(tmp_path):
    text = glossary_tbx()
    root = ET.fromstring(text.split("\n", 2)[2])
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    terms = {t.text for t in root.iter("term")}
    assert {"defector programme", "avhopparverksamhet", "probation service"} <= terms
    assert not terms & {"leav", "service", "unit", "frivård\\w*"}  # whole terms only, no stems or fragments
    (tmp_path / "ours.tbx").write_text(text, encoding="utf-8")
    entries = read_termbase(tmp_path / "ours.tbx", "sv", "en")
    assert any(e["src_re"].search("frivården") and e["tgt_re"].search("probation service") for e in entries)


# ---------------------------------------------------------------- decisions and exit status

def test_issue_ids_depend_on_text_not_position():
    one = qa_units([("Polisen grep ett tjugotal personer.", "Police arrested a dozen people.")], "sv", "en")
    other = qa_units([("Det regnade.", "It rained."), ("Polisen grep ett tjugotal personer.",
                                                       "Police arrested a dozen people.")], "sv", "en")
    assert [i.id for i in one] == [i.id for i in other] and other[0].unit == 1
    assert issue_key("numbers", "A  b", "x", None) == issue_key("numbers", "a b", "X", None)


def test_issue_ids_survive_re_segmentation():
    joined = qa_units([("Det regnade. Polisen grep ett tjugotal personer.",
                        "It rained. Police arrested a dozen people.")], "sv", "en")
    split = qa_units([("Det regnade.", "It rained."), ("Polisen grep ett tjugotal personer.",
                                                        "Police arrested a dozen people.")], "sv", "en")
    assert [i.id for i in joined] == [i.id for i in split] and len(joined) == 1


def test_dismissing_on_the_command_line_then_rerunning(tmp_path):
    runner = CliRunner()
    shutil.copy(QA / "memory.tmx", tmp_path / "memory.tmx")
    first = runner.invoke(app, ["qa", str(tmp_path / "memory.tmx"), "-o", str(tmp_path / "out")])
    assert first.exit_code == 1
    issue_id = first.stdout.split("\t")[0]
    second = runner.invoke(app, ["qa", str(tmp_path / "memory.tmx"), "-o", str(tmp_path / "out"),
                                 "--dismiss", issue_id])
    assert second.exit_code == 0, second.output
    saved = json.loads((tmp_path / "memory.tmx.decisions.json").read_text(encoding="utf-8"))
    assert issue_id in saved["dismissed"] and saved["dismissed"][issue_id]["kind"] == "numbers"
    third = runner.invoke(app, ["qa", str(tmp_path / "memory.tmx"), "-o", str(tmp_path / "out")])
    assert third.exit_code == 0 and "1 dismissed" in third.output
    assert b"[QA" not in (tmp_path / "out" / "memory.qa.tmx").read_bytes()   # dismissed: not written back
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "memory.qa-issues.csv").read_text())))
    assert [r["dismissed"] for r in rows] == ["True"]


def test_exit_status_two_for_bad_input(tmp_path):
    runner = CliRunner()
    (tmp_path / "bad.xlf").write_text("<xliff><unclosed></xliff>", encoding="utf-8")
    assert runner.invoke(app, ["qa", str(tmp_path / "bad.xlf"), "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["qa", str(tmp_path / "missing.tmx"), "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["qa", str(QA / "memory.tmx"), "-o", str(tmp_path), "--dismiss",
                               "000000000000"]).exit_code == 2
    assert runner.invoke(app, ["qa", str(QA / "memory.tmx"), "-o", str(tmp_path), "-k", "spelling"]).exit_code == 2
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert runner.invoke(app, ["qa", str(QA / "memory.tmx"), "-o", str(tmp_path / "a-file" / "out"),
                               "--decisions", str(tmp_path / "d.json")]).exit_code == 2
    clean = runner.invoke(app, ["qa", str(QA / "memory.tmx"), "-o", str(tmp_path / "out"), "-k", "omission",
                                "--decisions", str(tmp_path / "d.json")])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_malformed_decisions_file_is_an_error(tmp_path):
    (tmp_path / "d.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(Exception, match="not a decisions file"):
        read_decisions(tmp_path / "d.json")


def test_review_honours_the_decisions(seed_conn):
    pair_id = seed_conn.execute("SELECT id FROM translation_pairs ORDER BY id LIMIT 1").fetchone()[0]
    review = build_review(seed_conn, pair_id)
    texts = {s.id: s.text for s in review.source.sentences + review.target.sentences}
    finding = next(f for row in review.rows for f in row.findings if f["kind"] == "numbers")
    decisions = Decisions()
    decisions.dismiss(finding_key(finding, texts[finding["sentence_id"]]))
    kept = build_review(seed_conn, pair_id, decisions)
    before = sum(len(r.findings) for r in review.rows)
    assert sum(len(r.findings) for r in kept.rows) == before - 1
    assert finding["message"] not in render_html(kept)


def test_the_page_escapes_texts(tmp_path):
    (tmp_path / "evil.tsv").write_text("Polisen grep ett tjugotal <script>alert(1)</script> personer.\t"
                                       "Police arrested a dozen <img src=x onerror=alert(1)> people.\n",
                                       encoding="utf-8")
    result = qa_file(tmp_path / "evil.tsv", src_lang="sv", tgt_lang="en", out_dir=tmp_path / "out")
    page = result.written["html"].read_text(encoding="utf-8")
    assert result.open_issues
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


def test_a_file_already_using_its_crlf_and_a_bom_stays_well_formed():
    data = ('\ufeff<?xml version="1.0" encoding="UTF-8"?>\r\n'
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:its="http://www.w3.org/2005/11/its" '
            'its:version="2.0" version="2.0" srcLang="sv" trgLang="en">\r\n<file id="f"><unit id="u" '
            'its:translate="yes"><segment><source><![CDATA[Polisen grep ett tjugotal personer.]]></source>\r\n'
            '<target>Police arrested a dozen people.</target></segment></unit></file></xliff>\r\n').encode("utf-8")
    doc = parse_bilingual(data)
    issues = qa_units([(u.source, u.target) for u in doc.units], "sv", "en")
    out = annotate(doc, issues)
    assert out.count(b"xmlns:its=") == 1 and out.count(b"its:version=") == 1
    root = ET.fromstring(out)
    assert len(list(root.iter(f"{{{ITS}}}locQualityIssue"))) == 1
    assert _strip_tree(out) == _strip_tree(data)  # the file's own ITS markup is stripped on both sides
    assert b'its:translate="yes"' in out and out.startswith(b"\xef\xbb\xbf") and b"\r\n" in out


@pytest.mark.parametrize("sv,en,flagged", [
    ("Straffet är fängelse i 2–4 år.", "The penalty is 2–6 years in prison.", True),
    ("Han dömdes till fängelse i sex år.", "He was sentenced to eight years in prison.", True),
    ("Han regerade bara i femton år.", "He reigned only fifteen years.", False),
    ("Att byta till en fyra dagars vecka har godkänts.", "Shifting to a four-day week has been endorsed.", False),
    ("Han satt häktad i två veckor.", "He was held in custody for two weeks.", False),
    ("Mannen är i 30-årsåldern.", "The man is in his thirties.", False),  # no length on one side
])
def test_a_changed_length_of_time_is_a_number_error_though_not_a_figure(sv, en, flagged):
    # Prison terms, ages and durations are never stored as counts, yet a translator must see them change.
    issues = [i for i in qa_units([(sv, en)], "sv", "en", kinds=("numbers",)) if "length of time" in i.message]
    assert bool(issues) is flagged, [i.message for i in issues]
