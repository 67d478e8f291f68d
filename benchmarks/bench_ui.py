"""The web page's latency over HTTP: `planatlas ui` in its own process, a fixed list of queries.

    .venv/bin/python benchmarks/bench_ui.py [--db PATH] [--runs 5] [--cache 0] [--plans 1000 [--keep PATH]]

Starts `planatlas ui` on a free loopback port over the warehouse (--db, else one built from corpus/;
with --plans N, a generated N-plan warehouse as benchmarks/bench_search.py makes it: real provisions
reshuffled, index without links), fires every query once to warm up, then --runs times in a fixed
order from one keep-alive client, and reports the median and p95 wall time of a full page (request,
search, rendering, response) per kind of query. --cache 0 (the default) turns the server's page cache
off, so every request does the work; --cache 256 measures what a repeated request costs.
--keep PATH (with --plans) saves the generated warehouse there, or reuses it when PATH exists
(generating 1,000 plans takes minutes; the same N and seed give the same warehouse).
On the real corpus the other pages are timed too (a plan with its text and targets, an indicator
comparison with its chart, a similar page).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.web.server import UiServer  # noqa: E402

SHORT = ["婴儿死亡率", "近视率", "溺水", "学生欺凌", "留守儿童", "儿童之家", "托位", "出生缺陷", "宫颈癌", "巩固率",
         "家庭暴力", "健康素养", "体质健康", "贫血", "孤儿", "童工", "心理健康", "安全座椅", "母乳喂养", "性教育",
         "城镇化", "校外培训", "网络游戏", "儿童友好", "女干部", "法律援助", "食品安全", "课后服务", "免疫规划", "兒童福利"]
FILTERED = [{"q": "校园欺凌", "kind": "measure"}, {"q": "托位", "domain": "health"}, {"q": "近视", "per_plan": "1"},
            {"q": "家长学校", "kind": "goal", "per_plan": "5"}, {"q": "心理健康", "domain": "education"}]
SENTENCES = ["到2030年，婴儿死亡率降至4.5‰以下", "父母外出打工的孩子没人照看",
             "别让孩子在河塘水库里淹死", "加强对学生欺凌的综合治理，健全学生欺凌早期预警、事中处理及事后干预等工作机制",
             "别再光拿分数和升学率来评价学校和学生了",
             "爸妈离婚以后，孩子还有权利去看望不在一起生活的那一方",
             "每千名儿童拥有儿科执业（助理）医生达到1.12名，每千人口拥有3岁以下婴幼儿托位数达到4.5个"]
OTHER_PAGES = ["/plan/changning-children", "/plan/panshan-children", "/indicator/infant_mortality_rate",
               "/indicator/preschool_gross_enrolment_rate", "/similar/yushu-children/d1/goal/3", "/indicators", "/"]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    f = int(k)
    return xs[f] if f + 1 >= len(xs) else xs[f] + (xs[f + 1] - xs[f]) * (k - f)


def time_urls(client: httpx.Client, urls: list[str], runs: int) -> list[float]:
    for u in urls:  # warm
        r = client.get(u)
        r.raise_for_status()
    out = []
    for _ in range(runs):
        for u in urls:
            t0 = time.perf_counter()
            r = client.get(u)
            out.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{u}: HTTP {r.status_code}")
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to tell the server's own work from
    waiting for a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def generated_warehouse(n_plans: int, seed: int, tmp: Path) -> Path:
    from bench_search import generate  # the search benchmark's generator
    from pipeline.steps import build_plain
    from warehouse.db import connect_read
    from warehouse.search import build_search
    from warehouse.synthetic import provision_pool, write_corpus
    real = tmp / "real.duckdb"
    build_plain(ROOT / "corpus", real)
    con = connect_read(real)
    pool = provision_pool(con)
    con.close()
    plans, domains, provisions = generate(pool, n_plans, seed)
    path = tmp / f"gen{n_plans}.duckdb"
    con = write_corpus(path, plans, domains, provisions)
    t0 = time.perf_counter()
    build_search(con, links=False)
    con.execute("CHECKPOINT")
    con.close()
    print(f"generated {len(plans)} plans, {len(provisions)} provisions; index {time.perf_counter() - t0:.1f} s")
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, help="a warehouse (default: build one from corpus/)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", type=int, default=0, help="the server's page cache (0: off)")
    ap.add_argument("--plans", type=int, help="generate a warehouse of this many plans instead")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="with --plans: save the generated warehouse here, or reuse it if it exists")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = args.db
        if args.plans and args.keep and args.keep.exists():
            db = args.keep
            print(f"reusing {db}, generated by an earlier run with --keep")
        elif args.plans:
            db = generated_warehouse(args.plans, args.seed, tmp)
            if args.keep:
                shutil.copyfile(db, args.keep)
                db = args.keep
        elif db is None:
            from pipeline.steps import build_plain
            db = tmp / "planatlas.duckdb"
            build_plain(ROOT / "corpus", db)
        groups = {"short": ["/?" + urlencode({"q": q}) for q in SHORT],
                  "filtered": ["/?" + urlencode(p) for p in FILTERED],
                  "sentences": ["/?" + urlencode({"q": q}) for q in SENTENCES]}
        if not args.plans:
            groups["other pages"] = OTHER_PAGES
        with UiServer(db, cache=args.cache) as server, httpx.Client(base_url=server.url, timeout=60) as client:
            print(f"planatlas ui on {server.url} over {db.name}; cache {args.cache}; {args.runs} runs")
            print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            every, cpu = [], 0.0
            for name, urls in groups.items():
                c0 = cpu_seconds(server.proc.pid)
                xs = time_urls(client, urls, args.runs)
                used = (cpu_seconds(server.proc.pid) - c0) * 1000 / (len(urls) * (args.runs + 1))
                if name != "other pages":
                    every += xs
                    cpu += used * len(xs)
                print(f"{name:12s} {len(urls):3d} urls x {args.runs}: median {statistics.median(xs):6.1f} ms, "
                      f"p95 {percentile(xs, 0.95):6.1f} ms, max {max(xs):6.1f} ms; server CPU {used:5.1f} ms a page")
            print(f"{'all searches':12s} {len(every):3d} requests: median {statistics.median(every):6.1f} ms, "
                  f"p95 {percentile(every, 0.95):6.1f} ms; server CPU {cpu / len(every):5.1f} ms a page")
            print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
