"""Reading input: file discovery, encodings, and every kind of bad input."""
from __future__ import annotations

import codecs

import pytest

from corpus_tool.acquire.read import decode, iter_input_files, read_document
from corpus_tool.errors import BinaryDocument, DecodeError, EmptyDocument, TooLarge, UnsupportedFormat, Vanished

SWEDISH = "Skottlossningar i Malmö: år 2019 inträffade 34 skjutningar, säger polisområdeschefen."


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1", "iso8859-15"])
def test_swedish_letters_survive_each_encoding(encoding):
    text, used = decode(SWEDISH.encode(encoding))
    assert text == SWEDISH
    assert "å" in text and "ä" in text and "ö" in text


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                            (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_mark_decides(bom, encoding):
    text, _ = decode(bom + SWEDISH.encode(encoding))
    assert text.lstrip("\ufeff") == SWEDISH


def test_declared_charset_wins_over_guess():
    page = '<html><head><meta charset="iso-8859-15"></head><body><p>Pris: 5 €, år</p></body></html>'
    text, used = decode(page.encode("iso8859-15"))
    assert used == "iso8859-15" and "€" in text and "år" in text


def test_windows_1252_punctuation_is_not_mojibake():
    raw = "– Vi är nöjda, säger hon. ”Bra”".encode("cp1252")
    text, used = decode(raw)
    assert text == "– Vi är nöjda, säger hon. ”Bra”" and used == "cp1252"


def test_sidecar_supplies_url_site_and_charset(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes("<html><body><p>Polisen i Malmö rapporterar.</p></body></html>".encode("cp1252"))
    (tmp_path / "a.html.meta.json").write_text(
        '{"url": "https://polisen.se/a", "final_url": "https://polisen.se/a/", "site": "polisen",'
        ' "charset": "windows-1252", "content_type": "text/html"}')
    [doc] = read_document(page)
    assert doc.url == "https://polisen.se/a/" and doc.site == "polisen" and doc.encoding == "cp1252"
    assert "Malmö" in doc.text


def test_discovery_skips_sidecars_hidden_and_unsupported(tmp_path):
    for name in ["a.txt", "b.md", "c.html", "d.htm", "a.txt.meta.json", ".hidden.txt", "e.pdf"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.txt").write_text("x")
    names = [p.name for p in iter_input_files([tmp_path])]
    assert names == ["a.txt", "b.md", "c.html", "d.htm", "f.txt"]


def test_html_inside_txt_is_sniffed(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Hej</p></body></html>")
    assert read_document(path)[0].media_type == "text/html"


@pytest.mark.parametrize("content, error", [
    (b"", EmptyDocument),
    (b"   \n\n  ", EmptyDocument),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BinaryDocument),
    (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03]) * 50, DecodeError),
])
def test_bad_content_raises_a_named_error(tmp_path, content, error):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, sparse: cheap to make
    with pytest.raises(TooLarge, match="50.0 MiB"):
        read_document(path)


def test_vanished_and_unsupported(tmp_path):
    with pytest.raises(Vanished):
        read_document(tmp_path / "gone.txt")
    other = tmp_path / "doc.pdf"
    other.write_bytes(b"%PDF-1.4 text")
    with pytest.raises(UnsupportedFormat, match=".pdf"):
        read_document(other)


def test_crawl_sidecar_date_fills_a_page_without_one(tmp_path):
    from corpus_tool import process_file

    page = tmp_path / "a.html"
    page.write_text("<html><body><article><h1>Rubrik</h1><p>Polisen i Malmö har gripit två män efter "
                    "en skottlossning under natten. Utredningen fortsätter under dagen.</p></article></body></html>")
    (tmp_path / "a.html.meta.json").write_text('{"url": "https://polisen.se/a", "published": "2023-04-02"}')
    assert process_file(page).published == "2023-04-02"
