"""Found by `make fuzz` in the PDF reader. PDFium reports a character beyond the Basic Multilingual
Plane (CJK Extension B, used in names: 𠮷) as two UTF-16 code units; the halves reached the
fingerprint as lone surrogates, which cannot be encoded or stored. The reader joins them."""
from extractors.readers.pdf import read_pdf
from tests.readers import tiny_pdf as T


def _pdf(text: str) -> bytes:
    font = T._CJK_FONT.replace(b"UniGB-UCS2-H", b"UniGB-UTF16-H")  # UTF-16 codes, so pairs reach PDFium
    return T._pages([b"BT /F1 12 Tf 72 700 Td " + T._ucs2(text) + b" Tj ET"], font)


def test_a_character_beyond_the_bmp_is_one_character():
    doc = read_pdf(_pdf("儿童姓名𠮷字"))
    assert doc.text == "儿童姓名𠮷字\n"
    doc.text.encode("utf-8")  # no lone surrogates


def test_a_lone_surrogate_is_left_out_as_unmapped():
    text = "儿童健康成长" * 5
    lone = T._ucs2(text)[:-1] + b"DFB7" + T._ucs2("字")[1:]  # a low half with no high half before it
    raw = T._pages([b"BT /F1 12 Tf 72 700 Td " + lone + b" Tj ET"],
                   T._CJK_FONT.replace(b"UniGB-UCS2-H", b"UniGB-UTF16-H"))
    assert read_pdf(raw).text == text + "字\n"  # 1 of 32 glyphs unmapped: under the 5% that refuses a PDF


def test_a_line_placed_at_an_infinite_position_is_left_out():
    """Found by `make fuzz`: a Td operand of 130 digits puts a line at infinity, and the layout
    step failed on it (round(nan)); such glyphs have no place on the page and count as unmapped."""
    lines = [T._ucs2(t) for t in ("一、总体要求", "（一）儿童与健康", "主要目标：儿童健康水平不断提高，覆盖率达到百分之九十。")]
    content = b"\n".join([b"BT /F1 12 Tf 72 742 Td " + lines[0] + b" Tj ET",
                          b"BT /F1 12 Tf 72 718 Td " + lines[1] + b" Tj ET",
                          b"BT /F1 12 Tf 72 " + b"6" * 130 + b".0 Td " + T._ucs2("字") + b" Tj ET",
                          b"BT /F1 12 Tf 72 694 Td " + lines[2] + b" Tj ET"])
    doc = read_pdf(T._pages([content], T._CJK_FONT))
    assert doc.text == "一、总体要求\n（一）儿童与健康\n主要目标：儿童健康水平不断提高，覆盖率达到百分之九十。\n"
