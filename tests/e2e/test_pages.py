"""Every analysis page in a real browser: loads cleanly, the map really draws areas, the main chart
draws, a typical interaction changes what is shown, and the shared URL reproduces the view."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from PIL import Image
from playwright.sync_api import Page

from tests.e2e.conftest import Server, Watched, assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class PageCase:
    name: str
    path: str
    slider: str  # accessible name of the slider moved as the typical interaction
    has_map: bool = True
    has_chart: bool = True
    #: the main chart is a table with bars (``components.bar_list``), not a plotly chart
    has_bars: bool = False


CASES = [
    PageCase("sozialraeume", "sozialraeume", "Klassen"),
    PageCase(
        "bedarf_angebot", "bedarf_angebot", "Bedarfsquote (%)", has_chart=False, has_bars=True
    ),
    PageCase("benchmarking", "benchmarking", "Anzahl ähnlichster Kommunen (k)", has_map=False),
    PageCase(
        "benchmarking_karte",
        "benchmarking?teil=karte",
        "Anzahl ähnlichster Kommunen (k)",
        has_chart=False,
    ),
    PageCase("projektion", "projektion", "Geburten (Kinder je Frau)", has_map=False),
]


def open_view(page: Page, url: str, case: PageCase) -> None:
    """Load a URL and wait until the page's main element (map, else chart) has rendered."""
    page.goto(url)
    wait_rendered(page)
    main = "[data-testid='stDeckGlJsonChart']" if case.has_map else ".js-plotly-plot"
    page.wait_for_selector(main, timeout=90_000)
    wait_rendered(page)


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMainBlockContainer']").inner_text()


def map_coverage(page: Page) -> float:
    """Share of the first map's pixels that are drawn (not the plain background)."""
    chart = page.locator("[data-testid='stDeckGlJsonChart']").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    img = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    img = img.resize((200, max(1, int(200 * img.height / img.width))))
    pixels = list(img.get_flattened_data())
    background = max(set(pixels), key=pixels.count)
    drawn = sum(
        1 for p in pixels if sum(abs(a - b) for a, b in zip(p, background, strict=True)) > 30
    )
    colours = len({(r // 16, g // 16, b // 16) for r, g, b in pixels})
    return drawn / len(pixels) if colours >= 4 else 0.0


def plotly_drawn(page: Page) -> int:
    """Number of drawn plotly marks (bars, lines, points) on the page."""
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    return int(
        page.evaluate(
            "() => document.querySelectorAll('.js-plotly-plot .point, .js-plotly-plot .js-line, .js-plotly-plot .js-fill').length"
        )
    )


def bars_drawn(page: Page) -> int:
    """Number of bars of the page's bar lists drawn with a visible width."""
    ranking = page.locator("figure.pa-bars").first
    ranking.wait_for(timeout=60_000)
    ranking.scroll_into_view_if_needed()
    return int(
        page.evaluate(
            "() => [...document.querySelectorAll('figure.pa-bars .pa-bar')]"
            ".filter(b => b.getBoundingClientRect().width > 0).length"
        )
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_page_in_browser(case: PageCase, server: Server, watched: Watched) -> None:
    page = watched.page
    open_view(page, f"{server.url}/{case.path}", case)
    assert_no_exception(watched)
    page.wait_for_function("document.documentElement.lang === 'de'", timeout=15_000)

    screenshot(page, case.name)
    if case.has_map:
        assert page.locator("[data-testid='stDeckGlJsonChart']").count() >= 1, "keine Karte"
        assert map_coverage(page) > 0.05, "die Karte zeigt keine gezeichneten Gebiete"
    if case.has_chart:
        assert plotly_drawn(page) > 0, "kein Diagramm gezeichnet"
    if case.has_bars:
        assert bars_drawn(page) > 0, "keine Rangfolge gezeichnet"

    before_text, before_url = main_text(page), page.url
    slider = page.get_by_role("slider", name=case.slider).first
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_rendered(page)
    after_text, after_url = main_text(page), page.url
    assert after_text != before_text, "die Interaktion änderte nichts Sichtbares"
    assert after_url != before_url, "die Ansicht steht nicht in der URL"
    assert_no_exception(watched)

    # the shared link reproduces the view after a reload in a fresh tab
    fresh = page.context.new_page()
    open_view(fresh, after_url, case)
    assert main_text(fresh) == after_text
    if case.has_map:
        assert map_coverage(fresh) > 0.05
    screenshot(fresh, f"{case.name}_geteilt")
    fresh.close()
    assert_no_exception(watched)


def test_hostile_url_gives_friendly_note(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(
        f"{server.url}/sozialraeume?indikator=%27%3B%20DROP%20TABLE%20areas%3B--&ebene=" + "x" * 300
    )
    wait_rendered(page)
    assert "ungültige Angaben" in main_text(page)
    assert page.locator("[data-testid='stException']").count() == 0
