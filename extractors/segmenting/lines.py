"""A plan's lines in normalised offsets, each with the numbering marker it starts with."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.offsets import OffsetText
from extractors.segmenting.markers import Marker, read_marker


@dataclass(slots=True)
class Line:
    start: int  # normalised offsets of the line's content (leading table tab excluded)
    end: int
    text: str
    marker: Marker | None = None

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


def lines_of(nd: OffsetText, start: int, end: int) -> list[Line]:
    """Lines of nd[start:end]; blank lines are kept as empty lines (a table row ends at one)."""
    out = []
    pos = start
    for raw in nd.text[start:end].split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        content = raw.lstrip("\t")
        if content.strip():
            marker = None if TOC_ENTRY.search(content) else read_marker(content)
            out.append(Line(b - len(content), b, content, marker))
        else:
            out.append(Line(a, a, ""))
    return out
