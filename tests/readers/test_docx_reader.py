"""The .docx reader: numbers come from Word's numbering, not the text; what Word does not print
(deleted revisions, hidden text, headers and footers) stays out; tables are flattened."""
from __future__ import annotations

import io

import docx
import regex
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.readers import read_document

MARKER = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、]|[（(]\d{1,2}[）)])")


def test_fixture_paragraphs_carry_no_printed_numbers_only_word_numbering(docx_read):
    raw, doc, _ = docx_read("004")
    d = docx.Document(io.BytesIO(raw))
    printed = [p.text for p in d.paragraphs if MARKER.match(p.text)]
    assert printed == []                                   # every number is automatic …
    numbered = [p for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) > 300                             # … most of them set on the paragraph
    lines = doc.text.splitlines()
    assert lines.count("一、指导思想、基本原则和总体目标") == 2  # the outline restarts for the second plan
    children = doc.text.split("高台县儿童发展规划（2021-2030年）\n", 1)[1]
    assert "\n（1）" in children and "\n①" not in children   # its ①②③ items read as items (（1）…)
    assert any(n.startswith("161 items numbered ①") for n in doc.notes)


def test_footer_page_field_and_bookmarks_are_not_body_text(docx_read):
    raw, doc, _ = docx_read("000")
    assert "_GoBack" not in doc.text and "— 1 —" not in doc.text and "PAGE" not in doc.text


def _docx(body_xml: str) -> bytes:
    d = docx.Document()
    body = d.element.body
    for el in parse_xml(f'<w:body {nsdecls("w")}>{body_xml}</w:body>'):
        body.insert(len(body) - 1, el)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_deleted_revisions_hidden_text_and_text_boxes_are_left_out():
    raw = _docx('<w:p><w:r><w:t>儿童健康</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText>'
                '</w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>水平提高</w:t></w:r></w:ins>'
                '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:t>。</w:t></w:r></w:p>'
                '<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>同一行</w:t></w:r></w:p>')
    doc = read_document(raw, "a.docx")
    assert doc.text.splitlines() == ["儿童健康水平提高。", "第一行", "第二行\t同一行"]


def test_table_with_merged_cells_is_flattened_row_by_row():
    cell = '<w:tc>{}<w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    span = '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
    vstart, vcont = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>', '<w:tcPr><w:vMerge/></w:tcPr>'
    rows = [cell.format("", "序号") + cell.format("", "指标") + cell.format("", "2025年"),
            cell.format(vstart, "1") + cell.format("", "托位数") + cell.format("", "4.6"),
            cell.format(vcont, "") + cell.format(span, "合计")]
    raw = _docx('<w:p><w:r><w:t>重点指标目标表</w:t></w:r></w:p><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/>'
                '</w:tblGrid>' + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl><w:p><w:r><w:t>三、组织实施</w:t>"
                "</w:r></w:p>")
    doc = read_document(raw, "t.docx")
    # every row keeps the table's three columns: a vertically merged cell's continuation and the
    # column a gridSpan cell spans are empty cells (a line of one tab), as the HTML reader's are
    assert doc.text == ("重点指标目标表\n\t序号\n\t指标\n\t2025年\n\n\t1\n\t托位数\n\t4.6\n\n\t\n\t合计\n\t\n\n"
                        "三、组织实施\n")
