"""PDF reading: running heads and page numbers out, wrapped lines joined into paragraphs (also
across a page break), ruled tables flattened, page spans; on small hand-made PDFs (every glyph of
the CJK font is 12 pt wide at 12 pt, so a 30-character line from x=72 runs to the margin at 432)
and on the Chromium-printed corpus plans."""
from __future__ import annotations

import pytest

from extractors.readers import read_document
from extractors.readers.pdf_layout import PAGE_NUMBER, Line, drop_running_heads, margins, starts_paragraph
from extractors.readers.pdf_tables import Char, Segment, find_tables
from tests.readers.tiny_pdf import text_pdf

FULL = "儿童健康服务体系更加完善儿童医疗保健服务能力明显增强儿童健康"          # 30 characters
assert len(FULL) == 30


def page(lines, number, head="榆树市儿童发展规划（2021—2030年）", foot="— {} —"):
    out = [(198.0, 40.0, head)] if head else []
    out += lines
    if foot:
        out.append((276.0, 800.0, foot.format(number)))
    return out


@pytest.fixture(scope="module")
def three_pages():
    p1 = [(72, 100, "（一）儿童与健康"), (96, 124, "主要目标："), (96, 148, "1." + FULL[:26]),
          (72, 172, FULL), (72, 196, FULL), (72, 220, FULL)]     # the last line runs to the margin
    p2 = [(72, 100, FULL[:23] + "分别控制在以下"), (72, 124, "3.0‰以下，城乡差距逐步缩小。"),
          (96, 148, "2.儿童及其照护人健康素养提高。")]
    p3 = [(96, 100, "3.适龄儿童免疫规划疫苗接种率保持在以上。")]
    raw = text_pdf([page(p1, 1), page(p2, 2), page(p3, 3)])
    return read_document(raw, "plan.pdf")


def test_running_header_and_page_numbers_are_dropped(three_pages):
    assert "榆树市儿童发展规划" not in three_pages.text and "—" not in three_pages.text
    assert three_pages.notes == ("3 page number lines dropped", "3 running header or footer lines dropped")


def test_paragraphs_are_joined_across_lines_and_the_page_break(three_pages):
    lines = three_pages.text.splitlines()
    assert lines[:2] == ["（一）儿童与健康", "主要目标："]
    # item 1: four lines on page 1, two on page 2; the line starting 3.0‰ is not an item 3
    assert lines[2] == "1." + FULL[:26] + FULL * 3 + FULL[:23] + "分别控制在以下" + "3.0‰以下，城乡差距逐步缩小。"
    assert lines[3:] == ["2.儿童及其照护人健康素养提高。", "3.适龄儿童免疫规划疫苗接种率保持在以上。"]


def test_page_spans_cover_each_page_in_order(three_pages):
    text, pages = three_pages.text, three_pages.pages
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].char_start == 0
    assert text[pages[0].char_start:pages[0].char_end] == "（一）儿童与健康\n主要目标：\n1." + FULL[:26] + FULL * 3
    assert text[pages[1].char_start:pages[1].char_end] == (FULL[:23] + "分别控制在以下3.0‰以下，城乡差距逐步缩小。\n"
                                                           "2.儿童及其照护人健康素养提高。")
    assert text[pages[2].char_start:pages[2].char_end] == "3.适龄儿童免疫规划疫苗接种率保持在以上。"
    assert pages[0].char_end == pages[1].char_start          # the page break falls inside item 1


def test_a_page_without_text_gets_an_empty_span_and_ends_the_paragraph():
    raw = text_pdf([[(72, 100, FULL), (72, 124, FULL)], [], [(72, 100, "儿童优先。")]])
    doc = read_document(raw, "p.pdf")
    assert doc.text.splitlines() == [FULL + FULL, "儿童优先。"]
    assert [(p.char_start, p.char_end) for p in doc.pages] == [(0, 60), (61, 61), (61, 66)]
    assert "1 pages without text" in doc.notes


@pytest.mark.parametrize("line", ["— 3 —", "- 3 -", "–12–", "第3页", "第 3 页 共 20 页", "3/20", "3 / 20", "7",
                                  "Page 4", "page 4 of 9", "— iv —"])
def test_page_number_shapes(line):
    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["3.0‰以下", "2025年", "第三章", "一、总体要求", "1.覆盖城乡", "（3）加强"])
def test_text_that_is_no_page_number(line):
    assert not PAGE_NUMBER.match(line)


def L(text, x0, top, page=0, size=12.0):
    return Line(text, x0, x0 + 12 * len(text), top, top + size, size, page)


def test_running_head_is_dropped_where_it_repeats_not_where_the_title_is_printed():
    pages = [[L("高台县儿童发展规划（2021-2030年）", 150, 40, 0), L("高台县儿童发展规划（2021-2030年）", 150, 110, 0),
              L(FULL, 72, 140, 0), L("1", 290, 800, 0)]]
    body = [FULL[i:] + FULL[:i] for i in range(4)]            # each page its own text
    pages += [[L("高台县儿童发展规划（2021-2030年）", 150, 40, i), L(body[i], 72, 110, i), L(str(i + 1), 290, 800, i)]
              for i in range(1, 4)]
    kept, notes = drop_running_heads(pages, [842.0] * 4)
    assert [ln.text for ln in kept[0]] == ["高台县儿童发展规划（2021-2030年）", FULL]   # the printed title stays
    assert [[ln.text for ln in k] for k in kept[1:]] == [[body[1]], [body[2]], [body[3]]]
    assert notes == ["4 page number lines dropped", "4 running header or footer lines dropped"]


def test_a_repeated_line_in_the_middle_of_pages_is_content():
    pages = [[L("主要目标：", 96, 400, i), L(FULL, 72, 424, i)] for i in range(4)]
    kept, notes = drop_running_heads(pages, [842.0] * 4)
    assert kept == pages and notes == []


def test_paragraph_start_rules():
    body = [L(FULL, 72, 100 + 24 * i) for i in range(20)]
    m = margins(body)
    assert (m.left, m.right, m.pitch) == (72.0, 432.0, 24.0)
    full, short_end = L(FULL, 72, 100), L("城乡差距逐步缩小。", 72, 100)
    assert starts_paragraph(full, L("覆盖城乡", 96, 124), m)                 # first-line indent
    assert starts_paragraph(short_end, L("覆盖城乡", 72, 124), m)            # after a short line ending a sentence
    assert not starts_paragraph(L("城乡差距逐步缩小", 72, 100), L("覆盖城乡", 72, 124), m)  # short, mid-sentence
    assert starts_paragraph(L(FULL[:29] + "。", 72, 100), L("（2）加强儿童保健", 72, 124), m)  # marker after a sentence
    assert not starts_paragraph(full, L("3.0‰以下，城乡差距", 72, 124), m)   # a wrapped value is no item 3
    assert starts_paragraph(full, L(FULL, 72, 172), m)                       # a paragraph gap
    assert starts_paragraph(L("儿童发展规划", 216, 100), L(FULL, 72, 124), m)  # after a centred title
    assert not starts_paragraph(full, L(FULL, 72, 60, page=1), m, same_page=False)   # runs on over the break


def test_ruled_table_grid_with_a_spanning_and_a_merged_cell():
    # 3 columns (x 0|100|200|300), 3 rows (y 0|20|40|60); row 3 spans columns 2-3; column 1 merges rows 2-3
    h = [Segment(0, 300, y, y + 0.5) for y in (0, 20, 60)] + [Segment(100, 300, 40, 40.5)]
    v = [Segment(x, x + 0.5, 0, 60) for x in (0, 100, 300)] + [Segment(200, 200.5, 0, 40)]

    def word(text, x, y):
        return [Char(c, x + 10 * i, x + 10 * (i + 1), y, y + 10, 10) for i, c in enumerate(text)]
    chars = word("序号", 10, 5) + word("指标", 110, 5) + word("2025年", 210, 5) + word("1", 10, 25) \
        + word("托位数", 110, 25) + word("4.6", 210, 25) + word("合计", 110, 45)
    (table,) = find_tables(h + v, chars)
    assert table.rows == (("序号", "指标", "2025年"), ("1", "托位数", "4.6"), ("", "合计", ""))  # the spanned column stays, empty


@pytest.mark.slow
def test_chromium_pdf_pages_headers_and_table(pdf_read):
    from tests.readers.fixtures import PUBLISHED
    raw, doc, _ = pdf_read("002")
    assert len(doc.pages) == 37 and doc.pages[0].char_start == 0
    assert all(a.char_end <= b.char_start for a, b in zip(doc.pages, doc.pages[1:]))
    lines = doc.text.splitlines()
    assert PUBLISHED["002"][0] not in lines                    # the running header, on every page, is gone
    assert not any(line.startswith("—") for line in lines)    # and so are the "— N —" page numbers
    i = lines.index("杭州市儿童发展“十四五”规划重点指标目标表")
    assert lines[i + 1:i + 7] == ["\t序号", "\t主要统计指标", "\t2020年", "\t2025年", "", "\t1"]
    third = doc.text[doc.pages[2].char_start:doc.pages[2].char_end]
    assert "杭州市儿童发展“十四五”规划重点指标目标表" in third      # the table is on printed page 3
