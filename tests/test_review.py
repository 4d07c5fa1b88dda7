"""The translators' review page and its terminal form."""
from __future__ import annotations

import io
from html.parser import HTMLParser

from rich.console import Console
from typer.testing import CliRunner

from corpus_tool import connect, run, store
from corpus_tool.cli import app
from corpus_tool.report.review import build_review, render_html, render_terminal, write_reviews


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.classes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.classes += [v for k, v in attrs if k == "class"]


def test_seed_review_page(seed_conn, tmp_path):
    [pair] = store.load_pairs(seed_conn)
    review = build_review(seed_conn, pair.id)
    gap = next(r for r in review.rows if not r.target)
    assert [s.text for s in gap.source] == ["50-tal rättegångar"]
    assert {f["kind"] for f in gap.findings} >= {"omission", "internal-conflict"}
    page = render_html(review)
    parser = _Cells()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.classes.count("gap") == 1 and "num" in parser.classes and "name" in parser.classes
    assert "(not in the translation)" in page
    assert "&#x27;Ett tjugotal&#x27; (about 20) is translated as &#x27;A dozen&#x27; (12)." in page
    [path] = write_reviews(seed_conn, tmp_path)
    assert path.read_text(encoding="utf-8") == page


def test_scraped_markup_is_escaped(tmp_path):
    (tmp_path / "sv.txt").write_text(
        "Polisen i Malmö <script>alert('x')</script> rapporterar 34 skottlossningar under 2019.\n\n"
        "Det är en ökning jämfört med året innan, säger polisen.")
    (tmp_path / "en.txt").write_text(
        "The police in Malmö <img src=x onerror=alert(1)> report 35 shootings in 2019.\n\n"
        "That is an increase compared with the year before, the police say.")
    db = tmp_path / "c.db"
    run([tmp_path], db, jobs=1, pairs=[(str(tmp_path / "sv.txt"), str(tmp_path / "en.txt"))])
    conn = connect(db)
    [pair] = store.load_pairs(conn)
    page = render_html(build_review(conn, pair.id))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page
    assert "is translated as" in page  # 34 → 35 flagged in place


def test_terminal_review(seed_conn):
    [pair] = store.load_pairs(seed_conn)
    buffer = io.StringIO()
    render_terminal(build_review(seed_conn, pair.id), Console(file=buffer, width=200))
    out = buffer.getvalue()
    assert "- 50-tal rättegångar" in out and "+ (not in the translation)" in out
    assert "! numbers 'Ett tjugotal' (about 20) is translated as 'A dozen' (12)." in out


def test_cli_review(seed_db, tmp_path):
    result = CliRunner().invoke(app, ["review", "--db", str(seed_db), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("pair-*.html"))) == 1
