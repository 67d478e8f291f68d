"""A run's staging folder goes when the run ends; a killed run's folder goes with the next run's end
once nothing has written to it for STALE_STAGING_SECONDS; a running run's folder stays."""
import os
import time

from pipeline.steps import STALE_STAGING_SECONDS, remove_staging
from warehouse.staging import staging_dir


def _run_folder(db, run_id: str, age_s: float):
    folder = staging_dir(db, run_id)
    folder.mkdir(parents=True)
    f = folder / "abc.parquet"
    f.write_bytes(b"x")
    then = time.time() - age_s
    for p in (f, folder):
        os.utime(p, (then, then))
    return folder


def test_a_killed_runs_staging_goes_with_the_next_run_and_a_running_ones_stays(tmp_path):
    db = tmp_path / "w.duckdb"
    own = _run_folder(db, "20261130T120000-aaaaaa", 0)
    killed = _run_folder(db, "20261129T010000-bbbbbb", STALE_STAGING_SECONDS + 60)
    running = _run_folder(db, "20261130T115000-cccccc", STALE_STAGING_SECONDS - 600)
    remove_staging(own)
    assert not own.exists() and not killed.exists()
    assert (running / "abc.parquet").exists()
    remove_staging(running)
    assert not running.parent.exists()  # the staging root, once empty
