"""Relevance evaluation of precedent search against a judged query set.

The set (tests/gold/search_relevance.jsonl) names each relevant provision by plan_id and a short
exact quote of its text, so it survives id changes; quotes are resolved against the warehouse
being evaluated. Metrics: recall@k (share of a query's relevant provisions in its top k) and MRR
(reciprocal rank of the first relevant result), averaged over queries; and plan-recall@1 (for
each plan that has a relevant provision, is the first result from that plan relevant?), averaged
over (query, plan) pairs: what a drafter reading one result per plan sees.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extractors.textfold import squash

from warehouse.search import SearchError, search


@dataclass(frozen=True)
class QueryResult:
    id: str
    query: str
    type: str
    split: str  # dev (written while the rules were tuned) or holdout (written after, scored once)
    relevant: frozenset[str]
    ranked: tuple[str, ...]
    recall: float
    reciprocal_rank: float


@dataclass(frozen=True)
class EvalReport:
    k: int
    results: tuple[QueryResult, ...]

    @property
    def recall(self) -> float:
        return sum(r.recall for r in self.results) / len(self.results)

    @property
    def mrr(self) -> float:
        return sum(r.reciprocal_rank for r in self.results) / len(self.results)

    def by(self, field: str = "type") -> dict[str, tuple[int, float, float]]:
        """{value of field: (queries, recall@k, MRR)}, e.g. by("type") or by("split")."""
        out = {}
        for t in sorted({getattr(r, field) for r in self.results}):
            rs = [r for r in self.results if getattr(r, field) == t]
            out[t] = (len(rs), sum(r.recall for r in rs) / len(rs), sum(r.reciprocal_rank for r in rs) / len(rs))
        return out


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def pool_path(path: Path) -> Path:
    """Where the pooled judgements of a gold file are kept (benchmarks/pool_judging.py)."""
    return Path(path).with_suffix(".pool.jsonl")


def load_pool(path: Path) -> list[dict]:
    """The pooled judgements of a gold file ({"id", "plan_id", "quote", "relevant", "note"}), if any."""
    return _jsonl(pool_path(path)) if pool_path(path).exists() else []


def load_gold(path: Path, pool: bool = False) -> list[dict]:
    """The judged queries of a gold file; with `pool`, also the provisions a later judge found relevant
    among first results the writer had not listed (pool_path(path), when there is one)."""
    gold = _jsonl(path)
    if pool:
        added: dict[str, list[dict]] = {}
        for j in load_pool(path):
            if j["relevant"]:
                added.setdefault(j["id"], []).append({"plan_id": j["plan_id"], "quote": j["quote"], "pooled": True})
        gold = [{**g, "relevant": g["relevant"] + added.get(g["id"], [])} for g in gold]
    return gold


def judging_rows(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str, str | None, str]]:
    """{provision_id: (plan_id, kind, text, domain title, jurisdiction)}: what a relevance judge reads."""
    rows = con.execute("""SELECT p.provision_id, p.plan_id, p.kind, p.text, d.title, pl.jurisdiction
                          FROM provisions p JOIN plans pl USING (plan_id)
                          LEFT JOIN domains d USING (domain_id)""").fetchall()
    return {r[0]: r[1:] for r in rows}


def unique_quote(con: duckdb.DuckDBPyConnection, plan_id: str, provision_id: str) -> str:
    """The shortest prefix of a provision's text (from 12 characters) that resolve_quote finds alone."""
    text = con.execute("SELECT text FROM provisions WHERE provision_id = ?", [provision_id]).fetchall()[0][0]
    for n in range(min(12, len(text)), len(text) + 1):
        try:
            if resolve_quote(con, plan_id, text[:n]) == provision_id:
                return text[:n]
        except SearchError:  # the prefix is in another provision too: lengthen it
            continue
    raise SearchError(f"{provision_id}: no prefix of its text names it alone")


def _fold(text: str) -> str:
    """Quotes are copied from the raw plan text; provision texts are cleaned (full-width digits and
    ％ folded, PDF line breaks and stray spaces removed): compare both without width or whitespace."""
    return squash(text)


def resolve_quote(con: duckdb.DuckDBPyConnection, plan_id: str, quote: str, kind: str | None = None) -> str:
    """The one provision of `plan_id` whose text contains `quote` (of `kind`, if given)."""
    rows = con.execute("""SELECT provision_id, text FROM provisions
                          WHERE plan_id = ? AND (?::VARCHAR IS NULL OR kind = ?)
                          ORDER BY provision_id""", [plan_id, kind, kind]).fetchall()
    want = _fold(quote)
    found = [pid for pid, text in rows if want in _fold(text)]
    if len(found) > 1:  # a provision's whole text, repeated inside another, still names it
        found = [pid for pid, text in rows if want == _fold(text)] or found
    if len(found) != 1:
        raise SearchError(f"quote {quote!r} of plan {plan_id} matches {len(found)} provisions "
                          f"({', '.join(found[:5])}); make it longer")
    return found[0]


def evaluate(con: duckdb.DuckDBPyConnection, gold: list[dict], k: int = 10, **search_options) -> EvalReport:
    """Recall@k and MRR of each judged query. A query its writer found no relevant provision for (kept
    in a blind set, not replaced) has neither, as in TREC: it is left out of both averages."""
    results = []
    for item in [g for g in gold if g["relevant"]]:
        filters = item.get("filters", {})
        relevant = frozenset(resolve_quote(con, r["plan_id"], r["quote"], filters.get("kind"))
                             for r in item["relevant"])
        hits = search(con, item["query"], limit=k, **filters, **search_options)
        ranked = tuple(h.provision_id for h in hits)
        found = relevant.intersection(ranked)
        first = next((i for i, pid in enumerate(ranked, 1) if pid in relevant), None)
        results.append(QueryResult(item["id"], item["query"], item.get("type", ""), item.get("split", "dev"),
                                   relevant, ranked,
                                   len(found) / len(relevant), 1.0 / first if first else 0.0))
    return EvalReport(k, tuple(results))


@dataclass(frozen=True)
class PlanFirst:
    id: str
    query: str
    plan_id: str
    first: str | None     # the plan's first result
    relevant: frozenset[str]

    @property
    def hit(self) -> bool:
        return self.first in self.relevant


def plan_recall_at_1(con: duckdb.DuckDBPyConnection, gold: list[dict], **search_options) -> list[PlanFirst]:
    """For every query and every plan with a relevant provision: the plan's first result."""
    out = []
    for item in gold:
        filters = item.get("filters", {})
        by_plan: dict[str, set[str]] = {}
        for r in item["relevant"]:
            by_plan.setdefault(r["plan_id"], set()).add(resolve_quote(con, r["plan_id"], r["quote"], filters.get("kind")))
        hits = search(con, item["query"], limit=max(10, 2 * len(by_plan)), per_plan=1, **filters, **search_options)
        first = {h.plan_id: h.provision_id for h in hits}
        out.extend(PlanFirst(item["id"], item["query"], plan, first.get(plan), frozenset(rel))
                   for plan, rel in sorted(by_plan.items()))
    return out
