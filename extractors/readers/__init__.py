"""Document readers: the bytes of a .txt, .docx, .pdf or .html plan -> ONE plain text that the
line-based segmenter (extractors.segment) reads, so a plan segments the same whatever its format.

Pure: readers get bytes and a file name (a hint only) and return a frozen ReadDocument; a file
that cannot be read as a plan raises extractors.errors.QuarantineError with the reason. Each
format has its own module: plain (text/plain), docx, pdf, html; sniff picks one from the bytes,
limits holds the size caps checked before any parser runs.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from extractors.decoding import MIN_CJK_SHARE, cjk_share
from extractors.errors import QuarantineError
from extractors.readers.limits import MAX_BYTES, check_size, human
from extractors.readers.sniff import DOCX, HTML, PDF, TEXT, sniff

__all__ = ["Page", "ReadDocument", "read_document", "sniff_media_type", "DOCX", "HTML", "PDF", "TEXT"]


@dataclass(frozen=True)
class Page:
    number: int        # 1-based printed page index in the PDF
    char_start: int    # [char_start, char_end) of this page's text inside ReadDocument.text
    char_end: int


@dataclass(frozen=True)
class ReadDocument:
    text: str                 # THE text every offset of this document will index (stored as documents.text)
    media_type: str           # 'text/plain' | DOCX | 'application/pdf' | 'text/html'
    encoding: str | None      # charset used for text/plain and text/html; None for docx/pdf
    had_bom: bool
    pages: tuple[Page, ...] = ()      # PDF only
    notes: tuple[str, ...] = ()       # human-readable notes about what the reader did/dropped


_SUFFIXES = {TEXT: {"txt", "text"}, HTML: {"html", "htm", "shtml", "xhtml"}, DOCX: {"docx"}, PDF: {"pdf"}}


def sniff_media_type(raw: bytes, name: str) -> str:
    """The media type read_document would read these bytes as, or QuarantineError saying why not."""
    biggest = max(MAX_BYTES.values())
    if len(raw) > biggest:
        raise QuarantineError(f"file too large: {human(len(raw))} ({len(raw):,} bytes) exceeds the "
                              f"{human(biggest)} limit of every format")
    media_type = sniff(raw, name)
    check_size(raw, media_type)
    return media_type


def read_document(raw: bytes, name: str) -> ReadDocument:
    """Read a plan file's bytes as one text, or raise QuarantineError saying why it cannot be."""
    media_type = sniff_media_type(raw, name)
    if media_type == TEXT:
        from extractors.readers.plain import read_text as reader
    elif media_type == DOCX:
        from extractors.readers.docx import read_docx as reader
    elif media_type == PDF:
        from extractors.readers.pdf import read_pdf as reader
    else:
        from extractors.readers.html import read_html as reader
    doc = reader(raw)
    if media_type != TEXT:
        check_plan_text(doc.text, media_type)
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix and suffix not in _SUFFIXES[media_type]:
        doc = replace(doc, notes=(f"named .{suffix} but the bytes are {media_type}", *doc.notes))
    return doc


def check_plan_text(text: str, media_type: str) -> None:
    """The test decode_bytes applies to .txt files, for the text another reader extracted."""
    if not text.strip():
        raise QuarantineError(f"no text in the {media_type} document")
    share = cjk_share(text)
    if share < MIN_CJK_SHARE:
        raise QuarantineError(f"only {share:.0%} of the text extracted from the {media_type} document is "
                              "Chinese: not a plan text")
