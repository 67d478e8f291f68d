"""Content fingerprints that ignore how a text was published.

The same plan saved as GBK with CRLF, as UTF-16, or as a .docx differs in bytes, line breaks and
spacing but not in its characters. A fingerprint hashes the text with every kind of whitespace
removed and full-width ASCII folded, so such copies share it; a revision that changes one figure
does not.
"""
from __future__ import annotations

import hashlib

from extractors.textfold import squash

def fingerprint(text: str) -> str:
    return hashlib.sha256(squash(text).encode("utf-8")).hexdigest()


def plan_fingerprint(parts: list[str]) -> str:
    """A plan's content: its domain titles and provision texts, in order."""
    return fingerprint("\u241e".join(parts))
