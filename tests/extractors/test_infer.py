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
])
def test_inference_rules(text, expected):
    m = infer_meta(text, None)
    assert (m.jurisdiction, m.subject, m.period_start, m.period_end) == expected


def test_metadata_follows_a_re_encoded_file_by_name_unless_the_text_disagrees(segmented):
    from extractors.metadata import resolve_meta
    row = next(r for r in META if r["plan_id"] == "changning-children")
    plan = segmented["001"]
    m = resolve_meta(META, "0" * 64, plan, row["source_file"])
    assert (m.plan_id, m.jurisdiction_en, m.metadata_source) == ("changning-children", "Changning City", "metadata")
    other = dict(row, jurisdiction="榆树市")
    m2 = resolve_meta([other], "0" * 64, plan, row["source_file"])
    assert (m2.plan_id, m2.jurisdiction, m2.metadata_source) == ("changning-children", "常宁市", "inferred")
