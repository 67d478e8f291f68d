"""Read a plan's lines, part by part, into sections, domains and provision blocks.

A line that starts no new unit continues the current one, which is how PDF hard breaks inside
an item are absorbed. Offsets here are normalised; build.py maps them to the source.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.infer import DOC_NUMBER
from extractors.offsets import OffsetText
from extractors.segmenting.lines import ANNEX, TOC_ENTRY, Line, is_table_header_row, row_cells
from extractors.segmenting.lists import ItemList, Sequence, chain_clauses
from extractors.segmenting.markers import HEADING_STYLES, LABELLED_ITEMS
from extractors.segmenting.outline import STRUCTURE, TABLE_TITLE, Part, classify, is_domain_title, read_head

PREFACE_HEAD = regex.compile(r"^(?:前\s*言|目\s*录)$")
_CAPTION = regex.compile(r"^(?:附\s*)?表\s*\d{1,2}(?![\d.%‰])[^。；，]{0,40}$")
PREFACE_GLUED = regex.compile(r"^前\s*言(?=\p{Han})")
# Lines of the front matter that are no text of the preamble: the plan's period under a title printed
# on two lines (（2021—2035年）), and a table of contents' entries (第一章　发展基础……1).
_PERIOD_LINE = regex.compile(r"^[（(]\s*\d{4}\s*[-—－–~～至]+\s*\d{4}\s*年?\s*[）)]$")
SENTENCE_END = "。！？；：:;!?”」』"
_FULL_STOPS = "。！？!?”」』"
_UNITS_OPEN = regex.compile(r"[（(]\s*牵头单位")
_UNITS_CLOSED = regex.compile(r"[)）]\s*$")
# 指导思想 / 【基本原则】 / 总体目标：… printed without a number.
_BARE_GENERAL = regex.compile(r"^[【\[]?(指导思想|基本原则|总体目标|发展目标)[】\]]?(?:[。：:]|$)")
_CHAPTER_ITEMS = {"projects": "project", "implementation": "implementation", "monitoring": "monitoring"}
PARAGRAPH, CHAIN = "paragraph", "chain"  # styles of unnumbered lists
_PART_IS_DOMAIN = "part"  # domain style when each domain is a part of its own (第二章 儿童与健康)


def _general_section(title: str) -> str:
    """A general part titled as one of its sections (三、总体目标) is that section until a sub-heading."""
    kinds = [kind for kind, words in STRUCTURE["general_sections"] if any(w in title for w in words)]
    return kinds[0] if len(kinds) == 1 else "general"


@dataclass
class Block:
    """A unit being collected: its kind, number and normalised span."""
    kind: str
    ordinal: int
    start: int
    end: int
    domain: int | None = None


@dataclass
class DomainHead:
    ordinal: int
    head_start: int
    head_end: int
    end: int
    raw_title: str


@dataclass
class ListRecord:
    """One goal or measure list, kept so its numbering gaps can be reported."""
    domain: int
    kind: str
    items: ItemList


@dataclass
class Walk:
    """What a plan's walk collected, in normalised offsets."""
    blocks: list[Block] = field(default_factory=list)
    sections: list[list] = field(default_factory=list)  # [kind, title, start, end]; end -1 while open
    domains: list[DomainHead] = field(default_factory=list)
    tables: list[list[list[Line]]] = field(default_factory=list)
    lists: list[ListRecord] = field(default_factory=list)
    domain_seq: Sequence = field(default_factory=Sequence)
    end: int = 0  # end of the last line read


class PlanWalker:
    def __init__(self, nd: OffsetText, subject: str | None, start: int, title_start: int | None,
                 part_style: str | None):
        self.nd = nd
        self.subject = subject
        self.title_start = title_start
        self.part_style = part_style
        self.out = Walk(end=start)
        self.out.sections.append(["preamble", None, start, -1])
        self.part: Part | None = None
        self.section_kind = "preamble"
        self.items = ItemList()
        self.mode: str | None = None  # goal / measure inside a domain
        self.current: Block | None = None
        self.list_blocks: list[Block] = []  # blocks of the current unnumbered list
        self.units_open = False  # a domain heading whose （牵头单位… has not closed yet
        self.table: list[list[Line]] | None = None
        self.domain_style: str | None = None
        self.ordinals: dict[str, int] = {}
        self.captions: set[int] = set()
        self.chapter_paragraphs = False  # the current chapter (implementation, monitoring …) has paragraphs as items

    # -- driving ---------------------------------------------------------------------------
    def walk(self, parts: list[Part]) -> Walk:
        handlers = {"preamble": self._preamble, "general": self._general, "domains": self._domains,
                    "domain": self._domains, "other": lambda ln: None}
        for part in parts:
            self._enter(part)
            handler = handlers.get(part.kind, self._chapter)
            self.captions = self._captions(part.lines)
            for ln in part.lines:
                if self._consumed(ln):
                    continue
                handler(ln)
                self.out.end = ln.end
        self._end_table()
        self._close_section(self.out.end)
        return self.out

    def _consumed(self, ln: Line) -> bool:
        """Lines taken before the part's handler sees them: blanks, the title, the rest of a
        domain heading's unit list, table cells, a table title."""
        if ln.empty_cell and self.table is not None:
            self.table[-1].append(ln)  # a merged or empty cell keeps its column
            return True
        if not ln.text:
            if self.table is not None and self.table[-1]:
                self.table.append([])
            return True
        if ln.start == self.title_start:
            self.out.end = ln.end
            return True
        if self.units_open and self.out.domains:
            self._continue_units(ln)
        elif self.table is not None and self.nd.text[ln.start - 1:ln.start] == "\t":
            self.table[-1].append(ln)
        elif self.table is not None and "\t" in ln.text:
            self.table.append(row_cells(ln))  # a row printed on one line, its cells separated by tabs
        elif ANNEX.match(ln.text):
            self._end_table()
            self.current = None  # 附件 labels what follows; it continues no paragraph
        else:
            self._end_table()
            if is_table_header_row(ln.text):
                self._open_section("indicator_table", None, ln.start)
                self.table = [row_cells(ln)]
            elif self.part.kind != "preamble" and (TABLE_TITLE.search(ln.text) and len(ln.text) < 40
                                                  or ln.start in self.captions):
                self._open_section("indicator_table", ln.text, ln.start)
                self.table = [[]]
            else:
                return False
            self.current = None
        self.out.end = ln.end
        return True

    def _captions(self, lines: list[Line]) -> set[int]:
        """Where a numbered caption (表2　各级女干部比例目标) stands right above a flattened table's first cell."""
        return {ln.start for ln, nxt in zip(lines, lines[1:])
                if _CAPTION.match(ln.text) and nxt.start > 0 and self.nd.text[nxt.start - 1] == "\t"}

    def _enter(self, part: Part) -> None:
        self.part = part
        self._end_table()
        self.units_open = False
        self.current, self.mode, self.items, self.list_blocks = None, None, ItemList(), []
        self.chapter_paragraphs = False
        if part.head is None:
            return
        self.section_kind = _general_section(part.title) if part.kind == "general" else part.kind
        if part.kind == "domain":
            self._enter_domain_part(part)
        else:
            self._open_section(self.section_kind, part.title, part.head.start)  # 一、指导思想 is guiding_thought
            self.domain_style = None
        self.out.end = part.head.end

    def _enter_domain_part(self, part: Part) -> None:
        """A part that is itself a domain: one domains section holds the run of such parts."""
        if self.domain_style != _PART_IS_DOMAIN:
            self._open_section("domains", None, part.head.start)
            self.domain_style = _PART_IS_DOMAIN
        self.out.domain_seq.accept(self.out.domain_seq.last + 1)
        self._open_domain(self.out.domain_seq.last, part.head)

    # -- sections and blocks -----------------------------------------------------------------
    def _close_section(self, at: int) -> None:
        if self.out.sections and self.out.sections[-1][3] == -1:
            self.out.sections[-1][3] = at

    def _open_section(self, kind: str, title: str | None, start: int) -> None:
        self._close_section(self.out.end)
        self.out.sections.append([kind, title, start, -1])
        self.chapter_paragraphs = False

    def _end_table(self) -> None:
        """Close an open table: its section ends at its last cell."""
        if self.table is not None:
            self.out.tables.append([g for g in self.table if g])
            self._close_section(self.out.end)
            self.table = None

    def _new_block(self, kind: str, ordinal: int | None, start: int, end: int, domain: int | None = None) -> Block:
        if ordinal is None:
            ordinal = self.ordinals.get(kind, 0) + 1
        self.ordinals[kind] = max(self.ordinals.get(kind, 0), ordinal)
        self.current = Block(kind, ordinal, start, end, domain)
        self.out.blocks.append(self.current)
        return self.current

    def _ended(self, block: Block, stops: str | None = None) -> bool:
        return self.nd.text[block.end - 1] in (stops or SENTENCE_END)

    def _paragraph(self, kind: str, ln: Line, stops: str | None = None) -> Block:
        """Paragraphs: a line continues the previous one when that one stopped mid-sentence (PDF);
        `stops`: the characters that end one (default SENTENCE_END)."""
        cur = self.current
        if cur is not None and cur.kind == kind and not self._ended(cur, stops):
            cur.end = ln.end
            return cur
        return self._new_block(kind, None, ln.start, ln.end)

    def _extend(self, ln: Line) -> None:
        if self.current is not None:
            self.current.end = ln.end

    # -- the preamble and the general part -----------------------------------------------------
    def _preamble(self, ln: Line) -> None:
        if PREFACE_HEAD.match(ln.text) or DOC_NUMBER.match(ln.text) or _PERIOD_LINE.match(ln.text) \
                or TOC_ENTRY.search(ln.text):
            self.current = None  # a heading, the document number, a contents line: no text of the preamble
            return
        glued = PREFACE_GLUED.match(ln.text)  # 前言儿童是国家的未来…: a PDF reader joined the heading to its text
        if glued:
            self.current = None
            ln = ln.tail(glued.end())
        # (a preamble's sentence may be broken after its ；, by a <br> or a PDF line: it reads on)
        self.current = self._paragraph("preamble", ln, _FULL_STOPS)

    def _general(self, ln: Line) -> None:
        if self._general_heading(ln):
            return
        if self.section_kind == "principles":
            if ln.marker and self.items.accept_marker(ln.marker):
                self._new_block("principle", None if self.chapter_paragraphs else self.items.last, ln.body_start,
                                ln.end)
            elif not self.items.last and (self.chapter_paragraphs or self.current is None):
                # principles written as a paragraph (一是坚持党的全面领导…；二是…): the paragraph is one
                self.chapter_paragraphs = True
                self.current = self._paragraph("principle", ln)
            else:
                self._extend(ln)
        elif self.section_kind == "overall_goal":
            self.current = self._paragraph("overall_goal", ln)

    def _general_heading(self, ln: Line) -> bool:
        """（一）指导思想 / 1.基本原则 / 总体目标：… opens a sub-section of the general part."""
        m = ln.marker
        if m and self.section_kind == "principles" and self.items.continues_marker(m):
            return False
        if m:
            rest = ln.body
            kind = classify(rest[:8], STRUCTURE["general_sections"])
            title = rest.split("。")[0].rstrip("。：: ")
            inline = rest.split("。", 1)[1] if "。" in rest[:8] else ""
        else:
            bare = _BARE_GENERAL.match(ln.text)
            if not bare:
                return False
            kind = classify(bare.group(1), STRUCTURE["general_sections"])
            title, inline = bare.group(1), ln.text[bare.end():]
        if not kind:
            return False
        self.section_kind = kind
        self._open_section(kind, title, ln.start)
        self.items, self.current = ItemList(), None
        if inline.strip() and kind == "overall_goal":
            self._new_block("overall_goal", None, ln.end - len(inline), ln.end)
        return True

    # -- domains ---------------------------------------------------------------------------------
    def _domains(self, ln: Line) -> None:
        if self._domain_heading(ln):
            return
        if not self.out.domains:
            return  # text before the first domain
        self.out.domains[-1].end = ln.end
        if ln.marker and ln.marker.style in LABELLED_ITEMS:
            self._labelled_item(ln)
            return
        head = read_head(ln)
        if head is None or self._numbered_item(ln, head[1]):
            self._list_line(ln)
            return
        self.mode, rest = head
        self.items, self.current, self.list_blocks = ItemList(), None, []
        self.out.lists.append(ListRecord(self.out.domains[-1].ordinal, self.mode, self.items))
        if rest < len(ln.text):
            self._list_line(ln.tail(rest))

    def _labelled_item(self, ln: Line) -> None:
        """目标1：… / 措施1：…: each item names its list; the first of a kind opens that list."""
        mode = LABELLED_ITEMS[ln.marker.style]
        if self.mode != mode:
            self.mode = mode
            self.items, self.current, self.list_blocks = ItemList(), None, []
            self.out.lists.append(ListRecord(self.out.domains[-1].ordinal, self.mode, self.items))
        self._list_line(ln)

    def _numbered_item(self, ln: Line, rest: int) -> bool:
        """（5）具体措施：建立… continuing the list is its next item, not a head with text on its line."""
        m = ln.marker
        return m is not None and rest < len(ln.text) and bool(self.mode) and self.items.continues_marker(m)

    def _domain_heading(self, ln: Line) -> bool:
        m = ln.marker
        if (m is None or not ln.body or m.style == self.part_style or self.domain_style == _PART_IS_DOMAIN
                or read_head(ln)):
            return False
        seq = self.out.domain_seq
        if self.domain_style is None:
            if m.number > 2 or not (m.style in HEADING_STYLES or is_domain_title(ln.body, False, self.subject)):
                return False
            self.domain_style = m.style
        elif m.style != self.domain_style or not seq.continues(m.number):
            return False
        elif self.mode and self.items.continues_marker(m) and not is_domain_title(ln.body, True, self.subject):
            return False  # the same style numbers the items: the next item, not the next domain
        seq.accept(m.number)
        self._open_domain(m.number, ln)
        return True

    def _open_domain(self, ordinal: int, ln: Line) -> None:
        body = ln.body
        self.out.domains.append(DomainHead(ordinal, ln.body_start, ln.end, ln.end, body))
        self.units_open = bool(_UNITS_OPEN.search(body)) and not _UNITS_CLOSED.search(body)
        self.items, self.mode, self.current, self.list_blocks = ItemList(), None, None, []

    def _continue_units(self, ln: Line) -> None:
        d = self.out.domains[-1]
        d.raw_title += ln.text
        d.head_end = ln.end
        if ")" in ln.text or "）" in ln.text:
            self.units_open = False

    def _list_line(self, ln: Line) -> None:
        """A line inside a domain: a numbered item, an unnumbered paragraph or 一是 clause, or
        the continuation of the current item."""
        m = ln.marker
        if not self.mode:
            self._extend(ln)
        elif m and m.number == 1 and self.items.style == PARAGRAPH and len(self.list_blocks) == 1:
            self._restart_numbered()
            self._list_line(ln)
        elif m and self.items.accept_marker(m):
            self._new_block(self.mode, self.items.last, ln.body_start, ln.end, self.out.domains[-1].ordinal)
        elif self.items.style in (None, PARAGRAPH, CHAIN):
            self._unnumbered(ln)
        else:
            self._extend(ln)

    def _restart_numbered(self) -> None:
        """One paragraph followed by an item 1 was the list's introduction: the list is numbered.
        (After two or more paragraphs, a 1 starts a sub-list inside the last one.)"""
        for b in self.list_blocks:
            self.out.blocks.remove(b)
        self.items.style, self.items.last, self.items.gaps[:] = None, 0, []
        self.current, self.list_blocks = None, []

    def _unnumbered(self, ln: Line) -> None:
        """Lists printed without numbers: one paragraph per item, or one 一是 clause per item when
        the chain opens the list. A chain after an item elaborates that item and stays in it."""
        items, cur = self.items, self.current
        if items.style == CHAIN:
            clauses = chain_clauses(ln.text, items.last + 1)
            if clauses:
                self._chain(ln, clauses)
            else:
                self._extend(ln)
        elif cur is not None and (not self._ended(cur) or chain_clauses(ln.text)):
            cur.end = ln.end
        elif items.last == 0 and (clauses := chain_clauses(ln.text)):
            items.style = CHAIN
            self._chain(ln, clauses)
        elif items.last == 0 and ln.text.endswith(("：", ":")):
            pass  # an introduction announcing the list (到2025年，实现以下目标：)
        else:
            n = items.next_unnumbered(PARAGRAPH)
            self.list_blocks.append(self._new_block(self.mode, n, ln.start, ln.end, self.out.domains[-1].ordinal))

    def _chain(self, ln: Line, clauses: list[tuple[int, int, int]]) -> None:
        for n, a, b in clauses:
            self.items.last = n
            self._new_block(self.mode, n, ln.start + a, ln.start + b, self.out.domains[-1].ordinal)

    # -- projects, implementation, monitoring ---------------------------------------------------
    def _chapter(self, ln: Line) -> None:
        kind = _CHAPTER_ITEMS[self.part.kind]
        m = ln.marker
        if m and self.items.accept_marker(m):
            # (after paragraphs of its own, a chapter's items are numbered on from them)
            self._new_block(kind, None if self.chapter_paragraphs else self.items.last, ln.body_start, ln.end)
        elif not self.items.last and (self.chapter_paragraphs or not self.ordinals.get(kind)):
            # a chapter written as paragraphs (监测评估: 建立健全规划监测评估制度…): each is one of its kind
            self.chapter_paragraphs = True
            self.current = self._paragraph(kind, ln)
        else:
            self._extend(ln)
