"""Size caps, checked on the raw bytes before any parser sees them.

The corpus's largest plan is 146 KB of text; a government .docx with images rarely reaches a few
MB, a scanned-then-OCRed PDF a few tens. The caps leave an order of magnitude above that and stop
what would tie up a worker (a 50 MB "plan" text is a database dump or a log, not a plan).
"""
from __future__ import annotations

from extractors.errors import QuarantineError

MB = 1024 * 1024
MAX_BYTES = {
    "text/plain": 20 * MB,
    "text/html": 10 * MB,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 50 * MB,
    "application/pdf": 100 * MB,
}
# .docx is a zip: the caps on what it expands to, read from the zip directory before inflating
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_MEMBER_BYTES = 100 * MB      # any one part, uncompressed
DOCX_MAX_TOTAL_BYTES = 200 * MB       # all parts, uncompressed
DOCX_MAX_RATIO = 100                  # uncompressed / compressed, for parts over DOCX_RATIO_FLOOR
DOCX_RATIO_FLOOR = 1 * MB             # small parts may compress better (repetitive XML) and cost nothing
PDF_MAX_PAGES = 2000


def human(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def check_size(raw: bytes, media_type: str) -> None:
    cap = MAX_BYTES[media_type]
    if len(raw) > cap:
        raise QuarantineError(f"file too large: {human(len(raw))} ({len(raw):,} bytes) exceeds the "
                              f"{human(cap)} limit for {media_type}")
