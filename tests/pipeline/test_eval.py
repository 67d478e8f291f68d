"""Targets against the hand-labelled gold sets (tests/gold/targets_*.jsonl; see GUIDELINES.md)."""
import json

import pytest
from typer.testing import CliRunner

from extractors.decoding import decode_bytes
from extractors.evaluation import locate
from pipeline.cli import app
from pipeline.cli_eval import evaluate
from tests.conftest import CORPUS, GOLD

GOLD_FILES = sorted(GOLD.glob("targets_*.jsonl"))
COMPARATORS = {"<=", ">=", "=", "range", "decrease", "increase"}


def test_gold_rows_are_well_formed_and_located():
    texts = {}
    for f in GOLD_FILES:
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            text = texts.setdefault(r["doc"], decode_bytes((CORPUS / r["doc"]).read_bytes()).text)
            a, b = locate(r, text)
            assert text[a:b] == r["value_text"]
            assert r["comparator"] in COMPARATORS and r["kind"] in {"target", "achieved"}
            assert (r["comparator"] == "range") == (r["value_high"] is not None)


def test_gold_covers_every_plan():
    docs = {json.loads(line)["doc"][:3] for f in GOLD_FILES for line in f.read_text(encoding="utf-8").splitlines()}
    assert docs == {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("files", [["targets_001.jsonl", "targets_002.jsonl"], [f.name for f in GOLD_FILES]],
                         ids=["001+002", "all six plans"])
def test_full_tuple_f1_gate(built_db, files):
    rep = evaluate([GOLD / f for f in files], built_db)
    assert rep["tuple"]["f1"] >= 0.95, {k: v for k, v in rep.items() if k != "pairs"}
    assert rep["span"]["f1"] >= 0.97


def test_every_target_is_grounded(con):
    texts = {}
    rows = con.execute("""SELECT t.target_id, p.source_path, t.value_text, t.value, t.value_start, t.value_end,
                                 t.evidence_start, t.evidence_end, t.extractor_version
                          FROM targets t JOIN plans p USING (plan_id)""").fetchall()
    assert len(rows) > 250
    from extractors import EXTRACTOR_VERSION
    from extractors.targets.extract import grounded
    for tid, path, vt, value, a, b, ea, eb, version in rows:
        text = texts.setdefault(path, decode_bytes(open(path, "rb").read()).text)
        assert text[a:b] == vt, tid
        assert grounded(text, a, b, value, None), tid
        assert ea <= a < b <= eb, tid
        assert version == EXTRACTOR_VERSION


def test_eval_command_prints_the_scores(built_db):
    r = CliRunner().invoke(app, ["eval", "--db", str(built_db), "--gold", str(GOLD / "targets_001.jsonl"), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["gold"] == 52 and set(rep["field_accuracy"]) >= {"comparator", "target_year", "kind", "value_high"}


def test_eval_rejects_gold_for_unknown_documents(built_db, tmp_path):
    f = tmp_path / "g.jsonl"
    f.write_text(json.dumps({"doc": "999_nowhere.txt", "quote": "x", "value_text": "x", "value": 1,
                                                                      "unit": None}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["eval", "--db", str(built_db), "--gold", str(f)])
    assert r.exit_code == 1 and "999_nowhere.txt" in r.output


@pytest.mark.parametrize("encoding,newline", [("gb18030", "\r\n"), ("utf-16", "\n")])
def test_reformatted_copies_give_the_same_targets(segmented, texts, encoding, newline):
    import csv
    import hashlib
    from extractors.metadata import resolve_meta
    from extractors.segment import segment_document
    from extractors.targets import extract_targets
    meta = list(csv.DictReader(open(CORPUS / "plans.csv", encoding="utf-8")))
    for doc in ("001", "002"):
        path = next(CORPUS.glob(f"{doc}_*.txt"))
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        original = texts[doc]
        copy = decode_bytes(original.replace("\n", newline).encode(encoding)).text
        for p0, p1 in zip(segment_document(original), segment_document(copy)):
            m = resolve_meta(meta, sha, p0)
            t0, t1 = extract_targets(original, p0, m), extract_targets(copy, p1, m)
            key = lambda t: (t.value_text.replace("\r", ""), t.comparator, t.value, t.unit, t.target_year, t.kind)
            assert [key(t) for t in t0] == [key(t) for t in t1]
            assert all(copy[t.value_start:t.value_end] == t.value_text for t in t1)
