"""Word's number formats (ECMA-376 Part 1 §17.18.59 ST_NumberFormat) for list numbers.

Written here because no maintained Python library renders them (python-docx leaves numbering
alone). Where the standard is silent the values follow Word's output: chineseCounting is 十 for
10 and 十一 for 11 and counts digit by digit from 100 (一〇〇); chineseCountingThousand groups by
千/百/十 with 〇 for a gap (一百〇一); enclosed and ideograph sets fall back to decimal past their
end (① … ⑳, 21). Formats not listed render as decimal and are reported by `is_known`.
"""
from __future__ import annotations

from extractors.textfold import TO_FULLWIDTH_DIGITS

DIGITS_CN = "〇一二三四五六七八九"
LEGAL_CN = "零壹贰叁肆伍陆柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"             # ideographTraditional: the ten heavenly stems
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"      # ideographZodiac: the twelve earthly branches
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# Enclosed digits: first code point of 1..N (Unicode blocks Enclosed Alphanumerics / CJK)
_ENCLOSED = {
    "decimalEnclosedCircle": (0x2460, 20),          # ① .. ⑳
    "decimalEnclosedCircleChinese": (0x2460, 20),
    "decimalEnclosedParen": (0x2474, 20),           # ⑴ .. ⒇
    "decimalEnclosedFullstop": (0x2488, 20),        # ⒈ .. ⒛
    "ideographEnclosedCircle": (0x3280, 10),        # ㊀ .. ㊉
}
ENCLOSED_DECIMAL = frozenset({"decimalEnclosedCircle", "decimalEnclosedCircleChinese",
                              "decimalEnclosedParen", "decimalEnclosedFullstop"})
CHINESE_FORMATS = frozenset({"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                             "ideographDigital", "ideographTraditional", "ideographZodiac",
                             "taiwaneseCounting", "taiwaneseCountingThousand", "ideographEnclosedCircle"})


def chinese_counting(n: int) -> str:
    if n < 10:
        return DIGITS_CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS_CN[tens]) + "十" + (DIGITS_CN[ones] if ones else "")
    return "".join(DIGITS_CN[int(d)] for d in str(n))


def grouped(n: int, digits: str = DIGITS_CN, units: str = "十百千", zero: str = "〇") -> str:
    """Counting with place words below 10,000 (一百〇一, 三千二百); 10–19 drop the leading 一 (十一)."""
    if n == 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out, pending_zero = "", False
    for place, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // place % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += zero
            pending_zero = False
        out += ("" if (d == 1 and unit == units[0] and not out and digits is DIGITS_CN) else digits[d]) + unit
    return out


def roman(n: int) -> str:
    out = ""
    for value, glyph in ROMAN:
        while n >= value:
            out += glyph
            n -= value
    return out


def letters(n: int) -> str:
    """a .. z, aa .. zz, aaa …: the letter repeats (Word's scheme, not base 26)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(n: int, fmt: str) -> str:
    first, size = _ENCLOSED[fmt]
    return chr(first + n - 1) if 1 <= n <= size else str(n)


_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate(TO_FULLWIDTH_DIGITS),
    "decimalFullWidth2": lambda n: str(n).translate(TO_FULLWIDTH_DIGITS),
    "chineseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "chineseCountingThousand": grouped,
    "taiwaneseCountingThousand": grouped,
    "chineseLegalSimplified": lambda n: grouped(n, LEGAL_CN, "拾佰仟", "零"),
    "ideographDigital": lambda n: "".join(DIGITS_CN[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: STEMS[n - 1] if 1 <= n <= 10 else str(n),
    "ideographZodiac": lambda n: BRANCHES[n - 1] if 1 <= n <= 12 else str(n),
    "lowerLetter": lambda n: letters(n) if n >= 1 else str(n),
    "upperLetter": lambda n: letters(n).upper() if n >= 1 else str(n),
    "lowerRoman": lambda n: roman(n).lower() if 1 <= n < 4000 else str(n),
    "upperRoman": lambda n: roman(n) if 1 <= n < 4000 else str(n),
    "none": lambda n: "",
    **{fmt: (lambda n, f=fmt: _enclosed(n, f)) for fmt in _ENCLOSED},
}


def is_known(fmt: str) -> bool:
    return fmt in _FORMATS or fmt == "bullet"


def format_number(n: int, fmt: str) -> str:
    """The number n as Word prints it in format fmt (decimal for formats not implemented)."""
    n = max(0, min(n, 10**9))
    if n == 0 and fmt not in ("decimal", "decimalZero", "none"):
        return "0"
    return _FORMATS.get(fmt, str)(n)
