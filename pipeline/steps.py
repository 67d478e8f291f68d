"""The stages of a run as plain functions: the Prefect flows wrap each one as a task, and
`--no-prefect` (and the tests) call them directly, in the same order.

discover -> read -> convert -> segment -> extract -> load. Reading skips the bytes the warehouse
already has (nothing is extracted for them); load decides what is new under the writers' lock and
publishes atomically.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from extractors import document
from extractors.bundle import Quarantined, SourceFile
from pipeline.sources import Discovery, discover, read_metadata, read_source
from warehouse import queries
from warehouse.catalog import Incoming, KnownFile, Unreadable
from warehouse.load import RunInfo, RunResult, publish_run
from warehouse.raw_store import RawStore


def new_run(trigger: str, flow_run_id: str | None = None) -> RunInfo:
    now = dt.datetime.now()
    return RunInfo(f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}", trigger, now, flow_run_id)


def known_files(db: Path) -> set[tuple[str, str]]:
    """(sha256, name) of every file the published warehouse has seen: those are not read again."""
    return queries.known_files(db)


def convert(src: SourceFile, raw: bytes):
    return document.read(src, raw)


def segment(src: SourceFile, doc, metadata: list[dict]):
    return document.segment(src, doc, metadata)


def extract(doc):
    return document.extract(doc)


def process(src: SourceFile, raw: bytes, metadata: list[dict]) -> Incoming:
    return extract(segment(src, convert(src, raw), metadata))


@dataclass
class Batch:
    """What the reading stage produced: the items to decide on and the bytes of those that were read."""
    items: list[Incoming] = field(default_factory=list)
    raw: dict[str, bytes] = field(default_factory=dict)
    metadata_problems: list[str] = field(default_factory=list)


def read_all(found: Discovery, metadata: list[dict], known: set[tuple[str, str]]) -> Batch:
    """Plain (no orchestrator) reading and processing of every discovered file, in order."""
    batch = Batch(items=list(found.unreadable))
    for path in found.files:
        rec, raw = read_source(path, known)
        if isinstance(rec, SourceFile):
            batch.raw[rec.sha256] = raw
            batch.items.append(process(rec, raw, metadata))
        else:
            batch.items.append(rec)
    return batch


def load(db: Path, batch: Batch, info: RunInfo, *, full: bool, replace: bool = False, wait: float = 0.0,
         metadata: list[dict] | None = None) -> RunResult:
    def reprocess(item: KnownFile) -> Incoming:
        raw = Path(item.source.source_path).read_bytes()
        batch.raw[item.source.sha256] = raw
        return process(item.source, raw, metadata or [])

    result = publish_run(db, batch.items, batch.raw, info, full=full, replace=replace, wait=wait, reprocess=reprocess)
    result.extra["metadata_problems"] = batch.metadata_problems
    return result


def ingest_plain(paths: list[Path], db: Path, *, trigger: str = "ingest", wait: float = 0.0,
                 extra_metadata: list[Path] = ()) -> RunResult:
    """Add what is new under `paths` to the warehouse (created if missing), without the orchestrator."""
    found = discover(paths)
    metadata, problems = read_metadata(found.metadata_files + list(extra_metadata))
    batch = read_all(found, metadata, known_files(db))
    batch.metadata_problems = problems
    return load(db, batch, new_run(trigger), full=False, wait=wait, metadata=metadata)


def build_plain(corpus: Path, db: Path, wait: float = 0.0, replace: bool = False) -> RunResult:
    """A full rebuild from a folder, without the orchestrator."""
    found = discover([corpus])
    metadata, problems = read_metadata(found.metadata_files)
    batch = read_all(found, metadata, set())
    batch.metadata_problems = problems
    return load(db, batch, new_run("build"), full=True, replace=replace, wait=wait, metadata=metadata)


def stored_sources(db: Path) -> tuple[list[tuple[SourceFile, bytes | None]], list[dict]]:
    """Every document the warehouse has seen, in the order first seen, with its stored bytes, and
    the metadata its plans were loaded with (rebuild re-reads them with the current extractors)."""
    store = RawStore(db)
    out = []
    for src, stored in queries.stored_documents(db):
        out.append((src, store.get(src.sha256) if stored else None))
    return out, queries.plan_metadata_rows(db)


def rebuild_plain(db: Path, wait: float = 0.0, replace: bool = False) -> RunResult:
    """Re-extract every stored document into a new warehouse, without the orchestrator."""
    sources, metadata = stored_sources(db)
    batch = Batch()
    for src, raw in sources:
        if raw is None:
            batch.items.append(Quarantined(src, "its bytes were not stored (over the size cap)"))
            continue
        batch.raw[src.sha256] = raw
        batch.items.append(process(src, raw, metadata))
    return load(db, batch, new_run("rebuild"), full=True, replace=replace, wait=wait, metadata=metadata)


__all__ = ["Batch", "Unreadable", "build_plain", "ingest_plain", "rebuild_plain", "load", "process", "convert",
           "segment", "extract", "read_all", "new_run", "known_files", "stored_sources", "discover",
           "read_metadata", "read_source"]
