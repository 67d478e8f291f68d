"""Segment a normalised plan document into plans, sections, domains and numbered provisions.

Line-based: the plans share a printed skeleton (一、 parts; （一） domains or chapter items;
主要目标 / 策略措施 sub-heads; numbered items 1. / （1） / (1)). A line that starts no new unit
continues the current one, which is how PDF hard breaks inside an item are absorbed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

import regex

from extractors.errors import SegmentationError
from extractors.infer import infer_meta, find_plan_titles
from extractors.normalise import join_lines, normalise
from extractors.offsets import OffsetText
from extractors.records import Domain, Provision, Section, SegmentedPlan, TableCell

_RULES = resources.files("extractors") / "rules"
_STRUCTURE = json.loads((_RULES / "structure.json").read_text(encoding="utf-8"))
_DOMAIN_CODES = json.loads((_RULES / "domains.json").read_text(encoding="utf-8"))

CN_DIGITS = "一二三四五六七八九十"
PART = regex.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
SUB = regex.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$")
GOALS_HEAD = regex.compile(r"^(?:\d{1,2}[.、]\s*)?主要目标[。：:．.]?$")
MEASURES_HEAD = regex.compile(r"^(?:\d{1,2}[.、]\s*)?(?:策略措施|主要措施)[。：:．.]?$")
# "5.3岁以下…" is item 5 whose text starts with an age: the ordinal is the digits before the
# first point, never a decimal. Sequence checks in _ItemList reject numbers that break the run.
ITEM = regex.compile(r"^(?:(\d{1,2})[.、]|[（(](\d{1,2})[）)])\s*")
PREFACE_HEAD = regex.compile(r"^前\s*言$")
TRAILER = regex.compile(r"^(?:抄送[：:]|（?\(?共\d+份|\S*印发$)")
TABLE_TITLE = regex.compile(r"指标.*表$")
UNITS = regex.compile(r"[（(]\s*(牵头单位[^）)]*)[）)]?\s*$")
SENTENCE_END = "。！？；：:;!?”」』"


def cn_ordinal(s: str) -> int:
    """一..九十九 to int (only what chapter numbering uses)."""
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(s) + 1


def classify(title: str, table: list) -> str | None:
    for kind, words in table:
        if any(w in title for w in words):
            return kind
    return None


def domain_code(title: str, subject: str | None) -> str | None:
    """The fixed-vocabulary code of a domain title; None rather than a guess."""
    vocab = _DOMAIN_CODES.get(subject or "", {})
    hits = [(len(k), code) for k, code in vocab.items() if k in title]
    return max(hits)[1] if hits else None


@dataclass
class _Line:
    start: int  # normalised offsets of the line's content
    end: int
    text: str


@dataclass
class _Block:
    """A unit being collected: its first content offset and the lines that continue it."""
    kind: str
    ordinal: int
    start: int
    end: int
    domain: int | None = None
    is_cell: bool = False


@dataclass
class _DomainAcc:
    ordinal: int
    head_start: int
    head_end: int
    end: int
    raw_title: str


@dataclass
class _PlanBuilder:
    nd: OffsetText
    subject: str | None
    blocks: list[_Block] = field(default_factory=list)
    sections: list[tuple[str, str | None, int, int]] = field(default_factory=list)
    domains: list[_DomainAcc] = field(default_factory=list)
    tables: list[list[list[_Line]]] = field(default_factory=list)


def lines_of(nd: OffsetText, start: int, end: int) -> list[_Line]:
    """Lines of nd[start:end] with normalised offsets; blank lines kept as empty _Line."""
    out = []
    pos = start
    for raw in nd.text[start:end].split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        content = raw.lstrip("\t")
        out.append(_Line(b - len(content), b, content) if content.strip() else _Line(a, a, ""))
    return out


class _ItemList:
    """Numbered items of one list; a number that breaks the run is text, not a new item."""

    def __init__(self) -> None:
        self.last = 0

    def accept(self, n: int) -> bool:
        if self.last < n <= self.last + 2 or (n == 1 and self.last == 0):
            self.last = n
            return True
        return False


def segment_document(text: str) -> list[SegmentedPlan]:
    """Split a decoded document into its plans and segment each."""
    nd = normalise(text)
    all_lines = lines_of(nd, 0, len(nd.text))
    titles = find_plan_titles([(ln.start, ln.text) for ln in all_lines])
    trailer = next((ln.start for ln in all_lines if TRAILER.match(ln.text)
                    and ln.start > (titles[-1][0] if titles else 0)), len(nd.text))
    if titles:
        starts = [t[0] for t in titles]
    else:
        first = next((ln.start for ln in all_lines if ln.text.strip()), None)
        if first is None:
            raise SegmentationError("no text")
        starts = [first]
    plans = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else trailer
        plans.append(_segment_plan(nd, i, start, end, titles[i][1] if titles else None))
    return plans


def _segment_plan(nd: OffsetText, index: int, start: int, end: int, title: str | None) -> SegmentedPlan:
    lines = [ln for ln in lines_of(nd, start, end)]
    while lines and not lines[-1].text:
        lines.pop()
    plan_text = nd.text[start:end]
    meta = infer_meta(plan_text, title)
    b = _PlanBuilder(nd, meta.subject)
    part_kind = "preamble"
    section_kind = "preamble"
    items = _ItemList()
    mode = None  # goal / measure inside a domain
    current: _Block | None = None
    part_title_line = None
    open_units = False  # a domain heading whose （牵头单位… has not closed yet
    table: list[list[_Line]] | None = None
    ordinals: dict[str, int] = {}

    def new_block(kind: str, ordinal: int | None, s: int, e: int, domain: int | None = None) -> _Block:
        nonlocal current
        if ordinal is None:
            ordinal = ordinals.get(kind, 0) + 1
        ordinals[kind] = max(ordinals.get(kind, 0), ordinal)
        current = _Block(kind, ordinal, s, e, domain)
        b.blocks.append(current)
        return current

    def close_section(at: int) -> None:
        if b.sections and b.sections[-1][3] == -1:
            k, t, s, _ = b.sections[-1]
            b.sections[-1] = (k, t, s, at)

    def open_section(kind: str, title_text: str | None, s: int) -> None:
        close_section(prev_end)
        b.sections.append((kind, title_text, s, -1))

    prev_end = start
    b.sections.append(("preamble", None, start, -1))
    for ln in lines:
        t = ln.text
        if not t:
            if table is not None and table[-1]:
                table.append([])
            continue
        if title and ln.start == start:
            prev_end = ln.end
            continue
        if open_units and b.domains:
            d = b.domains[-1]
            d.raw_title += t
            d.head_end = ln.end
            prev_end = ln.end
            if ")" in t or "）" in t:
                open_units = False
            continue
        if table is not None:
            if nd.text[ln.start - 1:ln.start] == "\t":
                table[-1].append(ln)
                prev_end = ln.end
                continue
            b.tables.append([g for g in table if g])
            close_section(prev_end)
            table = None
        m = PART.match(t)
        if m:
            current = None
            part_title_line = m.group(2)
            part_kind = classify(part_title_line, _STRUCTURE["part_kinds"]) or "other"
            open_section(part_kind, part_title_line.rstrip("。 "), ln.start)
            section_kind = part_kind
            items = _ItemList()
            mode = None
            prev_end = ln.end
            continue
        if part_kind == "preamble":
            if PREFACE_HEAD.match(t):
                prev_end = ln.end
                continue
            current = _paragraph(b, current, new_block, "preamble", ln, nd)
            prev_end = ln.end
            continue
        if TABLE_TITLE.search(t) and len(t) < 40:
            open_section("indicator_table", t, ln.start)
            table = [[]]
            current = None
            prev_end = ln.end
            continue
        m = SUB.match(t)
        if m:
            n, rest = cn_ordinal(m.group(1)), m.group(2)
            body_start = ln.start + m.start(2)
            if part_kind == "general":
                kind = classify(rest[:8], _STRUCTURE["general_sections"])
                if kind:
                    section_kind = kind
                    open_section(kind, rest.split("。")[0].rstrip("。：: "), ln.start)
                    items = _ItemList()
                    current = None
                    inline = rest.split("。", 1)[1] if "。" in rest[:8] else ""
                    if inline.strip() and kind == "overall_goal":
                        new_block("overall_goal", None, ln.end - len(inline), ln.end)
                    elif inline.strip() and kind == "guiding_thought":
                        pass  # kept in the section text
                    prev_end = ln.end
                    continue
            elif part_kind == "domains":
                open_units = _open_domain(b, n, ln, body_start, rest)
                items = _ItemList()
                mode = None
                current = None
                prev_end = ln.end
                continue
            elif part_kind in ("projects", "implementation", "monitoring"):
                kind = {"projects": "project"}.get(part_kind, part_kind)
                new_block(kind, n, body_start, ln.end)
                prev_end = ln.end
                continue
        if part_kind == "domains" and b.domains:
            b.domains[-1].end = ln.end
            if GOALS_HEAD.match(t) or MEASURES_HEAD.match(t):
                mode = "goal" if GOALS_HEAD.match(t) else "measure"
                items = _ItemList()
                current = None
                prev_end = ln.end
                continue
            m = ITEM.match(t)
            if m and mode and items.accept(int(m.group(1) or m.group(2))):
                new_block(mode, items.last, ln.start + m.end(), ln.end, b.domains[-1].ordinal)
                prev_end = ln.end
                continue
            if current is not None:
                current.end = ln.end
            prev_end = ln.end
            continue
        if part_kind == "general":
            if section_kind == "principles":
                m = ITEM.match(t)
                if m and items.accept(int(m.group(1) or m.group(2))):
                    new_block("principle", items.last, ln.start + m.end(), ln.end)
                elif current is not None:
                    current.end = ln.end
            elif section_kind == "overall_goal":
                current = _paragraph(b, current, new_block, "overall_goal", ln, nd)
            prev_end = ln.end
            continue
        if part_kind in ("projects", "implementation", "monitoring"):
            kind = {"projects": "project"}.get(part_kind, part_kind)
            m = ITEM.match(t)
            if m and current is None and items.accept(int(m.group(1) or m.group(2))):
                new_block(kind, items.last, ln.start + m.end(), ln.end)
            elif current is not None:
                current.end = ln.end
            prev_end = ln.end
            continue
        prev_end = ln.end
    close_section(prev_end)
    if table is not None:
        b.tables.append([g for g in table if g])
    return _build(b, index, start, prev_end, meta)


def _paragraph(b: _PlanBuilder, current: _Block | None, new_block, kind: str, ln: _Line, nd: OffsetText):
    """Paragraphs: a line continues the previous one when that one stopped mid-sentence (PDF)."""
    if current is not None and current.kind == kind:
        last = nd.text[current.end - 1]
        if last not in SENTENCE_END:
            current.end = ln.end
            return current
    return new_block(kind, None, ln.start, ln.end)


def _open_domain(b: _PlanBuilder, n: int, ln: _Line, body_start: int, rest: str) -> bool:
    b.domains.append(_DomainAcc(n, body_start, ln.end, ln.end, rest))
    m = regex.search(r"[（(]\s*牵头单位", rest)
    return bool(m) and not regex.search(r"[)）]\s*$", rest)


def _split_units(s: str) -> tuple[str, ...]:
    return tuple(u.strip() for u in regex.split(r"[、，,]", s.strip(" 。.;；")) if u.strip())


def _parse_domain_head(raw: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    raw = raw.replace(" ", "")
    lead: tuple[str, ...] = ()
    resp: tuple[str, ...] = ()
    m = regex.search(r"[（(]\s*牵头单位[：:](.*?)(?:[。.;；]\s*责任单位[：:](.*?))?[)）]?\s*$", raw)
    if m:
        lead = _split_units(m.group(1))
        resp = _split_units(m.group(2) or "")
        raw = raw[:m.start()]
    title = regex.split(r"[：:。]", raw, maxsplit=1)[0].strip()
    return title, lead, resp


def _block_text(nd: OffsetText, s: int, e: int) -> OffsetText:
    return join_lines(nd.slice(s, e))


def _heading(kind: str, text: str) -> str | None:
    if kind in ("goal", "preamble", "overall_goal", "table_row"):
        return None
    m = regex.match(r"^(.{2,60}?)[。：:]", text)
    return m.group(1) if m else None


def _build(b: _PlanBuilder, index: int, start: int, end: int, meta) -> SegmentedPlan:
    nd = b.nd
    provisions: list[Provision] = []
    for blk in b.blocks:
        ot = _block_text(nd, blk.start, blk.end)
        if not ot.text:
            continue
        s, e = ot.origin[0], ot.origin[-1] + 1
        provisions.append(Provision(blk.kind, blk.ordinal, _heading(blk.kind, ot.text), ot.text, s, e,
                                    blk.domain, ot.origin))
    for table in b.tables:
        provisions.extend(_table_rows(nd, table))
    domains = []
    for d in b.domains:
        title, lead, resp = _parse_domain_head(d.raw_title)
        s, _ = nd.to_source(d.head_start, d.head_end)
        _, e = nd.to_source(d.head_start, max(d.end, d.head_end))
        domains.append(Domain(d.ordinal, title, domain_code(title, b.subject), lead, resp, s, e))
    sections = []
    for kind, title, s, e in b.sections:
        if e <= s:
            continue
        ot = _block_text(nd, s, e)
        if ot.text:
            sections.append(Section(kind, title, ot.text, ot.origin[0], ot.origin[-1] + 1))
    ps, pe = nd.to_source(start, end)
    provisions.sort(key=lambda p: p.char_start)
    return SegmentedPlan(index, ps, pe, meta, tuple(sections), tuple(domains), tuple(provisions))


def _table_rows(nd: OffsetText, groups: list[list[_Line]]) -> list[Provision]:
    """A flattened table: one cell per tab-indented line, rows separated by blank lines.

    The first group is the header row; a row's first cell is its printed number (序号).
    """
    if len(groups) < 2:
        return []
    header = [c.text.replace(" ", "") for c in groups[0]]
    rows = []
    for g in groups[1:]:
        if len(g) != len(header) or not g[0].text.isdigit():
            continue
        cells = tuple(TableCell(h, c.text, *nd.to_source(c.start, c.end)) for h, c in zip(header, g))
        label = cells[1].text
        values = "，".join(f"{c.header}{c.text}" for c in cells[2:])
        text = f"{label}：{values}"
        rows.append(Provision("table_row", int(g[0].text), label, text, cells[1].char_start, cells[-1].char_end,
                              None, (), cells))
    return rows


def segment_text(text: str) -> list[SegmentedPlan]:
    return segment_document(text)
