"""Bytes to text, robustly and deterministically.

Order: byte-order mark, strict UTF-8, GB18030 (a superset of GBK and GB2312), then
charset-normalizer's detector. Every result must look like Chinese prose (mostly CJK), else
the file is quarantined with the reason. Never errors="ignore": a half-decoded plan would
carry wrong offsets into every row derived from it.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from extractors.errors import QuarantineError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MIN_CJK_SHARE = 0.5


@dataclass(frozen=True)
class DecodedText:
    text: str  # the original decoded text: no byte-order mark, line endings as they were
    encoding: str
    had_bom: bool


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x2FFFF)


def cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if is_cjk(c)) / len(chars)


def _check(text: str, encoding: str, had_bom: bool) -> DecodedText:
    if not text.strip():
        raise QuarantineError(f"no text after decoding as {encoding}")
    if "\x00" in text:
        raise QuarantineError(f"NUL characters after decoding as {encoding}: binary data")
    share = cjk_share(text)
    if share < MIN_CJK_SHARE:
        raise QuarantineError(
            f"decoded as {encoding} but only {share:.0%} of the characters are Chinese: not a plan text")
    return DecodedText(text, encoding, had_bom)


def decode_bytes(raw: bytes) -> DecodedText:
    """Decode a plan file's bytes or raise QuarantineError saying why not."""
    if not raw:
        raise QuarantineError("empty file")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return _check(raw[len(bom):].decode(enc), enc, True)
            except UnicodeDecodeError as e:
                raise QuarantineError(f"byte-order mark says {enc} but the bytes are not: {e.reason}") from e
    if b"\x00" in raw:
        raise QuarantineError("NUL bytes and no byte-order mark: binary data")
    # Each candidate must also read as Chinese: GB18030 accepts most byte strings (Big5 among
    # them) and short GB18030 texts can be valid UTF-8, decoding to nonsense either way.
    first_failure = None
    for enc in ("utf-8", "gb18030"):
        try:
            return _check(raw.decode(enc), enc, False)
        except UnicodeDecodeError:
            continue
        except QuarantineError as e:
            first_failure = first_failure or e
    try:
        return _check_detected(raw)
    except QuarantineError:
        if first_failure is not None:
            raise first_failure from None
        raise


def _check_detected(raw: bytes) -> DecodedText:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise QuarantineError("not UTF-8 or GB18030, and no encoding detected")
    return _check(str(best), best.encoding, False)
