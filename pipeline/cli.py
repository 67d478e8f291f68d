"""The `planatlas` command."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from extractors.errors import PlanAtlasError
from warehouse import queries
from warehouse.db import DB_ENV, connect_read, default_db_path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="PlanAtlas: Chinese local development plans as data.")
# Piped output (CI logs, `| less`) gets a wide table instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
DEFAULT_CORPUS = Path("corpus")

DbOption = typer.Option(None, "--db", help=f"Warehouse file (default: ${DB_ENV} or data/planatlas.duckdb).")


def _db(db: Optional[Path]) -> Path:
    return db or default_db_path()


def _fail(e: Exception) -> None:
    console.print(f"[red]error:[/red] {e}")
    raise typer.Exit(1)


JsonOption = typer.Option(False, "--json", help="Print JSON instead of tables.")


def _print_json(value) -> None:
    import json
    print(json.dumps(value, ensure_ascii=False, indent=1, default=str))


def _records(df) -> list[dict]:
    """A DataFrame's rows as JSON-ready dicts (missing values as null, lists as lists, times in ISO)."""
    import json
    return json.loads(df.to_json(orient="records", force_ascii=False, date_format="iso"))


def _table(df, title: str | None = None) -> Table:
    t = Table(title=title)
    for c in df.columns:
        t.add_column(str(c), justify="right" if df[c].dtype.kind in "iuf" else "left", overflow="fold")
    for row in df.itertuples(index=False):
        t.add_row(*["" if v is None else str(v) for v in row])
    return t


@app.command()
def show(plan_id: str, db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Print a plan's outline: its domains with goal and measure counts.

    Example: planatlas show panshan-children --json
    """
    try:
        con = connect_read(_db(db))
        p = queries.plan_row(con, plan_id)
        if as_json:
            _print_json({"plan": p, "domains": _records(queries.plan_outline(con, plan_id)),
                         "other_provisions": _records(queries.other_provision_counts(con, plan_id))})
            return
        console.print(f"[bold]{p['title'] or p['plan_id']}[/bold]  {p['jurisdiction']} ({p['jurisdiction_en']}), "
                      f"{p['subject']}, {p['period_start']}-{p['period_end']}")
        console.print(f"source {p['source_file']} [{p['char_start']}:{p['char_end']}]"
                      + ("" if p["is_current"] else f"  (superseded by {p['superseded_by']})"))
        console.print(_table(queries.plan_outline(con, plan_id), title="Domains"))
        console.print(_table(queries.other_provision_counts(con, plan_id), title="Other provisions"))
    except PlanAtlasError as e:
        _fail(e)


import pipeline.cli_runs  # noqa: E402,F401  (registers ingest/build/rebuild)
import pipeline.cli_eval  # noqa: E402,F401  (registers eval)
import pipeline.cli_compare  # noqa: E402,F401  (registers compare/export)
import pipeline.cli_search  # noqa: E402,F401  (registers search/similar)
import pipeline.cli_ui  # noqa: E402,F401  (registers ui)


def install_stop_signals() -> None:
    """SIGTERM unwinds like Ctrl-C (servers stopped, temporary files removed), and either one also
    interrupts the warehouse statements running: DuckDB runs Python's signal handlers only between its
    tasks, and one task can run for minutes. The C-level handler writes each signal to a pipe at once
    (signal.set_wakeup_fd); a thread reading it interrupts the statements, whose interruption then
    unwinds with the handler's KeyboardInterrupt."""
    import os
    import signal
    import threading

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    stops = {int(signal.SIGTERM), int(signal.SIGINT)}

    def watch() -> None:
        from warehouse.db import interrupt_running
        while data := os.read(read, 64):
            if stops.intersection(data):
                interrupt_running()

    threading.Thread(target=watch, name="interrupt-on-stop", daemon=True).start()


def main() -> None:
    install_stop_signals()
    app()


if __name__ == "__main__":
    main()
