"""The ``embeddings`` table: sentence vectors by model and text, kept across runs.

The aligner's embedder reads it before its model and writes what its model computed
(``align.embedders.VectorStore``), so that a sentence is embedded once per model, whatever the
run or the pair it is in.  Vectors are float32 bytes; this module needs no numpy.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

# SQLite's default limit of bound parameters per statement is 999 (older builds); stay under it.
_CHUNK = 500


class EmbeddingCache:
    """A ``VectorStore`` over one connection's ``embeddings`` table."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.read = self.written = 0  # vectors found here, and vectors added, for reports and tests

    def get_vectors(self, model: str, digests: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for k in range(0, len(digests), _CHUNK):
            chunk = list(digests[k:k + _CHUNK])
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(
                f"SELECT text_sha256, vector FROM embeddings WHERE model = ? AND text_sha256 IN ({marks})",
                [model, *chunk]).fetchall())
        self.read += len(found)
        return found

    def put_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO embeddings (model, text_sha256, dim, vector) VALUES (?,?,?,?)",
                [(model, digest, len(vector) // 4, vector) for digest, vector in vectors.items()])
        self.written += len(vectors)
