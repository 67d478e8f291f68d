"""`planatlas ingest`, `build`, `rebuild` and `status`: the commands that write the warehouse.

Exit codes: 0 everything was loaded or unchanged; 1 something was quarantined, or the run was
refused or failed (the published warehouse is then unchanged); 2 usage errors; 3 another writer
holds the warehouse (see --wait).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape

from extractors.errors import PlanAtlasError
from pipeline.cli import (DbOption, JsonOption, WideOption, _db, _out, _print_json, _records, _table, app, console,
                          print_table, say_error)
from pipeline.sources import UsageError
from warehouse import queries
from warehouse.db import connect_read, connect_warehouse
from warehouse.errors import WarehouseBusy, interrupted

EXIT_QUARANTINED, EXIT_USAGE, EXIT_BUSY = 1, 2, 3
COLOURS = {"loaded": "green", "unchanged": "dim", "duplicate": "cyan", "superseded": "magenta", "quarantined": "yellow"}

NoPrefect = typer.Option(False, "--no-prefect", help="Run the same stages without the orchestrator (quicker locally).")
Wait = typer.Option(0.0, "--wait", help="Seconds to wait if another run holds the warehouse's lock.")


def _shown(path: str) -> str:
    try:
        rel = os.path.relpath(path)
        return rel if not rel.startswith("..") else path
    except ValueError:
        return path


Runner = typer.Option("thread", "--runner", help="Prefect task runner: thread, process or dask.")
DaskAddress = typer.Option(None, "--dask-address", help="An existing Dask scheduler, tcp://HOST:PORT "
                           "(--runner dask; default: a local cluster).")


def _run(kind: str, no_prefect: bool, runner: str = "thread", dask_address: str | None = None, **kw):
    """Run a flow (through a private Prefect server unless PREFECT_API_URL names one) or its plain twin."""
    from pipeline import progress, steps
    with progress.shown(f"{kind}: reading and extracting"):
        if no_prefect:
            return {"ingest": steps.ingest_plain, "build": steps.build_plain, "rebuild": steps.rebuild_plain}[kind](**kw)
        from pipeline.prefect_server import orchestrator
        from pipeline.run_logging import flush_api_logs, known_errors_in_one_line
        with orchestrator():
            from pipeline import flows
            known_errors_in_one_line()
            fn = {"ingest": flows.ingest_flow, "build": flows.build_flow, "rebuild": flows.rebuild_flow}[kind]
            try:
                return fn.with_options(task_runner=flows.task_runner(runner, dask_address))(**kw)
            finally:
                flush_api_logs()  # while the server still runs


def _check_target(path: Path) -> None:
    """Refuse a --db that is not a PlanAtlas warehouse before the run stores anything beside it (the
    copies of the raw files in <db>.raw/): a refusal leaves nothing behind."""
    from warehouse.db import inspect_target
    from warehouse.errors import NotAWarehouse
    try:
        inspect_target(path, must_be_current=False)
    except NotAWarehouse as e:
        say_error(str(e))
        raise typer.Exit(1)
    except PlanAtlasError:  # busy, an older schema, ...: the run itself decides (it waits, says so)
        pass


def _check_runner(runner: str, dask_address: str | None, no_prefect: bool) -> None:
    if runner not in ("thread", "process", "dask"):
        _usage(f"--runner must be thread, process or dask, not {runner!r}")
    if dask_address and runner != "dask":
        _usage("--dask-address goes with --runner dask")
    if dask_address and not dask_address.startswith(("tcp://", "tls://", "ucx://")):
        _usage(f"--dask-address {dask_address!r}: give the scheduler as tcp://HOST:PORT")
    if no_prefect and (runner != "thread" or dask_address):
        _usage("--runner and --dask-address choose Prefect's task runner: not with --no-prefect")


def _print_outcomes(result, only_problems: bool = False) -> None:
    for o in result.changes.outcomes:
        if only_problems and o.outcome in ("loaded", "unchanged"):
            continue
        colour = COLOURS[o.outcome]
        console.print(f"[{colour}]{o.outcome:<11}[/{colour}] {escape(_shown(o.source_path))}"
                      + (f"  {escape(o.detail)}" if o.detail else ""), soft_wrap=True)
    for p in result.extra.get("metadata_problems", []):
        console.print(f"[yellow]metadata[/yellow]    {escape(p)}", soft_wrap=True)


def _summary_line(result, db: Path) -> str:
    c = result.counts
    files = sum(c.values())
    return (f"{files} file{'s' if files != 1 else ''}: {c['loaded']} loaded, {c['unchanged']} unchanged, "
            f"{c['duplicate']} duplicate, {c['superseded']} superseded, {c['quarantined']} quarantined "
            f"(run {result.run_id}); {db} holds {result.plans} plans")


def _incomplete(db: Path, run_id: str) -> None:
    """The plans this run loaded whose structure is incomplete (earlier runs reported theirs)."""
    con = connect_read(db)
    try:
        for pid, notes in queries.incomplete_plans(con, run_id):
            console.print(f"[yellow]incomplete[/yellow]  {pid}: {escape('; '.join(notes))}", soft_wrap=True)
    finally:
        con.close()


def _finish(result, db: Path, as_json: bool = False) -> None:
    if as_json:
        _print_json(_as_json(result, db))
    else:
        _incomplete(db, result.run_id)
        console.print(_summary_line(result, db), soft_wrap=True)
    if result.counts["quarantined"]:
        raise typer.Exit(EXIT_QUARANTINED)


def _as_json(result, db: Path) -> dict:
    """What the run printed, as one JSON object (the exit code is the same)."""
    con = connect_read(db)
    try:
        incomplete = [{"plan_id": pid, "notes": list(notes)} for pid, notes in queries.incomplete_plans(con, result.run_id)]
        plans = _records(queries.plan_summary(con))
    finally:
        con.close()
    return {"run_id": result.run_id, "warehouse": str(db), "plans": result.plans, "counts": result.counts,
            "files": [{"outcome": o.outcome, "path": o.source_path, "sha256": o.sha256, "detail": o.detail}
                      for o in result.changes.outcomes],
            "metadata_problems": list(result.extra.get("metadata_problems", [])), "incomplete": incomplete,
            "current_plans": plans, **({"removed": result.extra["removed"]} if "removed" in result.extra else {})}


def _say_interrupted(published: bool = False):
    if published:  # the signal came after the new file was in place (under Prefect, while its run wound down)
        say_error("the run had published its warehouse before it stopped: `planatlas status` shows it",
                  "interrupted")
    else:
        say_error("the published warehouse is unchanged", "interrupted")
    raise typer.Exit(130)


def _stamp(path: Path | None):
    try:
        st = os.stat(path) if path is not None else None
        return (st.st_ino, st.st_mtime_ns, st.st_size) if st else None
    except OSError:
        return None


def _guard(fn, run: tuple[Path, str] | None = None):
    """Map the project's errors to messages and exit codes: never a traceback. `run`: (warehouse, kind)
    of a run, whose failure is also logged beside the warehouse (it publishes nothing, so `runs` cannot
    hold it; `planatlas status` shows the log)."""
    before = _stamp(run[0] if run else None)
    try:
        return _mapped(fn, run, before)
    except KeyboardInterrupt:  # also one raised by the signal handler while another error is reported
        _say_interrupted(run is not None and _stamp(run[0]) != before)


def _mapped(fn, run: tuple[Path, str] | None = None, before=None):
    def failed(message: str) -> None:
        if run is not None:
            from warehouse.run_log import record_failed_run
            record_failed_run(run[0], run[1], message)

    try:
        return fn()
    except UsageError as e:
        say_error(str(e))
        raise typer.Exit(EXIT_USAGE)
    except WarehouseBusy as e:
        failed(str(e))
        say_error(str(e), "busy")
        raise typer.Exit(EXIT_BUSY)
    except PlanAtlasError as e:
        failed(str(e))
        say_error(str(e))
        raise typer.Exit(1)
    except Exception as e:  # a bug: say so in one line; PLANATLAS_DEBUG=1 shows the traceback
        if interrupted(e):  # a stop signal reached DuckDB mid-statement
            _say_interrupted(run is not None and _stamp(run[0]) != before)
        if os.environ.get("PLANATLAS_DEBUG"):
            raise
        failed(f"unexpected {type(e).__name__}: {e}")
        say_error(f"unexpected {type(e).__name__}: {e} — the published warehouse is unchanged; "
                  "run with PLANATLAS_DEBUG=1 for details and report it")
        raise typer.Exit(1)


@app.command()
def ingest(paths: List[Path] = typer.Argument(..., help="Plan files (.txt, .docx, .pdf, .html) and folders of them."),
           db: Optional[Path] = DbOption,
           metadata: List[Path] = typer.Option([], "--metadata", help="A plans.csv describing the files "
                                               "(plans.csv files inside the folders are read anyway)."),
           no_prefect: bool = NoPrefect, wait: float = Wait, runner: str = Runner,
           dask_address: Optional[str] = DaskAddress, as_json: bool = JsonOption):
    """Add new and revised plans to the warehouse (created if missing); files already seen change nothing.

    Prints one line per file: loaded, unchanged, duplicate, superseded or quarantined (with the reason).

    Example: planatlas ingest inbox/ new_plan.docx
    """
    path = _db(db)
    _check_runner(runner, dask_address, no_prefect)
    _check_target(path)
    result = _guard(lambda: _run("ingest", no_prefect, runner, dask_address, paths=list(paths), db=path, wait=wait,
                                 extra_metadata=list(metadata)), run=(path, "ingest"))
    if not as_json:
        _print_outcomes(result)
    _finish(result, path, as_json)


@app.command()
def build(corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Folder of raw plan files and plans.csv."),
          db: Optional[Path] = DbOption,
          replace: bool = typer.Option(False, "--replace", help="Publish even if plans of the current warehouse are "
                                       "not in the folder (they are dropped)."),
          no_prefect: bool = NoPrefect, wait: float = Wait, runner: str = Runner,
          dask_address: Optional[str] = DaskAddress, as_json: bool = JsonOption):
    """Build a new warehouse from a folder (a full rebuild) and print a summary.

    Refuses to drop plans the current warehouse has unless --replace; to add files, use ingest.

    Example: planatlas build --corpus corpus
    """
    path = _db(db)
    if not corpus.is_dir():
        say_error(f"--corpus {corpus} is not a folder")
        raise typer.Exit(EXIT_USAGE)
    _check_runner(runner, dask_address, no_prefect)
    _check_target(path)
    result = _guard(lambda: _run("build", no_prefect, runner, dask_address, corpus=corpus, db=path, wait=wait,
                                 replace=replace), run=(path, "build"))
    if not as_json:
        _print_outcomes(result, only_problems=True)
        _print_plans(path)
    _finish(result, path, as_json)


@app.command()
def rebuild(db: Optional[Path] = DbOption,
            replace: bool = typer.Option(False, "--replace", help="Publish even if the new extractors load fewer plans."),
            metadata: Optional[Path] = typer.Option(
                None, "--metadata", help="A plans.csv whose rows correct the metadata the plans were loaded with."),
            no_prefect: bool = NoPrefect, wait: float = Wait, runner: str = Runner,
            dask_address: Optional[str] = DaskAddress, as_json: bool = JsonOption):
    """Re-extract every stored document (raw bytes kept beside the warehouse) into a new warehouse.

    Example: planatlas rebuild --db data/planatlas.duckdb   (--metadata corpus/plans.csv applies a corrected plans.csv)
    """
    path = _db(db)
    _check_runner(runner, dask_address, no_prefect)
    _check_target(path)
    if metadata is not None and not metadata.is_file():
        _usage(f"--metadata {metadata}: no such file (a plans.csv)")
    result = _guard(lambda: _run("rebuild", no_prefect, runner, dask_address, db=path, wait=wait, replace=replace,
                                 **({"metadata_file": metadata.absolute()} if metadata else {})),
                    run=(path, "rebuild"))
    if not as_json:
        _print_outcomes(result, only_problems=True)
        _print_plans(path)
    _finish(result, path, as_json)


@app.command()
def remove(documents: List[str] = typer.Argument(..., help="Plan ids, file names (as first seen) or sha256 "
                                                "(8 hex digits or more) of the documents to take out."),
           db: Optional[Path] = DbOption,
           dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be removed; change nothing."),
           no_prefect: bool = NoPrefect, wait: float = Wait, runner: str = Runner,
           dask_address: Optional[str] = DaskAddress, as_json: bool = JsonOption):
    """Take documents out of the warehouse, with the copies recorded as their duplicates.

    The warehouse is rebuilt from its stored documents without them (as `rebuild` does: every plan
    is read again with the current extractors). A plan's older version becomes current again when
    its newer one is removed. The raw copies stay in the store: ingesting the file again brings it back.

    Example: planatlas remove yushu-children-v2 --dry-run   (then without --dry-run)
    """
    from pipeline.steps import removal_note, removed_rows
    from warehouse.removal import removal_plan
    path = _db(db)
    _check_runner(runner, dask_address, no_prefect)
    _check_target(path)
    plan = _guard(lambda: removal_plan(path, documents))  # (again under the writers' lock, by the run)
    if dry_run:
        if as_json:
            _print_json({"warehouse": str(path), "dry_run": True, "removed": removed_rows(plan)})
        for line in [] if as_json else removal_note(plan):
            console.print(f"would be {escape(line)}", soft_wrap=True)
        return
    result = _guard(lambda: _run("rebuild", no_prefect, runner, dask_address, db=path, wait=wait, remove=list(documents)),
                    run=(path, "remove"))
    if not as_json:
        for d in result.extra.get("removed", []):
            console.print(f"[magenta]removed[/magenta]     {escape(d['original_name'])}  sha256 {d['sha256'][:12]}"
                          + (f"; plans {escape(', '.join(d['plan_ids']))}" if d["plan_ids"] else "")
                          + ("" if d["named"] else "; a copy of a removed document"), soft_wrap=True)
        _print_outcomes(result, only_problems=True)
        _print_plans(path)
    _finish(result, path, as_json)


def _print_plans(path: Path) -> None:
    con = connect_read(path)
    try:
        print_table(console, _table(queries.plan_summary(con), title=f"Warehouse {path}"))
    finally:
        con.close()


@app.command()
def serve(inbox: Optional[Path] = typer.Option(None, "--inbox", help="Folder to watch for new plan files."),
          sources: Optional[Path] = typer.Option(None, "--sources", help="File of URLs (one per line) to poll."),
          cron: Optional[str] = typer.Option(None, "--cron", help="Schedule as a cron expression, e.g. '0 6 * * *'."),
          interval: Optional[float] = typer.Option(None, "--interval", help="Schedule every SECONDS."),
          db: Optional[Path] = DbOption,
          port: int = typer.Option(4200, "--port", help="Port of the Prefect server started when PREFECT_API_URL "
                                   "is not set."),
          wait: float = typer.Option(60.0, "--wait", help="Seconds a run waits for another writer."),
          runner: str = Runner, dask_address: Optional[str] = DaskAddress):
    """Serve the ingest flow as a Prefect deployment on a schedule (Ctrl-C or SIGTERM stops it).

    Uses the Prefect server at PREFECT_API_URL, or starts `prefect server start` on 127.0.0.1 with this
    project's PREFECT_HOME and prints its API and UI addresses.

    Example: planatlas serve --inbox inbox/ --sources sources.txt --interval 3600
    """
    if not inbox and not sources:
        _usage("give --inbox DIR and/or --sources FILE")
    if (cron is None) == (interval is None):
        _usage("give exactly one of --cron EXPR and --interval SECONDS")
    if interval is not None and interval < 1:
        _usage("--interval must be at least 1 second")
    if inbox and not inbox.is_dir():
        _usage(f"--inbox {inbox} is not a folder")
    _check_runner(runner, dask_address, False)
    if sources:
        _guard(lambda: __import__("pipeline.sources", fromlist=["x"]).read_source_list(sources))
    path = _db(db).absolute()
    from warehouse.db import inspect_target
    _guard(lambda: inspect_target(path))  # never serve onto a file that is not a warehouse
    _serve(path, inbox, sources, cron, interval, port, wait, runner, dask_address)


def _usage(message: str) -> None:
    say_error(message)
    raise typer.Exit(EXIT_USAGE)


def _serve(path: Path, inbox, sources, cron, interval, port, wait, runner="thread", dask_address=None) -> None:
    import contextlib
    from pipeline.prefect_server import PrefectServer, prefect_home
    external = os.environ.get("PREFECT_API_URL")
    server = contextlib.nullcontext() if external else PrefectServer(
        prefect_home() / "prefect.db", ui=True, services=True, port=port)
    code = 0
    try:
        _serve_with(server, path, inbox, sources, cron, interval, wait, runner, dask_address)
    except KeyboardInterrupt:
        console.print("stopped")
    except PlanAtlasError as e:
        say_error(str(e))
        code = 1
    except Exception as e:
        say_error(f"unexpected {type(e).__name__}: {e}")
        code = 1
    # Prefect's log and event workers retry a stopped server for minutes at exit: the runs are
    # stopped, the server too, and every publish was atomic, so leave now.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _serve_with(server, path: Path, inbox, sources, cron, interval, wait, runner, dask_address) -> None:
    with server:
        api = os.environ["PREFECT_API_URL"]
        console.print(f"Prefect API: {api}")
        console.print(f"Prefect UI:  {api.removesuffix('/api')}  (deployment planatlas-scheduled-ingest)")
        console.print(f"warehouse:   {path}" + (f"\ninbox:       {inbox.absolute()}" if inbox else "")
                      + (f"\nsources:     {sources.absolute()}" if sources else ""))
        from pipeline.serving import serve_until_stopped
        params = {"db": str(path), "inbox": str(inbox.absolute()) if inbox else None,
                  "sources": str(sources.absolute()) if sources else None, "wait": wait, "runner": runner,
                  "dask_address": dask_address}
        serve_until_stopped(params, interval, cron)
        console.print("stopped")


@app.command()
def status(db: Optional[Path] = DbOption,
           runs: int = typer.Option(10, "--runs", min=0, help="How many of the last runs to show."),
           as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
           wide: bool = WideOption):
    """Show the warehouse's plans, its documents by status, the quarantine and the last runs.

    Example: planatlas status --runs 5
    """
    import json
    path = _db(db)

    def read():
        con = connect_warehouse(path, current_schema=False)  # status also reads an older warehouse
        try:
            return queries.status(con, runs)
        finally:
            con.close()

    info = _guard(read)
    from warehouse.run_log import failed_runs
    info["failed_runs"] = failed_runs(path, runs)
    if as_json:
        print(json.dumps({"warehouse": str(path), **info}, ensure_ascii=False, default=str, indent=1))
        return
    import pandas as pd
    p = info["plans"]
    out = _out(wide)
    out.print(f"[bold]{path}[/bold]: {p['current']} current plans, {p['superseded']} superseded, "
                  f"{p['incomplete']} incomplete; extractor {info['build_info'].get('extractor_version', '?')}")
    print_table(out, _table(pd.DataFrame(info["documents"]), title="Documents"))
    if info["quarantine"]:
        print_table(out, _table(pd.DataFrame(info["quarantine"]), title="Quarantine"))
    print_table(out, _table(pd.DataFrame(info["runs"]), title=f"Last {len(info['runs'])} runs"))
    if info["failed_runs"]:
        print_table(out, _table(pd.DataFrame(info["failed_runs"]),
                                title="Runs that failed and published nothing (newest last)"))


@app.command()
def generate(n: int = typer.Argument(..., help="How many plans."),
             out: Path = typer.Argument(..., help="A new (or empty) folder for the files and their plans.csv."),
             seed: int = typer.Option(0, "--seed", help="The same N and seed give the same files."),
             corpus: Path = typer.Option(Path("corpus"), "--corpus", help="The real plans to recombine.")):
    """Write N SYNTHETIC plans (real provisions recombined under real place names, figures changed) with a
    plans.csv, for benchmarks and tests.

    Example: planatlas generate 1000 /tmp/plans1k --seed 1 && planatlas build --corpus /tmp/plans1k --db /tmp/1k.duckdb
    """
    from pipeline.generate import generate as write_plans
    rows = _guard(lambda: write_plans(n, out, seed, corpus))
    console.print(f"{len(rows)} synthetic plans written to {out} (with plans.csv)")
