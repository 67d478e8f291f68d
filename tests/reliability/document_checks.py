"""The invariants of extractors.document.process, shared by the property tests and `make fuzz`:
any bytes give a LoadableDocument or a Quarantined record (nothing raised), and every offset it
emits lies inside documents.text, with the text at each value span reading back, through the
grammar that found it, as exactly the emitted value."""
from __future__ import annotations

import hashlib

from extractors import document
from extractors.bundle import LoadableDocument, Quarantined, SourceFile
from extractors.targets.grammar import parse_value_text

NAMES = ("plan.txt", "plan.docx", "plan.pdf", "plan.html", "plan.doc", "plan")


def process(raw: bytes, name: str):
    src = SourceFile(f"/inbox/{name}", name, hashlib.sha256(raw).hexdigest(), len(raw))
    return document.process(src, raw, [])


def _span(a: int, b: int, n: int, what: str, empty_ok: bool = False) -> None:
    assert 0 <= a <= b <= n and (empty_ok or a < b), f"{what}: [{a}, {b}) outside [0, {n}]"


def check_document(out) -> None:
    """Assert the invariants of one result of document.process."""
    if isinstance(out, Quarantined):
        assert isinstance(out.reason, str) and out.reason.strip(), "a quarantine without a reason"
        return
    assert isinstance(out, LoadableDocument), type(out)
    text, n = out.text, len(out.text)
    assert "\x00" not in text
    for page in out.pages:
        _span(page.char_start, page.char_end, n, f"page {page.number}", empty_ok=True)
    for lp in out.plans:
        plan = lp.plan
        _span(plan.char_start, plan.char_end, n, "plan")
        for d in plan.domains:
            _span(d.char_start, d.char_end, n, f"domain {d.ordinal}")
            assert plan.char_start <= d.char_start and d.char_end <= plan.char_end, f"domain {d.ordinal} outside plan"
        for s in plan.sections:
            _span(s.char_start, s.char_end, n, f"section {s.kind}")
        for v in plan.provisions:
            _span(v.char_start, v.char_end, n, f"provision {v.kind} {v.ordinal}")
            assert v.text.strip(), f"provision {v.kind} {v.ordinal} without text"
            assert all(0 <= o < n for o in v.text_origin), f"provision {v.kind} {v.ordinal}: origin out of range"
            for c in v.cells:
                _span(c.char_start, c.char_end, n, f"cell {c.header}", empty_ok=True)
        for t in lp.targets:
            _span(t.value_start, t.value_end, n, f"target {t.value_text!r}")
            _span(t.evidence_start, t.evidence_end, n, f"evidence of {t.value_text!r}")
            assert t.evidence_start <= t.value_start and t.value_end <= t.evidence_end
            assert text[t.value_start:t.value_end] == t.value_text
            assert text[t.evidence_start:t.evidence_end] == t.evidence
            again = parse_value_text(t.value_text)
            assert again is not None, f"{t.value_text!r} does not read as a value"
            assert (again.value, again.value_high) == (t.value, t.value_high), (t.value_text, again, t.value)


def check_bytes(raw: bytes, name: str) -> None:
    check_document(process(raw, name))
