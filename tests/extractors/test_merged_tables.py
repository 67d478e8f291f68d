"""Indicator tables flattened one cell per line, in shapes the corpus does not print: a 领域 column
merged down, a header spanning two year columns over a second header row, 单位 and 属性 columns, no
序号, a unit only in the spanning header, two tables numbering their rows from 1. Merged cells come
out of the readers as empty cells (a line of one tab), which must keep their column."""
from __future__ import annotations

from extractors.metadata import PlanMeta
from extractors.segment import segment_document
from extractors.targets.extract import extract_targets
from tests.plan_texts import plan_text

META = PlanMeta(plan_id="dehui-children", jurisdiction="德惠市", jurisdiction_en=None, province=None, parent=None,
                admin_level=None, subject="children", title=None, title_printed=True, period_start=2021,
                period_end=2030, issuer=None, issue_date=None, doc_number=None, metadata_source="inferred")


def _cells(*rows: tuple[str, ...]) -> str:
    return "\n".join("".join(f"\t{c}\n" for c in row) for row in rows)


TABLE_1 = "附表1 德惠市儿童发展主要指标\n" + _cells(
    ("领域", "指标", "单位", "2020年现状", "目标值", "", "属性"),
    ("", "", "", "", "2025年", "2030年", ""),
    ("儿童与健康", "婴儿死亡率", "‰", "3.2", "≤3.0", "≤2.8", "约束性"),
    ("", "儿童贫血率", "%", "9.5", "8左右", "——", "预期性"),
    ("儿童与教育", "学前三年毛入园率", "%", "90.1", "逐步提高", "≥95", "预期性"))
TABLE_2 = "表2 各级儿童督导员配备目标\n" + _cells(
    ("层级", "督导员配备率（%）", ""),
    ("", "2025年", "2030年"),
    ("乡镇", "≥90", "100"))


def _rows():
    text = plan_text("德惠市") + TABLE_1 + "\n" + TABLE_2 + "\n"
    (plan,) = segment_document(text)
    rows = [t for t in extract_targets(text, plan, META) if t.provision_key[0] == "table_row"]
    return text, plan, rows


def test_each_value_column_gets_its_year_and_the_2020_column_is_the_baseline():
    text, plan, rows = _rows()
    got = sorted((t.indicator, t.comparator, t.value, t.unit, t.target_year, t.baseline_value, t.baseline_year, t.kind)
                 for t in rows)
    assert got == sorted([
        ("婴儿死亡率", "<=", 3.0, "‰", 2025, 3.2, 2020, "target"),
        ("婴儿死亡率", "<=", 2.8, "‰", 2030, 3.2, 2020, "target"),
        ("儿童贫血率", "=", 8.0, "%", 2025, 9.5, 2020, "target"),       # 8左右: about 8
        ("学前三年毛入园率", ">=", 95.0, "%", 2030, 90.1, 2020, "target"),  # 逐步提高 is no value
        ("乡镇督导员配备率", ">=", 90.0, "%", 2025, None, None, "target"),  # the name and unit in the header
        ("乡镇督导员配备率", "=", 100.0, "%", 2030, None, None, "target")])
    for t in rows:
        assert text[t.value_start:t.value_end] == t.value_text


def test_rows_of_two_tables_are_numbered_apart():
    _, plan, _ = _rows()
    table_rows = [p for p in plan.provisions if p.kind == "table_row"]
    assert [p.heading for p in table_rows] == ["婴儿死亡率", "儿童贫血率", "学前三年毛入园率", "乡镇"]
    assert len({p.ordinal for p in table_rows}) == 4
    assert [c.role for c in table_rows[0].cells] == ["group", "label", "unit", "value", "value", "value", "note"]
