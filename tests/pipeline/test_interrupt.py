"""A run stopped mid-statement (Ctrl-C, SIGTERM) says it was interrupted, exit code 130, never
"unexpected error ... report it": DuckDB turns the signal into its own exception."""
import subprocess
import sys
import textwrap
import threading

import duckdb
import pytest
import typer

from pipeline.cli_runs import _guard

LONG = "SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE (a.range * b.range) % 7 = 3"


def test_a_statement_interrupted_through_the_connection_is_an_interruption(capsys):
    con = duckdb.connect()
    threading.Timer(0.3, con.interrupt).start()
    with pytest.raises(typer.Exit) as stopped:
        _guard(lambda: con.execute(LONG).fetchall())
    assert stopped.value.exit_code == 130
    assert "interrupted: the published warehouse is unchanged" in capsys.readouterr().out


def test_sigterm_in_the_middle_of_a_statement_is_an_interruption():
    # the CLI's own SIGTERM handler (pipeline.cli.main) and its guard, in a process of their own
    script = textwrap.dedent(f"""
        import os, signal, threading
        import duckdb, typer
        from pipeline.cli_runs import _guard
        def terminate(signum, frame):
            raise KeyboardInterrupt
        signal.signal(signal.SIGTERM, terminate)
        con = duckdb.connect()
        threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGTERM)).start()
        try:
            _guard(lambda: con.execute({LONG!r}).fetchall())
        except typer.Exit as e:  # what click does with it
            raise SystemExit(e.exit_code)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, done.stderr[-2000:]
    assert "interrupted: the published warehouse is unchanged" in done.stdout
    assert "unexpected" not in done.stdout + done.stderr
