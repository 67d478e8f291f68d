"""The target extractor on the hand-labelled sentence bank (tests/gold/sentence_bank.jsonl).

The bank holds target sentences written in the styles Chinese plans and the national outlines use
but the six corpus plans do not (Chinese numerals, 万/亿, 百分之, 成, 分之, ranges, bound words in
both orders, strict bounds) and sentences that must yield no target. Each row was labelled by
reading the sentence, before the extractor ran on it. Each sentence goes through the real path
(normalise, join, the spaCy target pipeline, grounding) as a one-provision plan.

Scores: a row is right when a target with the same value span has the same full tuple (value,
value_high, unit, comparator, strict, target_year, baseline_year, baseline_value, kind);
accuracy = right rows / (labelled rows + emitted targets that match no labelled span). A target
whose span overlaps a labelled value but reads a different number is a WRONG VALUE: there must be
none. The holdout half is scored only when PLANATLAS_SCORE_HOLDOUT=1.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from extractors.metadata import PlanMeta
from extractors.normalise import join_lines, normalise
from extractors.records import InferredMeta, Provision, SegmentedPlan
from extractors.targets import extract_targets

BANK = [json.loads(line) for line in
        (Path(__file__).parents[1] / "gold" / "sentence_bank.jsonl").read_text(encoding="utf-8").splitlines() if line]
FIELDS = ("value", "value_high", "unit", "comparator", "strict", "target_year", "baseline_year", "baseline_value", "kind")
META = PlanMeta("bank", "某市", None, None, None, None, "children", None, False, 2021, 2025, None, None, None,
                "inferred")


def extract(row: dict):
    text = row["text"]
    ot = join_lines(normalise(text))
    prov = Provision(kind=row["provision_kind"], ordinal=1, heading=None, text=ot.text, char_start=0,
                     char_end=len(text), domain_ordinal=1, text_origin=ot.origin)
    plan = SegmentedPlan(index=0, char_start=0, char_end=len(text),
                         inferred=InferredMeta(None, "children", 2021, 2025, None, None, None, None),
                         sections=(), domains=(), provisions=(prov,))
    return extract_targets(text, plan, META)


def _span(row: dict, t: dict) -> tuple[int, int]:
    text, vt = row["text"], t["value_text"]
    starts = [i for i in range(len(text)) if text.startswith(vt, i)]
    a = starts[t.get("occurrence") or 0]
    return a, a + len(vt)


def _same(field: str, want, got) -> bool:
    if field in ("value", "value_high", "baseline_value"):
        return (want is None and got is None) or (
            want is not None and got is not None and abs(float(want) - float(got)) < 1e-9)
    return want == got


def _got(t, field: str):
    return getattr(t, field, False) if field == "strict" else getattr(t, field)


def score_row(row: dict) -> dict:
    """Counts for one sentence: labelled, right, spurious, wrong values (with descriptions)."""
    found = extract(row)
    expected = [(_span(row, t), t) for t in row["targets"]]
    spans = {s for s, _ in expected}
    right, wrong, spurious, missed = 0, [], [], []
    by_span = defaultdict(list)
    for t in found:
        span = (t.value_start, t.value_end)
        if span in spans:
            by_span[span].append(t)
        overlapping = [e for s, e in expected if s[0] < t.value_end and t.value_start < s[1]]
        if overlapping and not any(_same("value", e["value"], t.value) and _same("value_high", e["value_high"],
                                                                                t.value_high) for e in overlapping):
            wrong.append(f"{row['id']} {t.value_text!r} read as {t.value} / {t.value_high}")
        elif span not in spans:
            spurious.append(f"{row['id']} spurious {t.value_text!r} {t.comparator} {t.value} {t.unit}")
    for span, want in expected:
        cands = by_span.get(span, [])
        hit = next((c for c in cands if all(_same(f, want[f], _got(c, f)) for f in FIELDS)), None)
        if hit is not None:
            cands.remove(hit)
            right += 1
        else:
            got = [{f: _got(c, f) for f in FIELDS if not _same(f, want[f], _got(c, f))} for c in cands]
            missed.append(f"{row['id']} {want['value_text']!r} {'not found' if not cands else got}")
    spurious += [f"{row['id']} extra {c.value_text!r} {c.comparator} {c.value}" for cs in by_span.values() for c in cs]
    return {"labelled": len(expected), "right": right, "spurious": spurious, "wrong": wrong, "missed": missed}


def score(rows: list[dict]) -> tuple[float, dict, list[str], list[str]]:
    cats = defaultdict(lambda: {"sentences": 0, "labelled": 0, "right": 0, "spurious": 0, "wrong": 0})
    wrong, notes = [], []
    for row in rows:
        r = score_row(row)
        c = cats[row["category"]]
        c["sentences"] += 1
        c["labelled"] += r["labelled"]
        c["right"] += r["right"]
        c["spurious"] += len(r["spurious"])
        c["wrong"] += len(r["wrong"])
        wrong += r["wrong"]
        notes += r["missed"] + r["spurious"]
    total_right = sum(c["right"] for c in cats.values())
    total = sum(c["labelled"] + c["spurious"] for c in cats.values())
    return total_right / total, dict(cats), wrong, notes


def report(name: str, acc: float, cats: dict, wrong: list[str], notes: list[str]) -> None:
    print(f"\n{name}: full-tuple accuracy {acc:.3f}")
    for cat, c in cats.items():
        denom = c["labelled"] + c["spurious"]
        print(f"  {cat:14s} sentences {c['sentences']:3d}  labelled {c['labelled']:3d}  right {c['right']:3d}  "
              f"spurious {c['spurious']:2d}  wrong values {c['wrong']}  "
              f"accuracy {c['right'] / denom if denom else 1.0:.3f}")
    for line in wrong + notes:
        print("   ", line)


def _gate(split: str) -> None:
    rows = [r for r in BANK if r["split"] == split]
    acc, cats, wrong, notes = score(rows)
    report(split, acc, cats, wrong, notes)
    assert wrong == []
    assert acc >= 0.90


def test_bank_is_well_formed():
    assert len(BANK) >= 150 and {r["split"] for r in BANK} == {"dev", "holdout"}
    for row in BANK:
        for t in row["targets"]:
            a, b = _span(row, t)
            assert row["text"][a:b] == t["value_text"]
            assert t["comparator"] in ("<=", ">=", "=", "range", "decrease", "increase")
            assert (t["value_high"] is not None) == (t["comparator"] == "range")


def test_dev_half():
    _gate("dev")


def test_every_emitted_value_satisfies_the_contract_rule():
    """A value read from a span of Arabic digits is a number printed in that span (the shared
    contract checker re-derives it so); Chinese numerals and shares are exempt there."""
    from tests.extractors.test_numbers_properties import contract_shows
    for row in BANK:
        if row["split"] == "dev":
            for t in extract(row):
                assert contract_shows(t.value_text, t.value), (row["id"], t.value_text, t.value)


@pytest.mark.skipif(os.environ.get("PLANATLAS_SCORE_HOLDOUT") != "1",
                    reason="the held-out half is scored once, on request (PLANATLAS_SCORE_HOLDOUT=1)")
def test_holdout_half():
    _gate("holdout")
