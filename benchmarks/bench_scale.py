"""Scale: N generated plans through the same flow on each task runner, end to end.

    .venv/bin/python benchmarks/bench_scale.py --plans 1000 2000 10000 --runners process dask [--work DIR]

For each N: `planatlas generate N` (SYNTHETIC plans, cached in --work by N and seed), then per runner
a fresh `planatlas build --runner R` as a whole process (Prefect flow on a private API server), and
reports: wall time, documents per second, peak memory of the whole process tree (the CLI, the
Prefect server, workers; sampled every 0.2 s with psutil), warehouse file size, index size (postings
and the search tables' share of the file), search latency over HTTP through `planatlas ui` (warm:
median and p95 of fixed queries), and the time to ingest one new plan into the built warehouse.
Prints a table and a JSON line per case.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUERIES = ["婴儿死亡率", "近视", "校园欺凌", "留守儿童", "托位", "出生缺陷", "家庭教育指导", "心理健康", "孕产妇死亡率",
           "学前教育毛入园率", "儿童之家", "溺水", "网络沉迷", "妇女参与决策", "宫颈癌筛查", "控制在以下"]


def env() -> dict:
    e = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    e.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING",
             PREFECT_HOME=os.environ.get("PREFECT_HOME", str(ROOT / ".prefect")))
    return e


class PeakMemory:
    """Peak summed RSS of a process and all its descendants."""

    def __init__(self, pid: int):
        self.proc, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.proc] + self.proc.children(recursive=True)
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)

    def __enter__(self) -> "PeakMemory":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join()


def run_measured(cmd: list[str]) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakMemory(proc.pid) as mem:
        out, _ = proc.communicate()
    if proc.returncode not in (0, 1) or "holds" not in out:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")
    return time.perf_counter() - t0, mem.peak, out


def corpus(n: int, seed: int, work: Path) -> Path:
    folder = work / f"plans-{n}-seed{seed}"
    if not (folder / "plans.csv").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([str(BIN / "planatlas"), "generate", str(n), str(folder), "--seed", str(seed)], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def index_size(db: Path) -> tuple[int, float]:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        postings = con.execute("SELECT coalesce(sum(len(doc_ids)), 0) FROM search_terms").fetchall()[0][0]
        blocks = dict(con.execute("""SELECT table_name, sum(estimated_size) FROM duckdb_tables()
                                     GROUP BY table_name""").fetchall())
        search = sum(v or 0 for k, v in blocks.items() if k.startswith(("search_", "provision_links")))
        return postings, search / 1e6
    finally:
        con.close()


def search_latency(db: Path, repeat: int = 5) -> tuple[float, float]:
    from pipeline.prefect_server import free_port
    port = free_port()
    proc = subprocess.Popen([str(BIN / "planatlas"), "ui", "--db", str(db), "--port", str(port), "--cache", "0"],
                            cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        times = []
        with httpx.Client(timeout=30) as client:
            for q in QUERIES:
                client.get(url, params={"q": q})  # warm
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    r = client.get(url, params={"q": q})
                    times.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200
        times.sort()
        return statistics.median(times), times[int(0.95 * (len(times) - 1))]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def one_new_plan(db: Path, work: Path) -> float:
    from tests.plan_texts import plan_text
    inbox = work / "one-new-plan"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    (inbox / "xinan.txt").write_text(plan_text("新安县"), encoding="utf-8")
    seconds, _, _ = run_measured([str(BIN / "planatlas"), "ingest", str(inbox), "--db", str(db), "--no-prefect"])
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, nargs="+", default=[1000])
    ap.add_argument("--runners", nargs="+", default=["process"], choices=["thread", "process", "dask", "plain"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/planatlas-scale"))
    ap.add_argument("--no-search", action="store_true", help="skip the HTTP search latency")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.plans:
        folder = corpus(n, args.seed, args.work)
        for runner in args.runners:
            db = args.work / f"w-{n}-{runner}.duckdb"
            for p in args.work.glob(db.name + "*"):
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            cmd = [str(BIN / "planatlas"), "build", "--corpus", str(folder), "--db", str(db)]
            cmd += ["--no-prefect"] if runner == "plain" else ["--runner", runner]
            wall, peak, out = run_measured(cmd)
            postings, search_mb = index_size(db)
            median, p95 = (None, None) if args.no_search else search_latency(db)
            new_plan = one_new_plan(db, args.work)
            row = {"plans": n, "runner": runner, "wall_s": round(wall, 1), "docs_per_s": round(n / wall, 1),
                   "peak_mib": round(peak / 2**20), "warehouse_mb": round(db.stat().st_size / 1e6, 1),
                   "postings": postings, "search_tables_mb": round(search_mb, 1),
                   "search_median_ms": median and round(median, 1), "search_p95_ms": p95 and round(p95, 1),
                   "ingest_one_plan_s": round(new_plan, 1)}
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| plans | runner | wall | docs/s | peak memory | warehouse | postings | search tables | search median / p95 | one new plan |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['plans']:,} | {r['runner']} | {r['wall_s']} s | {r['docs_per_s']} | {r['peak_mib']} MiB | "
              f"{r['warehouse_mb']} MB | {r['postings']:,} | {r['search_tables_mb']} MB | "
              f"{r['search_median_ms']} / {r['search_p95_ms']} ms | {r['ingest_one_plan_s']} s |")


if __name__ == "__main__":
    main()
