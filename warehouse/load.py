"""Publish a run's changes atomically.

Measured here: while one process holds a DuckDB file open for writing, no other process can open
it, not even read-only; and a reader's shared lock keeps a writer out. So a run never writes the
published file: under the writers' lock it copies the published warehouse (or starts an empty one)
to a new file beside it, adds what is new, rebuilds the search index, runs the zero-row data checks,
and publishes the new file with os.replace (atomic on POSIX). Readers keep the previous warehouse
until then (an open connection keeps reading the old file), and a failure or kill at any moment
leaves it intact. A second writer waits up to `wait` seconds for the lock, then gives up.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from extractors.bundle import Quarantined, StagedDocument
from extractors.indicators import registry_rows
from extractors.version import EXTRACTOR_VERSION
from warehouse.catalog import Catalog, Changes, Incoming, KnownFile, decide, families_of, load_catalog
from warehouse.checks import run_checks
from warehouse.db import apply_migrations, inspect_target, interruptible
from warehouse.errors import DataCheckFailed, NothingToLoad, WarehouseBusy, WarehouseError, WouldLosePlans
from warehouse.raw_store import RawStore
from warehouse.search_index import build_search, update_search
from warehouse.staged_load import drop_staged, insert_rows as _insert, load_staged

# Tables a full rebuild carries over from the warehouse it replaces: the history of runs and what
# the web sources said last.
HISTORY = ("runs", "run_files", "sources")


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    trigger: str          # build, ingest, rebuild, remove, schedule
    started_at: dt.datetime
    flow_run_id: str | None = None
    warnings: tuple[str, ...] = ()   # e.g. plans.csv problems; kept in runs.warnings


@dataclass
class RunResult:
    run_id: str
    changes: Changes
    counts: dict[str, int]
    status: str
    published: bool
    plans: int = 0
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


@contextlib.contextmanager
def build_lock(db_path: Path, wait: float = 0.0):
    """The writers' lock of a warehouse: one run at a time writes it (a rebuild takes it before it reads
    the documents it re-extracts, and publishes with `locked`)."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a+")
    except OSError as e:
        raise WarehouseError(f"cannot create the lock file {lock_path}: {e.strerror or e}") from e
    with fh:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is writing {db_path} (lock {lock_path} is held); "
                        + (f"waited {wait:g} s: try again later or pass a longer --wait" if wait
                           else "wait for it to finish or pass --wait SECONDS")) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)




def _next_seq(con: duckdb.DuckDBPyConnection | None) -> int:
    if con is None:
        return 1
    return con.execute("SELECT coalesce(max(seq), 0) + 1 FROM documents").fetchall()[0][0]


def _run_rows(info: RunInfo, ch: Changes, status: str, message: str | None) -> dict[str, list[dict]]:
    c = ch.counts()
    run = {"run_id": info.run_id, "started_at": info.started_at, "finished_at": dt.datetime.now(),
           "trigger": info.trigger, "new": c["loaded"], "unchanged": c["unchanged"], "duplicate": c["duplicate"],
           "superseded": c["superseded"], "quarantined": c["quarantined"], "status": status, "message": message,
           "extractor_version": EXTRACTOR_VERSION, "flow_run_id": info.flow_run_id,
           "warnings": list(info.warnings)}
    files = [{"run_id": info.run_id, "n": i, "source_path": o.source_path, "source_sha256": o.sha256,
              "outcome": o.outcome, "detail": o.detail} for i, o in enumerate(ch.outcomes, 1)]
    return {"runs": [run], "run_files": files}


def _apply_supersessions(con: duckdb.DuckDBPyConnection, ch: Changes) -> None:
    for old, new in ch.superseded_plans.items():
        con.execute("UPDATE plans SET is_current = false, superseded_by = ? WHERE plan_id = ?", [new, old])
    for pid, values in ch.relinked_plans.items():
        cols = [c for c in ("family_id", "version", "supersedes", "superseded_by") if c in values]
        con.execute(f"UPDATE plans SET {', '.join(f'{c} = ?' for c in cols)} WHERE plan_id = ?",
                    [values[c] for c in cols] + [pid])
    for sha in sorted(ch.superseded_documents):
        con.execute("UPDATE documents SET status = 'superseded' WHERE source_sha256 = ? AND status = 'loaded'", [sha])


def writer_config() -> dict[str, str]:
    """DuckDB's limits for the writer: it spills to disk beyond them instead of taking 80% of the
    machine (PLANATLAS_DUCKDB_MEMORY, default 2GB: 1GB ran out at 10,000 plans; PLANATLAS_DUCKDB_THREADS, default all cores)."""
    # (insertion order is never relied on: every reader orders; keeping it costs memory at scale)
    config = {"memory_limit": os.environ.get("PLANATLAS_DUCKDB_MEMORY", "2GB"), "preserve_insertion_order": "false"}
    if os.environ.get("PLANATLAS_DUCKDB_THREADS"):
        config["threads"] = os.environ["PLANATLAS_DUCKDB_THREADS"]
    return config


def _write(tmp: Path, base: Path | None, carry: Path | None, ch: Changes, info: RunInfo, status: str,
           stored: set[str], source_states: list[dict]) -> int:
    """Fill the new file: a copy of `base` (or empty) plus the run's rows; returns the plan count."""
    if base is not None:
        shutil.copyfile(base, tmp)
    con = interruptible(duckdb.connect(str(tmp), config=writer_config()))
    try:
        apply_migrations(con)
        if carry is not None:
            con.execute(f"ATTACH '{_sql_path(carry)}' AS prev (READ_ONLY)")
            for t in HISTORY:
                con.execute(f"INSERT INTO {t} SELECT * FROM prev.{t}")
            con.execute("DETACH prev")
        first_seq = _next_seq(con)
        now = dt.datetime.now()
        con.execute("BEGIN")
        postings = load_staged(con, ch, info.run_id, first_seq, now, stored)
        _apply_supersessions(con, ch)
        con.execute("DELETE FROM indicators")
        _insert(con, "indicators", list(registry_rows()))
        con.execute("DELETE FROM build_info")
        _insert(con, "build_info", [{"key": "extractor_version", "value": EXTRACTOR_VERSION},
                                    {"key": "last_run", "value": info.run_id}])
        for table, rows in _run_rows(info, ch, status, None).items():
            _insert(con, table, rows)
        if source_states:
            con.execute("DELETE FROM sources WHERE url = ANY(?::VARCHAR[])", [[r["url"] for r in source_states]])
            _insert(con, "sources", source_states)
        con.execute("COMMIT")
        if base is None:  # the precedent-search index and provision_links over the current plans
            build_search(con, postings=postings)
        elif ch.new_plan_ids() or ch.superseded_plans:
            added = [p.plan_id for d in ch.documents for p in d.plans if p.is_current]
            update_search(con, added, sorted(ch.superseded_plans), postings=postings)
        drop_staged(con)
        failures = run_checks(con, None if base is None else ch.new_plan_ids())
        if failures:
            raise DataCheckFailed(failures)
        con.execute("CHECKPOINT")
        return con.execute("SELECT count(*) FROM plans").fetchall()[0][0]
    finally:
        con.close()


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _publish_file(tmp: Path, db_path: Path) -> None:
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, db_path)
    dir_fd = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _refuse_losses(current: set[str], ch: Changes, db_path: Path, replace: bool,
                   removed: frozenset[str] = frozenset()) -> None:
    new_ids = set(ch.new_plan_ids())
    if not new_ids:
        why = [f"{Path(o.source_path).name}: {o.detail}" for o in ch.outcomes if o.outcome == "quarantined"]
        raise NothingToLoad("no loadable plan among the files: nothing to publish; "
                            f"{db_path} is unchanged" + (f" (quarantined: {'; '.join(why[:3])}"
                                                         f"{' …' if len(why) > 3 else ''})" if why else ""))
    lost = sorted(current - new_ids - removed)
    if lost and not replace:
        raise WouldLosePlans(
            f"the new warehouse would drop {len(lost)} of the {len(current)} plans {db_path} has "
            f"({', '.join(lost[:12])}{' …' if len(lost) > 12 else ''}); {db_path} is unchanged. "
            "Pass --replace to publish it anyway, or use `planatlas ingest` to add files.")


def publish_run(db_path: Path, items: list[Incoming], info: RunInfo, *,
                full: bool = False, replace: bool = False, wait: float = 0.0,
                reprocess: Callable[[KnownFile], Incoming] | None = None,
                source_states: list[dict] = (), locked: bool = False,
                removed: frozenset[str] = frozenset()) -> RunResult:
    """Decide what `items` change and publish the result (`locked`: the caller holds the writers' lock).

    full=False (ingest): add to the published warehouse (or a new one). full=True (build, rebuild): the
    items are the whole corpus of a new warehouse; it must not drop plans the published one has unless
    `replace`. The bytes of the files that were read are already in the raw store;
    `source_states` what each polled URL said (kept in `sources` for conditional requests); `removed`
    the plans a full run may drop without `replace` (those of the documents `planatlas remove` leaves out).

    One bad file never stops the others: a document whose rows fail a data check is quarantined with
    the check's name and the run is published without it."""
    t0 = time.perf_counter()
    db_path = Path(db_path)
    state = inspect_target(db_path, must_be_current=not full)  # refused before any lock file is made
    with contextlib.nullcontext() if locked else build_lock(db_path, wait):
        state = inspect_target(db_path, must_be_current=not full)  # what another run published meanwhile
        base = db_path if state.exists and not full else None
        known = _known_shas(base)
        items = [_recheck(i, known, reprocess) for i in items]
        for _ in range(len(items) + 1):
            ch = _decide(base, items)
            if full:
                _refuse_losses(state.plan_ids, ch, db_path, replace, removed)
            try:
                n_plans = _publish(db_path, base, state, ch, info, list(source_states), full)
                break
            except DataCheckFailed as e:
                items = _quarantine_failing(items, ch, e)
    return RunResult(info.run_id, ch, ch.counts(), "quarantined" if ch.counts()["quarantined"] else "ok", True,
                     n_plans, time.perf_counter() - t0)


def _decide(base: Path | None, items: list[Incoming]) -> Changes:
    con = interruptible(duckdb.connect(str(base), read_only=True)) if base else None
    try:
        return decide(load_catalog(con, families_of(items)) if con else Catalog(), items)
    finally:
        if con is not None:
            con.close()


def _quarantine_failing(items: list[Incoming], ch: Changes, e: DataCheckFailed) -> list[Incoming]:
    """The items whose new plans a failed check names, turned into quarantine notes; re-raise when
    the failure is not in this run's plans (then nothing is published)."""
    by_plan = {p.plan_id: row.source.sha256 for row in ch.documents for p in row.plans}
    bad: dict[str, str] = {}
    for check, rows in e.failures.items():
        for row in rows:
            for value in map(str, row):
                pid = value.split("/", 1)[0]
                if pid in by_plan:
                    bad.setdefault(by_plan[pid], check)
    if not bad:
        raise e
    return [Quarantined(i.source, f"its rows fail the warehouse's data check {bad[i.source.sha256]}; "
                                  "loaded nothing of it (please report)", i.media_type, i.encoding)
            if isinstance(i, StagedDocument) and i.source.sha256 in bad else i for i in items]


def _publish(db_path: Path, base: Path | None, state, ch: Changes, info: RunInfo, source_states: list[dict],
             full: bool) -> int:
    store = RawStore(db_path)
    stored = {row.source.sha256 for row in ch.documents if store.has(row.source.sha256)}
    status = "quarantined" if ch.counts()["quarantined"] else "ok"
    tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    for stale in db_path.parent.glob(f".{db_path.name}.building-*"):
        _remove(stale)  # left by a killed run (with DuckDB's spill folder, *.tmp); we hold the lock
    RawStore(db_path).remove_stale_temporaries()
    try:
        n_plans = _write(tmp, base, db_path if full and state.exists and state.current else None,
                         ch, info, status, stored, source_states)
        _publish_file(tmp, db_path)
        return n_plans
    except OSError as e:
        raise _os_error(e, db_path) from e
    except duckdb.Error as e:
        if "space" in str(e).lower():
            raise WarehouseError(_disk_full(db_path)) from e
        raise
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal"), tmp.with_name(tmp.name + ".tmp")):
            _remove(leftover)


def _remove(path: Path) -> None:
    """A file or a folder (DuckDB spills to `<file>.tmp/`), if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _known_shas(base: Path | None) -> set[str]:
    if base is None:
        return set()
    con = interruptible(duckdb.connect(str(base), read_only=True))
    try:
        return {r[0] for r in con.execute("SELECT DISTINCT source_sha256 FROM documents").fetchall()}
    finally:
        con.close()


def _recheck(item: Incoming, known: set[str], reprocess) -> Incoming:
    """A file that looked known when the run started but is not in the warehouse under the lock (it
    was rebuilt meanwhile) is read after all."""
    if isinstance(item, KnownFile) and item.source.sha256 not in known:
        if reprocess is None:
            raise WarehouseError(f"{item.source.original_name} was skipped as known but the warehouse no longer has it")
        return reprocess(item)
    return item


def _disk_full(db_path: Path) -> str:
    """The disk-full message, naming what killed runs left beside the warehouse (their staging folders
    are removed only after hours, in case a run is still staging there)."""
    staging = db_path.with_name(db_path.name + ".staging")
    left = sum(f.stat().st_size for f in staging.rglob("*") if f.is_file()) if staging.is_dir() else 0
    return (f"the disk is full while writing next to {db_path}; {db_path} is unchanged"
            + (f". {staging} holds {left / 2**20:.0f} MB that runs killed before they finished left behind: "
               "delete it when no other run is going" if left else ""))


def _os_error(e: OSError, db_path: Path) -> WarehouseError:
    if e.errno == errno.ENOSPC:
        return WarehouseError(_disk_full(db_path))
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WarehouseError(f"cannot write in {db_path.parent}: {e.strerror}; {db_path} is unchanged")
    return WarehouseError(f"cannot write {db_path}: {e.strerror or e}; {db_path} is unchanged")
