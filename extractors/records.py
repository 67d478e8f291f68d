"""Frozen records passed between the layers. Offsets are into the ORIGINAL decoded text."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableCell:
    header: str  # column header as printed, e.g. "2020年" (header rows merged: 目标值2025年)
    text: str
    char_start: int
    char_end: int
    role: str  # what the column holds: number (序号), label (the indicator), unit, group (领域), note, value


@dataclass(frozen=True)
class Provision:
    kind: str  # goal, measure, project, table_row, principle, overall_goal, implementation, monitoring, preamble
    ordinal: int
    heading: str | None
    text: str  # cleaned: hard line breaks joined
    char_start: int
    char_end: int
    domain_ordinal: int | None = None
    # text_origin[i] is the original offset of text[i]: target extraction grounds values with it.
    text_origin: tuple[int, ...] = field(default=(), repr=False, compare=False)
    cells: tuple[TableCell, ...] = ()


@dataclass(frozen=True)
class Domain:
    ordinal: int
    title: str
    code: str | None
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Section:
    """A chapter or sub-chapter of a plan: preamble, guiding_thought, principles, ..."""
    kind: str
    title: str | None
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class InferredMeta:
    jurisdiction: str | None
    subject: str | None
    period_start: int | None
    period_end: int | None
    title: str | None  # the printed title line, if any
    doc_number: str | None  # 临政发〔2022〕5号, when the plan prints its document number on a line of its own
    issuer: str | None      # the issuing notice's signature line (澄溪县人民政府), when it has one
    issue_date: str | None  # ISO date of the notice (2022年3月18日, 二〇二二年三月十五日), when it prints one


@dataclass(frozen=True)
class SegmentedPlan:
    index: int  # position in its source document, from 0
    char_start: int
    char_end: int
    inferred: InferredMeta
    sections: tuple[Section, ...]
    domains: tuple[Domain, ...]
    provisions: tuple[Provision, ...]
    # False when the plan lacks structure a complete plan has (a domain without goals or measures,
    # a numbering gap, fewer domains than the national outline, text that stops mid-structure);
    # structure_notes says what, e.g. "domain 3 儿童与教育 has no measures". Nothing is dropped.
    structure_complete: bool = True
    structure_notes: tuple[str, ...] = ()
