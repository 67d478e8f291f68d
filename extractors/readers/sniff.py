"""Which reader a file needs, from its bytes (magic numbers, markup); the name is only a hint."""
from __future__ import annotations

import io
import zipfile

import regex

from extractors.errors import QuarantineError

TEXT = "text/plain"
HTML = "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY = (  # formats a plan is never published in: name them so the reason is useful
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", None),  # too short to be sure: only with the name
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document (convert to .docx)"),
)
_MARKUP = regex.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>])",
    regex.I | regex.S)
_TAGS = regex.compile(rb"<(?:html|body|head|title|meta|div|p|table|br)\b[^>]*>", regex.I)


def sniff(raw: bytes, name: str) -> str:
    """The media type of the reader for these bytes, or QuarantineError saying what they are."""
    if not raw:
        raise QuarantineError("empty file")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = raw[:1024]
    if head.startswith(b"%PDF-") or b"%PDF-" in head:
        return PDF
    if raw.startswith(OLE2):
        raise QuarantineError(
            "an OLE2 compound file (an old binary .doc or .wps, or a password-protected .docx), "
            "not a .docx: convert to .docx (or remove the password) first")
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(raw)
    for magic, what in _BINARY:
        if raw.startswith(magic) and (what or suffix == "bmp"):
            raise QuarantineError(f"{what or 'a BMP image'}, not a plan document")
    if suffix in ("doc", "wps"):
        # not OLE2, so not the binary format the name claims; it may be HTML saved as .doc
        if not _looks_like_html(raw, suffix):
            raise QuarantineError(f".{suffix} file in no format a plan reader knows: convert to .docx")
    if _looks_like_html(raw, suffix):
        return HTML
    return TEXT


def _looks_like_html(raw: bytes, suffix: str) -> bool:
    head = _ascii_view(raw[:4096])
    if _MARKUP.match(head):
        return True
    # Fragments without <html>: enough real tags, or a few when the name says .html
    tags = len(_TAGS.findall(head))
    return tags >= 3 or (tags >= 1 and suffix in ("html", "htm", "shtml", "xhtml"))


def _ascii_view(head: bytes) -> bytes:
    """Markup as ASCII bytes whatever the encoding: UTF-16 pages are re-encoded first."""
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(enc, "replace").encode("ascii", "replace")
    return head.removeprefix(b"\xef\xbb\xbf")


def _zip_kind(raw: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except Exception as e:  # zipfile raises BadZipFile, OSError, ValueError, struct.error … on damaged archives
        raise QuarantineError(f"a damaged ZIP archive ({e}), not a readable .docx") from None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        raise QuarantineError("an Excel workbook (.xlsx), not a plan document")
    if "ppt/presentation.xml" in names:
        raise QuarantineError("a PowerPoint presentation (.pptx), not a plan document")
    if "content.xml" in names and "mimetype" in names:
        raise QuarantineError("an OpenDocument file (.odt), not .docx: convert to .docx")
    raise QuarantineError("a ZIP archive without word/document.xml, not a .docx")
