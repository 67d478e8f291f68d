"""Score extracted targets against a hand-labelled gold set (pure: rows in, report out).

A gold row names its value by a quote copied from the source and the value text inside it;
it is located in the decoded source, and a predicted target matches it when their value spans
overlap and their values agree. Scores:
- span: the value span and value found, unit right (precision, recall, F1);
- tuple: additionally comparator, target_year, kind and value_high right;
- per-field accuracy over matched pairs.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.errors import PlanAtlasError

TUPLE_FIELDS = ("comparator", "target_year", "kind", "value_high")
FIELDS = ("unit", "comparator", "target_year", "kind", "value_high", "per_year", "baseline_year", "baseline_value",
          "indicator")


class GoldError(PlanAtlasError):
    """A gold row that cannot be located in its source."""


def locate(row: dict, text: str) -> tuple[int, int]:
    """The [start, end) of a gold row's value in the decoded source text."""
    quote, value = row["quote"], row["value_text"]
    starts = [m.start() for m in regex.finditer(regex.escape(quote), text, overlapped=True)]
    if not starts:
        raise GoldError(f"{row['doc']}: quote not found: {quote[:40]!r}")
    if "line" in row and row["line"] is not None:
        starts = [s for s in starts if text.count("\n", 0, s) + 1 == int(row["line"])] or starts
    q0 = starts[0]
    occ = [m.start() for m in regex.finditer(regex.escape(value), quote, overlapped=True)]
    k = int(row.get("occurrence") or 0)
    if k >= len(occ):
        raise GoldError(f"{row['doc']}: value {value!r} occurrence {k} not in quote {quote[:40]!r}")
    return q0 + occ[k], q0 + occ[k] + len(value)


def _norm_indicator(s) -> str:
    return regex.sub(r"[\s（）()]", "", s or "")


def _same(field: str, g, p) -> bool:
    if field in ("value_high", "baseline_value"):
        return (g is None and p is None) or (g is not None and p is not None and abs(float(g) - float(p)) < 1e-9)
    if field == "indicator":
        return _norm_indicator(g) == _norm_indicator(p)
    if field == "per_year":
        return bool(g) == bool(p)
    if field in ("target_year", "baseline_year"):
        return (None if g is None else int(g)) == (None if p is None else int(p))
    return (g or None) == (p or None)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _similarity(a, b) -> float:
    a, b = _norm_indicator(a), _norm_indicator(b)
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / len(set(a) | set(b))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    tp: int


def _prf(tp: int, n_pred: int, n_gold: int) -> Score:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, tp)


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Pairs (gold, pred); unmatched rows are paired with None. Rows carry doc, span, value."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        cands = [(i, p) for i, p in enumerate(pred) if i not in used and p["doc"] == g["doc"]
                 and _overlap(g["span"], p["span"]) and abs(float(p["value"]) - float(g["value"])) < 1e-9]
        if not cands:
            pairs.append((g, None))
            continue
        i, p = max(cands, key=lambda c: (_same("unit", g["unit"], c[1]["unit"]),
                                         all(_same(f, g.get(f), c[1].get(f)) for f in TUPLE_FIELDS),
                                         _similarity(g.get("indicator"), c[1].get("indicator"))))
        used.add(i)
        pairs.append((g, p))
    pairs.extend((None, p) for i, p in enumerate(pred) if i not in used)
    return pairs


def score(gold: list[dict], pred: list[dict]) -> dict:
    pairs = match(gold, pred)
    matched = [(g, p) for g, p in pairs if g is not None and p is not None]
    span_tp = sum(1 for g, p in matched if _same("unit", g["unit"], p["unit"]))
    tuple_tp = sum(1 for g, p in matched if _same("unit", g["unit"], p["unit"])
                   and all(_same(f, g.get(f), p.get(f)) for f in TUPLE_FIELDS))
    return {
        "gold": len(gold), "predicted": len(pred), "matched": len(matched),
        "span": _prf(span_tp, len(pred), len(gold)).__dict__,
        "tuple": _prf(tuple_tp, len(pred), len(gold)).__dict__,
        "field_accuracy": {f: (sum(1 for g, p in matched if _same(f, g.get(f), p.get(f))) / len(matched)
                               if matched else 0.0) for f in FIELDS},
        "pairs": pairs,
    }
