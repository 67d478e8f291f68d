"""Small PDFs written by hand (a few hundred bytes) for the reader's edge cases: Chinese text in a
standard CJK font (STSong-Light, UniGB-UCS2-H: no font file needed), Latin text, glyph codes with
no Unicode mapping, a page with no text, several pages with a running header and page numbers."""
from __future__ import annotations


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


_CJK_FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
             b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
             b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
             b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 "
             b"/StemV 93 >> >>] >>")
_UNMAPPED_FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /NoSuchFont /Encoding /Identity-H "
                  b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoSuchFont "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  b"/FontDescriptor << /Type /FontDescriptor /FontName /NoSuchFont /Flags 4 "
                  b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 "
                  b"/StemV 80 >> >>] >>")
_LATIN_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _ucs2(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _pages(contents: list[bytes], font: bytes) -> bytes:
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), font]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(_stream(content))
    return _pdf(objects)


def text_pdf(pages: list[list[tuple[float, float, str]]], *, size: float = 12, latin: bool = False) -> bytes:
    """pages: [(x, y_from_top, text)] lines per page, in a CJK font (or Helvetica when latin)."""
    contents = []
    for lines in pages:
        ops = []
        for x, y, text in lines:
            shown = (b"(" + text.encode("latin-1") + b")") if latin else _ucs2(text)
            ops.append(b"BT /F1 %.1f Tf %.1f %.1f Td %s Tj ET" % (size, x, 842 - y, shown))
        contents.append(b"\n".join(ops))
    return _pages(contents, _LATIN_FONT if latin else _CJK_FONT)


def unmapped_pdf(n_glyphs: int = 60) -> bytes:
    """Glyph codes in a font with no ToUnicode map and no font file: nothing maps to Unicode."""
    codes = b"<" + b"".join(b"%04X" % (0x100 + i) for i in range(n_glyphs)) + b">"
    return _pages([b"BT /F1 12 Tf 72 700 Td " + codes + b" Tj ET"], _UNMAPPED_FONT)


def no_text_pdf() -> bytes:
    """A page with only a drawing (a scan would have an image): no text layer."""
    return _pages([b"0.5 g 72 72 451 698 re f"], _LATIN_FONT)
