"""The seventh blind probe as a gate (tests/gold/probe7/README.md): an invented provincial plan for the
14th Five-Year period, saved as GBK with CRLF, with 专栏 boxes (one of them an arrow box: 婴儿死亡率（‰）
5.1→4.5 under （2020年→2025年）), baselines in brackets after their targets (降至3‰以下（2020年为3.6‰）,
分别控制在10%和5%以下（2020年：12.1%、6.2%）), goals labelled 目标1：, 主要任务 for its measures, and a
rate per 100,000 written before its number (控制在每十万人3.5以下). Labelled by a tester before the tool ran.

First score: the plan was refused without a plans.csv row (a province's title with “十四五” before 儿童 was
no title), and with one, 66 of 89 rows right: five bracketed baselines were rows of their own, the arrow
box gave nothing, a domain's 主要任务 fell into its last goal. Every labelled row must now come out with
every field as labelled, from the text alone; no row may come from a span labelled as no target."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.metadata import PlanMeta
from extractors.readers import read_document
from extractors.segment import segment_document
from extractors.targets.extract import extract_targets

PROBE = Path(__file__).parents[1] / "gold" / "probe7"
LABELS = [json.loads(line) for line in (PROBE / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
FIELDS = ("comparator", "value", "value_high", "unit", "target_year", "baseline_value", "baseline_year", "kind",
          "per_year", "strict")
# (domain ordinal) -> (goals, measures), as the tester wrote them
STRUCTURE = {1: (7, 3), 2: (6, 3), 3: (7, 3), 4: (6, 2), 5: (1, 2), 6: (5, 2), 7: (5, 2)}


@pytest.fixture(scope="module")
def read():
    doc = read_document((PROBE / "plan.txt").read_bytes(), "plan.txt")
    (plan,) = segment_document(doc.text)
    m = plan.inferred
    meta = PlanMeta(plan_id="lanjiang-children", jurisdiction=m.jurisdiction, jurisdiction_en=None, province=None,
                    parent=None, admin_level=None, subject=m.subject, title=m.title, title_printed=True,
                    period_start=m.period_start, period_end=m.period_end, issuer=None, issue_date=None,
                    doc_number=m.doc_number, metadata_source="inferred")
    return doc.text, plan, extract_targets(doc.text, plan, meta)


def test_the_plan_says_who_it_is(read):
    _, plan, _ = read
    m = plan.inferred
    assert (m.jurisdiction, m.subject, m.period_start, m.period_end, m.doc_number) == (
        "澜江省", "children", 2021, 2025, "澜政发〔2021〕18号")
    counts = {d: tuple(sum(1 for p in plan.provisions if p.domain_ordinal == d and p.kind == k)
                       for k in ("goal", "measure")) for d in STRUCTURE}
    assert counts == STRUCTURE


def _at(text: str, label: dict) -> int:
    at = text.find(label["snippet"])
    assert at >= 0 and text.find(label["snippet"], at + 1) < 0, label["id"]
    return at + label["snippet"].index(label["value_text"])


@pytest.mark.parametrize("label", [lb for lb in LABELS if lb["type"] == "target"], ids=lambda lb: lb["id"])
def test_every_labelled_target_comes_out_as_labelled(read, label):
    text, _, rows = read
    at = _at(text, label)
    found = [t for t in rows if t.value_start <= at < t.value_end or at <= t.value_start < at + len(label["value_text"])]
    assert found, f"missed: {label['snippet']}"
    t = next((t for t in found if t.target_year == label["target_year"]), found[0])
    assert text[t.value_start:t.value_end] == t.value_text
    for f in FIELDS:
        want, got = label[f], getattr(t, f)
        assert got == pytest.approx(want) if isinstance(want, float) else got == want, (f, got, want)


def test_no_row_comes_from_a_span_labelled_no_target(read):
    text, _, rows = read
    spans = [lb for lb in LABELS if lb["type"] == "none"]
    assert len(spans) == 45
    targets = {_at(text, lb) for lb in LABELS if lb["type"] == "target"}
    for lb in spans:
        start = 0
        while (at := text.find(lb["snippet"], start)) >= 0:  # every place the snippet stands
            inside = [t.value_text for t in rows if at <= t.value_start < at + len(lb["snippet"])
                      and not any(t.value_start <= x < t.value_end for x in targets)]
            assert inside == [], lb["snippet"]
            start = at + 1
