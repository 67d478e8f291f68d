"""File I/O of the pipeline: find source files, read their bytes, read the corpus metadata."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from extractors.errors import PlanAtlasError

METADATA_FILE = "plans.csv"
TEXT_SUFFIXES = {".txt"}
# Formats governments publish in that are not ingested yet: quarantined with a reason, not dropped.
PENDING_SUFFIXES = {".docx", ".doc", ".pdf", ".html", ".htm", ".wps"}
IGNORED_NAMES = {"README.md", METADATA_FILE}


@dataclass(frozen=True)
class SourceFile:
    path: Path
    raw: bytes
    sha256: str


def discover(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise PlanAtlasError(f"corpus directory {corpus} does not exist")
    return sorted(p for p in corpus.iterdir()
                  if p.is_file() and p.name not in IGNORED_NAMES and not p.name.startswith("."))


def read_source(path: Path) -> SourceFile:
    raw = Path(path).read_bytes()
    return SourceFile(Path(path).resolve(), raw, hashlib.sha256(raw).hexdigest())


def read_metadata(corpus: Path) -> list[dict]:
    path = Path(corpus) / METADATA_FILE
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
