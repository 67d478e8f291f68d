"""`planatlas serve` on a real Prefect server: a plan dropped into the inbox lands on schedule, a
web source is polled, and SIGTERM leaves no process behind."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from pipeline.prefect_server import free_port
from tests.plan_texts import plan_text
from tests.web_server import PlanServer


def processes_mentioning(text: str) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                if text in (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    out.append(int(d.name))
            except OSError:
                pass
    return out


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def plans_in(db: Path) -> list[str]:
    if not db.exists():
        return []
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT plan_id FROM plans ORDER BY 1").fetchall()]
    finally:
        con.close()


@pytest.mark.slow
def test_serve_picks_up_a_new_plan_on_schedule_and_stops_cleanly(tmp_path):
    inbox, site, home = tmp_path / "inbox", tmp_path / "site", tmp_path / "prefect-home"
    for d in (inbox, site):
        d.mkdir()
    (site / "nongan.txt").write_text(plan_text("农安县"), encoding="utf-8")
    db, port = tmp_path / "w.duckdb", free_port()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_RUNNER_POLL_FREQUENCY="2")
    cli = Path(sys.executable).with_name("planatlas")
    with PlanServer(site) as web:
        sources = tmp_path / "sources.txt"
        sources.write_text(f"{web.url}/nongan.txt\n", encoding="utf-8")
        log = open(tmp_path / "serve.log", "w")
        proc = subprocess.Popen([str(cli), "serve", "--inbox", str(inbox), "--sources", str(sources), "--interval", "3",
                                 "--db", str(db), "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            out = wait_for(lambda: re.search(r"Prefect API: (\S+)", (tmp_path / "serve.log").read_text()), 240,
                           "the API address")
            api = out.group(1)
            assert api == f"http://127.0.0.1:{port}/api"
            assert httpx.get(f"{api}/health", timeout=10).status_code == 200
            assert "<html" in httpx.get(api.removesuffix("/api"), timeout=10).text.lower()  # the UI
            wait_for(lambda: "nongan-children" in plans_in(db), 240, "the web source's plan")
            (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
            wait_for(lambda: "dehui-children" in plans_in(db), 240, "the inbox's plan")
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=90)
            log.close()
    assert code == 0, (tmp_path / "serve.log").read_text()
    assert "stopped" in (tmp_path / "serve.log").read_text()
    assert processes_mentioning(str(tmp_path)) == [] and processes_mentioning(f"--port {port}") == []
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute("SELECT trigger, flow_run_id IS NOT NULL, status FROM runs").fetchall()
    con.close()
    assert runs and all(r == ("schedule", True, "ok") for r in runs)
    assert any(ims for path, ims, _ in web.requests[1:]), "later polls are conditional"
