"""A slide at projector size (1280×720): key figures large, chart on screen, no page controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from components import meeting_slides as ms
from tests.e2e.conftest import Server, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def test_a_slide_shows_key_figures_and_chart_large_on_one_screen(
    server: Server, browser: Browser
) -> None:
    deck = [ms.Slide("Bevölkerung bis 2040", "projektion", ())]
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/?praesentation=1&{ms.PARAM}={ms.to_param(deck)}")
        page.get_by_text("1 Folien – mit → oder „Weiter“ beginnen.").wait_for(timeout=60_000)
        wait_rendered(page)
        page.keyboard.press("ArrowRight")
        page.get_by_text("Folie 1 von 1: Bevölkerung bis 2040").wait_for(timeout=60_000)
        page.get_by_role("heading", name="Bevölkerungsprognose").wait_for(timeout=90_000)
        page.wait_for_selector(".js-plotly-plot .xtick", timeout=90_000)
        wait_rendered(page)
        screenshot(page, "folie_1280x720")  # full page; the viewport is checked below

        main = page.locator("[data-testid='stMain']")
        # key figures: each value larger than its label, and large in absolute terms
        metrics = main.locator("[data-testid='stMetric']")
        assert metrics.count() >= 3
        for i in range(metrics.count()):
            m = metrics.nth(i)
            value = m.locator("[data-testid='stMetricValue'] p")
            label = m.locator("[data-testid='stMetricLabel'] p")
            v_px = float(value.evaluate("e => e.getBoundingClientRect().height"))
            l_px = float(label.evaluate("e => e.getBoundingClientRect().height"))
            v_font = float(value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
            assert v_font >= 40, f"Kennzahl {i + 1}: Schrift {v_font} px"
            assert v_px > 1.5 * l_px, f"Kennzahl {i + 1}: Wert {v_px} px, Beschriftung {l_px} px"
            assert value.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "Wert abgeschnitten"
            top = float(m.evaluate("e => e.getBoundingClientRect().top"))
            assert top < 300, f"Kennzahlen erst bei {top} px"

        # the first chart (plot area and x axis) is on screen without scrolling
        chart = main.locator(".js-plotly-plot").first
        box = chart.locator(".xaxislayer-above").first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720, f"x-Achse bei {box}"
        top = chart.bounding_box()
        assert top is not None and top["y"] > 0
        assert page.evaluate("() => window.scrollY") == 0

        # controls of the page are hidden, the page's panels too; the slide bar stays
        for widget in (".stSelectbox", ".stRadio", ".stSlider", "[data-testid='stExpander']"):
            shown = main.locator(widget)
            assert all(not shown.nth(i).is_visible() for i in range(shown.count())), widget
        stop = main.locator(".st-key-meet_stop button p").first
        assert stop.inner_text().strip() == "Präsentation beenden"
        assert stop.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (
            "Beschriftung abgeschnitten"
        )
    finally:
        ctx.close()


def test_presentation_switch_reads_in_full_at_projector_size(
    server: Server, browser: Browser
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/")
        page.get_by_role("heading", name="Planungsatlas").first.wait_for(timeout=90_000)
        wait_rendered(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        label = sidebar.get_by_text("Präsentationsmodus", exact=True)
        assert label.is_visible()
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "Schalter abgeschnitten"
    finally:
        ctx.close()
