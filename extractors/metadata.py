"""Resolve a plan's metadata: the committed corpus metadata wins, inference fills the rest."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from extractors.errors import PlanAtlasError
from extractors.identity import locate
from extractors.records import SegmentedPlan

SUBJECT_ZH = {"children": "儿童", "women": "妇女"}


@dataclass(frozen=True)
class PlanMeta:
    plan_id: str
    jurisdiction: str
    jurisdiction_en: str | None
    province: str | None
    parent: str | None
    admin_level: str | None
    subject: str
    title: str | None
    title_printed: bool
    period_start: int | None
    period_end: int | None
    issuer: str | None
    issue_date: dt.date | None
    doc_number: str | None
    metadata_source: str  # 'metadata' or 'inferred'


def _blank(v):
    return None if v is None or str(v).strip() == "" else str(v).strip()


def _agrees(row: dict, inf) -> bool:
    return all(got is None or got == row.get(key) for key, got in
               (("jurisdiction", inf.jurisdiction), ("subject", inf.subject)))


def resolve_meta(rows: list[dict], sha256: str, plan: SegmentedPlan, source_file: str | None = None,
                 text: str = "") -> PlanMeta:
    """`rows` are the metadata rows (dicts of strings). A row matches by the file's sha256; failing
    that (the same plan re-saved in another encoding or with other line endings), by file name and
    plan index, but only when what the text says of itself does not contradict the row. Without a
    row, the plan says who it is: its id and English name from the jurisdiction's pinyin
    (`dehui-children`), province, parent and level from its text or the gazetteer (`text` is the
    plan's text; extractors.identity)."""
    inf = plan.inferred
    row = next((r for r in rows if r.get("source_sha256") == sha256 and int(r["plan_index"]) == plan.index), None)
    if row is None and source_file:
        row = next((r for r in rows if r.get("source_file") == source_file and int(r["plan_index"]) == plan.index
                    and _agrees(r, inf)), None)
    if row is None:
        if not (inf.jurisdiction and inf.subject):
            raise PlanAtlasError(
                f"plan {plan.index} of document {sha256[:12]} has no metadata and its jurisdiction or subject "
                "cannot be inferred from the text; add a row to corpus/plans.csv")
        place = locate(inf.jurisdiction, text)
        return PlanMeta(
            plan_id=f"{place.slug}-{inf.subject}", jurisdiction=inf.jurisdiction, jurisdiction_en=place.name_en,
            province=place.province, parent=place.parent, admin_level=place.admin_level, subject=inf.subject,
            title=inf.title or None, title_printed=inf.title is not None, period_start=inf.period_start,
            period_end=inf.period_end, issuer=inf.issuer,
            issue_date=dt.date.fromisoformat(inf.issue_date) if inf.issue_date else None, doc_number=inf.doc_number,
            metadata_source="inferred")
    date = _blank(row.get("issue_date"))
    title = inf.title or _blank(row.get("title"))
    return PlanMeta(
        plan_id=row["plan_id"], jurisdiction=row["jurisdiction"], jurisdiction_en=_blank(row.get("jurisdiction_en")),
        province=_blank(row.get("province")), parent=_blank(row.get("parent")),
        admin_level=_blank(row.get("admin_level")), subject=row["subject"], title=title,
        title_printed=inf.title is not None,
        period_start=int(row["period_start"]) if _blank(row.get("period_start")) else inf.period_start,
        period_end=int(row["period_end"]) if _blank(row.get("period_end")) else inf.period_end,
        issuer=_blank(row.get("issuer")), issue_date=dt.date.fromisoformat(date) if date else None,
        doc_number=_blank(row.get("doc_number")), metadata_source="metadata")
