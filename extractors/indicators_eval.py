"""Scoring indicator mapping against hand-checked gold (tests/gold/indicator_map.jsonl).

A gold row names a target by plan, value_text and a quote of its clause (plus `occurrence` when the
same value is printed twice in one clause) and gives the code a person assigned, or null for a
target no registry indicator fits. Precision counts a wrong code and a code where gold says none
against the mapper; recall is over gold rows that have a code.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.evaluation import GoldError, locate
from extractors.indicators import FUZZY_MARGIN, fuzzy_pick, load_registry, normalise

SWEEP = (50.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0)


@dataclass(frozen=True)
class Pair:
    gold: dict
    pred: dict | None  # the warehouse target it names, None when no target matches


def match_gold(gold: list[dict], preds: list[dict], texts: dict[str, tuple[str, int]] | None = None) -> list[Pair]:
    """Pair each gold row with the target it names. With the plans' texts ({plan: (its text, where it
    starts in the document)}), by the value's exact span (the gold quote and occurrence located in the
    plan's text); two gold rows naming one printed value (one value shared by two indicators) pair with
    that span's targets in printed order. Without texts, by value text and quote."""
    by_plan: dict[str, list[dict]] = {}
    for p in preds:
        by_plan.setdefault(p["plan_id"], []).append(p)
    pairs, taken = [], set()
    for g in gold:
        if texts is not None and g["plan"] in texts:
            text, offset = texts[g["plan"]]
            try:
                a, b = locate({**g, "doc": g["plan"]}, text)
                span = (a + offset, b + offset)
            except GoldError:
                pairs.append(Pair(g, None))
                continue
            cands = [p for p in by_plan.get(g["plan"], []) if (p["value_start"], p["value_end"]) == span
                     and p["target_id"] not in taken]
            pick = cands[0] if cands else None
        else:
            vt, quote = normalise(g["value_text"]), normalise(g["quote"])
            cands = [p for p in by_plan.get(g["plan"], []) if normalise(p["value_text"]) == vt
                     and (quote in normalise(p["evidence"]) or normalise(p["evidence"]) in quote)]
            k = g.get("occurrence", 0)
            pick = cands[k] if k < len(cands) else None
        if pick is not None:
            taken.add(pick["target_id"])
        pairs.append(Pair(g, pick))
    return pairs


def _prf(tp: int, predicted: int, relevant: int) -> dict:
    p = tp / predicted if predicted else 1.0
    r = tp / relevant if relevant else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "correct": tp, "predicted": predicted, "relevant": relevant}


def score_mapping(pairs: list[Pair]) -> dict:
    """Precision/recall of the stored mapping over gold rows that found their target."""
    matched = [p for p in pairs if p.pred is not None]
    predicted = [p for p in matched if p.pred.get("indicator_code")]
    correct = [p for p in predicted if p.pred["indicator_code"] == p.gold.get("code")]
    relevant = [p for p in matched if p.gold.get("code")]
    by_method: dict[str, dict] = {}
    for p in predicted:
        m = by_method.setdefault(p.pred.get("indicator_method") or "?", {"predicted": 0, "correct": 0})
        m["predicted"] += 1
        m["correct"] += p.pred["indicator_code"] == p.gold.get("code")
    errors = [p for p in matched if (p.pred.get("indicator_code") or None) != (p.gold.get("code") or None)]
    return {"gold": len(pairs), "matched": len(matched), "unmatched_gold": [p.gold for p in pairs if p.pred is None],
            **_prf(len(correct), len(predicted), len(relevant)), "by_method": by_method, "errors": errors}


def fuzzy_sweep(pairs: list[Pair], thresholds: tuple[float, ...] = SWEEP, margin: float = FUZZY_MARGIN) -> list[dict]:
    """The fuzzy route alone, as if the registry lacked the aliases printed in each phrase: every
    alias contained in the target's phrase is held out, so the route has to find the indicator
    from other wordings (its name, other plans' aliases). Precision and recall per threshold."""
    reg = load_registry()
    rows = []
    items = []
    for p in pairs:
        if p.pred is None:
            continue
        phrase = normalise(p.pred.get("indicator"))
        held_out = frozenset(a.text for a in reg.aliases if a.text and a.text in phrase)
        items.append((p, phrase, held_out))
    relevant = sum(1 for p, _, _ in items if p.gold.get("code"))
    for th in thresholds:
        predicted = correct = 0
        for p, phrase, held_out in items:
            m = fuzzy_pick(phrase, p.pred.get("unit"), p.pred.get("comparator"), reg, th, margin, held_out)
            if m is None:
                continue
            predicted += 1
            correct += m.code == p.gold.get("code")
        rows.append({"threshold": th, **_prf(correct, predicted, relevant)})
    return rows
