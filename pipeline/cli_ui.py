"""`planatlas ui`: the web page over a published warehouse (web.app), served with uvicorn."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from extractors.errors import PlanAtlasError
from pipeline.cli import DbOption, _db, _fail, _open, app, console, say_note


@app.command("ui")
def ui(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
       port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
       cache: int = typer.Option(256, "--cache", min=0, help="Pages kept in memory per warehouse file (0: none)."),
       db: Optional[Path] = DbOption):
    """Serve the web page: precedent search, plans with their targets, indicator comparisons.

    Example: planatlas ui --db data/planatlas.duckdb, then open http://127.0.0.1:8000/

    It reads the warehouse read-only and picks up a newly published one by itself.

    It listens on 127.0.0.1 only; to offer it on a network, put it behind a reverse proxy with
    authentication.
    """
    import uvicorn

    from web.app import create_app

    try:
        _open(db).close()  # refuse a file that is not a PlanAtlas warehouse before serving it
        application = create_app(_db(db), cache_size=max(cache, 0))
    except PlanAtlasError as e:
        _fail(e)
        return
    if host not in ("127.0.0.1", "localhost", "::1"):
        say_note(f"listening on {host}: anyone who can reach it can read the warehouse; "
                 "the page has no login. Prefer a reverse proxy with authentication.")
    console.print(f"PlanAtlas web page: http://{'[' + host + ']' if ':' in host else host}:{port}/  (Ctrl-C stops it)")
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False, access_log=False)
