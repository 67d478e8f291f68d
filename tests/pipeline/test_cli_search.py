"""`planatlas search` and `planatlas similar` on the warehouse built from the real corpus."""
import json

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


def test_search_prints_highlighted_provisions_with_offsets(built_db):
    r = runner.invoke(app, ["search", "婴儿死亡率", "--db", str(built_db), "--limit", "3"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "1. 常宁市 · 常宁市儿童发展规划（2021—2025年） · 儿童与健康 (health) · goal 3   score" in out
    assert "changning-children/d1/goal/3  [" in out
    assert "新生儿【死亡率】、【婴儿死亡率】和5岁以下儿童【死亡率】分别控制在3.0‰" in out
    assert out.count("score ") == 3


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


def test_similar_side_by_side_with_the_numbers_that_differ(built_db):
    r = runner.invoke(app, ["similar", "changning-children/d1/goal/3", "--db", str(built_db),
                            "--plan", "panshan-children"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "盘山县 · 盘山县儿童发展规划（2021-2030年）: score 0.52, same indicator, different target" in out
    assert "  numbers: 5.0‰ → 4.5‰; 6.0‰ → 5.5‰" in out
    assert "«5.0‰»" in out and "«4.5‰»" in out and "{+到2025年+}" in out and "[-死亡率-]" in out


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
