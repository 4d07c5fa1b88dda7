"""Research access: read-only SQL, views, Datasette metadata and serving, exports, notebook.

Two databases: ``facts_db`` is built by hand through ``corpus_tool.store`` so the
configured queries have known answers (two Swedish sources that disagree, an
English machine translation, a quoted official with an alias); ``seed_db``
(conftest) is the sample corpus through the real pipeline, for the Swedish
full-text search and the notebook on real data.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus_tool import store
from corpus_tool.cli import app
from corpus_tool.document import Alignment, Document, Figure, Finding, Mention, Pair, Paragraph, Sentence
from corpus_tool.errors import DatabaseError, ReadOnlyViolation
from corpus_tool.people import Alias, Assignment, PeopleLinks, Person
from corpus_tool.report.datasette import check_servable, load_metadata, metadata_for
from corpus_tool.report.export import EXPORTS, export, export_rows
from corpus_tool.store.query import check_read_only, query, statement_keyword
from corpus_tool.store.views import VIEWS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"
runner = CliRunner()


# --- a small database with known facts ---------------------------------------------------

def make_doc(source: str, lang: str, blocks: list[tuple[str, list[str]]], **fields) -> Document:
    """A segmented Document from (kind, [sentences]) blocks, offsets computed."""
    text, paragraphs, sentences = "", [], []
    for position, (kind, texts) in enumerate(blocks):
        if position:
            text += "\n\n"
        paragraph_start = len(text)
        for i, sentence in enumerate(texts):
            if i:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(Sentence(len(sentences), sentence, start, len(text), lang, position))
        paragraphs.append(Paragraph(position, kind, text[paragraph_start:], paragraph_start,
                                    len(text), lang))
    return Document(source=source, lang=lang, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    paragraphs=paragraphs, sentences=sentences, **fields)


def locate(doc: Document, surface: str, sentence: int) -> dict:
    s = doc.sentences[sentence]
    start = doc.text.index(surface, s.start)
    return dict(surface=surface, start=start, end=start + len(surface), sentence_position=sentence)


def year_2019(**kw) -> dict:
    return dict(period_start="2019-01-01", period_end="2019-12-31", **kw)


SV, EN, STATS = "press/sluta-skjut-sv.txt", "press/stop-shooting-en.txt", "web/statistik.txt"


def build_facts_db(path: Path) -> dict:
    conn = store.connect(path)
    sv = make_doc(SV, "sv", [
        ("heading", ["Färre skottlossningar i Malmö"]),
        ("paragraph", ["Under 2019 inträffade totalt 34 skottlossningar i Malmö.",
                       "Ett tjugotal personer har fått stöd."]),
        ("paragraph", ["– Vi är nöjda med utvecklingen, säger Glen Sjögren, kommunpolis i Malmö."]),
        ("paragraph", ["Det var ett bra år för staden."]),
    ], title="Färre skottlossningar i Malmö", published="2020-05-12", url="https://polisen.example/sv")
    en = make_doc(EN, "en", [
        ("heading", ["Fewer shootings in Malmö"]),
        ("paragraph", ["In 2019, a total of 34 shootings occurred in Malmö.",
                       "A dozen people have received support."]),
        ("paragraph", ["- We are happy with the development, says Glen Sjögren, community police officer in Malmö."]),
        ("paragraph", ["It was a good year for the city."]),
    ], title="Fewer shootings in Malmö", published="2020-05-12")
    stats = make_doc(STATS, "sv", [
        ("table_cell", ["År"]), ("table_cell", ["Skjutningar"]),
        ("table_cell", ["2019"]), ("table_cell", ["36"]),
        ("paragraph", ["Polisen räknade 36 skjutningar i Malmö under 2019, säger G. Sjögren."]),
        ("paragraph", ["Sedan årets start har fyra skottlossningar inträffat."]),
    ], title="Skjutningar i Malmö", published="2021-01-28")
    sv.figures = [
        Figure(value=34, metric="shootings", place="Malmö", period_text="Under 2019",
               **year_2019(**locate(sv, "34", 1))),
        Figure(value=20, low=15, high=25, approximate=True, metric="other", noun="personer",
               **locate(sv, "Ett tjugotal", 2)),
    ]
    en.figures = [
        Figure(value=34, metric="shootings", place="Malmö", period_text="In 2019",
               **year_2019(**locate(en, "34", 1))),
        Figure(value=12, low=10, high=14, approximate=True, metric="other", noun="people",
               **locate(en, "A dozen", 2)),
    ]
    stats.figures = [Figure(value=36, metric="shootings", place="Malmö", origin="table",
                            **year_2019(**locate(stats, "36", 3))),
                     Figure(value=4, metric="shootings", place="Malmö", period_text="sedan årets start",
                            period_start="2020-01-01", period_end="2020-05-31", **locate(stats, "fyra", 5))]
    sv.mentions = [Mention(name_as_written="Glen Sjögren", title="kommunpolis", organization="Polisen",
                           place="Malmö", quote="Vi är nöjda med utvecklingen",
                           **{k: v for k, v in locate(sv, "Glen Sjögren", 3).items() if k != "surface"})]
    en.mentions = [Mention(name_as_written="Glen Sjögren", title="community police officer",
                           quote="We are happy with the development",
                           **{k: v for k, v in locate(en, "Glen Sjögren", 3).items() if k != "surface"})]
    stats.mentions = [Mention(name_as_written="G. Sjögren",
                              **{k: v for k, v in locate(stats, "G. Sjögren", 4).items() if k != "surface"})]
    for doc in (sv, en, stats):
        store.write_document(conn, doc)
    mention_ids = [m.id for doc in (sv, en, stats) for m in doc.mentions]
    store.replace_people(conn, PeopleLinks([Person(1, "Glen Sjögren")], [Alias(1, "G. Sjögren", "initial")],
                                           [Assignment(mid, 1) for mid in mention_ids]))
    pair = Pair(sv.id, en.id, 0.93, "explicit")
    links = [Alignment(0, i, [sv.sentences[i].id], [en.sentences[i].id], 0.9)
             for i in range(len(sv.sentences))]
    store.replace_pairs(conn, [(pair, links)])
    store.replace_findings(conn, [
        Finding("numbers", 58.0, en.id, "ett tjugotal (≈20) became a dozen (12)",
                sentence_id=en.sentences[2].id, other_document_id=sv.id,
                other_sentence_id=sv.sentences[2].id, value="12", other_value="20", pair_id=pair.id),
        Finding("source-conflict", 50.0, stats.id, "36 shootings in 2019, another source says 34",
                sentence_id=stats.sentences[4].id, other_document_id=sv.id,
                other_sentence_id=sv.sentences[1].id, value="36", other_value="34"),
    ])
    conn.close()
    return {"sv": sv.id, "en": en.id, "stats": stats.id, "pair": pair.id}


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    path = tmp_path_factory.mktemp("facts") / "corpus.db"
    ids = build_facts_db(path)
    return path, ids


@pytest.fixture(scope="module")
def facts_db(facts) -> Path:
    return facts[0]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- read-only SQL ---------------------------------------------------------------------

@pytest.mark.parametrize("sql, keyword", [
    ("SELECT 1", "SELECT"),
    ("  -- a comment\n/* another */ with x as (select 1) select * from x", "WITH"),
    ("delete from figures", "DELETE"),
    ("", ""),
])
def test_statement_keyword(sql, keyword):
    assert statement_keyword(sql) == keyword


@pytest.mark.parametrize("statement", [
    "DELETE FROM figures",
    "delete from figures where 1",
    "/* sneaky */ UPDATE figures SET value = 0",
    "INSERT INTO people (name) VALUES ('x')",
    "DROP TABLE figures",
    "CREATE TABLE t (a)",
    "ATTACH 'other.db' AS other",
    "PRAGMA query_only = OFF",
    "VACUUM",
    "REPLACE INTO people (id, name) VALUES (1, 'x')",
    "WITH doomed AS (SELECT id FROM figures) DELETE FROM figures WHERE id IN doomed",
    "EXPLAIN DELETE FROM figures",
    "SELECT * FROM pragma_writable_schema",
    "",
])
def test_writes_are_refused_and_nothing_changes(facts_db, statement):
    before = file_digest(facts_db)
    with pytest.raises(ReadOnlyViolation):
        query(facts_db, statement)
    assert file_digest(facts_db) == before


def test_read_only_check_accepts_reading_statements():
    for sql in ("SELECT 1", "with a as (select 1) select * from a", "VALUES (1)", "EXPLAIN SELECT 1"):
        check_read_only(sql)


def test_query_with_named_parameters_and_swedish_text(facts_db):
    result = query(facts_db, "SELECT value, source FROM figures_with_source"
                             " WHERE metric = :metric AND year = :year ORDER BY value",
                   {"metric": "shootings", "year": "2019"})
    assert result.columns == ["value", "source"]
    assert [r[0] for r in result.rows] == [34, 34, 36]
    hits = query(facts_db, "SELECT text FROM sentences_fts WHERE sentences_fts MATCH :q", {"q": "år"})
    assert {r[0] for r in hits.rows} == {"Det var ett bra år för staden.", "År"}


@pytest.mark.parametrize("db, sql, params, message", [
    ("missing.db", "SELECT 1", None, "no database"),
    (None, "SELECT nope FROM figures", None, "no such column"),
    (None, "SELECT :a", None, "a"),
    (None, "SELECT 1; SELECT 2", None, "one statement"),
])
def test_query_errors_are_clear(facts_db, tmp_path, db, sql, params, message):
    with pytest.raises(DatabaseError, match=message):
        query(tmp_path / db if db else facts_db, sql, params)


def test_query_refuses_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database " * 100)
    with pytest.raises(DatabaseError, match="not a database|cannot read"):
        query(bad, "SELECT 1")


def test_query_on_a_callers_connection_leaves_it_writable(facts_db, tmp_path):
    conn = store.connect(tmp_path / "own.db")
    assert query(conn, "SELECT count(*) FROM documents").rows == [(0,)]
    with pytest.raises(ReadOnlyViolation):
        query(conn, "DELETE FROM documents")
    conn.execute("INSERT INTO people (name) VALUES ('x')")  # guard lifted afterwards
    conn.close()


def test_cli_sql_delete_is_refused_and_database_unchanged(facts_db):
    before = file_digest(facts_db)
    result = runner.invoke(app, ["sql", "DELETE FROM figures", "--db", str(facts_db)])
    assert result.exit_code == 1
    assert "refused" in result.output and "E301" in result.output
    assert file_digest(facts_db) == before
    assert query(facts_db, "SELECT count(*) FROM figures").rows == [(6,)]


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: json.loads(out) == [{"person_name": "Glen Sjögren", "n": 3}]),
    ("csv", lambda out: list(csv.reader(io.StringIO(out))) == [["person_name", "n"], ["Glen Sjögren", "3"]]),
    ("table", lambda out: "Glen Sjögren" in out and "person_name" in out and "1 row" in out),
])
def test_cli_sql_formats_and_params(facts_db, fmt, check):
    result = runner.invoke(app, [
        "sql", "SELECT person_name, count(*) AS n FROM mentions_with_person"
               " WHERE person_name LIKE :who GROUP BY person_name",
        "--db", str(facts_db), "--format", fmt, "--param", "who=%Sjögren%"])
    assert result.exit_code == 0, result.output
    assert check(result.stdout), result.stdout


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "--format"),
    (["--param", "no-equals-sign"], "name=value"),
])
def test_cli_sql_bad_options(facts_db, args, message):
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(facts_db), *args])
    assert result.exit_code == 1 and message in result.output


# --- views -------------------------------------------------------------------------------

def test_views_join_facts_to_their_sentences_and_documents(facts_db, facts):
    _, ids = facts
    rows = query(facts_db, "SELECT * FROM figures_with_source WHERE surface = 'Ett tjugotal'").as_dicts()
    assert len(rows) == 1
    row = rows[0]
    assert row["sentence_text"] == "Ett tjugotal personer har fått stöd."
    assert (row["low"], row["value"], row["high"], row["approximate"]) == (15, 20, 25, 1)
    assert row["source"] == SV and row["url"] == "https://polisen.example/sv"
    assert row["published"] == "2020-05-12" and row["document_title"] == "Färre skottlossningar i Malmö"
    text = query(facts_db, "SELECT text FROM documents WHERE id = ?", [ids["sv"]]).rows[0][0]
    assert text[row["start"]:row["end"]] == "Ett tjugotal"

    names = query(facts_db, "SELECT DISTINCT person_name FROM mentions_with_person").rows
    assert names == [("Glen Sjögren",)]

    pair = query(facts_db, "SELECT source_text, target_text FROM aligned_sentences"
                           " WHERE pair_id = ? AND position = 2", [ids["pair"]]).rows
    assert pair == [("Ett tjugotal personer har fått stöd.", "A dozen people have received support.")]

    disc = query(facts_db, "SELECT sentence_text, other_sentence_text FROM discrepancies_with_text"
                           " WHERE kind = 'numbers'").rows
    assert disc == [("A dozen people have received support.", "Ett tjugotal personer har fått stöd.")]


def test_views_exist_in_a_new_database_and_are_not_recreated_needlessly(tmp_path):
    conn = store.connect(tmp_path / "new.db")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert set(VIEWS) <= names
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    store.ensure_schema(conn)
    assert conn.execute("PRAGMA schema_version").fetchone()[0] == version
    conn.close()


# --- metadata: documentation tested like code --------------------------------------------

def public_columns(db: Path) -> dict[str, list[str]]:
    """Columns of every table and view a researcher sees (FTS internals excluded)."""
    conn = store.connect(db, readonly=True)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%'")]
    columns = {n: [r[1] for r in conn.execute(f"PRAGMA table_info({n})")] for n in names}
    conn.close()
    return columns


def test_every_public_column_has_a_description_and_none_is_stale(facts_db):
    tables = load_metadata()["databases"]["corpus"]["tables"]
    missing, stale = [], []
    for table, columns in public_columns(facts_db).items():
        described = tables.get(table, {}).get("columns", {})
        missing += [f"{table}.{c}" for c in columns if not str(described.get(c, "")).strip()]
        stale += [f"{table}.{c}" for c in described if c not in columns]
    assert not missing, f"columns without a description: {missing}"
    assert not stale, f"descriptions of columns that do not exist: {stale}"


def test_every_table_has_title_description_licence_and_source(facts_db):
    metadata = metadata_for(facts_db)
    assert metadata["title"] and metadata["license"] and metadata["source"]
    tables = metadata["databases"][facts_db.stem]["tables"]
    for table in public_columns(facts_db):
        for key in ("description", "license", "source"):
            assert tables[table].get(key), f"{table} has no {key}"


def test_metadata_wires_labels_facets_search_and_queries():
    database = load_metadata()["databases"]["corpus"]
    tables, queries = database["tables"], database["queries"]
    assert tables["people"]["label_column"] == "name"
    assert tables["documents"]["label_column"] == "title"
    assert (tables["sentences"]["fts_table"], tables["sentences"]["fts_pk"]) == ("sentences_fts", "id")
    assert (tables["documents"]["fts_table"], tables["documents"]["fts_pk"]) == ("documents_fts", "id")
    facets = {f for t in tables.values() for f in t.get("facets", [])}
    assert {"metric", "lang", "kind", "year"} <= facets
    assert set(queries) == set(CONFIGURED_QUERIES)
    for name, q in queries.items():
        assert q["title"] and q["description"] and q["params"], name


def test_configured_queries_run_through_the_read_only_layer(facts_db):
    """Every configured query is valid SQL over the public views, empty parameters included."""
    for q in load_metadata()["databases"]["corpus"]["queries"].values():
        query(facts_db, q["sql"], {p: "" for p in q["params"]})


DOCS = ROOT / "docs" / "research.md"


def test_docs_name_every_view_and_configured_query():
    text = DOCS.read_text("utf-8")
    database = load_metadata()["databases"]["corpus"]
    missing = [n for n in [*VIEWS, *database["queries"]] if f"`{n}`" not in text and f"/{n}`" not in text]
    assert not missing, f"docs/research.md does not mention {missing}"


def test_docs_example_queries_run(facts_db):
    blocks = DOCS.read_text("utf-8").split("```sql")[1:]
    statements, pending = [], ""
    for line in (line for b in blocks for line in b.split("```")[0].splitlines(keepends=True)):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().rstrip(";"))
            pending = ""
    assert len(statements) >= 5
    for statement in statements:
        query(facts_db, statement)
    disagree = query(facts_db, statements[1]).as_dicts()
    assert len(disagree) == 1 and "36.0 (web/statistik.txt)" in disagree[0]["values_by_source"]


# --- export ------------------------------------------------------------------------------

def test_export_writes_csv_and_jsonl_with_provenance(facts_db, tmp_path):
    written = export(facts_db, tmp_path)
    assert {p.name for p in written} == {f"{w}.{f}" for w in EXPORTS for f in ("csv", "jsonl")}
    assert written[tmp_path / "figures.jsonl"] == 6
    figures = [json.loads(line) for line in (tmp_path / "figures.jsonl").read_text("utf-8").splitlines()]
    row = next(r for r in figures if r["surface"] == "A dozen")
    assert row["source"] == EN and row["sentence_text"] == "A dozen people have received support."
    assert row["end"] - row["start"] == len("A dozen") and row["document_id"]
    with (tmp_path / "mentions.csv").open(encoding="utf-8") as fh:
        mentions = list(csv.DictReader(fh))
    assert {m["person_name"] for m in mentions} == {"Glen Sjögren"}
    assert {"source", "url", "published", "sentence_text", "start", "end"} <= set(mentions[0])
    disc = [json.loads(line) for line in (tmp_path / "discrepancies.jsonl").read_text("utf-8").splitlines()]
    assert {d["kind"] for d in disc} == {"numbers", "source-conflict"}
    assert all(d["source"] and d["sentence_text"] and d["other_sentence_text"] for d in disc)


def test_export_cli_to_stdout_and_unknown_names(facts_db):
    result = runner.invoke(app, ["export", "discrepancies", "--db", str(facts_db), "--out", "-",
                                 "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 2
    bad = runner.invoke(app, ["export", "sentences", "--db", str(facts_db), "--out", "-", "--format", "csv"])
    assert bad.exit_code == 1 and "unknown export" in bad.output
    assert len(export_rows(facts_db, "mentions").rows) == 3


def test_parquet_export_reads_back_typed_and_joins_to_the_documents(facts_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra is not installed")
    written = export(facts_db, tmp_path, formats=["parquet"])
    names = ["figures", "mentions", "discrepancies", "documents", "sentences", "pairs"]
    assert {p.name for p in written} == {f"{n}.parquet" for n in names}
    tables = {n: pq.read_table(tmp_path / f"{n}.parquet") for n in names}
    for name in EXPORTS:  # the facts: the same columns and rows as CSV
        rows = export_rows(facts_db, name)
        assert tables[name].column_names == rows.columns and tables[name].num_rows == len(rows.rows) > 0
        assert [tuple(r.values()) for r in tables[name].to_pylist()] == rows.rows
    figures = tables["figures"]
    assert str(figures.schema.field("value").type) == "double" and str(figures.schema.field("year").type) == "int64"
    assert str(figures.schema.field("surface").type) == "string"
    documents = {d["document_id"]: d for d in tables["documents"].to_pylist()}
    sentences = {s["sentence_id"]: s for s in tables["sentences"].to_pylist()}
    assert len(documents) == query(facts_db, "SELECT count(*) FROM documents").rows[0][0]
    for f in figures.to_pylist():  # every figure joins to its document's text and its sentence
        text = documents[f["document_id"]]["text"]
        assert text[f["start"]:f["end"]] == f["surface"]
        if f["sentence_id"] is not None:
            assert sentences[f["sentence_id"]]["text"] == f["sentence_text"]
    [pair] = tables["pairs"].to_pylist()
    assert {pair["source_lang"], pair["target_lang"]} == {"sv", "en"} and 0 < pair["score"] <= 1
    assert documents[pair["source_document_id"]]["source"] == pair["source_document"]


def test_parquet_export_errors_are_one_clear_line(facts_db, tmp_path, monkeypatch):
    sentences = runner.invoke(app, ["export", "sentences", "--db", str(facts_db), "--format", "csv", "-o", str(tmp_path)])
    assert sentences.exit_code == 1 and "--format parquet" in sentences.output
    to_stdout = runner.invoke(app, ["export", "figures", "--db", str(facts_db), "--format", "parquet", "--out", "-"])
    assert to_stdout.exit_code == 1 and "give --out FOLDER" in to_stdout.output
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as when the parquet extra is not installed
    missing = runner.invoke(app, ["export", "--db", str(facts_db), "--format", "parquet", "-o", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "pip install 'corpus-tool[parquet]'" in missing.output
    assert len(missing.output.strip().splitlines()) == 1 and not (tmp_path / "x").exists()


# --- serve -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus_tool_command() -> list[str]:
    script = Path(sys.executable).with_name("corpus-tool")
    return [str(script)] if script.exists() else [sys.executable, "-c",
                                                  "from corpus_tool.cli import main; main()"]


class Server:
    def __init__(self, db: Path):
        self.db, self.port = db, free_port()
        self.base = f"http://127.0.0.1:{self.port}/{db.stem}"
        self.proc = subprocess.Popen(
            corpus_tool_command() + ["serve", "--db", str(db), "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited: {self.proc.stderr.read().decode()}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/-/versions.json", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise TimeoutError("serve did not answer in time")

    def get(self, path: str, **params):
        url = f"{self.base}{path}?{urllib.parse.urlencode(params)}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stderr.close()


def snapshot(db: Path, dest: Path) -> Path:
    """A consistent copy of ``db``, even while other tests hold it open with a pending log."""
    source = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    source.backup(target)
    target.execute("PRAGMA journal_mode = DELETE")
    source.close()
    target.close()
    return dest


@pytest.fixture(scope="module")
def servers(facts_db, seed_db, tmp_path_factory):
    """``corpus-tool serve`` on both databases, started together, stopped at the end."""
    seeds = snapshot(seed_db, tmp_path_factory.mktemp("served") / "corpus.db")
    started = {"facts": Server(facts_db), "seeds": Server(seeds)}
    try:
        for server in started.values():
            server.wait()
        yield started
    finally:
        for server in started.values():
            server.stop()


@pytest.mark.slow
def test_serve_table_and_labels(servers):
    rows = servers["facts"].get("/mentions.json", _shape="array", _labels="on")
    assert len(rows) == 3
    assert {r["person_id"]["label"] for r in rows} == {"Glen Sjögren"}
    assert {r["document_id"]["label"] for r in rows} >= {"Färre skottlossningar i Malmö"}
    documents = servers["seeds"].get("/documents.json", _shape="array", _col="lang")
    assert len(documents) == 5 and {d["lang"] for d in documents} == {"sv", "en"}


@pytest.mark.slow
def test_serve_facets_from_metadata(servers):
    data = servers["facts"].get("/figures_with_source.json", _size="0")
    facets = data["facet_results"]
    assert {"metric", "year"} <= set(facets)
    year = {r["value"]: r["count"] for r in facets["year"]["results"]}
    assert year == {2019: 3, 2020: 1}
    metric = {r["value"]: r["count"] for r in facets["metric"]["results"]}
    assert metric == {"shootings": 4, "other": 2}
    kinds = servers["seeds"].get("/paragraphs.json", _size="0")["facet_results"]["kind"]["results"]
    assert {r["value"] for r in kinds} >= {"heading", "paragraph", "table_cell"}


@pytest.mark.slow
@pytest.mark.parametrize("server, term, expected, absent", [
    # å/ä/ö are letters of their own: "ar" must not find "år".
    ("facts", "år", {"Det var ett bra år för staden.", "År"}, None),
    ("facts", "ar", set(), "år"),
    ("seeds", "skottlossningar", None, None),
    ("seeds", "sprängningar", None, None),
])
def test_serve_full_text_search_in_swedish(servers, server, term, expected, absent):
    rows = servers[server].get("/sentences.json", _search=term, _shape="array")
    texts = {r["text"] for r in rows}
    if expected is not None:
        assert texts == expected
    else:
        assert texts and all(term in t.lower() for t in texts), texts
    if absent:
        assert not any(absent in t.lower().split() for t in texts)
    docs = servers[server].get("/documents.json", _search=term, _shape="array", _col="title")
    assert bool(docs) == bool(texts)


def _sources(rows):
    return {r["source"] for r in rows}


CONFIGURED_QUERIES = {
    "figures_by_metric": [
        (dict(metric="shootings", year="2019", place="Malmö"),
         lambda rows, ids: _sources(rows) == {SV, EN, STATS} and {r["value"] for r in rows} == {34, 36}),
        (dict(metric="shootings", year="", place="malmö"), lambda rows, ids: len(rows) == 4),
        (dict(metric="shootings", year="2018", place=""), lambda rows, ids: rows == []),
        # no place with the figure: it counts for a place its document names, and no other
        (dict(metric="other", year="", place="Malmö"), lambda rows, ids: len(rows) == 2),
        (dict(metric="other", year="", place="Stockholm"), lambda rows, ids: rows == []),
    ],
    "document_discrepancies": [
        (dict(document_id="{sv}"), lambda rows, ids: [r["kind"] for r in rows]
         == ["numbers", "source-conflict"]),
        (dict(document_id="{stats}"), lambda rows, ids: [r["value"] for r in rows] == ["36"]),
    ],
    "person_statements": [
        (dict(person="Sjögren"), lambda rows, ids: len(rows) == 3
         and "Vi är nöjda med utvecklingen" in {r["quote"] for r in rows}
         and {r["title"] for r in rows} == {"kommunpolis", "community police officer", None}),
        (dict(person="G. Sjögren"), lambda rows, ids: len(rows) == 3),  # through the alias
        (dict(person=""), lambda rows, ids: rows == []),
    ],
    "claim_check": [
        (dict(metric="shootings", place="Malmö", year="2019", value="34"),
         lambda rows, ids: sorted(r["verdict"] for r in rows) == ["agrees", "agrees", "disagrees"]),
        (dict(metric="other", place="", year="", value="12"),
         lambda rows, ids: {(r["surface"], r["verdict"]) for r in rows}
         == {("A dozen", "agrees"), ("Ett tjugotal", "disagrees")}),
        (dict(metric="shootings", place="Malmö", year="2020", value="20"),
         lambda rows, ids: [r["verdict"] for r in rows] == ["part of the year"]),
        (dict(metric="shootings", place="", year="2019", value=""),
         lambda rows, ids: len(rows) == 3 and all(r["verdict"] is None for r in rows)),
    ],
    "pair_alignment": [
        (dict(pair_id="{pair}"), lambda rows, ids: [r["position"] for r in rows] == [0, 1, 2, 3, 4]
         and rows[2]["target_text"] == "A dozen people have received support."),
    ],
}


@pytest.mark.slow
@pytest.mark.parametrize("name, params, check", [
    (name, params, check) for name, cases in CONFIGURED_QUERIES.items() for params, check in cases])
def test_serve_configured_queries(servers, facts, name, params, check):
    _, ids = facts
    params = {k: v.format(**ids) for k, v in params.items()}
    rows = servers["facts"].get(f"/{name}.json", _shape="array", **params)
    assert check(rows, ids), rows


@pytest.mark.slow
def test_serve_is_read_only(servers, facts_db):
    before = file_digest(facts_db)
    with pytest.raises(urllib.error.HTTPError):
        servers["facts"].get(".json", sql="DELETE FROM figures")
    metadata = json.loads(urllib.request.urlopen(
        f"http://127.0.0.1:{servers['facts'].port}/-/metadata.json", timeout=10).read())
    assert "corpus" in metadata["databases"]
    assert file_digest(facts_db) == before


def test_serve_refuses_missing_database_and_serves_a_pending_log(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db"), "--port", "1"])
    assert result.exit_code == 1 and "no database" in result.output
    db = tmp_path / "busy.db"
    conn = store.connect(db)
    conn.execute("INSERT INTO people (name) VALUES ('x')")
    conn.commit()  # committed to the write-ahead log, not yet to the main file: served all the same
    assert check_servable(db) == db
    conn.close()


def test_serve_sees_what_a_run_commits_while_it_serves(servers):
    seeds = servers["seeds"]
    before = seeds.get("/ingest_errors.json", _shape="array")
    conn = store.connect(seeds.db)
    conn.execute("PRAGMA journal_mode = WAL")
    store.record_error(conn, "late.txt", "read", "EmptyDocument", "late.txt: file is empty")
    try:
        after = seeds.get("/ingest_errors.json", _shape="array")
        assert [r["source"] for r in after] == [r["source"] for r in before] + ["late.txt"]
    finally:
        with conn:
            conn.execute("DELETE FROM ingest_errors WHERE source = 'late.txt'")
        conn.close()


# --- notebook ----------------------------------------------------------------------------

def run_notebook(db: Path, monkeypatch) -> list[dict]:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("CORPUS_DB", str(db))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def tables_in(outputs) -> dict[str, str]:
    """HTML of each captioned table (or its 'no data' line), by title."""
    found = {}
    for o in outputs:
        html = o.get("data", {}).get("text/html", "")
        if 'class="corpus-table"' in html:
            title = html.split('data-title="', 1)[1].split('"', 1)[0]
            found[title] = html
    return found


NOTEBOOK_TABLES = {"Where sources disagree", "Figures plotted, with their sources",
                   "Officials and their titles", "Discrepancies by kind", "Most severe discrepancies"}


@pytest.mark.slow
def test_notebook_runs_on_the_sample_corpus(seed_db, monkeypatch):
    outputs = run_notebook(seed_db, monkeypatch)
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "no plot"
    assert set(tables_in(outputs)) == NOTEBOOK_TABLES


@pytest.mark.slow
def test_notebook_shows_sources_disagreement_officials_and_kinds(facts_db, monkeypatch):
    tables = tables_in(run_notebook(facts_db, monkeypatch))
    assert set(tables) == NOTEBOOK_TABLES
    assert "34 (" in tables["Where sources disagree"] and "36 (" in tables["Where sources disagree"]
    assert "statistik.txt" in tables["Where sources disagree"]
    assert "Glen Sjögren" in tables["Officials and their titles"]
    assert "kommunpolis" in tables["Officials and their titles"]
    assert "numbers" in tables["Discrepancies by kind"]
    assert "no data" not in tables["Figures plotted, with their sources"]
