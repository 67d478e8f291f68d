"""`eval` and `indicators-eval` with a wrong gold file: the other command's gold, a binary file, a JSON
list, a row without its fields, bad JSON, an empty file, a default path that does not exist here. Each
is refused naming the file (and line) and what to pass, exit 1, never a traceback."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ROOT

runner = CliRunner()
GOLD = ROOT / "tests" / "gold"


def run(*args: str):
    r = runner.invoke(app, list(args), prog_name="planatlas")
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{args}: {r.exception!r}\n{r.output}"
    assert "Traceback" not in r.output
    return r


def flat(text: str) -> str:
    return " ".join(text.split())


def _write(tmp_path, name: str, content: bytes) -> str:
    f = tmp_path / name
    f.write_bytes(content)
    return str(f)


@pytest.mark.parametrize("command", ["indicators-eval", "eval"])
@pytest.mark.parametrize("name,content,message", [
    ("binary.jsonl", b"\x00\xff\xfe\x00", "{f} is not a gold file: not UTF-8 text"),
    ("list.jsonl", b"[1,2]\n", "{f}:1: not a gold row: a gold row is a JSON object {{...}}, not [1,2]"),
    ("bad.jsonl", b"\n{bad\n", "{f}:2: not a gold row: not JSON"),
    ("empty.jsonl", b"\n \n", "{f} holds no gold rows: nothing to score against"),
])
def test_a_file_that_is_no_gold_is_refused(built_db, tmp_path, command, name, content, message):
    f = _write(tmp_path, name, content)
    r = run(command, "--gold", f, "--db", str(built_db))
    assert r.exit_code == 1 and r.stdout == ""
    assert "error: " + message.format(f=f) in flat(r.stderr)


def test_indicators_eval_refuses_the_targets_gold_and_rows_without_fields(built_db, tmp_path):
    r = run("indicators-eval", "--gold", str(GOLD / "targets_000.jsonl"), "--db", str(built_db))
    assert r.exit_code == 1
    assert (f"{GOLD / 'targets_000.jsonl'}:1: not a gold row for `planatlas indicators-eval`: this is gold for "
            "`planatlas eval`") in flat(r.stderr)
    f = _write(tmp_path, "plan.jsonl", b'{"plan":"x"}\n')
    r = run("indicators-eval", "--gold", f, "--db", str(built_db))
    assert r.exit_code == 1
    assert f"{f}:1: not a gold row: a gold row for `planatlas indicators-eval` needs plan, quote, value_text, " \
           "code; this one lacks quote, value_text, code" in flat(r.stderr)


def test_eval_refuses_the_indicator_gold_and_wrongly_typed_fields(built_db, tmp_path):
    r = run("eval", "--gold", str(GOLD / "indicator_map.jsonl"), "--db", str(built_db))
    assert r.exit_code == 1
    assert (f"{GOLD / 'indicator_map.jsonl'}:1: not a gold row for `planatlas eval`: this is gold for "
            "`planatlas indicators-eval`") in flat(r.stderr)
    row = json.loads((GOLD / "targets_000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    f = _write(tmp_path, "typed.jsonl", (json.dumps({**row, "value": "0.98"}) + "\n").encode())
    r = run("eval", "--gold", f, "--db", str(built_db))
    assert r.exit_code == 1 and f"{f}:1: not a gold row: value must be a number, not '0.98'" in flat(r.stderr)
    f = _write(tmp_path, "quote.jsonl", (json.dumps({**row, "quote": "不在文中的引文"}) + "\n").encode())
    r = run("eval", "--gold", f, "--db", str(built_db))
    assert r.exit_code == 1 and f"{f}:1: 000_c3c85c2cfa5687ef.txt: quote not found" in flat(r.stderr)


def test_indicators_eval_outside_the_repository_says_to_pass_gold(built_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("indicators-eval", "--db", str(built_db))
    assert r.exit_code == 1
    assert ("cannot read the gold file tests/gold/indicator_map.jsonl: No such file or directory (looked in "
            f"{tmp_path}); run from the repository's folder, or pass --gold FILE") in flat(r.stderr)
