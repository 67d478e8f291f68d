"""The same plan as .docx (Word automatic numbering), a GBK web page and a Chromium-printed PDF
reads, segments and extracts to the same domains, goals, measures and targets as its .txt, and
every offset emitted indexes the text the reader returned.

The .txt side is the reference; the hand counts in tests/gold/structure.json pin it (and so each
format) to what the plans print.
"""
from __future__ import annotations

from collections import Counter

import pytest
import regex

from tests.readers.conftest import KEYS, PDF_KEYS

PLAN_KEYS = {"000": ["000"], "001": ["001"], "002": ["002"], "003": ["003"], "004": ["004-women", "004-children"]}
_FOLD = str.maketrans("０１２３４５６７８９％．。·", "0123456789%...")


def canon(s: str) -> str:
    return regex.sub(r"\s", "", s)


def structure(proc) -> list[dict]:
    out = []
    for plan in proc.plans:
        def items(kind):
            return [(p.domain_ordinal, p.ordinal, canon(p.text)) for p in plan.provisions if p.kind == kind]
        out.append({"domains": [(d.ordinal, d.title, d.code) for d in plan.domains],
                    "goals": items("goal"), "measures": items("measure"),
                    "table_rows": items("table_row")})
    return out


def targets(proc) -> list[Counter]:
    return [Counter((t.provision_key, t.value, t.value_high, t.unit, t.comparator, t.target_year, t.kind)
                    for t in plan_targets) for plan_targets in proc.targets]


def assert_grounded(text: str, proc) -> None:
    """Every offset indexes `text` and shows what the record says it shows."""
    n = len(text)
    for plan, plan_targets in zip(proc.plans, proc.targets):
        assert 0 <= plan.char_start <= plan.char_end <= n
        for d in plan.domains:
            assert 0 <= d.char_start < d.char_end <= n and d.title[:2] in text[d.char_start:d.char_end]
        for p in plan.provisions:
            assert 0 <= p.char_start < p.char_end <= n
            for i, o in enumerate(p.text_origin):
                assert text[o].translate(_FOLD) == p.text[i].translate(_FOLD), (p.kind, p.ordinal, i)
            for c in p.cells:
                assert text[c.char_start:c.char_end] == c.text
        for t in plan_targets:
            assert 0 <= t.evidence_start <= t.value_start < t.value_end <= t.evidence_end <= n
            assert text[t.value_start:t.value_end] == t.value_text


def check(fmt_read, txt_processed, key: str, structure_gold: dict) -> None:
    raw, doc, proc = fmt_read(key)
    ref = txt_processed(key)
    assert len(proc.plans) == len(ref.plans) == len(PLAN_KEYS[key])
    got, want = structure(proc), structure(ref)
    for plan_key, g, w in zip(PLAN_KEYS[key], got, want):
        assert g == w
        gold = structure_gold[plan_key]
        assert [(d[0], d[1]) for d in g["domains"]] == [(d["ordinal"], d["title"]) for d in gold["domains"]]
        for d in gold["domains"]:
            assert sum(1 for x in g["goals"] if x[0] == d["ordinal"]) == d["goals"]
            assert sum(1 for x in g["measures"] if x[0] == d["ordinal"]) == d["measures"]
        assert len(g["table_rows"]) == gold["table_rows"]
    assert targets(proc) == targets(ref)
    assert sum(len(t) for t in proc.targets) > 0
    assert_grounded(doc.text, proc)


@pytest.mark.parametrize("key", KEYS)
def test_docx_reads_like_the_txt(docx_read, txt_processed, structure_gold, key):
    check(docx_read, txt_processed, key, structure_gold)


@pytest.mark.parametrize("key", KEYS)
def test_html_page_reads_like_the_txt(html_read, txt_processed, structure_gold, key):
    check(html_read, txt_processed, key, structure_gold)


@pytest.mark.slow
@pytest.mark.parametrize("key", PDF_KEYS)
def test_pdf_reads_like_the_txt(pdf_read, txt_processed, structure_gold, key):
    check(pdf_read, txt_processed, key, structure_gold)


def test_the_txt_reference_is_grounded_too(txt_processed):
    from tests.readers.fixtures import corpus_text
    for key in ("000", "002", "004"):
        assert_grounded(corpus_text(key), txt_processed(key))
