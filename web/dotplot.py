"""Geometry of the indicator page's dot plot: target values by jurisdiction, drawn as inline SVG by
the template (no script). One panel per kind of value (levels in ‰, decreases in %, ...), since
only those can share an axis; one row per plan, one dot per target, coloured by year, hollow when
no year is printed with the target (the end of the plan's period is assumed)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from warehouse.comparison import Cell, IndicatorComparison, _direction, family_and_unit

WIDTH = 1000
LABEL_W = 170          # the plans' names, left of the axis
RIGHT_PAD = 30
ROW_H = 30
TOP = 14
TOP_AXIS_ROWS = 15       # a panel of more rows than this repeats its scale above them (at 300 plans the
TOP_AXIS = 34            # bottom scale was 9,000 px below the first rows) in this much room
AXIS_GAP = 16
BOTTOM = 58            # ticks, their labels and the better-direction label
PALETTE = ("#1d5fa8", "#d2691e", "#2e7d32", "#8e3b9e", "#b71c1c", "#00838f")


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    x_low: float | None      # a range: its two ends
    x_high: float | None
    colour: str
    hollow: bool
    title: str
    href: str | None
    plan_id: str
    target_id: str


@dataclass(frozen=True)
class Row:
    y: float
    label: str
    plan_id: str


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Panel:
    comparable_as: str
    unit: str
    height: int
    rows: tuple[Row, ...]
    dots: tuple[Dot, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    direction: int | None     # +1: larger is more ambitious; -1: smaller; None: not ranked
    direction_label: str
    top_axis_y: float | None = None  # a second scale above the rows of a tall panel


@dataclass(frozen=True)
class Legend:
    year: int | None
    colour: str


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About n round tick values covering [lo, hi] (steps of 1, 2 or 5 x 10^k)."""
    span = hi - lo
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    out, k = [], 0
    while first + k * step <= hi + 1e-9:
        out.append(round(first + k * step, 10))
        k += 1
    return out


def _fmt(v: float) -> str:
    return f"{v:g}"


def direction_label(comparable_as: str, direction: int | None) -> str:
    family = family_and_unit(comparable_as)[0]
    if direction is None:
        return "不排序（变化区间） a range of change is not ranked"
    if family in ("decrease", "increase"):
        word = "降幅" if family == "decrease" else "增幅"
        return (f"{word}越大越好 larger is better →" if direction > 0 else f"← {word}越小越好 smaller is better")
    return "越高越好 higher is better →" if direction > 0 else "← 越低越好 lower is better"


def year_colours(cells) -> dict[int | None, str]:
    years = sorted({c.year for c in cells}, key=lambda y: (y is None, y))
    return {y: PALETTE[i % len(PALETTE)] for i, y in enumerate(years)}


def panels(ic: IndicatorComparison, labels: dict[str, str], hrefs: dict[str, str]) -> list[Panel]:
    targets = [c for c in ic.cells if c.kind == "target"]
    colours = year_colours(targets)
    groups: dict[str, list[Cell]] = {}
    for c in targets:
        groups.setdefault(c.comparable_as, []).append(c)
    return [_panel(key, cells, ic, labels, hrefs, colours) for key, cells in groups.items()]


def _panel(key: str, cells: list[Cell], ic: IndicatorComparison, labels: dict[str, str],
           hrefs: dict[str, str], colours: dict) -> Panel:
    plan_ids = list(dict.fromkeys(c.plan_id for c in cells))
    values = [v for c in cells for v in (c.value, c.value_high) if v is not None]
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - max(abs(lo) * 0.1, 1), hi + max(abs(hi) * 0.1, 1)
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    x0, x1 = LABEL_W, WIDTH - RIGHT_PAD

    def x(v: float) -> float:
        return round(x0 + (v - lo) / (hi - lo) * (x1 - x0), 1)

    top = TOP + (TOP_AXIS if len(plan_ids) > TOP_AXIS_ROWS else 0)
    rows = tuple(Row(top + ROW_H * i + ROW_H / 2, labels.get(p, p), p) for i, p in enumerate(plan_ids))
    row_y = {r.plan_id: r.y for r in rows}
    years = sorted({c.year for c in cells}, key=lambda y: (y is None, y))
    dots = []
    for c in cells:
        k = years.index(c.year)
        cy = row_y[c.plan_id] + (k - (len(years) - 1) / 2) * 7  # years of one plan side by side
        mid = c.score
        year = "未写明年份" if c.year is None else f"{c.year}" + ("" if c.year_stated else "†")
        dots.append(Dot(x(mid), round(cy, 1),
                        x(c.value) if c.value_high is not None else None,
                        x(c.value_high) if c.value_high is not None else None,
                        colours[c.year], not c.year_stated,
                        f"{labels.get(c.plan_id, c.plan_id)}: {c.display} ({year})",
                        hrefs.get(c.target_id), c.plan_id, c.target_id))
    axis_y = top + ROW_H * len(rows) + AXIS_GAP / 2
    ticks = tuple(Tick(x(t), _fmt(t)) for t in nice_ticks(lo, hi))
    d = _direction(key, ic.better, ic.unit)
    unit = family_and_unit(key)[1]
    return Panel(key, unit, int(axis_y + BOTTOM), rows, tuple(dots), ticks, axis_y, d, direction_label(key, d),
                 top_axis_y=TOP + TOP_AXIS - 8 if top > TOP else None)


def legend(ic: IndicatorComparison) -> list[Legend]:
    targets = [c for c in ic.cells if c.kind == "target"]
    return [Legend(y, c) for y, c in year_colours(targets).items()]
