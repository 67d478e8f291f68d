"""Numbered lists: a number that does not continue its list is text, not a new item.

The check is what keeps "5.3岁以下…" item 5 and a year or a decimal at the start of a PDF line
text. One skipped number is tolerated (a drafting slip) and recorded, so the plan can say so.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.segmenting.markers import CN_DIGITS, Marker, cn_ordinal, is_cn_number


@dataclass
class Sequence:
    """Numbers of one list, in order; `gaps` holds the numbers skipped."""
    last: int = 0
    gaps: list[int] = field(default_factory=list)

    def continues(self, n: int) -> bool:
        return self.last < n <= self.last + 2

    def accept(self, n: int) -> bool:
        if not self.continues(n):
            return False
        self.gaps.extend(range(self.last + 1, n))
        self.last = n
        return True


@dataclass
class ItemList(Sequence):
    """The items of one goal, measure or chapter list. The first item fixes the list's style: a
    line numbered in another style (a sub-list inside an item) continues the item.

    Unnumbered lists are "paragraph" lists (one paragraph, one item) or "chain" lists (一是…二是…)."""
    style: str | None = None

    def accept_marker(self, m: Marker) -> bool:
        if self.style not in (None, m.style) or not self.accept(m.number):
            return False
        self.style = m.style
        return True

    def continues_marker(self, m: Marker) -> bool:
        return self.style in (None, m.style) and self.continues(m.number)

    def next_unnumbered(self, style: str) -> int:
        self.style = style
        self.last += 1
        return self.last


# 一是…；二是…；三是…: the first at the start of the paragraph, the next ones after a clause's
# punctuation. 十是, 十一是 are the same grammar.
_CHAIN_MARK = regex.compile(rf"(?:^|(?<=[；;，,。：:]))[ \t]*([{CN_DIGITS}]{{1,3}})是")


def chain_clauses(text: str, first: int = 1) -> list[tuple[int, int, int]]:
    """(number, start, end) of each clause of a 一是…二是… chain in `text`, numbered from
    `first` (a chain may run on from the previous line); [] unless the text starts the chain.

    A clause's span runs from after its "N是" to before the separator that ends it (；，); a full
    stop stays with its clause."""
    marks = []
    want = first
    for m in _CHAIN_MARK.finditer(text):
        if not marks and m.start() != 0:
            return []
        digits = m.group(1)
        if is_cn_number(digits) and cn_ordinal(digits) == want:
            marks.append((want, m.start(), m.end()))
            want += 1
    if not marks:
        return []
    out = []
    for k, (n, _, body) in enumerate(marks):
        end = _clause_end(text, body, marks[k + 1][1] if k + 1 < len(marks) else len(text))
        out.append((n, body, end))
    return out


def _clause_end(text: str, start: int, end: int) -> int:
    """Back over the separator (；，) and spacing before the next clause's marker."""
    while end > start and text[end - 1] in "；;，,：: \t":
        end -= 1
    return end
