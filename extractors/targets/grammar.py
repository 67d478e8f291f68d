"""The value grammar of plan targets (the `regex` package): a number in any notation with its unit.

Works on the cleaned text of one provision (full-width digits and ％ folded, spaces inside numbers
removed, line breaks joined), whose characters map back to the source.

A value is a maximal numeral run (Arabic, Chinese or mixed: 4.5, 5,236, 一百五十二, 1.5万, 3万4000),
read whole by numbers.parse_number or not at all, with what the genre writes around it:
- a percent or fraction head: 百分之六十 (%), 千分之三 (‰), 万分之八 (1/万), 十万分之十二 (1/10万),
  and any other X分之Y, which is a SHARE stored as a percentage: 三分之一 -> 33.333…% (the float
  nearest to 100·Y/X; value_text keeps the printed fraction). Arabic fractions (2/3) are not read:
  the contract re-derives a pure-Arabic span's value from the digits printed in it;
- X成 (tenths) stored as a percentage: 八成 -> 80 %, 七成五 -> 75 %;
- 余/多 between number and unit (100余所, 三千余名): more than the number (a strict lower bound);
- a unit (%, ‰, 个百分点, /10万, count words as printed; 万/亿 belong to the number: 1.5万人 is
  15000 人);
- a range: 3至5所, 一到五所, 60%—70%, 百分之六十到七十, 六至七成, and "A和B…之间" (20和30所之间);
  a range's ends must rise (low < high) and share a unit; two numbers joined like a range that is
  none (5至3所) give no value at all.
A run is never cut: it cannot start after or end before a numeral character, a decimal point or
a thousands group, so 52 is never read out of 一百五十二 nor 236 out of 5,236.

Thousands separators: "," and "，" join digit groups only as 1-3 digits followed by groups of
exactly three digits (5,236; ４，５６５; 1,234,567). "，" is also the clause comma: "5，2030年" is two
numbers (the group after it has four digits). A clause that ends in a bare number followed by a
clause that opens with exactly three digits would be read as one number; plans do not write that.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import regex

from extractors.targets.lexicon import LEX, alt
from extractors.targets.numbers import CN_DIGITS, CN_PLACES, parse_number
from extractors.textfold import fold_number
from extractors.units import normalise_unit

PERCENT_UNITS = LEX["units"]["percent"]
COUNT_UNITS = LEX["units"]["count"]
AGE_UNITS = LEX["age_units"]
TENTHS = LEX["tenths_unit"]

_MAG = "万亿"
_NUMERAL = f"0-9{CN_DIGITS}{CN_PLACES}{_MAG}"  # every character a numeral run is made of
_PLAIN_DIGITS = "〇零一二三四五六七八九"
# A run starts with a digit or 十, never inside another run, a decimal or a thousands group, never
# after 几/数 (几十, 数百: approximate), a decimal 点, a fraction bar (2/3, 1/10万), 分之 (the
# numerator of a fraction) or a number's range dash (the high end of 3至5所 is read with its low end).
_START = (rf"(?<![{_NUMERAL}.．/／])(?<![{_NUMERAL}]点)(?<![几数](?=[十百千万]))(?<![0-9],)"
          rf"(?<![0-9]，(?=[0-9]{{3}}(?![0-9])))(?<!{LEX['fraction_marker']})"
          rf"(?<![{_NUMERAL}%‰成](?:{alt(LEX['range_dashes'])}))")
_RUN = (rf"[0-9{CN_DIGITS}十](?:[{_NUMERAL}]|(?<=[0-9])\.(?=[0-9])|(?<=[{CN_DIGITS}{CN_PLACES}{_MAG}])点(?=[{_PLAIN_DIGITS}])"
        rf"|(?<=[0-9])[,，](?=[0-9]{{3}}(?![0-9])))*")
# ... and it ends where the number ends: not before a numeral, a decimal, 几 (十几), an ASCII comma
# and digit (a malformed group), or a fraction bar (2/3; /10万 and /万 are units).
_END = rf"(?![{_NUMERAL}几]|点[0-9{_PLAIN_DIGITS}]|[.．][0-9]|,[0-9]|[/／](?!10万)[0-9])"


def _unit_pattern() -> str:
    not_before = LEX["unit_not_before"]
    words = sorted(set(PERCENT_UNITS + COUNT_UNITS + AGE_UNITS), key=len, reverse=True)
    parts = [regex.escape(u) + (f"(?![{regex.escape(not_before[u])}])" if u in not_before else "") for u in words]
    # X成 and X成Y (tenths), unless 成 starts a word (一成不变, 三成员).
    parts.append(rf"{TENTHS}(?!{alt(LEX['tenths_not_before'])})(?:[一二三四五六七八九](?![{_NUMERAL}点]|分之))?")
    return "|".join(parts)


UNIT = _unit_pattern()
_DEN = rf"(?:(?P<dw@>{alt(LEX['denominator_words'])})|(?P<dn@>(?>{_RUN}){_END})){LEX['fraction_marker']}"
_NOT_DEN = f"(?!{LEX['fraction_marker']})"  # a denominator is never a value of its own (三 of 三分之一)
_DEN1, _DEN2 = _DEN.replace("@", "1"), _DEN.replace("@", "2")
_DEN_ANY = regex.sub(r"\(\?P<d[wn]@>", "(?:", _DEN)
_DASH = alt(LEX["range_dashes"])
_JOIN = alt(LEX["between_joiners"])
_BODY = (rf"(?=[≤≥＜＞<>0-9{CN_DIGITS}十百千万])"  # a cheap first test: most positions start no value
         rf"(?P<sym>[≤≥＜＞<>])?{_START}"
         rf"(?P<fa>{_DEN1})?(?P<a>(?>{_RUN})|(?<={LEX['fraction_marker']})百){_END}{_NOT_DEN}"
         rf"(?P<more>(?:{alt(LEX['approx_more'])})(?=(?:{UNIT})))?(?P<u1>{UNIT})?"
         rf"(?:(?:(?P<dash>{_DASH})|(?P<join>{_JOIN}))(?P<fb>{_DEN2})?(?P<b>(?>{_RUN})){_END}{_NOT_DEN}"
         rf"(?P<unit>{UNIT})?)?"
         # a number before a range dash and another number is read with it or not at all (百分之一到二几)
         rf"(?!(?:{_DASH})(?:{_DEN_ANY})?[0-9{CN_DIGITS}十])")
# In running text "A和B" is a range only before 之间 (在20和30所之间); else it is a list of two values.
VALUE = regex.compile(_BODY + rf"(?(join)(?=(?:{alt(LEX['between_after'])})))")
_VALUE_WHOLE = regex.compile(_BODY)
TABLE_UNIT = regex.compile(r"[（(]\s*([^（）()]+?)\s*[）)]\s*$")
_DEN_WORDS = {k: Decimal(v) for k, v in LEX["denominator_words"].items()}
_DEN_UNITS = {Decimal(k): v for k, v in LEX["denominator_units"].items()}
_SPACE = regex.compile(r"\s")
_PDF_POINT = regex.compile(r"(?<=[0-9])[。·](?=[0-9])")  # as normalise reads 4。5 (PDF) as 4.5


@dataclass(frozen=True)
class ValueMention:
    start: int  # offsets in the cleaned provision text
    end: int
    value: float
    value_high: float | None
    unit: str | None
    symbol: str | None  # ≤ ≥ < > printed before the number
    chinese: bool = False  # written in Chinese numerals (一百五十二所, 百分之六十), not Arabic digits
    more: bool = False  # 100余所, 三千余名: more than the value (a strict lower bound)


def table_unit(header: str) -> str | None:
    """The unit in a table's indicator cell: 儿童伤害死亡率（1/10万） -> 1/10万."""
    m = TABLE_UNIT.search(header)
    return normalise_unit(m.group(1)) if m else None


def strip_table_unit(header: str) -> str:
    return TABLE_UNIT.sub("", header).strip()


def _den(m: regex.Match, i: int) -> Decimal | None | bool:
    """The denominator of end i's fraction head: None when there is none, False when unreadable."""
    if m.group(f"dw{i}"):
        return _DEN_WORDS[m.group(f"dw{i}")]
    if m.group(f"dn{i}"):
        v = parse_number(m.group(f"dn{i}"))
        return v if v else False
    return None


def _scale(number: str, unit: str | None, den) -> tuple[float, str | None] | None:
    """The stored (value, unit) of one printed number with its unit and fraction head, or None
    when it is not one readable value."""
    # 百分之百 (100 %) is the one numerator written without its digit (not 一百).
    v = Decimal(100) if number == "百" and den is not None else parse_number(number)
    if v is None or den is False:
        return None
    if den is not None:
        if unit is not None:
            return None
        if den in _DEN_UNITS:
            return float(v), _DEN_UNITS[den]
        return float(Fraction(100) * Fraction(v) / Fraction(den)), "%"  # a share, as a percentage
    if unit and unit.startswith(TENTHS):
        tenth = unit[1:]
        if v > 10 or (tenth and (v >= 10 or v != v.to_integral_value())):
            return None
        return float(v * 10 + (Decimal("零一二三四五六七八九".index(tenth)) if tenth else 0)), "%"
    return float(v), normalise_unit(unit)


def _is_chinese(number: str) -> bool:
    return not any("0" <= c <= "9" for c in number)


def _mentions(m: regex.Match) -> list[ValueMention]:
    """The value of one grammar match (a value or a range), or none."""
    sym, a, u1, den_a, more = m.group("sym"), m.group("a"), m.group("u1"), _den(m, 1), bool(m.group("more"))
    if not m.group("b"):
        one = _scale(a, u1, den_a)
        end = m.end("u1") if u1 else m.end("a")
        return [ValueMention(start=m.start(), end=end, value=one[0], value_high=None, unit=one[1], symbol=sym,
                             chinese=_is_chinese(a), more=more)] if one else []
    b, u2, den_b = m.group("b"), m.group("unit"), _den(m, 2)
    if den_a is not None and den_b is None:  # 百分之六十到七十: the head serves both ends
        den_b = den_a
        if u2 is not None and u2 == _DEN_UNITS.get(den_a):  # 百分之一到二%
            u2 = None
    unit = u2 or u1  # 3至5所 and 60%—70%: the unit may follow either end
    low, high = _scale(a, u1 or unit, den_a), _scale(b, unit, den_b)
    if not more and low and high and (not u1 or not u2 or u1 == u2) and low[1] == high[1] and low[0] < high[0]:
        return [ValueMention(start=m.start(), end=m.end(), value=low[0], value_high=high[0], unit=low[1], symbol=sym,
                             chinese=_is_chinese(a) and _is_chinese(b))]
    return []  # two numbers joined like a range that is none (5至3所, 3所至5名): nothing, not half of it


def find_values(text: str, start: int = 0, end: int | None = None) -> list[ValueMention]:
    """Every value with its unit in text[start:end], in any notation (years and ages included; the
    binder filters); offsets index `text`, and the characters around the slice still bound a number."""
    out: list[ValueMention] = []
    for m in VALUE.finditer(text, start, len(text) if end is None else end):
        out.extend(_mentions(m))
    return out


def parse_value_text(printed: str) -> ValueMention | None:
    """Read a printed value span (as in the source: full-width, spaces, line breaks allowed) with
    the same grammar: the value the span shows, or None when it is not exactly one value."""
    s = fold_number(_SPACE.sub("", printed))
    s = _PDF_POINT.sub(".", s)
    m = _VALUE_WHOLE.fullmatch(s)
    if m is None:
        return None
    found = _mentions(m)
    return found[0] if len(found) == 1 and (found[0].start, found[0].end) == (0, len(s)) else None
