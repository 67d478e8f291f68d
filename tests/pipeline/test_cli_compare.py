"""`planatlas compare`, `export`, `indicators-review` and `indicators-eval` on a built warehouse."""
import csv
import io
import json

from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [*args], catch_exceptions=False)


def test_compare_table_names_values_and_ambition(built_db):
    r = run("compare", "infant_mortality_rate", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    out = r.output
    for s in ("婴儿死亡率", "Infant mortality rate", "≤4.5‰ (2025)", "≤3.4‰ (2030)", "≤3.0‰ (2025†)",
              "most ambitious 2025", "least ambitious 2030", "no target", "Gaotai County (women)", "盘山县"):
        assert s in out, s


def test_compare_says_when_values_are_not_comparable(built_db):
    r = run("compare", "儿童伤害死亡率", "--year", "2025", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    assert "not comparable" in r.output and "−20% vs 2020" in r.output and "≤7.49/10万" in r.output


def test_compare_csv_is_long_and_lists_missing_targets(built_db):
    r = run("compare", "public_kindergarten_enrolment_share", "--format", "csv", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    assert r.output.startswith("\ufeff")  # the BOM export's CSV files have: Excel reads the Chinese
    rows = list(csv.DictReader(io.StringIO(r.output.removeprefix("\ufeff"))))
    assert {(x["plan_id"], x["status"], x["display"]) for x in rows} == {
        ("panshan-children", "target", "≥50%"), ("hangzhou-children", "target", "≥75%"),
        ("changning-children", "no target", ""), ("yushu-children", "no target", ""),
        ("gaotai-women", "no target", ""), ("gaotai-children", "no target", "")}


def test_compare_json_and_default_selection(built_db):
    r = run("compare", "--domain", "health", "--format", "json", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    codes = [d["code"] for d in data]
    assert "infant_mortality_rate" in codes and "myopia_rate_primary" in codes
    assert "severe_disabling_birth_defect_rate" not in codes  # one plan only: needs --all
    infant = data[codes.index("infant_mortality_rate")]
    assert infant["no_target"] == ["gaotai-women"]
    assert {(x["year"], tuple(x["most_ambitious"])) for x in infant["rankings"]} == {
        (2025, ("hangzhou-children",)), (2030, ("panshan-children",))}


def test_compare_rejects_unknown_codes_and_formats(built_db):
    r = run("compare", "infant", "--db", str(built_db))
    assert r.exit_code == 1 and "infant_mortality_rate" in r.output  # a suggestion
    r = run("compare", "--format", "html", "--db", str(built_db))
    assert r.exit_code == 1 and "--format" in r.output
    r = run("compare", "--domain", "sports", "--db", str(built_db))
    assert r.exit_code == 1 and "health" in r.output


def test_compare_list(built_db):
    r = run("compare", "--list", "--db", str(built_db))
    assert r.exit_code == 0 and "paediatricians_per_1000_children" in r.output


def test_export_command(built_db, tmp_path):
    r = run("export", str(tmp_path / "out"), "--format", "csv", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "comparison.csv").exists() and "wrote" in r.output


def test_indicators_review_and_eval(built_db):
    r = run("indicators-review", "--format", "csv", "--db", str(built_db))
    assert r.exit_code == 0
    assert r.output.startswith("\ufeff")  # the BOM export's CSV files have: Excel reads the Chinese
    rows = list(csv.DictReader(io.StringIO(r.output.removeprefix("\ufeff"))))
    assert rows and {x["status"] for x in rows} <= {"unmapped", "low confidence"}
    r = run("indicators-eval", "--json", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert s["precision"] >= 0.95 and s["fuzzy_sweep"]


def test_missing_warehouse(tmp_path):
    r = run("compare", "--db", str(tmp_path / "none.duckdb"))
    assert r.exit_code == 1 and "planatlas build" in r.output


def test_compare_year_names_the_year_a_plan_without_one_sets(built_db):
    """--year 2025: 榆树市 (2021-2030) prints 婴儿死亡率降至4.0‰ with no year, so for 2030; 高台县's children's
    plan 5.0‰, for 2030 too; 高台县's women's plan sets none. Existing fields keep their values."""
    r = run("compare", "infant_mortality_rate", "--year", "2025", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert any("榆树市 Yushu City" in l and "no 2025 target (sets one for 2030)" in l for l in lines)
    assert any("Gaotai County (children)" in l and "no 2025 target (sets one for 2030)" in l for l in lines)
    assert any("no target for 2025" in l and "Gaotai County (women)" in l for l in lines)
    rows = list(csv.DictReader(io.StringIO(run("compare", "infant_mortality_rate", "--year", "2025", "--format", "csv",
                                               "--db", str(built_db)).output)))
    assert {(x["plan_id"], x["status"], x["other_years"]) for x in rows if x["status"] == "no target"} == {
        ("yushu-children", "no target", "2030"), ("gaotai-children", "no target", "2030"),
        ("gaotai-women", "no target", "")}
    data = json.loads(run("compare", "infant_mortality_rate", "--year", "2025", "--json", "--db", str(built_db)).output)
    assert data[0]["no_target"] == ["yushu-children", "gaotai-women", "gaotai-children"]
    assert data[0]["other_years"] == {"yushu-children": [2030], "gaotai-children": [2030]}


def test_compare_achieved_does_not_list_shown_figures_as_missing(built_db):
    """--achieved --year 2020: 盘山县 printed 5岁以下儿童2020年死亡率仅为0.98‰, 高台县 (children) 下降到
    …4.73‰; no plan sets a 2020 target. Those two are shown with their figure, not as plans without one."""
    r = run("compare", "under5_mortality_rate", "--achieved", "--year", "2020", "--db", str(built_db))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert any("盘山县 Panshan County" in l and "0.98‰ (2020, achieved); no 2020 target (sets one for 2025, 2030)" in l
               for l in lines)
    assert any("Gaotai County (children)" in l and "4.73‰ (2020, achieved); no 2020 target (sets one for 2030)" in l
               for l in lines)
    missing = [l for l in lines if "no target or figure for 2020" in l]
    assert len(missing) == 1 and "Gaotai County (women)" in missing[0] and "盘山县" not in missing[0]
    plan_column = [l.split("│")[2].strip() for l in lines if l.count("│") > 3]
    assert "no target" not in plan_column and "no target for 2020" not in plan_column
    data = json.loads(run("compare", "under5_mortality_rate", "--achieved", "--year", "2020", "--json",
                          "--db", str(built_db)).output)[0]
    assert len(data["no_target"]) == 6  # no plan sets a 2020 target: unchanged
    assert data["no_target_or_figure"] == ["changning-children", "hangzhou-children", "yushu-children", "gaotai-women"]


def test_compare_json_ranks_each_target_within_its_year(built_db):
    # README's example, read in corpus/: 2025 杭州 ≤3.0‰ most, 常宁 ≤5.0‰ least; 2030 盘山 ≤3.4‰ most,
    # 高台 ≤5.0‰ least; 盘山's 2025 value (≤4.5‰) is neither (it once carried the plan's 2030 rank)
    r = runner.invoke(app, ["compare", "infant_mortality_rate", "--format", "json", "--db", str(built_db)])
    assert r.exit_code == 0, r.output
    got = [(t["plan_id"], t["year"], t["ambition"]) for t in json.loads(r.output)[0]["targets"]]
    assert got == [("panshan-children", 2025, []), ("panshan-children", 2030, ["most ambitious 2030"]),
                   ("changning-children", 2025, ["least ambitious 2025"]),
                   ("hangzhou-children", 2025, ["most ambitious 2025"]), ("yushu-children", 2030, []),
                   ("gaotai-children", 2030, ["least ambitious 2030"])]


def test_compare_csv_and_json_carry_other_values_baselines_and_direction(built_db):
    """杭州 prints 千名儿童儿科执业（助理）医师数 twice for 2025: ≥1.94 in its table (2020: 1.94) and 1名以上
    in its goals; 盘山's myopia pace is a range of a fall (每年下降0.5-1个百分点)."""
    r = run("compare", "paediatricians_per_1000_children", "--format", "csv", "--db", str(built_db))
    rows = {row["plan_id"]: row for row in csv.DictReader(io.StringIO(r.output.lstrip("\ufeff")))}
    hz = rows["hangzhou-children"]
    assert (hz["display"], hz["other_values"], hz["baseline_value"], hz["baseline_year"], hz["baseline_source"]) == (
        "≥1.94人", "≥1名", "1.94", "2020", "stated")
    data = json.loads(run("compare", "myopia_rate_overall", "--format", "json", "--db", str(built_db)).output)
    (t,) = data[0]["targets"]
    assert (t["comparator"], t["value"], t["value_high"], t["direction"], t["display"]) == (
        "range", 0.5, 1.0, "decrease", "−(0.5–1)个百分点/yr")
