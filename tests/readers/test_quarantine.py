"""Files that cannot be read as a plan are refused with a reason a person can act on."""
from __future__ import annotations

import io
import struct
import zipfile

import docx
import pytest

from extractors.errors import QuarantineError
from extractors.readers import DOCX, HTML, PDF, TEXT, read_document, sniff_media_type
from tests.readers.tiny_pdf import no_text_pdf, text_pdf, unmapped_pdf

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
PLAN_LINES = [(72, 100, "一、总体要求"), (72, 130, "（一）儿童与健康"), (72, 160, "主要目标：儿童健康水平不断提高。")]


def reason(raw: bytes, name: str) -> str:
    with pytest.raises(QuarantineError) as e:
        read_document(raw, name)
    return e.value.reason


def small_docx(text: str = "一、总体要求\n儿童健康水平不断提高。") -> bytes:
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rezip(raw: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def test_empty_file():
    assert reason(b"", "plan.txt") == "empty file"


def test_too_large_text_file_names_its_size():
    raw = ("儿童发展规划。\n" * (50 * 1024 * 1024 // 22 + 1)).encode("utf-8")[: 50 * 1024 * 1024]
    r = reason(raw, "plan.txt")
    assert r.startswith("file too large: 50.0 MB (52,428,800 bytes) exceeds the 20.0 MB limit for text/plain")


@pytest.mark.parametrize("name", ["scan.pdf", "plan.txt", "plan"])
def test_png_under_another_name(name):
    assert reason(PNG, name) == "a PNG image, not a plan document"


@pytest.mark.parametrize("name", ["plan.docx", "plan.doc", "plan.wps"])
def test_ole2_word_or_wps_file_says_convert_to_docx(name):
    r = reason(OLE2, name)
    assert "OLE2" in r and "convert to .docx" in r


def test_zip_bomb_by_compression_ratio():
    raw = rezip(small_docx(), add={"word/media/image1.bin": b"\x00" * (20 * 1024 * 1024)})
    r = reason(raw, "plan.docx")
    assert r.startswith("zip bomb suspected: part word/media/image1.bin expands from") and "limit 100:1" in r


def test_zip_bomb_by_declared_size_is_refused_before_inflating():
    raw = bytearray(small_docx())
    at = raw.find(b"PK\x01\x02")                       # central directory: one header per part
    while raw[at + 46: at + 46 + struct.unpack_from("<H", raw, at + 28)[0]] != b"word/document.xml":
        at = raw.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<I", raw, at + 24, 3_000_000_000)  # its uncompressed size: 3 GB
    r = reason(bytes(raw), "plan.docx")
    assert r == "zip bomb suspected: part word/document.xml expands to 2861.0 MB (limit 100.0 MB)"


def test_billion_laughs_part_is_refused():
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                      for i in range(1, 10))
           + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    raw = rezip(small_docx(), replace={"word/document.xml": lol})
    assert reason(raw, "plan.docx") == ("part word/document.xml declares a DTD or entities (<!DOCTYPE/<!ENTITY>), "
                                        "which Word never writes: refused as an XML entity attack")


def test_utf16_part_with_a_dtd_is_refused_too():
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16")
    raw = rezip(small_docx(), add={"customXml/item9.xml": part})
    assert "customXml/item9.xml declares a DTD" in reason(raw, "plan.docx")


def test_encrypted_pdf_needing_a_password():
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf([PLAN_LINES]))).pages:
        w.add_page(page)
    w.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    w.write(out)
    assert reason(out.getvalue(), "plan.pdf") == "encrypted PDF: it needs a password to open"


def test_pdf_with_only_permission_restrictions_is_read_with_a_note():
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    for page in PdfReader(io.BytesIO(text_pdf([PLAN_LINES]))).pages:
        w.add_page(page)
    w.encrypt(user_password="", owner_password="owner", permissions_flag=0)
    out = io.BytesIO()
    w.write(out)
    doc = read_document(out.getvalue(), "plan.pdf")
    assert doc.text.splitlines() == ["一、总体要求", "（一）儿童与健康", "主要目标：儿童健康水平不断提高。"]
    assert any("owner password" in n for n in doc.notes)


def test_pdf_without_text_layer():
    assert reason(no_text_pdf(), "scan.pdf") == "PDF has no text layer; OCR it first"


def test_pdf_glyphs_without_unicode_mapping():
    r = reason(unmapped_pdf(), "plan.pdf")
    assert r.startswith("PDF text layer is unreadable: 60 of 60 glyphs have no Unicode mapping")


def test_pdf_in_english_is_not_a_plan():
    raw = text_pdf([[(72, 100, "Annual report of the county transport office")]], latin=True)
    assert reason(raw, "report.pdf") == ("only 0% of the text extracted from the application/pdf document is "
                                         "Chinese: not a plan text")


def test_docx_without_chinese_and_empty_docx():
    assert "is Chinese: not a plan text" in reason(small_docx("Minutes of the meeting\nAll present."), "m.docx")
    assert reason(small_docx(""), "empty.docx") == f"no text in the {DOCX} document"


def test_other_zip_formats_are_named():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert reason(out.getvalue(), "plan.docx") == "an Excel workbook (.xlsx), not a plan document"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    assert reason(out.getvalue(), "plan.zip") == "a ZIP archive without word/document.xml, not a .docx"


def test_truncated_docx_is_a_damaged_zip():
    assert reason(small_docx()[:3000], "plan.docx").startswith("a damaged ZIP archive")


def test_html_page_without_chinese_article():
    page = b"<html><head><title>x</title></head><body><p>Nothing to see here, just an English notice.</p></body></html>"
    assert "is Chinese: not a plan text" in reason(page, "a.html") or reason(page, "a.html").startswith("no article")


def test_sniffing_trusts_bytes_over_names():
    assert sniff_media_type(small_docx(), "plan.pdf") == DOCX
    assert sniff_media_type(text_pdf([PLAN_LINES]), "plan.docx") == PDF
    assert sniff_media_type("<p>儿童</p><p>规划</p><br>".encode("utf-8"), "plan.txt") == HTML
    assert sniff_media_type("一、总体要求\n".encode("gb18030"), "plan.html") == TEXT
    doc = read_document(small_docx(), "plan.pdf")
    assert doc.notes[0] == f"named .pdf but the bytes are {DOCX}"
