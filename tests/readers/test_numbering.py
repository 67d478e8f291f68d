"""Word automatic numbering: number formats, counters, restarts, overrides, style-inherited numbering.

Expected values are written by hand from ECMA-376 §17.9 / §17.18.59 and what Word shows.
"""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.readers import read_document
from extractors.readers.numbering import Counters, parse_definitions
from extractors.readers.numformat import format_number

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("fmt, n, want", [
    ("decimal", 7, "7"), ("decimalZero", 7, "07"), ("decimalFullWidth", 12, "１２"),
    ("chineseCounting", 1, "一"), ("chineseCounting", 10, "十"), ("chineseCounting", 11, "十一"),
    ("chineseCounting", 20, "二十"), ("chineseCounting", 99, "九十九"), ("chineseCounting", 101, "一〇一"),
    ("chineseCountingThousand", 10, "十"), ("chineseCountingThousand", 19, "十九"),
    ("chineseCountingThousand", 110, "一百一十"), ("chineseCountingThousand", 101, "一百〇一"),
    ("chineseCountingThousand", 2005, "二千〇五"),
    ("chineseLegalSimplified", 3, "叁"), ("chineseLegalSimplified", 10, "壹拾"),
    ("ideographTraditional", 1, "甲"), ("ideographTraditional", 10, "癸"), ("ideographTraditional", 11, "11"),
    ("ideographZodiac", 12, "亥"), ("ideographDigital", 10, "一〇"),
    ("decimalEnclosedCircle", 1, "①"), ("decimalEnclosedCircle", 20, "⑳"), ("decimalEnclosedCircle", 21, "21"),
    ("decimalEnclosedParen", 3, "⑶"), ("decimalEnclosedFullstop", 2, "⒉"),
    ("lowerLetter", 1, "a"), ("lowerLetter", 27, "aa"), ("upperLetter", 3, "C"),
    ("lowerRoman", 4, "iv"), ("upperRoman", 14, "XIV"), ("none", 5, ""),
    ("someFutureFormat", 5, "5"),
])
def test_number_formats(fmt, n, want):
    assert format_number(n, fmt) == want


def lvl(ilvl, fmt, text, start=1, extra=""):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbering(*parts: str):
    return parse_xml(f"<w:numbering {W_NS}>{''.join(parts)}</w:numbering>")


OUTLINE = ('<w:abstractNum w:abstractNumId="1">' + lvl(0, "chineseCounting", "%1、")
           + lvl(1, "chineseCounting", "（%2）") + lvl(2, "decimal", "%3.") + lvl(3, "decimal", "（%4）")
           + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')


def run(defs_xml, seq):
    c = Counters(parse_definitions(defs_xml))
    return [(lab.text if (lab := c.next(num, ilvl)) else None) for num, ilvl in seq]


def test_a_deeper_level_restarts_when_a_shallower_one_advances():
    seq = [(1, 0), (1, 1), (1, 2), (1, 2), (1, 3), (1, 3), (1, 2), (1, 3), (1, 1), (1, 2), (1, 0), (1, 1)]
    assert run(numbering(OUTLINE), seq) == ["一、", "（一）", "1.", "2.", "（1）", "（2）", "3.", "（1）",
                                            "（二）", "1.", "二、", "（一）"]


def test_lvl_restart_zero_never_restarts_and_one_restarts_only_after_level_one():
    xml = numbering('<w:abstractNum w:abstractNumId="2">' + lvl(0, "chineseCounting", "%1、")
                    + lvl(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>')
                    + lvl(2, "decimal", "(%3)", extra='<w:lvlRestart w:val="1"/>')
                    + '</w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>')
    seq = [(2, 0), (2, 1), (2, 2), (2, 0), (2, 1), (2, 2), (2, 1), (2, 2)]
    # level 1 continues across 一、/二、; level 2 restarts after level 0 only, not after level 1
    assert run(xml, seq) == ["一、", "1.", "(1)", "二、", "2.", "(1)", "3.", "(2)"]


def test_start_override_restarts_the_shared_counter_and_other_nums_continue_it():
    xml = numbering('<w:abstractNum w:abstractNumId="3">' + lvl(0, "decimal", "%1.") + '</w:abstractNum>'
                    '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>'
                    '<w:num w:numId="6"><w:abstractNumId w:val="3"/>'
                    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                    '<w:num w:numId="7"><w:abstractNumId w:val="3"/>'
                    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="8"/></w:lvlOverride></w:num>')
    seq = [(5, 0), (5, 0), (5, 0), (6, 0), (6, 0), (5, 0), (7, 0), (5, 0)]
    assert run(xml, seq) == ["1.", "2.", "3.", "1.", "2.", "3.", "8.", "9."]


def test_lvl_override_replaces_a_level_and_start_and_formats_are_honoured():
    xml = numbering('<w:abstractNum w:abstractNumId="4">' + lvl(0, "decimal", "%1.", start=3) + '</w:abstractNum>'
                    '<w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>'
                    '<w:num w:numId="9"><w:abstractNumId w:val="4"/><w:lvlOverride w:ilvl="0">'
                    '<w:startOverride w:val="1"/>' + lvl(0, "decimalEnclosedCircle", "%1") + '</w:lvlOverride></w:num>')
    assert run(xml, [(8, 0), (8, 0), (9, 0), (9, 0)]) == ["3.", "4.", "①", "②"]


def test_multi_level_text_legal_numbering_and_article_numbers():
    xml = numbering('<w:abstractNum w:abstractNumId="5">' + lvl(0, "chineseCountingThousand", "第%1条")
                    + lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>") + '</w:abstractNum>'
                    '<w:num w:numId="10"><w:abstractNumId w:val="5"/></w:num>')
    assert run(xml, [(10, 0), (10, 1), (10, 1), (10, 0), (10, 1)]) == ["第一条", "1.1", "1.2", "第二条", "2.1"]


def test_unknown_num_or_level_and_num_zero_give_no_number():
    assert run(numbering(OUTLINE), [(99, 0), (1, 7), (0, 0)]) == [None, None, None]


def _doc_with_numbering(abstract_xml: str, num_xml: str):
    d = docx.Document()
    root = d.part.numbering_part.element
    first_num = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first_num.addprevious(parse_xml(abstract_xml))
    root.append(parse_xml(num_xml))
    return d


def _numpr(p, num, ilvl=None):
    lv = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:numPr {nsdecls("w")}>{lv}<w:numId w:val="{num}"/></w:numPr>'))


def _read(d) -> list[str]:
    out = io.BytesIO()
    d.save(out)
    return read_document(out.getvalue(), "t.docx").text.splitlines()


def test_numbering_inherited_from_styles_through_based_on_and_pstyle_links():
    d = _doc_with_numbering(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading2"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>',
        f'<w:num {nsdecls("w")} w:numId="70"><w:abstractNumId w:val="70"/></w:num>')
    for name in ("Heading 1", "Heading 2"):   # the style says which list, the list's pStyle which level
        d.styles[name].element.get_or_add_pPr().insert(
            0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="70"/></w:numPr>'))
    from docx.enum.style import WD_STYLE_TYPE
    child = d.styles.add_style("Domain", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = d.styles["Heading 2"]          # numbering inherited through w:basedOn
    d.add_paragraph("总体要求", style="Heading 1")
    d.add_paragraph("指导思想", style="Heading 2")
    d.add_paragraph("基本原则", style="Domain")
    d.add_paragraph("正文段落不编号。")
    p = d.add_paragraph("这一段的编号被直接取消", style="Heading 2")
    _numpr(p, 0)                                       # numId 0: numbering switched off
    d.add_paragraph("发展领域", style="Heading 1")
    d.add_paragraph("儿童与健康", style="Heading 2")
    assert _read(d) == ["一、总体要求", "（一）指导思想", "（二）基本原则", "正文段落不编号。",
                        "这一段的编号被直接取消", "二、发展领域", "（一）儿童与健康"]


def test_circled_items_after_a_heading_become_items_and_nested_ones_stay_circled():
    d = _doc_with_numbering(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/>'
        '</w:lvl></w:abstractNum>',
        f'<w:num {nsdecls("w")} w:numId="80"><w:abstractNumId w:val="80"/></w:num>')
    d.add_paragraph("主要目标：")
    for text in ("儿童健康水平提高。", "儿童安全得到保障。"):
        _numpr(d.add_paragraph(text), 80, 1)       # ① ② right under a heading: the section's items
    _numpr(d.add_paragraph("策略措施包括："), 80, 0)
    for text in ("建立机制。", "完善制度。"):
        _numpr(d.add_paragraph(text), 80, 1)       # under a numbered item: its sub-points
    lines = _read(d)
    assert lines == ["主要目标：", "（1）儿童健康水平提高。", "（2）儿童安全得到保障。", "1.策略措施包括：",
                     "①建立机制。", "②完善制度。"]
