"""The build's steps as plain functions: the Prefect flow wraps these, and `--no-prefect`
(and the tests) call them directly."""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractors import EXTRACTOR_VERSION
from extractors.bundle import LoadableDocument, LoadablePlan, Quarantined
from extractors.decoding import decode_bytes
from extractors.errors import PlanAtlasError, QuarantineError
from extractors.indicators import map_targets
from extractors.metadata import resolve_meta
from extractors.segment import segment_document
from extractors.targets import extract_targets
from pipeline.ingest import PENDING_SUFFIXES, TEXT_SUFFIXES, SourceFile, discover, read_metadata, read_source
from warehouse.load import publish


def ingest(path: Path) -> SourceFile:
    return read_source(path)


def segment(src: SourceFile, metadata: list[dict]) -> LoadableDocument | Quarantined:
    """Decode, split into plans, segment each and resolve its metadata (no targets yet)."""
    suffix = src.path.suffix.lower()
    if suffix in PENDING_SUFFIXES:
        return Quarantined(str(src.path), src.sha256, f"{suffix} files are not ingested yet")
    if suffix not in TEXT_SUFFIXES:
        return Quarantined(str(src.path), src.sha256, f"unknown file type {suffix or '(none)'}")
    try:
        decoded = decode_bytes(src.raw)
        plans = tuple(LoadablePlan(resolve_meta(metadata, src.sha256, plan, src.path.name), plan)
                      for plan in segment_document(decoded.text))
    except QuarantineError as e:
        return Quarantined(str(src.path), src.sha256, e.reason)
    except PlanAtlasError as e:
        return Quarantined(str(src.path), src.sha256, str(e))
    return LoadableDocument(str(src.path), src.path.name, src.sha256, decoded.encoding, decoded.had_bom,
                            len(decoded.text), plans, decoded.text)


def extract(doc: LoadableDocument | Quarantined) -> LoadableDocument | Quarantined:
    """Extract every plan's targets and map them to canonical indicator codes."""
    if isinstance(doc, Quarantined):
        return doc
    plans = tuple(replace(lp, targets=map_targets(extract_targets(doc.text, lp.plan, lp.meta), doc.text))
                  for lp in doc.plans)
    return replace(doc, plans=plans)


def process(src: SourceFile, metadata: list[dict]) -> LoadableDocument | Quarantined:
    """segment + extract: one document from bytes to loadable records."""
    return extract(segment(src, metadata))


def load(db: Path, results: list[LoadableDocument | Quarantined], wait: float = 0.0) -> dict[str, int]:
    docs = [r for r in results if isinstance(r, LoadableDocument)]
    quarantined = [r for r in results if isinstance(r, Quarantined)]
    ids = [lp.meta.plan_id for d in docs for lp in d.plans]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise PlanAtlasError(f"two plans share the id(s) {', '.join(dupes)}: check corpus/plans.csv")
    info = {"extractor_version": EXTRACTOR_VERSION, "documents": str(len(docs)),
            "quarantined": str(len(quarantined))}
    return publish(Path(db), docs, quarantined, info, wait=wait)


@dataclass
class BuildReport:
    counts: dict[str, int]
    quarantined: list[Quarantined] = field(default_factory=list)
    seconds: float = 0.0


def build_plain(corpus: Path, db: Path, wait: float = 0.0) -> BuildReport:
    """The whole build without the orchestrator."""
    t0 = time.perf_counter()
    metadata = read_metadata(corpus)
    results = [process(ingest(p), metadata) for p in discover(corpus)]
    counts = load(db, results, wait)
    return BuildReport(counts, [r for r in results if isinstance(r, Quarantined)], time.perf_counter() - t0)
