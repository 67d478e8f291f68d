"""Years, baselines and definitions bound to the right value: sentences written for the blind tester's
findings (styles the corpus lacks), each expectation read from the sentence."""
import pytest

from extractors.normalise import join_lines, normalise
from extractors.targets.binder import bind


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
