"""Warehouse errors, under the project's one exception root."""
from extractors.errors import PlanAtlasError


class WarehouseError(PlanAtlasError):
    """A warehouse that cannot be built, opened or queried as asked."""


class WarehouseBusy(WarehouseError):
    """Another build holds the warehouse's lock."""


class DataCheckFailed(WarehouseError):
    """A zero-row data check returned rows; the new warehouse is not published."""


class NotAWarehouse(WarehouseError):
    """--db names something that is not a PlanAtlas warehouse: it is never overwritten."""


class WouldLosePlans(WarehouseError):
    """A full rebuild would publish fewer plans than the warehouse has (without --replace)."""


class NothingToLoad(WarehouseError):
    """A full build found no loadable plan: an empty warehouse is never published."""
