"""Flatten a run's decisions into table rows, with stable, readable ids.

Ids depend only on metadata and printed structure, so rebuilding gives the same ids:
plan `gaotai-women`, domain `gaotai-women/d4`, provision `gaotai-women/d4/goal/3`,
`gaotai-women/principle/2`, target `gaotai-women/d4/goal/3/t1`.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from extractors.version import EXTRACTOR_VERSION
from warehouse.catalog import Changes, DocumentRow, PlanPlacement

TABLES = ("documents", "plans", "sections", "domains", "provisions", "table_cells", "targets")


def domain_id(plan_id: str, ordinal: int) -> str:
    return f"{plan_id}/d{ordinal}"


def provision_id(plan_id: str, kind: str, ordinal: int, domain_ordinal: int | None) -> str:
    prefix = f"{domain_id(plan_id, domain_ordinal)}/" if domain_ordinal is not None else f"{plan_id}/"
    return f"{prefix}{kind}/{ordinal}"


def change_rows(ch: Changes, run_id: str, first_seq: int, now: dt.datetime, stored: set[str]) -> dict[str, list[dict]]:
    """The rows a run adds: its documents and, for loaded files, their plans and everything in them.
    `stored`: the digests whose bytes are in the raw store."""
    out: dict[str, list[dict]] = {t: [] for t in TABLES}
    for i, row in enumerate(ch.documents):
        out["documents"].append(_document_row(row, first_seq + i, run_id, now, row.source.sha256 in stored))
        for placement in row.plans:
            _plan_rows(out, row, placement, run_id, now)
    return out


def _document_row(row: DocumentRow, seq: int, run_id: str, now: dt.datetime, raw_stored: bool) -> dict:
    src, doc, q = row.source, row.loadable, row.quarantined
    keep_text = doc is not None and row.status in ("loaded", "superseded")
    return {
        "source_sha256": src.sha256, "original_name": src.original_name, "source_path": src.source_path,
        "size_bytes": src.size_bytes,
        "media_type": doc.media_type if doc else (q.media_type if q else None),
        "encoding": doc.encoding if doc else (q.encoding if q else None),
        "had_bom": doc.had_bom if doc else None, "status": row.status, "reason": row.reason,
        "duplicate_of": row.duplicate_of, "text": doc.text if keep_text else None,
        "text_key": doc.text_key if keep_text else None, "n_chars": len(doc.text) if keep_text else None,
        "n_plans": len(row.plans),
        "pages": [{"number": p.number, "char_start": p.char_start, "char_end": p.char_end} for p in doc.pages]
        if keep_text and doc.pages else None,
        "raw_stored": raw_stored, "extractor_version": EXTRACTOR_VERSION, "seq": seq, "first_seen_at": now,
        "run_id": run_id}


def _pages_of(doc, start: int, end: int) -> tuple[int | None, int | None]:
    """The first and last PDF page a span [start, end) is printed on."""
    if not doc.pages:
        return None, None
    starts = [p.char_start for p in doc.pages]
    first = doc.pages[max(0, bisect_right(starts, start) - 1)].number
    last = doc.pages[max(0, bisect_right(starts, max(start, end - 1)) - 1)].number
    return first, last


def _plan_rows(out: dict[str, list[dict]], row: DocumentRow, pl: PlanPlacement, run_id: str, now: dt.datetime) -> None:
    doc, lp = row.loadable, pl.loadable
    m, p, pid = lp.meta, lp.plan, pl.plan_id
    out["plans"].append({
        "plan_id": pid, "jurisdiction": m.jurisdiction, "jurisdiction_en": m.jurisdiction_en,
        "province": m.province, "parent": m.parent, "admin_level": m.admin_level, "subject": m.subject,
        "title": m.title, "title_printed": m.title_printed, "period_start": m.period_start,
        "period_end": m.period_end, "issuer": m.issuer, "issue_date": m.issue_date, "doc_number": m.doc_number,
        "source_path": row.source.source_path, "source_file": row.source.original_name,
        "source_sha256": row.source.sha256, "plan_index": p.index, "metadata_source": m.metadata_source,
        "content_key": lp.content_key, "family_id": pl.family_id, "version": pl.version,
        "is_current": pl.is_current, "supersedes": pl.supersedes, "superseded_by": pl.superseded_by,
        "structure_complete": getattr(p, "structure_complete", True),
        "structure_notes": list(getattr(p, "structure_notes", ())),
        "loaded_at": now, "run_id": run_id, "char_start": p.char_start, "char_end": p.char_end})
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
