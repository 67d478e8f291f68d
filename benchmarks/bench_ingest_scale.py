"""One plan into a large warehouse (e.g. the 10,000 plans bench_scale.py built), as a user runs it.

    .venv/bin/python benchmarks/bench_ingest_scale.py --db /tmp/planatlas-scale/w-10000-process.duckdb [--runs 3]

Two cases, each on a fresh copy of the warehouse (and its raw store) per run: a plan of a
jurisdiction the warehouse does not hold yet (嵩县), and a revision of one it holds (新丰县, a new
version superseding the generated plan of the same family). Each is `planatlas ingest --no-prefect`
as a whole process; reports every run's wall time and the median.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_scale import BIN, run_measured  # noqa: E402
from tests.plan_texts import plan_text  # noqa: E402

CASES = (("嵩县", "a plan of a new jurisdiction"), ("新丰县", "a revision of a plan it holds"))


def fresh_copy(src: Path, work: Path) -> Path:
    db = work / "w.duckdb"
    for p in (db, Path(f"{db}.raw")):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    shutil.copyfile(src, db)
    if Path(f"{src}.raw").is_dir():
        shutil.copytree(f"{src}.raw", f"{db}.raw")
    return db


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=a.db.parent) as tmp:
        work = Path(tmp)
        for name, label in CASES:
            inbox = work / f"in-{name}"
            inbox.mkdir()
            (inbox / "plan.txt").write_text(plan_text(name), encoding="utf-8")
            times, line = [], ""
            for _ in range(a.runs):
                db = fresh_copy(a.db, work)
                seconds, _, out = run_measured([str(BIN / "planatlas"), "ingest", str(inbox), "--db", str(db),
                                                "--no-prefect"])
                times.append(seconds)
                line = next((ln for ln in out.splitlines() if ln.startswith(("loaded", "quarantined"))), "")
            print(f"{label}: {', '.join(f'{t:.1f}' for t in times)} s; median {statistics.median(times):.1f} s"
                  f"  ({line.strip()})")


if __name__ == "__main__":
    main()
