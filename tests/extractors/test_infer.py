"""Inference from the text alone agrees with the committed metadata on every plan."""
import csv

import pytest

from extractors.infer import infer_meta
from tests.conftest import CORPUS

META = list(csv.DictReader(open(CORPUS / "plans.csv", encoding="utf-8")))
KEY = {("000", 0): "000", ("001", 0): "001", ("002", 0): "002", ("003", 0): "003", ("004", 0): "004-women",
       ("004", 1): "004-children"}


@pytest.mark.parametrize("row", META, ids=[r["plan_id"] for r in META])
def test_inference_agrees_with_metadata(segmented, row):
    plan = segmented[KEY[(row["source_file"][:3], int(row["plan_index"]))]]
    inf = plan.inferred
    assert (inf.jurisdiction, inf.subject, inf.period_start, inf.period_end) == (
        row["jurisdiction"], row["subject"], int(row["period_start"]), int(row["period_end"]))


def test_metadata_sha256_matches_the_files():
    import hashlib
    for row in META:
        assert hashlib.sha256((CORPUS / row["source_file"]).read_bytes()).hexdigest() == row["source_sha256"]


@pytest.mark.parametrize("text,expected", [
    ("结合杭州实际，制定本规划。杭州市儿童……“十四五”时期", ("杭州市", "children", 2021, 2025)),
    ("榆树市委、市政府高度重视妇女事业。妇女……妇女。规划期限为2026—2030年。", ("榆树市", "women", 2026, 2030)),
    ("没有地名的儿童文本", (None, "children", None, None)),
    # Not corpus plans: the same grammar with other names and periods.
    ("青川县委、县政府始终重视儿童工作。为推进“十五五”时期全县儿童事业发展，制定本规划。",
     ("青川县", "children", 2026, 2030)),
    ("泸溪县人民政府印发。妇女事业……妇女……到2030年，妇女平均预期寿命延长。", ("泸溪县", "women", None, 2030)),
    # counties named by one character: 涉县县委 (not 涉县县), 嵩县 beside 结合嵩实际; 各县/本区 are no names
    ("涉县县委、县政府高度重视儿童工作。儿童……规划期为2021—2030年。", ("涉县", "children", 2021, 2030)),
    ("沛县人民政府关于印发的通知。妇女事业……妇女。", ("沛县", "women", None, None)),
    ("为促进嵩县儿童全面发展，结合嵩实际，制定本规划。儿童", ("嵩县", "children", None, None)),
    ("各县委、县政府要重视儿童工作。结合本实际。儿童", (None, "children", None, None)),
    # 未来十年 takes the ten-year period of the outlines the plan follows ...
    ("未来十年是关键时期。依据《中国儿童发展纲要（2021—2030年）》和《某省儿童发展规划（2021—2030年）》，"
     "结合本县实际，制定本规划。儿童", (None, "children", 2021, 2030)),
    # ... and without them it is not counted from a guessed year: only the last target year is known.
    ("未来十年是关键时期。到2030年，儿童健康水平明显提高。儿童", (None, "children", None, 2030)),
    ("《某县儿童发展规划（2011—2020年）》圆满完成。未来十年，儿童事业……", (None, "children", None, None)),
])
def test_inference_rules(text, expected):
    m = infer_meta(text, None)
    assert (m.jurisdiction, m.subject, m.period_start, m.period_end) == expected


def test_a_printed_end_year_alone_never_gets_a_start_year():
    for end in (2025, 2030):
        m = infer_meta(f"儿童发展……到{end}年，儿童死亡率持续下降。", None)
        assert (m.period_start, m.period_end) == (None, end)


@pytest.mark.parametrize("title,period", [
    ("平江县儿童发展规划（2021—2025年）", (2021, 2025)),
    ("平江县妇女发展“十四五”规划", (2021, 2025)),
    ("平江县儿童发展“十五五”规划", (2026, 2030)),
    ("平江县儿童发展规划", (None, None)),
])
def test_title_periods_come_from_the_title_or_the_five_year_calendar(title, period):
    m = infer_meta("", title)
    assert (m.jurisdiction, m.period_start, m.period_end) == ("平江县", *period)


def test_a_county_of_one_character_is_read_from_its_title():
    m = infer_meta("", "嵩县儿童发展规划（2021—2030年）")
    assert (m.jurisdiction, m.subject, m.period_start, m.period_end) == ("嵩县", "children", 2021, 2030)


def test_metadata_follows_a_re_encoded_file_by_name_unless_the_text_disagrees(segmented):
    from extractors.metadata import resolve_meta
    row = next(r for r in META if r["plan_id"] == "changning-children")
    plan = segmented["001"]
    m = resolve_meta(META, "0" * 64, plan, row["source_file"])
    assert (m.plan_id, m.jurisdiction_en, m.metadata_source) == ("changning-children", "Changning City", "metadata")
    other = dict(row, jurisdiction="榆树市")
    m2 = resolve_meta([other], "0" * 64, plan, row["source_file"])
    assert (m2.plan_id, m2.jurisdiction, m2.metadata_source) == ("changning-children", "常宁市", "inferred")
