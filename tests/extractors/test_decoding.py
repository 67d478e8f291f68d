import codecs

import pytest
from hypothesis import given, strategies as st

from extractors.decoding import cjk_share, decode_bytes
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


# The common simplified characters of written Chinese (GB2312 level 1), what a plan is written in.
COMMON = [c for c in map(chr, range(0x4E00, 0x9FA6)) if 0xB0 <= c.encode("gb2312", "replace")[0] <= 0xD7
          and len(c.encode("gb2312", "replace")) == 2]


@given(st.lists(st.text(alphabet=st.sampled_from(COMMON + list("，。、；：0123456789%‰")), min_size=10, max_size=60),
                min_size=2, max_size=8),
       st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_roundtrip_any_chinese_text(lines, encoding):
    """Any text written in common characters, in lines, in any encoding plans come in, reads back;
    (a line or two of rare characters is ambiguous between GB18030 and Big5 by nature)."""
    text = "\n".join(lines) + "\n"
    if cjk_share(text) < 0.5:
        return
    raw = text.encode(encoding)  # python's utf-16 and utf-32 write a BOM; -le/-be do not
    assert decode_bytes(raw).text == text


@given(st.binary(max_size=400))
def test_any_bytes_decode_or_say_why(raw):
    try:
        d = decode_bytes(raw)
    except QuarantineError as e:
        assert e.reason
    else:
        assert cjk_share(d.text) >= 0.5 and "\x00" not in d.text


def test_utf8_with_a_damaged_byte_is_refused_not_read_as_gb18030():
    raw = bytearray((SAMPLE * 30).encode("utf-8"))
    raw[200] = 0xFF
    with pytest.raises(QuarantineError, match=r"damaged UTF-8: 1 invalid byte sequence\(s\), the first at byte 200"):
        decode_bytes(bytes(raw))


def test_a_file_cut_inside_its_last_character_keeps_the_rest():
    raw = (SAMPLE * 5).encode("utf-8")
    d = decode_bytes(raw[:-1])  # the last character is 康 (3 bytes): two remain
    assert d.text == (SAMPLE * 5)[:-1] and d.notes == ("the file ends inside a character (2 byte(s) of it): it was cut short",)
    g = decode_bytes((SAMPLE * 5).encode("gb18030")[:-1])
    assert g.text == (SAMPLE * 5)[:-1] and g.encoding == "gb18030" and g.notes


def test_mojibake_is_never_accepted():
    """Big5 bytes are mostly valid GB18030; read as GB18030 they give rare characters."""
    from extractors.decoding import common_share
    trad = "兒童發展規劃，嬰兒死亡率控制在千分之四點五以下。婦女參與決策和管理。" * 20
    d = decode_bytes(trad.encode("big5"))
    assert d.text == trad and d.encoding == "big5"
    assert common_share(trad.encode("big5").decode("gb18030", errors="replace")) < 0.8


def test_utf16_without_a_byte_order_mark():
    for enc in ("utf-16-le", "utf-16-be"):
        d = decode_bytes((SAMPLE * 3).encode(enc))
        assert (d.text, d.encoding, d.had_bom) == (SAMPLE * 3, enc, False)


@pytest.mark.parametrize("encoding,name", [("utf-8", "UTF-8"), ("gb18030", "GB18030")])
def test_chinese_text_with_a_stray_nul_is_named_a_damaged_file_not_binary(encoding, name):
    raw = ("一、总体要求\n" * 30).encode(encoding)
    cut = len("一、总体要求\n".encode(encoding)) * 3
    one = raw[:cut] + b"\x00" + raw[cut:]
    with pytest.raises(QuarantineError) as e:
        decode_bytes(one)
    assert e.value.reason == (f"{name} text with 1 NUL byte (at byte {cut}): a damaged file, not a plan text — "
                              "re-save or re-download it")
    two = one[:cut + 3] + b"\x00" + one[cut + 3:]
    with pytest.raises(QuarantineError) as e:
        decode_bytes(two)
    assert e.value.reason.startswith(f"{name} text with 2 NUL bytes (the first at byte {cut}):")


def test_many_nuls_are_still_binary_data():
    raw = b"\x00".join("儿童发展".encode("utf-8") for _ in range(20))
    with pytest.raises(QuarantineError) as e:
        decode_bytes(raw)
    assert e.value.reason == "NUL bytes and no byte-order mark: binary data"
