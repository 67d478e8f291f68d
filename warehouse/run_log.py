"""Runs that failed before they could publish, in a log beside the warehouse.

A run records itself in the warehouse's `runs` table when it publishes; one that fails (a full disk, a
read-only folder, a busy warehouse) publishes nothing, so without this log a cron job's failures would
leave no trace where `planatlas status` looks. One JSON object per line: when, what, why.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

KEEP = 200  # lines kept: the log never grows without bound


def log_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".failed-runs.jsonl")


def record_failed_run(db_path: Path, kind: str, message: str) -> None:
    """Append a failed run (best effort: a folder that cannot be written is often why it failed)."""
    path = log_path(db_path)
    line = json.dumps({"at": dt.datetime.now().isoformat(timespec="seconds"), "run": kind, "error": message},
                      ensure_ascii=False)
    try:
        if not path.parent.is_dir():
            return
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        path.write_text("\n".join((lines + [line])[-KEEP:]) + "\n", encoding="utf-8")
    except OSError:
        pass


def failed_runs(db_path: Path, n: int = 10) -> list[dict]:
    """The last `n` failed runs, newest last."""
    path = log_path(db_path)
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[-n:]:
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
