import regex
from hypothesis import given, strategies as st

from extractors.normalise import join_lines, normalise
from extractors.offsets import OffsetText


def test_artefacts_are_cleaned_and_mapped_back():
    src = "**通知**\n- (1) 近视率降至 60 %以下，\n\n２０２５ 年达到９０％。[bookmark: _GoBack]\r\n"
    nd = normalise(src)
    assert nd.text == "通知\n(1)近视率降至60%以下，\n\n2025年达到90%。\n"
    i = nd.text.index("60%")
    assert src[slice(*nd.to_source(i, i + 3))] == "60 %"
    j = nd.text.index("90%")
    assert src[slice(*nd.to_source(j, j + 3))] == "９０％"


def test_superscripts_and_circled_numbers_are_not_invented_into_digits():
    # NFKC would make 10² into 102 and ① into 1.
    assert normalise("面积10²米，①项").text == "面积10²米，①项"


def test_decimal_points_and_item_points():
    assert normalise("1．婴儿死亡率4．5‰").text == "1.婴儿死亡率4.5‰"


def test_table_cells_keep_one_tab():
    assert normalise("\t 序号\n  \t5.85\n  缩进").text == "\t序号\n\t5.85\n缩进"


def test_join_lines_removes_pdf_breaks():
    nd = normalise("小学生近视率降至\n\n 60%以下，初中\n生近视率")
    j = join_lines(nd)
    assert j.text == "小学生近视率降至60%以下，初中生近视率"


_pieces = st.sampled_from(["儿童", "死亡率", "4.5", "‰", "６０", "％", " ", "\u3000", "\n", "\n\n", "\r\n", "**",
                           "- ", "(1)", "[bookmark: _GoBack]", "．", "abc def", "\t", "10²", "①"])


@given(st.lists(_pieces, max_size=40).map("".join))
def test_every_normalised_character_maps_to_its_source(src):
    nd = normalise(src)
    assert len(nd.origin) == len(nd.text)
    assert list(nd.origin) == sorted(nd.origin)  # order is kept
    fold = str.maketrans("０１２３４５６７８９％．\r", "0123456789%.\n")
    for ch, o in zip(nd.text, nd.origin):
        assert ch in (src[o], src[o].translate(fold)) or (ch == "\t" and src[o] in " \u3000\u00a0\t")


@given(st.text(max_size=60), st.integers(0, 59), st.integers(1, 60))
def test_offset_text_spans_round_trip_on_identity(text, a, n):
    ot = OffsetText.identity(text)
    b = min(len(text), a + n)
    if a < b:
        assert text[slice(*ot.to_source(a, b))] == text[a:b]


def test_two_numbers_apart_stay_apart():
    # a tab inside a line separates cells; a space or line break between two numbers separates values
    assert normalise("1\t孕产妇死亡率 \t 12.6\t≤10").text == "1\t孕产妇死亡率\t12.6\t≤10"
    assert normalise("比例为82  85，达到 60 %").text == "比例为82 85，达到60%"
    assert join_lines(normalise("≤8\n2\t妇女常见病筛查率")).text == "≤8\n2妇女常见病筛查率"


_GAP = st.text(alphabet=" \t\u3000\n", min_size=1, max_size=3).filter(lambda g: g.strip(" \u3000") or " " in g)


@given(a=st.integers(0, 9999), b=st.integers(0, 9999), gap=_GAP, sign=st.sampled_from(["", "≤", "≥"]),
       unit=st.sampled_from(["", "%", "‰"]))
def test_a_separator_between_two_numbers_never_joins_them(a, b, gap, sign, unit):
    """Two numbers printed apart (cells of a row, 82 85, a row's last cell and the next row's 序号)
    read back as two, never as one longer number."""
    from extractors.targets.grammar import find_values
    text = join_lines(normalise(f"指标达到{a}{unit}{gap}{sign}{b}{unit}。")).text
    values = [text[m.start:m.end] for m in find_values(text)]
    assert values[:1] == [f"{a}{unit}"] and values[-1] == f"{sign}{b}{unit}"


def test_a_printed_page_number_between_two_lines_is_passed_over():
    """Text copied out of a PDF keeps each page's number on a line of its own, inside a sentence or
    between two table rows: the sentence reads on, and the rows stay one table (no blank line left)."""
    src = "分别降\n— 4 —\n至2.8‰、\n\n－ 10 －\n\n3.0‰以下。\n8\t残疾儿童\t1236\n第 5 页 共 12 页\n9\t达标优良率"
    nd = normalise(src)
    assert nd.text == "分别降\n至2.8‰、\n3.0‰以下。\n8\t残疾儿童\t1236\n9\t达标优良率"
    i = nd.text.index("3.0‰")
    assert nd.to_source(i, i + 4) == (src.index("3.0‰"), src.index("3.0‰") + 4)
    assert normalise("实现。\n－12－\n").text == "实现。"  # the last page's number is no unfinished sentence
    # a number alone on a line is a table cell, not a page number
    assert normalise("指标\n4\n达到").text == "指标\n4\n达到"


@given(a=st.integers(0, 9999), b=st.integers(0, 9999), page=st.integers(1, 999),
       dash=st.sampled_from(["—", "－", "-", "–"]), blank=st.sampled_from(["", "\n"]))
def test_a_page_number_line_between_two_numbers_never_joins_them(a, b, page, dash, blank):
    from extractors.targets.grammar import find_values
    text = join_lines(normalise(f"指标达到{a}%、{blank}\n{dash} {page} {dash}\n{blank}{b}%以上。")).text
    assert [text[m.start:m.end] for m in find_values(text)] == [f"{a}%", f"{b}%"]
