"""The `planatlas` command."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractors.errors import PlanAtlasError
from warehouse import queries
from warehouse.db import DB_ENV, connect_warehouse, default_db_path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="PlanAtlas: Chinese local development plans as data.\n\n"
                       "Example: planatlas build --corpus corpus && planatlas compare infant_mortality_rate\n\n"
                       "Every command has -h with an example of its own.")
# Piped output (CI logs, `| less`) gets a wide table instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
# Errors, warnings and notes go to stderr: `--json > out.json` and `| jq` get the output alone.
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
DEFAULT_CORPUS = Path("corpus")

DbOption = typer.Option(None, "--db", help=f"Warehouse file (default: ${DB_ENV} or data/planatlas.duckdb).")


def _db(db: Optional[Path]) -> Path:
    path = db or default_db_path()
    # A warehouse reached through a symbolic link is read and written where the link points: publishing
    # renames a new file into place, which would replace the link with a file of its own (two warehouses),
    # and the lock and raw store beside the link would not be the real file's.
    return path.resolve() if path.is_symlink() else path


def _open(db: Optional[Path]):
    """A read-only connection to the warehouse at --db, refusing a file that is not one."""
    return connect_warehouse(_db(db))


def say_error(message: str, label: str = "error") -> None:
    err_console.print(f"[red]{label}:[/red] {escape(message)}", soft_wrap=True)


def say_note(message: str, label: str = "note") -> None:
    err_console.print(f"[yellow]{label}:[/yellow] {escape(message)}", soft_wrap=True)


def _fail(e: Exception | str, code: int = 1) -> None:
    say_error(str(e))
    raise typer.Exit(code)


JsonOption = typer.Option(False, "--json", help="Print JSON instead of tables.")


def _print_json(value) -> None:
    import json
    print(json.dumps(value, ensure_ascii=False, indent=1, default=str))


def _records(df) -> list[dict]:
    """A DataFrame's rows as JSON-ready dicts (missing values as null, lists as lists, times in ISO)."""
    import json
    return json.loads(df.to_json(orient="records", force_ascii=False, date_format="iso"))


WIDE = 10_000  # --wide: a console this wide wraps nothing; tables are as wide as their content
WideOption = typer.Option(False, "--wide", help="Do not wrap lines to the terminal's width (for a wide "
                          "terminal or a file).")


def _out(wide: bool) -> Console:
    return Console(width=WIDE, soft_wrap=True) if wide else console


def _is_id(name: str) -> bool:
    """Columns holding ids or codes, which are copied whole and so never folded where there is room."""
    return name in ("id", "code") or name.endswith(("_id", "_code", "code (conf.)"))


def id_column(t: Table, header: str, values, **kw) -> None:
    """A column of ids or codes: never cut to "…". Kept whole where the width allows, folded onto the
    next line where even that does not fit. Its width is fixed at the longest value, so rich narrows the
    other (wrappable) columns first; a min_width instead would make rich crop the table's right edge
    when the minimums exceed the terminal."""
    from rich.cells import cell_len
    longest = max((cell_len(str(v)) for v in values if v is not None), default=0)
    t.add_column(header, overflow="fold", no_wrap=False, width=max(longest, min(len(header), 12), 1), **kw)
    t.columns[-1].planatlas_id = True  # print_table lets it fold where fixing it would starve the others


MIN_OTHER = 8  # cells an id column leaves at least to every other column of its table


def print_table(out: Console, t: Table) -> None:
    """Print a table whose id columns (id_column) are kept whole if the others still get MIN_OTHER
    cells each, and otherwise fold like the rest (a narrow terminal): never cut, never cropped."""
    ids = [c for c in t.columns if getattr(c, "planatlas_id", False)]
    need = sum(c.width for c in ids if c.width) + MIN_OTHER * (len(t.columns) - len(ids)) + 3 * len(t.columns) + 1
    if need > out.width:
        for c in ids:
            c.width = None
    out.print(t)


def _table(df, title: str | None = None) -> Table:
    t = Table(title=title)
    for c in df.columns:
        justify = "right" if df[c].dtype.kind in "iuf" else "left"
        if _is_id(str(c)):
            id_column(t, str(c), df[c], justify=justify)
        else:  # fold, not "…": Chinese has no spaces to wrap at, and rich would cut the cell short
            t.add_column(str(c), justify=justify, overflow="fold")
    for row in df.itertuples(index=False):
        t.add_row(*["" if v is None else str(v) for v in row])
    return t


@app.command()
def show(plan_id: str, db: Optional[Path] = DbOption, as_json: bool = JsonOption, wide: bool = WideOption):
    """Print a plan's outline: its domains with goal and measure counts.

    Example: planatlas show panshan-children --json
    """
    try:
        con = _open(db)
        p = queries.plan_row(con, plan_id)
        if as_json:
            _print_json({"plan": p, "domains": _records(queries.plan_outline(con, plan_id)),
                         "other_provisions": _records(queries.other_provision_counts(con, plan_id))})
            return
        out = _out(wide)
        out.print(f"[bold]{p['title'] or p['plan_id']}[/bold]  {p['jurisdiction']} ({p['jurisdiction_en']}), "
                  f"{p['subject']}, {p['period_start']}-{p['period_end']}")
        out.print(f"source {p['source_file']} [{p['char_start']}:{p['char_end']}]"
                  + ("" if p["is_current"] else f"  (superseded by {p['superseded_by']})"))
        print_table(out, _table(queries.plan_outline(con, plan_id), title="Domains"))
        print_table(out, _table(queries.other_provision_counts(con, plan_id), title="Other provisions"))
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
    import time

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    # A process started in the background by a script inherits SIGINT ignored (POSIX), and an ignored
    # signal never reaches the wakeup pipe: `kill -INT` would not stop a run (a CI run waited 60 s).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    stops = {int(signal.SIGTERM), int(signal.SIGINT)}

    def watch() -> None:
        from warehouse.db import interrupt_running
        while data := os.read(read, 64):
            if stops.intersection(data):
                # again a moment later: a signal that lands while a statement is being planned finds
                # nothing running yet, and the statement would then run to its end (seen on a busy machine)
                for pause in (0.0, 0.3, 1.0):
                    time.sleep(pause)
                    interrupt_running()

    threading.Thread(target=watch, name="interrupt-on-stop", daemon=True).start()


def main() -> None:
    """The installed command: a bug that escapes a command is still one line, never a traceback."""
    install_stop_signals()
    from pipeline.cli_runs import _guard
    try:
        _guard(app)
    except typer.Exit as e:  # raised by _guard outside click's own handling
        sys.exit(e.exit_code)


if __name__ == "__main__":
    main()
