"""Bad and awkward inputs through the real `planatlas ingest --no-prefect`, into a warehouse that
already holds a plan: every case in one inbox (a real process), and every case alone (in-process
through typer's runner). For each: its exact outcome line, the exit code, nothing else in the inbox
affected, no partial rows, no shell side effect, the published warehouse passing the zero-row
checks and the shared contract checker, and every input accounted for.

The cases and their expected outcomes are in tests/reliability/bad_inputs.py.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ROOT
from tests.plan_texts import plan_text
from tests.reliability.bad_inputs import BASE_JURISDICTION, Case, cases
from warehouse.checks import run_checks

CLI = str(Path(sys.executable).with_name("planatlas"))
CONTRACT_TOOL = Path("/work/shared/tools/check_contract.py")
OUTCOMES = ("loaded", "unchanged", "duplicate", "superseded", "quarantined")
CASES = cases()
FAST = [c for c in CASES if not c.slow]
BASE_PLAN = "changchun-children"


@dataclass
class Run:
    code: int
    output: str
    lines: list[tuple[str, str, str]]   # (outcome, path as printed, detail)
    metadata: list[str]


def parse(code: int, output: str) -> Run:
    lines, metadata = [], []
    for ln in output.splitlines():
        word = ln.split(" ", 1)[0]
        if word in OUTCOMES:
            path, _, detail = ln[len(word):].strip().partition("  ")
            lines.append((word, path, detail.strip()))
        elif word == "metadata":
            metadata.append(ln[len(word):].strip())
    return Run(code, output, lines, metadata)


def q(db: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under the folder (links not followed) with its content digest or link target."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = "dir"
    return out


def inputs(folder: Path) -> list[Path]:
    """The plan inputs under a folder (plans.csv files are metadata, not inputs)."""
    out = []
    for dirpath, _, filenames in os.walk(folder):
        out += [Path(dirpath) / n for n in filenames if n != "plans.csv"]
    return sorted(out)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A warehouse holding one plan (长春市), with its raw store."""
    d = tmp_path_factory.mktemp("base")
    (d / "in").mkdir()
    (d / "in" / "changchun.txt").write_text(plan_text(BASE_JURISDICTION), encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(d / "in"), "--db", str(d / "w.duckdb"), "--no-prefect"])
    assert r.exit_code == 0, r.output
    return d / "w.duckdb"


def copy_base(base: Path, to: Path) -> Path:
    to.mkdir(parents=True, exist_ok=True)
    db = to / "w.duckdb"
    shutil.copyfile(base, db)
    shutil.copytree(str(base) + ".raw", str(db) + ".raw")
    return db


def line_for(run: Run, case: Case) -> tuple[str, str]:
    mine = [(o, d) for o, p, d in run.lines if p.endswith(case.reported)
            and (p == case.reported or p.endswith("/" + case.reported))]
    assert len(mine) == 1, f"{case.key}: {len(mine)} lines for {case.reported!r} in\n{run.output}"
    return mine[0]


def matches(expected, got: str) -> bool:
    return expected.fullmatch(got) is not None if isinstance(expected, re.Pattern) else expected == got


def expect_line(run: Run, case: Case, alone: bool) -> None:
    outcome, detail = line_for(run, case)
    want_outcome = (case.outcome_alone or case.outcome) if alone else case.outcome
    want_detail = case.detail_alone if alone and case.detail_alone is not None else case.detail
    assert outcome == want_outcome, f"{case.key}: {outcome} {detail}"
    assert matches(want_detail, detail), f"{case.key}: {detail!r} is not {want_detail!r}"
    if case.metadata_problem is not None:
        assert any(matches(case.metadata_problem, m) for m in run.metadata), (case.key, run.metadata)


def expect_rows(db: Path, case: Case, alone: bool) -> None:
    """The case's plans, with their completeness and notes; quarantined bytes have no rows."""
    outcome = (case.outcome_alone or case.outcome) if alone else case.outcome
    if outcome == "loaded":
        plans = case.plans
        rows = q(db, "SELECT plan_id, structure_complete, structure_notes FROM plans WHERE plan_id = ANY(?)",
                 [list(plans)])
        assert sorted(r[0] for r in rows) == sorted(plans), case.key
        for _, complete, notes in rows:
            assert complete is case.complete, (case.key, notes)
            assert tuple(notes or ()) == case.notes, case.key
        if case.complete:  # the whole plan: 7 domains, 2 goals and 2 measures in each
            assert q(db, """SELECT count(DISTINCT d.domain_id), count(*) FILTER (WHERE v.kind = 'goal'),
                                   count(*) FILTER (WHERE v.kind = 'measure')
                            FROM domains d JOIN provisions v USING (domain_id) WHERE d.plan_id = ?""",
                     [plans[0]]) == [(7, 14, 14)], case.key


def expect_sound_warehouse(db: Path, folder: Path, work: Path, before: dict[str, str]) -> None:
    """Zero-row checks, the contract checker, no partial rows, every input accounted for, the inbox
    untouched and no shell side effect."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert run_checks(con) == {}
    finally:
        con.close()
    if CONTRACT_TOOL.exists():
        contract_problems(db)
    assert q(db, """SELECT original_name FROM documents d WHERE status IN ('loaded', 'superseded')
                    AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.source_sha256 = d.source_sha256)""") == []
    assert q(db, """SELECT original_name FROM documents d WHERE status = 'quarantined'
                    AND EXISTS (SELECT 1 FROM plans p WHERE p.source_sha256 = d.source_sha256)""") == []
    assert q(db, "SELECT plan_id FROM plans WHERE plan_id NOT IN (SELECT plan_id FROM provisions)") == []
    assert q(db, "SELECT count(*) FROM plans WHERE plan_id = ?", [BASE_PLAN]) == [(1,)]
    last = q(db, "SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1")[0][0]
    seen = {r[0] for r in q(db, "SELECT source_path FROM run_files WHERE run_id = ?", [last])}
    documented = set(q(db, "SELECT original_name, source_sha256 FROM documents"))
    for p in inputs(folder):
        assert str(p) in seen, f"{p} is not in run_files"
        if not p.is_symlink():
            assert (p.name, hashlib.sha256(p.read_bytes()).hexdigest()) in documented, f"{p} is not in documents"
    assert snapshot(folder) == before, "the run changed the inbox"
    for root in (work, ROOT):
        assert not list(root.rglob("pwned")), "a file name was run by a shell"
    assert (work / "x").exists(), "a file name was run by a shell (rm -rf x)"


# The shared checker re-decodes each .txt source with a short heuristic of its own (a UTF-16 mark,
# else UTF-8, else GB18030): it reads a UTF-32 file (whose mark starts like UTF-16's) as UTF-16 and a
# Big5 file as GB18030 mojibake, and then finds documents.text "not the decoded source file". For
# those two plans the text is checked here against the file decoded with its real codec instead.
CHECKER_MISREADS = {"dongfeng-children": "utf-32", "jian-children": "big5"}


@functools.lru_cache(maxsize=1)
def _checker():
    spec = importlib.util.spec_from_file_location("check_contract", CONTRACT_TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def contract_problems(db: Path) -> None:
    """Run the shared checker (in this process: it is a plain script with a main())."""
    out = io.StringIO()
    argv = sys.argv
    try:
        sys.argv = [str(CONTRACT_TOOL), str(db)]
        with contextlib.redirect_stdout(out):
            _checker().main()
    finally:
        sys.argv = argv
    stdout = out.getvalue()
    summary = re.search(r"^(\d+) problems;", stdout, re.M)
    assert summary, stdout
    for line in stdout.splitlines()[:int(summary.group(1))]:
        m = re.fullmatch(r"plan (\S+): documents.text is not the decoded source file", line)
        assert m and m.group(1) in CHECKER_MISREADS, stdout
        [(path, text)] = q(db, """SELECT p.source_path, d.text FROM plans p JOIN documents d USING (source_sha256)
                                  WHERE p.plan_id = ?""", [m.group(1)])
        assert Path(path).read_bytes().decode(CHECKER_MISREADS[m.group(1)]).removeprefix("\ufeff") == text


# ------------------------------------------------------------------------- every case in one inbox


def run_inbox(base: Path, work: Path, chosen: list[Case]) -> tuple[Run, Path, Path, dict]:
    db = copy_base(base, work)
    inbox = work / "inbox"
    inbox.mkdir()
    (work / "x").write_text("must survive")
    for c in chosen:
        c.make(inbox)
    before = snapshot(inbox)
    r = subprocess.run([CLI, "ingest", "inbox", "--no-prefect", "--db", str(db)], cwd=work, capture_output=True,
                       text=True)
    assert "Traceback" not in r.stdout + r.stderr, r.stdout + r.stderr
    return parse(r.returncode, r.stdout), db, inbox, before


@pytest.fixture(scope="module")
def together(base, tmp_path_factory, worker_id):
    """The one-inbox run, made once for all xdist workers (under a lock in their shared folder)."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    work = shared / "bad-inputs-together"
    with open(shared / "bad-inputs-together.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "bad-inputs-together.json"
        if not done.exists():
            run, db, inbox, before = run_inbox(base, work, FAST)
            done.write_text(json.dumps({"code": run.code, "output": run.output, "before": before}))
        saved = json.loads(done.read_text())
    return parse(saved["code"], saved["output"]), work / "w.duckdb", work / "inbox", saved["before"]


def test_the_suite_is_large_enough():
    assert len(CASES) >= 30 and len({c.key for c in CASES}) == len(CASES)
    assert len({c.reported for c in CASES}) == len(CASES)


def test_one_inbox_exit_code_and_one_line_per_file(together):
    run, db, inbox, before = together
    assert run.code == 1, run.output  # something was quarantined
    assert len(run.lines) == len(inputs(inbox)), run.output
    assert re.search(rf"^{len(inputs(inbox))} files: \d+ loaded, 0 unchanged, 2 duplicate, 0 superseded, "
                     rf"\d+ quarantined \(run \S+\); \S+ holds \d+ plans$", run.output, re.M), run.output


def test_one_inbox_warehouse_is_sound(together):
    run, db, inbox, before = together
    expect_sound_warehouse(db, inbox, inbox.parent, before)
    loaded = [p for c in FAST for p in c.plans if c.outcome == "loaded"]
    assert sorted(r[0] for r in q(db, "SELECT plan_id FROM plans")) == sorted(loaded + [BASE_PLAN])


@pytest.mark.parametrize("case", FAST, ids=lambda c: c.key)
def test_in_one_inbox(together, case):
    run, db, inbox, _ = together
    expect_line(run, case, alone=False)
    expect_rows(db, case, alone=False)


# ---------------------------------------------------------------------------------- each alone


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c.slow else c for c in CASES],
                         ids=lambda c: c.key)
def test_alone(base, tmp_path, case):
    db = copy_base(base, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (tmp_path / "x").write_text("must survive")
    case.make(inbox)
    before = snapshot(inbox)
    r = CliRunner().invoke(app, ["ingest", str(inbox), "--db", str(db), "--no-prefect"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    run = parse(r.exit_code, r.output)
    outcome = case.outcome_alone or case.outcome
    assert run.code == (1 if outcome == "quarantined" else 0), r.output
    assert len(run.lines) == len(inputs(inbox)) == 1, r.output
    expect_line(run, case, alone=True)
    expect_rows(db, case, alone=True)
    expect_sound_warehouse(db, inbox, tmp_path, before)


@pytest.mark.slow
def test_one_inbox_with_the_50_mb_file(base, tmp_path):
    run, db, inbox, before = run_inbox(base, tmp_path, CASES)
    assert run.code == 1
    for case in CASES:
        expect_line(run, case, alone=False)
    expect_sound_warehouse(db, inbox, tmp_path, before)


# ----------------------------------------------------------------------------- details of some


def test_markup_in_a_plan_is_stored_as_printed(together):
    _, db, _, _ = together
    [(text,)] = q(db, "SELECT text FROM documents WHERE original_name = '33_markup.txt'")
    assert "儿童健康素养水平不断提升<script>alert('x')</script>，<img src=x onerror=\"alert(1)\">。" in text
    assert q(db, "SELECT text FROM provisions WHERE plan_id = 'longjing-children' AND text LIKE '%<script>%'") == [
        ("儿童健康素养水平不断提升<script>alert('x')</script>，<img src=x onerror=\"alert(1)\">。",)]


def test_a_big5_plan_keeps_its_characters_and_is_read_through_a_simplified_view(together):
    _, db, _, _ = together
    [(text, encoding)] = q(db, "SELECT text, encoding FROM documents WHERE original_name = '09_big5.txt'")
    assert encoding == "big5"
    assert q(db, "SELECT jurisdiction, subject, period_start, period_end FROM plans WHERE plan_id = 'jian-children'"
             ) == [("集安市", "children", 2021, 2030)]
    assert q(db, "SELECT title, code FROM domains WHERE plan_id = 'jian-children' ORDER BY ordinal") == [
        ("兒童與健康", "health"), ("兒童與安全", "safety"), ("兒童與教育", "education"), ("兒童與福利", "welfare"),
        ("兒童與家庭", "family"), ("兒童與環境", "environment"), ("兒童與法律保護", "law")]
    rows = q(db, "SELECT text, char_start, char_end FROM provisions WHERE plan_id = 'jian-children' AND kind = 'goal'"
                 " ORDER BY char_start LIMIT 2")
    assert [r[0] for r in rows] == ["嬰兒死亡率控制在千分之4.5以下。", "兒童健康素養水平不斷提升。"]
    assert all(text[a:b] == t for t, a, b in rows)
    assert q(db, """SELECT indicator_code, comparator, value, unit, value_text FROM targets
                    WHERE plan_id = 'jian-children' ORDER BY value_start LIMIT 2""") == [
        ("infant_mortality_rate", "<=", 4.5, "‰", "千分之4.5"), ("child_injury_mortality_rate", "decrease", 20.0, "%", "20%")]


def test_the_unreadable_link_is_in_run_files_only(together):
    _, db, inbox, _ = together
    rows = q(db, "SELECT outcome, detail FROM run_files WHERE source_path = ?", [str(inbox / "27_link_out.txt")])
    assert len(rows) == 1 and rows[0][0] == "quarantined" and "not followed" in rows[0][1]
    assert q(db, "SELECT count(*) FROM documents WHERE original_name = '27_link_out.txt' OR "
                 "original_name = 'elsewhere.txt'") == [(0,)]


def test_quarantined_documents_keep_their_reason_and_no_text(together):
    _, db, _, _ = together
    rows = q(db, "SELECT original_name, reason, text FROM documents WHERE status = 'quarantined' ORDER BY seq")
    assert {r[0] for r in rows} == {c.reported.rsplit("/", 1)[-1] for c in FAST
                                    if c.outcome == "quarantined" and c.in_documents}
    assert all(r[1] and r[2] is None for r in rows)
