"""The web page's pure parts: the span renderer (the escaping boundary), the same-year numbers
diff on wording the corpus lacks, CSV cells, chart ticks."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from web.csvout import cell, to_csv
from web.dotplot import nice_ticks
from extractors.numbers_diff import number_rows, year_diff
from web.queries import TargetRow
from web.spans import Span, clean, render


class Checker(HTMLParser):
    """Collects text and checks that every element is closed in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.opened: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.opened[tag] = self.opened.get(tag, 0) + 1

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


TEXT = st.text(alphabet=st.sampled_from(list("<>&\"'/=儿童目标4.5‰\n\r\t ab") + ["\x00", "\x0b", "\x85"]), max_size=60)


@st.composite
def text_and_spans(draw):
    text = draw(TEXT)
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        tag = draw(st.sampled_from(["span", "mark", "a"]))
        spans.append(Span(a, b, tag, draw(st.sampled_from(["", "x", "y z"])), f"id{i}",
                          (("data-v", draw(st.sampled_from(["", "\"><script>", "a&b"]))),), draw(st.integers(0, 3))))
    return text, spans


@given(text_and_spans())
def test_render_gives_back_the_text_with_well_nested_elements(case):
    text, spans = case
    out = render(text, spans)
    p = Checker()
    p.feed(str(out))
    p.close()
    assert p.stack == []
    assert "".join(p.text) == clean(text)
    assert "<script" not in str(out)
    ids = [s.id for s in spans]
    for i in ids:  # every id once, on the first piece
        assert str(out).count(f'id="{i}"') == 1


def _strip(s: str) -> str:
    import re
    return re.sub(r"<[^>]*>", "", s)


@given(text_and_spans())
def test_each_span_covers_exactly_its_characters(case):
    text, spans = case
    out = str(render(text, spans))
    for k, s in enumerate(spans):
        if s.start == s.end:
            continue
        # mark span k alone with a unique tag and read back the characters inside it
        only = render(text, [Span(s.start, s.end, "b", "", "only")])
        inside = _strip(str(only).split('<b id="only">', 1)[1].split("</b>", 1)[0])
        assert html.unescape(inside) == clean(text[s.start:s.end])
    assert out.count("<") == out.count(">")


def test_tail_goes_inside_the_last_piece():
    out = render("abcdef", [Span(0, 4, "span", "p", "p1"),
                            Span(2, 6, "mark", "m", "m1", tail=Markup('<span class="card">卡</span>'))])
    assert out == ('<span id="p1" class="p">ab<mark id="m1" class="m">cd</mark></span>'
                   '<mark class="m cont">ef<span class="card">卡</span></mark>')


def test_control_characters_are_shown_as_spaces():
    assert render("a\x00b\x1bc\nd", []) == "a b c\nd"


def _t(tid, text, value, year, stated=True, kind="target", code="x_rate", comparator=">="):
    start = text.index(value)
    return TargetRow(target_id=tid, plan_id="p", provision_id="p/1", indicator="某率", indicator_code=code,
                     indicator_name="某率", comparator=comparator, value=float(re.match(r"[\d.]+", value).group()),
                     value_high=None,
                     unit="%", per_year=False, target_year=year if stated else None, year=year,
                     baseline_year=None, baseline_value=None, kind=kind, value_text=value, value_start=start,
                     value_end=start + len(value), evidence_start=0, evidence_end=len(text), evidence=text,
                     display=("≥" if comparator == ">=" else "") + value, direction=None)


def test_year_diff_sets_values_only_against_the_same_year():
    # a draft in the style of a mid-term plan: two years in one sentence; the other plan gives 2030 only
    a = "某率到2025年达到90%，到2030年达到95%。"
    b = "某率达到96%。"
    ta = [_t("a1", a, "90%", 2025), _t("a2", a, "95%", 2030)]
    tb = [_t("b1", b, "96%", 2030, stated=False)]
    ops = year_diff(a, 0, ta, b, 0, tb)
    assert [(o.a, o.b) for o in ops if o.tag == "number"] == [("95%", "96%")]
    assert "".join(o.a for o in ops) == a and "".join(o.b for o in ops) == b
    rows = number_rows(ta, tb)
    assert [(r.year, r.status, [t.value for t in r.a], [t.value for t in r.b]) for r in rows] == [
        (2025, "only_a", [90.0], []), (2030, "differs", [95.0], [96.0])]


def test_year_diff_sets_values_only_against_the_same_indicator():
    # 榆树's infant mortality goal beside 高台 women's maternal mortality goal: both 2030, worded alike
    a = "婴儿死亡率降至4.0‰以下，城乡差距逐步缩小。"
    b = "孕产妇死亡率下降到12/10万以下，城乡差距逐步缩小。"
    ta = [_t("a1", a, "4.0‰", 2030, stated=False, code="infant_mortality_rate", comparator="<=")]
    tb = [_t("b1", b, "12/10万", 2030, stated=False, code="maternal_mortality_ratio", comparator="<=")]
    ops = year_diff(a, 0, ta, b, 0, tb)
    assert [o for o in ops if o.tag == "number"] == []
    assert [r.status for r in number_rows(ta, tb)] == ["only_a", "only_b"]


def test_year_diff_keeps_achieved_figures_apart_from_targets():
    a = "2020年已达到85%，2025年达到90%。"
    b = "2020年已达到80%，2025年达到90%。"
    ta = [_t("a1", a, "85%", 2020, kind="achieved"), _t("a2", a, "90%", 2025)]
    tb = [_t("b1", b, "80%", 2020, kind="achieved"), _t("b2", b, "90%", 2025)]
    ops = year_diff(a, 0, ta, b, 0, tb)
    assert [(o.a, o.b, o.year_a) for o in ops if o.tag == "number"] == [("85%", "80%", "2020已达到")]
    assert [r.status for r in number_rows(ta, tb)] == ["differs", "same"]


def test_year_diff_finds_values_in_cleaned_text():
    # the provision text is cleaned (覆盖率达到９０％ printed with full-width digits); value_text is as printed
    a = "覆盖率达到90%。"
    t = _t("a1", a, "90%", 2030)
    # and the source had a line break more before it, so the offset does not land on the value
    t = TargetRow(**{**t.__dict__, "value_text": "９０％", "value_start": t.value_start + 2, "value_end": t.value_end + 2})
    ops = year_diff(a, 0, [t], "覆盖率达到95%。", 0, [_t("b1", "覆盖率达到95%。", "95%", 2030)])
    assert [(o.a, o.b) for o in ops if o.tag == "number"] == [("90%", "95%")]


def test_csv_defuses_formulas_but_keeps_numbers_and_signs():
    assert cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert cell("-2+3") == "-2+3" and cell("+5%") == "+5%" and cell("−20% vs 2020") == "−20% vs 2020"
    assert cell(4.5) == 4.5 and cell(None) == ""
    assert cell("=") == "=" and cell("<=") == "<=" and cell("=\n") == "'=\n"  # a comparator, and a formula
    out = to_csv(["a", "b"], [["婴儿死亡率", "=1+1"]])
    assert out == "\ufeffa,b\r\n婴儿死亡率,'=1+1\r\n"


def test_nice_ticks():
    assert nice_ticks(2.76, 5.24) == [3.0, 3.5, 4.0, 4.5, 5.0]
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]


def test_a_tall_panel_repeats_its_scale_above_the_rows():
    from warehouse.comparison import Cell, IndicatorComparison
    from web import dotplot

    def cells(n):
        return [Cell(plan_id=f"p{i}", year=2030, year_stated=True, kind="target", comparator="<=", value=3.0 + i / 10,
                     value_high=None, unit="‰", per_year=False, display="", comparable_as="level ‰",
                     target_id=f"p{i}/t1", evidence="") for i in range(n)]
    for n, top in ((dotplot.TOP_AXIS_ROWS, False), (dotplot.TOP_AXIS_ROWS + 1, True)):
        ic = IndicatorComparison(code="x", name_zh="x", name_en="x", unit="‰", better="lower", domain="health",
                                 cells=tuple(cells(n)), no_target=(), rankings=(), notes=())
        (panel,) = dotplot.panels(ic, {}, {})
        assert (panel.top_axis_y is not None) == top
        assert panel.rows[0].y > (panel.top_axis_y or 0)  # the first row below the top scale


def test_a_long_jurisdiction_list_is_grouped_by_province_then_by_initial():
    from web.queries import jurisdiction_groups
    places = [("吉林省", "榆树市"), ("浙江省", "杭州市"), (None, "长宁县"), (None, "安县"), ("吉林省", "德惠市"),
              (None, "朝阳县"), ("辽宁省", "盘山县")]
    # provinces in pinyin order (吉林 jilin, 辽宁 liaoning, 浙江 zhejiang); 长 and 朝 read as places read them
    assert jurisdiction_groups(places) == (
        ("吉林省", ("德惠市", "榆树市")), ("辽宁省", ("盘山县",)), ("浙江省", ("杭州市",)),
        ("A", ("安县",)), ("C", ("长宁县", "朝阳县")))  # changning before chaoyang


def test_a_range_of_a_change_keeps_its_family_in_labels():
    from warehouse.comparison import family_and_unit
    assert family_and_unit("level ‰") == ("level", "‰")
    assert family_and_unit("decrease % per year") == ("decrease", "% per year")
    assert family_and_unit("range of decrease 个百分点 per year") == ("range of decrease", "个百分点 per year")
    assert family_and_unit("range %") == ("range", "%")
