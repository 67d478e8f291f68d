"""The number, unit and comparator grammar of plan targets (the `regex` package).

Works on the cleaned text of one provision (full-width digits folded, spaces inside numbers
removed, line breaks joined), whose characters map back to the source.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import cn2an
import regex

LEX = json.loads((resources.files("extractors") / "rules" / "target_grammar.json").read_text(encoding="utf-8"))


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


PERCENT_UNITS = LEX["units"]["percent"]
COUNT_UNITS = LEX["units"]["count"]
NUM = r"\d+(?:\.\d+)?"
CN_NUM = r"[一二两三四五六七八九十]{1,3}"
UNIT = _alt(PERCENT_UNITS + COUNT_UNITS + ["岁", "周岁", "月龄"])
DASH = r"[-—–~～至到]"
# A value: optional ≤/≥ symbol, a number, optionally a range, and a unit. The unit may
# follow either end of a range (0.5-1个百分点, 3—5家, 60%-70%).
VALUE = regex.compile(
    rf"(?P<sym>[≤≥＜＞<>])?(?P<a>{NUM})(?P<u1>{UNIT})?"
    rf"(?:(?P<dash>{DASH})(?P<b>{NUM})(?![\d.]))?(?P<unit>{UNIT})?")
CN_VALUE = regex.compile(rf"(?P<a>{CN_NUM})(?P<unit>{_alt(['所', '家', '名', '次', '个', '项'])})")
TABLE_UNIT = regex.compile(r"[（(]\s*([^（）()]+?)\s*[）)]\s*$")


@dataclass(frozen=True)
class ValueMention:
    start: int  # offsets in the cleaned provision text
    end: int
    value: float
    value_high: float | None
    unit: str | None
    symbol: str | None  # ≤ ≥ < > printed before the number


def normalise_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    unit = unit.replace("％", "%")
    if unit in ("/10万", "1/10万"):
        return "1/10万"
    if unit in ("/万", "1/万"):
        return "1/万"
    if unit in ("1/‰", "‰"):
        return "‰"
    return unit


def table_unit(header: str) -> str | None:
    """The unit in a table's indicator cell: 儿童伤害死亡率（1/10万） -> 1/10万."""
    m = TABLE_UNIT.search(header)
    return normalise_unit(m.group(1)) if m else None


def strip_table_unit(header: str) -> str:
    return TABLE_UNIT.sub("", header).strip()


def cn_number(s: str) -> float | None:
    """Chinese numerals that carry a quantity (两 -> 2, 十二 -> 12)."""
    try:
        return float(cn2an.cn2an(s.replace("两", "二"), "smart"))
    except (ValueError, KeyError):
        return None


def find_values(text: str) -> list[ValueMention]:
    """Every Arabic-numeral value with its unit (years and ages included; the binder filters)."""
    out = []
    for m in VALUE.finditer(text):
        u1, u2 = m.group("u1"), m.group("unit")
        if m.group("b") and not (u1 and u2 and u1 != u2):
            out.append(ValueMention(m.start(), m.end(), float(m.group("a")), float(m.group("b")),
                                    normalise_unit(u2 or u1), m.group("sym")))
        else:  # no range, or "2025年至2030月"-like pairs of different units: the first number only
            end = m.end("u1") if u1 else m.end("a")
            if not m.group("b") and u2 and not u1:
                end = m.end()
            out.append(ValueMention(m.start(), end, float(m.group("a")), None,
                                    normalise_unit(u1 or (u2 if end == m.end() else None)), m.group("sym")))
    return out


def find_cn_values(text: str) -> list[ValueMention]:
    out = []
    for m in CN_VALUE.finditer(text):
        v = cn_number(m.group("a"))
        if v is not None:
            out.append(ValueMention(m.start(), m.end(), v, None, m.group("unit"), None))
    return out
