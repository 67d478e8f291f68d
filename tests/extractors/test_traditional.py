"""A plan printed in traditional characters is read through a same-length simplified view and its
rows keep the source's characters."""
from opencc import OpenCC

from extractors import document
from extractors.bundle import LoadableDocument, SourceFile
from extractors.decoding import decode_bytes
from extractors.traditional import simplified_view
from tests.conftest import corpus_files
from tests.plan_texts import plan_text


def test_simplified_text_has_no_view():
    assert simplified_view(plan_text("德惠市")) is None
    for p in corpus_files():  # the real plans: a stray 著 or 乾 does not make a text traditional
        assert simplified_view(decode_bytes(p.read_bytes()).text) is None
    assert simplified_view("1. 2. 3.") is None


def test_traditional_text_has_a_view_of_the_same_length():
    text = "兒童與健康\n主要目標：\n1.嬰兒死亡率控制在千分之4.5以下。"
    assert simplified_view(text) == "儿童与健康\n主要目标：\n1.婴儿死亡率控制在千分之4.5以下。"


def test_a_traditional_plan_segments_and_keeps_its_characters():
    text = OpenCC("s2tw").convert(plan_text("德惠市").replace("4.5‰", "千分之4.5"))
    raw = text.encode("big5")
    doc = document.process(SourceFile("/x/dehui.txt", "dehui.txt", "0" * 64, len(raw)), raw, [])
    assert isinstance(doc, LoadableDocument) and doc.text == text
    assert doc.notes == ("printed in traditional characters: read through a simplified view (same offsets)",)
    [lp] = doc.plans
    assert (lp.meta.plan_id, lp.meta.jurisdiction, lp.meta.period_start, lp.meta.period_end) == (
        "dehui-children", "德惠市", 2021, 2030)
    assert [(d.title, d.code) for d in lp.plan.domains][-2:] == [("兒童與環境", "environment"), ("兒童與法律保護", "law")]
    assert lp.plan.structure_complete
    for p in lp.plan.provisions:  # the text of every row is what its span prints (line breaks aside)
        assert p.text.replace("\n", "") in text[p.char_start:p.char_end].replace("\n", ""), p
    measure = next(p for p in lp.plan.provisions if p.kind == "measure")
    assert (measure.heading, measure.text[:11]) == ("加強組織領導", "加強組織領導。各有關部")
    assert [(t.indicator_code, t.value, t.unit, t.value_text) for t in lp.targets][:3] == [
        ("infant_mortality_rate", 4.5, "‰", "千分之4.5"), ("child_injury_mortality_rate", 20.0, "%", "20%"),
        ("preschool_gross_enrolment_rate", 95.0, "%", "95%")]
    assert all(text[t.value_start:t.value_end] == t.value_text and text[t.evidence_start:t.evidence_end] == t.evidence
               for t in lp.targets)
