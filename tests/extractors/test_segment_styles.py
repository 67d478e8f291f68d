"""Numbering styles the corpus lacks, on the corpus's own text: each plan's item markers, domain
headings or part headings are rewritten programmatically into another printed style, and the copy
must segment exactly like its source (checked against the hand counts in tests/gold/structure.json),
with every offset landing on the same content in the copy."""
from __future__ import annotations

import bisect

import pytest
import regex

from extractors.segment import segment_document
from tests.conftest import PLAN_KEYS
from tests.extractors.test_segment import canon

CN = "一二三四五六七八九十"
DOCS = ["000", "001", "002", "003", "004"]
# The markers the corpus prints before items, domains and parts (what the rewrite replaces).
ITEM_PREFIX = regex.compile(r"[ \t\u3000]*(?:\[bookmark:[^\]]*\])?(?:-\s*)?(?:\d{1,2}[.．]|[（(]\d{1,2}[）)])\s*")
DOMAIN_PREFIX = regex.compile(r"[ \t\u3000]*[（(][一二三四五六七八九十]{1,2}[）)]\s*")
PART_PREFIX = regex.compile(r"[ \t\u3000]*[一二三四五六七八九十]{1,2}、\s*")


def cn(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


ITEM_STYLES = {
    "circled": lambda n: chr(0x2460 + n - 1),      # ①
    "paren_digit": lambda n: chr(0x2474 + n - 1),  # ⑴
    "neg_circled": lambda n: chr(0x2776 + n - 1) if n <= 10 else chr(0x24EB + n - 11),  # ❶ … ⓫
    "comma": lambda n: f"{n}、",
    "full_paren": lambda n: f"（{n}）",
    "half_paren": lambda n: f"{n}）",
    "article": lambda n: f"第{cn(n)}条 ",
}


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def rewrite(text: str, plans, item=None, domain=None, part=None) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with the chosen markers replaced, and the replacements (start, end, new)."""
    reps = []
    for plan in plans:
        if item:
            for p in plan.provisions:
                if p.kind in ("goal", "measure"):
                    a = _line_start(text, p.char_start)
                    assert ITEM_PREFIX.fullmatch(text[a:p.char_start]), text[a:p.char_start + 10]
                    reps.append((a, p.char_start, item(p.ordinal)))
        if domain:
            for d in plan.domains:
                a = _line_start(text, d.char_start)
                assert DOMAIN_PREFIX.fullmatch(text[a:d.char_start]), text[a:d.char_start + 10]
                reps.append((a, d.char_start, domain(d.ordinal)))
        if part:
            for s in plan.sections:
                m = PART_PREFIX.match(text, s.char_start)
                if s.kind not in ("preamble", "indicator_table") and m and m.start() == s.char_start:
                    reps.append((m.start(), m.end(), part(CN.index(text[s.char_start]) + 1)))
    reps.sort()
    out, pos = [], 0
    for a, b, new in reps:
        out += [text[pos:a], new]
        pos = b
    return "".join(out + [text[pos:]]), reps


class Shift:
    """Maps an offset of the source to the copy (the rewrite only touches markers)."""

    def __init__(self, reps):
        self.ends = [b for _, b, _ in reps]
        self.delta = [0]
        for a, b, new in reps:
            self.delta.append(self.delta[-1] + len(new) - (b - a))

    def __call__(self, o: int) -> int:
        return o + self.delta[bisect.bisect_right(self.ends, o)]

    def end(self, e: int) -> int:
        return self(e - 1) + 1


def assert_same_segmentation(source_plans, copy_text, reps):
    shift = Shift(reps)
    plans = segment_document(copy_text)
    assert len(plans) == len(source_plans)
    for got, want in zip(plans, source_plans):
        assert (got.structure_complete, got.structure_notes) == (True, ())
        assert got.inferred == want.inferred
        assert (got.char_start, got.char_end) == (shift(want.char_start), shift.end(want.char_end))
        assert [(d.ordinal, d.title, d.code, d.lead_units, d.responsible_units, d.char_start, d.char_end)
                for d in got.domains] == [
            (d.ordinal, d.title, d.code, d.lead_units, d.responsible_units, shift(d.char_start), shift.end(d.char_end))
            for d in want.domains]
        assert [(p.kind, p.ordinal, p.domain_ordinal, p.heading, p.text, p.char_start, p.char_end)
                for p in got.provisions] == [
            (p.kind, p.ordinal, p.domain_ordinal, p.heading, p.text, shift(p.char_start), shift.end(p.char_end))
            for p in want.provisions]
        assert [(s.kind, s.title) for s in got.sections] == [(s.kind, s.title) for s in want.sections]
        for p in got.provisions:
            if p.kind != "table_row":
                assert canon(copy_text[p.char_start:p.char_end]) == canon(p.text)
                assert p.text_origin == tuple(shift(o) for o in next(
                    q for q in want.provisions if (q.kind, q.ordinal, q.domain_ordinal) == (
                        p.kind, p.ordinal, p.domain_ordinal)).text_origin)
    return plans


def _source(texts, segmented, doc):
    return texts[doc], [segmented[PLAN_KEYS[f"{doc}-{i}"]] for i in range(2 if doc == "004" else 1)]


def test_the_corpus_plans_are_complete(segmented):
    assert {k: (p.structure_complete, p.structure_notes) for k, p in segmented.items()} == {
        k: (True, ()) for k in ("000", "001", "002", "003", "004-women", "004-children")}


@pytest.mark.parametrize("style", ITEM_STYLES)
@pytest.mark.parametrize("doc", DOCS)
def test_items_in_another_style_segment_like_the_source(texts, segmented, doc, style):
    text, plans = _source(texts, segmented, doc)
    copy, reps = rewrite(text, plans, item=ITEM_STYLES[style])
    got = assert_same_segmentation(plans, copy, reps)
    # "5.3岁以下…" is item 5 about 3-year-olds in every style.
    if doc == "000":
        goal5 = [p for p in got[0].provisions if p.kind == "goal" and p.domain_ordinal == 1][4]
        assert copy[_line_start(copy, goal5.char_start):goal5.char_start] == ITEM_STYLES[style](5)
        assert goal5.text.startswith("3岁以下儿童系统管理率")


@pytest.mark.parametrize("doc", DOCS)
def test_domains_as_sections_under_the_corpus_parts(texts, segmented, doc):
    """（一）儿童与健康 -> 第一节 儿童与健康, parts still 一、二、."""
    text, plans = _source(texts, segmented, doc)
    copy, reps = rewrite(text, plans, domain=lambda n: f"第{cn(n)}节 ")
    assert_same_segmentation(plans, copy, reps)


@pytest.mark.parametrize("doc", DOCS)
def test_chapters_and_sections(texts, segmented, doc):
    """一、 parts -> 第一章, （一） domains -> 第一节, items -> ①."""
    text, plans = _source(texts, segmented, doc)
    copy, reps = rewrite(text, plans, part=lambda n: f"第{cn(n)}章 ", domain=lambda n: f"第{cn(n)}节 ",
                         item=ITEM_STYLES["circled"])
    assert_same_segmentation(plans, copy, reps)


@pytest.mark.parametrize("doc", DOCS)
def test_parts_numbered_as_parts_and_domains_as_cn_comma(texts, segmented, doc):
    """一、 parts -> 第一部分, （一） domains -> 一、 (the style parts had), items -> 1）."""
    text, plans = _source(texts, segmented, doc)
    copy, reps = rewrite(text, plans, part=lambda n: f"第{cn(n)}部分 ", domain=lambda n: f"{cn(n)}、",
                         item=ITEM_STYLES["half_paren"])
    assert_same_segmentation(plans, copy, reps)


@pytest.mark.parametrize("doc", DOCS)
def test_domains_numbered_like_their_items(texts, segmented, doc):
    """（一）儿童与健康 -> 1.儿童与健康 while 000, 003 and 004 number their items 1. as well: the
    next domain is told from the next item by its title."""
    text, plans = _source(texts, segmented, doc)
    copy, reps = rewrite(text, plans, domain=lambda n: f"{n}.")
    assert_same_segmentation(plans, copy, reps)


def test_the_rewrite_touches_every_item_and_domain(texts, segmented):
    """The copies really differ from the source: every goal and measure marker was replaced."""
    text, plans = _source(texts, segmented, "004")
    copy, reps = rewrite(text, plans, item=ITEM_STYLES["circled"], domain=lambda n: f"第{cn(n)}节 ")
    n_items = sum(1 for p in plans for q in p.provisions if q.kind in ("goal", "measure"))
    assert len(reps) == n_items + 15 == 73 + 91 + 69 + 87 + 15
    assert "（一）妇女与健康" in text and "（一）妇女与健康" not in copy and "第一节 妇女与健康" in copy
