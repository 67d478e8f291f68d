"""Table rows of a document, with stable, readable ids.

Ids depend only on metadata and printed structure, so rebuilding gives the same ids:
plan `gaotai-women`, domain `gaotai-women/d4`, provision `gaotai-women/d4/goal/3`,
`gaotai-women/principle/2`, target `gaotai-women/d4/goal/3/t1`. Rows are made when a document is
staged (warehouse.staging), with a placeholder plan id; the columns a run decides (status, family,
version, the run) are left empty here and filled by the writer.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from extractors.bundle import LoadableDocument, LoadablePlan
from extractors.version import EXTRACTOR_VERSION
from warehouse.catalog import DocumentRow


def domain_id(plan_id: str, ordinal: int) -> str:
    return f"{plan_id}/d{ordinal}"


def provision_id(plan_id: str, kind: str, ordinal: int, domain_ordinal: int | None) -> str:
    prefix = f"{domain_id(plan_id, domain_ordinal)}/" if domain_ordinal is not None else f"{plan_id}/"
    return f"{prefix}{kind}/{ordinal}"


def document_row(doc: LoadableDocument) -> dict:
    """A loaded document's row: its text and what the reader found (status and run come later)."""
    src = doc.source
    return {
        "source_sha256": src.sha256, "original_name": src.original_name, "source_path": src.source_path,
        "size_bytes": src.size_bytes, "media_type": doc.media_type, "encoding": doc.encoding,
        "had_bom": doc.had_bom, "text": doc.text, "text_key": doc.text_key, "n_chars": len(doc.text),
        "n_plans": len(doc.plans), "reason": "; ".join(doc.notes) or None,
        "pages": [{"number": p.number, "char_start": p.char_start, "char_end": p.char_end} for p in doc.pages]
        if doc.pages else None,
        "extractor_version": EXTRACTOR_VERSION}


def decided_document_row(row: DocumentRow, seq: int, run_id: str, now: dt.datetime, raw_stored: bool) -> dict:
    """The row of a file that loads nothing (quarantined, duplicate): who it is and why."""
    src, q = row.source, row.quarantined
    return {
        "source_sha256": src.sha256, "original_name": src.original_name, "source_path": src.source_path,
        "size_bytes": src.size_bytes, "media_type": q.media_type if q else None, "encoding": q.encoding if q else None,
        "had_bom": None, "status": row.status, "reason": row.reason, "duplicate_of": row.duplicate_of, "text": None,
        "text_key": None, "n_chars": None, "n_plans": 0, "pages": None, "raw_stored": raw_stored,
        "extractor_version": EXTRACTOR_VERSION, "seq": seq, "first_seen_at": now, "run_id": run_id}


def _pages_of(doc: LoadableDocument, start: int, end: int) -> tuple[int | None, int | None]:
    """The first and last PDF page a span [start, end) is printed on."""
    if not doc.pages:
        return None, None
    starts = [p.char_start for p in doc.pages]
    first = doc.pages[max(0, bisect_right(starts, start) - 1)].number
    last = doc.pages[max(0, bisect_right(starts, max(start, end - 1)) - 1)].number
    return first, last


def plan_rows(doc: LoadableDocument, lp: LoadablePlan, pid: str) -> dict[str, list[dict]]:
    """Every row of one plan under the plan id `pid` (a placeholder until the writer names it)."""
    m, p = lp.meta, lp.plan
    out: dict[str, list[dict]] = {"plans": [{
        "plan_id": pid, "jurisdiction": m.jurisdiction, "jurisdiction_en": m.jurisdiction_en,
        "province": m.province, "parent": m.parent, "admin_level": m.admin_level, "subject": m.subject,
        "title": m.title, "title_printed": m.title_printed, "period_start": m.period_start,
        "period_end": m.period_end, "issuer": m.issuer, "issue_date": m.issue_date, "doc_number": m.doc_number,
        "source_path": doc.source.source_path, "source_file": doc.source.original_name,
        "source_sha256": doc.source.sha256, "plan_index": p.index, "metadata_source": m.metadata_source,
        "content_key": lp.content_key, "structure_complete": p.structure_complete,
        "structure_notes": list(p.structure_notes), "char_start": p.char_start, "char_end": p.char_end}],
        "sections": [], "domains": [], "provisions": [], "table_cells": [], "targets": []}
    for i, s in enumerate(p.sections, 1):
        out["sections"].append({
            "section_id": f"{pid}/s{i}", "plan_id": pid, "ordinal": i, "kind": s.kind, "title": s.title,
            "text": s.text, "char_start": s.char_start, "char_end": s.char_end})
    for d in p.domains:
        out["domains"].append({
            "domain_id": domain_id(pid, d.ordinal), "plan_id": pid, "ordinal": d.ordinal, "title": d.title,
            "code": d.code, "lead_units": list(d.lead_units), "responsible_units": list(d.responsible_units),
            "char_start": d.char_start, "char_end": d.char_end})
    for v, key in zip(p.provisions, lp.provision_keys):
        vid = provision_id(pid, v.kind, v.ordinal, v.domain_ordinal)
        first, last = _pages_of(doc, v.char_start, v.char_end)
        out["provisions"].append({
            "provision_id": vid, "plan_id": pid,
            "domain_id": domain_id(pid, v.domain_ordinal) if v.domain_ordinal is not None else None,
            "kind": v.kind, "ordinal": v.ordinal, "heading": v.heading, "text": v.text,
            "char_start": v.char_start, "char_end": v.char_end, "fingerprint": key,
            "page_start": first, "page_end": last})
        for col, c in enumerate(v.cells):
            out["table_cells"].append({
                "provision_id": vid, "col": col, "header": c.header, "text": c.text,
                "char_start": c.char_start, "char_end": c.char_end})
    for t in lp.targets:
        out["targets"].append(t.as_row(pid, provision_id(pid, *t.provision_key)))
    return out
