"""Full builds: schema contract, zero-row checks, idempotence, atomic publish, the writers' lock,
and the refusals that keep a build from losing plans or overwriting what is not a warehouse."""
import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from extractors.decoding import decode_bytes
from pipeline.steps import Batch, build_plain, discover, load, new_run, process, read_metadata, read_source
from tests.conftest import CORPUS, ROOT
from warehouse.checks import run_checks
from warehouse.errors import DataCheckFailed, NotAWarehouse, NothingToLoad, WarehouseBusy, WouldLosePlans
from warehouse.load import build_lock

CONTRACT = {
    "plans": ["plan_id", "jurisdiction", "jurisdiction_en", "province", "admin_level", "subject", "title",
              "period_start", "period_end", "source_path", "source_sha256", "char_start", "char_end",
              "is_current", "family_id", "version", "structure_complete"],
    "domains": ["domain_id", "plan_id", "ordinal", "title", "code", "lead_units", "responsible_units",
                "char_start", "char_end"],
    "provisions": ["provision_id", "plan_id", "domain_id", "kind", "ordinal", "heading", "text",
                   "char_start", "char_end", "page_start", "page_end"],
    "documents": ["source_sha256", "original_name", "size_bytes", "media_type", "encoding", "status", "reason",
                  "text"],
    "runs": ["run_id", "started_at", "finished_at", "trigger", "new", "unchanged", "duplicate", "superseded",
             "quarantined", "status"],
}
TABLES = ["documents", "plans", "sections", "domains", "provisions", "table_cells", "targets", "quarantine"]
# Columns that say when and by which run a row arrived: equal content, different clocks.
VOLATILE = {"first_seen_at", "run_id", "loaded_at", "source_path"}


def dump(db: Path, tables=TABLES) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in tables:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [t]).fetchall() if r[0] not in VOLATILE]
            out[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def test_contract_columns(con):
    for table, cols in CONTRACT.items():
        have = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()]
        assert set(cols) <= set(have), table


def test_zero_row_checks_pass(con):
    assert run_checks(con) == {}


def test_checks_scoped_to_a_runs_plans_read_their_rows_and_every_unscoped_check(built_db, tmp_path):
    """An ingest checks the rows of the plans it adds (the rest were checked when published): a broken
    evidence of 盘山 is found by the full checks and by checks scoped to 盘山, not by checks scoped to
    常宁; a broken plans row (checked whole every time) is found by any scope."""
    db = tmp_path / "c.duckdb"
    db.write_bytes(built_db.read_bytes())
    con = duckdb.connect(str(db))
    try:
        tid = con.execute("""SELECT min(target_id) FROM targets WHERE plan_id = 'panshan-children'""").fetchall()[0][0]
        con.execute("UPDATE targets SET evidence = evidence || 'x' WHERE target_id = ?", [tid])
        assert run_checks(con) == {"evidence_not_the_source_text": [(tid,)]}
        assert run_checks(con, ["panshan-children", "yushu-children"]) == {"evidence_not_the_source_text": [(tid,)]}
        assert run_checks(con, ["changning-children"]) == {}
        assert run_checks(con, []) == {}
        con.execute("UPDATE plans SET is_current = false WHERE plan_id = 'yushu-children'")
        assert set(run_checks(con, ["changning-children"])) == {"family_without_exactly_one_current_version"}
        assert not con.execute("SELECT * FROM duckdb_tables() WHERE table_name = '_check_scope'").fetchall()
    finally:
        con.close()


def test_plans_rows(con):
    rows = con.execute("""SELECT plan_id, jurisdiction, subject, period_start, period_end, plan_index, title_printed,
                                 is_current, version, family_id = plan_id, structure_complete
                          FROM plans ORDER BY source_file, plan_index""").fetchall()
    assert rows == [
        ("panshan-children", "盘山县", "children", 2021, 2030, 0, False, True, 1, True, True),
        ("changning-children", "常宁市", "children", 2021, 2025, 0, True, True, 1, True, True),
        ("hangzhou-children", "杭州市", "children", 2021, 2025, 0, False, True, 1, True, True),
        ("yushu-children", "榆树市", "children", 2021, 2030, 0, False, True, 1, True, True),
        ("gaotai-women", "高台县", "women", 2021, 2030, 0, True, True, 1, True, True),
        ("gaotai-children", "高台县", "children", 2021, 2030, 1, True, True, 1, True, True),
    ]


def test_documents_hold_the_exact_decoded_text(con):
    """documents.text is the decoded file (no BOM, line endings kept): what every offset indexes."""
    rows = con.execute("""SELECT original_name, status, media_type, encoding, size_bytes, text
                          FROM documents ORDER BY seq""").fetchall()
    assert [r[:5] for r in rows] == [(p.name, "loaded", "text/plain", "utf-8", p.stat().st_size)
                                     for p in sorted(CORPUS.glob("*.txt"))]
    for name, *_, text in rows:
        assert text == decode_bytes((CORPUS / name).read_bytes()).text


def test_offsets_point_at_the_stored_text(con):
    texts = dict(con.execute("SELECT source_sha256, text FROM documents WHERE text IS NOT NULL").fetchall())
    rows = con.execute("""SELECT p.source_sha256, v.heading, v.char_start, v.char_end FROM provisions v
                          JOIN plans p USING (plan_id) WHERE v.kind = 'measure'""").fetchall()
    assert len(rows) == 87 + 89 + 61 + 87 + 91 + 87
    for sha, heading, a, b in rows:
        assert texts[sha][a:b].replace(" ", "").startswith(heading.replace(" ", "")[:10]), heading


def test_raw_bytes_are_kept_content_addressed(built_db):
    store = Path(str(built_db) + ".raw")
    for p in sorted(CORPUS.glob("*.txt")):
        con = duckdb.connect(str(built_db), read_only=True)
        sha = con.execute("SELECT source_sha256 FROM documents WHERE original_name = ?", [p.name]).fetchall()[0][0]
        con.close()
        assert (store / sha[:2] / sha).read_bytes() == p.read_bytes()


def test_build_is_idempotent(built_db, tmp_path):
    again = tmp_path / "again.duckdb"
    build_plain(CORPUS, again)
    build_plain(CORPUS, again)  # over an existing warehouse
    assert dump(again) == dump(built_db)


def _processed(found, metadata: list[dict]) -> Batch:
    """Every file read and extracted, not staged yet (load stages them): tests may alter them first."""
    return Batch(items=[process(rec, raw, metadata) for rec, raw in (read_source(p, set()) for p in found.files)])


def _corpus_batch(files) -> Batch:
    found = discover([CORPUS])
    found.files = [p for p in found.files if p.name[:3] in files]
    metadata, _ = read_metadata(found.metadata_files)
    return _processed(found, metadata)


def test_a_document_failing_a_data_check_is_quarantined_and_the_rest_loads(built_db, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    from tests.plan_texts import plan_text
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    (inbox / "b.txt").write_text(plan_text("农安县"), encoding="utf-8")
    found = discover([inbox])
    batch = _processed(found, [])
    # Corrupt one plan so that a zero-row check fails inside the new file.
    doc = batch.items[0]
    lp = doc.plans[0]
    batch.items[0] = replace(doc, plans=(replace(lp, plan=replace(lp.plan, char_end=lp.plan.char_start + 10)),))
    result = load(db, batch, new_run("ingest"), full=False)
    assert [(Path(o.source_path).name, o.outcome, o.detail) for o in result.changes.outcomes] == [
        ("a.txt", "quarantined", "its rows fail the warehouse's data check provision_outside_plan; "
                                 "loaded nothing of it (please report)"),
        ("b.txt", "loaded", "nongan-children")]
    assert result.plans == 7


def test_a_failing_check_outside_the_run_publishes_nothing(built_db, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    import warehouse.load
    monkeypatch.setattr(warehouse.load, "run_checks", lambda con, plans=None: {"some_check": [("nobody-children/d1",)]})
    batch = _corpus_batch({"000", "001", "002", "003", "004"})
    with pytest.raises(DataCheckFailed, match="some_check"):
        load(db, batch, new_run("build"), full=True)
    assert dump(db) == before
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_second_writer_gets_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    with build_lock(db):
        with pytest.raises(WarehouseBusy, match="another run is writing"):
            load(db, Batch(), new_run("ingest"), full=False, wait=0.3)


def test_a_build_refuses_to_drop_plans_unless_told(built_db, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    part = tmp_path / "part"
    part.mkdir()
    (part / "a.txt").write_bytes((CORPUS / "002_66127fe5ef2e4799.txt").read_bytes())
    with pytest.raises(WouldLosePlans, match=r"would drop 5 of the 6 plans .*\(changning-children, gaotai-children, gaotai-women, panshan-children, yushu-children\)"):
        build_plain(part, db)
    assert dump(db) == before
    result = build_plain(part, db, replace=True)
    assert result.plans == 1


@pytest.mark.parametrize("content", [None, b"", b"junk\x00\x01\x02"])
def test_a_build_without_a_loadable_plan_publishes_nothing(built_db, tmp_path, content):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    folder = tmp_path / "in"
    folder.mkdir()
    if content is not None:
        (folder / "x.txt").write_bytes(content)
    with pytest.raises(NothingToLoad, match="no loadable plan"):
        build_plain(folder, db, replace=True)
    assert dump(db) == before


@pytest.mark.parametrize("kind", ["text", "binary", "duckdb", "directory"])
def test_a_db_that_is_not_a_warehouse_is_never_overwritten(tmp_path, kind):
    target = tmp_path / "precious"
    if kind == "text":
        target.write_text("my notes\n")
    elif kind == "binary":
        target.write_bytes(bytes(range(256)) * 10)
    elif kind == "duckdb":
        con = duckdb.connect(str(target))
        con.execute("CREATE TABLE mine AS SELECT 42 AS answer")
        con.close()
    else:
        target.mkdir()
    before = target.read_bytes() if target.is_file() else None
    with pytest.raises(NotAWarehouse):
        build_plain(CORPUS, target, replace=True)
    assert (target.read_bytes() if target.is_file() else None) == before


@pytest.mark.slow
def test_killed_builds_never_damage_the_published_warehouse(built_db, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    cli = Path(sys.executable).with_name("planatlas")
    for delay in (0.5, 1.5, 2.5, 3.5):
        proc = subprocess.Popen([str(cli), "build", "--no-prefect", "--corpus", str(CORPUS), "--db", str(db)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert dump(db) == before, f"after a kill at {delay}s"
    build_plain(CORPUS, db)  # and the next build cleans up what the killed ones left
    assert dump(db) == before
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_quarantine_keeps_bad_files_with_their_reason(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes((CORPUS / "002_66127fe5ef2e4799.txt").read_bytes())
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)))
    db = tmp_path / "w.duckdb"
    result = build_plain(corpus, db)
    assert sorted((Path(o.source_path).name, o.detail) for o in result.changes.outcomes
                  if o.outcome == "quarantined") == [
        ("binary.txt", "NUL bytes and no byte-order mark: binary data"),
        ("empty.txt", "empty file"),
    ]
    con = duckdb.connect(str(db), read_only=True)
    # Without metadata the plan is loaded from what the text says of itself.
    assert con.execute("""SELECT plan_id, jurisdiction, jurisdiction_en, province, subject, period_start,
                                 period_end, metadata_source FROM plans""").fetchall() == [
        ("hangzhou-children", "杭州市", "Hangzhou City", "浙江省", "children", 2021, 2025, "inferred")]
    assert con.execute("SELECT original_name, reason FROM quarantine ORDER BY 1").fetchall() == [
        ("binary.txt", "NUL bytes and no byte-order mark: binary data"), ("empty.txt", "empty file")]
    assert con.execute("SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall() == [
        ("loaded", 1), ("quarantined", 2)]
    con.close()


def test_contract_checker_of_the_shared_tools(built_db):
    checker = ROOT.parent / "shared" / "tools" / "check_contract.py"
    if not checker.exists():
        pytest.skip("shared/tools/check_contract.py is not beside this clone")
    r = subprocess.run([sys.executable, str(checker), str(built_db)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    assert r.stdout.startswith("0 problems; checked 6 plans")


def test_migrations_are_recorded(con):
    names = [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
    assert names == sorted(p.name for p in (ROOT / "warehouse" / "schema").glob("*.sql"))


def test_reformatted_corpus_builds_the_same_warehouse(built_db, tmp_path):
    """The corpus re-saved as GB18030 with CRLF line endings: same plans, structure and targets,
    every offset grounded in the re-encoded files' own text (as the shared contract checker reads them)."""
    corpus = tmp_path / "gbk"
    corpus.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        text = decode_bytes(p.read_bytes()).text
        (corpus / p.name).write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (corpus / "plans.csv").write_bytes((CORPUS / "plans.csv").read_bytes())
    db = tmp_path / "w.duckdb"
    build_plain(corpus, db)
    q = """SELECT p.plan_id, v.kind, v.ordinal, t.comparator, t.value, t.unit, t.target_year, t.kind,
                  replace(t.value_text, chr(13), '')
           FROM targets t JOIN plans p USING (plan_id) JOIN provisions v USING (provision_id) ORDER BY ALL"""
    a, b = duckdb.connect(str(built_db), read_only=True), duckdb.connect(str(db), read_only=True)
    try:
        assert b.execute(q).fetchall() == a.execute(q).fetchall()
        assert b.execute("SELECT DISTINCT encoding FROM documents").fetchall() == [("gb18030",)]
    finally:
        a.close()
        b.close()
    checker = ROOT.parent / "shared" / "tools" / "check_contract.py"
    if checker.exists():
        r = subprocess.run([sys.executable, str(checker), str(db)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout


def test_the_published_file_is_replaced_not_written_while_read(built_db, tmp_path):
    """A reader holding the published warehouse open keeps its view while a run publishes a new one."""
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    reader = duckdb.connect(str(db), read_only=True)
    try:
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        from tests.plan_texts import plan_text
        (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
        from pipeline.steps import ingest_plain
        ingest_plain([inbox], db)
        assert reader.execute("SELECT count(*) FROM plans").fetchall() == [(6,)]
    finally:
        reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    assert fresh.execute("SELECT count(*) FROM plans").fetchall() == [(7,)]
    fresh.close()
    assert os.path.exists(str(db) + ".lock")


def test_the_next_run_removes_a_killed_runs_file_and_its_spill_folder(built_db, tmp_path):
    """A run killed while DuckDB was spilling leaves its half-written file and a folder beside it
    (`<file>.tmp/`): the next run removes both (a folder there once made every later run fail)."""
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    stale = tmp_path / ".w.duckdb.building-99999"
    stale.write_bytes(b"half written")
    spill = tmp_path / ".w.duckdb.building-99999.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 64)
    build_plain(CORPUS, db, replace=True)
    assert dump(db) == dump(built_db)
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_postings_loaded_in_slices_of_files_index_as_in_one_statement(built_db, tmp_path, monkeypatch):
    """At scale the staged postings are loaded a slice of files at a time (one statement over 10,000
    plans ran out of memory): two files a slice give the very index one statement gives."""
    import duckdb

    from pipeline.steps import build_plain
    from tests.conftest import CORPUS
    from warehouse import staged_load
    monkeypatch.setattr(staged_load, "POSTINGS_FILES_A_STATEMENT", 2)
    db = tmp_path / "sliced.duckdb"
    build_plain(CORPUS, db)
    index = "SELECT term, segment, doc_ids, tfn, tfs FROM search_terms ORDER BY term, segment"
    docs = "SELECT doc_id, provision_id, n_terms FROM search_docs ORDER BY doc_id"
    sliced, whole = duckdb.connect(str(db), read_only=True), duckdb.connect(str(built_db), read_only=True)
    try:
        assert sliced.execute(docs).fetchall() == whole.execute(docs).fetchall()
        assert sliced.execute(index).fetchall() == whole.execute(index).fetchall()
        assert len(whole.execute(index).fetchall()) > 10_000
    finally:
        sliced.close()
        whole.close()


def test_a_warehouse_built_before_0011_keeps_its_index_with_the_postings_uncompressed(tmp_path):
    """0011 recreates search_terms with its postings stored uncompressed: an older warehouse's rows come
    through unchanged, in term order, and the lists are stored uncompressed once checkpointed."""
    from warehouse.db import apply_migrations
    con = _built_before(tmp_path / "old.duckdb", "0011")
    rows = [("婴儿", 1, [4, 9], [1.25, 0.5], [2, 1]), ("婴儿", 0, [1], [0.75], [1]), ("儿童", 0, [1, 2, 3], [1.0, 1.5, 2.0], [1, 2, 3])]
    con.executemany("INSERT INTO search_terms VALUES (?, ?, ?, ?, ?)", rows)
    con.execute("CHECKPOINT")
    assert apply_migrations(con)[0] == "0011_search_terms_uncompressed.sql"
    con.execute("CHECKPOINT")
    assert con.execute("SELECT * FROM search_terms").fetchall() == [
        ("儿童", 0, [1, 2, 3], [1.0, 1.5, 2.0], [1, 2, 3]), ("婴儿", 0, [1], [0.75], [1]),
        ("婴儿", 1, [4, 9], [1.25, 0.5], [2, 1])]
    stored = dict(con.execute("""SELECT column_name, list(DISTINCT compression) FROM pragma_storage_info('search_terms')
                                 WHERE column_name IN ('doc_ids', 'tfn') AND segment_type IN ('INTEGER', 'FLOAT')
                                 GROUP BY column_name""").fetchall())
    assert stored == {"doc_ids": ["Uncompressed"], "tfn": ["Uncompressed"]}
    con.close()


def test_a_range_of_a_decrease_shows_its_direction(con):
    """盘山: 儿童总体近视率力争每年下降0.5-1个百分点. The contract's comparator is 'range'; the display
    and the comparison family say it is a fall."""
    rows = con.execute("""SELECT t.comparator, t.direction, c.display, c.comparable_as FROM targets t
                          JOIN target_comparison c USING (target_id) WHERE t.value_text = '0.5-1个百分点'""").fetchall()
    assert rows == [("range", "decrease", "−(0.5–1)个百分点/yr", "range of decrease 个百分点 per year")]


def test_0012_gives_older_rows_the_direction_their_comparator_states(tmp_path):
    from warehouse.db import apply_migrations
    con = _built_before(tmp_path / "old.duckdb", "0012")
    _insert_filled(con, "plans", plan_id="p", subject="children", metadata_source="metadata",
                   char_start=0, char_end=9)
    _insert_filled(con, "provisions", provision_id="p/d1/goal/1", plan_id="p", kind="goal", char_start=0, char_end=9)
    for tid, comp in [("t1", "decrease"), ("t2", "range"), ("t3", "<=")]:
        _insert_filled(con, "targets", target_id=tid, plan_id="p", provision_id="p/d1/goal/1", comparator=comp, kind="target",
                       value_start=0, value_end=1, evidence_start=0, evidence_end=1)
    assert apply_migrations(con) == ["0012_target_direction.sql"]
    assert con.execute("SELECT target_id, direction FROM targets ORDER BY 1").fetchall() == [
        ("t1", "decrease"), ("t2", None), ("t3", None)]
    con.close()


def _insert_filled(con, table: str, **given) -> None:
    """A row with the given values and a plain value of its type in every other NOT NULL column."""
    cols = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND NOT is_nullable",
                       [table]).fetchall()
    plain = {"VARCHAR": "x", "INTEGER": 1, "BIGINT": 1, "DOUBLE": 1.0, "BOOLEAN": False, "TIMESTAMP": "2026-01-01",
             "DATE": "2026-01-01"}
    row = {c: plain.get(t, "x") if not t.endswith("[]") else [] for c, t in cols} | given
    con.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def _built_before(path, migration: str):
    """A warehouse as the PlanAtlas before `migration` built it: the migrations before it, recorded."""
    from warehouse.db import migration_files
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL)")
    for name, sql in migration_files():
        if name >= migration:
            break
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, hashlib.sha256(sql.encode()).hexdigest()])
    return con
