"""Connections and migrations.

Schema changes are numbered SQL files in warehouse/schema/, applied in order and recorded in
schema_migrations, so a warehouse says which schema it was built with.
"""
from __future__ import annotations

import hashlib
import os
import weakref
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.errors import NotAWarehouse, OlderWarehouse, WarehouseError

_SCHEMA = resources.files("warehouse") / "schema"
DEFAULT_DB = Path("data") / "planatlas.duckdb"
DB_ENV = "PLANATLAS_DB"


# The connections of a run whose statements a stop signal interrupts (see interrupt_running).
_RUNNING: "weakref.WeakSet[duckdb.DuckDBPyConnection]" = weakref.WeakSet()


def interruptible(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Register a connection whose statement interrupt_running stops; returns it."""
    _RUNNING.add(con)
    return con


def interrupt_running() -> None:
    """Interrupt the statement running on every registered connection (DuckDB's interrupt is meant to
    be called from another thread). A stop signal needs it: DuckDB runs Python's signal handlers only
    between its tasks, and one task of a build can run for minutes, so a SIGTERM alone could leave a
    statement running (seen: one SIGTERM, then another, ignored for ten minutes)."""
    for con in list(_RUNNING):
        try:
            con.interrupt()
        except duckdb.Error:  # closed meanwhile
            pass


def default_db_path() -> Path:
    """--db flag > $PLANATLAS_DB > data/planatlas.duckdb under the current directory."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def _fill(sql: str) -> str:
    """The character folds and unit spellings the SQL layer needs come from the one module that
    defines them for every layer (extractors.textfold, extractors.units)."""
    from extractors import textfold, units
    return (sql.replace("{{NUMBER_FROM}}", textfold.NUMBER_FROM).replace("{{NUMBER_TO}}", textfold.NUMBER_TO)
            .replace("{{UNIT_CASE}}", units.sql_case("u")))


def migration_files() -> list[tuple[str, str]]:
    files = sorted(f.name for f in _SCHEMA.iterdir() if f.name.endswith(".sql"))
    return [(name, _fill((_SCHEMA / name).read_text(encoding="utf-8"))) for name in files]


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
    _refuse_special(p, WarehouseError)
    try:
        return duckdb.connect(str(p), read_only=True)
    except duckdb.Error as e:
        raise WarehouseError(f"cannot open {p}: {e}") from e


def is_warehouse(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether an open DuckDB database is a PlanAtlas warehouse (it has our migrations and plans)."""
    # duckdb_tables(), filtered: information_schema.tables lists every catalog's tables (7-10 ms)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name IN "
                                        "('schema_migrations', 'plans')").fetchall()}
    return {"schema_migrations", "plans"} <= tables


def require_warehouse(con: duckdb.DuckDBPyConnection, path: Path | str,
                      then: str = "choose another --db (a file `planatlas build` made).") -> None:
    """Refuse (NotAWarehouse) a DuckDB database that is not a PlanAtlas warehouse; `then` says what to do."""
    if not is_warehouse(con):
        raise NotAWarehouse(f"{path} is a DuckDB file but not a PlanAtlas warehouse; {then}")


def connect_warehouse(path: Path | str, current_schema: bool = True) -> duckdb.DuckDBPyConnection:
    """connect_read, refusing a DuckDB file that is not a PlanAtlas warehouse (what every reading
    command needs: a query on it would fail with a missing table), and, with `current_schema`, one an
    older PlanAtlas built (the reading code's statements need this schema's columns and macros)."""
    con = connect_read(path)
    try:
        require_warehouse(con, path)
        if current_schema:
            require_current_schema(con, path)
    except BaseException:
        con.close()
        raise
    return con


def missing_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    applied = {r[0] for r in con.execute("SELECT name FROM schema_migrations").fetchall()}
    return [name for name, _ in migration_files() if name not in applied]


def require_current_schema(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """Refuse a warehouse without this code's latest migrations, saying how to bring it up to date (a
    run that writes it applies them; rebuild also re-reads its plans with the current rules)."""
    missing = missing_migrations(con)
    if missing:
        raise OlderWarehouse(
            f"{path} was built by an older PlanAtlas (it lacks {', '.join(m.removesuffix('.sql') for m in missing)}); "
            f"bring it up to date with `planatlas rebuild --db {path}`, which re-reads its plans with the "
            "current rules and keeps everything it holds")


def _refuse_special(p: Path, error: type[WarehouseError]) -> None:
    """A directory, FIFO, socket or device is never opened: DuckDB would block reading a FIFO."""
    if p.is_dir():
        raise error(f"--db {p} is a directory; give a file path such as {p / 'planatlas.duckdb'}")
    if not p.is_file():
        raise error(f"--db {p} is not a regular file (a FIFO, socket or device), so not a warehouse; "
                    "choose another --db")


@dataclass(frozen=True)
class TargetState:
    """What a --db path holds before a run writes it."""
    exists: bool
    current: bool = False          # built with this code's schema (migrations match)
    plan_ids: set[str] = field(default_factory=set)


def inspect_target(path: Path, must_be_current: bool = True) -> TargetState:
    """Refuse a --db that is a directory or a file that is not a PlanAtlas warehouse (never
    overwritten); say so when an older PlanAtlas built it and the run needs the current schema."""
    p = Path(path)
    if p.is_dir():
        raise NotAWarehouse(f"--db {p} is a directory; give a file path such as {p / 'planatlas.duckdb'}")
    if not p.exists():
        if p.parent.exists() and not p.parent.is_dir():
            raise NotAWarehouse(f"--db {p}: {p.parent} is not a directory")
        return TargetState(False)
    _refuse_special(p, NotAWarehouse)
    try:
        con = duckdb.connect(str(p), read_only=True)
    except duckdb.Error as e:
        if "lock" in str(e).lower():
            raise WarehouseError(f"{p} is open for writing by another program: {e}") from e
        raise NotAWarehouse(f"{p} is not a PlanAtlas warehouse (not a DuckDB file); refusing to overwrite it. "
                            "Choose another --db.") from None
    try:
        require_warehouse(con, p, "refusing to overwrite it. Choose another --db.")
        applied = dict(con.execute("SELECT name, sha256 FROM schema_migrations").fetchall())
        plan_ids = {r[0] for r in con.execute("SELECT plan_id FROM plans").fetchall()}
    finally:
        con.close()
    ours = {name: hashlib.sha256(sql.encode()).hexdigest() for name, sql in migration_files()}
    current = all(ours.get(name) == digest for name, digest in applied.items())
    if must_be_current and not current:
        raise WarehouseError(f"{p} was built by an older PlanAtlas (its schema differs); rebuild it from its "
                             "corpus with `planatlas build --corpus DIR --db {p} --replace`".replace("{p}", str(p)))
    return TargetState(True, current, plan_ids)
