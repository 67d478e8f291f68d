"""The charset of an HTML page: byte-order mark, then the page's own declaration (<meta charset>,
<meta http-equiv="Content-Type" content="…charset=…">, <?xml encoding=…?>), then sniffing.

Labels are mapped as browsers map them (WHATWG Encoding): gb2312, gbk, x-gbk, gb_2312-80 … all
mean GBK, decoded here with GB18030 (its superset: pages labelled gb2312 routinely carry GBK-only
characters); big5 means Big5-HKSCS; latin1/ascii/iso-8859-1 mean windows-1252. A page whose bytes
are not what it declares is decoded by sniffing, with a note; never with errors="ignore".
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

from extractors.decoding import MIN_CJK_SHARE, cjk_share
from extractors.errors import QuarantineError

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META = regex.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", regex.I)
_ALIASES = {
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "iso-ir-58", "chinese", "csgb2312",
                     "csiso58gb231280", "cp936", "ms936", "windows-936", "euc-cn", "hz-gb-2312"), "gb18030"),
    "gb18030": "gb18030",
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"), "utf-8"),
    # a page that could declare UTF-16 in ASCII-readable markup is not UTF-16 (WHATWG: read as UTF-8)
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2"), "utf-8"),
    **dict.fromkeys(("iso-8859-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252", "cp819",
                     "ibm819", "iso8859-1", "iso_8859-1", "x-cp1252"), "cp1252"),
}


@dataclass(frozen=True)
class DecodedPage:
    html: str
    encoding: str
    had_bom: bool
    how: str   # 'bom', 'declared' or 'sniffed'
    note: str | None = None


def declared_charset(raw: bytes) -> str | None:
    """The codec the page declares in its first 4 KB (as a browser's prescan would), if any."""
    m = _META.search(raw[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "replace").strip().lower()
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(raw: bytes) -> DecodedPage:
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return DecodedPage(raw[len(bom):].decode(enc), enc, True, "bom")
            except UnicodeDecodeError as e:
                raise QuarantineError(f"byte-order mark says {enc} but the bytes are not: {e.reason}") from None
    declared = declared_charset(raw)
    note = None
    if declared:
        try:
            return DecodedPage(raw.decode(declared), declared, False, "declared")
        except UnicodeDecodeError:
            note = f"the page declares {declared} but its bytes are not {declared}; charset sniffed instead"
    page = _sniff(raw)
    return DecodedPage(page.html, page.encoding, False, "sniffed", note)


def _sniff(raw: bytes) -> DecodedPage:
    """No usable declaration: strict UTF-8, then GB18030 if that reads as Chinese, then the detector."""
    try:
        return DecodedPage(raw.decode("utf-8"), "utf-8", False, "sniffed")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
        if cjk_share(_visible(text)) >= MIN_CJK_SHARE:
            return DecodedPage(text, "gb18030", False, "sniffed")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(raw).best()
    if best is None:
        raise QuarantineError("the page's charset is not declared, not UTF-8 or GB18030, and not detectable")
    return DecodedPage(str(best), best.encoding, False, "sniffed")


def _visible(html: str) -> str:
    """Rough visible text for the Chinese-share test: markup and scripts out."""
    html = regex.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
    return regex.sub(r"(?s)<[^>]*>|&[#\w]+;", " ", html)
