"""text/plain: exactly what extractors.decoding does for the corpus's .txt files."""
from __future__ import annotations

from extractors.decoding import decode_bytes


def read_text(raw: bytes):
    from extractors.readers import ReadDocument
    from extractors.readers.sniff import TEXT

    decoded = decode_bytes(raw)
    return ReadDocument(text=decoded.text, media_type=TEXT, encoding=decoded.encoding, had_bom=decoded.had_bom,
                        notes=decoded.notes)
