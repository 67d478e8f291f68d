"""Read one printed number, whole or not at all: every notation Chinese plans use.

parse_number("一百五十二") == Decimal(152); parse_number("3万4000") == 34000; parse_number("5,236") ==
5236; parse_number("二点五") == Decimal("2.5"). A string that is not one complete, well-formed number
gives None: never a part of it (a reader that returns 52 for 一百五十二 or 4000 for 3万4000 invents a
number). The grammar (grammar.py) cuts the text into maximal numeral runs; this module decides
what a run is worth.

Accepted:
- Arabic: 152, 4.5, full-width １５２ and ４．５; thousands separators "," or "，" (one kind per
  number, groups of exactly three digits after a first group of one to three: 5,236, ４，５６５).
- Chinese numerals with place words, 零 rules and 两: 一百五十二, 一千零一, 一万零一十二, 两千, 一万两千,
  十万; colloquial [digit][place][digit] (一千五 = 1500, 一万五 = 15000); decimals with 点 (二点五,
  零点八七, 三点零); digit-by-digit numbers that contain 〇/零 (二〇三五).
- 万/亿 magnitudes after any of these: 1.5万, 2.3亿, 一点二万, 3万4000 (tail of exactly four digits),
  3万4千, 3亿5000万, 一万亿.
Rejected: approximate pairs (三四, 两三), 十几, 两 where it cannot stand (两十, 十两), malformed groups
(12,34), a decimal followed by more sections (1.5万4000), a short Arabic tail after 万 (3万5: 35000
or 30005?).

cn2an (strict mode) reads pure Chinese integers, 零 rules included; it fails on decimals ending in
零 (三点零), on 〇 inside place-value numbers, on mixed Arabic and Chinese forms (3万4000, 1.5万,
3千), on 一点二万 and on colloquial 一万五, and it accepts 两 anywhere (两十): those parts are
written here.
"""
from __future__ import annotations

import functools
from decimal import Decimal

import regex

from extractors.targets.lexicon import LEX
from extractors.textfold import fold_number

NUMERALS = LEX["numerals"]
CN_DIGITS: str = NUMERALS["digits"]  # 〇零一二两三四五六七八九
CN_PLACES: str = NUMERALS["places"]  # 十百千
MAGNITUDES: dict[str, int] = {k: int(v) for k, v in NUMERALS["magnitudes"].items()}  # 万, 亿, 万亿
POINT: str = NUMERALS["decimal_point"]  # 点

_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_PLACE_VALUE = {"十": 10, "百": 100, "千": 1000}
_ARABIC = regex.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = regex.compile(r"[0-9]{1,3}(?P<sep>[,，])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?")
_CN_INT = regex.compile(rf"[{CN_DIGITS}{CN_PLACES}万亿]+")
_POSITIONAL = regex.compile(r"[一二三四五六七八九][〇零一二三四五六七八九]+")
_COLLOQUIAL = regex.compile(r"([一二两三四五六七八九])([百千万亿])([一二三四五六七八九])")
# 两 stands for 2 only as a leading digit before 百/千/万/亿 (两千, 一万两千, 两万) or alone.
_BAD_LIANG = regex.compile(r"两(?![百千万亿])|(?<=[十百零〇一二三四五六七八九两])两")
_MAG_SPLIT = regex.compile("(" + "|".join(sorted(MAGNITUDES, key=len, reverse=True)) + ")")
_ARABIC_PLACE = regex.compile(r"([1-9])(?=[十百千])")
_SEPARATOR = regex.compile(r"[,，]")
_DIGITS = regex.compile(r"[0-9]+")


def _has_arabic(s: str) -> bool:
    return any("0" <= c <= "9" for c in s)


def fold(s: str) -> str:
    """Full-width digits and point to ASCII; the separator "，" stays as printed."""
    return fold_number(s)


@functools.lru_cache(maxsize=8192)  # plans repeat their numbers (一, 90, 2025): read each once
def parse_number(s: str) -> Decimal | None:
    """The value of one complete printed number, or None."""
    s = fold(s)
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return Decimal(s)
    if _GROUPED.fullmatch(s):
        return Decimal(_SEPARATOR.sub("", s))
    after_point = s.partition(POINT)[2]
    if any(m in s for m in MAGNITUDES) and (_has_arabic(s) or any(m in after_point for m in MAGNITUDES)):
        return _with_magnitudes(s)  # 1.5万, 3万4000, 一点二万 (but 一万点一 is 10000.1)
    return _section(s, allow_magnitudes=True)


def _section(s: str, allow_magnitudes: bool = False) -> Decimal | None:
    """A number without Arabic-headed magnitudes: Arabic, Chinese (with or without 万/亿 inside),
    a Chinese decimal, or Arabic digits before place words (3千, 4千5百)."""
    if _ARABIC.fullmatch(s):
        return Decimal(s)
    if _GROUPED.fullmatch(s):
        return Decimal(_SEPARATOR.sub("", s))
    if POINT in s:
        whole, _, frac = s.partition(POINT)
        if not frac or any(c not in "〇零一二三四五六七八九" for c in frac):
            return None
        head = _chinese_int(whole, allow_magnitudes)
        digits = "".join(str(_DIGIT_VALUE[c]) for c in frac)
        return None if head is None else Decimal(f"{head}.{digits}")
    if _has_arabic(s):
        s = _ARABIC_PLACE.sub(lambda m: "零一二三四五六七八九"[int(m.group(1))], s)
        if _has_arabic(s):
            return None
    if not allow_magnitudes and any(m in s for m in MAGNITUDES):
        return None
    v = _chinese_int(s, allow_magnitudes)
    return None if v is None else Decimal(v)


def _chinese_int(s: str, allow_magnitudes: bool) -> int | None:
    if s == "两":
        return 2
    if not _CN_INT.fullmatch(s) or _BAD_LIANG.search(s):
        return None
    if not allow_magnitudes and any(m in s for m in MAGNITUDES):
        return None
    if s in ("零", "〇"):
        return 0
    if _POSITIONAL.fullmatch(s):
        # 二〇三五 is read digit by digit only when it holds a zero: 三四 and 一五二 are not numbers.
        return int("".join(str(_DIGIT_VALUE[c]) for c in s)) if "〇" in s or "零" in s else None
    m = _COLLOQUIAL.fullmatch(s)
    if m:  # 一千五 = 1500, 一万五 = 15000, 两百五 = 250
        place = _PLACE_VALUE.get(m.group(2)) or MAGNITUDES[m.group(2)]
        return _DIGIT_VALUE[m.group(1)] * place + _DIGIT_VALUE[m.group(3)] * place // 10
    if "〇" in s:
        s = s.replace("〇", "零")
    try:
        import cn2an  # loads in ~0.3 s: only when a Chinese numeral is read

        v = cn2an.cn2an(s.replace("两", "二"), "strict")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return int(v) if float(v).is_integer() else None


def _with_magnitudes(s: str) -> Decimal | None:
    """Arabic or decimal heads with 万/亿: 1.5万, 3万4000, 3亿5000万, 一点二万, 1万亿."""
    parts = _MAG_SPLIT.split(s)  # [head, mag, section, mag, section, ...]
    head, rest = parts[0], parts[1:]
    mags = rest[0::2]
    sections = rest[1::2]
    if mags not in (["万"], ["亿"], ["亿", "万"], ["万亿"]):
        return None
    h = _section(head)
    if h is None:
        return None
    decimal_head = "." in head or POINT in head
    total = h * MAGNITUDES[mags[0]]
    if mags == ["亿", "万"]:
        mid = _inner(sections[0], 10000)
        if mid is None or decimal_head:
            return None
        total += mid * 10000
    tail = sections[-1]
    if tail:
        t = _tail(tail) if mags[-1] == "万" and not decimal_head else None
        if t is None:
            return None
        total += t
    return total


def _inner(s: str, limit: int) -> Decimal | None:
    """A section between two magnitudes (the 5000 of 3亿5000万), below `limit`."""
    zero = s.startswith(("零", "〇"))
    v = _section(s[1:] if zero else s)
    if v is None or not 0 < v < limit or v != v.to_integral_value():
        return None
    return v


def _tail(s: str) -> Decimal | None:
    """What follows the last 万: exactly four Arabic digits (3万4000), a Chinese section of four
    places (3万4千, 一万两千) or 零 and a smaller one (一万零一十二)."""
    if _DIGITS.fullmatch(s):
        return Decimal(s) if len(s) == 4 and s[0] != "0" else None
    if s.startswith(("零", "〇")):
        v = _section(s[1:])
        return v if v is not None and 0 < v < 1000 and v == v.to_integral_value() else None
    v = _section(s)
    return v if v is not None and 1000 <= v < 10000 and v == v.to_integral_value() else None
