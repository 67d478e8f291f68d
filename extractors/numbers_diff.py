"""The numbers-aware diff of two provisions, with every target value compared only within its year
(the web page's similar view, `planatlas similar` and notebook 02).

extractors.diffing.diff aligns two texts with each number keyed by its shape (#‰), so numbers at
aligned places are compared whatever year they belong to: 榆树's 婴儿死亡率降至4.0‰ (its 2030
target: no year printed, the plan ends in 2030) was set against 盘山's 4.5‰, which is its 2025
target, while 盘山's 2030 value (3.4‰) follows a few characters later. The fix is in the diff's
input: each located target value is replaced, before diffing, by one private-use character that
stands for its year, kind and indicator, so the alignment can only pair values of the same year
(and the same indicator: a 2030 infant mortality rate is not set against a 2030 maternal one); afterwards
the characters are turned back into the printed values, and aligned values that differ become
number changes. Numbers that are not targets (ages, years, item numbers) are diffed as before.

The table beside the diff does not depend on the alignment at all: it pairs the two provisions'
targets by indicator, year, kind and kind of value (level, decrease, increase, range).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.diffing import diff, measure
from extractors.search_text import normalise

# A target as the warehouse reads it (web.queries.TargetRow): target_id, value_text, value_start,
# value_end, kind, year, year_stated, comparator, value, value_high, unit, indicator_code, indicator,
# name. Any object with those attributes: the web page, `planatlas similar` and the notebooks share
# this diff.
TargetRow = Any

_TOKEN_BASE = 0xF0000  # Supplementary Private Use Area-A: never printed in a plan
_TOKENS = re.compile("[\U000F0000-\U000FFFFD]")


@dataclass(frozen=True)
class Located:
    """A printed target value inside a provision's text, with the targets it states."""
    start: int
    end: int
    text: str
    targets: tuple[TargetRow, ...]

    @property
    def kind(self) -> str:
        return self.targets[0].kind

    @property
    def year(self) -> int | None:
        return self.targets[0].year

    @property
    def year_label(self) -> str:
        t = self.targets[0]
        if t.year is None:
            return "已达到" if t.kind == "achieved" else ""
        return f"{t.year}" + ("" if t.year_stated else "†") + ("已达到" if t.kind == "achieved" else "")


@dataclass(frozen=True)
class Op:
    """One piece of the diff: equal, number (a target or other number that differs), delete (only in
    A), insert (only in B) or replace. year_a/year_b label a target value (2030, 2025†)."""
    tag: str
    a: str
    b: str
    year_a: str = ""
    year_b: str = ""


def _fold_ws(s: str) -> str:
    return re.sub(r"\s+", "", s)


def locate(text: str, char_start: int, targets: list[TargetRow]) -> list[Located]:
    """Where each target's printed value is in the provision's (cleaned) text: at its offset when
    the cleaning kept the length there, else the next occurrence after the previous value. Values
    that cannot be found are left out of the diff (they stay in the table)."""
    groups: dict[tuple[int, int], list[TargetRow]] = {}
    for t in sorted(targets, key=lambda t: (t.value_start, t.target_id)):
        groups.setdefault((t.value_start, t.value_end), []).append(t)
    norm = normalise(text)
    out: list[Located] = []
    pos = 0
    for (vs, ve), ts in groups.items():
        want = normalise(ts[0].value_text)
        rel = vs - char_start
        if pos <= rel and norm[rel:rel + len(want)] == want:
            a, b = rel, rel + len(want)
        else:
            i = norm.find(want, pos)
            if i < 0:
                pattern = r"\s*".join(map(re.escape, _fold_ws(want)))
                m = re.compile(pattern).search(norm, pos) if pattern else None
                if m is None:
                    continue
                a, b = m.start(), m.end()
            else:
                a, b = i, i + len(want)
        out.append(Located(a, b, text[a:b], tuple(ts)))
        pos = b
    return out


def _token_key(loc: Located) -> tuple:
    """What a value may be set against: the same kind and year, and the same indicator (its code;
    a value without one only against another without one, in the same unit)."""
    t = loc.targets[0]
    return loc.kind, loc.year, t.indicator_code or ("unmapped", t.unit)


def _tokenised(text: str, located: list[Located], codes: dict) -> str:
    parts, pos = [], 0
    for loc in located:
        key = _token_key(loc)
        code = codes.setdefault(key, chr(_TOKEN_BASE + len(codes)))
        parts += [text[pos:loc.start], code]
        pos = loc.end
    parts.append(text[pos:])
    return "".join(parts)


def _same_value(a: Located, b: Located) -> bool:
    ta, tb = a.targets[0], b.targets[0]
    return (ta.comparator, ta.value, ta.value_high, ta.unit) == (tb.comparator, tb.value, tb.value_high, tb.unit)


def year_diff(a_text: str, a_start: int, a_targets: list[TargetRow],
              b_text: str, b_start: int, b_targets: list[TargetRow]) -> list[Op]:
    """The diff of two provisions in which target values pair only with values of the same year."""
    la, lb = locate(a_text, a_start, a_targets), locate(b_text, b_start, b_targets)
    if _TOKENS.search(a_text) or _TOKENS.search(b_text):  # cannot happen in a plan; diff plainly
        la, lb = [], []
    codes: dict = {}
    ta, tb = _tokenised(a_text, la, codes), _tokenised(b_text, lb, codes)
    ia, ib = iter(la), iter(lb)
    out: list[Op] = []
    for op in diff(ta, tb).ops:
        if op.tag == "equal":
            pa, pb = _TOKENS.split(op.a), _TOKENS.split(op.b)
            for k, (xa, xb) in enumerate(zip(pa, pb)):
                if k:  # a token on both sides: values of the same year and kind
                    va, vb = next(ia), next(ib)
                    tag = "equal" if _same_value(va, vb) else "number"
                    out.append(Op(tag, va.text, vb.text, va.year_label, vb.year_label))
                if xa or xb:
                    out.append(Op("equal", xa, xb))
        elif op.tag == "number":
            out.append(Op("number", op.a, op.b))
        else:
            out.extend(_expand(op.tag, op.a, ia, "a"))
            out.extend(_expand(op.tag, op.b, ib, "b"))
    return out


def _expand(tag: str, text: str, values, side: str) -> list[Op]:
    """One side of a change, its tokens turned back into the printed values."""
    out: list[Op] = []
    pieces = _TOKENS.split(text)
    for k, piece in enumerate(pieces):
        if k:
            v = next(values)
            out.append(Op(tag, v.text, "", v.year_label, "") if side == "a" else Op(tag, "", v.text, "", v.year_label))
        if piece:
            out.append(Op(tag, piece, "") if side == "a" else Op(tag, "", piece))
    return out


@dataclass(frozen=True)
class NumberRow:
    """One indicator and year across the two provisions."""
    name: str
    year: int | None
    kind: str
    a: tuple[TargetRow, ...]
    b: tuple[TargetRow, ...]

    @property
    def status(self) -> str:
        if not self.a:
            return "only_b"
        if not self.b:
            return "only_a"
        same = [(t.comparator, t.value, t.value_high, t.unit) for t in self.a] == \
               [(t.comparator, t.value, t.value_high, t.unit) for t in self.b]
        return "same" if same else "differs"


def _indicator_key(t: TargetRow) -> str:
    return t.indicator_code or _fold_ws(normalise(t.indicator or "")) or f"?{t.target_id}"


def number_rows(a_targets: list[TargetRow], b_targets: list[TargetRow]) -> list[NumberRow]:
    """The two provisions' targets paired by indicator, year, kind and kind of value."""
    keys: dict[tuple, tuple[list, list]] = {}
    for side, ts in ((0, a_targets), (1, b_targets)):
        for t in ts:
            keys.setdefault((_indicator_key(t), t.year, t.kind, measure(t.comparator)), ([], []))[side].append(t)
    return [NumberRow((a or b)[0].name, year, kind, tuple(a), tuple(b))
            for (_, year, kind, _), (a, b) in keys.items()]
