"""Pure text code for PlanAtlas: decoding, normalising, segmenting and target extraction.

Nothing here imports prefect or duckdb or touches files other than its packaged rule files.
"""
from extractors.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION"]
