"""The CLI on a built warehouse, and the one Prefect flow run of the suite."""
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import CORPUS
from tests.warehouse.test_build import dump

runner = CliRunner()


def test_show_prints_the_outline(built_db):
    r = runner.invoke(app, ["show", "changning-children", "--db", str(built_db)])
    assert r.exit_code == 0, r.output
    assert "常宁市" in r.output and "儿童与法律保护" in r.output and "市卫生健康局" in r.output


def test_show_unknown_plan_lists_the_known_ones(built_db):
    r = runner.invoke(app, ["show", "nowhere", "--db", str(built_db)])
    assert r.exit_code == 1
    assert "no plan 'nowhere'" in r.output and "gaotai-women" in r.output


def test_missing_warehouse_says_how_to_build(tmp_path):
    r = runner.invoke(app, ["show", "x", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "planatlas build" in r.output


def test_db_from_environment(built_db, monkeypatch):
    monkeypatch.setenv("PLANATLAS_DB", str(built_db))
    r = runner.invoke(app, ["show", "gaotai-women"])
    assert r.exit_code == 0 and "妇女参与决策和管理" in r.output


@pytest.mark.slow
def test_prefect_flow_builds_the_same_warehouse(built_db, tmp_path):
    from pipeline.flows import build
    db = tmp_path / "flow.duckdb"
    report = build(CORPUS, db)
    assert report.counts["plans"] == 6
    assert dump(db) == dump(built_db)
