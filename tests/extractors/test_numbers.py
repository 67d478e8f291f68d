"""The number reader and the value grammar on hand-written notations (values worked out by hand)."""
from decimal import Decimal

import pytest

from extractors.normalise import join_lines, normalise
from extractors.targets.extract import grounded
from extractors.targets.grammar import find_values, parse_value_text
from extractors.targets.numbers import parse_number


@pytest.mark.parametrize("printed,value", [
    ("152", "152"), ("4.5", "4.5"), ("１５２", "152"), ("４．５", "4.5"),
    ("5,236", "5236"), ("５，２３６", "5236"), ("4，565", "4565"), ("1,234,567", "1234567"), ("2,500,000", "2500000"),
    ("一百五十二", "152"), ("一千零一", "1001"), ("一万零一十二", "10012"), ("十", "10"), ("十二", "12"),
    ("一十二", "12"), ("二十", "20"), ("一百一十", "110"), ("三千零五十", "3050"), ("一亿零五百万", "105000000"),
    ("十一万二千", "112000"), ("两", "2"), ("两千", "2000"), ("两万", "20000"), ("一万两千", "12000"), ("两万两千", "22000"),
    ("一千两百", "1200"), ("零", "0"), ("〇", "0"), ("二〇三五", "2035"), ("一千五", "1500"), ("一万五", "15000"),
    ("两百五", "250"), ("二点五", "2.5"), ("零点八七", "0.87"), ("三点零", "3.0"), ("十点八", "10.8"),
    ("十万", "100000"), ("一万亿", "1000000000000"), ("1.5万", "15000"), ("2.3亿", "230000000"),
    ("12万", "120000"), ("3万4000", "34000"), ("3万4千", "34000"), ("3亿5000万", "350000000"),
    ("1亿2000万5000", "120005000"), ("一点二万", "12000"), ("1,200万", "12000000"), ("1万亿", "1000000000000"),
    ("3千", "3000"), ("4千5百", "4500"),
])
def test_parse_number_reads_every_notation(printed, value):
    assert parse_number(printed) == Decimal(value)


@pytest.mark.parametrize("printed", [
    "", "三四", "两三", "一五二", "一九九五", "十四五", "十一五", "两十", "十两", "一百两", "百", "千", "万", "十十",
    "一百零零一", "12,34", "1234,567", "5,2365", "1.5万4000", "3万5", "3万400", "1亿2000", "万一", "一点", "点五",
    "2.3.4", "3万4000万",
])
def test_parse_number_rejects_what_is_not_one_number(printed):
    assert parse_number(printed) is None


def _read(text):
    clean = join_lines(normalise(text)).text
    return [(clean[m.start:m.end], m.value, m.value_high, m.unit) for m in find_values(clean)]


@pytest.mark.parametrize("text,expected", [
    # the numbers the old grammar cut (52 out of 一百五十二 ...) are read whole
    ("建成一百五十二所。", [("一百五十二所", 152.0, None, "所")]),
    ("建成一千零一所。", [("一千零一所", 1001.0, None, "所")]),
    ("开展一万零一十二次。", [("一万零一十二次", 10012.0, None, "次")]),
    ("培训5,236名。", [("5,236名", 5236.0, None, "名")]),
    ("达到４，５６５名。", [("4，565名", 4565.0, None, "名")]),
    ("达到3万4000人。", [("3万4000人", 34000.0, None, "人")]),
    ("培训儿童主任十名以上。", [("十名", 10.0, None, "名")]),
    ("下降两个百分点。", [("两个百分点", 2.0, None, "个百分点")]),
    ("达到百分之六十。", [("百分之六十", 60.0, None, "%")]),
    ("控制在千分之四点五以下。", [("千分之四点五", 4.5, None, "‰")]),
    ("控制在万分之八以下。", [("万分之八", 8.0, None, "1/万")]),
    ("下降到十万分之十二以下。", [("十万分之十二", 12.0, None, "1/10万")]),
    ("达到百分之百。", [("百分之百", 100.0, None, "%")]),
    ("八成以上", [("八成", 80.0, None, "%")]),
    ("七成五以上", [("七成五", 75.0, None, "%")]),
    ("达到三分之一以上", [("三分之一", 100 / 3, None, "%")]),
    ("不少于五分之二", [("五分之二", 40.0, None, "%")]),
    ("建成100余所", [("100余所", 100.0, None, "所")]),
    ("一到五所", [("一到五所", 1.0, 5.0, "所")]),
    ("百分之六十到七十", [("百分之六十到七十", 60.0, 70.0, "%")]),
    ("百分之六十至百分之七十", [("百分之六十至百分之七十", 60.0, 70.0, "%")]),
    ("六至七成", [("六至七成", 60.0, 70.0, "%")]),
    ("3至5所", [("3至5所", 3.0, 5.0, "所")]),
    ("60%—70%", [("60%—70%", 60.0, 70.0, "%")]),
    ("零点五至一个百分点", [("零点五至一个百分点", 0.5, 1.0, "个百分点")]),
    ("位于20和30所之间", [("20和30所", 20.0, 30.0, "所")]),
    ("在98%与99%之间", [("98%与99%", 98.0, 99.0, "%")]),
    # 和 without 之间 lists two values; a falling "range" is no value
    ("分别达到90%和95%", [("90%", 90.0, None, "%"), ("95%", 95.0, None, "%")]),
    ("5至3所", []),
    ("3所至5名", []),
    # "，" is a thousands separator only before exactly three digits
    ("到2025年达到5所，2030年达到8所", [("2025年", 2025.0, None, "年"), ("5所", 5.0, None, "所"),
                                     ("2030年", 2030.0, None, "年"), ("8所", 8.0, None, "所")]),
    ("孕产妇死亡率12/10万", [("12/10万", 12.0, None, "1/10万")]),
])
def test_find_values_reads_whole_values(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "全市2/3以上的中小学", "十几所学校", "数十名儿童工作者", "两三所学校", "三四个社区", "坚持一成不变", "“十四五”期末",
    "1.2.3", "12,34名", "每百名儿童", "千家万户", "几十所",
])
def test_find_values_reads_nothing_rather_than_a_part(text):
    assert _read(text) == [] or all(v is not None and u is None for _, v, _, u in _read(text))


@pytest.mark.parametrize("span,value,high", [
    ("百分之六十", 60.0, None), ("1.5万人", 15000.0, None), ("3.0‰", 3.0, None), ("一到五所", 1.0, 5.0),
    ("60 %", 60.0, None), ("５，２３６名", 5236.0, None), ("４．５‰", 4.5, None), ("4。5‰", 4.5, None),
    ("20和30所", 20.0, 30.0), ("≤6", 6.0, None), ("0.5-1个百分点", 0.5, 1.0), ("三分之一", 100 / 3, None),
])
def test_grounded_rereads_the_printed_span(span, value, high):
    assert grounded(span, 0, len(span), value, high)
    assert parse_value_text(span).value == value


@pytest.mark.parametrize("span,value", [
    ("五十二所", 152.0), ("236名", 5236.0), ("一百五十二所", 52.0), ("2/3", 0.6666666666666666), ("达到60%", 60.0),
    ("3万4000人", 4000.0), ("6000人", 600.0),
])
def test_grounded_refuses_a_span_that_does_not_print_the_value(span, value):
    assert not grounded(span, 0, len(span), value, None)


def test_grounded_checks_the_range_end_when_given():
    assert grounded("60%和70%", 0, 7, 60.0, 70.0)
    assert not grounded("60%和70%", 0, 7, 60.0, 80.0)
