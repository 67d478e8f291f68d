"""Write tests/gold/search_indicator_wording.jsonl: indicator-wording queries for precedent search.

    .venv/bin/python benchmarks/make_indicator_wording.py [--db PATH] [--out FILE]

A query is an indicator's registry name (name_zh) or one of its aliases (extractors/rules/indicators.csv),
as a drafter who knows the indicator would type it; aliases that map only with context (the
`requires` column: 床位, 托位, 保障率 ...) are left out. Its relevant provisions are those holding a
target with that indicator code, taken from the hand-labelled indicator map (tests/gold/indicator_map.jsonl:
plan, quote of the target, code), so the set does not depend on the extractors being right.
Reported figures in a preamble (截至2020年 …) are not commitments and are left out. Only indicators
that two or more plans set targets for are used: with one plan the per-plan first result says little.

Without --db, a warehouse is built from corpus/ in a temporary directory (no Prefect) to resolve
quotes and check that each one names exactly one provision.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.indicators import load_registry  # noqa: E402
from warehouse.db import connect_read  # noqa: E402
from warehouse.search_eval import load_gold  # noqa: E402

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def queries_for(ind) -> list[tuple[str, str]]:
    """(query, type): the name, then the aliases not needing context, width-folded and deduplicated."""
    context_only = {a for a, _ in ind.requires}
    out: dict[str, str] = {ind.name_zh.translate(_WIDTH): "indicator_name"}
    for a in ind.aliases:
        if a not in context_only:
            out.setdefault(a.translate(_WIDTH), "indicator_alias")
    return list(out.items())


def _fold(text: str) -> str:
    return "".join(text.split()).translate(_WIDTH)


def _locate(con, plan: str, quote: str) -> list[tuple[str, str, str]]:
    """Every provision of the plan whose text holds the target's `quote` (a sentence a goal and a measure
    repeat is a target in both), its kind, and a quote naming it alone: the target's quote, widened
    around it until no other provision of the plan has it."""
    rows = con.execute("SELECT provision_id, kind, text FROM provisions WHERE plan_id = ? ORDER BY provision_id",
                       [plan]).fetchall()
    want = _fold(quote)
    out = []
    for pid, kind, text in rows:
        text = _fold(text)
        at = text.find(want)
        if at < 0:
            continue
        others = [_fold(t) for p, _, t in rows if p != pid]
        a, b = at, at + len(want)
        while any(text[a:b] in o for o in others):
            a, b = max(0, a - 2), min(len(text), b + 2)
        out.append((pid, kind, text[a:b]))
    if not out:
        raise SystemExit(f"quote {quote!r} is in no provision of {plan}")
    return out


def build(con) -> list[dict]:
    by_code: dict[str, dict[str, list[str]]] = {}
    for item in load_gold(ROOT / "tests" / "gold" / "indicator_map.jsonl"):
        if not item.get("code"):
            continue
        for pid, kind, quote in _locate(con, item["plan"], item["quote"]):
            quotes = by_code.setdefault(item["code"], {}).setdefault(item["plan"], {})
            if kind != "preamble":
                quotes.setdefault(pid, quote)
    out = []
    for ind in load_registry().indicators:
        plans = by_code.get(ind.code, {})
        if len(plans) < 2:
            continue
        plans = {p: q for p, q in plans.items() if q}
        if len(plans) < 2:
            continue
        relevant = [{"plan_id": p, "quote": q} for p in sorted(plans) for _, q in sorted(plans[p].items())]
        for query, typ in queries_for(ind):
            out.append({"id": f"ind{len(out) + 1:02d}", "query": query, "type": typ, "indicator_code": ind.code,
                        "relevant": relevant, "split": "dev"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "gold" / "search_indicator_wording.jsonl")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from pipeline.steps import build_plain
            db = Path(tmp) / "gold.duckdb"
            build_plain(ROOT / "corpus", db)
        con = connect_read(db)
        rows = build(con)
        con.close()
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} queries for {len({r['indicator_code'] for r in rows})} indicators -> {args.out}")


if __name__ == "__main__":
    main()
