"""A new number of classes recolours the map in the browser (components/maps/recolour.py).

The recoloured map gets its geometry once as a served file and its colours from the fill
accessor; a mistake in that expression draws every area black or keeps the old colours while
the legend changes. Here the drawn pixels must carry exactly the legend's colours, before and
after the change.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page

from tests.e2e.conftest import Server, Watched, assert_no_exception, wait_rendered

pytestmark = pytest.mark.e2e

MAP = "[data-testid='stDeckGlJsonChart']"
RGB = tuple[int, int, int]


def _legend_colours(page: Page) -> list[RGB]:
    """The colour boxes of the map legend (without the grey 'keine Angabe')."""
    styles = page.locator(".pa-legend [role=listitem] span:first-child").evaluate_all(
        "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    colours = [tuple(int(v) for v in re.findall(r"\d+", s)[:3]) for s in styles]
    return [c for c in colours if c != (204, 204, 204)]  # type: ignore[misc]


def _drawn_shares(chart: Locator) -> dict[RGB, float]:
    """Share of the map's pixels per exact colour."""
    img = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    pixels = list(img.get_flattened_data())
    counts = Counter(pixels)
    return {rgb: n / len(pixels) for rgb, n in counts.items()}


def _settled(page: Page) -> None:
    wait_rendered(page)
    page.wait_for_timeout(1500)  # deck.gl draws after the element has settled


def test_new_class_count_recolours_the_drawn_map(server: Server, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{server.url}/sozialraeume?indikator=share_u6&ebene=Planungsraum&klassen=5")
    _settled(page)
    chart = page.locator(MAP).first
    five = _legend_colours(page)
    assert len(five) == 5
    shares = _drawn_shares(chart)
    for rgb in five:  # every class is drawn (quantiles: about a fifth of the areas each)
        assert shares.get(rgb, 0) > 0.01, (rgb, sorted(shares.items(), key=lambda x: -x[1])[:8])
    assert shares.get((0, 0, 0), 0) < 0.001  # no area without a colour (the accessor failed)

    slider = page.get_by_role("slider", name="Klassen")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**klassen=4**")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**klassen=3**")
    _settled(page)
    three = _legend_colours(page)
    assert len(three) == 3 and three != five[:3]
    shares = _drawn_shares(chart)
    for rgb in three:
        assert shares.get(rgb, 0) > 0.02, (rgb, sorted(shares.items(), key=lambda x: -x[1])[:8])
    for rgb in set(five) - set(three):  # the old colours are gone from the map
        assert shares.get(rgb, 0) < 0.001, rgb
    assert_no_exception(watched)
