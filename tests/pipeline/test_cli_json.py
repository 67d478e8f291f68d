"""--json wherever a command prints a table: the same facts as the warehouse holds, parseable."""
import json
import shutil

import duckdb
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import CORPUS

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, args)
    return r.exit_code, json.loads(r.stdout)


def test_build_and_ingest_print_the_run_as_json(tmp_path):
    db = tmp_path / "w.duckdb"
    code, built = _json(["build", "--corpus", str(CORPUS), "--db", str(db), "--no-prefect", "--json"])
    assert code == 0
    assert built["counts"] == {"loaded": 5, "unchanged": 0, "duplicate": 0, "superseded": 0, "quarantined": 0}
    assert built["plans"] == 6 and len(built["current_plans"]) == 6 and built["incomplete"] == []
    assert sorted(f["detail"] for f in built["files"])[0] == "changning-children"
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(next(CORPUS.glob("*.txt")), inbox / "copy.txt")
    (inbox / "junk.txt").write_text("", encoding="utf-8")
    code, run = _json(["ingest", str(inbox), "--db", str(db), "--no-prefect", "--json"])
    assert code == 1  # something quarantined, as without --json
    assert {(f["path"].rsplit("/", 1)[-1], f["outcome"]) for f in run["files"]} == \
        {("copy.txt", "duplicate"), ("junk.txt", "quarantined")}
    assert run["counts"]["quarantined"] == 1 and run["plans"] == 6


def test_show_compare_list_and_review_as_json(built_db):
    code, shown = _json(["show", "changning-children", "--db", str(built_db), "--json"])
    assert code == 0 and shown["plan"]["jurisdiction"] == "常宁市"
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        domains = con.execute("SELECT count(*) FROM domains WHERE plan_id = 'changning-children'").fetchall()[0][0]
        registry = con.execute("SELECT count(*) FROM indicators").fetchall()[0][0]
    finally:
        con.close()
    assert len(shown["domains"]) == domains
    code, listed = _json(["compare", "--list", "--json", "--db", str(built_db)])
    assert code == 0 and len(listed) == registry and all(isinstance(r["aliases"], list) for r in listed)
    code, review = _json(["indicators-review", "--json", "--db", str(built_db)])
    assert code == 0 and review and {"status", "target_id", "evidence"} <= set(review[0])


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import io
    from pipeline import progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    with progress.shown("build"):
        progress.files(3)
        for _ in range(3):
            progress.advance()
        bar, task = progress._bar
        assert (bar.tasks[0].total, bar.tasks[0].completed) == (3, 3)
    assert progress._bar is None
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with progress.shown("build"):
        progress.advance()  # no bar: nothing to advance, nothing printed
        assert progress._bar is None
