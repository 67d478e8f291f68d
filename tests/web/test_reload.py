"""The page keeps serving while a run publishes a new warehouse (os.replace), and picks it up."""
from __future__ import annotations

import os
import shutil
import threading

import pytest


@pytest.fixture()
def published(built_db, tmp_path):
    path = tmp_path / "planatlas.duckdb"
    shutil.copy(built_db, path)
    return path


def publish(src, path):
    """What a run does: write the new file beside the published one, then swap it in atomically."""
    tmp = path.with_name(".planatlas.duckdb.new")
    shutil.copy(src, tmp)
    os.replace(tmp, path)


def test_an_open_session_keeps_the_old_file_and_the_next_one_gets_the_new(published, markup_db):
    from web.reader import Warehouse
    w = Warehouse(published)
    try:
        with w.session() as old:
            assert old.con.execute("SELECT count(*) FROM plans").fetchone()[0] == 6
            publish(markup_db, published)
            with w.session() as new:
                assert new.con.execute("SELECT count(*) FROM plans").fetchone()[0] == 7
                assert new.generation.number == 2
            assert old.con.execute("SELECT count(*) FROM plans").fetchone()[0] == 6  # still the old file
            assert old.generation.retired
        assert w.generation == 2
    finally:
        w.close()


def test_the_app_picks_up_a_published_warehouse(published, markup_db):
    from fastapi.testclient import TestClient
    from web.app import create_app
    with TestClient(create_app(published), raise_server_exceptions=False) as c:
        assert c.get("/healthz").text == "ok generation=1 plans=6"
        assert c.get("/plan/dehui-children").status_code == 404
        before = c.get("/", params={"q": "健康素养"}).text
        assert 'data-plan="dehui-children"' not in before
        publish(markup_db, published)
        assert c.get("/healthz").text == "ok generation=2 plans=7"
        assert c.get("/plan/dehui-children").status_code == 200
        assert 'data-plan="dehui-children"' in c.get("/", params={"q": "健康素养"}).text  # not the cached page
        assert "德惠市" in c.get("/", params={"q": "健康素养", "jurisdiction": "德惠市"}).text


def test_a_file_that_is_not_a_warehouse_is_not_picked_up(published, markup_db, tmp_path):
    from fastapi.testclient import TestClient
    from web.app import create_app
    with TestClient(create_app(published), raise_server_exceptions=False) as c:
        junk = tmp_path / "junk"
        junk.write_bytes(b"not a duckdb file" * 100)
        os.replace(junk, published)
        r = c.get("/", params={"q": "校园欺凌"})
        assert r.status_code == 200 and 'data-plan="changning-children"' in r.text  # still the old one
        assert c.get("/healthz").text == "ok generation=1 plans=6"
        publish(markup_db, published)
        assert c.get("/healthz").text == "ok generation=2 plans=7"


def test_requests_during_repeated_publishing_never_fail(published, built_db, markup_db):
    from fastapi.testclient import TestClient
    from web.app import create_app
    errors: list[str] = []
    stop = threading.Event()
    with TestClient(create_app(published), raise_server_exceptions=False) as c:
        def ask():
            while not stop.is_set():
                for url in ("/?q=校园欺凌", "/plan/yushu-children", "/indicator/infant_mortality_rate", "/healthz"):
                    r = c.get(url)
                    if r.status_code != 200:
                        errors.append(f"{url} {r.status_code}")
        threads = [threading.Thread(target=ask) for _ in range(3)]
        for t in threads:
            t.start()
        try:
            for i in range(6):
                publish(markup_db if i % 2 == 0 else built_db, published)
                c.get("/healthz")
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert errors == []
        assert c.get("/healthz").text.endswith("plans=6")  # the last one published


def test_no_warehouse_is_a_clear_error(tmp_path):
    from warehouse.errors import WarehouseError
    from web.app import create_app
    with pytest.raises(WarehouseError, match="no warehouse at"):
        create_app(tmp_path / "missing.duckdb")


def test_the_search_facts_are_read_per_file_and_follow_a_new_one(published, markup_db):
    """The index's facts (search_info, champion lists' df, the indexed terms) are read once per opened
    file: a published file comes with its own, and its new plan's words are found first."""
    from web import pages
    from web.reader import Warehouse
    w = Warehouse(published, cache_size=0)  # (memos computed on demand: no warming thread to outlive the test)
    try:
        with w.session() as old:
            facts = pages.memo(old, "search_facts")
            assert facts.info["n_docs"] == str(old.con.execute("SELECT count(*) FROM search_docs").fetchone()[0])
            assert "德惠" not in facts.terms
        publish(markup_db, published)
        with w.session() as new:
            fresh = pages.memo(new, "search_facts")
            assert fresh is not facts and int(fresh.info["n_docs"]) > int(facts.info["n_docs"])
            assert "德惠" in fresh.terms
            groups, _, _ = pages.search_results(new, {"q": "德惠", "jurisdiction": None, "domain": None, "kind": None,
                                                   "per_plan": None})
            assert groups[0]["plan_id"] == "dehui-children"  # (other plans follow on 德 and 惠 alone)
    finally:
        w.close()
