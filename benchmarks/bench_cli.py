"""Whole-process time of `planatlas search`, `similar` and `show`: what a drafter waits for.

    .venv/bin/python benchmarks/bench_cli.py [--db PATH] [--runs 7] [--code DIR]

Each command runs --runs times as a fresh process (`python -c "from pipeline.cli import main; main()"`,
as the `planatlas` script does), after one unmeasured run that warms the operating system's file cache;
the median, fastest and slowest wall times and the largest resident memory are printed. Without --db
a warehouse is built from corpus/ in a temporary directory first (no Prefect). --code DIR times the
PlanAtlas code in DIR instead (for example an export of an older commit:
`git archive 38efee1 | tar -x -C /tmp/old`), run from that directory with the same interpreter.
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
sys.path.insert(0, str(ROOT))

COMMANDS = [
    ("search, lay words", ["search", "残疾孩子上学"]),
    ("search, one plan each", ["search", "孩子长蛀牙怎么办", "--per-plan", "1"]),
    ("search, a draft sentence", ["search", "到2030年，婴儿死亡率降至4.5‰以下，5岁以下儿童死亡率降至5.5‰以下"]),
    ("search, a word no plan holds", ["search", "孩子心里有事想不开"]),
    ("similar", ["similar", "yushu-children/d1/goal/3"]),
    ("show", ["show", "changning-children"]),
    ("planatlas -h", ["-h"]),
]


# The child reports its own peak memory when it exits. It runs in the code's directory: `python -c`
# puts the working directory first on sys.path, before PYTHONPATH and the editable install.
_CHILD = """import resource, sys
sys.argv = {argv!r}
try:
    from pipeline.cli import main
    main()
finally:
    sys.stderr.write("\\nMAXRSS %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(args: list[str], db: Path, env: dict, code_dir: Path) -> tuple[float, int]:
    """Wall seconds of one process, and its peak resident memory in KiB."""
    argv = ["planatlas", *args] + (["--db", str(db.resolve())] if args[0] != "-h" else [])
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", _CHILD.format(argv=argv)], env=env, cwd=code_dir,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {r.stderr[-500:]}")
    return elapsed, int(r.stderr.rsplit("MAXRSS", 1)[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, help="a warehouse built from corpus/ (default: build one)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--code", type=Path, help="time the PlanAtlas code in this directory instead")
    args = ap.parse_args()
    env = dict(os.environ, COLUMNS="120")
    code_dir = (args.code or ROOT).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            # built by a process of its own: on Linux a child's peak memory starts from its parent's
            # at fork, so a build in this process would count in every command's figure
            db = Path(tmp) / "bench.duckdb"
            subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                            "from pipeline.steps import build_plain; build_plain(Path(sys.argv[1]), Path(sys.argv[2]))",
                            str(ROOT / "corpus"), str(db)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        load = os.getloadavg()[0]
        print(f"{args.runs} runs each (after one warm-up), code {code_dir}, load average {load:.1f}")
        print(f"| command | median | fastest | slowest | peak memory |")
        print(f"|---|---|---|---|---|")
        for label, cmd in COMMANDS:
            run(cmd, db, env, code_dir)
            times, peak = [], 0
            for _ in range(args.runs):
                t, rss = run(cmd, db, env, code_dir)
                times.append(t)
                peak = max(peak, rss)
            print(f"| {label} (`planatlas {' '.join(cmd)}`) | {statistics.median(times):.2f} s | {min(times):.2f} s | "
                  f"{max(times):.2f} s | {peak / 1024:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
