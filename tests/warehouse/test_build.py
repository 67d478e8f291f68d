"""Loading: schema contract, zero-row checks, idempotence, atomic publish, the writers' lock."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.steps import build_plain, ingest, load, process, read_metadata
from tests.conftest import CORPUS, ROOT
from warehouse.checks import run_checks
from warehouse.errors import DataCheckFailed, WarehouseBusy
from warehouse.load import build_lock, publish

CONTRACT = {
    "plans": ["plan_id", "jurisdiction", "jurisdiction_en", "province", "admin_level", "subject", "title",
              "period_start", "period_end", "source_path", "source_sha256", "char_start", "char_end"],
    "domains": ["domain_id", "plan_id", "ordinal", "title", "code", "lead_units", "responsible_units",
                "char_start", "char_end"],
    "provisions": ["provision_id", "plan_id", "domain_id", "kind", "ordinal", "heading", "text",
                   "char_start", "char_end"],
}
TABLES = ["documents", "plans", "sections", "domains", "provisions", "table_cells", "targets", "quarantine"]


def dump(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


def test_contract_columns(con):
    for table, cols in CONTRACT.items():
        have = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()]
        assert set(cols) <= set(have), table


def test_zero_row_checks_pass(con):
    assert run_checks(con) == {}


def test_plans_rows(con):
    rows = con.execute("""SELECT plan_id, jurisdiction, subject, period_start, period_end, plan_index, title_printed
                          FROM plans ORDER BY source_file, plan_index""").fetchall()
    assert rows == [
        ("panshan-children", "盘山县", "children", 2021, 2030, 0, False),
        ("changning-children", "常宁市", "children", 2021, 2025, 0, True),
        ("hangzhou-children", "杭州市", "children", 2021, 2025, 0, False),
        ("yushu-children", "榆树市", "children", 2021, 2030, 0, False),
        ("gaotai-women", "高台县", "women", 2021, 2030, 0, True),
        ("gaotai-children", "高台县", "children", 2021, 2030, 1, True),
    ]


def test_offsets_point_at_the_source(con):
    from extractors.decoding import decode_bytes
    texts = {}
    for pid, path in con.execute("SELECT plan_id, source_path FROM plans").fetchall():
        texts[pid] = decode_bytes(Path(path).read_bytes()).text
    rows = con.execute("SELECT plan_id, heading, char_start, char_end FROM provisions WHERE kind = 'measure'").fetchall()
    assert len(rows) == 87 + 89 + 61 + 87 + 91 + 87
    for pid, heading, a, b in rows:
        assert texts[pid][a:b].replace(" ", "").startswith(heading.replace(" ", "")[:10]), (pid, heading)


def test_build_is_idempotent(built_db, tmp_path):
    again = tmp_path / "again.duckdb"
    build_plain(CORPUS, again)
    build_plain(CORPUS, again)  # over an existing warehouse
    assert dump(again) == dump(built_db)


def test_a_failing_build_leaves_the_previous_warehouse_intact(built_db, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    metadata = read_metadata(CORPUS)
    results = [process(ingest(p), metadata) for p in sorted(CORPUS.glob("00[01]*.txt"))]
    # Corrupt one provision so that a zero-row check fails inside the new file.
    doc = results[0]
    plan = doc.plans[0].plan
    bad = type(plan)(plan.index, plan.char_start, plan.char_start + 10, plan.inferred, plan.sections,
                     plan.domains, plan.provisions)
    broken = type(doc)(doc.source_path, doc.source_file, doc.sha256, doc.encoding, doc.had_bom, doc.n_chars,
                       (type(doc.plans[0])(doc.plans[0].meta, bad),))
    with pytest.raises(DataCheckFailed, match="provision_outside_plan"):
        publish(db, [broken], [], {})
    assert dump(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb", "w.duckdb.lock"]


def test_second_writer_gets_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    with build_lock(db):
        with pytest.raises(WarehouseBusy, match="another build is writing"):
            load(db, [], wait=0.3)


@pytest.mark.slow
def test_killed_builds_never_damage_the_published_warehouse(built_db, tmp_path):
    db = tmp_path / "w.duckdb"
    db.write_bytes(built_db.read_bytes())
    before = dump(db)
    cli = Path(sys.executable).with_name("planatlas")
    for delay in (0.3, 0.6, 0.9, 1.2):
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
    (corpus / "plan.pdf").write_bytes(b"%PDF-1.7")
    db = tmp_path / "w.duckdb"
    report = build_plain(corpus, db)
    assert sorted((Path(q.source_path).name, q.reason) for q in report.quarantined) == [
        ("binary.txt", "NUL bytes and no byte-order mark: binary data"),
        ("empty.txt", "empty file"),
        ("plan.pdf", ".pdf files are not ingested yet"),
    ]
    con = duckdb.connect(str(db), read_only=True)
    # Without metadata the plan is loaded from what the text says of itself.
    assert con.execute("SELECT jurisdiction, subject, period_start, period_end, metadata_source FROM plans").fetchall() == [
        ("杭州市", "children", 2021, 2025, "inferred")]
    assert con.execute("SELECT count(*) FROM quarantine").fetchall() == [(3,)]
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
    every offset grounded in the re-encoded files (as the shared contract checker reads them)."""
    from extractors.decoding import decode_bytes
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
