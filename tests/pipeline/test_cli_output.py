"""What the commands print: errors on stderr only (stdout stays parseable), ids and codes never cut
to "…" at any width nor when piped, --wide lines only as long as their content, CSV with the BOM
export's files have, and an example in every command's help."""
from __future__ import annotations

import csv
import io

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app, console

runner = CliRunner()
COMMANDS = ["show", "ingest", "build", "rebuild", "serve", "status", "generate", "eval", "compare", "export",
            "indicators-review", "indicators-eval", "search", "similar", "ui"]


def run(*args: str):
    r = runner.invoke(app, list(args), prog_name="planatlas")
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{args}: {r.exception!r}\n{r.output}"
    assert "Traceback" not in r.output
    return r


def _column(db, sql: str) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute(sql).fetchall()]
    finally:
        con.close()


# ------------------------------------------------------------------------------- stderr


@pytest.mark.parametrize("args,message", [
    (["show", "nope", "--json"], "error: no plan 'nope'"),
    (["compare", "no_such_indicator", "--json"], "error:"),
    (["compare", "--format", "xml"], "error: --format must be table, csv or json, not 'xml'"),
    (["search", "儿童", "--limit", "0", "--json"], "error:"),
    (["similar", "nope/d1/goal/1", "--json"], "error:"),
    (["indicators-review", "--format", "xml"], "error: --format must be"),
])
def test_errors_go_to_stderr_and_leave_stdout_empty(built_db, args, message):
    r = run(*args, "--db", str(built_db))
    assert r.exit_code == 1
    assert r.stdout == "" and message in r.stderr


def test_status_on_a_missing_warehouse_says_so_on_stderr(tmp_path):
    r = run("status", "--json", "--db", str(tmp_path / "none.duckdb"))
    assert r.exit_code == 1 and r.stdout == ""
    assert f"no warehouse at {tmp_path / 'none.duckdb'}: run `planatlas build" in " ".join(r.stderr.split())


# ------------------------------------------------------------------------------- ids and codes whole


@pytest.fixture(params=[80, 160], ids=["80 columns", "piped (160)"])
def width(request, monkeypatch):
    monkeypatch.setattr(console, "width", request.param)
    return request.param


def test_compare_list_never_cuts_a_code(built_db, width):
    out = run("compare", "--list", "--db", str(built_db)).stdout
    assert "…" not in out
    if width >= 160:  # room for it: each code whole on its line
        codes = _column(built_db, "SELECT code FROM indicators")
        assert "women_share_residents_committee_directors" in codes
        assert all(code in out for code in codes)


def test_compare_shows_a_long_code_whole(built_db, width):
    out = run("compare", "compulsory_education_consolidation_rate", "--db", str(built_db)).stdout
    assert "…" not in out and "compulsory_education_consolidation_rate" in out


def test_indicators_review_never_cuts_an_id_or_code(built_db, width):
    out = run("indicators-review", "--db", str(built_db)).stdout
    assert "…" not in out
    if width >= 160:
        ids = _column(built_db, "SELECT target_id FROM targets WHERE indicator_code IS NULL")
        assert "changning-children/d2/measure/10/t1" in ids and all(i in out for i in ids)


@pytest.mark.parametrize("args", [["status"], ["show", "changning-children"], ["compare", "--list"],
                                  ["indicators-review"], ["compare"]])
def test_wide_tables_hold_every_id_whole_on_one_line(built_db, monkeypatch, args):
    monkeypatch.setattr(console, "width", 40)  # --wide ignores the terminal
    out = run(*args, "--wide", "--db", str(built_db)).stdout
    assert "…" not in out
    lines = out.splitlines()
    assert max(map(len, lines)) < 2000  # as long as the content, not the 10,000 columns of --wide
    if args[0] == "indicators-review":
        ids = _column(built_db, "SELECT target_id FROM targets WHERE indicator_code IS NULL")
        assert all(any(i in line for line in lines) for i in ids)


# ------------------------------------------------------------------------------- --wide


def test_similar_wide_lines_are_as_long_as_their_content(built_db):
    out = run("similar", "yushu-children/d1/goal/3", "--wide", "--db", str(built_db)).stdout
    lines = out.splitlines()
    assert "yushu-children/d1/goal/3" in out and sum(line.startswith("┏") for line in lines) >= 1
    assert max(map(len, lines)) < 1500, max(map(len, lines))  # it padded every line to 10,000
    assert not any(line.endswith(" " * 20) for line in lines)


# ------------------------------------------------------------------------------- CSV and help


@pytest.mark.parametrize("args,first", [
    (["compare", "--format", "csv"], "indicator_code"),
    (["compare", "--list", "--format", "csv"], "code"),
    (["indicators-review", "--format", "csv"], "status"),
])
def test_csv_on_stdout_starts_with_a_bom(built_db, args, first):
    r = run(*args, "--db", str(built_db))
    assert r.exit_code == 0 and r.stdout.startswith("\ufeff" + first)
    rows = list(csv.DictReader(io.StringIO(r.stdout.removeprefix("\ufeff"))))
    assert rows and first in rows[0]


@pytest.mark.parametrize("command", [None, *COMMANDS])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_help_has_an_example(command, flag):
    r = run(*([command] if command else []), flag)
    assert r.exit_code == 0 and "Example: planatlas " in r.stdout
