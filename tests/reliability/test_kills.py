"""Kills that land: SIGKILL a build, an ingest and a scheduled run at points spread over their whole
duration (measured first, publish included), then check that the warehouse is the previous good one
or the complete new one, that no process is left, and that the next run completes."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CORPUS, ROOT
from tests.pipeline.test_serve import processes_mentioning, wait_for
from tests.plan_texts import plan_text
from tests.warehouse.test_build import dump

CLI = str(Path(sys.executable).with_name("planatlas"))
CONTENT = ["documents", "plans", "domains", "provisions", "targets"]


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home)
    return env


def _run(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    r = subprocess.run([CLI, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return time.perf_counter() - t0


def _kill_at(args: list[str], env: dict, delay: float) -> None:
    proc = subprocess.Popen([CLI, *args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _state(db: Path) -> dict:
    return dump(db, CONTENT)


def _no_process_left(tmp: Path) -> None:
    deadline = time.monotonic() + 10  # the kernel delivers PDEATHSIG at once; allow a busy machine its time
    while processes_mentioning(str(tmp)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(str(tmp)) == []


def _kills(tmp_path: Path, args: list[str], prepare, points: int) -> None:
    """Run once to measure the duration and the complete result, then kill at `points` moments spread
    from 5% to 100% of it; after each, the warehouse is the previous or the complete new one."""
    home = tmp_path / "prefect-home"
    env = _env(home)
    db = tmp_path / "w.duckdb"
    prepare(db)
    before = _state(db) if db.exists() else None
    duration = _run(args, env)
    after = _state(db)
    assert after != before
    seen = {"before": 0, "after": 0}
    for k in range(points):
        prepare(db)
        _kill_at(args, env, duration * (0.05 + 0.95 * k / max(1, points - 1)))
        state = _state(db) if db.exists() else None
        assert state in (before, after), f"kill {k}: a half-written warehouse"
        seen["before" if state == before else "after"] += 1
        _no_process_left(tmp_path)
    prepare(db)
    _run(args, env)  # stale temporary and lock files block nothing
    assert _state(db) == after
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]
    print(f"{' '.join(args[:2])}: {duration:.1f} s; kills left the previous warehouse {seen['before']} times, "
          f"the new one {seen['after']} times")


def _restore(base: Path):
    def prepare(db: Path) -> None:
        for p in db.parent.glob(db.name + "*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        if base is not None:
            shutil.copyfile(base, db)
            shutil.copytree(str(base) + ".raw", str(db) + ".raw")
    return prepare


@pytest.mark.slow
def test_killed_plain_ingests(built_db, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    _kills(tmp_path, ["ingest", str(inbox), "--no-prefect", "--db", str(tmp_path / "w.duckdb")], _restore(built_db), 6)


@pytest.mark.slow
def test_killed_plain_builds(tmp_path):
    from pipeline.steps import build_plain
    part = tmp_path / "part"
    part.mkdir()
    for p in sorted(CORPUS.glob("00[0-2]*.txt")):
        shutil.copy(p, part / p.name)
    base = tmp_path / "base" / "three.duckdb"
    base.parent.mkdir()
    build_plain(part, base)  # the previous warehouse: three plans; the build makes six
    _kills(tmp_path, ["build", "--no-prefect", "--corpus", str(CORPUS), "--db", str(tmp_path / "w.duckdb")],
           _restore(base), 6)


@pytest.mark.slow
def test_killed_prefect_runs_leave_no_server(built_db, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    _kills(tmp_path, ["ingest", str(inbox), "--db", str(tmp_path / "w.duckdb")], _restore(built_db), 3)


@pytest.mark.slow
def test_a_killed_serve_leaves_no_process_and_the_warehouse_whole(built_db, tmp_path):
    """serve SIGKILLed while its server starts, while a scheduled run works, and between runs."""
    from pipeline.prefect_server import free_port
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "w.duckdb"
    _restore(built_db)(db)
    before = _state(db)
    env = _env(tmp_path / "prefect-home")
    for moment in ("server start", "run", "idle"):
        log = tmp_path / "serve.log"
        with open(log, "w") as out:
            proc = subprocess.Popen([CLI, "serve", "--inbox", str(inbox), "--interval", "2", "--db", str(db),
                                     "--port", str(free_port())], env=env, stdout=out, stderr=subprocess.STDOUT)
            if moment == "server start":
                time.sleep(2)
            else:
                wait_for(lambda: "Prefect API" in log.read_text(), 240, "the server")
                if moment == "run":
                    (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
                    time.sleep(4)
                else:
                    wait_for(lambda: "dehui-children" in [r[0] for r in _plans(db)], 240, "the plan")
                    time.sleep(3)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        _no_process_left(tmp_path)
        state = _state(db)
        assert state == before or "dehui-children" in [r[0] for r in _plans(db)]
    assert _run(["ingest", str(inbox), "--no-prefect", "--db", str(db)], env) >= 0
    assert "dehui-children" in [r[0] for r in _plans(db)]


def _plans(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT plan_id FROM plans").fetchall()
    finally:
        con.close()
