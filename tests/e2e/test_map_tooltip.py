"""Hovering an area shows a readable tooltip: name and value, no literal HTML tags."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server, Watched, assert_no_exception, wait_rendered

pytestmark = pytest.mark.e2e

MAP = "[data-testid='stDeckGlJsonChart']"


@pytest.mark.parametrize("path", ["sozialraeume", "bedarf_angebot"])
def test_hover_tooltip_is_plain_readable_text(path: str, server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/{path}")
    wait_rendered(page)
    chart = page.locator(MAP).first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(2500)  # deck.gl draws after the element appears
    box = chart.bounding_box()
    assert box is not None
    texts = []
    for dx in (0.5, 0.45, 0.55, 0.4, 0.6):  # the middle of Berlin; some point hits an area
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * 0.5)
        page.wait_for_timeout(700)
        tip = page.locator(".deck-tooltip")
        if tip.count() and tip.first.is_visible():
            texts.append(tip.first.inner_text())
    assert texts, "kein Tooltip beim Überfahren der Karte"
    for text in texts:
        assert "<b>" not in text and "&lt;" not in text and "<br" not in text, text
        assert "\n" in text  # name on the first line, values below
    assert_no_exception(watched)
