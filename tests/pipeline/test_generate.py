"""`planatlas generate`: deterministic synthetic plans that the pipeline reads like published ones."""
import csv
import hashlib
import re

import pytest

from extractors.decoding import decode_bytes
from extractors.segment import segment_document
from pipeline.generate import generate
from pipeline.sources import UsageError
from tests.conftest import CORPUS


def test_the_same_seed_gives_the_same_files(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(12, a, seed=7, corpus=CORPUS)
    generate(12, b, seed=7, corpus=CORPUS)
    generate(12, c, seed=8, corpus=CORPUS)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir()) and len(files) == 14  # 12 plans, plans.csv, README.txt
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert sorted(p.name for p in c.iterdir()) != files


def test_generated_plans_are_plans_with_their_metadata(tmp_path):
    rows = generate(20, tmp_path / "g", seed=1, corpus=CORPUS)
    with open(tmp_path / "g" / "plans.csv", encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == rows
    assert len({r["plan_id"] for r in rows}) == 20
    assert {r["subject"] for r in rows} == {"children", "women"}
    families = {(r["jurisdiction"], r["subject"], r["period_start"], r["period_end"]) for r in rows}
    assert len(families) == 20  # never two versions of one plan
    for r in rows:
        raw = (tmp_path / "g" / r["source_file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == r["source_sha256"]
        text = decode_bytes(raw).text
        assert text.startswith(r["title"] + "\n")
        (plan,) = segment_document(text)
        assert len(plan.domains) == (7 if r["subject"] == "children" else 8)
        assert all(d.code for d in plan.domains)
        for d in plan.domains:
            kinds = {v.kind for v in plan.provisions if v.domain_ordinal == d.ordinal}
            assert kinds == {"goal", "measure"}, (r["source_file"], d.title)
        assert plan.inferred.jurisdiction == r["jurisdiction"]
        assert "盘山" not in text and "榆树" not in text and "高台" not in text  # corpus places renamed


def test_quantities_change_and_years_do_not(tmp_path):
    generate(10, tmp_path / "g", seed=2, corpus=CORPUS)
    texts = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "g").glob("*.txt") if p.name[0].isdigit())
    real = "".join(decode_bytes(p.read_bytes()).text for p in CORPUS.glob("*.txt"))
    years = set(re.findall(r"(?<!\d)(20\d\d)年", texts))
    assert years <= set(re.findall(r"(?<!\d)(20\d\d)年", real)) | {"2025", "2030"}  # no year is invented
    quantities = lambda t: set(re.findall(r"\d+(?:\.\d+)?(?=‰|%|％)", t))  # noqa: E731
    changed = quantities(texts) - quantities(real)
    assert changed and len(quantities(texts) & quantities(real)) > len(changed) / 3


def test_a_non_empty_folder_is_refused(tmp_path):
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(UsageError, match="not empty"):
        generate(2, tmp_path, corpus=CORPUS)
