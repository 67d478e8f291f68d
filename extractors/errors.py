"""The one exception root for PlanAtlas; warehouse/ and pipeline/ raise subclasses of it too."""


class PlanAtlasError(Exception):
    """Root of every error PlanAtlas raises on purpose."""


class QuarantineError(PlanAtlasError):
    """A source file that cannot be read as a plan: undecodable, empty or binary.

    It is set aside with its reason, never half-loaded.
    """

    def __init__(self, reason: str, path: str | None = None):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class SegmentationError(PlanAtlasError):
    """A decoded text in which no plan structure could be found."""


class RuleFileError(PlanAtlasError):
    """A versioned rule file (extractors/rules/) that does not say what it must."""


class OffsetError(PlanAtlasError, IndexError):
    """A span that does not lie inside the text it is said to index."""


class UnknownIndicator(PlanAtlasError, KeyError):
    """An indicator code the registry does not have."""
