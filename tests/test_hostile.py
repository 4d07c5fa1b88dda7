"""Hostile input: every file accounted for (stored or recorded), no traceback, no hang."""
from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RAW, SEED_FILES
from typer.testing import CliRunner

from corpus_tool import connect, run, store
from corpus_tool import query as store_query
from corpus_tool.acquire.fetch import validate_url
from corpus_tool.cli import app
from corpus_tool.errors import DatabaseBusy, DocumentOverMemory, DocumentTimeout, QueryTimeout, UnsafeURL
from corpus_tool.pipeline import corpus as corpus_stages
from corpus_tool.pipeline.limits import call_with_limits
from corpus_tool.report.review import write_reviews
from corpus_tool.settings import load_settings

# Each hostile case must finish well within this (a hang fails the test instead of the suite).
CASE_SECONDS = 20


@contextlib.contextmanager
def time_limit(seconds: int = CASE_SECONDS):
    def expired(signum, frame):
        raise TimeoutError(f"hostile case still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _errors(db) -> dict[str, str]:
    conn = connect(db)
    return {r["source"].rsplit("/", 1)[-1]: r["error"] for r in conn.execute("SELECT * FROM ingest_errors")}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_special_files_are_skipped_with_a_reason_and_the_good_files_stored(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "good.txt")
    os.mkfifo(corpus / "fifo.txt")
    os.mkfifo(corpus / "fifo.txt.meta.json")  # a FIFO sidecar beside a good file is not opened either
    os.mkfifo(corpus / "good.txt.meta.json")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock.txt"))
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    try:
        with time_limit():
            summary = run([corpus, "/dev/null"], tmp_path / "c.db", jobs=1)
    finally:
        sock.close()
    assert (summary.stored, summary.failed) == (1, 4)
    assert _errors(tmp_path / "c.db") == {"fifo.txt": "NotRegularFile", "sock.txt": "NotRegularFile",
                                          "null": "NotRegularFile", "loop.txt": "SymlinkLoop"}
    assert all("[E10" in e.message for e in summary.errors)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_a_permission_error_not_vanished(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    secret = corpus / "secret.txt"
    shutil.copy(SEED_FILES[0], secret)
    secret.chmod(0)
    try:
        with time_limit():
            run([corpus], tmp_path / "c.db", jobs=1)
    finally:
        secret.chmod(0o600)
    assert _errors(tmp_path / "c.db") == {"secret.txt": "PermissionDenied"}


def test_a_rerun_updates_its_error_rows_and_a_fixed_file_clears_them(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    with time_limit():
        run([corpus], tmp_path / "c.db", jobs=1)
        run([corpus], tmp_path / "c.db", jobs=1)
        conn = connect(tmp_path / "c.db")
        assert conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1
        shutil.copy(SEED_FILES[0], corpus / "empty.txt")
        run([corpus], tmp_path / "c.db", jobs=1)
    assert conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 0


def test_an_old_database_with_repeated_error_rows_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    connect(db).close()
    raw = sqlite3.connect(db)
    raw.execute("DROP INDEX ingest_errors_source")
    raw.executemany("INSERT INTO ingest_errors (source, stage, error, message, occurred) VALUES (?,?,?,?,?)",
                    [("a.txt", "read", "EmptyDocument", "a.txt: empty", f"2026-01-0{i}") for i in (1, 2, 3)])
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    conn = connect(db)
    assert [tuple(r) for r in conn.execute("SELECT source, occurred FROM ingest_errors")] == [("a.txt", "2026-01-03")]
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 2


def test_cleaned_text_files_never_collide(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    names = ["a b.txt", "a_b.txt", "a?b.txt"]
    for i, name in enumerate(names):
        (corpus / name).write_text(f"Polisen i Malmö grep {i + 3} personer under natten.\n", encoding="utf-8")
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1)
    assert summary.stored == 3
    rows = connect(tmp_path / "c.db").execute("SELECT text, cleaned_path FROM documents").fetchall()
    assert len({r["cleaned_path"] for r in rows}) == 3
    for r in rows:
        assert open(r["cleaned_path"], encoding="utf-8").read() == r["text"]


def test_long_file_names_are_stored_and_reviewed(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    for i, seed in enumerate(SEED_FILES):
        long = f"{i:03d}_" + "skottlossningar_i_Malmö_" * 12
        while len((long + seed.name).encode()) > 250:  # as long as a file system allows
            long = long[:-1]
        shutil.copy(seed, corpus / (long + seed.name))
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1)
        assert summary.failed == 0 and summary.stored == len(SEED_FILES)
        conn = connect(tmp_path / "c.db")
        pages = write_reviews(conn, tmp_path / "review")
    assert pages and all(len(p.name.encode()) <= 255 and p.exists() for p in pages)


def test_square_brackets_are_printed_as_text_not_markup(tmp_path):
    cli = CliRunner()
    corpus = tmp_path / "raw["
    corpus.mkdir()
    (corpus / "bad].txt").write_bytes(b"")  # its path holds "[/bad]": a closing tag to rich
    (corpus / "good.txt").write_text("Polisen i Malmö grep 34 personer under natten (se polisen.se[/aktuellt]).\n"
                                     "[bold]Fler[/] uppgifter [red. anm.] kommer.\n", encoding="utf-8")
    db = tmp_path / "db[" / "c.db"
    with time_limit():
        first = cli.invoke(app, ["run", str(corpus), "--db", str(db), "-j", "1"])
        again = cli.invoke(app, ["run", str(corpus), "--db", str(db), "-j", "1"])
        found = cli.invoke(app, ["discrepancies", "--db", str(db)])
        query = cli.invoke(app, ["sql", "SELECT 'Polisen [red. anm.] säger [/]' AS t", "--db", str(db)])
        figures = cli.invoke(app, ["figures", "34 personer [/x] greps"])
    for result in (first, again, found, query, figures):
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code == 0, result.output
    assert "[/bad].txt" in first.output
    assert "Polisen [red. anm.] säger [/]" in query.output
    assert connect(db).execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1


def test_one_folder_spelled_two_ways_is_stored_once(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEED_FILES:
        shutil.copy(seed, corpus / seed.name)
    (tmp_path / "link").symlink_to(corpus)
    monkeypatch.chdir(tmp_path)
    with time_limit():
        first = run(["corpus"], "c.db", jobs=1)
        again = run([tmp_path / "corpus", "./link/", "corpus/../corpus"], "c.db", jobs=1)
    assert (first.stored, again.stored, again.skipped) == (len(SEED_FILES), 0, len(SEED_FILES))
    conn = connect(tmp_path / "c.db")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(SEED_FILES)


def test_documents_an_older_version_stored_under_relative_paths_are_not_doubled(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "a.txt")
    monkeypatch.chdir(tmp_path)
    with time_limit():
        run(["corpus"], "c.db", jobs=1, corpus_stages=False)
        raw = sqlite3.connect("c.db")
        raw.execute("UPDATE documents SET source = 'corpus/a.txt'")  # as stored before identities were resolved
        raw.commit()
        raw.close()
        again = run([tmp_path / "corpus"], "c.db", jobs=1, corpus_stages=False)
    assert again.skipped == 1
    assert [r[0] for r in connect(tmp_path / "c.db").execute("SELECT source FROM documents")] == [
        str((corpus / "a.txt").resolve())]


def _corpus_tables(db) -> dict[str, list]:
    conn = connect(db)
    return {
        "pairs": conn.execute("SELECT s.source, t.source FROM translation_pairs p JOIN documents s"
                              " ON s.id = p.source_document_id JOIN documents t ON t.id = p.target_document_id"
                              " ORDER BY 1, 2").fetchall(),
        "alignments": conn.execute("SELECT count(*) FROM alignments").fetchall(),
        "people": conn.execute("SELECT name FROM people ORDER BY 1").fetchall(),
        "discrepancies": conn.execute("SELECT kind, message FROM discrepancies ORDER BY 1, 2").fetchall(),
    }


def test_interrupted_corpus_stages_are_rebuilt_by_the_next_run(tmp_path, monkeypatch):
    with time_limit(60):
        run([RAW], tmp_path / "clean.db", jobs=1)
        clean = _corpus_tables(tmp_path / "clean.db")
        assert clean["discrepancies"] and clean["pairs"]

        def killed(*args, **kwargs):
            raise KeyboardInterrupt  # as when the run is stopped in the last corpus stage

        monkeypatch.setattr(corpus_stages, "find_discrepancies", killed)
        with pytest.raises(KeyboardInterrupt):
            run([RAW], tmp_path / "c.db", jobs=1)
        monkeypatch.undo()
        conn = connect(tmp_path / "c.db")
        assert not conn.execute("SELECT count(*) FROM corpus_state").fetchone()[0]
        again = run([RAW], tmp_path / "c.db", jobs=1)
    assert again.stored == 0 and again.skipped == len(SEED_FILES)
    assert _corpus_tables(tmp_path / "c.db") == clean
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # documents changed behind the corpus tables' back make them stale
    conn.execute("UPDATE documents SET sha256 = 'changed' WHERE id = (SELECT min(id) FROM documents)")
    conn.commit()
    assert not store.corpus_complete(conn)


def test_a_second_writer_is_refused_with_one_line(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "a.txt")
    db = tmp_path / "c.db"
    with time_limit(), store.writer_lock(db):  # as a first run holds it
        with pytest.raises(DatabaseBusy):
            run([corpus], db, jobs=1)
        result = CliRunner().invoke(app, ["run", str(corpus), "--db", str(db), "-j", "1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "E303" in result.output and "Traceback" not in result.output
    with time_limit():
        assert run([corpus], db, jobs=1).stored == 1  # the lock goes with its holder


@pytest.mark.parametrize("command", [["people"], ["discrepancies"], ["review"], ["check", "34 skjutningar 2019"],
                                     ["run", "RAW", "-j", "1"], ["sql", "SELECT 1"]])
def test_a_file_that_is_not_a_corpus_database_gets_one_line(tmp_path, command):
    not_sqlite = tmp_path / "people.txt"
    not_sqlite.write_text("not a database\n")
    foreign = tmp_path / "foreign.db"
    raw = sqlite3.connect(foreign)
    raw.execute("CREATE TABLE t (x)")
    raw.commit()
    raw.close()
    folder = tmp_path / "folder"
    folder.mkdir()
    args = [str(RAW) if a == "RAW" else a for a in command]
    with time_limit():
        for db, code in ((not_sqlite, "E30"), (foreign, "E306"), (folder, "E30"), (not_sqlite / "c.db", "[E")):
            if command[0] == "sql" and db == foreign:
                continue  # read-only SQL answers over any SQLite file
            result = CliRunner().invoke(app, [*args, "--db", str(db)])
            assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (db, result.output)
            assert code in result.output and len(result.output.strip().splitlines()) == 1, result.output
    if command[0] != "sql":  # sql reports SQLite's own words, in one line too
        assert "E304" in CliRunner().invoke(app, [*args, "--db", str(not_sqlite)]).output
    assert not_sqlite.read_text() == "not a database\n"
    assert [r[0] for r in sqlite3.connect(foreign).execute("SELECT name FROM sqlite_master")] == ["t"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "foreign.db", "people.txt"]


def test_an_empty_claim_is_not_understood_exit_status_2(seed_db):
    result = CliRunner().invoke(app, ["check", "", "--db", str(seed_db)])
    assert result.exit_code == 2, result.output


def test_sql_has_a_time_limit_and_a_row_limit(seed_db):
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    with time_limit(10):
        result = CliRunner().invoke(app, ["sql", endless, "--db", str(seed_db)])
    assert result.exit_code == 1 and "E307" in result.output
    many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) SELECT x FROM c"
    result = CliRunner().invoke(app, ["sql", many, "--db", str(seed_db), "--format", "csv"])
    assert result.exit_code == 0
    limits = load_settings().sql
    assert (limits.time_limit_ms, limits.max_rows) == (1000, 1000)
    assert result.stdout.splitlines()[1:] == [str(i) for i in range(1, 1001)]
    assert "max_rows" in result.stderr


def test_the_library_query_has_the_same_limits(seed_db):
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    with time_limit(10), pytest.raises(QueryTimeout):
        store_query(seed_db, endless)
    many = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) SELECT x FROM c"
    limited = store_query(seed_db, many)
    assert len(limited.rows) == 1000 and limited.truncated
    conn = connect(seed_db)  # a caller's own connection too
    assert len(store_query(conn, many).rows) == 1000
    everything = store_query(seed_db, many, max_rows=0, time_limit_ms=0)  # asked for: no limits
    assert len(everything.rows) == 5000 and not everything.truncated


def test_control_characters_are_not_stored(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    sentence = "Polisen grep 12 personer i Malmö under natten till lördagen.\n"
    (corpus / "nul.txt").write_bytes((sentence * 200).encode() + b"Ett\x00tjugotal\x1b[31m personer greps.\n")
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False)
    assert summary.stored == 1
    conn = connect(tmp_path / "c.db")
    for (text,) in conn.execute("SELECT text FROM documents UNION ALL SELECT text FROM sentences"):
        assert not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)
    assert "Etttjugotal[31m personer greps." in conn.execute("SELECT text FROM documents").fetchone()[0]


def test_markdown_front_matter_is_metadata_not_text(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "release.md").write_text(
        "---\ntitle: Pressmeddelande om skjutningar\nauthor: Polisen\ndate: 2020-05-12\n---\n"
        "# Färre skottlossningar i Malmö\n\nUnder 2019 inträffade totalt 34 skottlossningar i Malmö.\n",
        encoding="utf-8")
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False)
    assert summary.stored == 1
    conn = connect(tmp_path / "c.db")
    md = conn.execute("SELECT * FROM documents WHERE source LIKE '%release.md'").fetchone()
    assert md["title"] == "Pressmeddelande om skjutningar" and md["published"] == "2020-05-12"
    assert "author:" not in md["text"] and "---" not in md["text"]
    assert json.loads(md["metadata"])["front_matter"]["author"] == "Polisen"


@pytest.mark.parametrize("charset", ["iso-8859-5", "utf-16", "windows-1251", "iso-8859-1"])
def test_a_lying_charset_is_not_believed_and_the_disagreement_is_recorded(tmp_path, charset):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    page = (f'<html><head><meta charset="{charset}"><title>Gripna</title></head><body>'
            "<p>Polisen i Malmö grep 34 personer under året, säger kommunpolisen Åsa Öberg.</p></body></html>")
    (corpus / "page.html").write_bytes(page.encode("utf-8"))
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False)
    assert summary.stored == 1, summary.errors
    row = connect(tmp_path / "c.db").execute("SELECT text, encoding, metadata FROM documents").fetchone()
    assert "Polisen i Malmö grep 34 personer" in row["text"] and "Åsa Öberg" in row["text"]
    assert row["encoding"] == "utf-8"
    assert "declared" in json.loads(row["metadata"])["encoding_disagreement"]


@pytest.mark.parametrize("address", ["100.64.0.1", "100.100.100.200", "192.0.0.8", "198.18.0.1", "198.19.255.254",
                                     "192.0.2.1", "203.0.113.9", "240.0.0.1", "169.254.169.254", "224.0.0.1",
                                     "[::ffff:100.64.0.1]", "[2001:db8::1]", "[fc00::1]", "[64:ff9b:1::1]"])
def test_the_non_public_ranges_of_rfc_6890_are_refused(address):
    with pytest.raises(UnsafeURL):
        validate_url(f"http://{address}/aktuellt/")
    assert validate_url(f"http://{address}/aktuellt/", allow_private=True)


def _snapshot_of(db) -> dict[str, list]:
    conn = connect(db)
    rows = {
        "documents": conn.execute("SELECT source, sha256, lang, title, text FROM documents ORDER BY source"),
        "figures": conn.execute("SELECT d.source, f.metric, f.value, f.surface, f.start FROM figures f"
                                " JOIN documents d ON d.id = f.document_id ORDER BY 1, 5, 2"),
        "mentions": conn.execute("SELECT d.source, m.name_as_written, m.start FROM mentions m"
                                 " JOIN documents d ON d.id = m.document_id ORDER BY 1, 3"),
    }
    snapshot = {name: [tuple(r) for r in cursor] for name, cursor in rows.items()}
    snapshot.update(_corpus_tables(db))
    snapshot["alignments"] = [tuple(r) for r in conn.execute(
        "SELECT s.source, a.position, a.source_sentence_ids IS NOT NULL FROM alignments a"
        " JOIN translation_pairs p ON p.id = a.pair_id JOIN documents s ON s.id = p.source_document_id"
        " ORDER BY 1, 2")]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    return snapshot


def _cli_run(db) -> subprocess.Popen:
    script = Path(sys.executable).with_name("corpus-tool")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from corpus_tool.cli import main; main()"]
    return subprocess.Popen(command + ["run", str(RAW), "--db", str(db), "-j", "1", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_at_a_random_moment_then_a_plain_rerun_equals_a_clean_run(tmp_path, seed, seed_db):
    clean = _snapshot_of(seed_db)
    started = _cli_run(tmp_path / "c.db")
    time.sleep(random.Random(seed).uniform(0.3, 3.0))  # reading, document stages or corpus stages
    if started.poll() is None:
        os.killpg(started.pid, signal.SIGKILL)  # the run and its workers, at once
    started.wait(10)
    with time_limit(60):
        again = _cli_run(tmp_path / "c.db")
        assert again.wait(60) == 0
    interrupted = _snapshot_of(tmp_path / "c.db")
    for name, rows in clean.items():
        assert interrupted[name] == rows, name


def test_control_characters_of_an_events_record_are_not_stored(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    record = {"id": 7, "datetime": "2024-1-12 9:05:00 +01:00", "name": "12 januari\x00 09.05, Rån, Malmö\x1b[31m",
              "summary": "Polisen\x07 grep två\x9b personer\x00 vid Möllan.", "type": "Rån\x00",
              "location": {"name": "Mal\x00mö", "gps": "55.6,13.0"}}
    (corpus / "events.json").write_text(json.dumps([record]), encoding="utf-8")
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False)
    assert summary.stored == 1, summary.errors
    conn = connect(tmp_path / "c.db")
    stored = [r[0] for r in conn.execute("SELECT text FROM documents UNION ALL SELECT title FROM documents"
                                         " UNION ALL SELECT metadata FROM documents UNION ALL SELECT text FROM sentences")]
    for text in stored:
        assert not any(ord(ch) < 32 and ch not in "\t\n\r\f" or 0x7F <= ord(ch) < 0xA0 for ch in json.loads(
            json.dumps(text))), text
        assert "\\u0000" not in text and "\\u001b" not in text, text
    assert "Polisen grep två personer vid Möllan." in stored[0]
    assert json.loads(conn.execute("SELECT metadata FROM documents").fetchone()[0])["event"]["location"] == "Malmö"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_worker_does_not_hold_the_writer_lock(tmp_path):
    import multiprocessing

    db = tmp_path / "c.db"
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()

    def pool_worker() -> None:  # as a pool worker, forked while the run holds the lock
        ready.set()
        release.wait(CASE_SECONDS)

    with time_limit():
        with store.writer_lock(db):
            worker = context.Process(target=pool_worker)
            worker.start()
            assert ready.wait(CASE_SECONDS)
        try:  # its holder gone, the lock is free though the forked worker lives on
            with store.writer_lock(db):
                pass
        finally:
            release.set()
            worker.join()


def _older_database(db: Path, drop: dict[str, list[str]], version: int = 1) -> None:
    """A corpus database as an older version left it: without the columns in ``drop``."""
    connect(db).close()
    raw = sqlite3.connect(db)
    raw.executescript("DROP VIEW IF EXISTS figures_with_source;" + "".join(
        f"DROP VIEW IF EXISTS {name};" for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'view'")))
    raw.execute("DROP INDEX figures_metric")  # as before the index was made
    for table, columns in drop.items():
        for column in columns:
            raw.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
    raw.execute(f"PRAGMA user_version = {version}")
    raw.commit()
    raw.close()


def test_an_older_database_missing_columns_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    _older_database(db, {"documents": ["encoding", "cleaned_path"], "figures": ["origin", "in_heading", "period_start"],
                         "mentions": ["title_en", "source"]})
    corpus = tmp_path / "raw"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "a.txt")
    reader = CliRunner().invoke(app, ["check", "34 skjutningar 2019", "--db", str(db)])  # a reader: one line
    assert reader.exit_code == 1 and "E306" in reader.output and "corpus-tool run" in reader.output, reader.output
    assert len(reader.output.strip().splitlines()) == 1
    with time_limit():
        summary = run([corpus], db, jobs=1, corpus_stages=False)
    assert summary.stored == 1 and not summary.errors
    assert CliRunner().invoke(app, ["people", "--db", str(db)]).exit_code == 0
    conn = connect(db)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(figures)")}
    assert {"origin", "in_heading", "period_start"} <= columns
    assert conn.execute("SELECT count(*) FROM figures_with_source").fetchone()[0] > 0
    assert conn.execute("SELECT encoding FROM documents").fetchone()[0] == "utf-8"


def test_an_older_database_missing_a_column_that_cannot_be_added_is_refused_unwritten(tmp_path):
    db = tmp_path / "old.db"
    _older_database(db, {"paragraphs": ["kind"]})  # NOT NULL without a default: ALTER TABLE cannot add it
    before = db.read_bytes()
    with time_limit():
        result = CliRunner().invoke(app, ["run", str(RAW), "--db", str(db), "-j", "1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "E306" in result.output and "paragraphs.kind" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert db.read_bytes() == before


def _names(db) -> dict[str, str]:
    """Each name recorded (file name) -> the file name of the document stored under it."""
    conn = connect(db)
    return {n.rsplit("/", 1)[-1]: d.rsplit("/", 1)[-1] for n, d in conn.execute(
        "SELECT n.source, d.source FROM document_names n JOIN documents d ON d.id = n.document_id")}


def test_the_same_content_under_two_names_is_stored_once_with_both_names(tmp_path):
    corpus = tmp_path / "raw"
    (corpus / "copy").mkdir(parents=True)
    shutil.copy(SEED_FILES[0], corpus / "a.txt")
    shutil.copy(SEED_FILES[0], corpus / "copy" / "b.txt")  # the same bytes under another name
    shutil.copy(SEED_FILES[1], corpus / "c.txt")
    db = tmp_path / "c.db"
    with time_limit(40):
        first = run([corpus], db, jobs=1, corpus_stages=False)
        assert (first.stored, first.duplicates) == (2, 1)
        conn = connect(db)
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert _names(db) == {"a.txt": "a.txt", "b.txt": "a.txt", "c.txt": "c.txt"}
        figures = conn.execute("SELECT count(*) FROM figures").fetchone()[0]
        again = run([corpus], db, jobs=1, corpus_stages=False)  # every name is known: nothing to do
        assert (again.stored, again.skipped, again.duplicates) == (0, 3, 0)
        # the first name changes: the other still holds the old content, which stays stored under it
        (corpus / "a.txt").write_text("Polisen i Lund grep 3 personer under natten.\n", encoding="utf-8")
        changed = run([corpus], db, jobs=1, corpus_stages=False)
        assert changed.stored == 1
        assert _names(db) == {"a.txt": "a.txt", "b.txt": "b.txt", "c.txt": "c.txt"}
        kept = conn.execute("SELECT text, cleaned_path FROM documents WHERE source LIKE '%b.txt'").fetchone()
        assert open(kept["cleaned_path"], encoding="utf-8").read() == kept["text"]
        assert conn.execute("SELECT count(*) FROM figures").fetchone()[0] >= figures
        # a file that becomes a copy of another is one more name of it
        shutil.copy(SEED_FILES[1], corpus / "a.txt")
        run([corpus], db, jobs=1, corpus_stages=False)
    assert _names(db) == {"a.txt": "c.txt", "b.txt": "b.txt", "c.txt": "c.txt"}
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_a_database_of_version_2_gets_the_names_of_its_documents(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "a.txt")
    with time_limit():
        run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False)
    raw = sqlite3.connect(tmp_path / "c.db")
    raw.execute("DROP TABLE document_names")  # as version 2 had none
    raw.execute("PRAGMA user_version = 2")
    raw.commit()
    raw.close()
    assert _names(tmp_path / "c.db") == {"a.txt": "a.txt"}


def _nested_page(depth: int) -> str:
    return ("<html><head><title>Djupt</title></head><body>"
            + "".join(f"<div>Polisen i Malmö grep {i} personer under natten till lördagen. " for i in range(depth))
            + "</div>" * depth + "</body></html>")


@pytest.mark.parametrize("depth", [50, 1000])
def test_deeply_nested_html_keeps_all_its_text(tmp_path, depth):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    (corpus / "deep.html").write_text(_nested_page(depth), encoding="utf-8")
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False)
    assert summary.stored == 1, summary.errors
    row = connect(tmp_path / "c.db").execute("SELECT text, metadata FROM documents").fetchone()
    kept = {int(n) for n in re.findall(r"grep (\d+) personer", row["text"])}
    assert kept == set(range(depth))
    flattened = json.loads(row["metadata"]).get("flattened")
    assert (flattened is not None) == (depth > 200)  # past the depth the parser reads, and said so
    if flattened:
        assert flattened["elements"] >= depth - 200


def test_a_page_too_large_for_the_extractor_is_read_as_visible_text(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    paragraphs = "".join(f"<p>Polisen grep {i} personer.</p>" for i in range(2000))
    (corpus / "large.html").write_text(f"<html><head><title>Stor</title><script>var a = '<p>nej</p>';</script>"
                                       f"</head><body><nav>Meny</nav>{paragraphs}</body></html>", encoding="utf-8")
    settings = load_settings()
    settings = replace(settings, clean=replace(settings.clean, extractor_max_chars=10_000))
    with time_limit():
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False, settings=settings)
    assert summary.stored == 1, summary.errors
    row = connect(tmp_path / "c.db").execute("SELECT title, text, metadata FROM documents").fetchone()
    metadata = json.loads(row["metadata"])
    assert metadata["extractor"] == "visible-text" and "extractor_max_chars" in metadata["large_page"]
    assert row["text"].count("Polisen grep") == 2000 and "Meny" not in row["text"] and "nej" not in row["text"]
    assert row["title"] == "Stor"


def test_a_document_past_its_memory_limit_is_recorded_and_the_run_goes_on(tmp_path):
    corpus = tmp_path / "raw"
    corpus.mkdir()
    shutil.copy(SEED_FILES[0], corpus / "a_small.txt")
    (corpus / "b_huge.txt").write_text("Polisen grep 3 personer.\n\n" * 150_000, encoding="utf-8")
    shutil.copy(SEED_FILES[1], corpus / "c_small.txt")
    settings = load_settings()
    settings = replace(settings, run=replace(settings.run, document_memory_mb=40))
    with time_limit(60):
        summary = run([corpus], tmp_path / "c.db", jobs=1, corpus_stages=False, settings=settings)
    assert (summary.stored, summary.failed) == (2, 1), summary.errors
    assert _errors(tmp_path / "c.db") == {"b_huge.txt": "DocumentOverMemory"}
    assert "E203" in summary.errors[0].message


def test_the_memory_limit_stops_a_growing_call_only():
    def grow(megabytes: int) -> int:
        held = [bytearray(1 << 20) for _ in range(megabytes)]  # one megabyte at a time
        return len(held)

    with time_limit():
        assert call_with_limits(0, 64, grow, 4) == 4
        with pytest.raises(DocumentOverMemory):
            call_with_limits(0, 64, lambda: [grow(1) and time.sleep(0.002) for _ in range(10)] + [grow(400)])
        with pytest.raises(DocumentTimeout):
            call_with_limits(0.2, 64, lambda: [time.sleep(0.01) for _ in range(500)])


def _limited_sleep(seconds: float) -> str:
    try:
        call_with_limits(0.1, 0, time.sleep, seconds)
    except DocumentTimeout:
        return "stopped"
    return "finished"


def test_one_watchdog_thread_watches_every_call_and_a_forked_child_gets_its_own():
    import multiprocessing
    import threading

    with time_limit():
        before = threading.active_count()
        assert [call_with_limits(5, 64, len, "abc") for _ in range(200)] == [3] * 200
        assert threading.active_count() <= before + 1  # one watchdog, not a thread per call
        assert _limited_sleep(5) == "stopped"
        with multiprocessing.get_context("fork").Pool(1) as pool:  # forked from a process with a watchdog
            assert pool.map(_limited_sleep, [5, 0.01]) == ["stopped", "finished"]


# Requests Datasette 0.65 answered with HTTP 500 (a sort by a missing column or by rowid on a view, a
# _next token that is not one, a _timelimit that is not a number, a _through without its keys) and
# odd ones it answers itself.
ODD_PARAMETERS = ["_sort=nope", "_sort_desc=nope", "_sort=rowid", "_next=garbage", "_next=1,2,3", "_sort=id&_next=abc",
                  "_timelimit=abc", '_through={"table":"x"}', "_facet=nope", '_search="', "_size=abc", "_where=nope",
                  "id__gt=abc", "_shape=nope", "_col=nope", "_searchmode=raw&_search=NEAR("]


def test_datasette_answers_odd_requests_with_a_client_error_never_500(seed_db, monkeypatch):
    import asyncio

    import rich
    from datasette.app import Datasette

    from corpus_tool.report.datasette import PLUGINS_DIR, SETTINGS, metadata_for

    metadata = metadata_for(seed_db)
    name = next(iter(metadata["databases"]))
    queries = metadata["databases"][name]["queries"]
    urls = [f"/{name}/{relation}{suffix}?{odd}" for relation in ("documents", "figures_with_source", "sentences_fts_idx")
            for odd in ODD_PARAMETERS for suffix in ("", ".json")]
    urls += [f"/{name}/sentences_fts_idx/1", f"/{name}/sentences_fts_idx/abc.json", f"/{name}/documents/abc"]
    urls += [f"/{name}/{query}.json?" + "&".join(f"{p}={value}" for p in spec["params"])
             for query, spec in queries.items() for value in ("", "abc", "'", "%25", "1e309")]
    served = Datasette([str(seed_db)], metadata=metadata, settings=SETTINGS, plugins_dir=str(PLUGINS_DIR))
    # Datasette prints each exception's traceback, locals and all, to the console: not wanted here
    monkeypatch.setattr(rich.get_console(), "print_exception", lambda *args, **kwargs: None)

    async def statuses() -> dict[str, int]:
        return {url: (await served.client.get(url)).status_code for url in urls}

    with time_limit(60):
        answered = asyncio.run(statuses())
    assert not {url: status for url, status in answered.items() if status >= 500}
    assert answered[f"/{name}/figures_with_source.json?_sort=nope"] == 400
    assert answered[f"/{name}/documents?_next=garbage"] in (200, 400)
    assert answered[f"/{name}/sentences_fts_idx/1"] == 400


@pytest.mark.parametrize("seed", [4, 5])
def test_kill_9_during_the_corpus_stages_then_a_plain_rerun_equals_a_clean_run(tmp_path, seed, seed_db):
    """Killed once every document is stored, while the corpus stages (pairs, alignments, people,
    discrepancies) run: the moment is the seed's share of the time they take."""
    clean = _snapshot_of(seed_db)
    db = tmp_path / "c.db"
    share = random.Random(seed).random()
    killed_in_corpus_stages = False
    with time_limit(120):
        for _ in range(4):  # a run that finished before its moment is run again with an earlier one
            if db.exists():
                for path in tmp_path.glob("c.db*"):
                    path.unlink()
            started = _cli_run(db)
            stored = 0
            while started.poll() is None and stored < len(SEED_FILES):  # the document stages
                time.sleep(0.02)
                with contextlib.suppress(sqlite3.Error):
                    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                    stored = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
                    reader.close()
            time.sleep(share * 1.5)
            if started.poll() is None:
                os.killpg(started.pid, signal.SIGKILL)
            started.wait(10)
            raw = sqlite3.connect(db)
            killed_in_corpus_stages = not raw.execute("SELECT count(*) FROM corpus_state").fetchone()[0]
            raw.close()
            if killed_in_corpus_stages:  # the corpus stages were left incomplete
                break
            share /= 3
        assert killed_in_corpus_stages, "every run finished its corpus stages before its moment"
        again = _cli_run(db)
        assert again.wait(60) == 0
    interrupted = _snapshot_of(db)
    for name, rows in clean.items():
        assert interrupted[name] == rows, name
