"""Progress on long work (build, ingest, rebuild): a bar on the terminal's stderr while files are
read and extracted, then the stage. Nothing when stderr is not a terminal (logs, pipes, cron), so
stdout stays what the command prints (the outcome lines, or --json)."""
from __future__ import annotations

import contextlib
import sys

_bar: tuple | None = None  # (rich Progress, task id) while a command shows one


@contextlib.contextmanager
def shown(label: str):
    global _bar
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        _bar = (bar, bar.add_task(label, total=None))
        try:
            yield
        finally:
            _bar = None


def files(total: int) -> None:
    """The number of files the run will read."""
    if _bar:
        _bar[0].update(_bar[1], total=total, completed=0)


def advance(n: int = 1) -> None:
    if _bar:
        _bar[0].advance(_bar[1], n)


def stage(label: str) -> None:
    """What the run does now (e.g. loading the warehouse)."""
    if _bar:
        _bar[0].update(_bar[1], description=label)
