"""Extraction results staged as one Parquet file per document, for the one writer step to load.

Extraction runs wherever the task runner puts it (threads, processes, Dask workers); what it makes
of a document is written to `<stage dir>/<sha256>.parquet` with pyarrow, and only a small manifest
(StagedDocument: who the plans belong to and the fingerprints the catalog decides on) travels back
to the flow. The writer then decides what is new and loads the chosen files with DuckDB, in SQL.

Plan ids are decided by the writer (a plan may become `dehui-children-v2`), so staged rows carry a
placeholder id per plan, `@0`, `@1` … (`@0/d1/goal/3`), replaced when loaded. The file holds one
row: the document's sha256 and, per table, the list of its rows (structs typed like the warehouse's
own columns), plus the search postings of every provision (term and frequency), so the writer never
tokenises.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from extractors import search_text
from extractors.bundle import LoadableDocument, StagedDocument, StagedPlan
from extractors.fingerprint import compact_fingerprints, compact_strings
from warehouse.errors import WarehouseError
from extractors.version import EXTRACTOR_VERSION
from warehouse.catalog import target_keys
from warehouse.db import apply_migrations
from warehouse.rows import document_row, plan_rows

STAGED_TABLES = ("documents", "plans", "sections", "domains", "provisions", "table_cells", "targets")
POSTING = pa.struct([("provision_id", pa.string()), ("term", pa.string()), ("tf", pa.int32())])


def staging_dir(db_path: Path, run_id: str) -> Path:
    """Where a run stages its documents: beside the warehouse (on a filesystem the workers share)."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".staging") / run_id


def placeholder(index: int) -> str:
    return f"@{index}"


@functools.lru_cache(maxsize=1)
def row_types() -> dict[str, pa.StructType]:
    """Each table's columns as an Arrow struct, read off the warehouse schema itself."""
    con = duckdb.connect()
    try:
        apply_migrations(con)
        return {t: pa.struct(list(con.sql(f"SELECT * FROM {t} LIMIT 0").to_arrow_table().schema))
                for t in STAGED_TABLES}
    finally:
        con.close()


def file_schema() -> pa.Schema:
    types = row_types()
    return pa.schema([("source_sha256", pa.string())] + [(t, pa.list_(types[t])) for t in STAGED_TABLES]
                     + [("postings", pa.list_(POSTING))])


def stage(doc: LoadableDocument, stage_dir: Path) -> StagedDocument:
    """Write the document's rows and postings to <stage_dir>/<sha256>.parquet; return its manifest."""
    stage_dir = Path(stage_dir)
    stage_dir.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict]] = {t: [] for t in STAGED_TABLES}
    tables["documents"].append(document_row(doc))
    postings: dict[str, list] = {"provision_id": [], "term": [], "tf": []}
    plans = []
    for lp in doc.plans:
        pid = placeholder(lp.plan.index)
        for table, rows in plan_rows(doc, lp, pid).items():
            tables[table].extend(rows)
        _postings(tables["provisions"], pid, postings)
        plans.append(StagedPlan(index=lp.plan.index, placeholder=pid, meta=lp.meta, content_key=lp.content_key,
                                provision_keys=compact_fingerprints(lp.provision_keys),
                                target_keys=compact_strings(target_keys(lp.targets)),
                                structure_complete=lp.plan.structure_complete))
    _check_keys(tables)
    _write(stage_dir / f"{doc.source.sha256}.parquet", doc.source.sha256, tables, postings)
    return StagedDocument(source=doc.source, media_type=doc.media_type, encoding=doc.encoding, had_bom=doc.had_bom,
                          text_key=doc.text_key, notes=doc.notes, plans=tuple(plans),
                          path=str(stage_dir / f"{doc.source.sha256}.parquet"))


# The tables' primary keys (warehouse/schema): one document's rows must not repeat one, or the whole
# run's load would fail on it; staged, the file is quarantined instead (pipeline.steps).
KEYS = {"sections": ("section_id",), "domains": ("domain_id",), "provisions": ("provision_id",),
        "table_cells": ("provision_id", "col"), "targets": ("target_id",)}


def _check_keys(tables: dict[str, list[dict]]) -> None:
    for table, columns in KEYS.items():
        seen: set[tuple] = set()
        for row in tables[table]:
            key = tuple(row[c] for c in columns)
            if key in seen:
                raise WarehouseError(f"two {table} rows with the key {key}: the document's structure repeats itself "
                                     "(a plan printed twice without a title between?)")
            seen.add(key)


def _postings(provisions: list[dict], pid: str, out: dict[str, list]) -> None:
    """Append the plan's postings to `out`, column by column (a dict per posting costs twice as much)."""
    for v in provisions:
        if v["plan_id"] != pid:
            continue
        counts = search_text.term_counts(v["text"])
        out["provision_id"].extend([v["provision_id"]] * len(counts))
        out["term"].extend(counts)
        out["tf"].extend(counts.values())


def _write(path: Path, sha256: str, tables: dict[str, list[dict]], postings: dict[str, list]) -> None:
    schema = file_schema()
    entries = pa.StructArray.from_arrays([pa.array(postings[f.name], f.type) for f in POSTING], fields=list(POSTING))
    columns = {"source_sha256": [sha256], **{t: [rows] for t, rows in tables.items()}}
    table = pa.Table.from_pydict(columns, schema=pa.schema(list(schema)[:-1]))
    table = table.append_column(schema.field("postings"),
                                pa.ListArray.from_arrays(pa.array([0, len(entries)], pa.int32()), entries))
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="snappy")  # zstd: 25% smaller, 60% slower to write
    os.replace(tmp, path)  # a killed worker leaves no half-written file under the final name


__all__ = ["StagedDocument", "StagedPlan", "stage", "file_schema", "row_types", "placeholder", "EXTRACTOR_VERSION"]
