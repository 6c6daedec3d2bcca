"""Phone size (390×844): the sidebar starts collapsed and does not cover the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import Server, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("width", "height", "collapsed"), [(390, 844, True), (1280, 720, False)])
def test_sidebar_starts_collapsed_only_on_a_phone(
    server: Server, browser: Browser, width: int, height: int, collapsed: bool
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/")
        wait_rendered(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        box = sidebar.bounding_box()
        visible_width = 0.0 if box is None else max(0.0, box["x"] + box["width"])
        if collapsed:
            assert visible_width < 5, f"Seitenleiste verdeckt die Seite ({visible_width} px)"
            assert page.locator("h1").first.is_visible()
        else:
            assert visible_width > 200
        screenshot(page, f"start_{width}x{height}")
    finally:
        ctx.close()
