"""Writers that overlap: a rebuild holds the writers' lock from reading its document list to publishing,
so an ingest in between waits for it (or is told the warehouse is busy) and what it adds is kept; a
warehouse reached through a symbolic link is written where the link points; a folder that holds the
warehouse as well as plans is ingested without the warehouse."""
from __future__ import annotations

import shutil
import threading

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline import steps
from pipeline.cli import app
from tests.conftest import CORPUS
from warehouse.errors import WarehouseBusy


@pytest.fixture()
def warehouse(built_db, tmp_path):
    db = tmp_path / "w" / "planatlas.duckdb"
    db.parent.mkdir()
    shutil.copyfile(built_db, db)
    shutil.copytree(built_db.parent / (built_db.name + ".raw"), db.parent / (db.name + ".raw"))
    return db


@pytest.fixture()
def new_plan(tmp_path):
    """Another county's plan (榆树's text with another name): a plan the warehouse does not have."""
    path = tmp_path / "in" / "shulan.txt"
    path.parent.mkdir()
    path.write_text((CORPUS / "003_14267d2696d6d035.txt").read_text(encoding="utf-8").replace("榆树", "舒兰"),
                    encoding="utf-8")
    return path


def _plans(db) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT jurisdiction FROM plans WHERE is_current").fetchall()}
    finally:
        con.close()


def test_an_ingest_during_a_rebuild_waits_and_what_it_adds_is_kept(warehouse, new_plan, monkeypatch):
    reading, go = threading.Event(), threading.Event()
    real = steps.stored_documents_and_metadata
    calls = []

    def slow(db, *corrected):  # the rebuild's read of its document list (its second call: the first only checks)
        calls.append(db)
        if len(calls) == 2:
            reading.set()
            assert go.wait(60)
        return real(db, *corrected)

    monkeypatch.setattr(steps, "stored_documents_and_metadata", slow)
    results = {}
    rebuild = threading.Thread(target=lambda: results.setdefault("rebuild", steps.rebuild_plain(warehouse)))
    rebuild.start()
    assert reading.wait(60)
    with pytest.raises(WarehouseBusy):  # the rebuild holds the lock while it reads
        steps.ingest_plain([new_plan], warehouse, wait=0)
    ingest = threading.Thread(target=lambda: results.setdefault("ingest", steps.ingest_plain([new_plan], warehouse,
                                                                                             wait=120)))
    ingest.start()
    go.set()
    rebuild.join(120)
    ingest.join(120)
    assert results["rebuild"].published and results["ingest"].counts["loaded"] == 1
    assert "舒兰市" in _plans(warehouse) and len(_plans(warehouse)) == 6  # 5 jurisdictions + 舒兰


def test_a_warehouse_reached_through_a_symlink_is_written_where_it_points(warehouse, new_plan, tmp_path):
    link = tmp_path / "data" / "planatlas.duckdb"
    link.parent.mkdir()
    link.symlink_to(warehouse)
    r = CliRunner().invoke(app, ["ingest", str(new_plan), "--db", str(link), "--no-prefect"])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and link.resolve() == warehouse  # not replaced by a file of its own
    assert "舒兰市" in _plans(warehouse)
    assert sorted(p.name for p in link.parent.iterdir()) == ["planatlas.duckdb"]  # no lock or raw store beside the link


def test_a_folder_holding_the_warehouse_is_ingested_without_it(warehouse, new_plan):
    shutil.copyfile(new_plan, warehouse.parent / "shulan.txt")
    before = sorted(p.name for p in (warehouse.parent / (warehouse.name + ".raw")).rglob("*") if p.is_file())
    r = CliRunner().invoke(app, ["ingest", str(warehouse.parent), "--db", str(warehouse), "--no-prefect"])
    assert r.exit_code == 0, r.output
    assert "1 file: 1 loaded" in r.output  # the warehouse, its lock and its raw store are no plans
    after = sorted(p.name for p in (warehouse.parent / (warehouse.name + ".raw")).rglob("*") if p.is_file())
    assert len(after) == len(before) + 1  # only the plan's bytes were stored
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE original_name LIKE '%duckdb%'").fetchall() == [(0,)]
    con.close()


@pytest.mark.parametrize("harm", ["deleted", "appended to"])
def test_a_lost_raw_copy_stops_rebuild_and_ingesting_the_file_again_restores_it(warehouse, tmp_path, harm):
    from warehouse.raw_store import RawStore
    source = CORPUS / "003_14267d2696d6d035.txt"
    sha = __import__("hashlib").sha256(source.read_bytes()).hexdigest()
    copy = RawStore(warehouse).path(sha)
    if harm == "deleted":
        copy.unlink()
    else:
        copy.write_bytes(copy.read_bytes() + b"x")
    before = warehouse.read_bytes()
    r = CliRunner().invoke(app, ["rebuild", "--db", str(warehouse), "--no-prefect"])
    assert r.exit_code == 1
    assert "lost or damaged copies of 1 stored file(s) (003_14267d2696d6d035.txt)" in " ".join(r.stderr.split())
    assert warehouse.read_bytes() == before  # nothing changed
    r = CliRunner().invoke(app, ["ingest", str(source), "--db", str(warehouse), "--no-prefect"])
    assert r.exit_code == 0 and "unchanged" in r.output
    assert copy.read_bytes() == source.read_bytes()  # put back from the file
    r = CliRunner().invoke(app, ["rebuild", "--db", str(warehouse), "--no-prefect"])
    assert r.exit_code == 0, r.output
    assert len(_plans(warehouse)) == 5


def test_half_written_raw_copies_of_dead_runs_are_removed_at_the_next_publish(warehouse, new_plan):
    import os
    from warehouse.raw_store import RawStore
    root = RawStore(warehouse).root
    dead = root / "ab" / f"{'ab' * 32}.999999.tmp"  # no such process
    live = root / "ab" / f"{'ab' * 32}.{os.getpid()}.tmp"
    dead.parent.mkdir(exist_ok=True)
    dead.write_bytes(b"half")
    live.write_bytes(b"half")
    steps.ingest_plain([new_plan], warehouse)
    assert not dead.exists() and live.exists()
    live.unlink()


def test_a_corrected_plans_csv_is_named_by_ingest_and_applied_by_rebuild(warehouse, tmp_path):
    folder = tmp_path / "corrected"
    folder.mkdir()
    rows = (CORPUS / "plans.csv").read_text(encoding="utf-8").replace("2021-12-31", "2022-01-05")
    (folder / "plans.csv").write_text(rows, encoding="utf-8")
    shutil.copyfile(CORPUS / "001_684425739db54e33.txt", folder / "001_684425739db54e33.txt")
    r = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(warehouse), "--no-prefect"])
    assert r.exit_code == 0, r.output
    said = " ".join(r.output.split())
    assert ("plans.csv says otherwise for 001_684425739db54e33.txt (plan 0): issue_date 2021-12-31 → 2022-01-05; "
            "a loaded plan keeps its metadata: `planatlas rebuild --metadata FILE` applies it") in said
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT issue_date::VARCHAR FROM plans WHERE plan_id = 'changning-children'").fetchall() == [
        ("2021-12-31",)]
    con.close()
    r = CliRunner().invoke(app, ["rebuild", "--db", str(warehouse), "--metadata", str(folder / "plans.csv"),
                                 "--no-prefect"])
    assert r.exit_code == 0, r.output
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT issue_date::VARCHAR, metadata_source FROM plans WHERE plan_id = 'changning-children'"
                       ).fetchall() == [("2022-01-05", "metadata")]
    assert con.execute("SELECT count(*) FROM plans").fetchall() == [(6,)]
    con.close()


def test_a_run_that_fails_is_shown_by_status(warehouse, new_plan):
    import fcntl
    with open(warehouse.with_name(warehouse.name + ".lock"), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another run holds the warehouse
        r = CliRunner().invoke(app, ["ingest", str(new_plan), "--db", str(warehouse), "--no-prefect"])
    assert r.exit_code == 3
    status = CliRunner().invoke(app, ["status", "--db", str(warehouse), "--json"])
    (failed,) = __import__("json").loads(status.output)["failed_runs"]
    assert failed["run"] == "ingest" and failed["error"].startswith(f"another run is writing {warehouse}")
    r = CliRunner().invoke(app, ["status", "--db", str(warehouse), "--wide"])
    assert "Runs that failed and published nothing" in r.output


def test_a_complete_copy_takes_the_place_of_an_incomplete_one(tmp_path):
    """The same plan twice: first a copy marked incomplete (it stops mid-sentence), then the complete
    text. The complete copy becomes the current version; the incomplete one stays, superseded."""
    from tests.plan_texts import plan_text
    text = plan_text("德惠市")
    first, second = tmp_path / "a" / "dehui.txt", tmp_path / "b" / "dehui.txt"
    for p, t in ((first, text + "\n本规划由市妇女儿童工作委员会办公室负责解释，自印发之日起"), (second, text)):
        p.parent.mkdir()
        p.write_text(t, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    steps.ingest_plain([first], db)
    result = steps.ingest_plain([second], db)
    (outcome,) = result.changes.outcomes
    assert outcome.outcome == "loaded"
    assert "a complete copy of dehui-children, which is marked incomplete: loaded as its current version" in outcome.detail
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT plan_id, is_current, structure_complete FROM plans ORDER BY plan_id").fetchall() == [
        ("dehui-children", False, False), ("dehui-children-v2", True, True)]
    con.close()
    # the other way round, the complete copy first: the incomplete one is its duplicate
    db2 = tmp_path / "w2.duckdb"
    steps.ingest_plain([second], db2)
    assert [o.outcome for o in steps.ingest_plain([first], db2).changes.outcomes] == ["duplicate"]
