"""Character folding, in one place: every layer that compares or reads text folds it with these.

All maps are one character for one character (or deletions listed as such), so a folded text keeps
the offsets of its source wherever lengths are kept. No blanket NFKC: it turns 10² into 102 and ①
into 1, inventing numbers.

- WIDTH: the full-width ASCII block (！ to ～) and the ideographic space to their half-width forms:
  for comparing texts (fingerprints, quotes, indicator phrases, search).
- NUMBER: only what numbers are written with (full-width digits, ％, the full-width point): the
  segmenter's view keeps Chinese punctuation (the grammars read both widths), and the SQL layer
  shows printed numbers with it (warehouse/schema/0004_comparison.sql, filled in at migration).
- LOWER: A-Z to a-z (also from full width).
"""
from __future__ import annotations

import regex

WIDTH: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
WIDTH[0x3000] = 0x20
NUMBER_FROM = "０１２３４５６７８９％．"
NUMBER_TO = "0123456789%."
NUMBER: dict[int, int] = {ord(f): ord(t) for f, t in zip(NUMBER_FROM, NUMBER_TO)}
WIDTH_LOWER: dict[int, int] = {**WIDTH, **{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
                               **{c: c + 32 - 0xFEE0 for c in range(0xFF21, 0xFF3B)}}
TO_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_SPACE = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def fold_width(text: str) -> str:
    """Full-width ASCII to half-width, one for one."""
    return text.translate(WIDTH)


def fold_number(text: str) -> str:
    """Full-width digits, ％ and ． to ASCII, one for one."""
    return text.translate(NUMBER)


def squash(text: str) -> str:
    """Half-width, every kind of space removed: two printings of one text compare equal (a GBK copy
    with CRLF, a PDF's hard breaks, a quote copied from the raw file against a cleaned provision)."""
    return _SPACE.sub("", text).translate(WIDTH)
