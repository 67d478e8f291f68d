"""The Prefect flows: `ingest` (add what is new), `build` (a full rebuild from a folder) and
`rebuild` (re-extract every stored document). One task per stage, each a thin call into
pipeline.steps: discover -> read -> convert -> segment -> extract -> load.

Import this module only once the API is chosen (pipeline.prefect_server.orchestrator sets
PREFECT_API_URL): Prefect reads its settings when first imported.
"""
from __future__ import annotations

from pathlib import Path

import pipeline  # noqa: F401  (sets Prefect's no-analytics environment first)
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors.bundle import SourceFile
from pipeline import steps
from pipeline.prefect_server import die_with_parent
from pipeline.sources import Discovery
from warehouse.catalog import NotModified, Quarantined


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(paths: list[Path]) -> Discovery:
    return steps.discover(paths)


@task(name="metadata", cache_policy=NO_CACHE)
def metadata_task(files: list[Path]) -> tuple[list[dict], list[str]]:
    return steps.read_metadata(files)


@task(name="known", cache_policy=NO_CACHE)
def known_task(db: Path) -> set[tuple[str, str]]:
    return steps.known_files(db)


@task(retries=2, retry_delay_seconds=1, name="read", cache_policy=NO_CACHE)
def read_task(path: Path, known: set[tuple[str, str]]):
    return steps.read_source(path, known)  # file I/O can fail transiently: retried


@task(name="convert", cache_policy=NO_CACHE)
def convert_task(src: SourceFile, raw: bytes):
    return steps.convert(src, raw)


@task(name="segment", cache_policy=NO_CACHE)
def segment_task(src: SourceFile, doc, metadata: list[dict]):
    return steps.segment(src, doc, metadata)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(doc):
    return steps.extract(doc)


@task(name="load", cache_policy=NO_CACHE)
def load_task(db: Path, batch: steps.Batch, info, full: bool, replace: bool, wait: float, metadata: list[dict]):
    return steps.load(db, batch, info, full=full, replace=replace, wait=wait, metadata=metadata)


def _process(found: Discovery, metadata: list[dict], known: set[tuple[str, str]]) -> steps.Batch:
    batch = steps.Batch(items=list(found.unreadable))
    for path in found.files:
        rec, raw = read_task(path, known)
        if isinstance(rec, SourceFile):
            batch.raw[rec.sha256] = raw
            batch.items.append(extract_task(segment_task(rec, convert_task(rec, raw), metadata)))
        else:
            batch.items.append(rec)
    return batch


def _info(trigger: str):
    return steps.new_run(trigger, str(flow_run.id) if flow_run.id else None)


@flow(name="ingest", log_prints=False)
def ingest_flow(paths: list[Path], db: Path, trigger: str = "ingest", wait: float = 0.0,
                extra_metadata: list[Path] | None = None):
    found = discover_task(paths)
    metadata, problems = metadata_task(found.metadata_files + list(extra_metadata or []))
    batch = _process(found, metadata, known_task(db))
    batch.metadata_problems = problems
    return load_task(db, batch, _info(trigger), False, False, wait, metadata)


@flow(name="build", log_prints=False)
def build_flow(corpus: Path, db: Path, wait: float = 0.0, replace: bool = False):
    found = discover_task([corpus])
    metadata, problems = metadata_task(found.metadata_files)
    batch = _process(found, metadata, set())
    batch.metadata_problems = problems
    return load_task(db, batch, _info("build"), True, replace, wait, metadata)


@flow(name="rebuild", log_prints=False)
def rebuild_flow(db: Path, wait: float = 0.0, replace: bool = False):
    sources, metadata = steps.stored_sources(db)
    batch = steps.Batch()
    for src, raw in sources:
        if raw is None:
            batch.items.append(Quarantined(src, "its bytes were not stored (over the size cap)"))
            continue
        batch.raw[src.sha256] = raw
        batch.items.append(extract_task(segment_task(src, convert_task(src, raw), metadata)))
    return load_task(db, batch, _info("rebuild"), True, replace, wait, metadata)


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(sources: Path, db: Path, known: set[tuple[str, str]]):
    return steps.fetch_all(steps.read_source_list(sources), db, known)  # httpx retries inside


@flow(name="scheduled-ingest", log_prints=False)
def scheduled_flow(db: str, inbox: str | None = None, sources: str | None = None, wait: float = 60.0) -> dict:
    """One scheduled run: what is new or changed in the inbox and at the URLs of the sources file.
    Files already seen are not read again, so a run that finds nothing new extracts nothing."""
    die_with_parent()
    db_path = Path(db)
    known = known_task(db_path)
    found = discover_task([Path(inbox)]) if inbox else Discovery()
    metadata, problems = metadata_task(found.metadata_files)
    batch = _process(found, metadata, known)
    batch.metadata_problems = problems
    if sources:
        for f in fetch_task(Path(sources), db_path, known):
            batch.source_states.append(f.state)
            if f.not_modified:
                batch.items.append(NotModified(f.url))
            elif isinstance(f.record, SourceFile):
                batch.raw[f.record.sha256] = f.raw
                batch.items.append(extract_task(segment_task(f.record, convert_task(f.record, f.raw), metadata)))
            else:
                batch.items.append(f.record)
    result = load_task(db_path, batch, _info("schedule"), False, False, wait, metadata)
    return {"run_id": result.run_id, "status": result.status, **result.counts, "plans": result.plans}


@flow(name="empty")
def empty_flow() -> None:
    """Measures Prefect's own cost per run (benchmarks/bench_build.py)."""
    return None
