"""End to end in headless Chromium (the system's /usr/bin/chromium, never a downloaded one):
search, open a plan, a target's card and evidence, the CSV download, and a plan with markup that
must not run. Screenshots go to tests/web/screenshots/ (ignored by git) to be looked at."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.web.markup_plan import IMG, PLAN_ID, SCRIPT
from tests.web.server import UiServer

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SHOTS = Path(__file__).parent / "screenshots"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (install Debian's chromium)")]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package (dev extras) is missing")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
    yield pg
    ctx.close()


def shot(page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def test_search_open_plan_target_evidence_and_csv(page, built_db):
    with UiServer(built_db) as server:
        page.goto(server.url + "/")
        page.fill("input[name=q]", "校园欺凌")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector("section.plan-group")
        plans = page.locator("section.plan-group").evaluate_all("els => els.map(e => e.dataset.plan)")
        assert {"panshan-children", "changning-children", "hangzhou-children", "yushu-children",
                "gaotai-children"} <= set(plans)
        assert page.locator("li.hit p.text mark", has_text="校园欺凌").count() > 0
        shot(page, "1-search")

        # the CSV of what is on screen
        with page.expect_download() as dl:
            page.click("a.csv")
        data = Path(dl.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf" + "序号 n,地区 jurisdiction,".encode())
        assert data.decode("utf-8-sig").count("\r\n") - 1 == page.locator("li.hit").count()

        # one click to the provision in its plan, scrolled to and highlighted
        first = page.locator("section.plan-group").first
        pid = first.get_attribute("data-plan")
        first.locator("a.open").first.click()
        page.wait_for_url(re.compile(rf"/plan/{pid}\?at=\d+-\d+#prov-"))
        at = page.locator("#at")
        assert at.is_visible()
        assert "欺凌" in page.locator("span.at").all_inner_texts()[0] or "欺凌" in at.inner_text()
        box = at.bounding_box()
        assert 0 <= box["y"] < 900  # in the viewport
        shot(page, "2-plan-at-provision")

        # a highlighted target: its card shows the tuple, and leads to its evidence
        page.goto(server.url + "/plan/changning-children")
        mark = page.locator("div.plantext mark.tg").filter(has_text="5.0‰").filter(has_text="婴儿死亡率").first
        mark.scroll_into_view_if_needed()
        mark.hover()
        card = mark.locator(".card")
        assert card.is_visible()
        assert "婴儿死亡率" in card.inner_text() and "2025†" in card.inner_text()
        shot(page, "3-target-card")
        card.locator("a.evidence-link").first.click()
        page.wait_for_url(re.compile(r"/plan/changning-children\?at=\d+-\d+#t-"))
        shown = "".join(page.locator("span.at").evaluate_all(
            "els => els.map(e => { const c = e.cloneNode(true); c.querySelectorAll('.card').forEach(x => x.remove());"
            " return c.textContent; })"))
        assert shown == "新生儿死亡率、婴儿死亡率和5岁以下儿童死亡率分别控制在3.0‰、5.0‰和6.0‰以下"
        shot(page, "4-evidence")

        page.goto(server.url + "/indicator/infant_mortality_rate")
        assert page.locator("svg.plot circle.dot").count() == 6
        assert page.locator("svg.plot text.direction").text_content().startswith("← 越低越好")
        shot(page, "5-indicator", full=True)

        page.goto(server.url + "/similar/yushu-children/d1/goal/3")
        pair = page.locator("section.pair[data-plan=panshan-children]")
        assert pair.locator(".side.a mark.num").all_inner_texts() == ["3.0‰", "4.0‰", "5.0‰"]
        assert pair.locator(".side.b mark.num").all_inner_texts() == ["2.3‰", "3.4‰", "4.4‰"]
        pair.scroll_into_view_if_needed()
        shot(page, "6-similar")
        assert page.problems == []  # no script errors, no CSP violations


def test_markup_in_a_plan_never_runs(page, markup_db):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with UiServer(markup_db) as server:
        for url in (f"/plan/{PLAN_ID}", "/?q=健康素养+script", "/?q=婴儿死亡率+onerror", "/?q=坚持儿童优先&kind=principle",
                    f"/similar/{PLAN_ID}/d1/goal/2", f"/similar/{PLAN_ID}/d1/goal/1", "/indicator/infant_mortality_rate"):
            page.goto(server.url + url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            assert page.evaluate("document.scripts.length") == 0
            assert page.locator("img").count() == 0
        page.goto(server.url + f"/plan/{PLAN_ID}")
        body = page.locator("div.plantext").inner_text()
        assert SCRIPT in body and IMG in body  # shown as the plan printed it
        page.get_by_text(SCRIPT).first.scroll_into_view_if_needed()
        shot(page, "7-markup-plan")
    assert dialogs == []
