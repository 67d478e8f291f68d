"""Warehouse errors, under the project's one exception root."""
import duckdb

from extractors.errors import PlanAtlasError


class WarehouseError(PlanAtlasError):
    """A warehouse that cannot be built, opened or queried as asked."""


class WarehouseBusy(WarehouseError):
    """Another build holds the warehouse's lock."""


class DataCheckFailed(WarehouseError):
    """A zero-row data check returned rows; the new warehouse is not published."""

    def __init__(self, failures: dict[str, list[tuple]]):
        self.failures = failures
        super().__init__("data checks failed: " + "; ".join(
            f"{name} ({len(rows)} rows, e.g. {rows[0]})" for name, rows in failures.items()))


class NotAWarehouse(WarehouseError):
    """--db names something that is not a PlanAtlas warehouse: it is never overwritten."""


class WouldLosePlans(WarehouseError):
    """A full rebuild would publish fewer plans than the warehouse has (without --replace)."""


class NothingToLoad(WarehouseError):
    """A full build found no loadable plan: an empty warehouse is never published."""


def interrupted(error: BaseException) -> bool:
    """Whether `error` is DuckDB giving up a statement because the run was interrupted: a signal that
    arrives mid-statement (Ctrl-C, SIGTERM) surfaces as RuntimeError('Query interrupted'), and
    connection.interrupt() as InterruptException, instead of the KeyboardInterrupt raised."""
    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and str(error) == "Query interrupted")


class OlderWarehouse(WarehouseError):
    """--db names a warehouse an older PlanAtlas built, without this code's latest schema migrations."""
