"""A process pool's worker exits when the run that started it is killed (a SIGKILLed run cannot stop
its pool; its workers, 600 MB each, waited for work for minutes)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.conftest import ROOT

SCRIPT = """
import concurrent.futures, multiprocessing, os, sys, time
from pipeline.flows import exit_with_parent

def work():
    exit_with_parent()
    return os.getpid()

if __name__ == "__main__":
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(pool.submit(work).result(), flush=True)
        time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is gone for our purpose
        return fh.read().split()[2] != "Z"


def test_a_pool_worker_exits_when_its_run_is_killed(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    worker = int(run.stdout.readline())
    assert _alive(worker)
    run.send_signal(signal.SIGKILL)
    run.wait(10)
    deadline = time.monotonic() + 15
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker)


def test_the_runs_own_process_watches_nothing():
    from pipeline import flows
    flows.exit_with_parent()  # not a pool worker: no watcher, so a nohup'ed run outlives its shell
    assert not flows._WATCHING
