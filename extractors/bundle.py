"""What one source document becomes: the records the warehouse loads, or a quarantine note."""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.metadata import PlanMeta
from extractors.records import SegmentedPlan


@dataclass(frozen=True)
class LoadablePlan:
    meta: PlanMeta
    plan: SegmentedPlan
    targets: tuple = ()  # extractors.targets records, filled by the extract stage


@dataclass(frozen=True)
class LoadableDocument:
    source_path: str
    source_file: str
    sha256: str
    encoding: str
    had_bom: bool
    n_chars: int
    plans: tuple[LoadablePlan, ...]
    text: str = field(default="", repr=False, compare=False)  # the decoded text, for the extract stage


@dataclass(frozen=True)
class Quarantined:
    source_path: str
    sha256: str
    reason: str
