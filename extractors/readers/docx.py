""".docx -> plan text with python-docx: body paragraphs and tables in order, with Word's automatic
list numbers written back in front of their paragraphs.

python-docx parses the package (after extractors.readers.ooxml_guard has checked it); the text of
a paragraph is collected here from its runs rather than with Paragraph.text, because that would
also take deleted revisions (w:del is not its concern) and text boxes' paragraphs, and hidden text.
Headers, footers, comments and footnotes are not the plan's body and are left out.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from extractors.errors import QuarantineError
from extractors.readers.numbering import W, Counters, Label, parse_definitions
from extractors.readers.numformat import CHINESE_FORMATS, ENCLOSED_DECIMAL
from extractors.readers.ooxml_guard import check_package
from extractors.readers.textbuild import TextBuilder, join_fragments

# Subtrees whose text is not printed in the body (deleted or moved-away revisions, text boxes and
# their VML fallbacks, field instructions are w:instrText and are simply not collected).
_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", W + "footnoteReference", W + "endnoteReference",
         W + "commentReference", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_BREAKS = {W + "br", W + "cr"}


@dataclass
class _Styles:
    num_pr: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    based_on: dict[str, str] = field(default_factory=dict)
    outline: dict[str, int] = field(default_factory=dict)  # heading styles' outline level
    default: str | None = None

    def chain(self, style_id: str | None):
        seen = set()
        sid = style_id or self.default
        while sid and sid not in seen and len(seen) < 20:
            seen.add(sid)
            yield sid
            sid = self.based_on.get(sid)

    def numbering(self, style_id: str | None) -> tuple[int | None, int | None, str | None]:
        for sid in self.chain(style_id):
            if sid in self.num_pr:
                num, ilvl = self.num_pr[sid]
                return num, ilvl, sid
        return None, None, None


def read_docx(raw: bytes):
    from extractors.readers import ReadDocument
    from extractors.readers.sniff import DOCX

    check_package(raw)
    try:
        import docx
        document = docx.Document(io.BytesIO(raw))
        body = document.element.body
        styles = _read_styles(document.styles.element)
        numbering_root = _numbering_root(document)
    except QuarantineError:
        raise
    except Exception as e:  # python-docx, lxml and zipfile raise many types on damaged packages
        raise QuarantineError(f"not a readable .docx: {type(e).__name__}: {e}") from None
    reader = _BodyReader(styles, Counters(parse_definitions(numbering_root, _style_nums(styles))))
    reader.block(body)
    return ReadDocument(text=reader.out.text(), media_type=DOCX, encoding=None, had_bom=False,
                        notes=tuple(reader.notes()))


def _numbering_root(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _int(v) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _read_styles(root) -> _Styles:
    st = _Styles()
    for s in root.iterfind(W + "style"):
        sid = s.get(W + "styleId")
        if not sid:
            continue
        if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true"):
            st.default = sid
        based = s.find(W + "basedOn")
        if based is not None and based.get(W + "val"):
            st.based_on[sid] = based.get(W + "val")
        ppr = s.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            st.num_pr[sid] = (_int(_attr(num_pr, "numId")), _int(_attr(num_pr, "ilvl")))
        outline = ppr.find(W + "outlineLvl") if ppr is not None else None
        if outline is not None and _int(outline.get(W + "val")) is not None:
            st.outline[sid] = _int(outline.get(W + "val"))
    return st


def _style_nums(styles: _Styles) -> dict[str, int]:
    return {sid: num for sid, (num, _) in styles.num_pr.items() if num is not None}


def _attr(el, tag: str) -> str | None:
    child = el.find(W + tag)
    return child.get(W + "val") if child is not None else None


class _BodyReader:
    def __init__(self, styles: _Styles, counters: Counters) -> None:
        self.styles = styles
        self.counters = counters
        self.out = TextBuilder()
        self.prev_family: str | None = None   # number family of the previous paragraph
        self.run_key: tuple[int, int] | None = None
        self.run_converted = False
        self.stats = {"numbered": 0, "converted": 0, "bullets": 0, "empty_numbered": 0, "text_boxes": 0,
                      "tables": 0}

    def block(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                line = self.paragraph(child)
                if line is not None:
                    self.out.paragraph(line)
            elif tag == W + "tbl":
                self.table(child)
            elif tag in (W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
                self.block(child)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.block(content)

    def paragraph(self, p) -> str | None:
        text = self._text(p)
        label = self._label(p)
        if label is None:
            self.prev_family = "heading" if self._is_heading(p) else None
            self.run_key = None
            return text
        self.stats["numbered"] += 1
        if not text.strip():
            self.stats["empty_numbered"] += 1
            return None
        marker = self._marker(label)
        return marker + text

    def _marker(self, label: Label) -> str:
        family = "chinese" if label.fmt in CHINESE_FORMATS else label.fmt
        key = (label.abstract, label.ilvl)
        if label.fmt == "bullet":
            self.stats["bullets"] += 1
            self.prev_family, self.run_key = "bullet", key
            return ""
        if label.fmt in ENCLOSED_DECIMAL:
            # The segmenter reads 1. and （1） as items but not ① ⑴ ⒈. A list of them that numbers
            # the items of a section (it follows an unnumbered line or a 一、/（一） heading) is
            # written in the conventional form; one nested under a numbered item stays as Word
            # shows it, so its numbers cannot be taken for the parent list's.
            if key != self.run_key:
                self.run_converted = self.prev_family in (None, "heading", "chinese")
            self.prev_family, self.run_key = family, key
            if self.run_converted:
                self.stats["converted"] += 1
                return _conventional(label)
            return label.text
        self.prev_family, self.run_key = family, key
        return label.text

    def _label(self, p) -> Label | None:
        ppr = p.find(W + "pPr")
        style_id = _attr(ppr, "pStyle") if ppr is not None else None
        direct = ppr.find(W + "numPr") if ppr is not None else None
        d_num = _int(_attr(direct, "numId")) if direct is not None else None
        d_ilvl = _int(_attr(direct, "ilvl")) if direct is not None else None
        s_num, s_ilvl, s_style = self.styles.numbering(style_id)
        num_id = d_num if d_num is not None else s_num
        if not num_id:
            return None
        ilvl = d_ilvl if d_ilvl is not None else (s_ilvl if d_num is None else None)
        if ilvl is None:
            ilvl = next((lv for sid in self.styles.chain(style_id)
                         if (lv := self.counters.defs.level_for_style(num_id, sid)) is not None), 0)
        return self.counters.next(num_id, ilvl)

    def _is_heading(self, p) -> bool:
        ppr = p.find(W + "pPr")
        style_id = _attr(ppr, "pStyle") if ppr is not None else None
        return any(sid in self.styles.outline for sid in self.styles.chain(style_id)) if style_id else False

    def _text(self, p) -> str:
        parts: list[str] = []
        self._collect(p, parts)
        return "".join(parts)

    def _collect(self, el, parts: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                if tag == W + "txbxContent":
                    self.stats["text_boxes"] += 1
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag in _BREAKS:
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                ch = _hex(child.get(W + "char"))
                if ch and not 0xE000 <= ch <= 0xF8FF and ch < 0x110000:  # Symbol-font private-use glyphs: unreadable
                    parts.append(chr(ch))
            elif tag == W + "r" and _hidden(child):
                continue
            elif tag == W + "p":  # a paragraph inside a content control within a paragraph: rare
                parts.append("\n")
                self._collect(child, parts)
            else:
                self._collect(child, parts)

    def table(self, tbl) -> None:
        self.stats["tables"] += 1
        rows = []
        for tr in tbl.iter(W + "tr"):
            if _ancestor_table(tr) is not tbl:
                continue
            cells = []
            for tc in tr.iter(W + "tc"):
                if tc.getparent() is None or _ancestor_row(tc) is not tr:
                    continue
                # a merged cell is printed once: the cells it spans below (vMerge) and to its right
                # (gridSpan) are written empty, so every row keeps the table's columns (as the HTML
                # reader gets them from trafilatura: a colspan or rowspan leaves empty cells)
                cells.append("" if _continues_vertical_merge(tc) else self._cell_text(tc))
                cells.extend([""] * (_grid_span(tc) - 1))
            rows.append(cells)
        self.out.table(rows)
        self.prev_family, self.run_key = None, None

    def _cell_text(self, tc) -> str:
        text = ""
        for p in tc.iter(W + "p"):
            line = self.paragraph(p)
            if line:
                text = join_fragments(text, line.replace("\n", "").replace("\t", "").strip())
        return text

    def notes(self) -> list[str]:
        s = self.stats
        out = []
        if s["numbered"]:
            out.append(f"{s['numbered']} paragraphs carry Word automatic numbering; their numbers are written "
                       "at the start of the line")
        if s["converted"]:
            out.append(f"{s['converted']} items numbered ①/⑴/⒈ by Word are written as （1）/1. so the segmenter "
                       "reads them as items")
        if s["bullets"]:
            out.append(f"{s['bullets']} bullet glyphs dropped")
        if s["empty_numbered"]:
            out.append(f"{s['empty_numbered']} empty numbered paragraphs dropped")
        if s["text_boxes"]:
            out.append(f"{s['text_boxes']} text boxes left out")
        if s["tables"]:
            out.append(f"{s['tables']} tables flattened to one tab-indented line per cell")
        if self.counters.unknown_formats:
            out.append("number formats written as decimal: " + ", ".join(sorted(self.counters.unknown_formats)))
        return out


def _hex(v: str | None) -> int | None:
    try:
        return int(v or "", 16)
    except ValueError:
        return None


def _conventional(label: Label) -> str:
    return f"{label.value}." if label.fmt == "decimalEnclosedFullstop" else f"（{label.value}）"


def _hidden(run) -> bool:
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    for tag in ("vanish", "webHidden"):
        el = rpr.find(W + tag)
        if el is not None and el.get(W + "val") not in ("0", "false", "off"):
            return True
    return False


def _ancestor_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _ancestor_row(el):
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tr":
        parent = parent.getparent()
    return parent


def _grid_span(tc) -> int:
    tcpr = tc.find(W + "tcPr")
    span = tcpr.find(W + "gridSpan") if tcpr is not None else None
    n = _int(span.get(W + "val")) if span is not None else None
    return min(n, 64) if n and n > 1 else 1


def _continues_vertical_merge(tc) -> bool:
    tcpr = tc.find(W + "tcPr")
    vm = tcpr.find(W + "vMerge") if tcpr is not None else None
    return vm is not None and vm.get(W + "val") in (None, "continue")
