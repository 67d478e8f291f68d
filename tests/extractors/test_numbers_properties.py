"""Property tests of the value grammar: a number is read whole or not at all, never as a different value.

Numbers are rendered here by a writer of the genre's notations that shares no code with the
reader (its own Chinese-numeral writer with the 零 and 两 rules, its own grouping and magnitudes),
then embedded in random Chinese text with other numbers next to them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extractors.metadata import PlanMeta
from extractors.normalise import join_lines, normalise
from extractors.records import InferredMeta, Provision, SegmentedPlan
from extractors.targets import extract_targets
from extractors.targets.grammar import find_values, parse_value_text
from extractors.targets.numbers import parse_number

CN = "零一二三四五六七八九"
FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


@dataclass(frozen=True)
class Printed:
    text: str
    value: float
    high: float | None = None


# --- an independent writer of the notations -------------------------------------------------

def cn_section(n: int) -> str:
    """1..9999 in Chinese numerals, one 零 for each run of inner zeros."""
    out, zero, started = "", False, False
    for d, place in zip((n // 1000, n // 100 % 10, n // 10 % 10, n % 10), ("千", "百", "十", "")):
        if d == 0:
            zero = zero or started
            continue
        if zero:
            out, zero = out + "零", False
        out, started = out + CN[d] + place, True
    return out


def cn_int(n: int, short_ten: bool = True, liang: bool = False) -> str:
    if n == 0:
        return "零"
    out, emitted, pending_zero = "", False, False
    for part, mag in ((n // 10 ** 8, "亿"), (n // 10 ** 4 % 10 ** 4, "万"), (n % 10 ** 4, "")):
        if part == 0:
            pending_zero = pending_zero or emitted
            continue
        sec = cn_int(part) if part >= 10 ** 4 else cn_section(part)
        if emitted and (pending_zero or part < 1000):
            sec = "零" + sec
        out, emitted, pending_zero = out + sec + mag, True, False
    if short_ten and out.startswith("一十"):
        out = out[1:]
    if liang:  # 两 for a leading 二 before 百/千/万/亿 (两千, 一万两千), never before 十
        out = "".join("两" if c == "二" and (i == 0 or out[i - 1] in "千万亿") and out[i + 1:i + 2] in ("百", "千", "万", "亿")
                      and out[i + 1:i + 2] != "" else c for i, c in enumerate(out))
    return out


def cn_decimal(d: Decimal) -> str:
    whole, _, frac = format(d, "f").partition(".")
    return cn_int(int(whole)) + ("点" + "".join(CN[int(c)] for c in frac) if frac else "")


def arabic(d: Decimal, sep: str | None, full: bool) -> str:
    s = format(d, "f")
    if sep:
        whole, dot, frac = s.partition(".")
        s = f"{int(whole):,}".replace(",", sep) + dot + frac
    return s.translate(FULL) if full else s


ints = st.integers(min_value=0, max_value=10 ** 12)
small = st.integers(min_value=1, max_value=9999)
decimals = st.builds(lambda w, f, k: Decimal(w) + Decimal(f) / Decimal(10 ** k),
                     st.integers(0, 10 ** 6), st.integers(1, 999), st.integers(1, 3))


BARE = ["arabic", "grouped", "fullwidth", "chinese", "cn_decimal", "positional", "wan", "wan_tail", "wan_decimal",
        "yi", "percent", "permille", "fraction", "range_percent"]
WITH_UNITS = BARE + ["tenths", "points", "range_cn", "range_arabic"]


@st.composite
def printed_numbers(draw, bare: bool = False) -> Printed:
    """One number in one notation, possibly with its unit (the unit is part of the printed value);
    bare: no unit after the last numeral."""
    kind = draw(st.sampled_from(BARE if bare else WITH_UNITS))
    unit = "" if bare else draw(st.sampled_from(["", "名", "所", "人", "个", "次", "家", "人次", "元", "%", "‰"]))
    if kind in ("arabic", "grouped", "fullwidth"):
        d = draw(st.one_of(ints.map(Decimal), decimals))
        # "，" is also the clause comma: glued to more digits (1，0000) it is one, so bare numbers,
        # which get digits glued to them, use ","
        sep = {"arabic": None, "grouped": draw(st.sampled_from([","] if bare else [",", "，"])),
               "fullwidth": draw(st.sampled_from([None, ","] if bare else [None, "，"]))}[kind]
        return Printed(arabic(d, sep, kind == "fullwidth") + unit, float(d))
    if kind == "chinese":
        n = draw(ints)
        return Printed(cn_int(n, draw(st.booleans()), draw(st.booleans())) + unit, float(n))
    if kind == "cn_decimal":
        d = draw(decimals)
        return Printed(cn_decimal(d) + unit, float(d))
    if kind == "positional":  # 二〇三五, 一〇五: digit by digit, with a zero
        n = draw(st.integers(10, 10 ** 6).filter(lambda x: "0" in str(x)))
        zero = draw(st.sampled_from("〇零"))
        return Printed("".join(zero if c == "0" else CN[int(c)] for c in str(n)) + unit, float(n))
    if kind == "wan":
        h = draw(small)
        return Printed(f"{h}万" + unit, float(h * 10 ** 4))
    if kind == "wan_tail":
        h, t = draw(small), draw(st.integers(1000, 9999))
        tail = f"{CN[t // 1000]}千" if t % 1000 == 0 and draw(st.booleans()) else str(t)
        return Printed(f"{h}万{tail}" + unit, float(h * 10 ** 4 + t))
    if kind == "wan_decimal":
        h, f = draw(small), draw(st.integers(1, 9))
        head = f"{h}.{f}" if draw(st.booleans()) else f"{cn_int(h)}点{CN[f]}"
        return Printed(f"{head}万" + unit, float(Decimal(f"{h}.{f}") * 10 ** 4))
    if kind == "yi":
        y, w = draw(small), draw(st.integers(0, 9999))
        return Printed(f"{y}亿" + (f"{w}万" if w else "") + unit, float(y * 10 ** 8 + w * 10 ** 4))
    if kind == "percent":
        d = draw(st.one_of(st.integers(1, 100).map(Decimal), decimals.filter(lambda x: x < 100)))
        return Printed("百分之" + cn_decimal(d), float(d))
    if kind == "permille":
        d = draw(st.one_of(st.integers(1, 999).map(Decimal), decimals.filter(lambda x: x < 1000)))
        return Printed("千分之" + cn_decimal(d), float(d))
    if kind == "tenths":
        k, y = draw(st.integers(1, 9)), draw(st.integers(0, 9))
        return Printed(CN[k] + "成" + (CN[y] if y else ""), float(10 * k + y))
    if kind == "fraction":
        den = draw(st.integers(2, 12))
        num = draw(st.integers(1, den - 1))
        return Printed(f"{cn_int(den)}分之{cn_int(num)}", float(Fraction(100 * num, den)))
    if kind == "points":
        d = draw(st.one_of(st.integers(1, 20).map(Decimal), decimals.filter(lambda x: x < 20)))
        return Printed(cn_decimal(d) + "个百分点", float(d))
    a = draw(st.integers(1, 98))
    b = draw(st.integers(a + 1, 99))
    dash = draw(st.sampled_from(["到", "至"]))
    if kind == "range_cn":
        u = draw(st.sampled_from(["所", "名", "次", "家"]))
        return Printed(f"{cn_int(a, liang=True)}{dash}{cn_int(b, liang=True)}{u}", float(a), float(b))
    if kind == "range_percent":
        head2 = "百分之" if draw(st.booleans()) else ""
        return Printed(f"百分之{cn_int(a)}{dash}{head2}{cn_int(b)}", float(a), float(b))
    dash = draw(st.sampled_from(["—", "-", "至", "~"]))
    u = draw(st.sampled_from(["%", "所", "名"]))
    return Printed(f"{a}{u if draw(st.booleans()) else ''}{dash}{b}{u}", float(a), float(b))


# --- random surroundings --------------------------------------------------------------------

FILLER = st.text(alphabet="儿童妇女健康教育保障服务建设发展社会环境安全法律福利城乡社区学校医疗卫生机构水平质量能力工作"
                          "规划目标措施完善推进加强落实深化促进巩固预防筛查监测评估指导培养关爱保护参与决策管理经济文化",
                 min_size=0, max_size=8)
PUNCT = st.sampled_from(["；", "、", "：", "！", "？", "（", "）", "《", "》", "“", "”"])


@st.composite
def neighbour(draw) -> str:
    """Text that may hold another number in any notation, kept apart from the tested one by punctuation."""
    text = draw(FILLER)
    if draw(st.booleans()):
        text += draw(printed_numbers()).text
    return text


@st.composite
def sentences(draw) -> tuple[str, int, int, Printed]:
    p = draw(printed_numbers())
    before = draw(neighbour()) + draw(PUNCT) + draw(FILLER)
    after = draw(st.sampled_from(["", "以上", "以下", "左右", "之间"])) + draw(PUNCT) + draw(neighbour())
    return before + p.text + after, len(before), len(before) + len(p.text), p


def _raw_mentions(text: str):
    ot = join_lines(normalise(text))
    for m in find_values(ot.text):
        yield ot.to_source(m.start, m.end), m


def _reads_back_whole(case):
    text, r0, r1, p = case
    hits = [(span, m) for span, m in _raw_mentions(text) if span[0] < r1 and r0 < span[1]]
    assert len(hits) == 1, (text, p, hits)
    span, m = hits[0]
    assert span == (r0, r1), (text, p, m)
    assert (m.value, m.value_high) == (p.value, p.high), (text, p, m)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences())
def test_a_number_in_any_notation_reads_back_whole(case):
    """Every rendered number is found, spanning exactly its printed text, with its own value."""
    _reads_back_whole(case)


@pytest.mark.slow
@settings(max_examples=20000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences())
def test_a_number_in_any_notation_reads_back_whole_deep(case):
    _reads_back_whole(case)


ADJACENT = st.text(alphabet="0123456789一二两三四五六七八九十百千万亿零〇点.,，几数余多成分之/％%个人名所",
                   min_size=0, max_size=4)


def _no_boundary_inside(p, left, right, pre, post):
    text = pre + left + p.text + right + post
    r0, r1 = len(pre + left), len(pre + left) + len(p.text)
    for (a, b), m in _raw_mentions(text):
        if a < r1 and r0 < b:
            assert a <= r0 and r1 <= b, (text, p, m, (a, b))


@settings(max_examples=600, deadline=None)
@given(printed_numbers(bare=True), ADJACENT, ADJACENT, FILLER, FILLER)
def test_no_value_boundary_falls_inside_a_number(p, left, right, pre, post):
    """With numerals, separators, points and unit words glued to it, a number is part of a longer
    one or of nothing: no value found in the text starts or ends inside it. (Numbers ending in a
    unit are left out: glued text may show that the unit word starts another word, 一成不变.)"""
    _no_boundary_inside(p, left, right, pre, post)


@pytest.mark.slow
@settings(max_examples=20000, deadline=None)
@given(printed_numbers(bare=True), ADJACENT, ADJACENT, FILLER, FILLER)
def test_no_value_boundary_falls_inside_a_number_deep(p, left, right, pre, post):
    _no_boundary_inside(p, left, right, pre, post)


@given(st.text(max_size=60))
def test_the_grammar_never_crashes_and_keeps_spans_in_the_text(text):
    for m in find_values(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.value_high is None or m.value < m.value_high
    parse_value_text(text)
    parse_number(text)


@given(st.text(alphabet="0123456789一二两三四五六七八九十百千万亿零〇点.,，%成分之到至—和与", max_size=30))
def test_numeral_soup_never_crashes(text):
    for m in find_values(text):
        assert 0 <= m.start < m.end <= len(text)
        again = parse_value_text(text[m.start:m.end])
        assert again is not None and (again.value, again.value_high) == (m.value, m.value_high), (text, m)
    parse_number(text)


_CN_MARK = re.compile(r"[一二两三四五六七八九十百千万亿零〇成分]")
_FULL_TO_HALF = str.maketrans("０１２３４５６７８９．", "0123456789.")


def contract_shows(value_text: str, value: float) -> bool:
    """The shared contract checker's rule (../shared/tools/check_contract.py): a span without Chinese
    numerals, magnitudes or fractions must print the stored value among its Arabic numbers."""
    if _CN_MARK.search(value_text):
        return True
    plain = value_text.translate(_FULL_TO_HALF).replace(" ", "").replace(",", "").replace("，", "")
    return any(abs(float(x) - value) < 1e-9 for x in re.findall(r"\d+(?:\.\d+)?", plain))


META = PlanMeta("p", "某市", None, None, None, None, "children", None, False, 2021, 2025, None, None, None,
                "inferred")


def _targets(text: str):
    ot = join_lines(normalise(text))
    prov = Provision(kind="goal", ordinal=1, heading=None, text=ot.text, char_start=0, char_end=len(text),
                     domain_ordinal=1, text_origin=ot.origin)
    plan = SegmentedPlan(index=0, char_start=0, char_end=len(text), inferred=InferredMeta(None, None, None, None, None, None, None, None),
                         sections=(), domains=(), provisions=(prov,))
    return extract_targets(text, plan, META)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences(), st.sampled_from(["覆盖率达到", "至少配备", "控制在", "不少于", "全市建成", "比2020年提高", "分别为"]))
def test_extracted_targets_never_carry_a_different_value(case, lead):
    """End to end (binder, grounding): a target on the rendered number has its value, or there is none."""
    text, r0, r1, p = case
    text, r0, r1 = text[:r0] + lead + text[r0:], r0 + len(lead), r1 + len(lead)
    for t in _targets(text + "。"):
        assert 0 <= t.value_start < t.value_end <= len(text) + 1
        assert text[t.value_start:t.value_end] == t.value_text
        assert contract_shows(t.value_text, t.value), (text, t.value_text, t.value)
        if t.value_start < r1 and r0 < t.value_end:
            assert (t.value_start, t.value_end) == (r0, r1), (text, p, t.value_text)
            assert (t.value, t.value_high) == (p.value, p.high), (text, p, t.value_text)
