"""Reading input files: find them, check them, decode them.

Decoding order: byte-order mark, then the charset the page or its crawl sidecar
declares, then strict UTF-8, then a guess among the encodings Swedish pages
use (windows-1252, latin-1, latin-9).  A decoding is accepted only if the text
is plausible (almost no control characters), so a binary or garbled file is
reported, not stored as mojibake.  A declared charset is believed only when the
bytes decode cleanly in it into Latin text (and, for a single-byte charset, are
not valid UTF-8); otherwise the best plausible decoding wins and the document's
metadata records the disagreement (``encoding_disagreement``).
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..document import Document
from ..errors import (
    BinaryDocument,
    DecodeError,
    EmptyDocument,
    NotRegularFile,
    PermissionDenied,
    SymlinkLoop,
    TooLarge,
    UnsupportedFormat,
    Vanished,
)
from .controls import CONTROL_CHARACTERS, remove_controls
from .events import documents_from_events

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".json": "application/json",
    ".jsonl": "application/json",
}
SIDECAR_SUFFIX = ".meta.json"
# Calibrated on police/city pages: the largest real article page seen is < 2 MB;
# anything far beyond is a dump or a mistake and would stall a worker.
_MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * _MIB
# Share of control characters above which a decoding is considered garbage.
MAX_CONTROL_RATIO = 0.01
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_GUESSES = ["cp1252", "iso8859-15", "latin-1"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.I)


def is_input_file(path: Path) -> bool:
    name = path.name
    return (not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX)
            and path.suffix.lower() in MEDIA_TYPES)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to ingest under ``paths`` (files or folders), in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if is_input_file(candidate):
                        yield candidate
        else:
            # An explicitly named file is always attempted, so an unsupported one is reported.
            yield path


def read_sidecar(path: Path) -> dict:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    try:
        if not sidecar.is_file():  # a FIFO or device named like a sidecar is not opened (it could block)
            return {}
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file.  Anything else (FIFO, socket, device) is refused before it is read:
    it is opened non-blocking and checked on the open descriptor, so a FIFO can never hang the run."""
    try:
        if path.is_dir():
            raise UnsupportedFormat(f"{path}: is a directory")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise UnsupportedFormat(f"{path}: is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise NotRegularFile(f"{path}: {_kind(info.st_mode)}, not a regular file; skipped")
            if info.st_size > max_bytes:
                raise TooLarge(f"{path}: {info.st_size / _MIB:.1f} MiB is over the {max_bytes / _MIB:.0f} MiB limit")
            with os.fdopen(fd, "rb", closefd=False) as fh:
                data = fh.read(max_bytes + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise Vanished(f"{path}: file vanished before it could be read") from None
    except IsADirectoryError:
        raise UnsupportedFormat(f"{path}: is a directory") from None
    except PermissionError as exc:
        raise PermissionDenied(f"{path}: cannot be read ({exc.strerror})") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SymlinkLoop(f"{path}: symbolic link loop ({exc.strerror})") from None
        if exc.errno in (errno.ENXIO, errno.ENODEV):  # a socket or device that cannot be opened
            raise NotRegularFile(f"{path}: not a regular file ({exc.strerror}); skipped") from None
        raise
    if len(data) > max_bytes:
        raise TooLarge(f"{path}: grew over the {max_bytes / _MIB:.0f} MiB limit while being read")
    if not data.strip():
        raise EmptyDocument(f"{path}: file is empty")
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# What a plausible text has almost none of: the control characters (controls.py) and the
# replacement character.  Counted by one regular expression scan.
_IMPLAUSIBLE = re.compile(f"[{CONTROL_CHARACTERS}\ufffd]")


def _plausible(text: str) -> bool:
    if not text:
        return False
    if not _IMPLAUSIBLE.search(text):
        return True
    return len(_IMPLAUSIBLE.findall(text)) / len(text) <= MAX_CONTROL_RATIO


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def declared_charset(data: bytes) -> str | None:
    match = _XML_ENCODING.search(data[:200]) or _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# Share of a decoding's letters that must be Latin (Swedish, English, the names they quote) for it
# to be believed: a UTF-8 page read as iso-8859-5 is Cyrillic, read as UTF-16 it is CJK.
MIN_LATIN_RATIO = 0.8
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "iso8859-15", "iso8859-2", "iso8859-5", "cp1251", "koi8-r",
                          "mac-roman", "cp850", "cp437"})


# The Latin letters: those below U+0250 (Basic Latin to IPA Extensions) and Latin Extended Additional.
_LATIN_LETTER = re.compile("[" + "".join(re.escape(chr(c)) for c in (*range(0x250), *range(0x1E00, 0x1F00))
                                         if chr(c).isalpha()) + "]")
_NOT_LATIN_RANGE = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


def _latin_ratio(text: str) -> float:
    text = text[:200_000]
    latin = len(_LATIN_LETTER.findall(text))
    # letters outside the Latin ranges are few in a Latin text: only those characters are looked at
    other = sum(1 for ch in _NOT_LATIN_RANGE.findall(text) if ch.isalpha())
    if not latin + other:
        return 1.0
    return latin / (latin + other)


def _believable(text: str) -> bool:
    return _plausible(text) and _latin_ratio(text) >= MIN_LATIN_RATIO


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode(data: bytes, declared: str | None = None, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return (text, encoding used).  Raises DecodeError/BinaryDocument."""
    text, encoding, _ = decode_checked(data, declared, source)
    return text, encoding


def decode_checked(data: bytes, declared: str | None = None,
                   source: str = "<bytes>") -> tuple[str, str, str | None]:
    """Decode ``data``; return (text, encoding used, why a declared charset was not believed, or None).

    A declared charset is believed only when the bytes decode cleanly in it and the text is plausible
    Swedish or English (no control characters, Latin letters), and, for a single-byte charset, when
    the bytes are not UTF-8 (non-ASCII bytes that form valid UTF-8 are UTF-8).  Otherwise the first
    plausible decoding of UTF-8 and the guesses wins, and the disagreement is returned.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, None
            except UnicodeDecodeError:
                break
    if _looks_binary(data):
        raise BinaryDocument(f"{source}: binary content (NUL bytes), not a text document")
    declared_names = []
    for name in (declared, declared_charset(data)):
        if name:
            try:
                declared_names.append(codecs.lookup(name).name)
            except LookupError:
                pass
    utf8 = _strict_utf8(data)
    is_utf8 = utf8 is not None and not data.isascii()
    disagreement = None
    for name in dict.fromkeys(declared_names):
        if name.startswith("utf-8"):
            if utf8 is not None and _plausible(utf8):
                return utf8, "utf-8", None
            disagreement = f"declared {name}, but the bytes are not valid UTF-8"
            continue
        if is_utf8 and (name in _SINGLE_BYTE or name.startswith("utf-16") or name.startswith("utf-32")):
            disagreement = f"declared {name}, but the bytes are valid UTF-8"
            continue
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            disagreement = f"declared {name}, but the bytes do not decode in it"
            continue
        if not _believable(text):
            disagreement = f"declared {name}, but the text it gives is not plausible"
            continue
        return _prefer_cp1252(data, text, name) + (None,)
    seen: list[str] = []
    for encoding in ["utf-8"] + _GUESSES:
        seen.append(encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            text, encoding = _prefer_cp1252(data, text, encoding)
            if disagreement:
                disagreement += f"; read as {encoding}"
            return text, encoding, disagreement
    raise DecodeError(f"{source}: cannot be decoded as text (tried {', '.join(declared_names + seen)})")


def _prefer_cp1252(data: bytes, text: str, encoding: str) -> tuple[str, str]:
    # Pages often declare latin-1 but are served as windows-1252 (curly quotes, dashes).
    if encoding == "iso8859-1":
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return text, encoding


def media_type_of(path: Path, data: bytes, sidecar: dict) -> str:
    content_type = (sidecar.get("content_type") or "").split(";")[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml"):
        return "text/html"
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise UnsupportedFormat(f"{path}: unsupported file type '{path.suffix or '(none)'}'"
                                f" (expected {', '.join(sorted(MEDIA_TYPES))})")
    if media_type == "text/plain" and _HTML_SNIFF.match(data[:512]):
        return "text/html"
    return media_type


def read_document(path: str | Path, data: bytes | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Read one input file into Documents (one, or several for an events JSON file)."""
    path = Path(path)
    if data is None:
        data = read_bytes(path, max_bytes)
    sidecar = read_sidecar(path)
    media_type = media_type_of(path, data, sidecar)
    if media_type == "application/json":
        return documents_from_events(data, str(path))
    text, encoding, disagreement = decode_checked(data, sidecar.get("charset"), str(path))
    text = remove_controls(text)
    doc = Document(
        source=str(path), raw=data, sha256=sha256(data), media_type=media_type, encoding=encoding,
        url=sidecar.get("final_url") or sidecar.get("url"), site=sidecar.get("site"),
        text=text,  # decoded input; the clean stage replaces it with the cleaned text
    )
    if disagreement:  # the declared charset was not believed: say so on the document
        doc.metadata["encoding_disagreement"] = disagreement
    if sidecar:
        doc.metadata["fetch"] = {k: sidecar[k] for k in ("fetched", "status", "etag", "last_modified")
                                 if sidecar.get(k)}
        if sidecar.get("published"):  # found by the crawler (meta tags, <time>, URL); the page's own wins
            doc.metadata["crawl_published"] = sidecar["published"]
    return [doc]
