"""The blind probes (tests/gold/probe/): sentences and plans written by someone who never saw the
extractors, in notations and numbering styles the corpus lacks. Scored as held-out data: the rules
were not tuned on them (first scores, before any change that could have looked at them, are in the
README); the gates sit below those scores.

Notation probe: a labelled target is right when a target at the same value span has the same full
tuple (value, value_high, unit, comparator, strict, target_year, baseline_year, baseline_value,
kind, per_year); accuracy = right / (labelled + spurious). Shares are labelled rounded to two
decimals (三分之一 = 33.33) and stored exactly (33.333…): compared to 0.01 there.

Numbering probe: each plan's domains (titles), goal and measure counts per domain, completeness,
and its labelled targets found with their value and comparator.
"""
from __future__ import annotations

import json
from pathlib import Path

from extractors.metadata import PlanMeta
from extractors.segment import segment_document
from extractors.targets import extract_targets
from tests.extractors import test_sentence_bank as bank

PROBE = Path(__file__).parents[1] / "gold" / "probe"
ROWS = [json.loads(line) for line in (PROBE / "notation_probe.jsonl").read_text(encoding="utf-8").splitlines() if line]
PLANS = json.loads((PROBE / "structure.json").read_text(encoding="utf-8"))
MIN_NOTATION_ACCURACY = 0.90
FIELDS = bank.FIELDS + ("per_year",)


def _row(r: dict) -> dict:
    return {"id": r["id"], "text": r["sentence"], "provision_kind": "goal", "category": r["category"],
            "targets": [{**t, "value": _share(r, t)} for t in r["targets"]]}


def _share(r: dict, t: dict):
    return t["value"]


_BANK_SAME = bank._same


def _same(field: str, want, got) -> bool:
    if field in ("value", "baseline_value") and want is not None and got is not None:
        return abs(float(want) - float(got)) < 0.01
    return _BANK_SAME(field, want, got)


def score_probe() -> tuple[float, dict, list[str], list[str]]:
    original = (bank.FIELDS, bank._same)
    bank.FIELDS, bank._same = FIELDS, _same
    try:
        return bank.score([_row(r) for r in ROWS])
    finally:
        bank.FIELDS, bank._same = original


def test_the_notation_probe():
    acc, cats, wrong, notes = score_probe()
    bank.report("notation probe (blind)", acc, cats, wrong, notes)
    assert wrong == []
    assert acc >= MIN_NOTATION_ACCURACY


def _segment(plan: dict):
    text = (PROBE / "plans" / plan["file"]).read_text(encoding="utf-8")
    (seg,) = segment_document(text)
    return text, seg


def test_the_numbering_probe():
    failures = []
    for plan in PLANS:
        text, seg = _segment(plan)
        got = [(d.title, sum(1 for v in seg.provisions if v.domain_ordinal == d.ordinal and v.kind == "goal"),
                sum(1 for v in seg.provisions if v.domain_ordinal == d.ordinal and v.kind == "measure"))
               for d in seg.domains]
        want = [(d["title"], d["goals"], d["measures"]) for d in plan["domains"]]
        if got != want:
            failures.append(f"{plan['file']}: structure {got} != {want}")
        if seg.structure_complete != plan["complete"]:
            failures.append(f"{plan['file']}: complete {seg.structure_complete} ({seg.structure_notes})")
        meta = PlanMeta("probe", "某市", None, None, None, None, plan["subject"], None, False, 2021, 2030, None, None,
                        None, "inferred")
        found = {(text[t.value_start:t.value_end], t.value, t.comparator) for t in extract_targets(text, seg, meta)}
        for t in plan["targets"]:
            if (t["value_text"], t["value"], t["comparator"]) not in found:
                failures.append(f"{plan['file']}: target {t['value_text']} {t['comparator']} not found")
    print("\n".join(failures))
    assert failures == []
