"""National five-year plan periods ("十四五" = 2021-2025), read from the versioned rule file.

One place for the calendar: metadata inference ("十四五"规划 -> period) and the target grammar
("十四五"期末 -> target year) both look years up here.
"""
from __future__ import annotations

import json
from importlib import resources

import regex

_DATA = json.loads((resources.files("extractors") / "rules" / "periods.json").read_text(encoding="utf-8"))
FIVE_YEAR_PLANS: dict[str, tuple[int, int]] = {k: (v[0], v[1]) for k, v in _DATA["five_year_plans"].items()}
# "十四五", “十四五”, 十四五 — the name with or without quotes.
FIVE_YEAR_NAME = regex.compile(r"[“\"「]?(" + "|".join(map(regex.escape, FIVE_YEAR_PLANS)) + r")[”\"」]?")


def five_year_period(name: str) -> tuple[int, int] | None:
    """(start, end) of a five-year plan named like 十四五 (quotes allowed); None if unknown."""
    m = FIVE_YEAR_NAME.fullmatch(name.strip())
    return FIVE_YEAR_PLANS[m.group(1)] if m else None
