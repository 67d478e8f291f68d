"""Content fingerprints that ignore how a text was published.

The same plan saved as GBK with CRLF, as UTF-16, or as a .docx differs in bytes, line breaks and
spacing but not in its characters. A fingerprint hashes the text with every kind of whitespace
removed and full-width ASCII folded, so such copies share it; a revision that changes one figure
does not.
"""
from __future__ import annotations

import hashlib
from array import array

from extractors.textfold import squash

def fingerprint(text: str) -> str:
    return hashlib.sha256(squash(text).encode("utf-8")).hexdigest()


def plan_fingerprint(parts: list[str]) -> str:
    """A plan's content: its domain titles and provision texts, in order."""
    return fingerprint("\u241e".join(parts))


def compact_fingerprints(fingerprints) -> bytes:
    """Fingerprints (64 hex digits) packed as their first 64 bits, sorted: what the catalog compares,
    at 8 bytes a key instead of a 64-character string (there is a manifest per document)."""
    return array("Q", sorted(int(k[:16], 16) for k in fingerprints)).tobytes()


def compact_strings(keys) -> bytes:
    """Any key strings packed the same way (64-bit BLAKE2b of each; stable across processes)."""
    return array("Q", sorted(int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "big")
                             for k in keys)).tobytes()


def key_set(packed: bytes) -> frozenset[int]:
    keys = array("Q")
    keys.frombytes(packed)
    return frozenset(keys)
