"""Years, baselines and definitions bound to the right value: sentences written for the blind tester's
findings (styles the corpus lacks), each expectation read from the sentence."""
from dataclasses import replace

import pytest

from extractors.normalise import join_lines, normalise
from extractors.targets.binder import bind, change_direction


def rows(text, kind="goal", period_start=2021):
    clean = join_lines(normalise(text)).text
    return [(clean[b.mention.start:b.mention.end], b.comparator, b.target_year, b.baseline_year, b.baseline_value,
             b.kind, b.per_year, b.indicator) for b in bind(clean, kind, period_start)]


@pytest.mark.parametrize("text, kind, expected", [
    # 由2020年的88%: 2020 is the baseline's year, not the year of the value it is raised to
    ("学前教育毛入园率由2020年的88%提高到92%以上。", "goal",
     [("92%", ">=", None, 2020, 88.0, "target", False, "学前教育毛入园率")]),
    ("由2020年的88%提高到92%。", "goal", [("92%", "=", None, 2020, 88.0, "target", False, None)]),
    # a year printed for the target itself stays the target's
    ("学前教育毛入园率由2020年的88%提高到2030年的90%以上。", "goal",
     [("90%", ">=", 2030, 2020, 88.0, "target", False, "学前教育毛入园率")]),
    # in a 前言 the same pair reports what was achieved
    ("学前教育毛入园率由2020年的88%提高到92%以上。", "preamble",
     [("92%", ">=", None, 2020, 88.0, "achieved", False, "学前教育毛入园率")]),
])
def test_a_from_year_is_the_baselines_year(text, kind, expected):
    assert rows(text, kind) == expected


@pytest.mark.parametrize("text, expected", [
    # a list of years distributed over a 分别-list of values, in order, as a list of indicators is
    ("到2025年和2030年，义务教育巩固率分别达到96%和97%。",
     [("96%", "=", 2025, None, None, "target", False, "义务教育巩固率"),
      ("97%", "=", 2030, None, None, "target", False, "义务教育巩固率")]),
    ("2025年、2030年分别达到96%、97%。",
     [("96%", "=", 2025, None, None, "target", False, None),
      ("97%", "=", 2030, None, None, "target", False, None)]),
    # counts that differ, or values that 分别 may pair with indicators as well: no year, not a wrong one
    ("到2025年和2030年，义务教育巩固率分别达到96%、97%和98%。",
     [("96%", "=", None, None, None, "target", False, "义务教育巩固率"),
      ("97%", "=", None, None, None, "target", False, "义务教育巩固率"),
      ("98%", "=", None, None, None, "target", False, "义务教育巩固率")]),
    ("到2025年和2030年，小学和初中巩固率分别达到96%和97%。",
     [("96%", "=", None, None, None, "target", False, "小学巩固率"),
      ("97%", "=", None, None, None, "target", False, "初中巩固率")]),
])
def test_a_list_of_years_over_a_respectively_list(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a baseline printed in brackets before its target: on the target's row, its year not the target's
    ("儿童青少年近视率（2020年为52.7%）每年降低0.5个百分点以上。",
     [("0.5个百分点", "decrease", None, 2020, 52.7, "target", True, "儿童青少年近视率")]),
    ("儿童青少年近视率（2020年为52.7%）到2025年下降到47%。",
     [("47%", "=", 2025, 2020, 52.7, "target", False, "儿童青少年近视率")]),
])
def test_a_baseline_printed_in_an_aside_before_its_target(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 从现在的90%: the value raised from is the baseline (no year printed), not a target of its own
    ("高中阶段毛入学率从现在的90%提高到95%。", [("95%", "=", None, None, 90.0, "target", False, "高中阶段毛入学率")]),
    ("高中阶段毛入学率由目前的90%提高到2025年的95%以上。",
     [("95%", ">=", 2025, None, 90.0, "target", False, "高中阶段毛入学率")]),
])
def test_a_baseline_of_now_has_no_year(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 56人以上 says what a 大班额 is: the only target is the share
    ("义务教育阶段大班额比例控制在5%以内，消除56人以上大班额。",
     [("5%", "<=", None, None, None, "target", False, "义务教育阶段大班额比例")]),
    ("杜绝66人以上超大班额。", []),
    ("基本消除超过56人的大班额。", []),
    # a bound on the count itself stays a target
    ("每班人数不超过45人。", [("45人", "<=", None, None, None, "target", False, "每班人数")]),
])
def test_a_count_that_defines_what_is_eliminated_is_not_a_target(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a range after a change verb is a range of that change; the contract's comparator stays 'range'
    ("小学生近视率每年降低1-2个百分点。", [("1-2个百分点", "range", "decrease")]),
    ("农村妇女参加宫颈癌筛查的比例年均提升3至5个百分点。", [("3至5个百分点", "range", "increase")]),
    ("孕产妇系统管理率较2020年提高2～3个百分点。", [("2～3个百分点", "range", "increase")]),
    # a range reached by 降至/提高到 is a range of levels, which needs no direction
    ("儿童贫血患病率降至10%-12%。", [("10%-12%", "range", None)]),
    ("儿童之家覆盖率提高到85%至90%。", [("85%至90%", "range", None)]),
    ("每个社区配备2-3名儿童督导员。", [("2-3名", "range", None)]),
    # a decrease or increase says its own direction; a bound says none
    ("儿童伤害死亡率以2020年为基数下降15%。", [("15%", "decrease", "decrease")]),
    ("新生儿死亡率控制在3‰以下。", [("3‰", "<=", None)]),
])
def test_a_range_of_a_change_keeps_its_direction(text, expected):
    clean = join_lines(normalise(text)).text
    got = [(clean[b.mention.start:b.mention.end], b.comparator, change_direction(b.comparator, b.pretext))
           for b in bind(clean, "goal", 2021)]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # a gap to a reference level is named as one: the indicator's own name would compare it with levels
    ("孕产妇死亡率为8.5/10万，低于全省平均水平3.2/10万。",
     [("8.5/10万", "孕产妇死亡率"), ("3.2/10万", "孕产妇死亡率低于全省平均水平幅度")]),
    ("女性就业人员占比达到45%，高于全国平均水平2个百分点。",
     [("45%", "女性就业人员占比"), ("2个百分点", "女性就业人员占比高于全国平均水平幅度")]),
    ("全县小学入学率比全市平均水平高出1.5个百分点。", [("1.5个百分点", "小学入学率高于全市平均水平幅度")]),
    # no indicator before it: no name is made up
    ("高于全国平均水平2个百分点。", [("2个百分点", None)]),
])
def test_a_gap_to_a_reference_level_is_named_as_a_gap(text, expected):
    clean = join_lines(normalise(text)).text
    assert [(clean[b.mention.start:b.mention.end], b.indicator) for b in bind(clean, "goal", 2021)] == expected


def test_a_gap_maps_to_no_indicator_code():
    from extractors.indicators import map_target
    from extractors.targets.records import Target
    gap = Target(provision_key=("goal", 1, 1), n=1, indicator="孕产妇死亡率低于全省平均水平幅度", comparator="=",
                 value=3.2, value_high=None, unit="1/10万", per_year=False, target_year=None, baseline_year=None,
                 baseline_value=None, kind="target", value_text="3.2/10万", value_start=0, value_end=7,
                 evidence_start=0, evidence_end=7, evidence="低于全省平均水平3.2/10万", extractor_version="v")
    assert map_target(gap) is None
    assert map_target(replace(gap, indicator="孕产妇死亡率")).code == "maternal_mortality_ratio"


@pytest.mark.parametrize("text, expected", [
    # the end of a five-year plan after 比/较/以 is the baseline, not the target's year (the value is
    # then no 2020 achievement); the next clause's bound shares the subject, not the word 并
    ('妇女贫血患病率比"十三五"末下降3个百分点，并控制在百分之十以下。',
     [("3个百分点", "decrease", None, 2020, None, "target", False, "妇女贫血患病率"),
      ("百分之十", "<=", None, None, None, "target", False, "妇女贫血患病率")]),
    ("孕产妇死亡率较“十三五”期末下降10%。", [("10%", "decrease", None, 2020, None, "target", False, "孕产妇死亡率")]),
    ('到"十四五"末，儿童贫血患病率下降到10%。', [("10%", "=", 2025, None, None, "target", False, "儿童贫血患病率")]),
    # 岁 measures a lifetime named earlier in the sentence; an age band stays no value
    ("妇女人均预期寿命稳步延长，2025年、2030年分别达到81岁和82岁左右。",
     [("81岁", "=", 2025, None, None, "target", False, "妇女人均预期寿命"),
      ("82岁", "=", 2030, None, None, "target", False, "妇女人均预期寿命")]),
    ("人均预期寿命延长到80岁，3岁以下婴幼儿托位数达到4.5个。",
     [("80岁", "=", None, None, None, "target", False, "人均预期寿命"),
      ("4.5个", "=", None, None, None, "target", False, "3岁以下婴幼儿托位数")]),
    ("女性平均初婚年龄稳定在25岁以上。", [("25岁", ">=", None, None, None, "target", False, "女性平均初婚年龄")]),
    # 年 after 提高到 is a level of years, its year phrase (2030年前) no part of the name
    ("女性平均受教育年限达到11.5年，2030年前提高到12年。",
     [("11.5年", "=", None, None, None, "target", False, "女性平均受教育年限"),
      ("12年", "=", 2030, None, None, "target", False, "女性平均受教育年限")]),
    # /年 after a count: per year, and no part of the name
    ("乡镇卫生院开展妇女健康知识讲座不少于3次/年。",
     [("3次", ">=", None, None, None, "target", True, "乡镇卫生院开展妇女健康知识讲座")]),
])
def test_period_ends_lifetimes_and_rates_per_year(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, comparator, strict", [
    ("城镇单位就业人员中女性比例达到或超过40%。", ">=", False),   # 达到或超过 includes 40
    ("女性比例等于或高于40%。", ">=", False),
    ("女性比例超过40%。", ">=", True),
    ("孕产妇死亡率等于或低于10/10万。", "<=", False),
])
def test_or_bounds_include_their_value(text, comparator, strict):
    clean = join_lines(normalise(text)).text
    assert [(b.comparator, b.strict) for b in bind(clean, "goal", 2021)] == [(comparator, strict)]


@pytest.mark.parametrize("text, kind", [
    ("女性就业人员占全社会就业人员的比例为44.5%。", "achieved"),   # a 前言 reports
    ("全县孕产妇系统管理率达到95%。", "achieved"),
    ("到2030年，孕产妇系统管理率将达到98%。", "target"),            # unless it looks ahead
    ("本规划提出，孕产妇系统管理率保持在95%以上。", "target"),
])
def test_a_preamble_figure_is_achieved_unless_it_looks_ahead(text, kind):
    assert [r[5] for r in rows(text, "preamble")] == [kind]


@pytest.mark.parametrize("text, year", [
    ('"十四五"期间累计培训1万人次以上。', 2025),     # a total over the plan's years, reached at its end
    ("“十四五”时期，新建儿童之家20个。", 2025),
    ("十五五期间新增托位500个。", 2030),
])
def test_a_total_over_a_five_year_plan_is_for_its_last_year(text, year):
    assert [r[2] for r in rows(text)] == [year]


@pytest.mark.parametrize("text, names", [
    # one indicator for town and country: each value is the indicator of its place
    ("家庭教育指导服务覆盖率城市达到90%、农村达到80%。", ["城市家庭教育指导服务覆盖率", "农村家庭教育指导服务覆盖率"]),
    ("儿童之家覆盖率城市社区达到100%，农村社区达到90%。", ["城市社区儿童之家覆盖率", "农村社区儿童之家覆盖率"]),
    # the years of a 分别 list leave no subject of their own: the counted thing after 分别 names it
    ("到2025年、2030年分别培育女性致富带头人300名和500名。", ["培育女性致富带头人", "培育女性致富带头人"]),
    ("2025年、2030年分别达到96%、97%。", [None, None]),
])
def test_names_by_place_and_after_a_list_of_years(text, names):
    assert [r[7] for r in rows(text)] == names


@pytest.mark.parametrize("text, expected", [
    # what the value is counted per may stand between the bound word and the value
    ("集中养育孤儿基本生活最低养育标准不低于每人每月1800元。",
     [("1800元", ">=", None, None, None, "target", False, "集中养育孤儿基本生活最低养育标准")]),
    ("社会散居孤儿基本生活费不低于每人每年1.2万元。",
     [("1.2万元", ">=", None, None, None, "target", True, "社会散居孤儿基本生活费")]),
    # 生均 is no predicate 均 (中小学图书馆生|均藏书量)
    ("中小学图书馆生均藏书量达到三十五册以上。",
     [("三十五册", ">=", None, None, None, "target", False, "中小学图书馆生均藏书量")]),
])
def test_a_bound_across_what_the_value_is_per(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize("text, names", [
    # a programme that reaches a share of the places: named by the programme and the places, not the places
    ('"两癌"免费筛查项目覆盖全县100%的乡镇。', ['"两癌"免费筛查项目覆盖乡镇比例']),
    ("到2025年，儿童之家覆盖90%以上的村（社区）。", ["儿童之家覆盖村（社区）比例"]),
    ("95%的城市社区和85%的农村社区建立家长学校。", ["城市社区建立家长学校", "农村社区建立家长学校"]),
])
def test_a_share_of_the_places_a_programme_reaches(text, names):
    assert [r[7] for r in rows(text)] == names
