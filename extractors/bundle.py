"""What one source file becomes: the records the warehouse loads, or a quarantine note."""
from __future__ import annotations

from dataclasses import dataclass

from extractors.metadata import PlanMeta
from extractors.readers import Page
from extractors.records import SegmentedPlan


@dataclass(frozen=True)
class SourceFile:
    """A file as found: where, its name, its bytes' digest and size (the bytes travel separately)."""
    source_path: str      # absolute path or URL
    original_name: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class LoadablePlan:
    meta: PlanMeta
    plan: SegmentedPlan
    content_key: str      # extractors.fingerprint.plan_fingerprint of its domains and provisions
    provision_keys: tuple[str, ...] = ()  # fingerprint of each provision, in plan.provisions order
    targets: tuple = ()   # extractors.targets records, filled by the extract stage


@dataclass(frozen=True)
class LoadableDocument:
    source: SourceFile
    media_type: str
    encoding: str | None
    had_bom: bool
    text: str             # what every offset of its rows indexes (documents.text)
    text_key: str         # extractors.fingerprint.fingerprint(text)
    pages: tuple[Page, ...]
    plans: tuple[LoadablePlan, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quarantined:
    source: SourceFile
    reason: str
    media_type: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class StagedPlan:
    """A staged plan as the catalog sees it (warehouse.staging writes its rows)."""
    index: int
    placeholder: str      # @0: the plan's id in the staged rows until the writer names it
    meta: PlanMeta
    content_key: str
    provision_keys: bytes   # extractors.fingerprint.compact_keys of the provisions' fingerprints
    target_keys: bytes      # ... of the targets' keys (warehouse.catalog.target_key)
    structure_complete: bool  # the segmenter found every part it looks for (SegmentedPlan)


@dataclass(frozen=True)
class StagedDocument:
    """What the catalog needs to decide on a document, and where its rows wait (a Parquet file)."""
    source: SourceFile
    media_type: str
    encoding: str | None
    had_bom: bool
    text_key: str
    notes: tuple[str, ...]
    plans: tuple[StagedPlan, ...]
    path: str
