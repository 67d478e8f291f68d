"""Named read queries used by the CLI and notebooks."""
from __future__ import annotations

import duckdb
import pandas as pd

from warehouse.errors import WarehouseError


def plan_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per plan: jurisdiction, subject, period and structure counts."""
    return con.execute("""
        SELECT p.plan_id, p.jurisdiction, p.subject,
               p.period_start || '-' || p.period_end AS period,
               (SELECT count(*) FROM domains d WHERE d.plan_id = p.plan_id) AS domains,
               (SELECT count(*) FROM provisions v WHERE v.plan_id = p.plan_id AND v.kind = 'goal') AS goals,
               (SELECT count(*) FROM provisions v WHERE v.plan_id = p.plan_id AND v.kind = 'measure') AS measures,
               (SELECT count(*) FROM provisions v WHERE v.plan_id = p.plan_id
                   AND v.kind NOT IN ('goal', 'measure')) AS other_provisions,
               (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id) AS targets
        FROM plans p ORDER BY p.source_file, p.plan_index""").df()


def plan_row(con: duckdb.DuckDBPyConnection, plan_id: str) -> dict:
    cur = con.execute("SELECT * FROM plans WHERE plan_id = ?", [plan_id])
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    if not rows:
        known = [r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall()]
        raise WarehouseError(f"no plan {plan_id!r}; plans are: {', '.join(known)}")
    return dict(zip(cols, rows[0]))


def plan_outline(con: duckdb.DuckDBPyConnection, plan_id: str) -> pd.DataFrame:
    """Domains of a plan in printed order with their goal and measure counts."""
    return con.execute("""
        SELECT d.ordinal, d.title, d.code,
               count(*) FILTER (WHERE v.kind = 'goal') AS goals,
               count(*) FILTER (WHERE v.kind = 'measure') AS measures,
               array_to_string(d.lead_units, '、') AS lead_units
        FROM domains d LEFT JOIN provisions v USING (domain_id)
        WHERE d.plan_id = ? GROUP BY ALL ORDER BY d.ordinal""", [plan_id]).df()


def other_provision_counts(con: duckdb.DuckDBPyConnection, plan_id: str) -> pd.DataFrame:
    return con.execute("""
        SELECT kind, count(*) AS n FROM provisions
        WHERE plan_id = ? AND domain_id IS NULL GROUP BY kind ORDER BY min(char_start)""", [plan_id]).df()


def quarantined(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT source_path, reason FROM quarantine ORDER BY source_path").df()


def targets_with_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every target with its plan's source file (for evaluation against gold sets)."""
    return con.execute("""
        SELECT t.*, p.source_file, p.source_path, p.subject
        FROM targets t JOIN plans p USING (plan_id) ORDER BY t.value_start""").df()


def source_paths(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT DISTINCT source_file, source_path FROM plans").fetchall())
