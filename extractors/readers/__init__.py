"""Readers: a published file's bytes -> the one text every offset of the document indexes.

(Placeholder until the format readers land: text files only; other formats are quarantined.)
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.decoding import decode_bytes
from extractors.errors import QuarantineError

TEXT = "text/plain"


@dataclass(frozen=True)
class Page:
    number: int
    char_start: int
    char_end: int


@dataclass(frozen=True)
class ReadDocument:
    text: str
    media_type: str
    encoding: str | None
    had_bom: bool
    pages: tuple[Page, ...] = ()
    notes: tuple[str, ...] = ()


def sniff_media_type(raw: bytes, name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("txt", "text", ""):
        return TEXT
    raise QuarantineError(f".{suffix} files are not ingested yet")


def read_document(raw: bytes, name: str) -> ReadDocument:
    media_type = sniff_media_type(raw, name)
    decoded = decode_bytes(raw)
    return ReadDocument(text=decoded.text, media_type=media_type, encoding=decoded.encoding,
                        had_bom=decoded.had_bom)
