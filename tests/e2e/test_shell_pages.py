"""Start and catalogue pages in a real browser: they load, react, and a shared URL restores the view."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import (
    ROOT,
    Server,
    Watched,
    assert_no_exception,
    screenshot,
    start_server,
    stop_server,
    wait_rendered,
)

pytestmark = pytest.mark.e2e


def test_start_page(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/")
    wait_rendered(page)
    assert page.get_by_role("heading", name="Planungsatlas").first.is_visible()
    body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "Gebietssysteme" in body and "Amt für Statistik Berlin-Brandenburg" in body
    assert "GeoBasis-DE / BKG" in body  # attribution required by dl-de/by-2-0
    page.wait_for_function("document.documentElement.lang === 'de'", timeout=15_000)
    screenshot(page, "start")
    assert_no_exception(watched)


def test_unknown_address_gives_a_german_note_instead_of_the_english_dialog(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(server.url)  # any earlier visit (a fresh server treats the first one specially)
    wait_rendered(page)
    page.goto(f"{server.url}/statistik?praesentation=0")
    wait_rendered(page)
    note = page.get_by_text("Die Seite „statistik“ gibt es im Planungsatlas nicht.")
    note.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    # Streamlit's own dialog is a plain role=dialog section (no data-testid)
    assert page.locator("[role='dialog']").count() == 0
    assert "Page not found" not in page.locator("body").inner_text()
    assert page.evaluate("() => location.pathname") == "/"
    assert page.get_by_role("heading", name="Planungsatlas").first.is_visible()
    assert_no_exception(watched)


def test_catalogue_search_and_permalink(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/indikatoren")
    wait_rendered(page)
    search = page.get_by_label("Suche in Name und Definition")
    search.fill("Kinderarmut")
    search.press("Enter")
    wait_rendered(page)
    caption = page.locator(
        "[data-testid='stMainBlockContainer'] [data-testid='stCaptionContainer']"
    ).first.inner_text()
    shown, total = int(caption.split()[0]), int(caption.split()[2])
    assert 1 <= shown < total, caption
    assert "Kinderarmut" in page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "suche=Kinderarmut" in page.url
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    wait_rendered(page)
    assert (
        page.locator(
            "[data-testid='stMainBlockContainer'] [data-testid='stCaptionContainer']"
        ).first.inner_text()
        == caption
    )
    # keyboard: the search box can be reached with Tab and receives focus
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.tagName")
    assert focused in {"INPUT", "BUTTON", "A", "DIV", "TEXTAREA"}
    screenshot(page, "indikatoren")
    assert_no_exception(watched)


def test_a_shared_link_is_the_first_visit_of_a_fresh_server(watched: Watched) -> None:
    """The first visitor after a start opens a deep link: the page itself, no English dialog.

    With a folder ``pages/`` beside app.py Streamlit ran this first visit through its legacy
    file-based navigation ("Page not found" dialog, or raw file names in the sidebar).
    """
    fresh = start_server(ROOT / "data" / "planungsatlas.duckdb")
    try:
        page = watched.page
        page.goto(f"{fresh.url}/bedarf_angebot?leistung=kita_u3")
        wait_rendered(page, timeout_ms=120_000)
        heading = page.get_by_role("heading", name="Bedarf und Angebot").first
        heading.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert page.locator("[role='dialog']").count() == 0
        assert "Page not found" not in page.locator("body").inner_text()
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Sozialräume vergleichen" in nav and "page" not in nav.lower().split()
        assert "leistung=kita_u3" in page.url
        assert_no_exception(watched)
    finally:
        stop_server(fresh)
