"""The Prefect flows: `ingest` (add what is new), `build` (a full rebuild from a folder), `rebuild`
(re-extract every stored document) and `scheduled-ingest` (what `planatlas serve` runs).

Files go to the task runner in batches (thread, process or Dask: `task_runner`); each batch task
runs the stages as nested tasks, each over the whole batch, so every stage is visible in the flow
run without a task run per file (thousands of files would cost Prefect more than the work): read
(bytes into the raw store) -> convert -> segment -> extract -> stage (one Parquet file per
document). Only small manifests come back to the flow, and the one `load` task decides what is new
and publishes the warehouse.

Import this module only once the API is chosen (pipeline.prefect_server.orchestrator sets
PREFECT_API_URL): Prefect reads its settings when first imported.
"""
from __future__ import annotations

import dataclasses
import math
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

import pipeline  # noqa: F401  (sets Prefect's no-analytics environment first)
from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect.futures import as_completed
from prefect.utilities.annotations import quote

from extractors.bundle import SourceFile
from pipeline import progress, steps
from pipeline.prefect_server import die_with_parent
from pipeline.sources import Discovery, settled
from warehouse.catalog import KnownFile, NotModified, Quarantined
from warehouse.load import build_lock
from warehouse.raw_store import RawStore, restore
from warehouse.removal import removal_plan
from warehouse.staging import staging_dir

RUNNERS = ("thread", "process", "dask")


class Carried:
    """A value handed to a task that may run in another process, untouched: like quote(), Prefect
    does not walk into it looking for futures; unlike quote() (a namedtuple), Dask's serialisation
    does not turn it into a plain tuple on the way to a worker."""
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __getstate__(self):
        return self.value

    def __setstate__(self, value) -> None:
        self.value = value
WORKERS = max(1, min(4, os.cpu_count() or 1))
BATCH_MAX = 50  # files per batch task


def task_runner(kind: str = "thread", dask_address: str | None = None, workers: int = WORKERS):
    """The Prefect task runner for --runner: threads, a process pool, or Dask (a local cluster, or
    the scheduler at --dask-address)."""
    if kind == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        from prefect_dask import DaskTaskRunner
        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    raise ValueError(f"unknown runner {kind!r}: choose {', '.join(RUNNERS)}")


def batches(paths: list, workers: int = WORKERS) -> list[list]:
    """Enough batches to keep every worker busy, none larger than BATCH_MAX."""
    if not paths:
        return []
    size = max(1, min(BATCH_MAX, math.ceil(len(paths) / (workers * 4))))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


# -- the stages, each over a batch -----------------------------------------------------------


@task(retries=2, retry_delay_seconds=1, name="read", cache_policy=NO_CACHE)
def read_task(paths: list[Path], known: set[tuple[str, str]], db: Path) -> list:
    """Each file's bytes into the raw store (content-addressed), or why it was not read."""
    store = RawStore(db)
    out = []
    for path in paths:
        rec, raw = steps.read_source(path, known)
        if isinstance(rec, SourceFile):
            store.put(rec.sha256, raw)
        elif isinstance(rec, KnownFile):  # its raw copy lost or damaged: put back from the file
            restore(store, rec.source.sha256, rec.source.size_bytes, path)
        out.append(rec)
    return out


@task(name="convert", cache_policy=NO_CACHE)
def convert_task(sources: list, db: Path) -> list:
    store = RawStore(db)
    return [steps.convert(s, store.get(s.sha256, s.original_name)) if isinstance(s, SourceFile) else s for s in sources]


@task(name="segment", cache_policy=NO_CACHE)
def segment_task(sources: list, docs: list, metadata: list[dict]) -> list:
    return [steps.segment(s, d, metadata) if isinstance(s, SourceFile) else s for s, d in zip(sources, docs)]


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(docs: list) -> list:
    return [steps.extract(d) for d in docs]


@task(name="stage", cache_policy=NO_CACHE)
def stage_task(docs: list, stage_dir: Path) -> list:
    return [steps.stage_item(d, stage_dir) for d in docs]


def exit_with_parent() -> None:
    """In a process pool's worker: exit when the run that started it is gone. A SIGKILLed run cannot
    stop its pool, and its workers (600 MB each) would wait for work forever. (Not the kernel's
    PDEATHSIG: that fires when the *thread* that forked the worker ends, which a pool's may do.)"""
    global _WATCHING
    if _WATCHING or multiprocessing.parent_process() is None:  # the run's own process: nothing to watch
        return
    _WATCHING = True
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


_WATCHING = False


@task(name="process batch", cache_policy=NO_CACHE)
def batch_task(paths: list[Path], known: Carried, metadata: Carried, db: Path, stage_dir: Path) -> list:
    """One batch of files through every stage, where the runner put it; returns manifests.
    (known: the warehouse's (name, sha256) pairs; metadata: plans.csv rows.)"""
    exit_with_parent()
    sources = read_task(paths, quote(known.value), db)
    return _through_stages(sources, metadata.value, db, stage_dir)


def _through_stages(sources: list, metadata: list[dict], db: Path, stage_dir: Path) -> list:
    # quote(): Prefect would otherwise walk every dataclass of every document looking for futures
    # (measured: 80% of a worker's time at 1,000 plans)
    docs = convert_task(quote(sources), db)
    segmented = segment_task(quote(sources), quote(docs), quote(metadata))
    return stage_task(quote(extract_task(quote(segmented))), stage_dir)


@task(name="stored batch", cache_policy=NO_CACHE)
def stored_batch_task(sources: list[SourceFile], metadata: Carried, db: Path, stage_dir: Path) -> list:
    """Documents already in the raw store (rebuild), through every stage."""
    exit_with_parent()
    store = RawStore(db)
    present = [s if store.has(s.sha256) else Quarantined(s, steps.NOT_STORED) for s in sources]
    return _through_stages(present, metadata.value, db, stage_dir)


# -- the flow-level steps --------------------------------------------------------------------


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(paths: list[Path]) -> Discovery:
    return steps.discover(paths)


@task(name="metadata", cache_policy=NO_CACHE)
def metadata_task(files: list[Path]) -> tuple[list[dict], list[str]]:
    return steps.read_metadata(files)


@task(name="known", cache_policy=NO_CACHE)
def known_task(db: Path) -> set[tuple[str, str]]:
    return steps.known_files(db)


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(sources: Path, db: Path, known: set[tuple[str, str]]):
    return steps.fetch_all(steps.read_source_list(sources), db, known)  # httpx retries inside


@task(name="load", cache_policy=NO_CACHE)
def load_task(db: Path, batch: steps.Batch, info, full: bool, replace: bool, wait: float, metadata: list[dict],
              locked: bool = False, removed: frozenset[str] = frozenset()):
    return steps.load(db, batch, info, full=full, replace=replace, wait=wait, metadata=metadata, locked=locked,
                      removed=removed)


def _process(files: list[Path], metadata: list[dict], known: set[tuple[str, str]], db: Path, stage_dir: Path) -> list:
    parts = batches(files)
    names = {p.name for p in files}
    rows = [Carried(steps.metadata_for({p.name for p in part}, metadata, names)) for part in parts]
    futures = batch_task.map(parts, unmapped(Carried(known)), rows, unmapped(db), unmapped(stage_dir))
    return _collected(futures, [len(p) for p in parts])


def _release_workers() -> None:
    """A process pool's or a local Dask cluster's workers go before the load: each holds the
    extractors' dictionaries and models (600 MB), and the writer needs that memory (4.3 GB at the peak
    of a 10,000-plan process-pool build with them alive; 4.1 GB at 2,000 plans on Dask). With
    --dask-address only this process's client closes; the cluster stays up. The runner's own exit at
    the end of the flow finds nothing left to stop (its __exit__ is idempotent); nothing is submitted
    after the extraction."""
    from prefect.context import FlowRunContext
    ctx = FlowRunContext.get()
    if ctx is None:
        return
    dask = sys.modules.get("prefect_dask")  # (loaded only by --runner dask)
    if isinstance(ctx.task_runner, ProcessPoolTaskRunner) or (dask and isinstance(ctx.task_runner, dask.DaskTaskRunner)):
        ctx.task_runner.__exit__(None, None, None)


def _collected(futures, sizes: list[int]) -> list:
    """The batches' items in file order, the progress bar advanced as each batch finishes."""
    progress.files(sum(sizes))
    size = {id(f): n for f, n in zip(futures, sizes)}
    for f in as_completed(futures):
        progress.advance(size[id(f)])
    items = [item for f in futures for item in f.result()]
    _release_workers()
    return items


def _info(trigger: str):
    return steps.new_run(trigger, str(flow_run.id) if flow_run.id else None)


def _files_run(found: Discovery, metadata: list[dict], problems: list[str], known, db: Path, info, **load) -> object:
    stage_dir = staging_dir(db, info.run_id)
    try:
        batch = steps.Batch(items=list(found.unreadable) + _process(found.files, metadata, known, db, stage_dir))
        batch.metadata_problems = problems + (steps.metadata_changes(
            db, metadata, [i for i in batch.items if isinstance(i, KnownFile)]) if not load.get("full") else [])
        return load_task(db, quote(batch), info, load.get("full", False), load.get("replace", False),
                         load.get("wait", 0.0), quote(metadata))
    finally:
        steps.remove_staging(stage_dir)


@flow(name="ingest", log_prints=False)
def ingest_flow(paths: list[Path], db: Path, trigger: str = "ingest", wait: float = 0.0,
                extra_metadata: list[Path] | None = None):
    found = discover_task(paths)
    metadata, problems = metadata_task(found.metadata_files + list(extra_metadata or []))
    return _files_run(found, metadata, problems, known_task(db), db, _info(trigger), wait=wait)


@flow(name="build", log_prints=False)
def build_flow(corpus: Path, db: Path, wait: float = 0.0, replace: bool = False):
    found = discover_task([corpus])
    metadata, problems = metadata_task(found.metadata_files)
    return _files_run(found, metadata, problems, set(), db, _info("build"), full=True, replace=replace, wait=wait)


@flow(name="rebuild", log_prints=False)
def rebuild_flow(db: Path, wait: float = 0.0, replace: bool = False, metadata_file: Path | None = None,
                 remove: list[str] | None = None):
    """Re-extract every stored document; `remove`: documents to leave out (planatlas remove)."""
    corrected, problems = metadata_task([metadata_file]) if metadata_file else ([], [])
    steps.check_rebuildable(db)
    with build_lock(db, wait):  # from reading the document list to publishing (see steps.rebuild_plain)
        removal = removal_task(db, list(remove)) if remove else None
        return _rebuild(db, wait, replace, corrected, problems, removal)


@task(name="removal", cache_policy=NO_CACHE)
def removal_task(db: Path, refs: list[str]):
    return removal_plan(db, refs)


def _rebuild(db: Path, wait: float, replace: bool, corrected: list[dict], problems: list[str], removal=None):
    sources, metadata = steps.stored_documents_and_metadata(db, corrected, removal)
    steps.check_raw_copies(db, sources)
    info = _info("remove" if removal else "rebuild")
    info = dataclasses.replace(info, warnings=tuple(steps.removal_note(removal)) if removal else ())
    stage_dir = staging_dir(db, info.run_id)
    try:
        parts = batches(sources)
        names = {s.original_name for s in sources}
        rows = [Carried(steps.metadata_for({s.original_name for s in part}, metadata, names)) for part in parts]
        futures = stored_batch_task.map(parts, rows, unmapped(db), unmapped(stage_dir))
        batch = steps.Batch(items=_collected(futures, [len(p) for p in parts]), metadata_problems=list(problems))
        result = load_task(db, quote(batch), info, True, replace, wait, quote(metadata), locked=True,
                           removed=steps.may_renumber(removal))
        if removal:
            result.extra["removed"] = steps.removed_rows(removal)
        return result
    finally:
        steps.remove_staging(stage_dir)


@flow(name="scheduled-ingest", log_prints=False)
def scheduled_flow(db: str, inbox: str | None = None, sources: str | None = None, wait: float = 60.0,
                   runner: str = "thread", dask_address: str | None = None) -> dict:
    """One scheduled run: what is new or changed in the inbox and at the URLs of the sources file.
    Files already seen are not read again, so a run that finds nothing new extracts nothing. (A
    served flow is re-imported by its run, so the task runner is chosen here, for a subflow.)"""
    die_with_parent()
    body = scheduled_body.with_options(task_runner=task_runner(runner, dask_address))
    return body(db, inbox, sources, wait)


@flow(name="scheduled-ingest-run", log_prints=False)
def scheduled_body(db: str, inbox: str | None, sources: str | None, wait: float) -> dict:
    db_path = Path(db)
    known = known_task(db_path)
    found = settled(discover_task([Path(inbox)])) if inbox else Discovery()
    metadata, problems = metadata_task(found.metadata_files)
    problems = problems + found.settling
    info = _info("schedule")
    stage_dir = staging_dir(db_path, info.run_id)
    try:
        batch = steps.Batch(items=list(found.unreadable) + _process(found.files, metadata, known, db_path, stage_dir))
        batch.metadata_problems = problems
        if sources:
            store = RawStore(db_path)
            fetched = fetch_task(Path(sources), db_path, known)
            new = []
            for f in fetched:
                batch.source_states.append(f.state)
                if f.not_modified:
                    batch.items.append(NotModified(f.url))
                elif isinstance(f.record, SourceFile):
                    store.put(f.record.sha256, f.raw)
                    new.append(f.record)
                else:
                    batch.items.append(f.record)
            if new:
                batch.items += _through_stages(new, metadata, db_path, stage_dir)
        result = load_task(db_path, quote(batch), info, False, False, wait, quote(metadata))
    finally:
        steps.remove_staging(stage_dir)
    return {"run_id": result.run_id, "status": result.status, **result.counts, "plans": result.plans}


@flow(name="empty")
def empty_flow() -> None:
    """Measures Prefect's own cost per run (benchmarks/bench_ingest.py)."""
    return None
