"""Numeric target extraction (issue 3)."""
from extractors.targets.extract import extract_targets

__all__ = ["extract_targets"]
