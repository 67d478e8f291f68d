"""Hostile and clumsy use of the real `planatlas` commands: SQL and path traversal in queries and ids,
--db at /etc/passwd, a folder, a missing folder or a FIFO, absurd limits, huge or empty queries,
control characters, exports into files and unwritable places, unknown options, -h everywhere.

Each run ends with a clear message and the documented exit code, never a Python traceback, and
changes nothing outside its temporary folder (/etc/passwd and the repository are checked).
Most run in-process through typer's runner (an exception would surface as result.exception); the
ones whose point is the process (argv, a FIFO, a real file system) run the installed command.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import CORPUS, ROOT
from tests.warehouse.test_build import dump

CLI = str(Path(sys.executable).with_name("planatlas"))
PASSWD = Path("/etc/passwd")
COMMANDS = ["show", "ingest", "build", "rebuild", "remove", "serve", "status", "generate", "eval", "compare", "export",
            "indicators-review", "indicators-eval", "search", "similar", "ui"]


# What the commands below could leave behind if they wrote where they should not (other tests and
# `make fuzz` create files in the repository at the same time, so its whole listing is no measure).
STRAY = ("out", "x", "w.duckdb", "w.duckdb.lock", "planatlas.xlsx", "plans.csv", "pwned", "passwd.duckdb")


def _fingerprint() -> tuple:
    st = PASSWD.stat()
    stray = [str(d / n) for d in (ROOT, ROOT / "data", Path("/etc"), Path("/proc")) for n in STRAY
             if (d / n).exists()]
    return (hashlib.sha256(PASSWD.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size, stray,
            sorted(p.name for p in Path("/etc").glob(".passwd*")))


@pytest.fixture()
def db(built_db, tmp_path, monkeypatch) -> Path:
    """A private copy of the corpus warehouse, the commands run from tmp_path; afterwards nothing
    outside tmp_path has changed."""
    monkeypatch.chdir(tmp_path)
    before = _fingerprint()
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(built_db, copy)
    yield copy
    assert _fingerprint() == before, "a command changed /etc/passwd or the repository"


def cli(*args: str) -> tuple[int, str]:
    """In-process: exit code and output; an uncaught exception fails the test."""
    r = CliRunner().invoke(app, list(args), prog_name="planatlas")
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{args}: {r.exception!r}\n{r.output}"
    assert "Traceback" not in r.output
    return r.exit_code, flat(r.output)


def flat(out: str) -> str:
    """The output with rich's line wrapping undone (it breaks long messages at spaces)."""
    return " ".join(out.split())


def proc(*args: str, cwd: Path, timeout: float = 120) -> tuple[int, str]:
    """The installed command as a process (stdout and stderr together)."""
    r = subprocess.run([CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out
    return r.returncode, flat(out)


# ------------------------------------------------------------------------------- SQL in queries


@pytest.mark.parametrize("query", ["' OR 1=1 --", '"; DROP TABLE plans; --"', "儿童'); DELETE FROM provisions; --"])
def test_sql_in_a_search_query_is_just_text(db, query):
    before = dump(db, ["plans", "provisions"])
    code, out = cli("search", query, "--db", str(db), "--limit", "3")
    assert code == 0
    assert dump(db, ["plans", "provisions"]) == before


def test_sql_in_a_query_finds_only_the_words_it_contains(db):
    code, out = cli("search", "儿童' OR 1=1 --", "--db", str(db), "--limit", "2", "--json")
    import json
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2
    assert all(h["matched_terms"] and set(h["matched_terms"]) <= {"儿童", "or", "1"} for h in hits), hits


@pytest.mark.parametrize("args,message", [
    (["show", "' OR 1=1 --"], "error: no plan \"' OR 1=1 --\"; plans are: changning-children, gaotai-children"),
    (["show", "../../etc/passwd"], "error: no plan '../../etc/passwd'; plans are:"),
    (["similar", "x'; DROP TABLE plans; --"], "error: no provision \"x'; DROP TABLE plans; --\"; ids look like"),
    (["similar", "../../../etc/passwd"], "error: no provision '../../../etc/passwd'; ids look like"),
    (["compare", "'; DROP TABLE plans; --"], "error: no indicator \"'; DROP TABLE plans; --\"; `planatlas compare "
                                             "--list` shows every code"),
])
def test_sql_and_traversal_in_ids_are_unknown_ids(db, args, message):
    code, out = cli(*args, "--db", str(db))
    assert code == 1 and message in out
    assert dump(db, ["plans"])  # still readable, still there


# ------------------------------------------------------------------------------------ odd --db


def test_db_at_etc_passwd_is_refused_by_readers_and_writers(tmp_path):
    before = _fingerprint()
    code, out = cli("search", "儿童", "--db", str(PASSWD))
    assert code == 1 and "error: cannot open /etc/passwd" in out and "not a valid DuckDB database file" in out
    code, out = proc("ingest", str(CORPUS / "000_c3c85c2cfa5687ef.txt"), "--no-prefect", "--db", str(PASSWD),
                     cwd=tmp_path)
    assert code == 1 and "error: /etc/passwd is not a PlanAtlas warehouse (not a DuckDB file); refusing to " \
                          "overwrite it" in out
    code, out = cli("build", "--corpus", str(CORPUS), "--no-prefect", "--db", str(PASSWD))
    assert code == 1 and "refusing to overwrite it" in out
    assert _fingerprint() == before
    assert not list(Path("/etc").glob(".passwd.building-*"))


def test_db_that_is_a_directory(db, tmp_path):
    for args in (["search", "儿童"], ["status"], ["ingest", str(CORPUS), "--no-prefect"]):
        code, out = cli(*args, "--db", str(tmp_path))
        assert code == 1 and f"--db {tmp_path} is a directory; give a file path such as " \
                              f"{tmp_path / 'planatlas.duckdb'}" in out, out


def test_db_in_a_missing_folder(tmp_path):
    missing = tmp_path / "no" / "such" / "w.duckdb"
    code, out = cli("search", "儿童", "--db", str(missing))
    assert code == 1 and f"error: no warehouse at {missing}: run `planatlas build --db {missing}` first" in out
    assert not missing.parent.exists()  # a reader creates nothing


def test_db_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "w.duckdb"
    os.mkfifo(fifo)
    for args in (["search", "儿童"], ["ingest", str(CORPUS / "000_c3c85c2cfa5687ef.txt"), "--no-prefect"]):
        code, out = proc(*args, "--db", str(fifo), cwd=tmp_path, timeout=60)
        assert code == 1 and f"--db {fifo} is not a regular file (a FIFO, socket or device), so not a " \
                              "warehouse; choose another --db" in out, out


# ---------------------------------------------------------------------------- limits and queries


@pytest.mark.parametrize("option,value,message", [
    ("--limit", "-1", "error: --limit must be at least 1"),
    ("--limit", "0", "error: --limit must be at least 1"),
    ("--per-plan", "-3", "error: --per-plan must be at least 1"),
])
def test_limits_below_one(db, option, value, message):
    code, out = cli("search", "儿童", "--db", str(db), option, value)
    assert code == 1 and message in out


def test_a_limit_of_a_trillion_returns_what_there_is(db):
    code, out = cli("search", "溺水", "--db", str(db), "--limit", str(10**12), "--json")
    import json
    hits = json.loads(out)
    assert code == 0 and 0 < len(hits) < 1058 and all("溺水" in h["text"] or not h["matched_terms"] for h in hits)


def test_a_limit_beyond_64_bits_is_a_usage_error(db):
    code, out = cli("search", "儿童", "--db", str(db), "--limit", str(10**30))
    assert code == 2 and "Invalid value for '--limit'" in out


def test_a_huge_query_through_argv(db, tmp_path):
    query = "保障儿童健康成长" * 5000  # 40,000 characters (120 KB: near the kernel's limit for one argument)
    code, out = proc("search", query, "--db", str(db), "--limit", "1", "--json", cwd=tmp_path)
    assert code == 0 and '"provision_id"' in out


@pytest.mark.parametrize("query", ["，。！？、；：（）", "   ", "的和在"])
def test_a_query_of_only_punctuation_or_function_words(db, query):
    code, out = cli("search", query, "--db", str(db))
    assert code == 1 and "has no searchable words (only punctuation or function words)" in out


@pytest.mark.parametrize("query", ["\u202e儿童\u200f", "儿童\x00健康", "\x01\x02\x1b[31m儿童", "\ufeff儿童\u200b"])
def test_control_characters_rtl_marks_and_nul(db, query):
    code, out = cli("search", query, "--db", str(db), "--limit", "1", "--json")
    assert code == 0 and '"儿童"' in out  # the Chinese word is matched, the rest ignored
    code, out = cli("show", query, "--db", str(db))
    assert code == 1 and "error: no plan" in out


def test_nul_in_argv_cannot_reach_the_command(db, tmp_path):
    with pytest.raises(ValueError, match="embedded null byte"):
        proc("search", "儿童\x00", "--db", str(db), cwd=tmp_path)


# ------------------------------------------------------------------------------------- export


def test_export_into_an_existing_file(db, tmp_path):
    target = tmp_path / "existing.csv"
    target.write_text("keep me")
    code, out = cli("export", str(target), "--format", "csv", "--db", str(db))
    assert code == 1 and f"error: cannot export into {target}: it exists and is not a folder" in out
    assert target.read_text() == "keep me"


def test_export_into_a_read_only_place(db, tmp_path):
    code, out = cli("export", "/proc/planatlas-export", "--format", "csv", "--db", str(db))
    assert code == 1 and "error: cannot export into /proc/planatlas-export: No such file or directory" in out
    if os.geteuid() == 0:
        return  # root writes through permission bits; /proc above is read-only for everyone
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    code, out = cli("export", str(ro / "out"), "--format", "csv", "--db", str(db))
    assert code == 1 and "Permission denied" in out


def test_export_with_traversal_writes_exactly_where_the_path_points(db, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    code, out = cli("export", str(tmp_path / "a" / "b" / ".." / ".." / "out"), "--format", "csv", "--db", str(db))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "comparison.csv", "comparison_wide.csv", "domains.csv", "indicators.csv", "plans.csv", "provisions.csv",
        "targets.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "out", "w.duckdb"]


def test_export_in_an_unknown_format(db, tmp_path):
    code, out = cli("export", str(tmp_path / "x"), "--format", "nope", "--db", str(db))
    assert code == 1 and "error: unknown export format 'nope': choose parquet, csv, xlsx" in out
    assert not (tmp_path / "x").exists()


# ------------------------------------------------------------------------------- other commands


def test_eval_with_a_missing_or_foreign_gold_file(db, tmp_path):
    code, out = cli("eval", "--gold", str(tmp_path / "missing.jsonl"), "--db", str(db))
    assert code == 1 and f"error: cannot read the gold file {tmp_path / 'missing.jsonl'}: No such file or " \
                          "directory" in out
    code, out = cli("eval", "--gold", str(PASSWD), "--db", str(db))
    assert code == 1 and "error: /etc/passwd:1: not a gold row" in out


@pytest.mark.parametrize("args,message", [
    (["status", "--runs", "-1"], "Invalid value for '--runs'"),
    (["ui", "--port", "99999999"], "Invalid value for '--port'"),
    (["ui", "--cache", "-5"], "Invalid value for '--cache'"),
    (["compare", "--format", "xml"], "--format must be table, csv or json, not 'xml'"),
    (["search", "儿童", "--bogus"], "No such option: --bogus"),
    (["nosuchcommand"], "No such command 'nosuchcommand'"),
    (["show"], "Missing argument"),
    (["eval"], "Missing option '--gold'"),
    (["ingest", "--no-prefect"], "Missing argument"),
    (["generate", "-5", "out"], "No such option: -5"),
])
def test_bad_options_are_usage_errors(db, args, message):
    code, out = cli(*args, "--db", str(db)) if args[0] not in ("nosuchcommand",) else cli(*args)
    assert code in (1, 2) and message.lower() in out.lower(), out
    if "Invalid value" in message or "No such" in message or "Missing" in message:
        assert code == 2


def test_a_leading_dash_file_name_after_double_dash(tmp_path):
    from tests.plan_texts import plan_text
    (tmp_path / "-dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    code, out = proc("ingest", "--no-prefect", "--db", "w.duckdb", "--", "-dehui.txt", cwd=tmp_path)
    assert code == 0 and "loaded -dehui.txt dehui-children" in out, out
    code, out = proc("ingest", "--no-prefect", "--db", "w.duckdb", "-dehui.txt", cwd=tmp_path)
    assert code == 2 and "No such option: -d" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(command):
    code, out = cli(command, "-h")
    assert code == 0 and f"Usage: planatlas {command}" in out
    assert "--help" in out


def test_every_command_is_covered_by_the_help_test():
    assert sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands) == sorted(COMMANDS)
