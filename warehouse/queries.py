"""Named read queries used by the CLI and notebooks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from warehouse.errors import WarehouseError

if TYPE_CHECKING:  # pandas loads in ~0.5 s; DuckDB's .df() imports it when a frame is asked for
    import pandas as pd


def plan_summary(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    """One row per plan: jurisdiction, subject, period and structure counts."""
    return con.execute("""
        SELECT p.plan_id, p.jurisdiction, p.subject,
               coalesce(p.period_start::VARCHAR, '?') || '-' || coalesce(p.period_end::VARCHAR, '?') AS period,
               (SELECT count(*) FROM domains d WHERE d.plan_id = p.plan_id) AS domains,
               (SELECT count(*) FROM provisions v WHERE v.plan_id = p.plan_id AND v.kind = 'goal') AS goals,
               (SELECT count(*) FROM provisions v WHERE v.plan_id = p.plan_id AND v.kind = 'measure') AS measures,
               (SELECT count(*) FROM provisions v WHERE v.plan_id = p.plan_id
                   AND v.kind NOT IN ('goal', 'measure')) AS other_provisions,
               (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id) AS targets,
               CASE WHEN p.is_current THEN '' ELSE 'superseded by ' || p.superseded_by END AS note
        FROM plans p ORDER BY p.source_file, p.plan_index""").df()


def incomplete_plans(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> list[tuple[str, list[str]]]:
    """Current plans whose structure is marked incomplete, with what is missing (only those the
    run `run_id` loaded, when given)."""
    return con.execute("""SELECT plan_id, structure_notes FROM plans WHERE is_current AND NOT structure_complete
                          AND (CAST(? AS VARCHAR) IS NULL OR run_id = ?) ORDER BY plan_id""",
                       [run_id, run_id]).fetchall()


def plan_row(con: duckdb.DuckDBPyConnection, plan_id: str) -> dict:
    cur = con.execute("SELECT * FROM plans WHERE plan_id = ?", [plan_id])
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    if not rows:
        known = [r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY plan_id").fetchall()]
        raise WarehouseError(f"no plan {plan_id!r}; plans are: {', '.join(known)}")
    return dict(zip(cols, rows[0]))


def plan_outline(con: duckdb.DuckDBPyConnection, plan_id: str) -> "pd.DataFrame":
    """Domains of a plan in printed order with their goal and measure counts."""
    return con.execute("""
        SELECT d.ordinal, d.title, d.code,
               count(*) FILTER (WHERE v.kind = 'goal') AS goals,
               count(*) FILTER (WHERE v.kind = 'measure') AS measures,
               array_to_string(d.lead_units, '、') AS lead_units
        FROM domains d LEFT JOIN provisions v USING (domain_id)
        WHERE d.plan_id = ? GROUP BY ALL ORDER BY d.ordinal""", [plan_id]).df()


def other_provision_counts(con: duckdb.DuckDBPyConnection, plan_id: str) -> "pd.DataFrame":
    return con.execute("""
        SELECT kind, count(*) AS n FROM provisions
        WHERE plan_id = ? AND domain_id IS NULL GROUP BY kind ORDER BY min(char_start)""", [plan_id]).df()


def quarantined(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    return con.execute("SELECT source_path, reason FROM quarantine ORDER BY source_path").df()


def targets_with_sources(con: duckdb.DuckDBPyConnection) -> "pd.DataFrame":
    """Every target with its plan's source file (for evaluation against gold sets)."""
    return con.execute("""
        SELECT t.*, p.source_file, p.source_path, p.subject
        FROM targets t JOIN plans p USING (plan_id) ORDER BY t.value_start""").df()


def document_texts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{original file name: the stored text its plans' offsets index} of every document with plans."""
    return dict(con.execute("""SELECT original_name, text FROM documents
                               WHERE text IS NOT NULL AND status IN ('loaded', 'superseded')""").fetchall())


def _read_published(db) -> duckdb.DuckDBPyConnection | None:
    from pathlib import Path
    from warehouse.db import inspect_target
    p = Path(db)
    state = inspect_target(p, must_be_current=False)
    if not state.exists or not state.current:
        return None
    return duckdb.connect(str(p), read_only=True)


def known_files(db) -> set[tuple[str, str]]:
    """(sha256, original name) of every file the published warehouse at `db` has seen (empty when
    there is none yet, or when it was built by an older PlanAtlas)."""
    con = _read_published(db)
    if con is None:
        return set()
    try:
        return set(con.execute("SELECT source_sha256, original_name FROM documents").fetchall())
    finally:
        con.close()


def stored_documents(db) -> list[tuple]:
    """(SourceFile, raw_stored) of every document, in the order first seen."""
    from extractors.bundle import SourceFile
    con = _read_published(db)
    if con is None:
        raise WarehouseError(f"no current PlanAtlas warehouse at {db} to rebuild")
    try:
        return [(SourceFile(path or name, name, sha, size), stored) for sha, name, path, size, stored in con.execute(
            """SELECT source_sha256, original_name, source_path, size_bytes, raw_stored FROM documents
               ORDER BY seq""").fetchall()]
    finally:
        con.close()


METADATA_COLUMNS = ("plan_id", "source_file", "source_sha256", "plan_index", "jurisdiction", "jurisdiction_en",
                    "province", "parent", "admin_level", "subject", "title", "period_start", "period_end", "issuer",
                    "issue_date", "doc_number")


def plan_metadata_rows(db) -> list[dict]:
    """The metadata the published plans were loaded with, as plans.csv rows (strings)."""
    con = _read_published(db)
    if con is None:
        return []
    try:
        cur = con.execute(f"""SELECT {', '.join(METADATA_COLUMNS)} FROM plans WHERE metadata_source = 'metadata'
                              ORDER BY plan_id""")
        return [{k: "" if v is None else str(v) for k, v in zip(METADATA_COLUMNS, r)} for r in cur.fetchall()]
    finally:
        con.close()


def source_states(db) -> dict[str, dict]:
    """What each polled URL said last time (etag, last_modified, last_sha256, ...), by URL."""
    con = _read_published(db)
    if con is None:
        return {}
    try:
        cur = con.execute("SELECT * FROM sources")
        cols = [c[0] for c in cur.description]
        return {r[0]: dict(zip(cols, r)) for r in cur.fetchall()}
    finally:
        con.close()


def status(con: duckdb.DuckDBPyConnection, runs: int = 10) -> dict:
    """What `planatlas status` shows: plans, documents by status, the quarantine, the last runs."""
    def frame(sql: str, params=()) -> list[dict]:
        cur = con.execute(sql, list(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    return {
        "plans": frame("""SELECT count(*) FILTER (WHERE is_current) AS current,
                                 count(*) FILTER (WHERE NOT is_current) AS superseded,
                                 count(*) FILTER (WHERE is_current AND NOT structure_complete) AS incomplete
                          FROM plans""")[0],
        "documents": frame("SELECT status, count(*) AS n FROM documents GROUP BY status ORDER BY status"),
        "quarantine": frame("""SELECT original_name, source_path, reason, first_seen_at FROM quarantine
                               ORDER BY first_seen_at DESC, original_name"""),
        "runs": frame(f"""SELECT run_id, trigger, started_at, finished_at, new, unchanged, duplicate, superseded,
                                 quarantined, status, array_to_string(warnings, '; ') AS notes
                          FROM runs ORDER BY started_at DESC LIMIT ?""", [runs]),
        "build_info": dict(con.execute("SELECT key, value FROM build_info").fetchall()),
    }


@dataclass(frozen=True)
class IndicatorElsewhere:
    """A target of another provision of a plan, for an indicator the given provision sets."""
    plan_id: str
    provision_id: str
    kind: str
    ordinal: int
    char_start: int
    char_end: int
    indicator_code: str
    indicator_name: str
    year: int | None
    year_stated: bool  # false: no year printed, the year is the end of the plan's period
    display: str


def same_indicator_elsewhere(con: duckdb.DuckDBPyConnection, provision_id: str, plans: list[str],
                             shown: list[str]) -> list[IndicatorElsewhere]:
    """Targets in `plans` for the indicators the provision's targets carry, held by provisions other than
    those `shown` (the similar view's counterpart per plan is the best-worded one, which need not be
    the one that sets the indicator)."""
    rows = con.execute("""
        SELECT t.plan_id, t.provision_id, v.kind, v.ordinal, v.char_start, v.char_end, t.indicator_code, i.name_zh,
               coalesce(t.target_year, p.period_end) AS year, t.target_year IS NOT NULL AS year_stated,
               pa_display(t.comparator, t.value, t.value_high, t.unit, t.per_year, t.value_text, t.direction) AS display
        FROM targets t JOIN plans p USING (plan_id) JOIN provisions v USING (provision_id)
             JOIN indicators i ON i.code = t.indicator_code
        WHERE t.kind = 'target' AND t.plan_id = ANY(?::VARCHAR[]) AND NOT t.provision_id = ANY(?::VARCHAR[])
          AND t.indicator_code IN (SELECT indicator_code FROM targets WHERE provision_id = ? AND kind = 'target')
        ORDER BY t.plan_id, v.char_start, t.value_start""", [plans, shown + [provision_id], provision_id]).fetchall()
    return [IndicatorElsewhere(plan_id=r[0], provision_id=r[1], kind=r[2], ordinal=r[3], char_start=r[4],
                               char_end=r[5], indicator_code=r[6], indicator_name=r[7], year=r[8], year_stated=r[9],
                               display=r[10]) for r in rows]
