"""A Prefect API server that starts reliably and never outlives the command that started it.

Why not Prefect's own temporary server: it gives up after 20 s, which a busy 2-core machine
exceeds (measured: 1 fresh `make run` in 4 failed with "Timed out while attempting to connect to
ephemeral Prefect API server"), and a SIGKILLed build left it running (8 of 10 times). So:

- The server is `prefect server start` in a child process that the kernel kills when its parent
  dies (PR_SET_PDEATHSIG), whatever killed the parent; a normal exit, SIGTERM or Ctrl-C stops it
  too. It runs uvicorn in-process (one process, no grandchildren).
- It waits for the health endpoint as long as it takes (up to `timeout`, minutes), while watching
  the process; a server that exits says why (the tail of its log).
- One-shot commands give their server a private copy of a migrated SQLite database (made once per
  PREFECT_HOME, under a file lock), so concurrent commands neither race on the first migration nor
  contend for one database file, and a server starts in about 2.5 s instead of 8 s.
- `planatlas serve` runs the server on PREFECT_HOME's own database, with the UI and the scheduler.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from extractors.errors import PlanAtlasError

START_TIMEOUT = 300.0
TEMPLATE_DB = "planatlas-template.db"
_PR_SET_PDEATHSIG = 1


class PrefectServerError(PlanAtlasError):
    """The Prefect API server could not be started."""


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.cwd() / ".prefect").absolute()


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent(parent: int):
    def setup() -> None:  # runs in the child between fork and exec
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    return setup


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (a flow run started by `serve`:
    a SIGKILLed serve must not leave its runs behind)."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


class PrefectServer:
    """`with PrefectServer(...) as server:` sets PREFECT_API_URL for this process while it runs."""

    def __init__(self, database: Path | None = None, *, ui: bool = False, services: bool = False,
                 port: int | None = None, host: str = "127.0.0.1", timeout: float = START_TIMEOUT,
                 log_dir: Path | None = None):
        self.database, self.ui, self.services, self.log_dir = database, ui, services, log_dir
        self.host, self.port, self.timeout = host, port or free_port(), timeout
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self._previous_url: str | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("PREFECT_API_URL", None)
        env.update({"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
                    "PREFECT_UI_ENABLED": str(self.ui).lower(), "PREFECT_SERVER_UI_ENABLED": str(self.ui).lower(),
                    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING", "PREFECT_HOME": str(prefect_home())})
        if self.database is not None:
            env["PREFECT_API_DATABASE_CONNECTION_URL"] = _sqlite_url(self.database)
        return env

    def start(self) -> "PrefectServer":
        logs = self.log_dir or prefect_home()
        logs.mkdir(parents=True, exist_ok=True)
        self.log_path = logs / f"server-{self.port}.log"
        args = [sys.executable, "-m", "prefect", "server", "start", "--host", self.host, "--port", str(self.port)]
        if not self.services:
            args.append("--no-services")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, env=self._env(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent(os.getpid()))
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        self._previous_url = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = self.api_url
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.timeout
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise PrefectServerError(f"the Prefect server exited with code {self.process.returncode}: "
                                             f"{self._log_tail()}")
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.25)
        raise PrefectServerError(f"the Prefect server did not answer within {self.timeout:.0f} s: {self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log_path.read_text(errors="replace").strip().splitlines()[-5:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if os.environ.get("PREFECT_API_URL") == self.api_url:
            if self._previous_url is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = self._previous_url

    def __enter__(self) -> "PrefectServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def template_database(timeout: float = START_TIMEOUT) -> Path:
    """A SQLite database with Prefect's schema, made once per PREFECT_HOME (under a lock, so that
    concurrent first runs do not race on the migration)."""
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    template = home / TEMPLATE_DB
    with open(home / f"{TEMPLATE_DB}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            fresh = home / f"{TEMPLATE_DB}.{os.getpid()}.new"
            with PrefectServer(fresh, timeout=timeout):
                pass  # the server migrates the new database on start
            os.replace(fresh, template)
    return template


@contextlib.contextmanager
def orchestrator(timeout: float = START_TIMEOUT):
    """The Prefect API for one command: the server named by PREFECT_API_URL when set, else a private
    server on a private copy of the template database, stopped (and its files removed) on exit."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    template = template_database(timeout)
    _remove_stale_workdirs()
    workdir = Path(tempfile.mkdtemp(prefix=f"planatlas-prefect-{os.getpid()}-"))
    try:
        db = workdir / "prefect.db"
        shutil.copyfile(template, db)
        with PrefectServer(db, timeout=timeout, log_dir=workdir) as server:
            yield server
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _remove_stale_workdirs() -> None:
    """Private server folders of commands that were killed (SIGKILL runs no clean-up)."""
    for d in Path(tempfile.gettempdir()).glob("planatlas-prefect-*"):
        try:
            pid = int(d.name.split("-")[2])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except PermissionError:
            continue
