"""Bytes to text, robustly and deterministically, and never into mojibake.

Order: byte-order mark; UTF-16/32 without a mark (NUL bytes in the pattern those encodings leave);
strict UTF-8; a file that is UTF-8 but for a few damaged bytes is refused as damaged (decoding it as
GB18030 would give plausible-looking nonsense); then GB18030 (a superset of GBK and GB2312) and Big5,
keeping the candidate whose characters are the common ones of written Chinese; then charset-
normalizer's detector under the same test. A file cut inside its last character keeps the whole
characters before the cut, with a note. Every result must also be mostly CJK, else the file is
quarantined with the reason. Never errors="ignore": a half-decoded plan would carry wrong offsets.

Why the common-character test: GB18030 decodes almost any byte string, and the mojibake of UTF-8 or
Big5 bytes read as GB18030 is made of CJK characters too. Measured on corpus plan 003: 99.99% of its
Han characters are among the most common (GB2312 level 1 or Big5's frequent set); its UTF-8 bytes read
as GB18030 give 32%, its Big5 bytes read as GB18030 57-63%.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

from extractors.errors import QuarantineError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MIN_CJK_SHARE = 0.5
MIN_COMMON_SHARE = 0.8   # of Han characters among the common ones, for encodings guessed without a mark
DAMAGED_UTF8_SHARE = 0.005  # invalid sequences per character below which a file is UTF-8, damaged


@dataclass(frozen=True)
class DecodedText:
    text: str  # the original decoded text: no byte-order mark, line endings as they were
    encoding: str
    had_bom: bool
    notes: tuple[str, ...] = ()


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x2FFFF)


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF


def is_common_han(ch: str) -> bool:
    """Among the most used characters: GB2312 level 1 (3,755 simplified) or Big5's frequent set
    (5,401 traditional). Computed from the codecs, no table to ship."""
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and (0xA4 <= b[0] <= 0xC5 or (b[0] == 0xC6 and b[1] <= 0x7E))
    except UnicodeEncodeError:
        return False


def common_share(text: str) -> float:
    han = [c for c in text if _is_han(c)]
    if not han:
        return 0.0
    return sum(1 for c in han if is_common_han(c)) / len(han)


_CJK_RUNS = regex.compile("[\u4E00-\u9FFF\u3400-\u4DBF\u3000-\u303F\uFF00-\uFFEF\U00020000-\U0002FFFF]+")
_SPACE_RUNS = regex.compile(r"\s+")


def cjk_share(text: str) -> float:
    """Share of the non-space characters that are CJK (counted by runs: a character loop costs
    seconds on a thousand plans)."""
    chars = len(text) - sum(map(len, _SPACE_RUNS.findall(text)))
    if chars <= 0:
        return 0.0
    cjk = sum(map(len, _CJK_RUNS.findall(text))) - text.count("\u3000")  # the ideographic space is a space
    return cjk / chars


def _check(text: str, encoding: str, had_bom: bool, notes: tuple[str, ...] = ()) -> DecodedText:
    if not text.strip():
        raise QuarantineError(f"no text after decoding as {encoding}")
    if "\x00" in text:
        raise QuarantineError(f"NUL characters after decoding as {encoding}: binary data")
    share = cjk_share(text)
    if share < MIN_CJK_SHARE:
        raise QuarantineError(
            f"decoded as {encoding} but only {share:.0%} of the characters are Chinese: not a plan text")
    return DecodedText(text, encoding, had_bom, notes)


def _plausible(text: str) -> bool:
    return common_share(text) >= MIN_COMMON_SHARE


def _strict(raw: bytes, encoding: str) -> tuple[str, tuple[str, ...]] | None:
    """Decode strictly; a sequence cut by the end of the file keeps the whole characters before it."""
    try:
        return raw.decode(encoding), ()
    except UnicodeDecodeError as e:
        if e.start < len(raw) - 4 or "end of data" not in e.reason and "incomplete" not in e.reason:
            return None
        try:
            cut = len(raw) - e.start
            return raw[:e.start].decode(encoding), (f"the file ends inside a character ({cut} byte(s) of it): "
                                                    "it was cut short",)
        except UnicodeDecodeError:
            return None


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
        return _check_wide(raw)
    utf8 = _strict(raw, "utf-8")
    if utf8 is not None:
        return _check(utf8[0], "utf-8", False, utf8[1])
    _refuse_damaged_utf8(raw)
    return _check_legacy(raw)


def _check_wide(raw: bytes) -> DecodedText:
    """UTF-16/32 without a byte-order mark, told apart by decoding each way."""
    for enc in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        got = _strict(raw, enc)
        if got and "\x00" not in got[0] and cjk_share(got[0]) >= MIN_CJK_SHARE and _plausible(got[0]):
            return _check(got[0], enc, False, got[1])
    _refuse_text_with_nul(raw)
    raise QuarantineError("NUL bytes and no byte-order mark: binary data")


def _refuse_text_with_nul(raw: bytes) -> None:
    """Chinese text with a few stray NUL bytes (a damaged copy) is named as such, not as binary data.
    It is still refused: dropping the NULs would make documents.text other than the file's text."""
    nuls = raw.count(b"\x00")
    if nuls > max(3, DAMAGED_UTF8_SHARE * len(raw)):
        return
    rest = raw.replace(b"\x00", b"")
    for enc in ("utf-8", "gb18030"):
        try:
            text = rest.decode(enc)
        except UnicodeDecodeError:
            continue
        if cjk_share(text) >= MIN_CJK_SHARE and (enc == "utf-8" or _plausible(text)):
            first = raw.index(0)
            where = f"at byte {first}" if nuls == 1 else f"the first at byte {first}"
            raise QuarantineError(f"{'UTF-8' if enc == 'utf-8' else 'GB18030'} text with {nuls} NUL "
                                  f"byte{'s' if nuls > 1 else ''} ({where}): a damaged file, not a plan text — "
                                  "re-save or re-download it")


def _refuse_damaged_utf8(raw: bytes) -> None:
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad and bad <= max(3, DAMAGED_UTF8_SHARE * len(text)) and cjk_share(text) >= MIN_CJK_SHARE:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise QuarantineError(f"damaged UTF-8: {bad} invalid byte sequence(s), the first at byte {e.start} "
                                  f"({e.reason}); the file is otherwise UTF-8 — re-save or re-download it") from None


def _check_legacy(raw: bytes) -> DecodedText:
    """GB18030 or Big5, whichever reads as common Chinese characters; else the detector's guess."""
    candidates = []
    for enc in ("gb18030", "big5"):
        got = _strict(raw, enc)
        if got and cjk_share(got[0]) >= MIN_CJK_SHARE:
            candidates.append((common_share(got[0]), enc, got))
    candidates.sort(key=lambda c: -c[0])  # stable: GB18030 first on a tie
    if candidates and candidates[0][0] >= MIN_COMMON_SHARE:
        _, enc, (text, notes) = candidates[0]
        return _check(text, enc, False, notes)
    detected = _detected(raw)
    if detected is not None:
        return detected
    if candidates:
        share, enc, _ = candidates[0]
        raise QuarantineError(f"not UTF-8; read as {enc} only {share:.0%} of its Chinese characters are common "
                              "ones (mojibake, or an encoding PlanAtlas does not read): re-save it as UTF-8")
    raise QuarantineError("not UTF-8 or GB18030, and no encoding detected")


def _detected(raw: bytes) -> DecodedText | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    text = str(best)
    if not _plausible(text):
        return None
    return _check(text, best.encoding, False)
