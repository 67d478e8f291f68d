"""Segmentation against hand-verified counts (tests/gold/structure.json, counted by reading)."""
import codecs

import pytest
import regex

from extractors.decoding import decode_bytes
from extractors.segment import segment_document
from tests.conftest import PLAN_KEYS, corpus_files

KEYS = ["000", "001", "002", "003", "004-women", "004-children"]


def canon(s: str) -> str:
    """What survives cleaning on both sides: no whitespace or artefacts, half-width digits."""
    s = regex.sub(r"\[bookmark:[^\]]*\]|\*\*|(?m)^\s*-\s", "", s)
    s = s.translate(str.maketrans("０１２３４５６７８９％．", "0123456789%."))
    return regex.sub(r"\s", "", s)


@pytest.mark.parametrize("key", KEYS)
def test_domains_goals_and_measures_match_the_hand_count(segmented, structure_gold, key):
    plan, gold = segmented[key], structure_gold[key]
    got = []
    for d in plan.domains:
        mine = [p for p in plan.provisions if p.domain_ordinal == d.ordinal]
        goals = [p for p in mine if p.kind == "goal"]
        measures = [p for p in mine if p.kind == "measure"]
        got.append({"ordinal": d.ordinal, "title": d.title, "goals": len(goals), "measures": len(measures),
                    "first_goal_starts": goals[0].text[:8], "last_measure_starts": measures[-1].text[:8]})
    want = [{k: d[k] for k in ("ordinal", "title", "goals", "measures", "first_goal_starts", "last_measure_starts")}
            for d in gold["domains"]]
    assert got == want


@pytest.mark.parametrize("key", KEYS)
def test_other_provision_counts_match_the_hand_count(segmented, structure_gold, key):
    plan, gold = segmented[key], structure_gold[key]
    kinds = [p.kind for p in plan.provisions]
    assert {"principles": kinds.count("principle"), "implementation": kinds.count("implementation"),
            "monitoring": kinds.count("monitoring"), "projects": kinds.count("project"),
            "table_rows": kinds.count("table_row")} == {
        k: gold[k] for k in ("principles", "implementation", "monitoring", "projects", "table_rows")}


@pytest.mark.parametrize("key", KEYS)
def test_ordinals_run_from_one_without_gaps(segmented, key):
    plan = segmented[key]
    groups = {}
    for p in plan.provisions:
        groups.setdefault((p.kind, p.domain_ordinal), []).append(p.ordinal)
    for group, ordinals in groups.items():
        assert ordinals == list(range(1, len(ordinals) + 1)), group


def test_every_provision_is_grounded_in_the_original_text(texts, segmented):
    for key, plan in segmented.items():
        text = texts[key[:3]]
        assert plan.char_start <= min(p.char_start for p in plan.provisions)
        for p in plan.provisions:
            if p.kind == "table_row":
                assert text[p.char_start:p.char_end].startswith(p.cells[1].text)
                continue
            assert canon(text[p.char_start:p.char_end]) == canon(p.text), (key, p.kind, p.ordinal)
            assert [text[o] for o in p.text_origin[:3]] == list(p.text[:3]) or canon(
                "".join(text[o] for o in p.text_origin)) == canon(p.text)


def test_5_point_3_is_item_5_with_an_age(segmented):
    goal5 = [p for p in segmented["000"].provisions if p.kind == "goal" and p.domain_ordinal == 1][4]
    assert goal5.ordinal == 5 and goal5.text.startswith("3岁以下儿童系统管理率")


def test_domain_units_of_the_pdf_plan(segmented):
    d1, d2 = segmented["001"].domains[:2]
    assert d1.title == "儿童与健康" and d1.lead_units == ("市卫生健康局",)
    assert d1.responsible_units[:2] == ("市文化旅游广电体育局", "市民政局")
    assert d2.lead_units == ("市公安局", "市教育局")


def test_domain_codes(segmented):
    assert [d.code for d in segmented["004-women"].domains] == [
        "health", "education", "economy", "decision_making", "social_security", "family", "environment", "law"]
    assert [d.code for d in segmented["002"].domains] == [
        "family", "health", "safety", "education", "welfare", "law", "environment"]


def test_measure_headings_are_the_lead_phrase(segmented):
    m = [p for p in segmented["000"].provisions if p.kind == "measure"][0]
    assert m.heading == "优先保障儿童健康"


def test_indicator_table_rows(segmented):
    rows = [p for p in segmented["002"].provisions if p.kind == "table_row"]
    assert [(r.ordinal, r.heading) for r in rows[:2]] == [(1, "严重致残的出生缺陷发生率（1/‰）"),
                                                          (2, "千名儿童儿科执业（助理）医师数（人）")]
    assert [(c.header, c.text) for c in rows[0].cells] == [("序号", "1"), ("主要统计指标", "严重致残的出生缺陷发生率（1/‰）"),
                                                          ("2020年", "5.85"), ("2025年", "≤6")]


def test_plans_of_004_and_the_notice_and_trailer_of_001(texts, segmented):
    assert texts["004"][segmented["004-women"].char_start:].startswith("高台县妇女发展规划（2021-2030年）")
    assert texts["004"][segmented["004-children"].char_start:].startswith("高台县儿童发展规划（2021-2030年）")
    p001 = segmented["001"]
    assert texts["001"][p001.char_start:].startswith("常宁市儿童发展规划（2021—2025年）")
    assert "抄送" not in texts["001"][p001.char_start:p001.char_end]
    assert texts["001"][p001.char_end:].lstrip().startswith("抄送：")


@pytest.mark.parametrize("encoding,newline", [("gb18030", "\r\n"), ("utf-16", "\n"), ("utf-8-sig", "\r\n")])
def test_reformatted_copies_segment_identically(texts, segmented, encoding, newline):
    for path in corpus_files()[:2]:
        original = texts[path.name[:3]]
        raw = original.replace("\n", newline).encode(encoding)
        decoded = decode_bytes(raw).text
        plans = segment_document(decoded)
        ref = [p for k, p in segmented.items() if k[:3] == path.name[:3]]
        assert [len(p.provisions) for p in plans] == [len(p.provisions) for p in ref]
        for plan, rp in zip(plans, ref):
            for p, q in zip(plan.provisions, rp.provisions):
                assert p.text == q.text
                assert canon(decoded[p.char_start:p.char_end]) == canon(p.text)
