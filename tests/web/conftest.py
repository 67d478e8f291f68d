"""Fixtures for the web page: an application over the corpus warehouse, and one over a copy that
also holds a plan with markup in its text (ingested with `planatlas ingest --no-prefect`)."""
from __future__ import annotations

import shutil

import pytest

from tests.web.markup_plan import ingest, markup_plan_text


@pytest.fixture(scope="session")
def web_app(built_db):
    from web.app import create_app
    return create_app(built_db)


@pytest.fixture()
def client(web_app):
    from fastapi.testclient import TestClient
    with TestClient(web_app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def markup_db(built_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("markup")
    db = folder / "planatlas.duckdb"
    shutil.copy(built_db, db)
    plan = folder / "dehui.txt"
    plan.write_text(markup_plan_text(), encoding="utf-8")
    r = ingest(db, plan)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "dehui-children" in r.stdout
    return db


@pytest.fixture()
def markup_client(markup_db):
    from fastapi.testclient import TestClient
    from web.app import create_app
    with TestClient(create_app(markup_db), raise_server_exceptions=False) as c:
        yield c
