"""The Prefect flow `build`: ingest -> segment -> extract -> load, one task per document stage."""
from __future__ import annotations

from pathlib import Path

import pipeline  # noqa: F401  (sets Prefect's no-analytics environment first)
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import steps


@task(retries=2, retry_delay_seconds=1, name="ingest", cache_policy=NO_CACHE)
def ingest_task(path: Path):
    return steps.ingest(path)  # file I/O can fail transiently: retried


@task(name="segment", cache_policy=NO_CACHE)
def segment_task(src, metadata: list[dict]):
    return steps.segment(src, metadata)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(doc):
    return steps.extract(doc)


@task(retries=1, retry_delay_seconds=2, name="load", cache_policy=NO_CACHE)
def load_task(db: Path, results: list, wait: float):
    return steps.load(db, results, wait)


@flow(name="build", log_prints=False)
def build(corpus: Path, db: Path, wait: float = 0.0) -> steps.BuildReport:
    metadata = steps.read_metadata(corpus)
    paths = steps.discover(corpus)
    sources = [ingest_task(p) for p in paths]
    results = [extract_task(segment_task(s, metadata)) for s in sources]
    counts = load_task(db, results, wait)
    return steps.BuildReport(counts, [r for r in results if isinstance(r, steps.Quarantined)])


@flow(name="empty")
def empty_flow() -> None:
    """Measures Prefect's own cost per run (benchmarks/bench_build.py)."""
    return None
