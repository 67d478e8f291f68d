"""Build wall time: plain steps vs the Prefect flow vs an empty Prefect flow.

    .venv/bin/python benchmarks/bench_build.py [--runs N]

Each Prefect measurement is a fresh process (`planatlas build` / the empty flow), because
Prefect's temporary local API starts once per process and that start is the cost measured.
Prints medians of N runs (default 3).
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

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
       "PREFECT_LOGGING_LEVEL": "WARNING"}


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.duckdb")
        cases = {
            "planatlas build --no-prefect": [str(BIN / "planatlas"), "build", "--no-prefect", "--db", db],
            "planatlas build (Prefect flow)": [str(BIN / "planatlas"), "build", "--db", db],
            "empty Prefect flow": [sys.executable, "-c", "from pipeline.flows import empty_flow; empty_flow()"],
            "python start + imports only": [sys.executable, "-c", "import pipeline.cli, pipeline.steps"],
        }
        print(f"median of {args.runs} runs, seconds (wall):")
        for name, cmd in cases.items():
            times = [timed(cmd) for _ in range(args.runs)]
            print(f"  {name:34s} {statistics.median(times):6.2f}   runs: {', '.join(f'{t:.2f}' for t in times)}")
    sys.path.insert(0, str(ROOT))
    from pipeline.steps import build_plain  # in-process: the steps' own cost without start-up
    with tempfile.TemporaryDirectory() as tmp:
        times = [build_plain(ROOT / "corpus", Path(tmp) / f"b{i}.duckdb").seconds for i in range(args.runs)]
        print(f"  {'build steps in-process':34s} {statistics.median(times):6.2f}   runs: "
              f"{', '.join(f'{t:.2f}' for t in times)}")


if __name__ == "__main__":
    main()
