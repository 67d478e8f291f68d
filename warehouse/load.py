"""Build a warehouse atomically.

Measured here: while one process holds a DuckDB file open for writing, no other process can
open it, not even read-only. So a build writes a NEW file next to the target, runs the
zero-row data checks on it, and publishes it with os.replace (atomic on POSIX); readers keep
the previous warehouse until then, and a failure or kill at any moment leaves it intact.
A lock file keeps two writers apart: the second waits up to `wait` seconds, then gives up
with a clear message.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from extractors.bundle import LoadableDocument, Quarantined
from warehouse import rows as R
from warehouse.checks import run_checks
from warehouse.db import apply_migrations
from warehouse.search import build_search
from warehouse.errors import DataCheckFailed, WarehouseBusy, WarehouseError


@contextlib.contextmanager
def build_lock(db_path: Path, wait: float = 0.0):
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another build is writing {db_path} (lock {lock_path} is held); "
                        "wait for it to finish or pass --wait SECONDS") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows)
    con.register("_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def write_warehouse(path: Path, documents: list[LoadableDocument], quarantined: list[Quarantined],
                    build_info: dict[str, str]) -> dict[str, int]:
    """Write every row into a fresh DuckDB file at `path` (which must not exist)."""
    if path.exists():
        raise WarehouseError(f"refusing to write into existing file {path}")
    con = duckdb.connect(str(path))
    try:
        apply_migrations(con)
        tables = R.all_rows(documents, quarantined, build_info)
        con.execute("BEGIN")
        for table, rows in tables.items():
            _insert(con, table, rows)
        con.execute("COMMIT")
        build_search(con)  # the precedent-search index and provision_links, from the rows above
        failures = run_checks(con)
        if failures:
            raise DataCheckFailed("data checks failed: " + "; ".join(
                f"{name} ({len(rows)} rows, e.g. {rows[0]})" for name, rows in failures.items()))
        con.execute("CHECKPOINT")
        return {t: len(rows) for t, rows in tables.items()}
    finally:
        con.close()


def publish(db_path: Path, documents: list[LoadableDocument], quarantined: list[Quarantined],
            build_info: dict[str, str], wait: float = 0.0) -> dict[str, int]:
    """Build into a temporary file beside db_path, check it, and atomically replace db_path."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(db_path, wait):
        tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
        for stale in db_path.parent.glob(f".{db_path.name}.building-*"):
            stale.unlink()  # left by a killed build; we hold the lock, so nobody else writes it
        try:
            counts = write_warehouse(tmp, documents, quarantined, build_info)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, db_path)
            dir_fd = os.open(db_path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
            return counts
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                if leftover.exists():
                    leftover.unlink()
