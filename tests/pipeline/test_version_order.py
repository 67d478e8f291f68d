"""Plan versions do not depend on the order the files arrive in: versions are numbered by issue date.

QA repro (桦甸市妇女发展规划, its 2021-12-01 draft ingested after the 2022-05-10 plan): the draft came
out as version 2, the plan supersedes nothing and plan_versions was empty. Here with small children's
plans of 德惠市 whose figures differ (婴儿死亡率 5.0 / 4.5 / 4.0‰), each ingested in its own run.
"""
from itertools import permutations
from pathlib import Path

import pytest

from tests.pipeline.test_ingest import ingest, q
from tests.plan_texts import plan_text

# plan id, issue date, infant mortality (‰) printed; in order of issue
VERSIONS = {"dehui-2020": ("2020-06-01", "5.0"), "dehui-2022": ("2022-05-10", "4.5"),
            "dehui-2024": ("2024-03-01", "4.0")}
PLANS_SQL = "SELECT plan_id, family_id, version, is_current, supersedes, superseded_by FROM plans ORDER BY plan_id"
VERSIONS_SQL = """SELECT family_id, old_plan_id, new_plan_id, indicator_code, year, change, old_comparator, old_value,
                         new_comparator, new_value, unit FROM plan_versions ORDER BY old_plan_id, indicator_code"""


def _folder(root: Path, plan_id: str) -> Path:
    """A folder with the plan's file and its plans.csv row (the issue date is metadata)."""
    issued, imr = VERSIONS[plan_id]
    d = root / plan_id
    d.mkdir()
    (d / f"{plan_id}.txt").write_text(plan_text("德惠市", imr=imr), encoding="utf-8")
    (d / "plans.csv").write_text("plan_id,source_file,plan_index,jurisdiction,subject,issue_date\n"
                                 f"{plan_id},{plan_id}.txt,0,德惠市,children,{issued}\n", encoding="utf-8")
    return d


def _ingest_in_order(root: Path, order: tuple[str, ...]) -> tuple[list, list]:
    root.mkdir()
    db = root / "w.duckdb"
    for plan_id in order:
        ingest(db, _folder(root, plan_id))
    return q(db, PLANS_SQL), q(db, VERSIONS_SQL)


def test_two_versions_give_the_same_history_in_either_order(tmp_path):
    newer_first = _ingest_in_order(tmp_path / "a", ("dehui-2022", "dehui-2020"))
    older_first = _ingest_in_order(tmp_path / "b", ("dehui-2020", "dehui-2022"))
    assert newer_first == older_first
    plans, changes = newer_first
    # family_id is the first version's id
    assert plans == [("dehui-2020", "dehui-2020", 1, False, None, "dehui-2022"),
                     ("dehui-2022", "dehui-2020", 2, True, "dehui-2020", None)]
    assert changes == [("dehui-2020", "dehui-2020", "dehui-2022", "infant_mortality_rate", 2030, "changed", "<=", 5.0, "<=", 4.5, "‰")]


def test_an_older_version_arriving_late_reports_what_it_is_older_than(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    db = tmp_path / "w.duckdb"
    assert ingest(db, _folder(root, "dehui-2022")) == [("loaded", "dehui-2022.txt", "dehui-2022")]
    assert ingest(db, _folder(root, "dehui-2020")) == [
        ("superseded", "dehui-2020.txt", "dehui-2020 (older than dehui-2022)")]
    assert q(db, "SELECT original_name, status FROM documents ORDER BY seq") == [
        ("dehui-2022.txt", "loaded"), ("dehui-2020.txt", "superseded")]
    # the current version alone is compared and searched
    assert q(db, "SELECT DISTINCT plan_id FROM target_comparison") == [("dehui-2022",)]
    assert q(db, "SELECT DISTINCT plan_id FROM search_docs WHERE is_current") == [("dehui-2022",)]


EXPECTED_THREE = (
    [("dehui-2020", "dehui-2020", 1, False, None, "dehui-2022"),
     ("dehui-2022", "dehui-2020", 2, False, "dehui-2020", "dehui-2024"),
     ("dehui-2024", "dehui-2020", 3, True, "dehui-2022", None)],
    [("dehui-2020", "dehui-2020", "dehui-2022", "infant_mortality_rate", 2030, "changed", "<=", 5.0, "<=", 4.5, "‰"),
     ("dehui-2020", "dehui-2022", "dehui-2024", "infant_mortality_rate", 2030, "changed", "<=", 4.5, "<=", 4.0, "‰")])


@pytest.mark.parametrize("order", [
    ("dehui-2024", "dehui-2020", "dehui-2022"),   # the middle version last: inserted between the two
    ("dehui-2022", "dehui-2024", "dehui-2020"),   # the oldest last: every later version renumbered
])
def test_three_versions_are_numbered_by_issue_date(tmp_path, order):
    assert _ingest_in_order(tmp_path / "w", order) == EXPECTED_THREE


@pytest.mark.slow
@pytest.mark.parametrize("order", list(permutations(VERSIONS)))
def test_three_versions_in_every_order(tmp_path, order):
    assert _ingest_in_order(tmp_path / "w", order) == EXPECTED_THREE
