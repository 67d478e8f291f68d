"""The writer's loading of a run's staged documents (warehouse.staging) into the new warehouse file.

Everything here is SQL over the staged Parquet files: DuckDB reads them, unnests each table's rows,
names the plans (the placeholder `@0` of `@0/d1/goal/3` becomes the id the catalog chose) and fills
the columns the run decided (status, family, version, the run). Files that load nothing (quarantined,
duplicates) get their documents rows from Python: they are few and small.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from warehouse.catalog import Changes
from warehouse.rows import decided_document_row
from warehouse.staging import STAGED_TABLES

# The id columns of each table, the first of them carrying the plan's placeholder.
ID_COLUMNS = {"plans": ["plan_id"], "sections": ["section_id", "plan_id"], "domains": ["domain_id", "plan_id"],
              "provisions": ["provision_id", "plan_id", "domain_id"], "table_cells": ["provision_id"],
              "targets": ["target_id", "plan_id", "provision_id"]}
PLAN_DECISIONS = ("family_id", "version", "is_current", "supersedes", "superseded_by")
POSTINGS = "_staged_postings"
POSTINGS_FILES_A_STATEMENT = 1000  # staged files whose postings one statement loads


def load_staged(con: duckdb.DuckDBPyConnection, ch: Changes, run_id: str, first_seq: int, now: dt.datetime,
                stored: set[str]) -> str | None:
    """Insert the run's documents and the plans it loads; return the relation of the loaded
    provisions' search postings (provision_id, term, tf), or None when nothing was loaded."""
    loaded = [(i, row) for i, row in enumerate(ch.documents) if row.plans]
    for i, row in enumerate(ch.documents):
        if not row.plans:
            insert_rows(con, "documents", [decided_document_row(row, first_seq + i, run_id, now, row.source.sha256 in stored)])
    if not loaded:
        return None
    files = [row.loadable.path for _, row in loaded]
    _register(con, "_decided_docs", [{
        "source_sha256": row.source.sha256, "original_name": row.source.original_name,
        "source_path": row.source.source_path, "status": row.status, "reason": row.reason, "seq": first_seq + i,
        "raw_stored": row.source.sha256 in stored} for i, row in loaded])
    _register(con, "_plan_map", [{
        "source_sha256": row.source.sha256, "placeholder": p.loadable.placeholder, "plan_id": p.plan_id,
        "family_id": p.family_id, "version": p.version, "is_current": p.is_current, "supersedes": p.supersedes,
        "superseded_by": p.superseded_by} for _, row in loaded for p in row.plans])
    _unnest_staged(con, files)
    con.execute("""
        INSERT INTO documents BY NAME
        SELECT d.* EXCLUDE (_sha) REPLACE (x.original_name AS original_name, x.source_path AS source_path,
                                           x.status AS status, x.reason AS reason, x.seq AS seq,
                                           x.raw_stored AS raw_stored, ?::TIMESTAMP AS first_seen_at, ? AS run_id)
        FROM _staged_documents d JOIN _decided_docs x ON x.source_sha256 = d._sha""", [now, run_id])
    for table in STAGED_TABLES[1:]:
        _insert_named(con, table, now, run_id)
    for table in STAGED_TABLES:  # loaded: their memory goes to what comes next (the index at scale)
        con.execute(f"DROP TABLE _staged_{table}")
    con.execute(f"CREATE TEMP TABLE {POSTINGS} (provision_id VARCHAR, term VARCHAR, tf INTEGER)")
    # in slices of files: in one statement over 10,000 plans (145 M postings) the writer ran out of
    # its 2 GB; each slice's rows are written before the next is read
    for start in range(0, len(files), POSTINGS_FILES_A_STATEMENT):
        con.execute(f"""
            INSERT INTO {POSTINGS}
            SELECT m.plan_id || substr(x.p.provision_id, length(m.placeholder) + 1) AS provision_id, x.p.term, x.p.tf
            FROM (SELECT source_sha256 AS _sha, unnest(postings) AS p FROM read_parquet(?)) x
            JOIN _plan_map m ON m.source_sha256 = x._sha AND m.placeholder = split_part(x.p.provision_id, '/', 1)
            WHERE m.is_current""", [files[start:start + POSTINGS_FILES_A_STATEMENT]])
    return POSTINGS


def _unnest_staged(con, files: list[str]) -> None:
    for table in STAGED_TABLES:
        con.execute(f"""CREATE TEMP TABLE _staged_{table} AS
                        SELECT _sha, r.* FROM (SELECT source_sha256 AS _sha, unnest({table}) AS r
                                               FROM read_parquet(?))""", [files])


def _insert_named(con, table: str, now: dt.datetime, run_id: str) -> None:
    """Rows of one table with their plans named: `@0` -> the plan's id, in every id column."""
    cols = ID_COLUMNS[table]
    renamed = [f"CASE WHEN t.{c} IS NULL THEN NULL ELSE m.plan_id || substr(t.{c}, length(m.placeholder) + 1) END AS {c}"
               for c in cols]
    if table == "plans":
        renamed += [f"m.{c} AS {c}" for c in PLAN_DECISIONS] + ["?::TIMESTAMP AS loaded_at", "? AS run_id"]
    con.execute(f"""
        INSERT INTO {table} BY NAME
        SELECT t.* EXCLUDE (_sha) REPLACE ({', '.join(renamed)})
        FROM _staged_{table} t
        JOIN _plan_map m ON m.source_sha256 = t._sha AND m.placeholder = split_part(t.{cols[0]}, '/', 1)""",
                [now, run_id] if table == "plans" else [])


def drop_staged(con) -> None:
    for table in STAGED_TABLES:
        con.execute(f"DROP TABLE IF EXISTS _staged_{table}")
    con.execute(f"DROP TABLE IF EXISTS {POSTINGS}")
    for name in ("_decided_docs", "_plan_map"):
        try:
            con.unregister(name)
        except duckdb.Error:
            pass


def _register(con, name: str, rows: list[dict]) -> None:
    con.register(name, pa.Table.from_pylist(rows))


def insert_rows(con, table: str, rows: list[dict]) -> None:
    """Rows given as dicts, by column name."""
    if not rows:
        return
    con.register("_rows", pa.Table.from_pylist(rows))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")
