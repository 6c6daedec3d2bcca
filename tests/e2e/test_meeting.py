"""Meeting mode in a real browser: slides saved in the sidebar, projector styling, arrow keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Server, Watched, assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e


def _save_slide(page: Page, title: str, count: int) -> None:
    if count == 0 or not page.get_by_label("Titel der Folie").is_visible():
        page.get_by_text("Folien", exact=True).click()
    box = page.get_by_label("Titel der Folie")
    box.fill(title)
    box.press("Enter")
    wait_rendered(page)
    page.get_by_role("button", name="Aktuelle Ansicht als Folie speichern").click()
    wait_rendered(page)
    page.get_by_text(f"Folie {count + 1} gespeichert: {title}").wait_for(timeout=20_000)


def _step(page: Page, key: str, label: str) -> None:
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)
    page.get_by_text(label).wait_for(timeout=60_000)
    wait_rendered(page)


def test_meeting_mode_steps_through_slides_with_the_keyboard(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{server.url}/sozialraeume?ebene=Bezirk")
    wait_rendered(page)
    _save_slide(page, "Bezirke – Anteil unter 6", 0)
    page.get_by_role("link", name="Kommunen vergleichen").click()
    wait_rendered(page)
    _save_slide(page, "München im Vergleich", 1)

    page.locator("[data-testid='stSidebar']").get_by_text("Präsentationsmodus", exact=True).click()
    page.get_by_text("2 Folien – mit → oder „Weiter“ beginnen.").wait_for(timeout=30_000)
    wait_rendered(page)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    assert "praesentation=1" in page.url

    _step(page, "ArrowRight", "Folie 1 von 2: Bezirke – Anteil unter 6")
    assert "/sozialraeume" in page.url and "ebene=Bezirk" in page.url
    assert "praesentation=1" in page.url
    page.wait_for_selector("[data-testid='stDeckGlJsonChart']", timeout=90_000)
    wait_rendered(page)
    h1 = page.locator("h1").first
    assert float(h1.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 44
    screenshot(page, "praesentation_folie1")

    _step(page, "PageDown", "Folie 2 von 2: München im Vergleich")
    assert "/benchmarking" in page.url
    _step(page, "ArrowLeft", "Folie 1 von 2: Bezirke – Anteil unter 6")
    assert "/sozialraeume" in page.url
    assert_no_exception(watched)

    page.get_by_role("button", name="Präsentation beenden").click()
    wait_rendered(page)
    assert page.locator("[data-testid='stSidebar']").is_visible()
    assert "praesentation" not in page.url


def test_meeting_mode_from_a_shared_link(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/indikatoren?praesentation=1")
    wait_rendered(page)
    page.get_by_text("Präsentationsmodus – noch keine Folien gespeichert").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    assert page.locator("[data-testid='stHeader']").is_hidden()
    assert_no_exception(watched)


def test_chart_export_menu_downloads_png_and_csv(server: Server, watched: Watched) -> None:
    """The "Exportieren" popover of a chart: PNG via kaleido + Chromium, CSV with the source."""
    page = watched.page
    page.goto(f"{server.url}/sozialraeume?ebene=Bezirk")
    wait_rendered(page)
    page.locator(".js-plotly-plot").first.wait_for(timeout=90_000)
    page.get_by_role("button", name="Exportieren").first.click()
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="Bild (PNG)").click()
    png = Path(info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert info.value.suggested_filename.endswith(".png")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Tabelle (CSV)").click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert "Quelle:" in text and "Datenversion" in text and ";" in text
    assert_no_exception(watched)
