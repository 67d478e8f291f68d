"""Champion lists against exhaustive ranking, on a large warehouse (e.g. one bench_scale.py built).

    .venv/bin/python benchmarks/bench_search_scale.py --db /tmp/planatlas-scale/w-10000-process.duckdb [--sample 60]

Queries: bench_scale.py's fixed queries and every query of the search gold files (phrases, lay
wording, draft sentences and paragraphs). Each is ranked twice in one warm process, as the web page
asks (30 results, at most 3 a plan) and as the CLI does (10 results): with champion lists (the
default) and exhaustively (Features(champions=False)). Reports the agreement of the two rankings
(share of the exhaustive first 10 also in the champion first 10; same first result) and the
latency of each (median, p95 of --repeat runs a query).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_scale import QUERIES  # noqa: E402
from warehouse import search as S  # noqa: E402
from warehouse.db import connect_read  # noqa: E402

GOLD = ["search_relevance.jsonl", "search_drafts.jsonl", "search_lay_dev.jsonl", "search_lay_blind.jsonl",
        "search_blind.jsonl", "search_indicator_wording.jsonl"]


def queries(sample: int | None = None) -> list[str]:
    """The fixed queries and the gold files' queries (every k-th of them for a sample of that many)."""
    gold = []
    for name in GOLD:
        for line in (ROOT / "tests" / "gold" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                gold.append(json.loads(line)["query"])
    gold = list(dict.fromkeys(q for q in gold if q not in QUERIES))
    if sample is not None and sample < len(gold):
        gold = gold[::-(-len(gold) // sample)]
    return list(QUERIES) + gold


def timed(con, q: str, repeat: int, **kw) -> tuple[list[str], list[float]]:
    ids = [h.provision_id for h in S.search(con, q, **kw)]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        S.search(con, q, **kw)
        times.append((time.perf_counter() - t0) * 1000)
    return ids, times


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[int(0.95 * (len(xs) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=None, help="Only about this many of the gold queries.")
    a = ap.parse_args()
    con = connect_read(a.db)
    exhaustive = S.Features(champions=False)
    qs = queries(a.sample)
    for label, kw in (("web: 30 results, 3 a plan", {"limit": 30, "per_plan": 3}), ("cli: 10 results", {"limit": 10})):
        overlap, first, t_ch, t_ex = [], [], [], []
        for q in qs:
            ch, tc = timed(con, q, a.repeat, **kw)
            ex, te = timed(con, q, a.repeat, features=exhaustive, **kw)
            t_ch += tc
            t_ex += te
            if ex:
                overlap.append(len(set(ch[:10]) & set(ex[:10])) / len(ex[:10]))
                first.append(ch[:1] == ex[:1])
        row = {"db": str(a.db), "ranking": label, "queries": len(qs),
               "overlap_at_10": round(statistics.mean(overlap), 4), "same_first": round(statistics.mean(first), 4),
               "champions_median_ms": round(statistics.median(t_ch), 1), "champions_p95_ms": round(p95(t_ch), 1),
               "exhaustive_median_ms": round(statistics.median(t_ex), 1), "exhaustive_p95_ms": round(p95(t_ex), 1)}
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
