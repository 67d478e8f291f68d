"""Printed lines of a PDF -> paragraphs: running headers, footers and page numbers out, wrapped
lines joined. Pure functions over Line records (top-down coordinates, in points), so they are
tested without a PDF.

A paragraph starts at a line that is indented (a first-line indent), at a line after one that
ends a sentence and stops short of the right margin, at a list or heading marker (一、 （一） 1.
（1） ① 第一条) after a sentence end, at a centred line or after one, at a change of font size,
or after a wider gap than the page's line pitch. A paragraph runs on across a page break when the
page's last line reaches the margin and the next page's first line starts no paragraph.
"""
from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

import regex

SENTENCE_END = "。！？；：:;!?”」』…"
MARKER = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、]|[（(]\d{1,2}[）)]"
    r"|[\u2460-\u2473\u2474-\u2487\u2488-\u249b]|第[一二三四五六七八九十百零〇]+[章节条部分])")
_DASH = r"[-—–－―~～]"
PAGE_NUMBER = regex.compile(
    rf"^(?:{_DASH}*\s*(?:第\s*)?\d{{1,4}}\s*(?:页)?\s*{_DASH}*"
    rf"|第\s*\d{{1,4}}\s*页\s*[，,/／]?\s*共\s*\d{{1,4}}\s*页"
    rf"|共\s*\d{{1,4}}\s*页\s*[，,/／]?\s*第\s*\d{{1,4}}\s*页"
    rf"|\d{{1,4}}\s*[/／]\s*\d{{1,4}}"
    rf"|(?i:page)\s*\d{{1,4}}(?:\s*(?i:of)\s*\d{{1,4}})?"
    rf"|{_DASH}+\s*[ivxlcIVXLC]{{1,6}}\s*{_DASH}+)$")
EDGE_LINES = 2          # lines at the top and at the bottom of a page that may be running heads
EDGE_BAND = 0.15        # ... and only within this share of the page height from its edge
REPEAT_SHARE = 0.5      # a head on at least this share of the pages (and two) is running


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int           # 0-based page index

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    pitch: float        # typical distance between the baselines of a paragraph's lines


def _key(text: str) -> str:
    return regex.sub(r"\s", "", regex.sub(r"\d+", "#", text))


def drop_running_heads(pages: list[list[Line]], heights: list[float]) -> tuple[list[list[Line]], list[str]]:
    """Remove running headers/footers (the same text at the same height on most pages) and page
    numbers at the top or bottom of a page. Returns the kept lines per page and what was dropped."""
    n = len(pages)
    candidates: dict[str, list[Line]] = defaultdict(list)
    for lines, height in zip(pages, heights):
        for ln in _edge_lines(lines, height):
            candidates[_key(ln.text)].append(ln)
    running: set[int] = set()
    need = max(2, math.ceil(REPEAT_SHARE * n))
    for key, lines in candidates.items():
        if len({ln.page for ln in lines}) < need or not key:
            continue
        y = statistics.median(ln.mid for ln in lines)
        running.update(id(ln) for ln in lines if abs(ln.mid - y) <= max(ln.size, 2.0))
    kept, dropped = [], Counter()
    for lines, height in zip(pages, heights):
        edge = {id(ln) for ln in _edge_lines(lines, height)}
        out = []
        for ln in lines:
            if id(ln) in edge and PAGE_NUMBER.match(ln.text.strip()):
                dropped["page number"] += 1
            elif id(ln) in running:
                dropped["running header or footer"] += 1
            else:
                out.append(ln)
        kept.append(out)
    return kept, [f"{count} {what} lines dropped" for what, count in sorted(dropped.items())]


def _edge_lines(lines: list[Line], height: float) -> list[Line]:
    ordered = sorted(lines, key=lambda ln: ln.top)
    top = [ln for ln in ordered[:EDGE_LINES] if ln.bottom <= EDGE_BAND * height]
    bottom = [ln for ln in ordered[-EDGE_LINES:] if ln.top >= (1 - EDGE_BAND) * height]
    return top + [ln for ln in bottom if ln not in top]


def margins(lines: list[Line]) -> Margins:
    """The body's left and right edges and line pitch, from the lines themselves: most lines of a
    plan are full lines that start at the left margin and (justified or not) end near the right."""
    if not lines:
        return Margins(0.0, 0.0, 0.0)
    left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
    rights = sorted((ln.x1 for ln in lines), reverse=True)
    right = rights[max(1, math.ceil(0.1 * len(rights))) - 1]  # reached by a tenth of the lines: full lines
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])
               if a.page == b.page and 0 < b.top - a.top < 3 * a.size]
    pitch = statistics.median(pitches) if pitches else 1.5 * statistics.median(ln.size for ln in lines)
    return Margins(float(left), right, pitch)


def indented(ln: Line, m: Margins) -> bool:
    return ln.x0 >= m.left + 0.9 * ln.size


def short(ln: Line, m: Margins) -> bool:
    return ln.x1 < m.right - 1.5 * ln.size


def centred(ln: Line, m: Margins) -> bool:
    return ln.x0 >= m.left + 2 * ln.size and ln.x1 <= m.right - 2 * ln.size and \
        abs((ln.x0 - m.left) - (m.right - ln.x1)) <= 2 * ln.size


def ends_sentence(ln: Line) -> bool:
    return bool(ln.text) and ln.text.rstrip()[-1:] in SENTENCE_END


def starts_paragraph(prev: Line | None, cur: Line, m: Margins, *, same_page: bool = True) -> bool:
    if prev is None:
        return True
    if indented(cur, m) or centred(cur, m) or centred(prev, m):
        return True
    if abs(cur.size - prev.size) > 0.15 * prev.size:
        return True
    if short(prev, m) and (ends_sentence(prev) or (MARKER.match(prev.text) and len(prev.text) <= 30)):
        return True
    if MARKER.match(cur.text) and (ends_sentence(prev) or short(prev, m)):
        return True
    if same_page and m.pitch and cur.top - prev.top > 1.6 * m.pitch:
        return True
    return not same_page and short(prev, m)
