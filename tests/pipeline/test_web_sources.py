"""Polling web sources: conditional requests, a polite user agent, errors that do not stop a run."""
import os
import time
from pathlib import Path

import duckdb

from pipeline.sources import USER_AGENT, fetch_url, read_source_list, web_client
from pipeline.steps import scheduled_plain
from tests.plan_texts import plan_text
from tests.web_server import PlanServer
from warehouse.catalog import KnownFile, Unreadable


def test_fetch_uses_conditional_requests(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    with PlanServer(site) as server, web_client() as client:
        url = f"{server.url}/dehui.txt"
        first = fetch_url(client, url, None, set())
        assert first.record.original_name == "dehui.txt" and first.raw == (site / "dehui.txt").read_bytes()
        assert first.state["etag"] and first.state["last_status"] == 200 and first.state["last_sha256"]
        second = fetch_url(client, url, first.state, set())
        assert second.not_modified and second.raw is None and second.state["last_status"] == 304
        # the bytes are known to the warehouse: nothing to read
        third = fetch_url(client, url, None, {(first.record.sha256, "dehui.txt")})
        assert isinstance(third.record, KnownFile)
        missing = fetch_url(client, f"{server.url}/nothing.txt", None, set())
        assert isinstance(missing.record, Unreadable) and missing.record.reason.startswith("HTTP 404")
        assert server.requests[1][1] == first.state["etag"]
        assert {ua for _, _, ua in server.requests} == {USER_AGENT}


def test_a_scheduled_run_takes_the_inbox_and_the_web(tmp_path):
    site, inbox = tmp_path / "site", tmp_path / "inbox"
    site.mkdir()
    inbox.mkdir()
    (site / "nongan.txt").write_text(plan_text("农安县"), encoding="utf-8")
    (inbox / "dehui.txt").write_text(plan_text("德惠市"), encoding="utf-8")
    (inbox / "fresh.txt").write_text(plan_text("农安县"), encoding="utf-8")
    settled_at = time.time() - 60  # copied in a minute ago; fresh.txt is still being written
    os.utime(inbox / "dehui.txt", (settled_at, settled_at))
    db = tmp_path / "w.duckdb"
    with PlanServer(site) as server:
        sources = tmp_path / "sources.txt"
        sources.write_text(f"# plans to watch\n{server.url}/nongan.txt\n{server.url}/gone.txt  # moved\n",
                           encoding="utf-8")
        assert read_source_list(sources) == [f"{server.url}/nongan.txt", f"{server.url}/gone.txt"]
        first = scheduled_plain(inbox, sources, db)
        (inbox / "fresh.txt").unlink()
        second = scheduled_plain(inbox, sources, db)
    assert [(o.outcome, Path(o.source_path).name) for o in first.changes.outcomes] == [
        ("loaded", "dehui.txt"), ("loaded", "nongan.txt"), ("quarantined", "gone.txt")]
    assert [w.split(":")[0].rsplit("/", 1)[-1] for w in first.extra["metadata_problems"]] == ["fresh.txt"]
    assert [(o.outcome, o.detail) for o in second.changes.outcomes] == [
        ("unchanged", "already loaded"),
        ("unchanged", "not modified since the last visit (HTTP 304)"),
        ("quarantined", "HTTP 404 Not Found")]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT plan_id FROM plans ORDER BY 1").fetchall() == [("dehui-children",), ("nongan-children",)]
        assert con.execute("SELECT source_path FROM documents WHERE original_name = 'nongan.txt'").fetchall() == [
            (f"{server.url}/nongan.txt",)]
        assert con.execute("SELECT url, last_status FROM sources ORDER BY url").fetchall() == [
            (f"{server.url}/gone.txt", 404), (f"{server.url}/nongan.txt", 304)]
        assert con.execute("SELECT trigger, new, unchanged, quarantined, status FROM runs ORDER BY started_at").fetchall() == [
            ("schedule", 2, 0, 1, "quarantined"), ("schedule", 0, 2, 1, "quarantined")]
    finally:
        con.close()
