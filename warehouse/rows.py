"""Flatten loadable records into table rows, with stable, readable ids.

Ids depend only on metadata and printed structure, so rebuilding gives the same ids:
plan `gaotai-women`, domain `gaotai-women/d4`, provision `gaotai-women/d4/goal/3`,
`gaotai-women/principle/2`, target `gaotai-women/d4/goal/3/t1`.
"""
from __future__ import annotations

from extractors.bundle import LoadableDocument, Quarantined
from extractors.indicators import registry_rows


def domain_id(plan_id: str, ordinal: int) -> str:
    return f"{plan_id}/d{ordinal}"


def provision_id(plan_id: str, kind: str, ordinal: int, domain_ordinal: int | None) -> str:
    prefix = f"{domain_id(plan_id, domain_ordinal)}/" if domain_ordinal is not None else f"{plan_id}/"
    return f"{prefix}{kind}/{ordinal}"


def all_rows(documents: list[LoadableDocument], quarantined: list[Quarantined],
             build_info: dict[str, str], indicators: list[dict] | None = None) -> dict[str, list[dict]]:
    """Every table's rows; `indicators` defaults to the packaged registry (extractors/rules/indicators.csv)."""
    out: dict[str, list[dict]] = {t: [] for t in (
        "documents", "quarantine", "plans", "sections", "domains", "provisions", "table_cells", "targets",
        "build_info")}
    out["indicators"] = list(registry_rows() if indicators is None else indicators)
    for q in quarantined:
        out["quarantine"].append({"source_path": q.source_path, "source_sha256": q.sha256, "reason": q.reason})
    for doc in sorted(documents, key=lambda d: d.source_file):
        out["documents"].append({
            "source_sha256": doc.sha256, "source_path": doc.source_path, "source_file": doc.source_file,
            "encoding": doc.encoding, "had_bom": doc.had_bom, "n_chars": doc.n_chars, "n_plans": len(doc.plans)})
        for lp in doc.plans:
            _plan_rows(out, doc, lp)
    out["build_info"] = [{"key": k, "value": v} for k, v in sorted(build_info.items())]
    return out


def _plan_rows(out: dict[str, list[dict]], doc: LoadableDocument, lp) -> None:
    m, p = lp.meta, lp.plan
    pid = m.plan_id
    out["plans"].append({
        "plan_id": pid, "jurisdiction": m.jurisdiction, "jurisdiction_en": m.jurisdiction_en,
        "province": m.province, "parent": m.parent, "admin_level": m.admin_level, "subject": m.subject,
        "title": m.title, "title_printed": m.title_printed, "period_start": m.period_start,
        "period_end": m.period_end, "issuer": m.issuer, "issue_date": m.issue_date, "doc_number": m.doc_number,
        "source_path": doc.source_path, "source_file": doc.source_file, "source_sha256": doc.sha256,
        "plan_index": p.index, "metadata_source": m.metadata_source,
        "char_start": p.char_start, "char_end": p.char_end})
    for i, s in enumerate(p.sections, 1):
        out["sections"].append({
            "section_id": f"{pid}/s{i}", "plan_id": pid, "ordinal": i, "kind": s.kind, "title": s.title,
            "text": s.text, "char_start": s.char_start, "char_end": s.char_end})
    for d in p.domains:
        out["domains"].append({
            "domain_id": domain_id(pid, d.ordinal), "plan_id": pid, "ordinal": d.ordinal, "title": d.title,
            "code": d.code, "lead_units": list(d.lead_units), "responsible_units": list(d.responsible_units),
            "char_start": d.char_start, "char_end": d.char_end})
    for v in p.provisions:
        vid = provision_id(pid, v.kind, v.ordinal, v.domain_ordinal)
        out["provisions"].append({
            "provision_id": vid, "plan_id": pid,
            "domain_id": domain_id(pid, v.domain_ordinal) if v.domain_ordinal is not None else None,
            "kind": v.kind, "ordinal": v.ordinal, "heading": v.heading, "text": v.text,
            "char_start": v.char_start, "char_end": v.char_end})
        for col, c in enumerate(v.cells):
            out["table_cells"].append({
                "provision_id": vid, "col": col, "header": c.header, "text": c.text,
                "char_start": c.char_start, "char_end": c.char_end})
    for t in lp.targets:
        out["targets"].append(t.as_row(pid, provision_id(pid, *t.provision_key)))
