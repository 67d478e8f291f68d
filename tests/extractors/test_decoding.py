import codecs

import pytest
from hypothesis import given, strategies as st

from extractors.decoding import decode_bytes
from extractors.errors import QuarantineError
from tests.conftest import corpus_files

SAMPLE = "婴儿死亡率控制在4.5‰以下，以2020年为基数下降20%。\r\n儿童与健康"


@pytest.mark.parametrize("encoding,prefix,expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
])
def test_encodings_decode_to_the_same_text(encoding, prefix, expected):
    d = decode_bytes(prefix + SAMPLE.encode(encoding))
    assert (d.text, d.encoding, d.had_bom) == (SAMPLE, expected, bool(prefix))


def test_big5_is_found_by_the_detector():
    text = "兒童發展規劃，嬰兒死亡率控制在千分之四點五以下。" * 20
    d = decode_bytes(text.encode("big5"))
    assert d.text == text
    assert d.encoding not in ("utf-8", "gb18030")


@pytest.mark.parametrize("raw,reason", [
    (b"", "empty file"),
    (b"   \n\n", "no text"),
    (b"\x00\x01\x02\x03binary\x00", "binary"),
    (b"plain English text, not a plan at all", "not a plan text"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "byte-order mark says utf-8"),
])
def test_bad_inputs_are_quarantined_with_a_reason(raw, reason):
    with pytest.raises(QuarantineError) as e:
        decode_bytes(raw)
    assert reason in e.value.reason


def test_corpus_is_utf8_without_bom():
    for p in corpus_files():
        d = decode_bytes(p.read_bytes())
        assert (d.encoding, d.had_bom) == ("utf-8", False), p.name


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=200),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_roundtrip_any_chinese_text(text, encoding):
    raw = text.encode(encoding)  # python's utf-16 writes a BOM
    assert decode_bytes(raw).text == text
