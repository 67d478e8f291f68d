"""`planatlas serve`: the scheduled ingest flow as a Prefect deployment, stopped cleanly.

Why not `flow.serve()`: its runner replaces the process's SIGTERM handler with one that calls the
runner's stop without awaiting it (measured: "coroutine 'Runner.astop' was never awaited"), and the
process keeps running after SIGTERM. Here the runner runs in a worker thread (so it installs no
signal handler), the main thread waits for SIGTERM or Ctrl-C, then stops the runner (which pauses
the schedule) and the server it started.
"""
from __future__ import annotations

import asyncio
import signal
import threading

RUNNER_STOP_TIMEOUT = 30.0


def serve_until_stopped(params: dict, interval: float | None, cron: str | None,
                        deployment: str = "planatlas-scheduled-ingest") -> None:
    """Serve the scheduled flow until SIGTERM or SIGINT; one run at a time."""
    from prefect.runner import Runner

    from pipeline.flows import scheduled_flow

    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGTERM, signal.SIGINT)}
    runner = Runner(name="planatlas", pause_on_shutdown=True, limit=1)
    runner.add_flow(scheduled_flow, name=deployment, interval=interval, cron=cron, parameters=params)
    loop = asyncio.new_event_loop()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            loop.run_until_complete(runner.start())
        except BaseException as e:  # reported by the main thread
            failed.append(e)
        finally:
            stop.set()

    worker = threading.Thread(target=run, name="planatlas-runner", daemon=True)
    worker.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        if worker.is_alive() and runner.started:
            try:
                asyncio.run_coroutine_threadsafe(runner.astop(), loop).result(RUNNER_STOP_TIMEOUT)
            except Exception:
                pass  # the server goes next anyway
        worker.join(RUNNER_STOP_TIMEOUT)
        for s, handler in previous.items():
            signal.signal(s, handler)
    if failed and not isinstance(failed[0], (KeyboardInterrupt, SystemExit, asyncio.CancelledError)):
        raise failed[0]
