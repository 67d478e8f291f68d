"""Run the zero-row data checks of checks.sql against a warehouse connection."""
from __future__ import annotations

import re
from importlib import resources

import duckdb

# {scope:EXPR} in a check: the rows whose plan (EXPR) a run added, when it adds to a published
# warehouse. The rest were checked when that warehouse was published, and an ingest changes nothing
# of them those checks read (it adds rows, flags superseded plans, and links the plans it adds).
# At 10,000 plans the full checks take 7 s, most of it re-reading every target's evidence.
_SCOPE = re.compile(r"\{scope:([^}]+)\}")


def named_checks() -> list[tuple[str, str]]:
    text = (resources.files("warehouse") / "checks.sql").read_text(encoding="utf-8")
    checks = []
    for chunk in re.split(r"(?m)^-- name: ", text)[1:]:
        name, _, sql = chunk.partition("\n")
        checks.append((name.strip(), sql.strip().rstrip(";")))
    return checks


def run_checks(con: duckdb.DuckDBPyConnection, plans: list[str] | None = None) -> dict[str, list[tuple]]:
    """Return {check name: offending rows} for every check that found rows: over every row, or, with
    `plans` (the plans a run added), the scoped checks over those plans' rows only."""
    if plans is not None:
        con.execute("CREATE OR REPLACE TEMP TABLE _check_scope AS SELECT DISTINCT unnest(?::VARCHAR[]) AS plan_id",
                    [plans])
    failures = {}
    try:
        for name, sql in named_checks():
            sql = _SCOPE.sub(lambda m: "true" if plans is None else
                             f"({m.group(1)} IN (SELECT plan_id FROM _check_scope))", sql)
            rows = con.execute(sql).fetchall()
            if rows:
                failures[name] = rows
    finally:
        if plans is not None:
            con.execute("DROP TABLE IF EXISTS _check_scope")
    return failures
