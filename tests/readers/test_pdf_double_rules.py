"""Ruled PDF tables drawn with double rules (an HTML `<table border="1">` printed by Chromium with
separate borders: every cell framed on its own, cellspacing apart, inside the table's frame) read
like the same table with single rules: the strip between two parallel rules is no row or column.

pdfs/ruled_tables.pdf (tests/readers/make_table_pdfs.py) holds one indicator table twice: with
double rules, then with collapsed single rules."""
from __future__ import annotations

import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.readers import read_document
from extractors.readers.pdf_tables import Char, Segment, find_tables
from extractors.segment import segment_document
from tests.plan_texts import plan_text

PDF = pathlib.Path(__file__).parent / "pdfs" / "ruled_tables.pdf"
# Read off the printed page by hand.
TABLE = ("\t序号\n\t指标\n\t2020年\n\t2025年\n\n"
         "\t1\n\t婴儿死亡率（‰）\n\t3.5\n\t≤3.0\n\n"
         "\t2\n\t5岁以下儿童死亡率（‰）\n\t5.1\n\t≤4.5\n\n"
         "\t3\n\t孕产妇死亡率（/10万）\n\t9.8\n\t≤9.5\n\n")


@pytest.fixture(scope="module")
def doc():
    return read_document(PDF.read_bytes(), "tables.pdf")


def test_double_and_single_ruled_tables_read_the_same_cells(doc):
    assert doc.text == "附件1：主要指标目标表\n" + TABLE + "附件2：主要指标目标表\n" + TABLE
    assert doc.notes == ("2 ruled tables flattened to one tab-indented line per cell",)


def test_double_ruled_table_gives_indicator_rows_with_their_cells(doc):
    double = doc.text[:doc.text.index("附件2")]
    (plan,) = segment_document(plan_text("抚松县", domains=2) + double)
    rows = [(p.ordinal, p.heading, [(c.header, c.text) for c in p.cells])
            for p in plan.provisions if p.kind == "table_row"]
    assert rows == [
        (1, "婴儿死亡率（‰）", [("序号", "1"), ("指标", "婴儿死亡率（‰）"), ("2020年", "3.5"), ("2025年", "≤3.0")]),
        (2, "5岁以下儿童死亡率（‰）", [("序号", "2"), ("指标", "5岁以下儿童死亡率（‰）"), ("2020年", "5.1"), ("2025年", "≤4.5")]),
        (3, "孕产妇死亡率（/10万）", [("序号", "3"), ("指标", "孕产妇死亡率（/10万）"), ("2020年", "9.8"), ("2025年", "≤9.5")])]


# Synthetic grids: characters 10 pt, rules 0.75 pt thick.
def _word(text: str, x: float, y: float) -> list[Char]:
    return [Char(c, x + 10 * i, x + 10 * (i + 1), y, y + 10, 10) for i, c in enumerate(text)]


def _frame(x0: float, x1: float, top: float, bottom: float) -> list[Segment]:
    """A box's four borders, drawn inside it (as Chromium draws a cell's border)."""
    return [Segment(x0, x1, top, top + 0.75), Segment(x0, x1, bottom - 0.75, bottom),
            Segment(x0, x0 + 0.75, top, bottom), Segment(x1 - 0.75, x1, top, bottom)]


def _separate(cells: list[tuple[float, float, float, float]], gap: float) -> list[Segment]:
    """Each cell (x0, x1, top, bottom on a 0..300 x 0..60 grid) framed on its own, `gap` inside
    its grid lines on every side, and the table's frame around them all."""
    out = _frame(0, 300 + 2 * gap, 0, 60 + 2 * gap)
    for x0, x1, top, bottom in cells:
        out += _frame(x0 + 2 * gap if x0 else gap, x1 + (0 if x1 == 300 else gap), top + 2 * gap if top else gap,
                      bottom + (0 if bottom == 60 else gap))
    return out


def test_double_rules_keep_spanning_cells_and_text_centred_across_merged_rows():
    # 3 columns (0|100|200|300), 3 rows (0|20|40|60): column 1 merges rows 2-3 and its "1" is centred
    # across them, right on the double rule between the rows; row 3 spans columns 2-3.
    cells = [(0, 100, 0, 20), (100, 200, 0, 20), (200, 300, 0, 20), (0, 100, 20, 60), (100, 200, 20, 40),
             (200, 300, 20, 40), (100, 300, 40, 60)]
    chars = _word("序号", 10, 5) + _word("指标", 110, 5) + _word("2025年", 210, 5) + _word("1", 10, 37) \
        + _word("托位数", 110, 25) + _word("4.6", 210, 25) + _word("合计", 110, 45)
    (table,) = find_tables(_separate(cells, 1.5), chars)
    assert table.rows == (("序号", "指标", "2025年"), ("1", "托位数", "4.6"), ("", "合计", ""))  # the spanned column stays, empty
    assert table.empty_columns() == 0


def test_a_narrow_column_that_holds_a_character_stays_a_column():
    # single rules; column 2 is 8 pt wide (narrower than a 10 pt character) and holds a 6 pt wide "1"
    h = [Segment(0, 208, y, y + 0.5) for y in (0, 20, 40)]
    v = [Segment(x, x + 0.5, 0, 40) for x in (0, 100, 108, 208)]
    chars = _word("指标", 10, 5) + [Char("1", 101, 107, 25, 35, 10)] + _word("托位数", 10, 25) + _word("4.6", 110, 25)
    (table,) = find_tables(h + v, chars)
    assert table.rows == (("指标", "", ""), ("托位数", "1", "4.6"))


def test_a_column_without_text_in_any_row_is_counted_for_the_load_notes():
    # single rules; column 2 is 40 pt wide and empty in both rows: kept, and counted
    h = [Segment(0, 240, y, y + 0.5) for y in (0, 20, 40)]
    v = [Segment(x, x + 0.5, 0, 40) for x in (0, 100, 140, 240)]
    chars = _word("指标", 10, 5) + _word("2025年", 150, 5) + _word("托位数", 10, 25) + _word("4.6", 150, 25)
    (table,) = find_tables(h + v, chars)
    assert table.rows == (("指标", "", "2025年"), ("托位数", "", "4.6"))
    assert table.empty_columns() == 1


@settings(max_examples=60, deadline=None)
@given(widths=st.lists(st.integers(40, 120), min_size=3, max_size=6),
       rows=st.integers(1, 5), gap=st.sampled_from([0.0, 0.75, 1.5]), data=st.data())
def test_double_rules_read_as_the_single_rules_would(widths, rows, gap, data):
    """The same grid of texts drawn with single rules and with every cell framed on its own,
    `gap` apart (cellspacing 0, 1 or 2 px: Chromium's default is 2 px), gives the same rows."""
    texts = [[data.draw(st.text("指标12年‰≤.", max_size=3)) for _ in widths] for _ in range(rows + 1)]
    texts[0][0] = "序号"   # a table has text
    xs = [0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [20 * r for r in range(rows + 2)]

    def layout(shift):  # each text 5 pt inside its cell; shift(i, edges): where grid line i is drawn
        return [c for r, line in enumerate(texts) for col, t in enumerate(line)
                for c in _word(t, shift(col, xs) + 5, shift(r, ys) + 5)]

    single = [Segment(0, xs[-1], y, y + 0.75) for y in ys] + [Segment(x, x + 0.75, 0, ys[-1]) for x in xs]
    want = find_tables(single, layout(lambda i, e: e[i]))
    # cell (r, col) framed from grid line i + gap * (i + 1) to line i + 1 + gap * (i + 1)
    double = _frame(0, xs[-1] + gap * len(xs), 0, ys[-1] + gap * len(ys))
    for r in range(len(ys) - 1):
        for col in range(len(xs) - 1):
            double += _frame(xs[col] + gap * (col + 1), xs[col + 1] + gap * (col + 1),
                             ys[r] + gap * (r + 1), ys[r + 1] + gap * (r + 1))
    got = find_tables(double, layout(lambda i, e: e[i] + gap * (i + 1)))
    assert [t.rows for t in got] == [t.rows for t in want]
    assert len(want) == 1 and len(want[0].rows) == rows + 1 and all(len(r) == len(widths) for r in want[0].rows)


@pytest.mark.parametrize("gap", [1.5, 2.5, 3.0, 3.75])  # cells 2 x gap apart: 3.75 pt is 10 px
def test_cells_framed_apart_by_a_wide_cellspacing_are_one_table(gap):
    # cellspacing of 3 px and more: no cell's frame touches its neighbours'
    cells = [(0, 100, 0, 20), (100, 200, 0, 20), (200, 300, 0, 20), (0, 100, 20, 40), (100, 200, 20, 40),
             (200, 300, 20, 40), (0, 100, 40, 60), (100, 200, 40, 60), (200, 300, 40, 60)]
    chars = _word("序号", 10, 5) + _word("指标", 110, 5) + _word("2025年", 210, 5) + _word("1", 10, 25) \
        + _word("托位数", 110, 25) + _word("4.6", 210, 25) + _word("2", 10, 45) + _word("床位数", 110, 45) \
        + _word("3.2", 210, 45)
    (table,) = find_tables(_separate(cells, gap), chars)
    assert table.rows == (("序号", "指标", "2025年"), ("1", "托位数", "4.6"), ("2", "床位数", "3.2"))




NOTE = "本表列出儿童发展规划的主要指标及其基期值和目标值，附件"  # (the reader wants mostly Chinese text)


def test_chromium_tables_with_wide_cellspacing_read_their_cells(tmp_path):
    """<table border=1 cellspacing=3|5|10> printed by Chromium: each cell framed apart from the others."""
    import html
    import subprocess
    from tests.readers.make_pdf import chromium_available
    if not chromium_available():
        pytest.skip("Chromium is not installed (make sysdeps installs it)")
    rows = [("序号", "指标", "2020年", "2025年"), ("1", "婴儿死亡率（‰）", "3.5", "≤3.0")]
    table = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    page = tmp_path / "t.html"
    page.write_text('<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC";font-size:12pt}'
                    "</style></head><body>" + "".join(f'<p>{NOTE}{i}</p><table border="1" cellspacing="{cs}">{table}</table>'
                                                      for i, cs in enumerate((3, 5, 10), 1)) + "</body></html>",
                    encoding="utf-8")
    pdf = tmp_path / "t.pdf"
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    doc = read_document(pdf.read_bytes(), "t.pdf")
    cells = "\t序号\n\t指标\n\t2020年\n\t2025年\n\n\t1\n\t婴儿死亡率（‰）\n\t3.5\n\t≤3.0\n\n"
    assert doc.text == "".join(f"{NOTE}{i}\n{cells}" for i in (1, 2, 3))
    assert doc.notes == ("3 ruled tables flattened to one tab-indented line per cell",)
