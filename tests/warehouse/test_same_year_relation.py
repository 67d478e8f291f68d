"""A pair's relation (provision_links.relation) compares targets only for the same year: the year
printed with a target, else the end of its plan's period. Expected values read from corpus/:
常宁市 (2021-2025) and 杭州市 (2021-2025) set their targets for 2025, 榆树市, 高台县 and 盘山县
(2021-2030) for 2030 unless a year is printed (盘山县 prints 到2025年 … 到2030年 …)."""
import shutil

import duckdb
import pytest

import warehouse.search_index as search_index
from extractors.diffing import comparable_targets, relation_of, target_agreement
from warehouse.search import links

CHANGNING_3 = "新生儿死亡率、婴儿死亡率和5岁以下儿童死亡率分别控制在3.0‰、5.0‰和6.0‰以下。逐步缩小城乡区域差距。"
GAOTAI_3 = "新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、5.0‰和6.0‰以下，地区和城乡差距逐步缩小。"


def _t(code, year, value, comparator="<=", unit="‰", value_high=None):
    return {"indicator_code": code, "year": year, "comparator": comparator, "unit": unit, "value": value,
            "value_high": value_high}


def test_target_agreement_by_year():
    a = comparable_targets([_t("infant_mortality_rate", 2025, 5.0), _t("under5_mortality_rate", 2025, 6.0)])
    same_2030 = comparable_targets([_t("infant_mortality_rate", 2030, 5.0), _t("under5_mortality_rate", 2030, 6.0)])
    assert target_agreement(a, same_2030) == "none"          # the same figures, other years
    both = comparable_targets([_t("infant_mortality_rate", 2025, 4.5), _t("infant_mortality_rate", 2030, 5.0)])
    assert target_agreement(a, both) == "different"          # 5.0‰ vs 4.5‰ for 2025; 2030 not compared
    assert target_agreement(same_2030, both) == "same"       # 5.0‰ both for 2030; the 2025 one unpaired
    # a decrease is not set against a level, nor % against ‰, nor a target without a code
    assert target_agreement(a, comparable_targets([_t("infant_mortality_rate", 2025, 20.0, "decrease", "%")])) == "none"
    assert target_agreement(a, comparable_targets([_t(None, 2025, 4.0)])) is None
    assert target_agreement({}, a) is None


def test_relation_of_with_and_without_a_shared_year():
    shared = ["infant_mortality_rate"]
    # same printed numbers: same target only when the years agree
    assert relation_of(CHANGNING_3, GAOTAI_3, 0.6, shared, "same") == "same_indicator_same_target"
    assert relation_of(CHANGNING_3, GAOTAI_3, 0.6, shared, "none") == "related"
    assert relation_of(CHANGNING_3, GAOTAI_3, 0.6, shared, "different") == "same_indicator_different_target"
    # identical wording and numbers, but for other years: not near-identical
    assert relation_of(GAOTAI_3, GAOTAI_3, 1.0, shared, "none") == "related"
    assert relation_of(GAOTAI_3, GAOTAI_3, 1.0, shared, "same") == "near_identical"
    # without targets on both sides the printed numbers decide, as before
    assert relation_of(CHANGNING_3, GAOTAI_3, 0.6, shared) == "same_indicator_same_target"


def _relations(con, pid):
    return {l.other.plan_id: (l.other.provision_id, l.relation) for l in links(con, pid)}


def _check_corpus_relations(con):
    # 常宁 ≤5.0‰ (2025) and 高台 ≤5.0‰ (2030): no year in common
    r = _relations(con, "changning-children/d1/goal/3")
    assert r["gaotai-children"] == ("gaotai-children/d1/goal/3", "related")
    # 盘山 prints 到2025年 3.0‰、4.5‰和5.5‰: 常宁's 5.0‰ and 6.0‰ for 2025 differ
    assert r["panshan-children"] == ("panshan-children/d1/goal/3", "same_indicator_different_target")
    # 杭州's ≥1.94人 for 2025 (its indicator table) and 盘山's 1.12名 for 2030: nothing to compare
    r = _relations(con, "hangzhou-children/table_row/2")
    assert r["panshan-children"][1] == "related"
    # 榆树 (2030) 3.0‰、4.0‰和5.0‰ and 盘山's 2030 values 2.3‰、3.4‰和4.4‰ differ
    assert _relations(con, "yushu-children/d1/goal/3")["panshan-children"] == \
        ("panshan-children/d1/goal/3", "same_indicator_different_target")
    # 高台 and 盘山, both to 2030: 小学生 38%, 初中生 60%, 高中阶段 70%, 眼保健 90% agree (盘山's yearly
    # 0.5-1个百分点 is a decrease, set against nothing)
    assert _relations(con, "gaotai-children/d1/goal/9")["panshan-children"] == \
        ("panshan-children/d1/goal/11", "same_indicator_same_target")


def test_exact_links_compare_targets_of_the_same_year_only(con):
    _check_corpus_relations(con)


@pytest.fixture()
def at_scale(monkeypatch):
    monkeypatch.setattr(search_index, "LINKS_MAX_PLANS", 0)


def test_links_at_scale_compare_targets_of_the_same_year_only(built_db, tmp_path, at_scale):
    scaled = tmp_path / "scaled.duckdb"
    shutil.copyfile(built_db, scaled)
    con = duckdb.connect(str(scaled))
    try:
        search_index.build_search(con)
        _check_corpus_relations(con)
    finally:
        con.close()
