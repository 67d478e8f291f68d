"""`planatlas ingest` and `rebuild`: new plans one at a time, duplicates, revisions, exit codes."""
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import CORPUS
from tests.plan_texts import plan_text
from tests.warehouse.test_build import dump
from warehouse.load import build_lock

runner = CliRunner()
CONTENT = ["documents", "plans", "domains", "provisions", "targets", "quarantine"]


def ingest(db: Path, *paths, expect: int | None = 0) -> list[tuple[str, str, str]]:
    """Run `planatlas ingest --no-prefect`; return its per-file lines as (outcome, file name, detail)."""
    r = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db), "--no-prefect"])
    if expect is not None:
        assert r.exit_code == expect, r.output
    lines = []
    for ln in r.output.splitlines():
        word = ln.split(" ", 1)[0]
        if word in ("loaded", "unchanged", "duplicate", "superseded", "quarantined"):
            rest = ln[len(word):].strip()
            path, _, detail = rest.partition("  ")
            lines.append((word, Path(path).name, detail.strip()))
    return lines


def q(db: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture()
def inbox(tmp_path) -> Path:
    d = tmp_path / "inbox"
    d.mkdir()
    return d


def test_ingest_creates_the_warehouse_and_reports_every_file(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    yushu = (CORPUS / "003_14267d2696d6d035.txt").read_bytes()
    (inbox / "a_copy_of_yushu.txt").write_bytes(yushu)
    (inbox / "b_hangzhou_gbk.txt").write_bytes(
        (CORPUS / "002_66127fe5ef2e4799.txt").read_text(encoding="utf-8").encode("gbk"))
    (inbox / "c_junk.txt").write_bytes(b"\x00\x01junk")
    (inbox / "d_dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    lines = ingest(db, CORPUS, inbox, expect=1)
    assert lines == [
        ("loaded", "000_c3c85c2cfa5687ef.txt", "panshan-children"),
        ("loaded", "001_684425739db54e33.txt", "changning-children"),
        ("loaded", "002_66127fe5ef2e4799.txt", "hangzhou-children"),
        ("loaded", "003_14267d2696d6d035.txt", "yushu-children"),
        ("loaded", "004_6908fe76fc813172.txt", "gaotai-women, gaotai-children"),
        ("duplicate", "a_copy_of_yushu.txt", "same bytes as 003_14267d2696d6d035.txt"),
        ("duplicate", "b_hangzhou_gbk.txt", "same text as 002_66127fe5ef2e4799.txt (another encoding or format)"),
        ("quarantined", "c_junk.txt", "NUL bytes and no byte-order mark: binary data"),
        ("loaded", "d_dehui.txt", "dehui-children"),
    ]
    assert q(db, "SELECT status, count(*) FROM documents GROUP BY ALL ORDER BY 1") == [
        ("duplicate", 2), ("loaded", 6), ("quarantined", 1)]
    assert q(db, """SELECT plan_id, jurisdiction, jurisdiction_en, province, parent, admin_level, metadata_source
                    FROM plans WHERE plan_id = 'dehui-children'""") == [
        ("dehui-children", "德惠市", "Dehui City", "吉林省", "长春市", "county-level city", "inferred")]
    assert q(db, "SELECT trigger, new, unchanged, duplicate, superseded, quarantined, status FROM runs") == [
        ("ingest", 6, 0, 2, 0, 1, "quarantined")]
    # everything again: nothing is new
    again = ingest(db, CORPUS, expect=0)
    assert [o for o, _, _ in again] == ["unchanged"] * 5


def test_duplicates_in_other_encodings_and_a_plan_printed_twice(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    text = plan_text("农安县")
    (inbox / "a.txt").write_text(text, encoding="utf-8")
    (inbox / "b_utf16.txt").write_bytes(text.encode("utf-16"))
    (inbox / "c_crlf_gb18030.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (inbox / "d_twice.txt").write_text(plan_text("九台区") + plan_text("九台区"), encoding="utf-8")
    lines = ingest(db, inbox)
    assert lines == [
        ("loaded", "a.txt", "nongan-children"),
        ("duplicate", "b_utf16.txt", "same text as a.txt (another encoding or format)"),
        ("duplicate", "c_crlf_gb18030.txt", "same text as a.txt (another encoding or format)"),
        ("loaded", "d_twice.txt", "jiutai-children; plan 2 repeats plan 1 of this file: loaded once"),
    ]
    assert q(db, "SELECT plan_id, jurisdiction_en, province, parent, admin_level FROM plans ORDER BY 1") == [
        ("jiutai-children", "Jiutai District", "吉林省", "长春市", "district"),
        ("nongan-children", "Nong'an County", "吉林省", "长春市", "county")]


def test_a_document_whose_structure_repeats_its_ids_is_quarantined_and_the_others_load(tmp_path, inbox):
    # 杭州's plan printed twice with no title between (its indicator table twice: table_row/1 twice) once
    # failed the whole run's load on a duplicate key; the file goes to quarantine, the others load
    hangzhou = (CORPUS / "002_66127fe5ef2e4799.txt").read_bytes()
    (inbox / "twice.txt").write_bytes(hangzhou + b"\n" + hangzhou)
    shutil.copy(CORPUS / "003_14267d2696d6d035.txt", inbox / "yushu.txt")
    db = tmp_path / "w.duckdb"
    lines = ingest(db, inbox, expect=1)
    assert lines[1] == ("loaded", "yushu.txt", "yushu-children")
    assert lines[0][:2] == ("quarantined", "twice.txt") and "repeats itself" in lines[0][2]
    assert q(db, "SELECT plan_id FROM plans") == [("yushu-children",)]
    assert q(db, "SELECT original_name, status FROM documents ORDER BY 1") == [
        ("twice.txt", "quarantined"), ("yushu.txt", "loaded")]


def test_a_revised_plan_supersedes_and_plan_versions_lists_the_changes(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    (inbox / "dehui_2022.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    ingest(db, inbox / "dehui_2022.txt")
    (inbox / "dehui_2023.txt").write_text(plan_text("德惠市", imr="4.0", injury="25"), encoding="utf-8")
    assert ingest(db, inbox / "dehui_2023.txt") == [
        ("loaded", "dehui_2023.txt", "dehui-children-v2 (supersedes dehui-children)")]
    assert q(db, "SELECT plan_id, family_id, version, is_current, supersedes, superseded_by FROM plans ORDER BY 1") == [
        ("dehui-children", "dehui-children", 1, False, None, "dehui-children-v2"),
        ("dehui-children-v2", "dehui-children", 2, True, "dehui-children", None)]
    assert q(db, "SELECT original_name, status FROM documents ORDER BY seq") == [
        ("dehui_2022.txt", "superseded"), ("dehui_2023.txt", "loaded")]
    assert q(db, """SELECT old_plan_id, new_plan_id, indicator_code, year, change, old_comparator, old_value,
                           new_comparator, new_value, unit FROM plan_versions ORDER BY indicator_code""") == [
        ("dehui-children", "dehui-children-v2", "child_injury_mortality_rate", 2030, "changed", "decrease", 20.0,
         "decrease", 25.0, "%"),
        ("dehui-children", "dehui-children-v2", "infant_mortality_rate", 2030, "changed", "<=", 4.5, "<=", 4.0, "‰")]
    # comparisons and search see the current version only
    assert q(db, "SELECT DISTINCT plan_id FROM target_comparison") == [("dehui-children-v2",)]
    assert q(db, "SELECT DISTINCT plan_id FROM search_docs WHERE is_current") == [("dehui-children-v2",)]
    assert q(db, "SELECT DISTINCT plan_id FROM provision_links") == []  # one plan: no counterparts
    # nor does `compare` list the superseded version as a plan without a target
    from warehouse.comparison import compare
    con = duckdb.connect(str(db), read_only=True)
    try:
        (ic,) = compare(con, ["infant_mortality_rate"], shared_only=False)
    finally:
        con.close()
    assert [c.plan_id for c in ic.cells] == ["dehui-children-v2"] and ic.no_target == ()


def test_an_older_version_arriving_late_is_recorded_as_superseded(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    (inbox / "new.txt").write_text(plan_text("德惠市", imr="4.0"), encoding="utf-8")
    (inbox / "old.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    header = "plan_id,source_file,plan_index,jurisdiction,subject,issue_date\n"
    (inbox / "plans.csv").write_text(header + "dehui-children,new.txt,0,德惠市,children,2023-03-01\n"
                                     "dehui-children-2021,old.txt,0,德惠市,children,2021-12-01\n", encoding="utf-8")
    assert ingest(db, inbox) == [
        ("loaded", "new.txt", "dehui-children"),
        ("superseded", "old.txt", "dehui-children-2021 (older than dehui-children)")]
    # versions follow the issue dates, not the order of arrival (tests/pipeline/test_version_order.py)
    assert q(db, "SELECT plan_id, family_id, version, is_current, supersedes, superseded_by FROM plans ORDER BY 1") == [
        ("dehui-children", "dehui-children-2021", 2, True, "dehui-children-2021", None),
        ("dehui-children-2021", "dehui-children-2021", 1, False, None, "dehui-children")]
    assert q(db, "SELECT old_plan_id, new_plan_id, indicator_code, old_value, new_value FROM plan_versions") == [
        ("dehui-children-2021", "dehui-children", "infant_mortality_rate", 4.5, 4.0)]


def test_another_place_with_the_same_name_gets_its_own_id(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    (inbox / "a.txt").write_text(plan_text("朝阳区").replace("前言\n", "前言\n北京市朝阳区人民政府印发。\n"),
                                 encoding="utf-8")
    (inbox / "b.txt").write_text(plan_text("朝阳区").replace("前言\n", "前言\n吉林省长春市朝阳区人民政府印发。\n"),
                                 encoding="utf-8")
    (inbox / "c.txt").write_text(plan_text("德惠市", period=(2026, 2030)), encoding="utf-8")
    (inbox / "d.txt").write_text(plan_text("德惠市", period=(2021, 2025)), encoding="utf-8")
    assert [line[2] for line in ingest(db, inbox)] == [
        "chaoyang-children", "changchun-chaoyang-children", "dehui-children", "dehui-children-2021-2025"]
    assert q(db, "SELECT plan_id, province FROM plans WHERE jurisdiction = '朝阳区' ORDER BY 1") == [
        ("changchun-chaoyang-children", "吉林省"), ("chaoyang-children", "北京市")]


def test_exit_codes(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    (inbox / "a.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--db", str(db), "--no-prefect"])
    assert r.exit_code == 2 and "no such file or folder" in r.output
    ingest(db, inbox, expect=0)
    ingest(db, inbox, expect=0)  # unchanged
    with build_lock(db):
        r = runner.invoke(app, ["ingest", str(inbox), "--db", str(db), "--no-prefect", "--wait", "0.2"])
    assert r.exit_code == 3 and "another run is writing" in r.output
    (inbox / "bad.txt").write_bytes(b"")
    ingest(db, inbox, expect=1)


def test_rebuild_re_extracts_the_stored_bytes(tmp_path, inbox):
    db = tmp_path / "w.duckdb"
    (inbox / "a.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    (inbox / "b.txt").write_text(plan_text("德惠市", imr="4.0"), encoding="utf-8")
    (inbox / "junk.txt").write_bytes(b"\x00")
    ingest(db, CORPUS, expect=0)
    ingest(db, inbox, expect=1)
    before = dump(db, CONTENT)
    shutil.rmtree(inbox)  # the raw store has the bytes
    r = runner.invoke(app, ["rebuild", "--db", str(db), "--no-prefect"])
    assert r.exit_code == 1, r.output  # the junk is quarantined again
    assert dump(db, CONTENT) == before
    assert q(db, "SELECT trigger FROM runs ORDER BY started_at") == [("ingest",), ("ingest",), ("rebuild",)]


def test_an_old_warehouse_is_named_as_such(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, sha256 VARCHAR)")
    con.execute("INSERT INTO schema_migrations VALUES ('0001_core.sql', 'abc')")
    con.execute("CREATE TABLE plans (plan_id VARCHAR)")
    con.close()
    r = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db), "--no-prefect"])
    assert r.exit_code == 1 and "built by an older PlanAtlas" in r.output and "--replace" in r.output


POOL = {
    "dehui.txt": lambda: plan_text("德惠市").encode("utf-8"),
    "dehui_copy.txt": lambda: plan_text("德惠市").encode("utf-8"),
    "dehui_gbk.txt": lambda: plan_text("德惠市").encode("gbk"),
    "dehui_rev.txt": lambda: plan_text("德惠市", imr="3.9").encode("utf-8"),
    "nongan_utf16.txt": lambda: plan_text("农安县").encode("utf-16"),
    "twice.txt": lambda: (plan_text("九台区") * 2).encode("utf-8"),
    "empty.txt": lambda: b"",
    "junk.bin": lambda: bytes(range(256)),
    # other formats: the same plan as .docx, another as a web page and as a PDF, one in Big5
    "dehui.docx": lambda: _other_format("docx", "德惠市"),
    "shulan.html": lambda: _other_format("html", "舒兰市"),
    "panshi.pdf": lambda: _other_format("pdf", "磐石市"),
    "jian_big5.txt": lambda: _other_format("big5", "集安市"),
    "bomb.docx": lambda: _other_format("bomb", "双阳区"),
}


def _other_format(kind: str, place: str) -> bytes:
    from tests.readers.corpus_model import plan_blocks
    from tests.readers.make_html import write_html
    from tests.reliability import bad_inputs as B
    if kind == "docx":
        return B.small_docx(plan_text(place))
    if kind == "html":
        return write_html(plan_blocks(plan_text(place)), f"{place}儿童发展规划（2021—2030年）", f"{place}人民政府")
    if kind == "pdf":
        return B.plan_pdf(place)
    if kind == "big5":
        return B.big5_plan(place)
    return B.zip_bomb_docx()


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.sampled_from(sorted(POOL)), min_size=1, max_size=6, unique=True))
def test_ingesting_the_same_bytes_twice_equals_once(tmp_path_factory, names):
    work = tmp_path_factory.mktemp("twice")
    folder = work / "in"
    folder.mkdir()
    for n in names:
        (folder / n).write_bytes(POOL[n]())
    db = work / "w.duckdb"
    ingest(db, folder, expect=None)
    once = dump(db, CONTENT)
    again = ingest(db, folder, expect=None)
    assert dump(db, CONTENT) == once
    assert {o for o, _, _ in again} <= {"unchanged", "quarantined"}


def test_a_bug_tripped_by_one_file_quarantines_it_and_the_others_load(tmp_path, inbox, monkeypatch):
    import extractors.document
    real = extractors.document.extract_targets

    def broken(text, plan, meta):
        if meta.jurisdiction == "农安县":
            raise IndexError("list index out of range")
        return real(text, plan, meta)

    monkeypatch.setattr(extractors.document, "extract_targets", broken)
    (inbox / "a.txt").write_text(plan_text("农安县"), encoding="utf-8")
    (inbox / "b.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert ingest(db, inbox, expect=1) == [
        ("quarantined", "a.txt", "internal error while extracting: IndexError: list index out of range (please report)"),
        ("loaded", "b.txt", "dehui-children")]


def test_a_run_with_nothing_new_extracts_nothing(tmp_path, inbox, monkeypatch):
    (inbox / "a.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest(db, inbox)
    import extractors.document

    def forbidden(*args):
        raise AssertionError("nothing new: nothing may be read or extracted")

    for stage in ("read", "segment", "extract"):
        monkeypatch.setattr(extractors.document, stage, forbidden)
    assert ingest(db, inbox) == [("unchanged", "a.txt", "already loaded")]
    assert q(db, "SELECT count(*) FROM runs") == [(2,)]


def test_a_plans_csv_row_naming_a_missing_file_is_reported_and_the_others_apply(tmp_path, inbox):
    (inbox / "a.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    (inbox / "plans.csv").write_text("plan_id,source_file,plan_index,jurisdiction,subject\n"
                                     "dehui-2021,a.txt,0,德惠市,children\n"
                                     "nongan-children,nongan.txt,0,农安县,children\n", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(inbox), "--db", str(tmp_path / "w.duckdb"), "--no-prefect"])
    assert r.exit_code == 0, r.output
    assert f"metadata    {inbox / 'plans.csv'} line 3: source_file nongan.txt is not in {inbox}; the row applies " \
           "only to a file of that name (or sha256) ingested from elsewhere" in r.output
    assert q(tmp_path / "w.duckdb", "SELECT plan_id, metadata_source FROM plans") == [("dehui-2021", "metadata")]
    # kept with the run too, for unattended runs nobody watches
    assert q(tmp_path / "w.duckdb", "SELECT warnings FROM runs") == [(
        [f"{inbox / 'plans.csv'} line 3: source_file nongan.txt is not in {inbox}; the row applies only to a file "
         "of that name (or sha256) ingested from elsewhere"],)]


def test_a_document_whose_rows_cannot_be_written_is_quarantined_alone(tmp_path):
    """Rows Arrow cannot encode (here a lone surrogate, which no reader emits today) quarantine that
    file at the staging stage, with the error; the run goes on."""
    from dataclasses import replace

    from extractors.document import process
    from extractors.bundle import Quarantined, SourceFile
    from pipeline.steps import stage_item
    raw = plan_text("梨树县").encode()
    src = SourceFile(source_path="lishu.txt", original_name="lishu.txt", sha256="ab" * 32, size_bytes=len(raw))
    doc = process(src, raw, [])
    out = stage_item(replace(doc, text=doc.text + "\ud800"), tmp_path / "stage")
    assert isinstance(out, Quarantined)
    assert out.reason.startswith("internal error while staging: ") and "surrogate" in out.reason
    assert list((tmp_path / "stage").glob("*.parquet")) == []


def test_incomplete_plans_are_reported_by_the_run_that_loads_them_only(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    text = plan_text("梨树县")
    (inbox / "cut.txt").write_text(text[:text.index("儿童与教育") + 200], encoding="utf-8")
    db = tmp_path / "w.duckdb"
    first = runner.invoke(app, ["ingest", str(inbox / "cut.txt"), "--db", str(db), "--no-prefect"])
    assert first.exit_code == 0, first.output
    assert [ln.split()[1] for ln in first.output.splitlines() if ln.startswith("incomplete")] == ["lishu-children:"]
    (inbox / "whole.txt").write_text(plan_text("农安县"), encoding="utf-8")
    second = runner.invoke(app, ["ingest", str(inbox / "whole.txt"), "--db", str(db), "--no-prefect"])
    assert second.exit_code == 0, second.output
    assert not [ln for ln in second.output.splitlines() if ln.startswith("incomplete")]
