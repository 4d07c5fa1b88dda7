"""The database schema: the project's public SQL interface.

Researchers write queries against these table and column names; add, never
rename.  Per-document tables cascade from ``documents`` so that replacing a
changed document is one DELETE plus inserts, in one transaction.  Corpus-level
tables (people, pairs, alignments, discrepancies) are rebuilt by the corpus
stages at the end of each run.
"""

SCHEMA_VERSION = 6

# The cache of sentence embeddings: (model, SHA-256 of the text) -> float32 vector, L2-normalised.
EMBEDDINGS = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_sha256)
) WITHOUT ROWID;
"""

# A column added to a table below needs no step: any column an older database's table lacks is added
# when it is opened for writing (``ALTER TABLE … ADD COLUMN``, before the steps run; a column that
# cannot be added that way, a key or NOT NULL without a default, makes the database refused unwritten).
# Steps that bring an older database to the current version, run once each, in order (by the
# version they reach).  2: one ingest_errors row per source, updated by a re-run, never repeated.
MIGRATIONS = {
    2: """
DELETE FROM ingest_errors WHERE id NOT IN (SELECT max(id) FROM ingest_errors GROUP BY source);
CREATE UNIQUE INDEX IF NOT EXISTS ingest_errors_source ON ingest_errors(source);
""",
    # 3: every name of a document's content (document_names); a stored document's own source is its first.
    3: """
INSERT OR IGNORE INTO document_names (document_id, source, url, first_seen)
    SELECT id, source, url, coalesce(ingested, '') FROM documents;
""",
    # 4: a police report's event on its document (event_time, event_type, place, place_code,
    # place_level) and on each figure its place's code and level and its scope: the columns are added
    # as any missing column is; rows stored before keep NULL there until re-run with --force.
    4: """
CREATE INDEX IF NOT EXISTS figures_place ON figures(place_code, metric);
""",
    # 5: the sentence embeddings the aligner computed, kept by model and text so that no sentence is
    # embedded twice (a re-run, another pair holding the same sentence).
    5: EMBEDDINGS,
    # 6: the writer adds each document's rows to the full-text indexes itself, in the statements that
    # insert them (``store.write_document``), instead of a trigger for each row: SQLite runs a row
    # trigger's statement within a savepoint, at which FTS5 writes out what it holds, so every sentence
    # became an index segment of its own, merged again and again (half the writer's time).  The
    # triggers that delete a row's entries stay.
    6: """
DROP TRIGGER IF EXISTS sentences_ai;
DROP TRIGGER IF EXISTS documents_ai;
""",
}

TABLES = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    site TEXT,
    url TEXT,
    title TEXT,
    lang TEXT,
    published TEXT,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    media_type TEXT,
    encoding TEXT,
    cleaned_path TEXT,
    metadata TEXT,
    ingested TEXT,
    -- a police event report's event (the event stage): when, what and where
    event_time TEXT,
    event_type TEXT,
    place TEXT,
    place_code TEXT,
    place_level TEXT
);
-- Every name a document's content was read under: its own source, and each other file (or events
-- record) found with the same bytes, which is recorded here instead of being stored again.
CREATE TABLE IF NOT EXISTS document_names (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT NOT NULL UNIQUE,
    url TEXT,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    lang TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph_id INTEGER NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    lang TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    approximate INTEGER NOT NULL DEFAULT 0,
    qualifier TEXT,
    unit TEXT,
    noun TEXT,
    place TEXT,
    period_start TEXT,
    period_end TEXT,
    period_text TEXT,
    surface TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    in_heading INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'text',
    place_code TEXT,
    place_level TEXT,
    scope TEXT
);
CREATE TABLE IF NOT EXISTS people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS person_aliases (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    name_as_written TEXT NOT NULL,
    title TEXT,
    title_en TEXT,
    organization TEXT,
    place TEXT,
    quote TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    source TEXT
);
CREATE TABLE IF NOT EXISTS translation_pairs (
    id INTEGER PRIMARY KEY,
    source_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    target_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    method TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alignments (
    id INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES translation_pairs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    source_sentence_ids TEXT NOT NULL,
    target_sentence_ids TEXT NOT NULL,
    score REAL
);
CREATE TABLE IF NOT EXISTS discrepancies (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    severity REAL NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    other_document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    other_sentence_id INTEGER REFERENCES sentences(id) ON DELETE CASCADE,
    value TEXT,
    other_value TEXT,
    message TEXT NOT NULL,
    pair_id INTEGER REFERENCES translation_pairs(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS explicit_pairs (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    UNIQUE (source, target)
);
CREATE TABLE IF NOT EXISTS ingest_errors (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    error TEXT NOT NULL,
    message TEXT NOT NULL,
    occurred TEXT NOT NULL
);
-- One row when the corpus stages last finished: over which documents (a fingerprint of their ids and
-- hashes, and of the explicit pairs).  Deleted when they start, so an interrupted rebuild, or
-- documents changed since, make the next run rebuild them.
CREATE TABLE IF NOT EXISTS corpus_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    completed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    seconds REAL NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS paragraphs_document ON paragraphs(document_id);
CREATE INDEX IF NOT EXISTS sentences_document ON sentences(document_id);
CREATE INDEX IF NOT EXISTS figures_document ON figures(document_id);
CREATE INDEX IF NOT EXISTS figures_metric ON figures(metric, period_start);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id);
CREATE INDEX IF NOT EXISTS mentions_person ON mentions(person_id);
CREATE INDEX IF NOT EXISTS alignments_pair ON alignments(pair_id);
CREATE INDEX IF NOT EXISTS discrepancies_document ON discrepancies(document_id);
-- Every column a cascading delete follows has an index: without them, replacing a changed document
-- scans whole tables for each deleted row (6 documents/s re-written into a 2,000-document
-- database, against 400 with them; benchmarks/store_write.py).  Created on old databases too.
CREATE INDEX IF NOT EXISTS sentences_paragraph ON sentences(paragraph_id);
CREATE INDEX IF NOT EXISTS figures_sentence ON figures(sentence_id);
CREATE INDEX IF NOT EXISTS mentions_sentence ON mentions(sentence_id);
CREATE INDEX IF NOT EXISTS person_aliases_person ON person_aliases(person_id);
CREATE INDEX IF NOT EXISTS pairs_source ON translation_pairs(source_document_id);
CREATE INDEX IF NOT EXISTS pairs_target ON translation_pairs(target_document_id);
CREATE INDEX IF NOT EXISTS discrepancies_sentence ON discrepancies(sentence_id);
CREATE INDEX IF NOT EXISTS discrepancies_other_document ON discrepancies(other_document_id);
CREATE INDEX IF NOT EXISTS discrepancies_other_sentence ON discrepancies(other_sentence_id);
CREATE INDEX IF NOT EXISTS discrepancies_pair ON discrepancies(pair_id);
CREATE INDEX IF NOT EXISTS steps_document ON steps(document_id);
CREATE INDEX IF NOT EXISTS document_names_document ON document_names(document_id);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
"""
TABLES += EMBEDDINGS

# External-content FTS5 tables: a row's entries are added by the writer as it inserts the row
# (``store.write_document``) and deleted by the triggers below with the row.  remove_diacritics 0:
# the default folds å/ä/ö into a/o, which merges distinct Swedish words (år/ar).
_TOKENIZE = "unicode61 remove_diacritics 0"

FTS = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize="{_TOKENIZE}");
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize="{_TOKENIZE}");
CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
"""
