"""Connections and migrations.

Schema changes are numbered SQL files in warehouse/schema/, applied in order and recorded in
schema_migrations, so a warehouse says which schema it was built with.
"""
from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import WarehouseError

_SCHEMA = resources.files("warehouse") / "schema"
DEFAULT_DB = Path("data") / "planatlas.duckdb"
DB_ENV = "PLANATLAS_DB"


def default_db_path() -> Path:
    """--db flag > $PLANATLAS_DB > data/planatlas.duckdb under the current directory."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def migration_files() -> list[tuple[str, str]]:
    files = sorted(f.name for f in _SCHEMA.iterdir() if f.name.endswith(".sql"))
    return [(name, (_SCHEMA / name).read_text(encoding="utf-8")) for name in files]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    con.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
        name VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL)""")
    done = dict(con.execute("SELECT name, sha256 FROM schema_migrations").fetchall())
    applied = []
    for name, sql in migration_files():
        digest = hashlib.sha256(sql.encode()).hexdigest()
        if name in done:
            if done[name] != digest:
                raise WarehouseError(f"migration {name} changed after it was applied")
            continue
        con.execute("BEGIN")
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, digest])
        con.execute("COMMIT")
        applied.append(name)
    return applied


def connect_read(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a published warehouse, with a clear error if there is none."""
    p = Path(path)
    if not p.exists():
        raise WarehouseError(f"no warehouse at {p}: run `planatlas build --db {p}` first")
    try:
        return duckdb.connect(str(p), read_only=True)
    except duckdb.Error as e:
        raise WarehouseError(f"cannot open {p}: {e}") from e
