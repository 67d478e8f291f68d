"""read_document on arbitrary and on damaged bytes: it returns a ReadDocument or raises
QuarantineError, nothing else; a returned document's pages are ordered spans of its text."""
from __future__ import annotations

import io

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.errors import QuarantineError
from extractors.readers import ReadDocument, read_document
from tests.readers.make_html import write_html
from tests.readers.corpus_model import plan_blocks
from tests.readers.tiny_pdf import text_pdf

NAMES = st.sampled_from(["plan.txt", "plan.docx", "plan.pdf", "plan.html", "plan.doc", "plan.wps", "plan", "x.htm"])
PLAN = "一、总体要求\n（一）儿童与健康\n主要目标：\n1.婴儿死亡率控制在4.5‰以下。\n2.儿童健康水平不断提高。"


def _docx() -> bytes:
    d = docx.Document()
    for line in PLAN.split("\n"):
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(1, 0).text = "指标", "托位数"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


VALID = {
    "plan.docx": _docx(),
    "plan.pdf": text_pdf([[(72, 100 + 24 * i, line) for i, line in enumerate(PLAN.split("\n"))],
                          [(72, 100, "二、组织实施。")]]),
    "plan.html": write_html(plan_blocks(PLAN), "儿童发展规划", "某市人民政府"),
    "plan.txt": PLAN.encode("gb18030"),
}


def check(raw: bytes, name: str) -> None:
    try:
        doc = read_document(raw, name)
    except QuarantineError as e:
        assert e.reason
        return
    assert isinstance(doc, ReadDocument) and doc.text
    end = 0
    for i, page in enumerate(doc.pages, 1):
        assert page.number == i
        assert end <= page.char_start <= page.char_end <= len(doc.text)
        end = page.char_end
    assert "\x00" not in doc.text


def test_valid_fixtures_read():
    for name, raw in VALID.items():
        doc = read_document(raw, name)
        assert "婴儿死亡率控制在4.5‰以下" in doc.text, name


@given(raw=st.binary(max_size=4096), name=NAMES)
def test_arbitrary_bytes(raw, name):
    check(raw, name)


@given(prefix=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><p>",
                               b"\xef\xbb\xbf", b"\xff\xfe"]), rest=st.binary(max_size=2048), name=NAMES)
def test_arbitrary_bytes_behind_a_magic_number(prefix, rest, name):
    check(prefix + rest, name)


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[name])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 256))]
    return bytes(data), name


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_valid_documents(case):
    check(*case)


@pytest.mark.slow
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_chromium_pdf(pdfs, data):
    raw = bytearray(pdfs["002"])
    for _ in range(data.draw(st.integers(1, 20))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] ^= data.draw(st.integers(1, 255))
    check(bytes(raw), "plan.pdf")
