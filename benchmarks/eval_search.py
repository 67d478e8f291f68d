"""Relevance of precedent search on the judged query set: recall@10 and MRR, per type and split.

    .venv/bin/python benchmarks/eval_search.py [--db PATH] [--gold tests/gold/search_relevance.jsonl] [--misses]

Without --db, builds a warehouse from corpus/ in a temporary directory first (no Prefect).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse.db import connect_read  # noqa: E402
from warehouse.search_eval import evaluate, load_gold, plan_recall_at_1  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path)
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "search_relevance.jsonl")
    ap.add_argument("--per-plan", type=int, default=None)
    ap.add_argument("--misses", action="store_true", help="list the relevant provisions not in a query's top 10")
    ap.add_argument("--plan-first", action="store_true",
                    help="also plan-recall@1: is each plan's first result relevant (lay query sets)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from pipeline.steps import build_plain
            db = Path(tmp) / "eval.duckdb"
            build_plain(ROOT / "corpus", db)
        con = connect_read(db)
        gold = load_gold(args.gold)
        report = evaluate(con, gold, per_plan=args.per_plan)
        firsts = plan_recall_at_1(con, gold) if args.plan_first else []
        con.close()
    print(f"{len(report.results)} queries: recall@{report.k} {report.recall:.3f}, MRR {report.mrr:.3f}")
    for field in ("type", "split"):
        for value, (n, recall, mrr) in report.by(field).items():
            print(f"  {field} {value:12s} {n:3d} queries  recall@{report.k} {recall:.3f}  MRR {mrr:.3f}")
    if firsts:
        print(f"plan-recall@1 {sum(f.hit for f in firsts) / len(firsts):.3f} ({sum(f.hit for f in firsts)} of "
              f"{len(firsts)} query x plan pairs)")
        if args.misses:
            for f in firsts:
                if not f.hit:
                    print(f"  {f.id} {f.query[:24]} [{f.plan_id}]: first {f.first}")
    if args.misses:
        for r in report.results:
            missing = sorted(r.relevant - set(r.ranked))
            if missing or r.reciprocal_rank < 1:
                print(f"{r.id} {r.query[:30]}: recall {r.recall:.2f}, first relevant at "
                      f"{round(1 / r.reciprocal_rank) if r.reciprocal_rank else '-'}; missing {', '.join(missing)}")


if __name__ == "__main__":
    main()
