"""Units, in one place: how a printed unit is written in the warehouse, and which units measure the
same thing.

- `normalise_unit`: the spelling stored in targets.unit (％ -> %, /10万 -> 1/10万, 1/‰ -> ‰).
- `comparable_unit`: the unit a value is compared in (人 and 名 both count persons): used by the
  indicator mapping and, through the SQL macro pa_unit (generated from COMPARABLE at migration),
  by the comparison views.
"""
from __future__ import annotations

from extractors.textfold import fold_width

SPELLING = {"％": "%", "/10万": "1/10万", "1/10万人": "1/10万", "/万": "1/万", "1/‰": "‰", "／10万": "1/10万"}
COMPARABLE = {"人": "名", "位": "名"}
# 个百分点 is a change of a % indicator, 个千分点 of a ‰ one.
CHANGE_OF = {"个百分点": "%", "个千分点": "‰"}


def normalise_unit(unit: str | None) -> str | None:
    if unit is None or unit == "":
        return None
    u = fold_width(unit).replace(" ", "")
    return SPELLING.get(u, SPELLING.get(unit, u))


# How a unit is printed after a number: 7.49/10万, not 7.491/10万 (migration 0004's pa_display, frozen
# once applied, spells the same).
SHOWN = {"1/10万": "/10万"}


def shown_unit(unit: str | None) -> str:
    """The unit as printed right after its number ("" for none)."""
    return SHOWN.get(unit, unit) if unit else ""


def comparable_unit(unit: str | None) -> str | None:
    u = normalise_unit(unit)
    return COMPARABLE.get(u, u) if u is not None else None


def sql_case(column: str) -> str:
    """The SQL CASE that maps a unit column to its comparable spelling (for the pa_unit macro)."""
    pairs = {**SPELLING, **COMPARABLE}
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in sorted(pairs.items()))
    return f"CASE {column} {whens} ELSE {column} END"
