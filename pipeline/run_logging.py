"""What a run's Prefect logs show on the console: an expected failure in one line, not its traceback.

A run that fails for a reason PlanAtlas names (a full disk, a read-only folder, a busy warehouse:
every PlanAtlasError) is reported once by the CLI, in one line that says what to do. Prefect logs the
failing task's and flow's traceback as well: 100-200 lines in a cron log for one read-only folder.
Those records keep their one-line message (Task run failed with exception: WarehouseError(...)); an
unexpected exception keeps its traceback, which is what a bug report needs.
"""
from __future__ import annotations

import logging

from extractors.errors import PlanAtlasError

_LOGGERS = ("prefect.task_runs", "prefect.flow_runs", "prefect.task_engine", "prefect.flow_engine", "prefect")


class _KnownErrorsInOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PlanAtlasError):
            record.exc_info, record.exc_text = None, None
        return True


_FILTER = _KnownErrorsInOneLine()


def known_errors_in_one_line() -> None:
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def flush_api_logs() -> None:
    """Send Prefect's queued log records while its API still runs (a temporary server stops at the end
    of the command: records sent later fail with 'Error logging to API')."""
    try:
        from prefect.logging.handlers import APILogWorker
        APILogWorker.drain_all(timeout=5)
    except Exception:  # noqa: BLE001 (flushing logs must never turn a run's outcome into an error)
        pass
