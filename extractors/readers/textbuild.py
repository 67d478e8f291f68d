"""Assemble a reader's paragraphs and tables into the one text the line-based segmenter reads.

Conventions (extractors/segment.py): one paragraph per line; a heading or list number is printed
text at the start of its line; a line never starts with a TAB unless it is a table cell; a table is
its rows in order, header first, one line per cell starting with a single TAB, rows separated by a
blank line (as corpus/002 prints its indicator table), and a blank line after the table.
"""
from __future__ import annotations

import regex

_LINE_BREAKS = regex.compile(r"\r\n|[\r\n\u2028\u2029\v\f\x85]")
_EDGE_SPACE = regex.compile(r"^[\s\u3000\u00a0\u200b\ufeff]+|[\s\u3000\u00a0\u200b\ufeff]+$")
# C0 controls other than TAB and newline never belong in a plan text (the segmenter would see them)
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LATIN_END = regex.compile(r"[A-Za-z0-9]$")
_LATIN_START = regex.compile(r"^[A-Za-z0-9]")


def clean_line(s: str) -> str:
    """A fragment as one line: no control characters, no leading/trailing blanks (a leading TAB
    would make it a table cell)."""
    return _EDGE_SPACE.sub("", _CONTROLS.sub("", s))


def join_fragments(a: str, b: str) -> str:
    """Two pieces of one line (a wrapped PDF line, a table cell's paragraphs): nothing between
    Chinese text, one space between two Latin words or numbers that would otherwise fuse."""
    if a and b and _LATIN_END.search(a) and _LATIN_START.match(b):
        return a + " " + b
    return a + b


def one_line(text: str) -> str:
    """A cell's (or a caption's) text on one line: its own line breaks are joined away."""
    out = ""
    for piece in _LINE_BREAKS.split(text):
        out = join_fragments(out, clean_line(piece))
    return out


class TextBuilder:
    """Appends lines and tables; `pos` is the offset the next character will have."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.pos = 0
        self._tail = "\n\n"  # the last two characters written (a fresh text counts as after a blank line)

    @property
    def _at_line_start(self) -> bool:
        return self._tail.endswith("\n")

    def _emit(self, s: str) -> None:
        if s:
            self._parts.append(s)
            self.pos += len(s)
            self._tail = (self._tail + s)[-2:]

    def paragraph(self, text: str) -> None:
        """One paragraph; line breaks inside it (Word's w:br, HTML <br>) make separate lines."""
        for piece in _LINE_BREAKS.split(text):
            line = clean_line(piece)
            if line:
                self.end_line()
                self._emit(line + "\n")

    def fragment(self, text: str) -> None:
        """Continue the current line (a paragraph that runs on across a page break)."""
        self._emit(text)

    def end_line(self) -> None:
        if not self._at_line_start:
            self._emit("\n")

    def blank_line(self) -> None:
        self.end_line()
        if self._tail != "\n\n":
            self._emit("\n")

    def table(self, rows: list[list[str]], title: str | None = None) -> None:
        rows = [[one_line(c) for c in r] for r in rows]
        rows = [r for r in rows if any(r)]
        if title:
            self.paragraph(title)
        if not rows:
            return
        self.end_line()
        for i, row in enumerate(rows):
            if i:
                self._emit("\n")
            self._emit("".join(f"\t{cell}\n" for cell in row))
        self._emit("\n")

    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""
