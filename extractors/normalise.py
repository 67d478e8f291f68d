"""The normalised view of a plan text, with an explicit table of what is changed.

Not blanket NFKC: NFKC turns 10² into 102 and ① into 1, which would invent numbers. Only the
artefacts listed here are changed, each through OffsetText so offsets stay grounded.
Lines are kept (segmentation is line-based); `join_lines` removes the hard breaks inside a
block once the segmenter knows where the block is.
"""
from __future__ import annotations

import regex

from extractors.offsets import OffsetText
from extractors.textfold import NUMBER


_LINE_ENDINGS = regex.compile(r"\r")  # CRLF keeps its LF (the break's own character); a lone CR becomes LF
_BOOKMARK = regex.compile(r"\[bookmark:[^\]\n]*\]")
_BOLD = regex.compile(r"\*\*")
_BULLET = regex.compile(r"(?m)^[ \t\u3000]*[-•·●▪][ \t\u3000]+")
_DECIMAL_POINT = regex.compile(r"(?<=\d)[．。·](?=\d)")  # 4．5 and PDF's 4。5 are 4.5
_ITEM_POINT = regex.compile(r"(?m)^([ \t\u3000]*\d{1,2})．")  # 1． item markers
# (a line of one tab is kept: the empty cell of a table flattened one cell per line, which a blank
# line would turn into the end of its row)
_TRAILING_SPACE = regex.compile(r"(?m)(?<=\S)[ \t\u3000\u00a0]+$|^(?!\t$)[ \t\u3000\u00a0]+$")
# Leading indentation: a tab marks a table cell in flattened tables, so tabs survive as one tab.
_LEADING_TAB = regex.compile(r"(?m)^[ \u3000\u00a0]*\t[ \t\u3000\u00a0]*")
_LEADING_SPACE = regex.compile(r"(?m)^[ \u3000\u00a0]+")
# A space inside a line is an artefact unless it separates two Latin words.
_INNER_SPACE = regex.compile(r"(?<![A-Za-z])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?![A-Za-z])")
# A printed page's number on a line of its own, as text copied out of a PDF or a printed page keeps
# it between two lines of a sentence (— 4 —, －10－, - 4 -, 第4页, 第 4 页 共 20 页): removed with
# the blank lines around it, so the sentence (or table) reads on across the page break.
_PAGE_NUMBER_LINE = regex.compile(
    r"(?:\n|\A)[ \t\u3000\n]*?^[ \t\u3000]*(?:[—－–\-]{1,2}[ \t\u3000]*\d{1,4}[ \t\u3000]*[—－–\-]{1,2}"
    r"|第[ \t\u3000]*\d{1,4}[ \t\u3000]*页(?:[ \t\u3000]*[，,/／]?[ \t\u3000]*共[ \t\u3000]*\d{1,4}[ \t\u3000]*页)?)"
    r"[ \t\u3000]*$[ \t\u3000\n]*(?=\n|\Z)", regex.MULTILINE)
_BREAKS = regex.compile(r"\n+")
_TAB = regex.compile(r"\t")


def normalise(text: str) -> OffsetText:
    """Normalise a whole decoded document, keeping its lines."""
    ot = OffsetText.identity(text)
    ot = ot.sub(_LINE_ENDINGS, lambda m: "" if m.end() < len(text) and text[m.end()] == "\n" else "\n")
    ot = ot.sub(_PAGE_NUMBER_LINE, "")
    ot = ot.sub(_BOOKMARK, "")
    ot = ot.sub(_BOLD, "")
    ot = ot.sub(_BULLET, "")
    ot = ot.translate(NUMBER)  # full-width digits and ％ (textfold: Chinese punctuation is kept)
    ot = ot.sub(_DECIMAL_POINT, ".")
    ot = ot.sub(_ITEM_POINT, lambda m: m.group(1) + ".")
    ot = ot.sub(_TRAILING_SPACE, "")
    ot = ot.sub(_LEADING_TAB, "\t")
    ot = ot.sub(_LEADING_SPACE, "")
    return _strip_inner_spaces(ot)


def _strip_inner_spaces(ot: OffsetText) -> OffsetText:
    # Applied line by line so the leading table tab survives. A tab inside a line separates the
    # cells of a table row printed on one line (12.6\t≤10\t≤8); a space between two numbers (82 85)
    # separates two values. Removed, either would join two numbers into one (12.6≤10, 8285).
    def repl(m: regex.Match) -> str:
        a, b = m.start(), m.end()
        if a == 0 or ot.text[a - 1] == "\n":
            return m.group(0)
        if "\t" in m.group(0):
            return "\t"
        return m.group(0)[0] if _numbers_meet(ot.text, a, b) else ""  # one of the source's own spaces

    return ot.sub(_INNER_SPACE, repl)


_NUMBER_END = regex.compile(r"[0-9%‰]")
_NUMBER_START = regex.compile(r"[0-9≤≥<>+]")


def _numbers_meet(text: str, a: int, b: int) -> bool:
    """Would removing text[a:b] join a number to the number after it?"""
    return a > 0 and b < len(text) and bool(_NUMBER_END.match(text[a - 1])) and bool(_NUMBER_START.match(text[b]))


def join_lines(ot: OffsetText) -> OffsetText:
    """Join a block's lines: PDF hard breaks and blank lines inside a sentence disappear."""
    # a break or tab between two numbers stays (as the source's own character): removed, 8 and 2 read 82
    joined = ot.sub(_BREAKS, lambda m: "\n" if _numbers_meet(ot.text, m.start(), m.end()) else "")
    joined = joined.sub(_TAB, lambda m: "\t" if _numbers_meet(joined.text, m.start(), m.end()) else "")
    start, end = 0, len(joined.text)
    while start < end and joined.text[start].isspace():
        start += 1
    while end > start and joined.text[end - 1].isspace():
        end -= 1
    return joined.slice(start, end)
