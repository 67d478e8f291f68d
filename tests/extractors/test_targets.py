"""The target grammar on sentences from the plans, and its properties."""
import pytest
from hypothesis import given, strategies as st

from extractors.normalise import join_lines, normalise
from extractors.targets.binder import bind
from extractors.targets.grammar import find_values


def targets(text, kind="goal", period_start=2021):
    clean = join_lines(normalise(text)).text
    return [(clean[b.mention.start:b.mention.end], b.comparator, b.mention.value, b.mention.value_high, b.mention.unit,
             b.target_year, b.baseline_year, b.per_year, b.kind, b.indicator)
            for b in bind(clean, kind, period_start)]


def test_respectively_list_with_two_years_is_six_rows():
    got = targets("新生儿、婴儿和5岁以下儿童死亡率到2025年分别控制在3.0‰、4.5‰和5.5‰以下，"
                  "到2030年分别控制在2.3‰、3.4‰和4.4‰以下。")
    assert [(v, c, x, u, y, ind) for v, c, x, _, u, y, _, _, _, ind in got] == [
        ("3.0‰", "<=", 3.0, "‰", 2025, "新生儿死亡率"),
        ("4.5‰", "<=", 4.5, "‰", 2025, "婴儿死亡率"),
        ("5.5‰", "<=", 5.5, "‰", 2025, "5岁以下儿童死亡率"),
        ("2.3‰", "<=", 2.3, "‰", 2030, "新生儿死亡率"),
        ("3.4‰", "<=", 3.4, "‰", 2030, "婴儿死亡率"),
        ("4.4‰", "<=", 4.4, "‰", 2030, "5岁以下儿童死亡率"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("12岁儿童龋患率控制在25％以内。", ("25%", "<=", 25.0, None, "%")),
    ("孕产妇死亡率下降到12/10万以下。", ("12/10万", "<=", 12.0, None, "1/10万")),
    ("儿童伤害死亡率以2020年数据为基数下降20%。", ("20%", "decrease", 20.0, None, "%")),
    ("孤儿基本生活养育标准年均提高6%以上。", ("6%", "increase", 6.0, None, "%")),
    ("儿童总体近视率力争每年下降0.5-1个百分点。", ("0.5-1个百分点", "range", 0.5, 1.0, "个百分点")),
    ("每天校内体育活动时间不少于1小时。", ("1小时", ">=", 1.0, None, "小时")),
    ("优良率达到60％以上。", ("60%", ">=", 60.0, None, "%")),
    ("接种率以乡镇为单位保持在95%以上。", ("95%", ">=", 95.0, None, "%")),
    ("每千名儿童拥有儿科执业（助理）医生达 0.85 名。", ("0.85名", "=", 0.85, None, "名")),
    ("城市集中式饮用水水源水质达到或优于Ⅲ类比例总体为98%左右。", ("98%", "=", 98.0, None, "%")),
    ("力争“十四五”期末全市有3—5家社会组织参与。", ("3—5家", "range", 3.0, 5.0, "家")),
    ("指导学生形成1至2项艺术爱好和特长。", ("1至2项", "range", 1.0, 2.0, "项")),
    ("死亡率不超过8‰。", ("8‰", "<=", 8.0, None, "‰")),
    ("覆盖率不低于90%。", ("90%", ">=", 90.0, None, "%")),
    ("至少设置 1 个危重新生儿救治中心。", ("1个", ">=", 1.0, None, "个")),
    ("力争县级至少有一家标准化的儿童早期发展服务阵地。", ("一家", ">=", 1.0, None, "家")),
])
def test_comparators_and_units(text, expected):
    got = targets(text)
    assert len(got) == 1
    assert got[0][:5] == expected


def test_years_and_baselines():
    got = targets("到2025年，普惠性幼儿园覆盖率达到90%以上。儿童伤害死亡率以2020年为基数下降20%。")
    assert [(g[0], g[5], g[6]) for g in got] == [("90%", 2025, None), ("20%", None, 2020)]
    assert targets("力争“十四五”期末全市有3—5家社会组织参与。")[0][5] == 2025


def test_achieved_figures_with_baseline_pairs():
    clean = join_lines(normalise("婴儿、5岁以下儿童死亡率分别从2010年的9.15‰、10.56‰下降到2.84‰、4.73‰。")).text
    got = [(clean[b.mention.start:b.mention.end], b.comparator, b.target_year, b.baseline_year, b.baseline_value,
            b.kind, b.indicator) for b in bind(clean, "preamble", 2021)]
    assert got == [  # the 2010 figures are the baselines of the 2020 ones, not rows of their own
        ("2.84‰", "=", None, 2010, 9.15, "achieved", "婴儿死亡率"),
        ("4.73‰", "=", None, 2010, 10.56, "achieved", "5岁以下儿童死亡率"),
    ]


def test_one_value_two_indicators():
    got = targets("3岁以下儿童系统管理率和7岁以下儿童健康管理率保持在90%以上。")
    assert [(g[0], g[1], g[9]) for g in got] == [("90%", ">=", "3岁以下儿童系统管理率"), ("90%", ">=", "7岁以下儿童健康管理率")]


@pytest.mark.parametrize("text", [
    "加强0-6岁儿童眼保健和视力检查工作，关注3岁以下婴幼儿。",
    "实施《儿童发展规划（2021-2030年）》，到2025年基本建立。",
    "健全学校、家庭、社会“三位一体”教育网络，实现两个全覆盖。",
    "制定并实施学前教育第四轮行动计划，开展“八五”普法。",
    "关注生命早期1000天营养，在5年内完成。",
    "常政办发〔2021〕22号，2021年12月31日印发。",
    "未满16周岁的未成年人，12岁儿童。",
])
def test_non_targets_are_not_extracted(text):
    assert targets(text) == []


_units = st.sampled_from(["%", "‰", "个百分点", "名", "张", "所", "家", "次", "小时", "课时", "项", "个"])
_fw = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@given(st.decimals(min_value="0.1", max_value="999.9", places=1), _units, st.booleans(), st.booleans())
def test_find_values_reads_any_printed_value(value, unit, fullwidth, spaced):
    printed = f"{value}{' ' if spaced else ''}{unit}"
    if fullwidth:
        printed = printed.translate(_fw)
    clean = join_lines(normalise(f"覆盖率达到{printed}以上。")).text
    found = find_values(clean)
    assert [(m.value, m.unit) for m in found] == [(float(value), unit)]


@given(st.lists(st.sampled_from([
    "婴儿死亡率控制在4.5‰以下", "到2025年", "，", "。", "、", "和", "3岁以下儿童", "分别达到90%、95%",
    "以2020年为基数下降20%", "至少配备2名医生", "0-6岁", "年均提高6%以上", "（1）", "第2次",
]), max_size=12).map("".join))
def test_every_bound_value_shows_its_number(text):
    clean = join_lines(normalise(text)).text if text.strip() else ""
    for b in bind(clean, "goal", 2021):
        shown = clean[b.mention.start:b.mention.end]
        assert str(b.mention.value).rstrip("0").rstrip(".") in shown.replace(".0", "") or shown[0] in "一二两三四五六七八九十"
        assert b.evidence[0] <= b.mention.start and b.mention.end <= b.evidence[1]


def test_a_baseline_printed_in_an_aside_goes_on_the_change():
    clean = join_lines(normalise("全市小学六年巩固率2020年达到100%，比2010年提高0个百分点（2010年已经达到100%）。")).text
    got = [(clean[b.mention.start:b.mention.end], b.comparator, b.target_year, b.baseline_year, b.baseline_value)
           for b in bind(clean, "preamble", 2021)]
    assert got == [("100%", "=", 2020, None, None), ("0个百分点", "increase", 2020, 2010, 100.0)]


def test_a_count_that_defines_a_share_is_not_a_target():
    clean = "到2025年，50%以上乡镇（街道）拥有1家示范型的婴幼儿成长驿站。"
    assert [(b.mention.value, b.mention.unit, b.comparator) for b in bind(clean, "goal", 2021)] == [(50.0, "%", ">=")]


def test_years_of_free_schooling_are_a_quantity():
    clean = "实施残疾儿童从学前到高中阶段15年免费教育。"
    assert [(b.mention.value, b.mention.unit) for b in bind(clean, "measure", 2021)] == [(15.0, "年")]


@pytest.mark.parametrize("text, expected", [
    # written for this rule, in plans' style the corpus prints twice (50%以上乡镇（街道）拥有…): a share
    # opening its clause names the places it counts and what they do
    ("到2025年，85%以上学校开设心理健康课程。", [("85%", ">=", "学校开设心理健康课程")]),
    ("全面推广儿童之家建设，60%以上村（社区）建有儿童之家。", [("60%", ">=", "村（社区）建有儿童之家")]),
    # a verb or a degree after the share: the clause before names it, as before
    ("儿童之家覆盖所有村（社区），2025年100%完成。", [("100%", "=", "儿童之家覆盖所有村（社区）")]),
])
def test_a_share_printed_before_what_it_counts(text, expected):
    assert [(g[0], g[1], g[9]) for g in targets(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a women's plan's wording (the corpus has none of these): each name as printed, nothing cut or glued
    ("宫颈癌和乳腺癌筛查率分别达到70%和75%以上。", ["宫颈癌筛查率", "乳腺癌筛查率"]),
    ("女性平均受教育年限达到11.5年。", ["女性平均受教育年限"]),
    ("人均预期寿命达到80岁。", ["人均预期寿命"]),
    ("孕产妇系统管理率由88%提高到92%。", ["孕产妇系统管理率"]),
    ("家庭暴力发生率每年下降5%。", ["家庭暴力发生率"]),
    ("适龄儿童免疫规划疫苗接种率在二〇二五年达到95%以上。", ["适龄儿童免疫规划疫苗接种率"]),
    ("各项指标均达到90%以上。", ["各项指标"]),  # 均 here is the predicate (all reach)
])
def test_indicator_names_are_printed_words(text, expected):
    assert [g[9] for g in targets(text)] == expected
