"""The stages of a run as plain functions: the Prefect flows wrap each one as a task, and
`--no-prefect` (and the tests) call them directly, in the same order.

discover -> read -> convert -> segment -> extract -> load. Reading skips the bytes the warehouse
already has (nothing is extracted for them); load decides what is new under the writers' lock and
publishes atomically.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import dataclasses
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractors import document
from extractors.bundle import LoadableDocument, Quarantined, SourceFile
from pipeline import progress
from pipeline.sources import (MAX_FILE_BYTES, Discovery, Fetched, discover, fetch_url, read_metadata, read_source,
                              read_source_list, settled, web_client)
from warehouse import queries
from warehouse.catalog import Incoming, KnownFile, NotModified, Unreadable
from warehouse.errors import WarehouseError
from warehouse.load import RunInfo, RunResult, build_lock, publish_run
from warehouse.raw_store import RawStore, restore
from warehouse.removal import Removal, removal_plan
from warehouse.staging import stage as stage_document, staging_dir


def new_run(trigger: str, flow_run_id: str | None = None) -> RunInfo:
    now = dt.datetime.now()
    return RunInfo(f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}", trigger, now, flow_run_id)


def known_files(db: Path) -> set[tuple[str, str]]:
    """(sha256, name) of every file the published warehouse has seen: those are not read again."""
    return queries.known_files(db)


STALE_STAGING_SECONDS = 6 * 3600  # a run's staging folder untouched this long is a killed run's


def remove_staging(stage_dir: Path) -> None:
    """The run's staging folder; other runs' folders untouched for STALE_STAGING_SECONDS (a run
    killed by SIGKILL or a power cut leaves its folder: tens of MB per thousand plans); and the
    staging root when no other run uses it."""
    shutil.rmtree(stage_dir, ignore_errors=True)
    now = time.time()
    for other in stage_dir.parent.glob("*") if stage_dir.parent.is_dir() else ():
        if other.is_dir() and now - _last_write(other) > STALE_STAGING_SECONDS:
            shutil.rmtree(other, ignore_errors=True)
    try:
        stage_dir.parent.rmdir()
    except OSError:
        pass  # another run is staging there


def _last_write(folder: Path) -> float:
    """When anything in the folder was last written (a running run writes a file per document)."""
    try:
        return max([folder.stat().st_mtime] + [f.stat().st_mtime for f in folder.iterdir()])
    except OSError:  # removed meanwhile
        return time.time()


def stage_item(item: Incoming, stage_dir: Path) -> Incoming:
    """A processed document written to its Parquet file (warehouse.staging); anything else as it is."""
    if isinstance(item, LoadableDocument):
        return _isolated("staging", item.source, stage_document, item, stage_dir)
    return item


def _isolated(stage: str, src: SourceFile, fn, *args):
    """A bug that one file trips in a stage quarantines that file (with the error) instead of
    stopping the run: the other files still load."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - deliberately broad, see above
        return Quarantined(src, f"internal error while {stage}: {type(e).__name__}: {e} (please report)")


def convert(src: SourceFile, raw: bytes):
    return _isolated("reading", src, document.read, src, raw)


def segment(src: SourceFile, doc, metadata: list[dict]):
    return _isolated("segmenting", src, document.segment, src, doc, metadata)


def extract(doc):
    return doc if isinstance(doc, Quarantined) else _isolated("extracting", doc.source, document.extract, doc)


def process(src: SourceFile, raw: bytes, metadata: list[dict]) -> Incoming:
    return extract(segment(src, convert(src, raw), metadata))


@dataclass
class Batch:
    """What the reading stage produced: the items to decide on (documents already staged; their
    bytes already in the raw store) and what polled web sources said."""
    items: list[Incoming] = field(default_factory=list)
    metadata_problems: list[str] = field(default_factory=list)
    source_states: list[dict] = field(default_factory=list)


def metadata_for(names: set[str], metadata: list[dict], run_names: set[str]) -> list[dict]:
    """The metadata rows a batch of files (by name) can match: those naming one of its files, and
    those naming no file of the run (a row matches by the bytes' digest first, so a renamed file can
    still be theirs). Every batch carrying every row cost the Dask scheduler a copy per batch (the
    flow's process held 3 GB while 10,000 plans were extracting)."""
    return [r for r in metadata if r.get("source_file") in names or r.get("source_file") not in run_names]


def read_all(found: Discovery, metadata: list[dict], known: set[tuple[str, str]], db: Path, stage_dir: Path) -> Batch:
    """Plain (no orchestrator) reading, processing and staging of every discovered file, in order.
    Each document is staged as soon as it is extracted, so memory holds one at a time."""
    batch = Batch(items=list(found.unreadable))
    store = RawStore(db)
    progress.files(len(found.files))
    for path in found.files:
        rec, raw = read_source(path, known)
        if isinstance(rec, SourceFile):
            store.put(rec.sha256, raw)
            batch.items.append(stage_item(process(rec, raw, metadata), stage_dir))
        else:
            if isinstance(rec, KnownFile):  # its raw copy lost or damaged: put back from the file
                restore(store, rec.source.sha256, rec.source.size_bytes, path)
            batch.items.append(rec)
        progress.advance()
    return batch


@contextlib.contextmanager
def _staging(db: Path, info: RunInfo):
    """The run's staging folder, removed afterwards whatever happens."""
    stage_dir = staging_dir(db, info.run_id)
    try:
        yield stage_dir
    finally:
        remove_staging(stage_dir)


def load(db: Path, batch: Batch, info: RunInfo, *, full: bool, replace: bool = False, wait: float = 0.0,
         metadata: list[dict] | None = None, locked: bool = False, removed: frozenset[str] = frozenset()) -> RunResult:
    """Stage what is not staged yet, then decide and publish (warehouse.load); the run's staging
    folder is removed afterwards, whatever happens."""
    stage_dir = staging_dir(db, info.run_id)
    info = dataclasses.replace(info, warnings=info.warnings + tuple(batch.metadata_problems))

    def reprocess(item: KnownFile) -> Incoming:
        store = RawStore(db)
        try:
            raw = store.get(item.source.sha256) if store.has(item.source.sha256) else \
                Path(item.source.source_path).read_bytes()
        except OSError as e:
            return Unreadable(item.source.source_path, f"cannot read: {e.strerror or e}")
        store.put(item.source.sha256, raw)
        return stage_item(process(item.source, raw, metadata or []), stage_dir)

    progress.stage("loading the warehouse")
    try:
        items = [stage_item(i, stage_dir) for i in batch.items]
        result = publish_run(db, items, info, full=full, replace=replace, wait=wait, reprocess=reprocess, locked=locked,
                             source_states=batch.source_states, removed=removed)
    finally:
        remove_staging(stage_dir)
    result.extra["metadata_problems"] = batch.metadata_problems
    return result


def ingest_plain(paths: list[Path], db: Path, *, trigger: str = "ingest", wait: float = 0.0,
                 extra_metadata: list[Path] = ()) -> RunResult:
    """Add what is new under `paths` to the warehouse (created if missing), without the orchestrator."""
    found = discover(paths)
    metadata, problems = read_metadata(found.metadata_files + list(extra_metadata))
    info = new_run(trigger)
    with _staging(db, info) as stage_dir:
        batch = read_all(found, metadata, known_files(db), db, stage_dir)
        batch.metadata_problems = problems + metadata_changes(
            db, metadata, [i for i in batch.items if isinstance(i, KnownFile)])
        return load(db, batch, info, full=False, wait=wait, metadata=metadata)


def build_plain(corpus: Path, db: Path, wait: float = 0.0, replace: bool = False) -> RunResult:
    """A full rebuild from a folder, without the orchestrator."""
    found = discover([corpus])
    metadata, problems = read_metadata(found.metadata_files)
    info = new_run("build")
    with _staging(db, info) as stage_dir:
        batch = read_all(found, metadata, set(), db, stage_dir)
        batch.metadata_problems = problems
        return load(db, batch, info, full=True, replace=replace, wait=wait, metadata=metadata)


def fetch_all(urls: list[str], db: Path, known: set[tuple[str, str]]) -> list[Fetched]:
    """Poll every URL once (conditional requests against what each said last time)."""
    previous = queries.source_states(db)
    with web_client() as client:
        return [fetch_url(client, url, previous.get(url), known) for url in urls]


def add_fetched(batch: Batch, fetched: list[Fetched], metadata: list[dict], db: Path, stage_dir: Path) -> None:
    store = RawStore(db)
    for f in fetched:
        batch.source_states.append(f.state)
        if f.not_modified:
            batch.items.append(NotModified(f.url))
        elif isinstance(f.record, SourceFile):
            store.put(f.record.sha256, f.raw)
            batch.items.append(stage_item(process(f.record, f.raw, metadata), stage_dir))
        else:
            batch.items.append(f.record)


def scheduled_plain(inbox: Path | None, sources: Path | None, db: Path, wait: float = 60.0) -> RunResult:
    """One scheduled run without the orchestrator: what is new in the inbox and at the URLs."""
    known = known_files(db)
    found = settled(discover([inbox])) if inbox else Discovery()
    metadata, problems = read_metadata(found.metadata_files)
    info = new_run("schedule")
    with _staging(db, info) as stage_dir:
        batch = read_all(found, metadata, known, db, stage_dir)
        batch.metadata_problems = problems + found.settling
        if sources:
            add_fetched(batch, fetch_all(read_source_list(sources), db, known), metadata, db, stage_dir)
        return load(db, batch, info, full=False, wait=wait, metadata=metadata)


def stored_documents_and_metadata(db: Path, corrected: list[dict] = (),
                                  removal: Removal | None = None) -> tuple[list[SourceFile], list[dict]]:
    """Every document the warehouse has seen, in the order first seen, and the metadata its plans
    were loaded with (rebuild re-reads their stored bytes with the current extractors); `corrected`
    plans.csv rows replace the stored rows of the same file and plan index; `removal`: the documents
    left out (planatlas remove), with the metadata rows of their plans."""
    gone, gone_plans = (removal.keys, removal.plan_sha256s) if removal else (frozenset(), frozenset())
    sources = [src for src, _ in queries.stored_documents(db) if (src.sha256, src.original_name) not in gone]
    metadata = [r for r in queries.plan_metadata_rows(db) if r.get("source_sha256") not in gone_plans]
    return sources, with_corrections(metadata, corrected)


def with_corrections(stored: list[dict], corrected: list[dict]) -> list[dict]:
    """The stored metadata with corrected rows in place of the rows of the same file (by digest, else
    name) and plan index."""
    def keys(row: dict) -> set[tuple[str, str]]:
        index = str(row.get("plan_index") or "0").strip()
        return {(v.strip(), index) for v in (row.get("source_sha256"), row.get("source_file")) if v and v.strip()}

    replaced = set().union(*(keys(r) for r in corrected)) if corrected else set()
    return [r for r in stored if not keys(r) & replaced] + list(corrected)


def metadata_changes(db: Path, rows: list[dict], known: list[KnownFile]) -> list[str]:
    """plans.csv rows for files the warehouse already has that say something else than the plans
    were loaded with: ingest does not change a loaded plan (rebuild --metadata does)."""
    if not rows or not known:
        return []
    names = {k.source.original_name for k in known} | {k.source.sha256 for k in known}
    stored = {}
    for r in queries.plan_metadata_rows(db):
        for key in (r.get("source_file"), r.get("source_sha256")):
            if key:
                stored[(key, str(r.get("plan_index") or "0"))] = r
    out = []
    for row in rows:
        ref = next((v for v in (row.get("source_sha256"), row.get("source_file")) if v and v.strip() in names), None)
        old = stored.get((ref.strip(), str(row.get("plan_index") or "0").strip())) if ref else None
        if old is None:
            continue
        diff = [f"{c} {old.get(c) or '—'} → {v.strip()}" for c, v in row.items()
                if c in old and c not in ("source_file", "source_sha256") and v and v.strip() != (old.get(c) or "")]
        if diff:
            out.append(f"plans.csv says otherwise for {row.get('source_file') or ref} (plan {row.get('plan_index') or 0}): "
                       f"{'; '.join(diff)}; a loaded plan keeps its metadata: `planatlas rebuild --metadata FILE` applies it")
    return out


def rebuild_plain(db: Path, wait: float = 0.0, replace: bool = False, metadata_file: Path | None = None,
                  remove: tuple[str, ...] = ()) -> RunResult:
    """Re-extract every stored document into a new warehouse, without the orchestrator. The writers'
    lock is held from the reading of the document list to the publishing: a run that published in
    between would be lost. `remove`: documents to leave out (planatlas remove: warehouse.removal)."""
    corrected, problems = read_metadata([metadata_file]) if metadata_file else ([], [])
    check_rebuildable(db)
    with build_lock(db, wait):
        return _rebuild(db, wait, replace, corrected, problems, removal_plan(db, list(remove)) if remove else None)


def may_renumber(removal: Removal | None) -> frozenset[str]:
    """The plan ids a remove may drop: its plans', and their other versions' (numbered again by the
    rebuild: removing yushu-children-v2 of three makes -v3 the new -v2)."""
    return frozenset(removal.plan_ids + removal.family) if removal else frozenset()


def removed_rows(removal: Removal) -> list[dict]:
    """The removed documents as the run reports them (RunResult.extra["removed"], `--json`)."""
    return [{"sha256": d.sha256, "original_name": d.original_name, "status": d.status, "plan_ids": list(d.plan_ids),
             "named": d.named} for d in removal.documents]


def removal_note(removal: Removal) -> list[str]:
    """One line per removed document, for the run's record and the command's output."""
    return [f"removed {d.original_name} (sha256 {d.sha256[:12]}"
            + (f"; plans {', '.join(d.plan_ids)}" if d.plan_ids else "")
            + ("" if d.named else "; a copy of a removed document") + ")"
            for d in removal.documents]


NOT_STORED = "its bytes were not stored (over the size cap)"


def check_raw_copies(db: Path, sources: list[SourceFile]) -> None:
    """Refuse a rebuild whose raw store lost copies of files it did store (those under the read cap): the
    documents would be quarantined in the new warehouse, and their plans dropped."""
    store = RawStore(db)
    lost = [s for s in sources if s.size_bytes <= MAX_FILE_BYTES and not store.holds(s.sha256, s.size_bytes)]
    if lost:
        raise WarehouseError(
            f"the raw store {store.root} has lost or damaged copies of {len(lost)} stored file(s) "
            f"({', '.join(s.original_name for s in lost[:3])}{' …' if len(lost) > 3 else ''}); ingest those files "
            "again (as they were: the copies are put back) and rebuild; nothing was changed")


def check_rebuildable(db: Path) -> None:
    """Refuse, before a lock file is made beside it, a --db that holds no warehouse to rebuild."""
    stored_documents_and_metadata(db)


def _rebuild(db: Path, wait: float, replace: bool, corrected: list[dict], problems: list[str],
             removal: Removal | None = None) -> RunResult:
    sources, metadata = stored_documents_and_metadata(db, corrected, removal)
    check_raw_copies(db, sources)
    info = dataclasses.replace(new_run("remove" if removal else "rebuild"),
                               warnings=tuple(removal_note(removal)) if removal else ())
    store, batch = RawStore(db), Batch(metadata_problems=list(problems))
    with _staging(db, info) as stage_dir:
        progress.files(len(sources))
        for src in sources:
            progress.advance()
            if not store.has(src.sha256):
                batch.items.append(Quarantined(src, NOT_STORED))
                continue
            batch.items.append(stage_item(process(src, store.get(src.sha256, src.original_name), metadata), stage_dir))
        result = load(db, batch, info, full=True, replace=replace, wait=wait, metadata=metadata, locked=True,
                      removed=may_renumber(removal))
    if removal:
        result.extra["removed"] = removed_rows(removal)
    return result


__all__ = ["Batch", "Unreadable", "build_plain", "ingest_plain", "rebuild_plain", "load", "process", "convert",
           "segment", "extract", "read_all", "new_run", "known_files", "discover",
           "read_metadata", "read_source"]
