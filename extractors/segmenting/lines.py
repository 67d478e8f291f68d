"""A plan's lines in normalised offsets, each with the numbering marker it starts with."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.offsets import OffsetText
from extractors.segmenting.markers import ARABIC, Marker, read_marker


@dataclass(slots=True)
class Line:
    start: int  # normalised offsets of the line's content (leading table tab excluded)
    end: int
    text: str
    marker: Marker | None = None
    empty_cell: bool = False  # a line of one tab: an empty cell of a flattened table (text "")

    @property
    def body(self) -> str:
        """The text after the numbering marker."""
        return self.text[self.marker.end:] if self.marker else self.text

    @property
    def body_start(self) -> int:
        return self.start + (self.marker.end if self.marker else 0)

    def tail(self, offset: int) -> "Line":
        """The rest of the line from `offset` within it, as a line of its own."""
        text = self.text[offset:]
        return Line(self.start + offset, self.end, text, read_marker(text))


# 一、指导思想 ………… 2: a table of contents entry (leader dots and a page number) is no heading.
TOC_ENTRY = regex.compile(r"(?:[.．…·]{2,}|…)\s*\d{1,3}$")


# A PDF's hard break may put a value at the start of a line: "…分别降至2.0‰、" then "3.0‰和4.0‰以下".
# Its "3." is no item marker: an item does not begin where the line before ends inside a list or a
# clause (、，). (The digits after the point cannot tell: the corpus prints item 6 as 6.95%的城市社区….)
_CLAUSE_GOES_ON = ("、", "，", ",")


def lines_of(nd: OffsetText, start: int, end: int) -> list[Line]:
    """Lines of nd[start:end]; blank lines are kept as empty lines (a table row ends at one)."""
    out = []
    pos = start
    before = ""  # the last non-blank line's text
    for raw in nd.text[start:end].split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        content = raw.lstrip("\t")
        if content.strip():
            marker = None if TOC_ENTRY.search(content) else read_marker(content)
            if marker is not None and marker.style == ARABIC and (
                    before.endswith(_CLAUSE_GOES_ON)):
                marker = None
            out.append(Line(b - len(content), b, content, marker))
            before = content.rstrip()
        elif raw == "\t":
            out.append(Line(b, b, "", empty_cell=True))
        else:
            out.append(Line(a, a, ""))
    return out


# 附件 / 附件1： / 附表: a label for an annex; the text before it has ended.
ANNEX = regex.compile(r"^附\s*(?:件|表)\s*\d{0,2}\s*[：:]?$")
# A table's header row printed on one line: 序号\t指标\t2020年\t2025年 (cells separated by tabs).
_YEAR_COLUMN = regex.compile(r"^(?:19|20)\d\d\s*年")
_LABEL_COLUMN = regex.compile(r"指标|项目|名称")


def row_cells(ln: Line) -> list[Line]:
    """The cells of a table row printed on one line, each a line of its own (normalise keeps one tab
    between cells)."""
    cells, pos = [], ln.start
    for text in ln.text.split("\t"):
        if text.strip():
            cells.append(Line(pos, pos + len(text), text))
        pos += len(text) + 1
    return cells


def is_table_header_row(text: str) -> bool:
    """Is this line a table's header row: tab-separated cells naming the indicator column and at least
    one year column (序号 指标 2020年 2025年)?"""
    cells = [c for c in text.split("\t") if c.strip()]
    return len(cells) >= 3 and any(_LABEL_COLUMN.search(c) for c in cells) and \
        any(_YEAR_COLUMN.match(c) for c in cells)
