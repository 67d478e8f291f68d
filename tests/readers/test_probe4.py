"""The fourth blind probe as a gate (tests/gold/probe4/README.md): one invented plan published as .docx,
as a web page and as that page printed to PDF by Chromium; labels and structure written by a tester
before the tool was run. Every format must give every labelled target with every field as labelled,
the expected structure, and the same rows as the others."""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from extractors.metadata import PlanMeta
from extractors.readers import read_document
from extractors.segment import segment_document
from extractors.targets.extract import extract_targets
from tests.readers.make_pdf import chromium_available

PROBE = Path(__file__).parents[1] / "gold" / "probe4"
LABELS = [json.loads(line) for line in (PROBE / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
STRUCTURE = json.loads((PROBE / "structure_expected.json").read_text(encoding="utf-8"))
META = PlanMeta(plan_id="qinghe-children", jurisdiction="青禾区", jurisdiction_en=None, province=None, parent=None,
                admin_level=None, subject="children", title=None, title_printed=True, period_start=2021,
                period_end=2030, issuer=None, issue_date=None, doc_number=None, metadata_source="inferred")
FIELDS = ("comparator", "value", "value_high", "unit", "target_year", "baseline_value", "baseline_year", "kind")


def _pdf() -> bytes:
    if not chromium_available():
        pytest.skip("Chromium is not installed (make sysdeps installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan.pdf"
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={out}",
                        (PROBE / "plan.html").as_uri()], check=True, capture_output=True, timeout=120)
        return out.read_bytes()


@pytest.fixture(scope="module", params=["docx", "html", "pdf"])
def read(request):
    raw = _pdf() if request.param == "pdf" else (PROBE / f"plan.{request.param}").read_bytes()
    doc = read_document(raw, f"plan.{request.param}")
    (plan,) = segment_document(doc.text)
    return request.param, doc, plan, extract_targets(doc.text, plan, META)


def _label_row(text: str, targets, label):
    if label["snippet"].startswith("table row "):  # a row of the annex table, named by its indicator
        row = label["snippet"].removeprefix("table row ")
        found = [t for t in targets if t.provision_key[0] == "table_row" and t.indicator.startswith(row)
                 and abs(t.value - label["value"]) < 0.01 and t.target_year == label["target_year"]]
        return found[0] if found else None
    at = text.find(label["snippet"])
    found = [t for t in targets if at >= 0 and at <= t.value_start < at + len(label["snippet"]) + 2
             and abs(t.value - label["value"]) < 0.01 and t.target_year == label["target_year"]]
    return found[0] if found else None


def test_every_labelled_target_in_every_format(read):
    fmt, doc, plan, targets = read
    text = doc.text
    wrong = []
    for label in LABELS:
        t = _label_row(text, targets, label)
        got = None if t is None else tuple(getattr(t, f) for f in FIELDS)
        want = tuple(label[f] for f in FIELDS)
        if got is None or any(g != w and not (isinstance(w, float) and g is not None and abs(g - w) < 0.01)
                              for g, w in zip(got, want)):
            wrong.append((label["id"], label["snippet"], want, got))
    assert wrong == [], fmt
    assert len(targets) == len(LABELS) == STRUCTURE["targets_total"]  # nothing unlabelled
    for t in targets:
        assert text[t.value_start:t.value_end] == t.value_text


def test_the_structure_in_every_format(read):
    fmt, doc, plan, _ = read
    kinds = [p.kind for p in plan.provisions]
    got = [(d.title, d.code, sum(1 for p in plan.provisions if p.kind == "goal" and p.domain_ordinal == d.ordinal),
            sum(1 for p in plan.provisions if p.kind == "measure" and p.domain_ordinal == d.ordinal)) for d in plan.domains]
    assert got == [(d["title"], d["code"], d["goals"], d["measures"]) for d in STRUCTURE["domains"]], fmt
    assert (kinds.count("principle"), kinds.count("implementation"), kinds.count("monitoring"),
            kinds.count("table_row")) == (STRUCTURE["principles"], STRUCTURE["implementation"], STRUCTURE["monitoring"],
                                          STRUCTURE["table_rows"])
    assert (plan.structure_complete, plan.structure_notes) == (True, ()), fmt  # a web page's footer is no sentence
    assert plan.inferred.doc_number == STRUCTURE["plan"]["doc_number"]
    first = next(p.text for p in plan.provisions if p.kind == "preamble")
    assert first.startswith("儿童是国家的未来"), fmt  # the 前言 heading is no part of it
