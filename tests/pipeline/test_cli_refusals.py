"""A --db that is not a PlanAtlas warehouse, an empty export path, an unknown plan: every command refuses
with the message the writing commands give, a non-zero exit and no traceback, and leaves nothing behind."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import CORPUS, ROOT

runner = CliRunner()
REFUSAL = "is a DuckDB file but not a PlanAtlas warehouse"


def run(*args: str):
    r = runner.invoke(app, list(args), prog_name="planatlas")
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{args}: {r.exception!r}\n{r.output}"
    assert "Traceback" not in r.output
    return r


@pytest.fixture()
def other_db(tmp_path, monkeypatch) -> Path:
    """A DuckDB file some other program made (the QA tester's `create table t(x int)`); commands run
    from tmp_path."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t(x INT)")
    con.close()
    return path


READING = [
    ["show", "panshan-children"],
    ["compare"],
    ["compare", "--list"],
    ["compare", "infant_mortality_rate", "--format", "csv"],
    ["export", "o"],
    ["indicators-review"],
    ["indicators-eval", "--gold", str(ROOT / "tests" / "gold" / "indicator_map.jsonl")],
    ["eval", "--gold", str(ROOT / "tests" / "gold" / "targets_000.jsonl")],
    ["status"],
    ["status", "--json"],
    ["search", "儿童"],
    ["similar", "yushu-children/d1/goal/3"],
    ["ui", "--port", "1"],
]


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a[:2]).replace("/", "_"))
def test_reading_commands_refuse_a_duckdb_file_that_is_not_a_warehouse(other_db, tmp_path, args):
    r = run(*args, "--db", str(other_db))
    assert r.exit_code == 1
    assert f"error: {other_db} {REFUSAL}; choose another --db" in " ".join(r.stderr.split())
    assert r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.duckdb"]  # no export folder `o/` either


@pytest.mark.parametrize("kind", ["a folder", "a text file", "another DuckDB file"])
@pytest.mark.parametrize("command", ["build", "ingest"])
def test_a_refused_run_leaves_nothing_behind(other_db, tmp_path, kind, command):
    target = {"a folder": tmp_path / "adir", "a text file": tmp_path / "notdb.txt",
              "another DuckDB file": other_db}[kind]
    if kind == "a folder":
        target.mkdir()
    elif kind == "a text file":
        target.write_text("not a warehouse\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    source = ["--corpus", str(CORPUS)] if command == "build" else [str(next(CORPUS.glob("*.txt")))]
    r = run(command, *source, "--db", str(target), "--no-prefect")
    assert r.exit_code == 1
    assert {"a folder": "is a directory", "a text file": "not a DuckDB file",
            "another DuckDB file": REFUSAL}[kind] in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no <db>.raw/ with copies of the corpus
    assert not target.is_dir() or list(target.iterdir()) == []


def test_rebuild_refuses_another_duckdb_file_and_leaves_nothing(other_db, tmp_path):
    r = run("rebuild", "--db", str(other_db), "--no-prefect")
    assert r.exit_code == 1 and REFUSAL in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.duckdb"]


def test_export_refuses_an_empty_path(built_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("export", "", "--db", str(built_db))
    assert r.exit_code == 2 and "give the folder to export into" in r.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_similar_with_an_unknown_plan_names_the_known_ones(built_db):
    r = run("similar", "yushu-children/d1/goal/3", "--plan", "nope", "--db", str(built_db))
    assert r.exit_code == 1 and r.stdout == ""
    assert ("error: no plan 'nope'; plans are: changning-children, gaotai-children, gaotai-women, "
            "hangzhou-children, panshan-children, yushu-children") in " ".join(r.stderr.split())
    r = run("similar", "yushu-children/d1/goal/3", "--plan", "panshan-children", "--db", str(built_db))
    assert r.exit_code == 0 and "panshan-children/" in r.stdout


@pytest.fixture()
def older_db(built_db, tmp_path, monkeypatch) -> Path:
    """A warehouse as an older PlanAtlas left it: the corpus build without the latest migration's record
    (and raw store), as a warehouse built before that migration reads to this code."""
    import shutil
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "older.duckdb"
    shutil.copyfile(built_db, path)
    shutil.copytree(built_db.parent / (built_db.name + ".raw"), tmp_path / "older.duckdb.raw")
    from warehouse.db import migration_files
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM schema_migrations WHERE name = ?", [migration_files()[-1][0]])
    con.close()
    return path


@pytest.mark.parametrize("args", [a for a in READING if a[0] not in ("status", "eval", "indicators-eval")],
                         ids=lambda a: " ".join(a[:2]).replace("/", "_"))
def test_reading_commands_say_how_to_bring_an_older_warehouse_up_to_date(older_db, args):
    r = run(*args, "--db", str(older_db))
    assert r.exit_code == 1
    assert f"was built by an older PlanAtlas" in r.stderr and f"planatlas rebuild --db {older_db}" in r.stderr
    assert r.stdout == ""


def test_status_reads_an_older_warehouse_and_rebuild_brings_it_up_to_date(older_db):
    assert run("status", "--db", str(older_db)).exit_code == 0
    r = run("rebuild", "--db", str(older_db), "--no-prefect")
    assert r.exit_code == 0, r.output
    assert run("search", "儿童", "--db", str(older_db), "--limit", "1").exit_code == 0
