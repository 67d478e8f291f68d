"""application/pdf -> plan text with pypdfium2 (PDFium, Apache-2.0/BSD; PyMuPDF is AGPL).

Chosen over pdfplumber (pdfminer.six) after measuring both on the corpus's plans printed by
Chromium (37 A4 pages, 16 pt Noto Serif CJK): characters with their boxes in 0.17 s with
pypdfium2 against 1.50 s with pdfplumber, and pdfminer's ToUnicode handling returned Kangxi
radicals for common characters (⼉童, ⽬标 instead of 儿童, 目标) where PDFium returned the right
ones. PDFium has no table model, so ruled tables are rebuilt from the page's vector rules
(extractors.readers.pdf_tables); lines become paragraphs in extractors.readers.pdf_layout.
"""
from __future__ import annotations

import ctypes
import math
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from extractors.errors import QuarantineError
from extractors.readers.limits import PDF_MAX_PAGES
from extractors.readers.pdf_layout import Line, drop_running_heads, margins, starts_paragraph
from extractors.readers.pdf_tables import Char, Table, find_tables, group_lines, line_text, rules
from extractors.readers.textbuild import TextBuilder, join_fragments

MAX_BAD_SHARE = 0.05   # glyphs without a Unicode mapping above this share: the text layer is unusable


@dataclass
class _PageContent:
    lines: list[Line]
    tables: list[Table]
    height: float


@dataclass
class _Stats:
    chars: int = 0
    unmapped: int = 0
    radicals: int = 0
    images: int = 0
    empty_pages: int = 0


def read_pdf(raw: bytes):
    from extractors.readers import Page, ReadDocument
    from extractors.readers.sniff import PDF

    import pypdfium2 as pdfium

    doc = _open(pdfium, raw)
    try:
        notes: list[str] = []
        if _security_revision(doc) != -1:
            notes.append("encrypted with an owner password only (permissions); the text is readable and was read")
        n = len(doc)
        if n > PDF_MAX_PAGES:
            raise QuarantineError(f"PDF has {n:,} pages (limit {PDF_MAX_PAGES:,})")
        stats = _Stats()
        pages = [_read_page(doc, i, stats) for i in range(n)]
    except QuarantineError:
        raise
    except Exception as e:  # PDFium raises on damaged objects inside an openable file
        raise QuarantineError(f"not a readable PDF: {type(e).__name__}: {e}") from None
    finally:
        doc.close()
    _check_text_layer(stats, n)
    kept, dropped = drop_running_heads([p.lines for p in pages], [p.height for p in pages])
    for p, lines in zip(pages, kept):
        p.lines = lines
    text, spans = _write(pages)
    notes += dropped
    if stats.radicals:
        notes.append(f"{stats.radicals} Kangxi/CJK radical code points from the font's Unicode map read as the "
                     "ideographs they stand for (⼉ as 儿)")
    if stats.empty_pages:
        notes.append(f"{stats.empty_pages} pages without text")
    tables = sum(len(p.tables) for p in pages)
    if tables:
        cont = _continued_tables(pages)
        k = tables - cont
        notes.append(f"{k} ruled table{'s' if k != 1 else ''} flattened to one tab-indented line per cell"
                     + (f" ({cont} continued on a following page)" if cont else ""))
    notes += [f"ruled table on page {i + 1}: {n} columns without text in any row (the grid may be misread; "
              "its rows may not read as table rows)"
              for i, p in enumerate(pages) for n in (t.empty_columns() for t in p.tables) if n]
    return ReadDocument(text=text, media_type=PDF, encoding=None, had_bom=False,
                        pages=tuple(Page(number=i + 1, char_start=s, char_end=e) for i, (s, e) in enumerate(spans)),
                        notes=tuple(notes))


def _continued_tables(pages) -> int:
    """Tables that go on from the page before: a page's first table, near its top, as wide (the same
    edges and number of columns) as the previous page's last table, which reaches near that page's foot."""
    n = 0
    for before, page in zip(pages, pages[1:]):
        if before.tables and page.tables:
            a, b = before.tables[-1], page.tables[0]
            columns = [max((len(r) for r in t.rows), default=0) for t in (a, b)]
            n += (abs(a.x0 - b.x0) < 2 and abs(a.x1 - b.x1) < 2 and columns[0] == columns[1]
                  and a.bottom > 0.75 * before.height and b.top < 0.25 * page.height)
    return n


def _open(pdfium, raw: bytes):
    import pypdfium2.raw as R
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == R.FPDF_ERR_PASSWORD:
            raise QuarantineError("encrypted PDF: it needs a password to open") from None
        if getattr(e, "err_code", None) == R.FPDF_ERR_SECURITY:
            raise QuarantineError("encrypted PDF with an unsupported security handler") from None
        raise QuarantineError(f"not a readable PDF: {e}") from None
    except Exception as e:
        raise QuarantineError(f"not a readable PDF: {type(e).__name__}: {e}") from None


def _security_revision(doc) -> int:
    import pypdfium2.raw as R
    return R.FPDF_GetSecurityHandlerRevision(doc.raw)


def _check_text_layer(stats: _Stats, n_pages: int) -> None:
    total = stats.chars + stats.unmapped
    if stats.chars == 0 and stats.unmapped == 0:
        what = f" ({stats.images} images on {n_pages} pages: scanned)" if stats.images else ""
        raise QuarantineError(f"PDF has no text layer{what}; OCR it first")
    if stats.unmapped / total > MAX_BAD_SHARE:
        raise QuarantineError(
            f"PDF text layer is unreadable: {stats.unmapped:,} of {total:,} glyphs have no Unicode mapping "
            "(they come out as (cid:…) codes or U+FFFD); OCR it first")


def _read_page(doc, index: int, stats: _Stats) -> _PageContent:
    page = doc[index]
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, height, stats)
        finally:
            textpage.close()
        segs, images = _rules(page, height)
    finally:
        page.close()
    stats.images += images
    if not chars:
        stats.empty_pages += 1
    tables = find_tables(segs, chars)
    rest = [c for c in chars if not any(t.contains(c) for t in tables)]
    lines = [_line(g, index) for g in group_lines(rest)]
    return _PageContent([ln for ln in lines if ln.text], tables, height)


def _line(chars: list[Char], page: int) -> Line:
    return Line(text=line_text(chars), x0=chars[0].x0, x1=chars[-1].x1, top=min(c.top for c in chars),
                bottom=max(c.bottom for c in chars), size=statistics.median(c.size for c in chars), page=page)


def _chars(textpage, height: float, stats: _Stats) -> list[Char]:
    import pypdfium2.raw as R
    tp = textpage.raw
    rect = R.FS_RECTF()
    out = []
    count = R.FPDFText_CountChars(tp)
    low = None  # the low surrogate already joined to the character before it
    for i in range(count):
        if i == low or R.FPDFText_IsGenerated(tp, i) == 1 or R.FPDFText_IsHyphen(tp, i) == 1:
            continue
        u = R.FPDFText_GetUnicode(tp, i)
        # PDFium gives UTF-16 code units: a character beyond the BMP (CJK Extension B names: 𠮷)
        # comes as a high and a low surrogate, one index each. Joined here; a lone half is unmapped.
        if 0xD800 <= u <= 0xDBFF and i + 1 < count and 0xDC00 <= R.FPDFText_GetUnicode(tp, i + 1) <= 0xDFFF:
            u = 0x10000 + ((u - 0xD800) << 10) + (R.FPDFText_GetUnicode(tp, i + 1) - 0xDC00)
            low = i + 1
        elif 0xD800 <= u <= 0xDFFF:
            stats.unmapped += 1
            continue
        if u in (0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0xAD, 0x200B, 0xFEFF):
            continue
        if u == 0xFFFD or u < 0x20 or 0xE000 <= u <= 0xF8FF or u > 0x10FFFF or R.FPDFText_HasUnicodeMapError(tp, i) == 1:
            stats.unmapped += 1
            continue
        ch = chr(u)
        if 0x2E80 <= u <= 0x2FDF:
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded != ch:
                ch = folded
                stats.radicals += 1
        if not R.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
            continue
        size = R.FPDFText_GetFontSize(tp, i) or abs(rect.top - rect.bottom)
        if not all(map(math.isfinite, (rect.left, rect.right, rect.top, rect.bottom, size, height))):
            stats.unmapped += 1  # a NaN or infinite position (a broken text matrix): it has no place on the page
            continue
        stats.chars += 1
        out.append(Char(ch, rect.left, rect.right, height - rect.top, height - rect.bottom, size))
    return out


def _rules(page, height: float):
    """Thin drawn paths (cell borders) as rules, and the number of images on the page. Walks the
    raw object list: pypdfium2's object wrappers cost more than the rest of the page (Chromium
    writes every text run as its own object)."""
    import pypdfium2.raw as R
    boxes: list[tuple[float, float, float, float]] = []
    images = 0
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    l_, b_, r_, t_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()

    def walk(count, get, depth: int) -> None:
        nonlocal images
        for i in range(count):
            obj = get(i)
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == R.FPDF_PAGEOBJ_FORM and depth < 4:
                walk(R.FPDFFormObj_CountObjects(obj), lambda j, o=obj: R.FPDFFormObj_GetObject(o, j), depth + 1)
            elif kind == R.FPDF_PAGEOBJ_PATH:
                if not R.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or \
                        (fill.value == 0 and not stroke.value):
                    continue
                if not R.FPDFPageObj_GetBounds(obj, ctypes.byref(l_), ctypes.byref(b_), ctypes.byref(r_), ctypes.byref(t_)):
                    continue
                x0, x1, y0, y1 = l_.value, r_.value, height - t_.value, height - b_.value
                if stroke.value and x1 - x0 > 3 and y1 - y0 > 3 and R.FPDFPath_CountSegments(obj) in (4, 5):
                    boxes.extend([(x0, x1, y0, y0), (x0, x1, y1, y1), (x0, x0, y0, y1), (x1, x1, y0, y1)])
                else:
                    boxes.append((x0, x1, y0, y1))

    raw_page = page.raw
    walk(R.FPDFPage_CountObjects(raw_page), lambda i: R.FPDFPage_GetObject(raw_page, i), 0)
    return rules(boxes), images


def _write(pages: list[_PageContent]) -> tuple[str, list[tuple[int, int]]]:
    """Lines and tables in page order -> text, and each page's [start, end) in it."""
    body = [ln for p in pages for ln in p.lines]
    m = margins(body)
    out = TextBuilder()
    spans: list[list[int]] = [[-1, -1] for _ in pages]
    para: list[tuple[str, int]] = []
    prev: Line | None = None

    def mark(page: int, start: int, end: int) -> None:
        span = spans[page]
        span[0] = start if span[0] < 0 else span[0]
        span[1] = end

    def flush() -> None:
        if not para:
            return
        out.end_line()
        for piece, page in para:
            start = out.pos
            out.fragment(piece)
            mark(page, start, out.pos)
        out.end_line()
        para.clear()

    for index, page in enumerate(pages):
        items = sorted([*page.lines, *page.tables], key=lambda it: it.top)
        if not items:  # a page without text ends any paragraph
            flush()
            prev = None
            spans[index] = [out.pos, out.pos]
        for item in items:
            if isinstance(item, Table):
                flush()
                prev = None
                start = out.pos
                out.table([list(r) for r in item.rows])
                mark(index, start, out.pos)
                continue
            if starts_paragraph(prev, item, m, same_page=prev is None or prev.page == item.page):
                flush()
            elif para and join_fragments(para[-1][0], item.text) != para[-1][0] + item.text:
                para.append((" ", index))
            para.append((item.text, index))
            prev = item
    flush()
    return out.text(), [(s, e) for s, e in spans]
