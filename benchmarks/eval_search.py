"""Relevance of precedent search on judged query sets: recall@10, MRR and plan-recall@1, per type and split.

    .venv/bin/python benchmarks/eval_search.py [--db PATH] [--gold FILE ...] [--plan-first] [--misses]
    .venv/bin/python benchmarks/eval_search.py --table [--db PATH]     # every tuning set, one line each
    .venv/bin/python benchmarks/eval_search.py --ablate [--db PATH]    # each component off, a markdown table

Without --db, builds a warehouse from corpus/ in a temporary directory first (no Prefect).
--table scores the tuning sets (dev and draft paraphrases of search_relevance/search_drafts, the
lay dev set, the indicator-wording set) on one line each; the blind lay set is never part of it:
score them alone, once per change, with --gold tests/gold/search_lay_blind.jsonl (and
search_lay_blind2.jsonl) --plan-first. --pool adds the pooled judgements of first results the gold's
writer had not listed (<gold>.pool.jsonl, benchmarks/pool_judging.py).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from warehouse.db import connect_read  # noqa: E402
from warehouse.search import DEFAULT_FEATURES, Features  # noqa: E402
from warehouse.search_eval import evaluate, load_gold, plan_recall_at_1  # noqa: E402

GOLD = ROOT / "tests" / "gold"
TUNING_SETS = ("search_relevance.jsonl", "search_drafts.jsonl", "search_lay_dev.jsonl",
               "search_lay_sentences_dev.jsonl", "search_indicator_wording.jsonl")


def summary(con, path: Path, **options) -> str:
    gold = load_gold(path)
    report = evaluate(con, gold, **options)
    firsts = plan_recall_at_1(con, gold, **options)
    hit = sum(f.hit for f in firsts)
    return (f"{path.name:32s} {len(gold):3d} queries  recall@10 {report.recall:.3f}  MRR {report.mrr:.3f}  "
            f"plan-recall@1 {hit / len(firsts):.3f} ({hit}/{len(firsts)})")


def variants() -> list[tuple[str, Features]]:
    """The defaults, then each component turned over in turn (off if on by default, on if off)."""
    q = DEFAULT_FEATURES.query
    out = [("defaults", DEFAULT_FEATURES)]
    for name in q.__dataclass_fields__:
        value = getattr(q, name)
        out.append((f"{'no' if value else 'with'} {name}", replace(DEFAULT_FEATURES, query=replace(q, **{name: not value}))))
    for name in Features.__dataclass_fields__:
        if name != "query":
            value = getattr(DEFAULT_FEATURES, name)
            out.append((f"{'no' if value else 'with'} {name}", replace(DEFAULT_FEATURES, **{name: not value})))
    return out


def ablation(con) -> None:
    sets = [(name, load_gold(GOLD / name)) for name in TUNING_SETS]
    print("| components | " + " | ".join(f"{n.removeprefix('search_').removesuffix('.jsonl')} r@10 / MRR / p@1"
                                         for n, _ in sets) + " |")
    print("|---" * (len(sets) + 1) + "|")
    for label, features in variants():
        cells = []
        for _, gold in sets:
            report = evaluate(con, gold, features=features)
            firsts = plan_recall_at_1(con, gold, features=features)
            cells.append(f"{report.recall:.3f} / {report.mrr:.3f} / {sum(f.hit for f in firsts) / len(firsts):.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


def detail(con, path: Path, per_plan: int | None, plan_first: bool, misses: bool, pool: bool = False) -> None:
    gold = load_gold(path, pool=pool)
    report = evaluate(con, gold, per_plan=per_plan)
    firsts = plan_recall_at_1(con, gold) if plan_first else []
    print(f"{path.name}{' with pooled judgements' if pool else ''}: {len(report.results)} queries: recall@{report.k} {report.recall:.3f}, MRR {report.mrr:.3f}")
    for field in ("type", "split"):
        for value, (n, recall, mrr) in report.by(field).items():
            print(f"  {field} {value:12s} {n:3d} queries  recall@{report.k} {recall:.3f}  MRR {mrr:.3f}")
    if firsts:
        print(f"plan-recall@1 {sum(f.hit for f in firsts) / len(firsts):.3f} ({sum(f.hit for f in firsts)} of "
              f"{len(firsts)} query x plan pairs)")
        if misses:
            for f in firsts:
                if not f.hit:
                    print(f"  {f.id} {f.query[:24]} [{f.plan_id}]: first {f.first}")
    if misses:
        for r in report.results:
            missing = sorted(r.relevant - set(r.ranked))
            if missing or r.reciprocal_rank < 1:
                print(f"{r.id} {r.query[:30]}: recall {r.recall:.2f}, first relevant at "
                      f"{round(1 / r.reciprocal_rank) if r.reciprocal_rank else '-'}; missing {', '.join(missing)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path)
    ap.add_argument("--gold", type=Path, action="append", help="a judged set (repeatable; default search_relevance)")
    ap.add_argument("--per-plan", type=int, default=None)
    ap.add_argument("--misses", action="store_true", help="list the relevant provisions not in a query's top 10")
    ap.add_argument("--plan-first", action="store_true",
                    help="also plan-recall@1: is each plan's first result relevant (lay query sets)")
    ap.add_argument("--pool", action="store_true",
                    help="add the pooled judgements of <gold>.pool.jsonl (benchmarks/pool_judging.py)")
    ap.add_argument("--table", action="store_true", help="one summary line for each tuning set")
    ap.add_argument("--ablate", action="store_true", help="the tuning sets with each component off in turn")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from pipeline.steps import build_plain
            db = Path(tmp) / "eval.duckdb"
            build_plain(ROOT / "corpus", db)
        con = connect_read(db)
        try:
            if args.ablate:
                ablation(con)
            elif args.table:
                for name in TUNING_SETS:
                    print(summary(con, GOLD / name))
            else:
                for path in args.gold or [GOLD / "search_relevance.jsonl"]:
                    detail(con, path, args.per_plan, args.plan_first, args.misses, args.pool)
        finally:
            con.close()


if __name__ == "__main__":
    main()
