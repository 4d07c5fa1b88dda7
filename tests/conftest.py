"""Shared fixtures: the sample corpus processed once per test session; the development data."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
DATA = Path(__file__).resolve().parent / "data"
SEED_FILES = sorted(RAW.glob("0*.txt"))

sys.path.append(str(ROOT / "benchmarks"))
from devdata import DevDataMissing, devdata  # noqa: E402


def needs_devdata(*parts: str) -> Path:
    """The development data file or folder ``parts`` (see benchmarks/devdata.py); where it is absent
    the test skips with a one-line reason naming the environment variable."""
    try:
        return devdata(*parts)
    except DevDataMissing as exc:
        pytest.skip(str(exc))


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000", "004" …)."""
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The five seeds run through the whole pipeline into a fresh database."""
    from corpus_tool import run

    db = tmp_path_factory.mktemp("seeds") / "corpus.db"
    summary = run([RAW], db, jobs=1)
    assert summary.failed == 0, [e.message for e in summary.errors]
    return db


@pytest.fixture(scope="session")
def seed_conn(seed_db):
    from corpus_tool import connect

    conn = connect(seed_db)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def seed_docs():
    """The five seeds as processed Documents, keyed by their number ("000" …)."""
    from corpus_tool import process_file

    return {p.name[:3]: process_file(p) for p in SEED_FILES}


def older_database(db: Path, version: int, *statements: str) -> Path:
    """A database of the current schema taken back to an older one: ``statements`` undo what came
    later (drop a table, a column, an index), then ``user_version`` says ``version``."""
    from corpus_tool import connect

    connect(db).close()
    raw = sqlite3.connect(db)
    for statement in statements:
        raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {int(version)}")
    raw.commit()
    raw.close()
    return db
