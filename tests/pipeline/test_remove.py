"""`planatlas remove`: a document out of the warehouse, and the way back to a plan's older version.

A reliability tester found no way back once a wrong newer version was ingested (the older one,
ingested again, is "unchanged") and no way to take out a wrongly ingested file short of a full
build. Small 德惠市 children's plans whose figures differ (婴儿死亡率 5.0 / 4.5‰) and 农安县's.
"""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.pipeline.test_ingest import ingest, q
from tests.plan_texts import plan_text

runner = CliRunner()
PLANS_SQL = "SELECT plan_id, version, is_current, supersedes, superseded_by FROM plans ORDER BY plan_id"


def _folder(root: Path, name: str, jurisdiction: str, issued: str, imr: str) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / f"{name}.txt").write_text(plan_text(jurisdiction, imr=imr), encoding="utf-8")
    (d / "plans.csv").write_text("plan_id,source_file,plan_index,jurisdiction,subject,issue_date\n"
                                 f"{name},{name}.txt,0,{jurisdiction},children,{issued}\n", encoding="utf-8")
    return d


def remove(db: Path, *refs: str, expect: int = 0, extra: tuple[str, ...] = ()) -> str:
    r = runner.invoke(app, ["remove", *refs, "--db", str(db), "--no-prefect", *extra])
    assert r.exit_code == expect, r.output
    return r.output


@pytest.fixture()
def two_versions_and_a_neighbour(tmp_path) -> Path:
    db = tmp_path / "w.duckdb"
    ingest(db, _folder(tmp_path / "in", "nongan", "农安县", "2022-01-01", "5.5"))
    ingest(db, _folder(tmp_path / "in", "dehui-2022", "德惠市", "2022-05-10", "5.0"))
    assert ingest(db, _folder(tmp_path / "in", "dehui-2024", "德惠市", "2024-03-01", "4.5")) == [
        ("loaded", "dehui-2024.txt", "dehui-2024 (supersedes dehui-2022)")]
    return db


def test_removing_a_newer_version_brings_the_older_one_back(two_versions_and_a_neighbour):
    db = two_versions_and_a_neighbour
    out = remove(db, "dehui-2024")
    assert "removed     dehui-2024.txt" in out and "plans dehui-2024" in out
    assert q(db, PLANS_SQL) == [("dehui-2022", 1, True, None, None), ("nongan", 1, True, None, None)]
    assert q(db, "SELECT original_name, status FROM documents ORDER BY seq") == [
        ("nongan.txt", "loaded"), ("dehui-2022.txt", "loaded")]
    assert q(db, "SELECT plan_id, value FROM targets WHERE indicator_code = 'infant_mortality_rate' "
                 "ORDER BY plan_id") == [("dehui-2022", 5.0), ("nongan", 5.5)]
    assert q(db, "SELECT DISTINCT plan_id FROM search_docs WHERE is_current ORDER BY 1") == [("dehui-2022",), ("nongan",)]
    # the run is on record, with what it removed
    trigger, warnings = q(db, "SELECT trigger, warnings FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert trigger == "remove" and len(warnings) == 1 and warnings[0].startswith("removed dehui-2024.txt (sha256 ")


def test_a_removed_file_ingested_again_is_loaded_again(two_versions_and_a_neighbour, tmp_path):
    db = two_versions_and_a_neighbour
    remove(db, "dehui-2024.txt")
    assert ingest(db, tmp_path / "in" / "dehui-2024") == [
        ("loaded", "dehui-2024.txt", "dehui-2024 (supersedes dehui-2022)")]
    assert q(db, PLANS_SQL)[:2] == [("dehui-2022", 1, False, None, "dehui-2024"), ("dehui-2024", 2, True, "dehui-2022", None)]


def test_a_document_goes_with_the_copies_recorded_as_its_duplicates(two_versions_and_a_neighbour, tmp_path):
    db = two_versions_and_a_neighbour
    copy = tmp_path / "copy"
    copy.mkdir()
    text = (tmp_path / "in" / "nongan" / "nongan.txt").read_text(encoding="utf-8")
    (copy / "农安县规划-副本.txt").write_text(text, encoding="utf-8")      # the same bytes
    (copy / "农安县规划-gbk.txt").write_bytes(text.encode("gbk"))          # the same text
    assert [o for o, _, _ in ingest(db, copy)] == ["duplicate", "duplicate"]
    sha = q(db, "SELECT source_sha256 FROM documents WHERE original_name = 'nongan.txt'")[0][0]
    r = json.loads(remove(db, sha[:10], extra=("--json",)))
    assert sorted((d["original_name"], d["plan_ids"], d["named"]) for d in r["removed"]) == [
        ("nongan.txt", ["nongan"], True), ("农安县规划-gbk.txt", [], False), ("农安县规划-副本.txt", [], False)]
    assert r["plans"] == 2 and q(db, "SELECT plan_id FROM plans WHERE is_current") == [("dehui-2024",)]
    assert q(db, "SELECT original_name FROM documents ORDER BY seq") == [("dehui-2022.txt",), ("dehui-2024.txt",)]


def test_a_dry_run_changes_nothing(two_versions_and_a_neighbour):
    db = two_versions_and_a_neighbour
    before = db.stat().st_mtime_ns, q(db, PLANS_SQL)
    out = remove(db, "dehui-2024", extra=("--dry-run",))
    assert out.startswith("would be removed dehui-2024.txt (sha256 ") and "plans dehui-2024" in out
    assert (db.stat().st_mtime_ns, q(db, PLANS_SQL)) == before


@pytest.mark.parametrize("refs, message", [
    (("dehui-2030",), "the warehouse has no plan, document or sha256 'dehui-2030'"),
    (("0123456",), "'0123456': give at least 8 hex digits of a sha256"),   # too short for a prefix
    (("nongan", "dehui-2022", "dehui-2024"), "would leave no plan in"),
])
def test_what_cannot_be_removed_is_refused_and_nothing_changes(two_versions_and_a_neighbour, refs, message):
    db = two_versions_and_a_neighbour
    before = db.stat().st_mtime_ns
    out = remove(db, *refs, expect=1)
    assert message in " ".join(out.split()) and "Traceback" not in out
    assert db.stat().st_mtime_ns == before


def test_a_plan_sharing_its_document_with_another_is_removed_by_naming_the_document(tmp_path):
    """A file printing two plans (the corpus's 004: 高台县's children's and women's plans)."""
    src = Path(__file__).resolve().parents[2] / "corpus"
    db = tmp_path / "w.duckdb"
    ingest(db, src / "004_6908fe76fc813172.txt", src / "000_c3c85c2cfa5687ef.txt")
    out = remove(db, "gaotai-women", expect=1)
    assert "gaotai-women comes from 004_6908fe76fc813172.txt, which also holds gaotai-children" in " ".join(out.split())
    remove(db, "004_6908fe76fc813172.txt")
    assert q(db, "SELECT plan_id FROM plans") == [("panshan-children",)]


def test_an_older_version_goes_and_the_later_ones_are_numbered_again(tmp_path):
    """Versions without issue dates are numbered as they arrived (-v2, -v3); removing the first or the
    middle one numbers the others again, as a build of the remaining files would (a tester found it
    refused: the renumbered -v3 counted as a plan the rebuild dropped)."""
    db = tmp_path / "w.duckdb"
    for name, imr in (("a", "5.0"), ("b", "4.5"), ("c", "4.0")):
        d = tmp_path / name
        d.mkdir()
        (d / f"{name}.txt").write_text(plan_text("德惠市", imr=imr), encoding="utf-8")
        ingest(db, d)
    assert [p for p, *_ in q(db, PLANS_SQL)] == ["dehui-children", "dehui-children-v2", "dehui-children-v3"]
    remove(db, "dehui-children-v2")
    assert q(db, PLANS_SQL) == [("dehui-children", 1, False, None, "dehui-children-v2"),
                                ("dehui-children-v2", 2, True, "dehui-children", None)]
    assert q(db, "SELECT plan_id, value FROM targets WHERE indicator_code = 'infant_mortality_rate' ORDER BY 1") == [
        ("dehui-children", 5.0), ("dehui-children-v2", 4.0)]
    remove(db, "dehui-children")
    assert q(db, PLANS_SQL) == [("dehui-children", 1, True, None, None)]
    assert q(db, "SELECT value FROM targets WHERE indicator_code = 'infant_mortality_rate'") == [(4.0,)]


def test_a_copy_named_by_its_own_name_goes_alone(two_versions_and_a_neighbour, tmp_path):
    """The same bytes ingested under another name are one content with two rows: naming the copy takes
    the copy's row, never the plan it copies (a tester lost the original so)."""
    db = two_versions_and_a_neighbour
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "农安 副本.txt").write_bytes((tmp_path / "in" / "nongan" / "nongan.txt").read_bytes())
    assert ingest(db, copy)[0][0] == "duplicate"
    out = remove(db, "农安 副本.txt")
    assert "removed     农安 副本.txt" in out and "nongan.txt" not in out
    assert q(db, "SELECT original_name, status FROM documents ORDER BY seq") == [
        ("nongan.txt", "loaded"), ("dehui-2022.txt", "superseded"), ("dehui-2024.txt", "loaded")]
    assert ("nongan", 1, True, None, None) in q(db, PLANS_SQL)
