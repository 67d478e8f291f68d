"""Pooled relevance judging for the lay query sets (as TREC pools unjudged documents).

A gold file lists the provisions its writer judged relevant; a search's first result in a plan that
the writer did not list counts as a miss, whether it is irrelevant or only unlisted. This script pools
the first result of every plan (scored pairs only) under every search variant of eval_search.py
(the defaults, and each component turned over), keeps those no gold file lists, mixes in controls, and
writes a judging sheet that names no system, no rank and no gold:

    .venv/bin/python benchmarks/pool_judging.py sheet --db W --gold G.jsonl ... --out DIR
        DIR/sheet.jsonl  (item, query, jurisdiction, domain, kind, text: what the judge reads)
        DIR/key.jsonl    (item -> gold file, query id, plan, provision, origin)
    .venv/bin/python benchmarks/pool_judging.py merge --db W --out DIR --judgements J.jsonl
        J.jsonl: {"item", "relevant": true|false, "note"} per item, by a judge who saw the sheet only
        adds them to tests/gold/<gold>.pool.jsonl and prints the judge's agreement on the controls
A first result judged once (in the pool file) is not judged again: after a change, the sheet holds only
the first results no one has judged.

Controls: every listed "best" provision of a sampled share of pairs (the judge should say relevant)
and a random provision of the same plan from another domain (should say not relevant).
eval_search.py --pool adds the pooled judgements to their gold files.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_search import variants  # noqa: E402
from warehouse.db import connect_read  # noqa: E402
from warehouse.search import search  # noqa: E402
from warehouse.search_eval import (judging_rows, load_gold, load_pool, pool_path, resolve_quote,  # noqa: E402
                                   unique_quote)

CONTROL_SHARE = 0.15  # of the pooled items, as many known-relevant and as many random controls


def scored_pairs(con, gold: list[dict]) -> dict[tuple[str, str], tuple[set[str], str | None]]:
    """(query id, plan) -> (the provisions listed relevant, the one marked best)."""
    out = {}
    for item in gold:
        kind = item.get("filters", {}).get("kind")
        for r in item["relevant"]:
            rel, best = out.setdefault((item["id"], r["plan_id"]), (set(), None))
            pid = resolve_quote(con, r["plan_id"], r["quote"], kind)
            rel.add(pid)
            if r.get("best"):
                out[(item["id"], r["plan_id"])] = (rel, pid)
    return out


def pooled(con, gold: list[dict], pairs) -> set[tuple[str, str, str]]:
    """(query id, plan, provision): first results of scored plans, under every variant, not listed."""
    out = set()
    for _, features in variants():
        for item in gold:
            plans = {p for q, p in pairs if q == item["id"]}
            hits = search(con, item["query"], limit=max(10, 2 * len(plans)), per_plan=1,
                          **item.get("filters", {}), features=features)
            out.update((item["id"], h.plan_id, h.provision_id) for h in hits
                       if h.plan_id in plans and h.provision_id not in pairs[(item["id"], h.plan_id)][0])
    return out


def make_sheet(args) -> None:
    con = connect_read(args.db)
    info = judging_rows(con)
    by_plan: dict[str, list[str]] = {}
    for pid, (plan, *_rest) in info.items():
        by_plan.setdefault(plan, []).append(pid)
    rng = random.Random(args.seed)
    rows = []
    for path in args.gold:
        gold = load_gold(path)
        queries = {g["id"]: g["query"] for g in gold}
        pairs = scored_pairs(con, gold)
        done = {(j["id"], j["plan_id"], resolve_quote(con, j["plan_id"], j["quote"])) for j in load_pool(path)}
        pool = sorted(pooled(con, gold, pairs) - done)  # judged once is judged
        rows += [(path.name, q, plan, pid, "pool", queries[q]) for q, plan, pid in pool]
        sample = rng.sample(sorted(pairs), min(len(pairs), round(CONTROL_SHARE * len(pool)) + 1))
        for q, plan in sample:
            rel, best = pairs[(q, plan)]
            if best:
                rows.append((path.name, q, plan, best, "control-relevant", queries[q]))
            domain = info[best or sorted(rel)[0]][3]
            others = [p for p in by_plan[plan] if info[p][3] != domain and p not in rel]
            rows.append((path.name, q, plan, rng.choice(sorted(others)), "control-random", queries[q]))
        print(f"{path.name}: {len(pairs)} scored pairs, {len(pool)} pooled first results not listed")
    rows = sorted(set(rows))
    rng.shuffle(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "sheet.jsonl", "w", encoding="utf-8") as sheet, \
            open(args.out / "key.jsonl", "w", encoding="utf-8") as key:
        for n, (gold_name, qid, plan, pid, origin, query) in enumerate(rows, 1):
            _, kind, text, domain, jurisdiction = info[pid]
            item = f"j{n:04d}"
            sheet.write(json.dumps({"item": item, "query": query, "jurisdiction": jurisdiction,
                                    "domain": domain, "kind": kind, "text": text}, ensure_ascii=False) + "\n")
            key.write(json.dumps({"item": item, "gold": gold_name, "id": qid, "plan_id": plan,
                                  "provision_id": pid, "origin": origin}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} items -> {args.out / 'sheet.jsonl'}")


def merge(args) -> None:
    con = connect_read(args.db)
    key = {r["item"]: r for r in map(json.loads, open(args.out / "key.jsonl", encoding="utf-8"))}
    judged = {r["item"]: r for r in map(json.loads, open(args.judgements, encoding="utf-8"))}
    missing = sorted(set(key) - set(judged))
    if missing:
        raise SystemExit(f"{len(missing)} items not judged (first: {missing[:5]})")
    agree = {"control-relevant": [0, 0], "control-random": [0, 0]}
    out: dict[str, list[dict]] = {}
    for item, k in sorted(key.items()):
        rel = bool(judged[item]["relevant"])
        if k["origin"] in agree:
            agree[k["origin"]][0] += rel == (k["origin"] == "control-relevant")
            agree[k["origin"]][1] += 1
            continue
        out.setdefault(k["gold"], []).append({"id": k["id"], "plan_id": k["plan_id"],
                                              "quote": unique_quote(con, k["plan_id"], k["provision_id"]),
                                              "relevant": rel, "note": judged[item].get("note", "")})
    for gold_name, rows in out.items():
        path = pool_path(ROOT / "tests" / "gold" / gold_name)
        rows = load_pool(ROOT / "tests" / "gold" / gold_name) + rows
        with open(path, "w", encoding="utf-8") as f:
            for r in sorted(rows, key=lambda r: (r["id"], r["plan_id"], r["quote"])):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{path.name}: {len(rows)} pooled judgements, {sum(r['relevant'] for r in rows)} relevant")
    for origin, (ok, n) in agree.items():
        print(f"{origin}: judge agrees on {ok}/{n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("sheet", "merge"))
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--gold", type=Path, nargs="*", default=[])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--judgements", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    make_sheet(args) if args.step == "sheet" else merge(args)


if __name__ == "__main__":
    main()
