"""Web pages: the charset (byte-order mark, declaration, sniffing) and the article body alone."""
from __future__ import annotations

import pytest

from extractors.readers import read_document
from extractors.readers.html_charset import decode_page, declared_charset

BODY = "<p>一、总体要求</p><p>（一）儿童与健康：儿童健康水平不断提高，婴儿死亡率控制在4.5‰以下。</p>"


def page(body: str = BODY, head: str = "") -> str:
    return (f"<html><head>{head}<title>规划</title></head><body><div class='nav'><a href='/'>首页</a>"
            f"<a href='/a'>政务公开</a></div><div class='article'>{body}</div></body></html>")


@pytest.mark.parametrize("head, encoding, want", [
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk", "gb18030"),
    ('<meta charset="GBK">', "gbk", "gb18030"),
    ("<meta charset='utf-8'>", "utf-8", "utf-8"),
])
def test_declared_charset(head, encoding, want):
    raw = page(head=head).encode(encoding)
    assert declared_charset(raw) == want
    decoded = decode_page(raw)
    assert (decoded.encoding, decoded.how) == (want, "declared") and "儿童与健康" in decoded.html


def test_charset_labels_map_as_browsers_map_them():
    assert declared_charset(b'<meta charset="big5">') == "big5hkscs"
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"
    assert declared_charset(b'<meta charset="utf-16">') == "utf-8"
    assert declared_charset(b'<?xml version="1.0" encoding="GB18030"?><html>') == "gb18030"
    assert declared_charset(b"<p>no declaration</p>") is None


def test_byte_order_mark_wins_over_a_declaration():
    raw = "\ufeff".encode("utf-16-le") + page(head='<meta charset="gbk">').encode("utf-16-le")
    decoded = decode_page(raw)
    assert (decoded.encoding, decoded.had_bom, decoded.how) == ("utf-16-le", True, "bom")


def test_undeclared_gbk_page_is_sniffed():
    decoded = decode_page(page().encode("gbk"))
    assert (decoded.encoding, decoded.how, decoded.note) == ("gb18030", "sniffed", None)


def test_a_wrong_declaration_falls_back_to_sniffing_with_a_note():
    decoded = decode_page(page(head='<meta charset="utf-8">').encode("gbk"))
    assert decoded.encoding == "gb18030" and decoded.how == "sniffed"
    assert decoded.note == "the page declares utf-8 but its bytes are not utf-8; charset sniffed instead"


def test_government_page_gives_the_article_only(html_read):
    raw, doc, _ = html_read("000")
    assert doc.encoding == "gb18030" and not doc.had_bom and doc.media_type == "text/html"
    for furniture in ("首页", "当前位置", "发布时间", "来源：", "字号", "打印", "浏览次数", "分享到", "微信",
                      "相关链接", "网站标识码", "ICP备案号", "主办单位", "十四五”卫生健康事业发展规划"):
        assert furniture not in doc.text, furniture
    lines = doc.text.splitlines()
    assert lines[0] == "盘山县儿童发展规划（2021—2030年）"      # the page heading: the plan's title
    assert lines[1] == "前　　言" or lines[1].replace("\u3000", "").replace(" ", "") == "前言"


def test_br_separated_items_are_separate_lines(html_read):
    raw, doc, _ = html_read("000")
    assert b"<br />" in raw
    lines = doc.text.splitlines()
    i = lines.index("主要目标:")
    assert [ln.split(".")[0] for ln in lines[i + 1:i + 17]] == [str(n) for n in range(1, 16)] + ["策略措施："]


def test_html_table_is_flattened_like_the_txt(html_read):
    from tests.readers.fixtures import corpus_text
    raw, doc, _ = html_read("002")
    assert b"<table" in raw
    want = corpus_text("002").split("杭州市儿童发展“十四五”规划重点指标目标表\n", 1)[1].split("\n\n\n", 1)[0]
    got = doc.text.split("杭州市儿童发展“十四五”规划重点指标目标表\n", 1)[1]
    assert got.startswith(want + "\n")


def test_repeated_page_title_is_kept_once(html_read):
    raw, doc, _ = html_read("001")
    assert doc.text.count("常宁市儿童发展规划（2021—2025年）") == 1
    assert "the page heading repeats a line of the article body: kept once, in the body" in doc.notes
