"""One source file through the pure stages: read -> segment -> extract.

Each stage takes the previous one's record and returns the next, or a Quarantined note saying why
the file cannot be loaded; nothing here touches files or the warehouse (the pipeline reads the bytes
and the warehouse decides what is new).
"""
from __future__ import annotations

from dataclasses import replace

from extractors.bundle import LoadableDocument, LoadablePlan, Quarantined, SourceFile
from extractors.errors import PlanAtlasError, QuarantineError
from extractors.fingerprint import fingerprint, plan_fingerprint
from extractors.indicators import map_targets
from extractors.metadata import resolve_meta
from extractors.readers import ReadDocument, read_document
from extractors.records import SegmentedPlan
from extractors.segment import segment_document
from extractors.targets import extract_targets
from extractors.traditional import restore, simplified_view


def read(src: SourceFile, raw: bytes) -> ReadDocument | Quarantined:
    """The file's bytes as the one text its rows will index (any supported format)."""
    try:
        return read_document(raw, src.original_name)
    except QuarantineError as e:
        return Quarantined(src, e.reason)


def plan_keys(plan: SegmentedPlan) -> tuple[str, tuple[str, ...]]:
    """The plan's content fingerprint and each provision's (computed once: a thousand plans have
    half a million provisions)."""
    keys = tuple(fingerprint(p.text) for p in plan.provisions)
    return plan_fingerprint([d.title for d in plan.domains] + list(keys)), keys


def segment(src: SourceFile, doc: ReadDocument | Quarantined, metadata: list[dict]) -> LoadableDocument | Quarantined:
    """Split the text into its plans, segment each and resolve who it belongs to (no targets yet).

    A file that prints the same plan twice keeps the first copy, with a note. A text in traditional
    characters is read through its simplified view (extractors.traditional; offsets are the same)."""
    if isinstance(doc, Quarantined):
        return doc
    try:
        plans, notes = [], list(doc.notes)
        seen: dict[str, int] = {}
        view = simplified_view(doc.text)
        if view is not None:
            notes.append("printed in traditional characters: read through a simplified view (same offsets)")
        segmented = segment_document(view or doc.text)
        if not any(p.domains for p in segmented):
            raise QuarantineError("no development domains (儿童与健康 …, with 主要目标 and 策略措施) found: not a "
                                  "development plan, or one cut short before its first domain")
        for plan in segmented:
            key, provision_keys = plan_keys(plan)
            if key in seen:
                notes.append(f"plan {plan.index + 1} repeats plan {seen[key] + 1} of this file: loaded once")
                continue
            seen[key] = plan.index
            text = (view or doc.text)[plan.char_start:plan.char_end]
            plans.append(LoadablePlan(meta=resolve_meta(metadata, src.sha256, plan, src.original_name, text), plan=plan,
                                      content_key=key, provision_keys=provision_keys))
    except QuarantineError as e:
        return Quarantined(src, e.reason, doc.media_type, doc.encoding)
    except PlanAtlasError as e:
        return Quarantined(src, str(e), doc.media_type, doc.encoding)
    return LoadableDocument(source=src, media_type=doc.media_type, encoding=doc.encoding, had_bom=doc.had_bom,
                            text=doc.text, text_key=fingerprint(doc.text), pages=doc.pages, plans=tuple(plans),
                            notes=tuple(notes))


def extract(doc: LoadableDocument | Quarantined) -> LoadableDocument | Quarantined:
    """Every plan's numeric targets, mapped to canonical indicator codes. Values and evidence are
    grounded in the source text; a traditional-character plan is read in its simplified view and
    its rows' text then put back in the source's characters."""
    if isinstance(doc, Quarantined):
        return doc
    view = simplified_view(doc.text)
    plans = tuple(replace(lp, targets=map_targets(extract_targets(doc.text, lp.plan, lp.meta), view or doc.text))
                  for lp in doc.plans)
    if view is not None:
        plans = tuple(replace(lp, plan=restore(lp.plan, doc.text, view)) for lp in plans)
    return replace(doc, plans=plans)


def process(src: SourceFile, raw: bytes, metadata: list[dict]) -> LoadableDocument | Quarantined:
    """All three stages (the flow runs them as separate tasks)."""
    return extract(segment(src, read(src, raw), metadata))
