"""Ruled tables of a PDF page -> rows of cell texts.

pdfium gives the page's vector paths but no table model, so the grid is rebuilt here from the
ruling lines (thin filled rectangles, as Chromium and Word draw cell borders, or stroked lines):
touching rules form one table; its distinct rule positions are the row and column edges; a
missing rule between two grid cells merges them (a spanning cell), and a cell continued from the
row above (a vertically merged cell) is written empty. Characters are assigned to cells by their
centre. Pure: takes segments and characters, returns cells.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.readers.textbuild import join_fragments

RULE = 3.0      # a rule is at most this thick (points)
TOUCH = 2.0     # rules this close touch
MERGE = 2.0     # rule positions this close are one edge


@dataclass(frozen=True)
class Segment:
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 > self.bottom - self.top


@dataclass(frozen=True)
class Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Table:
    x0: float
    x1: float
    top: float
    bottom: float
    rows: tuple[tuple[str, ...], ...]

    def contains(self, c: Char) -> bool:
        return self.x0 <= c.cx <= self.x1 and self.top <= c.cy <= self.bottom


def rules(boxes: list[tuple[float, float, float, float]]) -> list[Segment]:
    """Path bounding boxes (x0, x1, top, bottom) -> the thin ones, as rules."""
    out = []
    for x0, x1, top, bottom in boxes:
        w, h = x1 - x0, bottom - top
        if (w <= RULE < h) or (h <= RULE < w):
            out.append(Segment(x0, x1, top, bottom))
    return out


def _touch(a: Segment, b: Segment) -> bool:
    return a.x0 - TOUCH <= b.x1 and b.x0 - TOUCH <= a.x1 and a.top - TOUCH <= b.bottom and b.top - TOUCH <= a.bottom


def _groups(segs: list[Segment]) -> list[list[Segment]]:
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(segs)), key=lambda i: segs[i].x0)
    for pos, i in enumerate(order):  # sweep by x so only overlapping spans are compared
        for j in order[pos + 1:]:
            if segs[j].x0 - TOUCH > segs[i].x1:
                break
            if _touch(segs[i], segs[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > MERGE:
            out.append(v)
    return out


def find_tables(segs: list[Segment], chars: list[Char]) -> list[Table]:
    tables = []
    for group in _groups(segs):
        hs = [s for s in group if s.horizontal]
        vs = [s for s in group if not s.horizontal]
        ys = _edges([(s.top + s.bottom) / 2 for s in hs])
        xs = _edges([(s.x0 + s.x1) / 2 for s in vs])
        if len(ys) < 2 or len(xs) < 3:   # a framed box or a lone rule is no table
            continue
        tables.append(_grid(xs, ys, hs, vs, chars))
    return sorted(tables, key=lambda t: t.top)


def _covered(rules_: list[Segment], at: float, lo_hi: float, *, vertical: bool) -> bool:
    for s in rules_:
        if vertical and abs((s.x0 + s.x1) / 2 - at) <= MERGE and s.top - TOUCH <= lo_hi <= s.bottom + TOUCH:
            return True
        if not vertical and abs((s.top + s.bottom) / 2 - at) <= MERGE and s.x0 - TOUCH <= lo_hi <= s.x1 + TOUCH:
            return True
    return False


def _grid(xs, ys, hs, vs, chars: list[Char]) -> Table:
    inside = [c for c in chars if xs[0] <= c.cx <= xs[-1] and ys[0] <= c.cy <= ys[-1]]
    rows = []
    for r in range(len(ys) - 1):
        mid_y = (ys[r] + ys[r + 1]) / 2
        cells, start = [], 0
        for col in range(1, len(xs)):
            if col < len(xs) - 1 and not _covered(vs, xs[col], mid_y, vertical=True):
                continue  # no rule here: the cell spans on
            x0, x1 = xs[start], xs[col]
            continued = r > 0 and not _covered(hs, ys[r], (x0 + x1) / 2, vertical=False)
            cells.append("" if continued else _cell_text([c for c in inside if x0 <= c.cx <= x1
                                                          and ys[r] <= c.cy <= ys[r + 1]]))
            start = col
        rows.append(tuple(cells))
    return Table(xs[0], xs[-1], ys[0], ys[-1], tuple(rows))


def _cell_text(chars: list[Char]) -> str:
    text = ""
    for line in group_lines(chars):
        text = join_fragments(text, line_text(line))
    return text


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters -> lines, top to bottom, each left to right (a new line where the vertical
    centre moves by more than half the character size)."""
    lines: list[list[Char]] = []
    total = 0.0  # sum of the current line's vertical centres
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if lines and abs(c.cy - total / len(lines[-1])) <= 0.5 * max(c.size, 1.0):
            lines[-1].append(c)
            total += c.cy
        else:
            lines.append([c])
            total = c.cy
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def line_text(line: list[Char]) -> str:
    """A line's characters; a space only where two Latin words or numbers sit a gap apart."""
    out = ""
    prev = None
    for c in line:
        if prev is not None and c.x0 - prev.x1 > 0.25 * max(c.size, 1.0):
            out = join_fragments(out, c.ch) if out else c.ch
        else:
            out += c.ch
        prev = c
    return out
