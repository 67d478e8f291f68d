"""Disk full, read-only destinations and a second writer: a clear message, the exit code, and the
published warehouse untouched (nothing half-written)."""
import contextlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.plan_texts import plan_text
from tests.warehouse.test_build import dump
from warehouse.load import build_lock

CLI = str(Path(sys.executable).with_name("planatlas"))


@contextlib.contextmanager
def tmpfs(path: Path, size: str, readonly: bool = False):
    """A small RAM file system (root only; the test is skipped elsewhere)."""
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _remount_readonly(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, cwd=ROOT, env=env)


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    return inbox


def test_a_full_disk_leaves_the_warehouse_as_it_was(built_db, tmp_path):
    size = built_db.stat().st_size
    with tmpfs(tmp_path / f"disk-{uuid.uuid4().hex[:6]}", f"{int(size * 1.5) // 1024}k") as disk:
        db = disk / "w.duckdb"
        db.write_bytes(built_db.read_bytes())
        before = dump(db)
        r = _cli("ingest", str(_inbox(tmp_path)), "--no-prefect", "--db", str(db))
        assert r.returncode == 1, r.stdout
        assert "disk is full" in r.stderr and "unchanged" in r.stderr and "Traceback" not in r.stdout + r.stderr
        assert dump(db) == before
        left = sorted(p.name for p in disk.iterdir() if not p.name.endswith(".raw"))
        # the failed run's line beside the warehouse, when the full disk still took it
        assert left in (["w.duckdb", "w.duckdb.lock"], ["w.duckdb", "w.duckdb.failed-runs.jsonl", "w.duckdb.lock"])
        if len(left) == 3:
            assert "disk is full" in (disk / "w.duckdb.failed-runs.jsonl").read_text(encoding="utf-8")


def test_a_read_only_destination_says_so(built_db, tmp_path):
    with tmpfs(tmp_path / f"ro-{uuid.uuid4().hex[:6]}", "200m") as disk:
        db = disk / "w.duckdb"
        db.write_bytes(built_db.read_bytes())
        (disk / "w.duckdb.lock").touch()
        before = dump(db)
        _remount_readonly(disk)
        r = _cli("ingest", str(_inbox(tmp_path)), "--no-prefect", "--db", str(db))
        assert r.returncode == 1, r.stdout
        assert "Read-only file system" in r.stderr and "Traceback" not in r.stdout + r.stderr
        assert dump(db) == before


def test_a_db_under_a_file_is_refused(tmp_path):
    (tmp_path / "afile").write_text("x")
    r = _cli("ingest", str(_inbox(tmp_path)), "--no-prefect", "--db", str(tmp_path / "afile" / "w.duckdb"))
    assert r.returncode == 1 and "is not a directory" in r.stderr


@pytest.mark.slow
def test_a_second_prefect_writer_exits_3(built_db, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    with build_lock(db):
        r = _cli("ingest", str(_inbox(tmp_path)), "--db", str(db), "--wait", "1", env=env)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "another run is writing" in r.stderr
    assert dump(db) == before
