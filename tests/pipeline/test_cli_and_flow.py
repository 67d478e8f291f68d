"""The CLI on a built warehouse, and the one Prefect flow run of the suite."""
import os

import duckdb
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
def test_prefect_flows_build_and_ingest_like_the_plain_steps(built_db, tmp_path):
    """The Prefect flows on a private API server: the same warehouse as the plain stages, the flow
    run recorded with the run, and no server left running afterwards. The batches also on a
    process pool and on a local Dask cluster (worker processes: what crosses to them is pickled),
    for build and for rebuild (the stored documents re-extracted): the same rows. (One server for
    all: a second private server in the same test process is refused its connection.)"""
    from pipeline import flows
    from pipeline.prefect_server import orchestrator
    db = tmp_path / "flow.duckdb"
    on = {r: tmp_path / f"{r}.duckdb" for r in ("process", "dask")}
    with orchestrator() as server:
        from pipeline.flows import build_flow, ingest_flow
        report = build_flow(CORPUS, db)
        again = ingest_flow([CORPUS], db)
        for runner, path in on.items():
            task_runner = flows.task_runner(runner, workers=2)
            assert type(task_runner).__name__ == {"process": "ProcessPoolTaskRunner", "dask": "DaskTaskRunner"}[runner]
            assert build_flow.with_options(task_runner=task_runner)(CORPUS, path).plans == 6
        rebuilt = flows.rebuild_flow.with_options(task_runner=flows.task_runner("dask", workers=2))(on["dask"])
        pid = server.process.pid
    assert rebuilt.counts["loaded"] == 5
    for path in on.values():
        assert dump(path) == dump(built_db)
    assert report.plans == 6
    assert again.counts == {"loaded": 0, "unchanged": 5, "duplicate": 0, "superseded": 0, "quarantined": 0}
    assert dump(db) == dump(built_db)
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute("SELECT trigger, new, unchanged, status, flow_run_id IS NOT NULL FROM runs ORDER BY started_at").fetchall()
    con.close()
    assert runs == [("build", 5, 0, "ok", True), ("ingest", 0, 5, "ok", True)]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)

