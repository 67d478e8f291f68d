"""A run stopped mid-statement (Ctrl-C, SIGTERM) stops at once and says it was interrupted, exit
code 130, never "unexpected error ... report it": DuckDB turns the interruption into its own
exception, and it looks at Python's signals only between its tasks, which can run for minutes."""
import subprocess
import sys
import textwrap
import threading
import time

import duckdb
import pytest
import typer

from pipeline.cli_runs import _guard

# one task of this statement runs far longer than any test waits
LONG = "SELECT count(*) FROM range(1000000000) a, range(1000) b WHERE (a.range * b.range) % 7 = 3"


def test_a_statement_interrupted_through_the_connection_is_an_interruption(capsys):
    con = duckdb.connect()
    threading.Timer(0.3, con.interrupt).start()
    with pytest.raises(typer.Exit) as stopped:
        _guard(lambda: con.execute(LONG).fetchall())
    assert stopped.value.exit_code == 130
    assert "interrupted: the published warehouse is unchanged" in capsys.readouterr().err  # errors: stderr


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_stop_signal_in_the_middle_of_a_statement_stops_it(signal_name):
    # the CLI's own signal set-up and guard, in a process of their own, on a run's connection
    script = textwrap.dedent(f"""
        import sys
        import duckdb, typer
        from pipeline.cli import install_stop_signals
        from pipeline.cli_runs import _guard
        from warehouse.db import interruptible
        install_stop_signals()
        con = interruptible(duckdb.connect())
        print("running", flush=True)
        try:
            _guard(lambda: con.execute({LONG!r}).fetchall())
        except typer.Exit as e:  # what click does with it
            raise SystemExit(e.exit_code)
    """)
    import signal
    # started with Ctrl-C ignored, as a script's background job is (POSIX) and as a test worker may be:
    # the CLI installs its own handler (without it, a fresh-clone run waited here 60 s)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        assert proc.stdout.readline() == "running\n"
        time.sleep(1.0)  # inside the statement
        sent = time.monotonic()
        proc.send_signal(getattr(signal, signal_name))
        out, err = proc.communicate(timeout=60)
        waited = time.monotonic() - sent
    finally:
        proc.kill()
    assert proc.returncode == 130, err[-2000:]
    assert "interrupted: the published warehouse is unchanged" in err  # errors go to stderr
    assert "unexpected" not in out + err
    assert waited < 30, waited  # not the statement's natural end (hours)
