"""Addresses of the pages, as templates and CSV files write them."""
from __future__ import annotations

from urllib.parse import quote

from web.plan_page import anchor
from web.queries import TargetRow


def plan_url(plan_id: str, at: tuple[int, int] | None = None, fragment: str | None = None) -> str:
    url = "/plan/" + quote(plan_id, safe="")
    if at is not None:
        url += f"?at={at[0]}-{at[1]}"
    return url + ("#" + fragment if fragment else "")


def provision_url(plan_id: str, provision_id: str, at: tuple[int, int]) -> str:
    """The plan page at a passage of a provision, scrolled to the provision."""
    return plan_url(plan_id, at, anchor("prov", provision_id))


def target_url(t: TargetRow) -> str:
    """The plan page at a target's evidence, scrolled to its value."""
    return plan_url(t.plan_id, (t.evidence_start, t.evidence_end), anchor("t", t.target_id))


def similar_url(provision_id: str) -> str:
    return "/similar/" + quote(provision_id, safe="/")


def indicator_url(code: str) -> str:
    return "/indicator/" + quote(code, safe="")
