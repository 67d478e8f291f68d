"""Synthetic warehouses for benchmarks: real provisions reshuffled into many generated plans.

Only the tables the search index reads are filled (documents, plans, domains, provisions); the
generator itself (benchmarks/bench_search.py) decides what the plans contain.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse.db import apply_migrations
from warehouse.errors import WarehouseError
from warehouse.staged_load import insert_rows


def provision_pool(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every provision with its plan's subject and its domain's code and title."""
    cur = con.execute("""
        SELECT v.plan_id, p.subject, d.ordinal AS domain_ordinal, d.code AS domain_code, d.title AS domain_title,
               v.kind, v.ordinal, v.heading, v.text
        FROM provisions v JOIN plans p USING (plan_id) LEFT JOIN domains d USING (domain_id)
        ORDER BY v.plan_id, v.char_start""")
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def write_corpus(path: Path, plans: list[dict], domains: list[dict], provisions: list[dict]) -> duckdb.DuckDBPyConnection:
    """A new warehouse file at `path` holding the given rows; returns its open connection.

    plans: plan_id, jurisdiction, subject, title; domains: domain_id, plan_id, ordinal, title, code;
    provisions: provision_id, plan_id, domain_id, kind, ordinal, heading, text. Offsets are made up
    (consecutive spans of one synthetic document), as the index does not read them."""
    path = Path(path)
    if path.exists():
        raise WarehouseError(f"refusing to write into existing file {path}")
    con = duckdb.connect(str(path))
    apply_migrations(con)
    sha = "0" * 64
    pos = 0
    prov_rows = []
    plan_span: dict[str, list[int]] = {}
    dom_span: dict[str, list[int]] = {}
    for v in provisions:
        a, b = pos, pos + max(1, len(v["text"]))
        pos = b + 1
        prov_rows.append({**v, "char_start": a, "char_end": b, "fingerprint": v["provision_id"]})
        for key, spans in ((v["plan_id"], plan_span), (v.get("domain_id"), dom_span)):
            if key is not None:
                s = spans.setdefault(key, [a, b])
                s[0], s[1] = min(s[0], a), max(s[1], b)
    now = dt.datetime.now()
    tables = {
        "documents": [{"source_sha256": sha, "original_name": "synthetic", "source_path": "synthetic",
                       "size_bytes": pos, "media_type": "text/plain", "encoding": "utf-8", "had_bom": False,
                       "status": "loaded", "text": " " * pos, "n_chars": pos, "n_plans": len(plans),
                       "raw_stored": False, "seq": 1, "first_seen_at": now, "run_id": "synthetic"}],
        "plans": [{**p, "title_printed": False, "source_path": "synthetic", "source_file": "synthetic",
                   "source_sha256": sha, "plan_index": i, "metadata_source": "metadata",
                   "content_key": p["plan_id"], "family_id": p["plan_id"], "version": 1, "is_current": True,
                   "structure_complete": True, "structure_notes": [], "loaded_at": now, "run_id": "synthetic",
                   "char_start": plan_span.get(p["plan_id"], [0, 1])[0],
                   "char_end": plan_span.get(p["plan_id"], [0, 1])[1]} for i, p in enumerate(plans)],
        "domains": [{**d, "lead_units": [], "responsible_units": [],
                     "char_start": dom_span.get(d["domain_id"], [0, 1])[0],
                     "char_end": dom_span.get(d["domain_id"], [0, 1])[1]} for d in domains],
        "provisions": prov_rows,
    }
    con.execute("BEGIN")
    for table, rows in tables.items():
        insert_rows(con, table, rows)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    return con
