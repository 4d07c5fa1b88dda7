"""`run`: the sample corpus end to end, incremental re-runs, bad input, FTS, the CLI."""
from __future__ import annotations

import os
import shutil
import sys

import pytest
from conftest import RAW, SEED_FILES
from typer.testing import CliRunner

from corpus_tool import connect, run
from corpus_tool.cli import app
from corpus_tool.errors import CorpusToolError
from corpus_tool.pipeline import DOCUMENT_STAGES, Stage, check_order
from corpus_tool.store.schema import SCHEMA_VERSION


def test_seed_database_shape(seed_conn):
    rows = seed_conn.execute("SELECT source, lang, published FROM documents ORDER BY source").fetchall()
    assert [(r["source"][-24:-21], r["lang"], r["published"]) for r in rows] == [
        ("000", "sv", "2020-05"), ("001", "en", None), ("002", "sv", None), ("003", "sv", None),
        ("004", "sv", "2021-01-28")]
    for table in ("paragraphs", "sentences"):
        orphans = seed_conn.execute(
            f"SELECT count(*) FROM {table} t LEFT JOIN documents d ON d.id = t.document_id WHERE d.id IS NULL")
        assert orphans.fetchone()[0] == 0
    # Sentence offsets point into the stored text.
    for r in seed_conn.execute('SELECT s.text, s.start, s."end", d.text AS doc FROM sentences s'
                               " JOIN documents d ON d.id = s.document_id"):
        assert r["doc"][r["start"]:r["end"]] == r["text"]


def test_fts_finds_swedish_words_and_keeps_diacritics(seed_conn):
    hits = [r[0] for r in seed_conn.execute(
        "SELECT s.text FROM sentences_fts f JOIN sentences s ON s.id = f.rowid WHERE sentences_fts MATCH ?",
        ("skottlossningar",))]
    assert "Under 2019 inträffade totalt 34 skottlossningar." in hits
    assert len(hits) >= 4
    år = seed_conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'år'").fetchone()[0]
    ar = seed_conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'ar'").fetchone()[0]
    assert år >= 1 and ar == 0
    docs = seed_conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'avhopparverksamheten'")
    assert docs.fetchone()[0] == 1


def _index(conn, table: str) -> list[tuple]:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms USING fts5vocab(main, {table}, 'instance')")
    return [tuple(r) for r in conn.execute(f"SELECT * FROM temp.{table}_terms ORDER BY term, doc, col, offset")]


def test_the_full_text_index_the_writer_keeps_is_the_one_its_rows_rebuild(tmp_path):
    corpus = tmp_path / "raw"
    shutil.copytree(RAW, corpus)
    db = tmp_path / "c.db"
    run([corpus], db, jobs=1, corpus_stages=False)
    first = sorted(corpus.glob("0*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nEn ny mening om polisen.\n", encoding="utf-8")
    run([corpus], db, jobs=1, corpus_stages=False)  # one document replaced: its old entries deleted
    conn = connect(db)
    for table in ("sentences_fts", "documents_fts"):
        kept = _index(conn, table)
        assert kept and conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')").fetchall() == []
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        assert _index(conn, table) == kept
    assert conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH '\"ny mening\"'").fetchone()[0] == 1
    conn.close()


def test_a_database_of_version_5_loses_its_row_triggers_and_is_indexed_once(tmp_path):
    from conftest import older_database

    from corpus_tool import process_text, store

    db = older_database(
        tmp_path / "old.db", 5,
        "CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN"
        " INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END",
        "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN"
        " INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
        "INSERT INTO documents (id, source, title, text, sha256) VALUES (1, 'old.txt', 'Gammal', 'Två greps.', 'x')",
        "INSERT INTO paragraphs (id, document_id, position, kind, text, start, \"end\")"
        " VALUES (1, 1, 0, 'paragraph', 'Två greps.', 0, 10)",
        "INSERT INTO sentences (id, document_id, paragraph_id, position, text, start, \"end\")"
        " VALUES (1, 1, 1, 0, 'Två greps.', 0, 10)")
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_ai'").fetchall()
    store.write_document(conn, process_text("Tre greps i Lund.", source="new.txt"))
    store.write_document(conn, process_text("Fyra greps i Lund.", source="old.txt"))  # replaces the old one
    for table in ("sentences_fts", "documents_fts"):
        kept = _index(conn, table)
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        assert _index(conn, table) == kept
    assert conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'greps'").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'två'").fetchone()[0] == 0
    conn.close()


def _probe_imported(state, task) -> tuple[bool, bool]:
    import gc

    return "corpus_tool_probe_library" in sys.modules, gc.get_freeze_count() > 0


@pytest.mark.skipif(os.name == "nt", reason="a spawned pool inherits no module")
def test_a_local_pool_imports_the_stages_libraries_and_freezes_them_for_the_collector(tmp_path, monkeypatch):
    import gc

    from corpus_tool.pipeline.executors import LocalExecutor

    (tmp_path / "corpus_tool_probe_library.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "corpus_tool_probe_library", raising=False)
    pool = LocalExecutor(2, libraries=("corpus_tool_probe_library", "corpus_tool_no_such_library"))
    with pool:  # a library that cannot be imported is left to the stage that needs it
        inherited = [imported for _, imported in pool.map(_probe_imported, None, [1, 2, 3])]
    assert inherited == [(True, True)] * 3  # and what a worker inherited is frozen for its collector
    assert gc.get_freeze_count() == 0  # here, unfrozen again
    monkeypatch.delitem(sys.modules, "corpus_tool_probe_library")
    assert [(s.name, s.libraries) for s in DOCUMENT_STAGES if s.libraries] == [
        ("clean", ("trafilatura",)), ("officials", ("spacy",))]


def test_rerun_skips_unchanged_and_replaces_changed(tmp_path):
    corpus = tmp_path / "raw"
    shutil.copytree(RAW, corpus)
    db = tmp_path / "c.db"
    first = run([corpus], db, jobs=1)
    assert (first.stored, first.skipped, first.failed) == (5, 0, 0)
    assert first.languages == {"sv": 4, "en": 1}
    second = run([corpus], db, jobs=1)
    assert (second.stored, second.skipped) == (0, 5)
    changed = next(corpus.glob("002_*"))
    changed.write_text(changed.read_text() + "\n\nEtt nytt stycke om polisens arbete i Malmö.\n")
    third = run([corpus], db, jobs=1)
    assert (third.stored, third.skipped) == (1, 4)
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    [doc_id] = [r[0] for r in conn.execute("SELECT id FROM documents WHERE source LIKE '%002_%'")]
    sentences = [r[0] for r in conn.execute("SELECT text FROM sentences WHERE document_id = ?", (doc_id,))]
    assert sentences[-1] == "Ett nytt stycke om polisens arbete i Malmö."
    # No rows of the replaced version survive.
    stale = conn.execute("SELECT count(*) FROM sentences s LEFT JOIN documents d ON d.id = s.document_id"
                         " WHERE d.id IS NULL").fetchone()[0]
    assert stale == 0
    assert (db.parent / "text").is_dir() and len(list((db.parent / "text").iterdir())) == 5


def test_a_database_inside_the_input_folder_never_reads_its_own_cleaned_texts(tmp_path):
    # The cleaned texts are written beside the database; a re-run of the same folder must not take them
    # for new documents (each figure would be stored twice).
    corpus = tmp_path / "raw"
    shutil.copytree(RAW, corpus)
    db = corpus / "corpus.db"
    run([corpus], db, jobs=1, corpus_stages=False)
    assert len(list((corpus / "text").iterdir())) == 5
    again = run([corpus], db, jobs=1, corpus_stages=False)
    assert (again.read, again.stored, again.skipped) == (5, 0, 5)
    assert connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_parallel_run_gives_the_same_database(tmp_path, seed_conn):
    summary = run([RAW], tmp_path / "p.db", jobs=2)
    assert summary.stored == 5
    conn = connect(tmp_path / "p.db")
    one = sorted(r[0] for r in seed_conn.execute("SELECT text FROM sentences"))
    two = sorted(r[0] for r in conn.execute("SELECT text FROM sentences"))
    assert one == two


def test_bad_inputs_are_recorded_and_the_rest_processed(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.html").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "garbled.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01]) * 100)
    with (corpus / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    messages = []
    summary = run([corpus, tmp_path / "vanished.txt"], tmp_path / "c.db", jobs=1,
                  on_error=lambda o: messages.append(o.message))
    assert (summary.stored, summary.failed) == (1, 5)
    conn = connect(tmp_path / "c.db")
    errors = {r["source"].rsplit("/", 1)[-1]: r["error"] for r in conn.execute("SELECT * FROM ingest_errors")}
    assert errors == {"empty.txt": "EmptyDocument", "binary.html": "BinaryDocument",
                      "garbled.txt": "DecodeError", "huge.txt": "TooLarge", "vanished.txt": "Vanished"}
    assert len(messages) == 5
    assert all("\n" not in m and (".txt" in m or ".html" in m) for m in messages)


def test_a_failing_stage_is_recorded_not_raised(tmp_path, monkeypatch):
    def broken(doc, ctx):
        if "002_" in doc.source:
            raise ValueError("boom")
        return doc

    stages = DOCUMENT_STAGES + (Stage("broken", broken, (), ()),)
    summary = run([RAW], tmp_path / "c.db", jobs=1, stages=stages)
    assert (summary.stored, summary.failed) == (4, 1)
    [error] = summary.errors
    assert error.stage == "broken" and error.error == "ValueError" and "002_" in error.message


def _copies_corpus(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):  # the same bytes three times
        shutil.copy(SEED_FILES[0], corpus / name)
    shutil.copy(SEED_FILES[1], corpus / "d.txt")
    return corpus


def test_a_copy_of_an_earlier_document_is_recorded_as_its_name_without_being_processed(tmp_path):
    seen = []

    def counted(doc, ctx):
        seen.append(doc.source.rsplit("/", 1)[-1])
        return doc

    stages = DOCUMENT_STAGES + (Stage("counted", counted, (), ()),)
    summary = run([_copies_corpus(tmp_path)], tmp_path / "c.db", jobs=1, stages=stages, corpus_stages=False)
    assert (summary.read, summary.stored, summary.duplicates, summary.failed) == (4, 2, 2, 0)
    assert [name for name in seen if name.endswith(".txt")] == ["a.txt", "d.txt"]  # not the warm-up texts
    conn = connect(tmp_path / "c.db")
    names = {n.rsplit("/", 1)[-1]: d.rsplit("/", 1)[-1] for n, d in conn.execute(
        "SELECT n.source, d.source FROM document_names n JOIN documents d ON d.id = n.document_id")}
    assert names == {"a.txt": "a.txt", "b.txt": "a.txt", "c.txt": "a.txt", "d.txt": "d.txt"}


def test_the_copies_of_a_document_that_failed_are_processed_themselves(tmp_path):
    def fails_once(doc, ctx):
        if doc.source.endswith("a.txt"):
            raise ValueError("boom")
        return doc

    stages = DOCUMENT_STAGES + (Stage("fails_once", fails_once, (), ()),)
    summary = run([_copies_corpus(tmp_path)], tmp_path / "c.db", jobs=1, stages=stages, corpus_stages=False)
    assert (summary.read, summary.stored, summary.duplicates, summary.failed) == (4, 2, 1, 1)
    conn = connect(tmp_path / "c.db")
    assert sorted(r[0].rsplit("/", 1)[-1] for r in conn.execute("SELECT source FROM documents")) == ["b.txt", "d.txt"]
    assert [r[0].rsplit("/", 1)[-1] for r in conn.execute("SELECT source FROM ingest_errors")] == ["a.txt"]
    again = run([tmp_path / "raw"], tmp_path / "c.db", jobs=1, stages=stages, corpus_stages=False)
    assert (again.skipped, again.failed) == (3, 1)  # the failed one is tried again, the others are known


def test_interrupted_write_leaves_no_half_document(tmp_path, monkeypatch):
    from corpus_tool import store

    db = tmp_path / "c.db"
    conn = connect(db)
    from corpus_tool import process_file

    doc = process_file(SEED_FILES[0])
    doc.sentences[3].paragraph_position = 10_000  # the write fails half-way through
    with pytest.raises(IndexError):
        store.write_document(conn, doc)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 0


def test_stage_order_is_checked():
    bad = (Stage("segment", lambda d, s: d, ("blocks",), ("sentences",)),)
    with pytest.raises(CorpusToolError, match="requires"):
        check_order(bad)


def test_cli_run_prints_a_summary(tmp_path):
    result = CliRunner().invoke(app, ["run", str(RAW), "--db", str(tmp_path / "c.db"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "documents read" in result.output and "sv 4, en 1" in result.output
    again = CliRunner().invoke(app, ["run", str(RAW), "--db", str(tmp_path / "c.db"), "-j", "1"])
    assert "skipped (unchanged)" in again.output and "│ 5" in again.output


def test_profile_gives_seconds_per_stage_as_the_steps_table_holds_them(tmp_path):
    result = CliRunner().invoke(app, ["run", str(RAW), "--db", str(tmp_path / "c.db"), "-j", "1", "--profile"])
    assert result.exit_code == 0, result.output
    table = result.output.split("where the time went")[1]
    stages = ["survey", *(s.name for s in DOCUMENT_STAGES), "write", "translations", "people", "discrepancies"]
    lines = [line for line in table.splitlines() if line.startswith("│")]
    assert [line.split("│")[1].strip() for line in lines] == stages
    summary = run([RAW], tmp_path / "d.db", jobs=1)
    conn = connect(tmp_path / "d.db")
    stored = dict(conn.execute("SELECT stage, sum(seconds) FROM steps GROUP BY stage").fetchall())
    assert set(summary.stage_seconds) == set(stored)
    for stage, seconds in summary.stage_seconds.items():
        assert seconds == pytest.approx(stored[stage], abs=1e-4)
    assert summary.write_seconds > 0 and summary.corpus["translations"].seconds > 0


def test_cli_reports_bad_file_in_one_line(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(app, ["run", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 0
    assert "empty.txt: file is empty" in result.output


def test_settings_are_typed_and_a_misspelt_key_is_named(tmp_path):
    from corpus_tool.errors import SettingsError
    from corpus_tool.settings import CleanSettings, load_settings

    defaults = load_settings()
    assert isinstance(defaults.clean, CleanSettings) and defaults.language.languages[:2] == ("sv", "en")
    user = tmp_path / "user.toml"
    user.write_text("[clean]\nheading_max_chars = 60\n")
    assert load_settings(user).clean.heading_max_chars == 60
    assert load_settings(user).clean.table_min_cells == defaults.clean.table_min_cells  # the rest stays
    for text, named in (("[clean]\nheading_max_char = 60\n", "clean.heading_max_char"),
                        ("[cleaning]\nx = 1\n", "cleaning"),
                        ("[clean]\nheading_max_chars = 'sixty'\n", "clean.heading_max_chars"),
                        ("[language]\nlanguages = 'sv'\n", "language.languages")):
        user.write_text(text)
        with pytest.raises(SettingsError, match=named.replace(".", r"\.")):
            load_settings(user)


def test_cli_run_names_a_misspelt_setting_in_one_line(tmp_path):
    config = tmp_path / "user.toml"
    config.write_text("[align]\nembeder = 'none'\n")
    result = CliRunner().invoke(app, ["run", str(RAW), "--db", str(tmp_path / "c.db"), "--config", str(config)])
    assert result.exit_code == 1
    assert "unknown setting 'align.embeder'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "c.db").exists()


def test_every_foreign_key_column_has_an_index():
    """A cascading delete (replacing a changed document) follows each foreign key: without an index it
    scans the whole child table for every deleted row."""
    conn = connect(":memory:")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                         " AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
    missing = []
    for table in tables:
        indexed = {conn.execute(f"PRAGMA index_info('{ix[1]}')").fetchone()[2]
                   for ix in conn.execute(f"PRAGMA index_list('{table}')")}
        for fk in conn.execute(f"PRAGMA foreign_key_list('{table}')"):
            if fk[3] not in indexed:
                missing.append(f"{table}.{fk[3]}")
    assert not missing, missing


def test_python_dash_m_runs_the_command_line():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "corpus_tool", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Usage: corpus-tool" in out.stdout and "sql" in out.stdout
