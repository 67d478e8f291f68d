"""Segment a normalised plan document into plans, sections, domains and numbered provisions.

Line-based: the plans share a printed skeleton (parts; domains; 主要目标 / 策略措施 heads; numbered
items), though not one numbering style, so each plan's own markers say which level is which (see
extractors/segmenting/). The steps, per plan:

1. lines: the plan's lines with the numbering marker each starts with (一、 （一） 1. ① 第一章 …);
2. outline: which style numbers the parts, where each part starts and what kind it is;
3. walk: each part's lines into sections, domains and goal / measure / chapter items;
4. build: frozen records with offsets into the original text;
5. completeness: notes on what the plan lacks (structure_complete is False when there are any).
"""
from __future__ import annotations

import bisect
from dataclasses import replace

import regex

from extractors.errors import SegmentationError
from extractors.infer import find_plan_titles, infer_meta
from extractors.normalise import normalise
from extractors.offsets import OffsetText
from extractors.records import SegmentedPlan
from extractors.segmenting import build
from extractors.segmenting.completeness import last_text_line, structure_notes
from extractors.segmenting.lines import Line, lines_of
from extractors.segmenting.outline import part_style, split_parts
from extractors.segmenting.walker import PlanWalker

TRAILER = regex.compile(r"^(?:抄送[：:]|（?\(?共\d+份|\S*印发$)")


def segment_document(text: str) -> list[SegmentedPlan]:
    """Split a decoded document into its plans and segment each."""
    nd = normalise(text)
    lines = lines_of(nd, 0, len(nd.text))
    spans = _plan_spans(lines)
    starts = [ln.start for ln in lines]
    plans = []
    notice = nd.text[:spans[0][0]]  # what precedes the first plan (an issuing notice) speaks for every plan
    for i, (start, end, title) in enumerate(spans):
        own = lines[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
        plans.append(_segment_plan(nd, own, i, start, title, notice))
    return plans


def _plan_spans(lines: list[Line]) -> list[tuple[int, int, str | None]]:
    """(start, end, title) of each plan: one per standalone title line (or one untitled plan),
    the last ending at the trailer (抄送 …, 印发, 共N份) if there is one."""
    titles = find_plan_titles([(ln.start, ln.text) for ln in lines])
    first = next((ln.start for ln in lines if ln.text.strip()), None)
    if first is None:
        raise SegmentationError("no text")
    after = titles[-1][0] if titles else first
    trailer = next((ln.start for ln in lines if ln.start > after and TRAILER.match(ln.text)), lines[-1].end + 1)
    if not titles:
        return [(first, trailer, None)]
    return [(start, titles[i + 1][0] if i + 1 < len(titles) else trailer, title)
            for i, (start, title) in enumerate(titles)]


def _segment_plan(nd: OffsetText, lines: list[Line], index: int, start: int, title: str | None,
                  notice: str = "") -> SegmentedPlan:
    while lines and not lines[-1].text:
        lines.pop()
    meta = infer_meta(nd.text[start:lines[-1].end], title, notice)
    style = part_style(lines)
    outline = split_parts(lines, style, meta.subject)
    walk = PlanWalker(nd, meta.subject, start, start if title else None, style).walk(outline.parts)
    provisions = build.provisions(nd, walk)
    domains = build.domains(nd, walk, meta.subject)
    last = last_text_line(lines)
    # a plan may end with its indicator table (附件): a row is no sentence
    last_is_cell = last is not None and any(last.start <= cell.start < last.end or cell.start == last.start
                                            for table in walk.tables for row in table for cell in row)
    notes = structure_notes(outline.parts, outline.gaps, outline.announced, walk, domains, provisions,
                            meta.subject, last, last_is_cell)
    ps, pe = nd.to_source(start, walk.end)
    return SegmentedPlan(index=index, char_start=ps, char_end=pe, inferred=meta,
                         sections=tuple(build.sections(nd, walk)), domains=tuple(domains),
                         provisions=tuple(provisions), structure_complete=not notes, structure_notes=notes)


def segment_text(text: str) -> list[SegmentedPlan]:
    return segment_document(text)
