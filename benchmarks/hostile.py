"""The hostile run: a folder of every kind of bad input, through `corpus-tool run`, and its figures.

    .venv/bin/python benchmarks/hostile.py              # the hostile folder, then the big pages
    .venv/bin/python benchmarks/hostile.py --quick      # without the 8 MB page and 100,000 nested divs

Builds, in a temporary folder, one file (or special file) of each failure class of
docs/reliability.md beside the five seed releases of raw/, runs `corpus-tool run` on it twice in a
child process (a first run and a re-run), and prints for each run:

- files: the inputs given (every entry of the folder, the special files included);
- stored / recorded: the inputs with a document (or a name of one, ``document_names``) and the ones
  with an ``ingest_errors`` row;
- lost: inputs neither stored nor recorded (must be 0);
- crashes: a traceback in the output, or an exit status other than 0 (must be 0);
- time: wall clock of the run; memory: the child's peak resident memory.

Then the two pages too big for the folder's own run, each alone: the 8 MB page of a million
paragraphs and a page of 100,000 nested ``<div>``s, with what became of each.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "raw").glob("*.txt"))
SENTENCE = "Polisen i Malmö grep {} personer under natten till lördagen. "


def nested(depth: int) -> str:
    return ("<html><head><title>Djupt</title></head><body>"
            + "".join("<div>" + SENTENCE.format(i) for i in range(depth)) + "</div>" * depth + "</body></html>")


def build(folder: Path) -> list[Path]:
    """The hostile folder; returns every input in it (what must be stored or recorded)."""
    folder.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    shutil.copy(SEEDS[0], folder / "copy of the first seed.txt")  # the same bytes under another name
    os.mkfifo(folder / "fifo.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "nul.txt").write_bytes(SENTENCE.format(3).encode() * 300 + b"Ett\x00tjugotal\x1b[31m greps.\n")
    (folder / "a b.txt").write_text(SENTENCE.format(4), encoding="utf-8")
    (folder / "a_b.txt").write_text(SENTENCE.format(5), encoding="utf-8")
    (folder / "a?b.txt").write_text(SENTENCE.format(6), encoding="utf-8")
    (folder / "raw[").mkdir()  # its files' paths hold "[/": a closing tag to terminal markup
    (folder / "raw[" / "bad].txt").write_text("Polisen (se polisen.se[/aktuellt]) grep 7 [red. anm.].\n",
                                               encoding="utf-8")
    long_name = ("skottlossningar_i_Malmö_" * 9)[:200].rstrip("_") + ".txt"
    (folder / long_name).write_text(SENTENCE.format(8), encoding="utf-8")
    for charset in ("iso-8859-5", "utf-16", "windows-1251"):
        (folder / f"lying-{charset}.html").write_bytes(
            (f'<html><head><meta charset="{charset}"><title>Gripna</title></head><body><p>Polisen i Malmö grep'
             " 34 personer under året, säger kommunpolisen Åsa Öberg.</p></body></html>").encode())
    (folder / "front.md").write_text("---\ntitle: Pressmeddelande\nauthor: Polisen\n---\n# Rubrik\n\n"
                                     + SENTENCE.format(9) + "\n", encoding="utf-8")
    (folder / "events.json").write_text(json.dumps([{"id": 7, "datetime": "2024-1-12 9:05:00 +01:00",
                                                     "name": "12 januari\x00 09.05, Rån, Malmö",
                                                     "summary": "Polisen\x07 grep två personer."}]),
                                        encoding="utf-8")
    (folder / "nested-50.html").write_text(nested(50), encoding="utf-8")
    (folder / "nested-1000.html").write_text(nested(1000), encoding="utf-8")
    (folder / "too-large.txt").write_bytes(b"x" * (21 * 1024 * 1024))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.txt"))
    sock.close()  # the socket file stays
    return inputs_of(folder)


def inputs_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir())


def run(inputs: Path | list[Path], db: Path) -> dict:
    """`corpus-tool run` in a child process: exit status, output, seconds, the child's peak memory (MB)."""
    command = [sys.executable, "-c", "from corpus_tool.cli import main; main()", "run",
               *(str(p) for p in (inputs if isinstance(inputs, list) else [inputs])), "--db", str(db), "-j", "1", "-q"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryFile("w+") as out:
        t0 = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest child's so far
        seconds = time.perf_counter() - t0
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    return {"status": child.returncode, "output": output, "seconds": seconds, "memory_mb": usage.ru_maxrss / 1024}


def accounted(files: list[Path], db: Path) -> tuple[int, int, list[str]]:
    """(stored, recorded, lost): inputs with a document or a name of one, with an error row, with neither."""
    conn = sqlite3.connect(db)
    names = {r[0].split("#")[0] for r in conn.execute("SELECT source FROM document_names")}
    names |= {r[0].split("#")[0] for r in conn.execute("SELECT source FROM documents")}
    errors = {r[0].split("#")[0] for r in conn.execute("SELECT source FROM ingest_errors")}
    conn.close()
    stored = recorded = 0
    lost = []
    for path in files:
        resolved = os.path.realpath(path) if not path.is_symlink() else str(path.absolute())
        keys = {str(path), str(path.absolute()), resolved}
        if keys & names:
            stored += 1
        elif keys & errors:
            recorded += 1
        else:
            lost.append(path.name)
    return stored, recorded, lost


def report(label: str, files: list[Path], db: Path, result: dict) -> None:
    stored, recorded, lost = accounted(files, db)
    crashes = int("Traceback" in result["output"] or result["status"] != 0)
    memory = f"{result['memory_mb']:.0f} MB"
    print(f"{label:14} files {len(files):3}  stored {stored:3}  recorded {recorded:3}  lost {len(lost)}"
          f"  crashes {crashes}  time {result['seconds']:6.1f} s  memory {memory}")
    if lost:
        print(f"{'':14} lost: {', '.join(lost)}")


def big_page(label: str, html: str, tmp: Path) -> None:
    folder = tmp / label
    folder.mkdir()
    page = folder / f"{label}.html"
    page.write_text(html, encoding="utf-8")
    db = tmp / f"{label}.db"
    result = run(folder, db)
    conn = sqlite3.connect(db)
    error = conn.execute("SELECT error, message FROM ingest_errors").fetchone()
    row = conn.execute("SELECT length(text), (SELECT count(*) FROM sentences) FROM documents").fetchone()
    conn.close()
    outcome = (f"recorded: {error[0]}" if error else f"stored: {row[0]:,} characters, {row[1]:,} sentences")
    crashes = int("Traceback" in result["output"] or result["status"] != 0)
    memory = f"{result['memory_mb']:.0f} MB"
    print(f"{label:14} {len(html) / 1e6:4.1f} MB page  {outcome}  crashes {crashes}"
          f"  time {result['seconds']:6.1f} s  memory {memory}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the two big pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "hostile"
        files = build(folder)
        (tmp / "unknown.pdf").write_bytes(b"%PDF-1.4\n")  # in a folder not an input; named, it is one
        extra = [Path("/dev/null"), tmp / "unknown.pdf"]
        unreadable = folder / "unreadable.txt"
        shutil.copy(SEEDS[1], unreadable)
        unreadable.chmod(0)
        files = inputs_of(folder) + extra
        db = tmp / "hostile.db"
        note = " (run as root: the unreadable file is read)" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
        print(f"hostile folder: {len(files)} inputs, the 5 seeds among them{note}")
        report("first run", files, db, run([folder, *extra], db))
        report("re-run", files, db, run([folder, *extra], db))
        unreadable.chmod(0o600)
        if not args.quick:
            # each alone, in a child of its own
            big_page("million-p", "<html><head><title>Stor sida</title></head><body>" + "<p>x</p>" * 1_000_000
                     + "</body></html>", tmp)
            big_page("nested-100000", nested(100_000), tmp)


if __name__ == "__main__":
    main()
