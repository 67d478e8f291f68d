"""Indicator tables printed in layouts the corpus lacks (the corpus has one: 杭州's, one cell per
tab-indented line, rows between blank lines, under a title ending 指标目标表). A .txt saved from Word
or a spreadsheet prints a row on one line, its cells separated by tabs; the table may stand in an
annex (附件) at the end, under a title such as 主要指标. Expectations are read from the tables below."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.metadata import PlanMeta
from extractors.segment import segment_document
from extractors.targets.extract import extract_targets

META = PlanMeta(plan_id="qingxi-children", jurisdiction="清溪县", jurisdiction_en=None, province=None, parent=None,
                admin_level=None, subject="children", title=None, title_printed=True, period_start=2021,
                period_end=2030, issuer=None, issue_date=None, doc_number=None, metadata_source="inferred")
PLAN = (Path(__file__).parent / "plans" / "circled_children.txt").read_text(encoding="utf-8")

ANNEX_ROWS = ("\n附件\n\n清溪县儿童发展主要指标\n\n序号\t指标\t2020年\t2025年\t2030年\n"
              "1\t婴儿死亡率（‰）\t5.2\t≤4.5\t≤4\n2\t儿童常见病筛查率（%）\t82\t≥85\t≥90\n"
              "3\t儿童之家覆盖率（%）\t90\t100\t100\n")
# Each row's (label, [(header, cell)]) and the targets it sets: (value_text, comparator, value, unit, year,
# baseline_year, baseline_value).
EXPECTED_ROWS = [
    (1, "婴儿死亡率（‰）", [("≤4.5", "<=", 4.5, "‰", 2025, 2020, 5.2), ("≤4", "<=", 4.0, "‰", 2030, 2020, 5.2)]),
    (2, "儿童常见病筛查率（%）", [("≥85", ">=", 85.0, "%", 2025, 2020, 82.0), ("≥90", ">=", 90.0, "%", 2030, 2020, 82.0)]),
    (3, "儿童之家覆盖率（%）", [("100", "=", 100.0, "%", 2025, 2020, 90.0), ("100", "=", 100.0, "%", 2030, 2020, 90.0)]),
]


def _table(text: str):
    plans = segment_document(text)
    assert len(plans) == 1
    plan = plans[0]
    rows = [p for p in plan.provisions if p.kind == "table_row"]
    targets = [t for t in extract_targets(text, plan, META) if t.provision_key[0] == "table_row"]
    got = [(p.ordinal, p.heading, [(t.value_text, t.comparator, t.value, t.unit, t.target_year, t.baseline_year,
                                    t.baseline_value) for t in targets if t.provision_key[1] == p.ordinal])
           for p in rows]
    for t in targets:
        assert text[t.value_start:t.value_end] == t.value_text
    return plan, got


@pytest.mark.parametrize("layout", ["annex", "annex_crlf_spaces_before_tabs", "no_title", "in_overall_goal"])
def test_a_table_printed_one_row_per_line(layout):
    rows = ANNEX_ROWS
    if layout == "annex_crlf_spaces_before_tabs":
        rows = rows.replace("\t", " \t ").replace("\n", "\r\n")
        text = PLAN.replace("\n", "\r\n") + rows
    elif layout == "no_title":
        text = PLAN + rows.replace("\n附件\n\n清溪县儿童发展主要指标\n", "\n")
    elif layout == "in_overall_goal":
        cut = PLAN.index("二、发展领域")
        text = PLAN[:cut] + rows.replace("\n附件\n", "").lstrip("\n") + "\n" + PLAN[cut:]
    else:
        text = PLAN + rows
    plan, got = _table(text)
    assert got == EXPECTED_ROWS
    assert (plan.structure_complete, plan.structure_notes) == (True, ())
    # no other provision swallowed the table
    assert not [p.ordinal for p in plan.provisions if p.kind != "table_row" and "≤4.5" in p.text]
