"""Ingesting one new plan into the six-plan warehouse: whole processes and in-process stages.

    .venv/bin/python benchmarks/bench_ingest.py [--runs N]

Whole-process cases each start a fresh `planatlas` (or Python) process on a fresh copy of a
six-plan warehouse; the Prefect ones start their own API server (pipeline.prefect_server), so
"ingest (Prefect) - empty flow" is what ingesting costs beyond the orchestrator's start. The
in-process cases time pipeline.steps.ingest_plain after a warm-up: the work itself. Medians of N.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
       "PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_HOME": os.environ.get("PREFECT_HOME", str(ROOT / ".prefect"))}
ENV.pop("PREFECT_API_URL", None)
EMPTY_FLOW = ("from pipeline.prefect_server import orchestrator\n"
              "with orchestrator():\n    from pipeline.flows import empty_flow\n    empty_flow()\n")


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr[-800:]}")
    return time.perf_counter() - t0


def fmt(times: list[float]) -> str:
    return f"{statistics.median(times):6.2f}   runs: {', '.join(f'{t:.2f}' for t in times)}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from pipeline.steps import build_plain, ingest_plain
    from tests.plan_texts import plan_text
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base.duckdb"
        build_plain(ROOT / "corpus", base)
        new = tmp / "new"
        new.mkdir()
        (new / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")

        def fresh(i: int) -> str:
            db = tmp / f"w{i}.duckdb"
            shutil.copyfile(base, db)
            shutil.copytree(str(base) + ".raw", str(db) + ".raw", dirs_exist_ok=True)
            return str(db)

        counter = iter(range(10_000))
        cases = {
            "python start + imports only": lambda: [sys.executable, "-c", "import pipeline.cli, pipeline.steps"],
            "orchestrator start + empty flow": lambda: [sys.executable, "-c", EMPTY_FLOW],
            "planatlas ingest one plan (Prefect)": lambda: [str(BIN / "planatlas"), "ingest", str(new), "--db",
                                                            fresh(next(counter))],
            "planatlas ingest one plan --no-prefect": lambda: [str(BIN / "planatlas"), "ingest", str(new),
                                                               "--no-prefect", "--db", fresh(next(counter))],
        }
        timed(cases["orchestrator start + empty flow"]())  # makes the template database once
        results = {}
        print(f"median of {args.runs} runs, seconds (wall):")
        for name, cmd in cases.items():
            results[name] = [timed(cmd()) for _ in range(args.runs)]
            print(f"  {name:42s} {fmt(results[name])}")
        beyond = statistics.median(results["planatlas ingest one plan (Prefect)"]) - \
            statistics.median(results["orchestrator start + empty flow"])
        print(f"  {'ingest beyond the orchestrator (difference)':42s} {beyond:6.2f}")
        ingest_plain([new], fresh(next(counter)))  # warm-up: jieba, spaCy, rules
        warm = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            ingest_plain([new], fresh(next(counter)))
            warm.append(time.perf_counter() - t0)
        print(f"  {'in-process: one new plan (warm)':42s} {fmt(warm)}")
        db = fresh(next(counter))
        ingest_plain([new], db)
        nothing = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            ingest_plain([new], db)
            nothing.append(time.perf_counter() - t0)
        print(f"  {'in-process: a run with nothing new':42s} {fmt(nothing)}")


if __name__ == "__main__":
    main()
