"""Checks on a .docx package before python-docx inflates anything: zip bombs and XML entities.

The zip directory states each part's compressed and uncompressed size; a part that would expand
past the caps, or by a ratio no real Word part reaches, is refused from those figures alone.
Python's zipfile never inflates past the declared size (it stops there and checks the CRC), so
the declared figures bound what is read. OOXML parts never carry a DTD, so a part with <!DOCTYPE
or <!ENTITY (the billion-laughs and external-entity attacks) is refused; python-docx's own parser
has resolve_entities=False as a second line.
"""
from __future__ import annotations

import io
import zipfile

import regex

from extractors.errors import QuarantineError
from extractors.readers.limits import (DOCX_MAX_MEMBER_BYTES, DOCX_MAX_MEMBERS, DOCX_MAX_RATIO,
                                       DOCX_MAX_TOTAL_BYTES, DOCX_RATIO_FLOOR, human)

_DTD = regex.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", regex.I)
_XML_PART = regex.compile(r"(?:\.xml|\.rels)$", regex.I)


def check_package(raw: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except Exception as e:  # zipfile raises BadZipFile, OSError, ValueError, struct.error … on damaged archives
        raise QuarantineError(f"a damaged ZIP archive ({e}), not a readable .docx") from None
    if len(infos) > DOCX_MAX_MEMBERS:
        raise QuarantineError(f"zip bomb suspected: {len(infos):,} parts in the package "
                              f"(limit {DOCX_MAX_MEMBERS:,})")
    total = 0
    for info in infos:
        _check_member(info)
        total += info.file_size
        if total > DOCX_MAX_TOTAL_BYTES:
            raise QuarantineError(f"zip bomb suspected: the parts expand to more than {human(DOCX_MAX_TOTAL_BYTES)} "
                                  f"(a {human(len(raw))} file)")
    for info in infos:
        if _XML_PART.search(info.filename):
            _check_xml(zf, info)


def _check_member(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise QuarantineError(f"encrypted part {info.filename} in the package: remove the password first")
    if info.file_size > DOCX_MAX_MEMBER_BYTES:
        raise QuarantineError(f"zip bomb suspected: part {info.filename} expands to {human(info.file_size)} "
                              f"(limit {human(DOCX_MAX_MEMBER_BYTES)})")
    if info.file_size > DOCX_RATIO_FLOOR:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > DOCX_MAX_RATIO:
            raise QuarantineError(
                f"zip bomb suspected: part {info.filename} expands from {human(info.compress_size)} to "
                f"{human(info.file_size)} (ratio {ratio:,.0f}:1, limit {DOCX_MAX_RATIO}:1)")


def _check_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except Exception as e:  # zipfile and zlib raise many types on damaged data (zlib.error, BadZipFile …)
        raise QuarantineError(f"damaged part {info.filename} in the package ({type(e).__name__}: {e})") from None
    if len(data) > info.file_size:
        raise QuarantineError(f"part {info.filename} is larger than the zip directory says: damaged or hostile")
    if _DTD.search(_as_ascii(data)):
        raise QuarantineError(f"part {info.filename} declares a DTD or entities (<!DOCTYPE/<!ENTITY>), which "
                              "Word never writes: refused as an XML entity attack")


def _as_ascii(data: bytes) -> bytes:
    """UTF-16 parts (with or without a byte-order mark) re-encoded so the byte search sees the markup."""
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        enc = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else (
            "utf-16-le" if head[:2] == b"<\x00" else "utf-16-be")
        return data.decode(enc, "replace").encode("ascii", "replace")
    return data
