"""Turn a plan's walk into frozen records, every span mapped back to the original text."""
from __future__ import annotations

import dataclasses

import regex

from extractors.normalise import join_lines
from extractors.offsets import OffsetText
from extractors.records import Domain, Provision, Section
from extractors.segmenting.lines import Line
from extractors.segmenting.outline import domain_code
from extractors.segmenting.tables import table_rows
from extractors.segmenting.walker import Walk

_UNITS = regex.compile(r"[（(]\s*牵头单位[：:](.*?)(?:[。.;；]\s*责任单位[：:](.*?))?[)）]?\s*$")
_UNIT_SEP = regex.compile(r"[、，,]")
_TITLE_END = regex.compile(r"[：:。]")
_LEAD_PHRASE = regex.compile(r"^(.{2,60}?)[。：:]")
_UNHEADED = ("goal", "preamble", "overall_goal", "table_row")


def block_text(nd: OffsetText, s: int, e: int) -> OffsetText:
    """A block's cleaned text: hard line breaks joined, outer whitespace trimmed."""
    ot = nd.slice(s, e)
    if "\n" in ot.text or "\t" in ot.text:
        return join_lines(ot)
    # One line (most blocks): the same as join_lines without its two substitutions.
    a, b = 0, len(ot.text)
    while a < b and ot.text[a].isspace():
        a += 1
    while b > a and ot.text[b - 1].isspace():
        b -= 1
    return ot.slice(a, b) if (a, b) != (0, len(ot.text)) else ot


def provisions(nd: OffsetText, walk: Walk) -> list[Provision]:
    out = []
    for blk in walk.blocks:
        ot = block_text(nd, blk.start, blk.end)
        if not ot.text:
            continue
        out.append(Provision(kind=blk.kind, ordinal=blk.ordinal, heading=heading(blk.kind, ot.text), text=ot.text,
                             char_start=ot.origin[0], char_end=ot.origin[-1] + 1, domain_ordinal=blk.domain,
                             text_origin=ot.origin))
    used: set[int] = set()
    for table in walk.tables:
        for row in table_rows(nd, table):
            # a table that prints no row numbers is numbered on from the tables before it; printed
            # numbers are kept (a plan printed twice repeats them: the file is refused, not doubled)
            if row.ordinal in used and not any(c.role == "number" for c in row.cells):
                row = dataclasses.replace(row, ordinal=max(used) + 1)
            used.add(row.ordinal)
            out.append(row)
    out.sort(key=lambda p: p.char_start)
    return out


def domains(nd: OffsetText, walk: Walk, subject: str | None) -> list[Domain]:
    out = []
    for d in walk.domains:
        title, lead, resp = parse_domain_head(d.raw_title)
        s, _ = nd.to_source(d.head_start, d.head_end)
        _, e = nd.to_source(d.head_start, max(d.end, d.head_end))
        out.append(Domain(ordinal=d.ordinal, title=title, code=domain_code(title, subject), lead_units=lead,
                          responsible_units=resp, char_start=s, char_end=e))
    return out


def sections(nd: OffsetText, walk: Walk) -> list[Section]:
    out = []
    for kind, title, s, e in walk.sections:
        if e <= s:
            continue
        ot = block_text(nd, s, e)
        if ot.text:
            out.append(Section(kind=kind, title=title, text=ot.text, char_start=ot.origin[0],
                               char_end=ot.origin[-1] + 1))
    return out


def heading(kind: str, text: str) -> str | None:
    """A measure's, principle's or chapter item's lead phrase (优先保障儿童健康)."""
    if kind in _UNHEADED:
        return None
    m = _LEAD_PHRASE.match(text)
    return m.group(1) if m else None


def parse_domain_head(raw: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Title, lead units and responsible units of a domain heading (儿童与健康（牵头单位：…。责任单位：…）)."""
    raw = raw.replace(" ", "")
    lead: tuple[str, ...] = ()
    resp: tuple[str, ...] = ()
    m = _UNITS.search(raw)
    if m:
        lead = _split_units(m.group(1))
        resp = _split_units(m.group(2) or "")
        raw = raw[:m.start()]
    title = _TITLE_END.split(raw, maxsplit=1)[0].strip()
    return title, lead, resp


def _split_units(s: str) -> tuple[str, ...]:
    return tuple(u.strip() for u in _UNIT_SEP.split(s.strip(" 。.;；")) if u.strip())
