"""Would a learned reranker beat the hand-set ranking? Measured, not shipped (README, Precedent search).

Every tuning set's (query, plan) pair: the plan's top K results by the current search, each with 13
features a ranking could weigh (its score as a share of the plan's best, its rank, its kind, the
share of the query's concepts it holds weighted by idf and unweighted, the share in its first
sentence, its length, the share of its matches inside enumerations X、Y、Z, its targets, whether it
holds an indicator the query names). A linear model over them is fitted listwise (softmax over each
list, the relevant ones as targets) or pairwise (logistic over relevant-minus-irrelevant pairs), and
scored by plan-recall@1 on the set left out (leave one set out) and in sample.

    .venv/bin/python benchmarks/eval_learned_rerank.py [--db data/planatlas.duckdb] [--loss listwise|pairwise]
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse.db import connect_read  # noqa: E402
from warehouse.search import index_facts, parse, provision_targets, search  # noqa: E402
from warehouse.search_eval import load_gold, resolve_quote  # noqa: E402

SETS = ["search_relevance", "search_drafts", "search_lay_dev", "search_lay_sentences_dev", "search_indicator_wording"]
KINDS = ["goal", "table_row", "principle", "overall_goal"]  # a measure is the baseline
NAMES = ["score_share", "rank_inv", *KINDS, "concepts_idf", "concepts", "first_sentence", "log_length",
         "in_enumeration", "log_targets", "names_indicator"]
ENUMERATION = re.compile(r"[^，。；：、]+(?:、[^，。；：、]+)+")


def concepts(q, idf) -> list[tuple[list[str], float, float]]:
    """The query's concept groups: (terms, weight x idf of the rarest member, weight)."""
    by: dict[int, list[tuple[str, float]]] = {}
    for term, group, weight, alternative in zip(*q.as_rows()):
        if not alternative:
            by.setdefault(group, []).append((term.lstrip("~"), weight))
    return [([t for t, _ in m], max(w for _, w in m) * max(idf(t) for t, _ in m), max(w for _, w in m))
            for m in by.values()]


def features(con, groups, hit, rank: int, best: float) -> list[float]:
    codes = {t.indicator_code for t in provision_targets(con, hit.provision_id)}
    first = hit.text.split("。")[0]

    def holds(term: str, text: str) -> bool:
        return term[1:] in codes if term.startswith("#") else term in text

    total = sum(i for _, i, _ in groups) or 1.0
    strong = [g for g in groups if g[2] >= 1.0]
    spans = [m.span() for m in ENUMERATION.finditer(hit.text)]
    found = [m.start() for terms, _, _ in groups for t in terms if len(t) > 1 and not t.startswith("#")
             for m in re.finditer(re.escape(t), hit.text)]
    return [hit.score / best, 1.0 / rank, *(float(hit.kind == k) for k in KINDS),
            sum(i for terms, i, _ in groups if any(holds(t, hit.text) for t in terms)) / total,
            sum(any(holds(t, hit.text) for t in terms) for terms, _, _ in strong) / (len(strong) or 1),
            sum(i for terms, i, _ in groups if any(not t.startswith("#") and t in first for t in terms)) / total,
            math.log(len(hit.text)),
            sum(any(a <= s < b for a, b in spans) for s in found) / len(found) if found else 0.0,
            math.log1p(len(codes)), float(any(t.startswith("#") and t[1:] in codes for g in groups for t in g[0]))]


def lists(con, name: str, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, relevant) of each (query, plan) pair's top k; empty where the plan has no result."""
    facts = index_facts(con)
    n = int(facts.info["n_docs"])

    def idf(t: str) -> float:
        d = facts.df.get(t, 0)
        return math.log(1 + (n - d + 0.5) / (d + 0.5))

    out = []
    for item in load_gold(ROOT / "tests" / "gold" / f"{name}.jsonl"):
        filters = item.get("filters", {})
        relevant: dict[str, set[str]] = {}
        for r in item["relevant"]:
            relevant.setdefault(r["plan_id"], set()).add(resolve_quote(con, r["plan_id"], r["quote"], filters.get("kind")))
        groups = concepts(parse(con, item["query"]), idf)
        by_plan: dict[str, list] = {}
        for h in search(con, item["query"], limit=400, per_plan=k, **filters):
            by_plan.setdefault(h.plan_id, []).append(h)
        for plan, rel in relevant.items():
            hits = by_plan.get(plan, [])
            x = np.array([features(con, groups, h, i, hits[0].score or 1.0) for i, h in enumerate(hits, 1)])
            out.append((x.reshape(len(hits), len(NAMES)), np.array([h.provision_id in rel for h in hits], float)))
    return out


def fit(data, loss: str, lam: float, steps: int = 1500, lr: float = 0.3) -> np.ndarray:
    train = [(x, y) for x, y in data if y.any() and not y.all()]
    scale = np.abs(np.vstack([x for x, _ in train])).mean(0) + 1e-9
    w = np.zeros(len(NAMES))
    w[0] = 5.0  # from the current ranking (score share)
    if loss == "pairwise":
        d = np.array([(x[i] - x[j]) / scale for x, y in train for i in np.where(y == 1)[0] for j in np.where(y == 0)[0]])
    for _ in range(steps):
        g = lam * w
        if loss == "pairwise":
            g -= ((1 - 1 / (1 + np.exp(-d @ w)))[:, None] * d).mean(0)
        else:
            for x, y in train:
                z = x / scale
                s = z @ w
                p = np.exp(s - s.max())
                p /= p.sum()
                g += (p - p * y / (p * y).sum()) @ z / len(train)
        w -= lr * g
    return w / scale


def hits(data, w: np.ndarray | None) -> int:
    return sum(int(y[0 if w is None else int(np.argmax(x @ w))]) for x, y in data if len(y))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=str(ROOT / "data" / "planatlas.duckdb"))
    ap.add_argument("--loss", choices=["listwise", "pairwise"], default="listwise")
    ap.add_argument("--top", type=int, default=10, help="results per plan the model reorders")
    args = ap.parse_args()
    con = connect_read(args.db)
    data = {s: lists(con, s, args.top) for s in SETS}
    base = {s: hits(data[s], None) for s in SETS}
    print("current ranking:", "  ".join(f"{s} {base[s]}/{len(data[s])}" for s in SETS))
    for lam in (0.0, 0.01, 0.05):
        held = [hits(data[s], fit([r for t in SETS if t != s for r in data[t]], args.loss, lam)) - base[s] for s in SETS]
        w = fit([r for s in SETS for r in data[s]], args.loss, lam)
        inside = [hits(data[s], w) - base[s] for s in SETS]
        print(f"L2 {lam}: pairs gained, set left out {held} (sum {sum(held):+d}); in sample {inside} (sum {sum(inside):+d})")
        print("   weights:", " ".join(f"{n}={v:.2f}" for n, v in zip(NAMES, w)))


if __name__ == "__main__":
    main()
