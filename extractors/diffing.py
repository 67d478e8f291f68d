"""Numbers-aware comparison of two provisions, and what relation a pair has.

A number with its unit (3.0‰, 12/10万, 90%) is one unit of the diff; every other character is
its own unit. The texts are aligned with each number replaced by a placeholder that keeps its unit
(#‰), so "降至3.0‰、5.0‰" and "降至3.0‰、4.5‰" align as the same sentence, and the numbers at
aligned places are then compared: 5.0‰ → 4.5‰ is reported as a changed number, not as deleted
and inserted text. Text one side adds or drops is reported as such.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import regex
from rapidfuzz.fuzz import ratio as _fuzz_ratio

from extractors.indicators import load_registry, normalise as indicator_normalise
from extractors.search_text import normalise

# A number, optionally a fraction or rate base (1/6, 12/10万), with a unit that is part of the value.
NUMBER = regex.compile(r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?万?)?(?:%|‰|‱)?")
# Numbers that name a year or an age are context, not targets.
_NOT_TARGET_AFTER = regex.compile(r"\s*(?:年|周岁|岁|个月|月|日|天内)")
_PUNCT = regex.compile(r"[\p{P}\p{S}\s]+")

RELATIONS = ("near_identical", "same_indicator_different_target", "same_indicator_same_target", "related", "weak")
NEAR_IDENTICAL = 0.9   # wording similarity (numbers masked) at or above which two texts say the same
SAME_WORDING = 0.75    # ... at or above which differing numbers mean the same indicator, another target
RELATED = 0.2          # cosine similarity at or above which a pair is related

@dataclass(frozen=True)
class DiffOp:
    tag: str  # equal, number, delete, insert, replace
    a: str
    b: str


@dataclass(frozen=True)
class TextDiff:
    ops: tuple[DiffOp, ...]

    @property
    def number_changes(self) -> tuple[tuple[str, str], ...]:
        return tuple((op.a, op.b) for op in self.ops if op.tag == "number")

    @property
    def only_in_a(self) -> tuple[str, ...]:
        return tuple(op.a for op in self.ops if op.tag in ("delete", "replace") and op.a)

    @property
    def only_in_b(self) -> tuple[str, ...]:
        return tuple(op.b for op in self.ops if op.tag in ("insert", "replace") and op.b)

    def left(self, number: tuple[str, str] = ("«", "»"), dropped: tuple[str, str] = ("[-", "-]")) -> str:
        """Text A with numbers that differ and text B does not have marked."""
        return self._side("a", number, dropped)

    def right(self, number: tuple[str, str] = ("«", "»"), added: tuple[str, str] = ("{+", "+}")) -> str:
        """Text B with numbers that differ and text A does not have marked."""
        return self._side("b", number, added)

    def _side(self, side: str, number: tuple[str, str], own: tuple[str, str]) -> str:
        out = []
        for op in self.ops:
            text = getattr(op, side)
            if op.tag == "equal":
                out.append(text)
            elif op.tag == "number":
                out.append(number[0] + text + number[1])
            elif text:
                out.append(own[0] + text + own[1])
        return "".join(out)


_DIGITS = regex.compile(r"\d+(?:\.\d+)?")


def _units(text: str) -> list[tuple[str, str]]:
    """(shown text, alignment key) for each unit: numbers whole, keyed by their shape (#‰, #/#万);
    every other character alone."""
    out, pos = [], 0
    for m in NUMBER.finditer(text):
        out.extend((ch, ch) for ch in text[pos:m.start()])
        out.append((m.group(), _DIGITS.sub("#", m.group())))
        pos = m.end()
    out.extend((ch, ch) for ch in text[pos:])
    return out


def _same_number(a: str, b: str) -> bool:
    """3.0‰ and 3‰ are the same number; 3.0‰ and 3.5‰ are not."""
    return _DIGITS.sub("#", a) == _DIGITS.sub("#", b) and \
        [float(x) for x in _DIGITS.findall(a)] == [float(x) for x in _DIGITS.findall(b)]


def diff(a: str, b: str) -> TextDiff:
    """Align two texts unit by unit; numbers at aligned places that differ become 'number' ops."""
    ua, ub = _units(a), _units(b)
    sm = SequenceMatcher(None, [k for _, k in ua], [k for _, k in ub], autojunk=False)
    codes = [list(op) for op in sm.get_opcodes()]
    # A lone equal character between two changes is a coincidence (的, 和), not shared wording.
    for i in range(1, len(codes) - 1):
        tag, i1, i2, _, _ = codes[i]
        if tag == "equal" and i2 - i1 == 1 and codes[i - 1][0] != "equal" and codes[i + 1][0] != "equal" \
                and not ua[i1][1].startswith("#"):
            codes[i][0] = "replace"
    merged: list[list] = []
    for op in codes:
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = op[2], op[4]
            merged[-1][0] = "replace"
        else:
            merged.append(op)
    ops: list[DiffOp] = []

    def emit(tag: str, x: str, y: str) -> None:
        if ops and ops[-1].tag == tag and tag == "equal":
            ops[-1] = DiffOp(tag, ops[-1].a + x, ops[-1].b + y)
        else:
            ops.append(DiffOp(tag, x, y))

    for tag, i1, i2, j1, j2 in merged:
        xa = "".join(s for s, _ in ua[i1:i2])
        xb = "".join(s for s, _ in ub[j1:j2])
        if tag == "equal":
            for (sa, ka), (sb, _) in zip(ua[i1:i2], ub[j1:j2]):
                if ka.startswith("#") and not _same_number(sa, sb):
                    ops.append(DiffOp("number", sa, sb))
                else:
                    emit("equal", sa, sb)
        elif not xa:
            ops.append(DiffOp("insert", "", xb))
        elif not xb:
            ops.append(DiffOp("delete", xa, ""))
        else:
            ops.append(DiffOp("replace", xa, xb))
    return TextDiff(tuple(ops))


def mask_numbers(text: str) -> str:
    return NUMBER.sub("#", text)


@lru_cache(maxsize=4096)
def _wording(text: str) -> str:
    return _PUNCT.sub("", mask_numbers(normalise(text)))


def wording_similarity(a: str, b: str) -> float:
    """0..1: how alike two texts are worded, numbers masked, punctuation and width ignored."""
    ma, mb = _wording(a), _wording(b)
    if not ma and not mb:
        return 1.0
    return _fuzz_ratio(ma, mb) / 100.0


@lru_cache(maxsize=4096)
def target_numbers(text: str) -> tuple[str, ...]:
    """The numbers of a text that can be targets (years and ages left out), as canonical strings."""
    norm = normalise(text)
    out = []
    for m in NUMBER.finditer(norm):
        if _NOT_TARGET_AFTER.match(norm, m.end()):
            continue
        value = m.group()
        digits = regex.match(r"[\d.]+", value).group()
        try:
            canon = f"{float(digits):g}" + value[len(digits):]
        except ValueError:
            canon = value
        out.append(canon)
    return tuple(sorted(out))


@lru_cache(maxsize=4096)
def indicator_codes(text: str) -> frozenset[str]:
    """Codes of the registry's indicators (extractors.indicators) that a text names: an alias or
    name in it, and for a generic alias (床位, 托位) its context words too."""
    norm = indicator_normalise(text)
    return frozenset(a.code for a in load_registry().aliases
                     if a.text and a.text in norm and all(w in norm for w in a.context))


def relation_of(a: str, b: str, score: float, shared_indicators=(), agreement: str | None = None) -> str:
    """What kind of pair two provisions are (see RELATIONS and provision_links in 0003_search.sql):
    near_identical wording (numbers masked) with the same target numbers; the same indicator (a
    registry indicator both name, or near-identical wording) with different or with the same
    target numbers; related (similar); weak (the best the other plan has, little in common).

    `agreement` (target_agreement of the two provisions' targets) decides same or different target
    where both provisions have targets with a year: they are the same only if they agree for a year
    both set, different only if they disagree for one; with no year in common ('none') there is no
    target to compare, and a pair that names the same indicator is `related`. Without it (None: one
    side's numbers are no extracted target) the printed numbers are compared."""
    words = wording_similarity(a, b)
    na, nb = target_numbers(a), target_numbers(b)
    if words >= NEAR_IDENTICAL and na == nb and agreement not in ("different", "none"):
        return "near_identical"
    if na and nb and (words >= SAME_WORDING or shared_indicators):
        if agreement == "none":
            return "related"
        differ = agreement == "different" if agreement else na != nb
        return "same_indicator_different_target" if differ else "same_indicator_same_target"
    if score >= RELATED or words >= SAME_WORDING:
        return "related"
    return "weak"


# ------------------------------------------------------------------ values of the same year
# A target is set against another plan's target only for the same indicator, year, unit and kind of
# value (a level with a level, a decrease with a decrease): a 2030 value is never set against a 2025
# one. The year is the printed one, else the end of the plan's period (targets.year as the warehouse
# reads it). extractors.numbers_diff pairs its table rows by measure() too.


def measure(comparator: str) -> str:
    """The kind of value a comparator states: =, ≤ and ≥ are all levels; decrease, increase, range."""
    return "level" if comparator in ("=", "<=", ">=") else comparator


def target_key(indicator_code: str, year: int, comparator: str, unit: str | None) -> tuple:
    """What a target may be compared with: the same indicator, year, kind of value and unit."""
    return indicator_code, year, measure(comparator), unit or ""


def comparable_targets(rows) -> dict[tuple, tuple]:
    """A provision's targets (kind target, with an indicator code and a year) by target_key, each key
    with its values (comparator, value, value_high) in a fixed order. `rows` are objects or mappings
    with indicator_code, year, comparator, unit, value, value_high."""
    out: dict[tuple, list] = {}
    for r in rows:
        get = r.get if isinstance(r, dict) else (lambda k, r=r: getattr(r, k))
        if get("indicator_code") is None or get("year") is None:
            continue
        key = target_key(get("indicator_code"), get("year"), get("comparator"), get("unit"))
        out.setdefault(key, []).append((get("comparator"), float(get("value")),
                                        float("-inf") if get("value_high") is None else float(get("value_high"))))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def target_agreement(a: dict[tuple, tuple], b: dict[tuple, tuple]) -> str | None:
    """How two provisions' comparable targets (comparable_targets) relate: 'different' when they
    disagree for a shared indicator and year, 'same' when they agree for every one they share,
    'none' when they share none (other years, other indicators), None when one side has none."""
    if not a or not b:
        return None
    shared = a.keys() & b.keys()
    if not shared:
        return "none"
    return "different" if any(a[k] != b[k] for k in shared) else "same"
