"""Ruled tables of a PDF page -> rows of cell texts.

pdfium gives the page's vector paths but no table model, so the grid is rebuilt here from the
ruling lines (thin filled rectangles, as Chromium and Word draw cell borders, or stroked lines):
touching rules form one table; its distinct rule positions are the row and column edges; a
missing rule between two grid cells merges them (a spanning cell), and a cell continued from the
row above (a vertically merged cell) is written empty, its text (often centred across the rows it
spans) going to its first row. Characters are assigned to cells by their centre. Pure: takes
segments and characters, returns cells.

Double rules (an HTML table with separate borders: every cell framed on its own, cellspacing
apart, inside the table's frame) put two parallel rules around every cell. The strip between them
is no row or column: an edge is a band of rule positions, and two bands are one edge when the strip
between them is narrower than the table's characters and no character fits in it. With wider
cellspacing (3 px or more) the cells' frames do not touch: framed boxes less than SPACING apart are
joined into one table first.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.readers.textbuild import join_fragments

RULE = 3.0      # a rule is at most this thick (points)
TOUCH = 2.0     # rules this close touch
MERGE = 2.0     # rule positions this close are one edge
SPACING = 8.0   # framed cells this far apart are one table's (cellspacing up to ~10 px)


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

    def empty_columns(self) -> int:
        """Columns without text in any full-width row: a sign the grid was misread."""
        width = max((len(r) for r in self.rows), default=0)
        full = [r for r in self.rows if len(r) == width]
        return sum(1 for i in range(width) if not any(r[i] for r in full)) if any(any(r) for r in full) else 0


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


def _clusters(n: int, linked) -> list[list[int]]:
    """The indices 0..n-1 grouped by the (i, j) pairs `linked` joins (union-find), in order of first index."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in linked:
        parent[find(i)] = find(j)
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return list(out.values())


def _touching(segs: list[Segment]):
    order = sorted(range(len(segs)), key=lambda i: segs[i].x0)
    for pos, i in enumerate(order):  # sweep by x so only overlapping spans are compared
        for j in order[pos + 1:]:
            if segs[j].x0 - TOUCH > segs[i].x1:
                break
            if _touch(segs[i], segs[j]):
                yield i, j


def _groups(segs: list[Segment]) -> list[list[Segment]]:
    return [[segs[i] for i in c] for c in _clusters(len(segs), _touching(segs))]


def _bands(values: list[float]) -> list[tuple[float, float]]:
    """Rule positions -> edges, each the (lowest, highest) position of rules this close (MERGE)."""
    out: list[tuple[float, float]] = []
    for v in sorted(values):
        if out and v - out[-1][1] <= MERGE:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return out


def _close_gaps(bands: list[tuple[float, float]], boxes: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """Join neighbouring edges whose strip is narrower than `width` (a character) and holds no
    character's box (`boxes`: extents along the same axis): the gap between the two rules of a
    double border. A character merely crossing the strip (a cell centred across rows) keeps nothing."""
    out = bands[:1]
    for lo, hi in bands[1:]:
        prev_lo, prev_hi = out[-1]
        if lo - prev_hi < width and not any(prev_lo <= a and b <= hi for a, b in boxes):
            out[-1] = (prev_lo, hi)
        else:
            out.append((lo, hi))
    return out


def _is_box(group: list[Segment]) -> bool:
    """Four rules framing one rectangle: a cell of a table with separate borders, or its frame."""
    return len(group) == 4 and sum(s.horizontal for s in group) == 2


def _bbox(group: list[Segment]) -> tuple[float, float, float, float]:
    return min(s.x0 for s in group), max(s.x1 for s in group), min(s.top for s in group), max(s.bottom for s in group)


def _join_framed_cells(groups: list[list[Segment]]) -> list[list[Segment]]:
    """A framed box less than SPACING from another group is that table's cell: cellspacing of 3 px or
    more keeps each cell's frame from touching its neighbours' (or the table's frame), so every cell
    would be a group of its own."""
    near = [_bbox(g) for g in groups]
    box = [_is_box(g) for g in groups]

    def close(i: int, j: int) -> bool:
        (ax0, ax1, at, ab), (bx0, bx1, bt, bb) = near[i], near[j]
        return ax0 - SPACING <= bx1 and bx0 - SPACING <= ax1 and at - SPACING <= bb and bt - SPACING <= ab

    pairs = ((i, j) for i in range(len(groups)) for j in range(i + 1, len(groups)) if (box[i] or box[j]) and close(i, j))
    return [[s for i in c for s in groups[i]] for c in _clusters(len(groups), pairs)]


def find_tables(segs: list[Segment], chars: list[Char]) -> list[Table]:
    tables = []
    for group in _join_framed_cells(_groups(segs)):
        hs = [s for s in group if s.horizontal]
        vs = [s for s in group if not s.horizontal]
        ys = _bands([(s.top + s.bottom) / 2 for s in hs])
        xs = _bands([(s.x0 + s.x1) / 2 for s in vs])
        if len(ys) < 2 or len(xs) < 3:   # a framed box or a lone rule is no table
            continue
        inside = [c for c in chars if xs[0][0] <= c.cx <= xs[-1][1] and ys[0][0] <= c.cy <= ys[-1][1]]
        if inside:
            size = min(c.size for c in inside)
            ys = _close_gaps(ys, [(c.top, c.bottom) for c in inside], size)
            xs = _close_gaps(xs, [(c.x0, c.x1) for c in inside], size)
        if len(ys) < 2 or len(xs) < 3:
            continue
        tables.append(_grid(xs, ys, hs, vs, inside))
    return sorted(tables, key=lambda t: t.top)


def _covered(rules_: list[Segment], band: tuple[float, float], lo_hi: float, *, vertical: bool) -> bool:
    """Is the edge `band` drawn at `lo_hi` (a y for a column edge, an x for a row edge)?"""
    lo, hi = band[0] - MERGE, band[1] + MERGE
    for s in rules_:
        if vertical and lo <= (s.x0 + s.x1) / 2 <= hi and s.top - TOUCH <= lo_hi <= s.bottom + TOUCH:
            return True
        if not vertical and lo <= (s.top + s.bottom) / 2 <= hi and s.x0 - TOUCH <= lo_hi <= s.x1 + TOUCH:
            return True
    return False


def _grid(xs, ys, hs, vs, inside: list[Char]) -> Table:
    """Bands of column and row edges -> rows of cell texts; a cell runs between its edges' middles."""
    mx = [(lo + hi) / 2 for lo, hi in xs]
    my = [(lo + hi) / 2 for lo, hi in ys]
    rows = []
    for r in range(len(ys) - 1):
        mid_y = (ys[r][1] + ys[r + 1][0]) / 2
        cells, start = [], 0
        for col in range(1, len(xs)):
            if col < len(xs) - 1 and not _covered(vs, xs[col], mid_y, vertical=True):
                continue  # no rule here: the cell spans on
            x0, x1, mid_x = mx[start], mx[col], (xs[start][1] + xs[col][0]) / 2
            if r > 0 and not _covered(hs, ys[r], mid_x, vertical=False):
                cells.append("")  # continued from the row above, which holds its text
            else:
                end = r + 1  # the cell runs down while the rule below it is missing
                while end < len(ys) - 1 and not _covered(hs, ys[end], mid_x, vertical=False):
                    end += 1
                cells.append(_cell_text([c for c in inside if x0 <= c.cx <= x1 and my[r] <= c.cy <= my[end]]))
            cells.extend([""] * (col - start - 1))  # the columns a spanning cell covers stay, empty
            start = col
        rows.append(tuple(cells))
    return Table(xs[0][0], xs[-1][1], ys[0][0], ys[-1][1], tuple(rows))


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
