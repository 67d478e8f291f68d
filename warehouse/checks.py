"""Run the zero-row data checks of checks.sql against a warehouse connection."""
from __future__ import annotations

import re
from importlib import resources

import duckdb


def named_checks() -> list[tuple[str, str]]:
    text = (resources.files("warehouse") / "checks.sql").read_text(encoding="utf-8")
    checks = []
    for chunk in re.split(r"(?m)^-- name: ", text)[1:]:
        name, _, sql = chunk.partition("\n")
        checks.append((name.strip(), sql.strip().rstrip(";")))
    return checks


def run_checks(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Return {check name: offending rows} for every check that found rows."""
    failures = {}
    for name, sql in named_checks():
        rows = con.execute(sql).fetchall()
        if rows:
            failures[name] = rows
    return failures
