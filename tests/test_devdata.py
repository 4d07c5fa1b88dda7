"""The development data: found by one locator, read in place, never copied into the repository."""
from __future__ import annotations

import hashlib
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT, needs_devdata
from devdata import ENV, DevDataMissing, devdata, devdata_root


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def test_no_tracked_file_is_a_copy_of_development_data():
    """No file `git ls-files` lists may be byte-identical to a file of the development data folder
    (empty files aside: they are all alike)."""
    data = needs_devdata()
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: no list of tracked files")
    by_size: dict[int, list[Path]] = defaultdict(list)
    for name in listed.decode("utf-8").split("\0"):
        path = ROOT / name
        if name and path.is_file() and not path.is_symlink() and path.stat().st_size:
            by_size[path.stat().st_size].append(path)
    tracked_sha: dict[Path, str] = {}
    copies = []
    for path in sorted(data.rglob("*")):
        if not path.is_file() or path.stat().st_size not in by_size:
            continue
        digest = _sha256(path)
        for candidate in by_size[path.stat().st_size]:
            if candidate not in tracked_sha:
                tracked_sha[candidate] = _sha256(candidate)
            if tracked_sha[candidate] == digest:
                copies.append(f"{candidate.relative_to(ROOT)} = {path.relative_to(data)}")
    assert not copies, "development data copied into the repository: " + "; ".join(copies)


def test_locator_reads_the_environment_variable(tmp_path, monkeypatch):
    (tmp_path / "parallel-sv-en").mkdir()
    monkeypatch.setenv(ENV, str(tmp_path))
    assert devdata_root() == tmp_path.resolve()
    assert devdata("parallel-sv-en") == tmp_path.resolve() / "parallel-sv-en"
    with pytest.raises(DevDataMissing, match=ENV):
        devdata("parallel-sv-en", "pud")


def test_locator_default_is_beside_the_repository_not_the_cwd(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert devdata_root() == (ROOT / ".." / "shared" / "data").resolve()
    monkeypatch.setenv(ENV, "elsewhere/data")  # relative: to the repository root as well
    assert devdata_root() == (ROOT / "elsewhere" / "data").resolve()


def test_the_installed_package_never_looks_for_development_data():
    for path in sorted((ROOT / "corpus_tool").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for word in ("shared/data", "shared\" / \"data", ENV, "devdata"):
            assert word not in text, f"{path.relative_to(ROOT)} mentions {word!r}"

