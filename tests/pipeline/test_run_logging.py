"""A run's expected failure shows in one line in Prefect's console log; a bug keeps its traceback."""
from __future__ import annotations

import io
import logging
import sys

from pipeline.run_logging import known_errors_in_one_line
from warehouse.errors import WarehouseError


def _logged(exc: Exception) -> str:
    known_errors_in_one_line()
    logger = logging.getLogger("prefect.task_runs")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        try:
            raise exc
        except Exception:
            logger.error("Task run failed with exception: %r", sys.exc_info()[1], exc_info=True)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    return out.getvalue()


def test_a_known_error_is_one_line():
    text = _logged(WarehouseError("cannot store the raw bytes in /ro/w.duckdb.raw: Read-only file system"))
    assert text == ("Task run failed with exception: WarehouseError('cannot store the raw bytes in "
                    "/ro/w.duckdb.raw: Read-only file system')\n")


def test_a_bug_keeps_its_traceback():
    text = _logged(KeyError("plan_id"))
    assert "Traceback (most recent call last)" in text and "KeyError: 'plan_id'" in text


def test_a_busy_warehouse_after_waiting_says_it_waited(tmp_path):
    import fcntl
    from warehouse.errors import WarehouseBusy
    from warehouse.load import build_lock
    db = tmp_path / "w.duckdb"
    with open(tmp_path / "w.duckdb.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            with build_lock(db, wait=0.3):
                pass
        except WarehouseBusy as e:
            assert str(e).endswith("waited 0.3 s: try again later or pass a longer --wait")
        else:
            raise AssertionError("the lock was taken twice")
