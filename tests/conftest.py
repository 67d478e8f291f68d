"""Shared fixtures: the corpus, its decoded texts and segmentations, and one built warehouse."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# The first example of a test pays for loading jieba's dictionary and spaCy: no per-example deadline.
settings.register_profile("planatlas", deadline=None, max_examples=60)
settings.load_profile("planatlas")

# Prefect logs "Stopping temporary server" at interpreter exit, after pytest closed its streams.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")  # as pipeline/__init__.py
os.environ.setdefault("DO_NOT_TRACK", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
PLAN_KEYS = {"000-0": "000", "001-0": "001", "002-0": "002", "003-0": "003", "004-0": "004-women", "004-1": "004-children"}


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    from extractors.decoding import decode_bytes
    return {p.name[:3]: decode_bytes(p.read_bytes()).text for p in corpus_files()}


@pytest.fixture(scope="session")
def segmented(texts):
    from extractors.segment import segment_document
    out = {}
    for doc, text in texts.items():
        for plan in segment_document(text):
            out[PLAN_KEYS[f"{doc}-{plan.index}"]] = plan
    return out


@pytest.fixture(scope="session")
def structure_gold() -> dict:
    return json.loads((GOLD / "structure.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """One warehouse built from the real corpus without the orchestrator."""
    from pipeline.steps import build_plain
    db = tmp_path_factory.mktemp("wh") / "planatlas.duckdb"
    build_plain(CORPUS, db)
    return db


@pytest.fixture()
def con(built_db):
    from warehouse.db import connect_read
    c = connect_read(built_db)
    yield c
    c.close()
