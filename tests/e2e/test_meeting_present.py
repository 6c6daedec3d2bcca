"""Presentation mode at projector size (1280×720): slides survive a reload, controls hidden."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import Server, screenshot, wait_rendered
from tests.e2e.test_meeting import _save_slide

pytestmark = pytest.mark.e2e


def test_slides_survive_a_reload_and_present_without_controls(
    server: Server, browser: Browser
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/sozialraeume?ebene=Bezirk")
        wait_rendered(page)
        _save_slide(page, "Bezirke im Überblick", 0)
        page.wait_for_url("**folien=*", timeout=20_000)

        page.reload()  # a new session: the slide list comes back from the URL
        wait_rendered(page)
        page.get_by_text("Folien", exact=True).click()
        page.get_by_text("1 Folien gespeichert.").wait_for(timeout=20_000)
        sidebar_text = page.locator("[data-testid='stSidebar']").inner_text()
        assert "Bezirke im Überblick" in sidebar_text

        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("Präsentationsmodus", exact=True).click()
        page.get_by_text("1 Folien – mit → oder „Weiter“ beginnen.").wait_for(timeout=30_000)
        page.keyboard.press("ArrowRight")
        page.get_by_text("Folie 1 von 1: Bezirke im Überblick").wait_for(timeout=60_000)
        wait_rendered(page)
        stop = page.locator(".st-key-meet_stop button")
        assert stop.inner_text().strip() == "Präsentation beenden"
        text = stop.locator("p").first
        assert text.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (
            "Beschriftung abgeschnitten"
        )
        # the slide shows the view, not its controls
        main = page.locator("[data-testid='stMain']")
        for widget in (".stSelectbox", ".stRadio", ".stMultiSelect"):
            shown = main.locator(widget)
            assert all(not shown.nth(i).is_visible() for i in range(shown.count())), widget
        assert main.locator(".st-key-meet_next button").is_visible()
        assert "folien=" in page.url
        screenshot(page, "praesentation_1280x720")
    finally:
        ctx.close()
