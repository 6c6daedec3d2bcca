"""#15 Focus in a real browser: a shared link with ``fokus`` opens Sozialräume and Bedarf narrowed
to that Bezirk – sidebar shows the focus, ranking and headline figures count only its areas, the
map (zoomed to it) draws, and the link keeps the focus."""

from __future__ import annotations

import re

import duckdb
import pytest

from tests.e2e.conftest import ROOT, Server, Watched, assert_no_exception, screenshot, wait_rendered
from tests.e2e.test_pages import main_text, map_coverage

pytestmark = pytest.mark.e2e


def _bezirk(name: str) -> tuple[str, int, int]:
    """(area id, number of its Bezirksregionen, of its Planungsräume) from the store."""
    with duckdb.connect(str(ROOT / "data" / "planungsatlas.duckdb"), read_only=True) as c:
        (bez,) = c.execute(
            "SELECT area_id FROM areas WHERE system_code = 'lor2021' AND level = 'Bezirk' "
            "AND name = ?",
            [name],
        ).fetchone() or ("",)
        counts = dict(
            c.execute(
                """WITH RECURSIVE sub(area_id) AS (SELECT ?::VARCHAR UNION ALL
                   SELECT a.area_id FROM areas a JOIN sub ON a.parent_id = sub.area_id)
                   SELECT level, COUNT(*) FROM areas JOIN sub USING (area_id) GROUP BY level""",
                [bez],
            ).fetchall()
        )
    return str(bez), int(counts["Bezirksregion"]), int(counts["Planungsraum"])


def _snapshot(url: str) -> str:
    found = re.search(r"stand=([0-9-]+)", url)
    assert found, url
    return found.group(1)


def _kitas(focus: str, snapshot: str) -> int:
    """Number of Kitas of ``snapshot`` in the Planungsräume below ``focus`` (from the store)."""
    with duckdb.connect(str(ROOT / "data" / "planungsatlas.duckdb"), read_only=True) as c:
        (n,) = c.execute(
            """WITH RECURSIVE sub(area_id) AS (SELECT ?::VARCHAR UNION ALL
               SELECT a.area_id FROM areas a JOIN sub ON a.parent_id = sub.area_id)
               SELECT COUNT(*) FROM facilities JOIN sub USING (area_id)
               WHERE service_type = 'Kita' AND data_date = ?""",
            [focus, snapshot],
        ).fetchone() or (0,)
    return int(n)


def test_shared_link_with_focus_shows_only_the_focus_areas(
    server: Server, watched: Watched
) -> None:
    bez, n_regions, n_plr = _bezirk("Neukölln")
    page = watched.page
    page.goto(f"{server.url}/sozialraeume?fokus={bez}&ebene=Bezirksregion")
    wait_rendered(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart']", timeout=90_000)
    wait_rendered(page)
    box = page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Fokus")
    assert box.input_value() == "Neukölln (Bezirk)"
    text = main_text(page)
    assert re.search(rf"\b\d+ von {n_regions} Gebieten mit Wert", text), text[:600]
    assert f"Alle {n_regions} Gebiete" in text
    assert "von 143 Gebieten" not in text
    assert map_coverage(page) > 0.05  # the map, zoomed to the Bezirk, draws its areas
    assert f"fokus={bez.replace(':', '%3A')}" in page.url or f"fokus={bez}" in page.url
    screenshot(page, "fokus_sozialraeume")

    page.goto(f"{server.url}/bedarf_angebot?fokus={bez}&modus=anzahl")
    wait_rendered(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart']", timeout=90_000)
    wait_rendered(page)
    text = main_text(page)
    assert (
        f"Fokus: Neukölln (Bezirk) – Kennzahlen, Rangfolge und Tabelle nur für die {n_plr} " in text
    )
    # the headline counts the Kitas of the Bezirk's Planungsräume, not of the whole Kommune
    n_kitas = _kitas(bez, _snapshot(page.url))
    assert re.search(rf"Anzahl Einrichtungen\s+{n_kitas}\b", text), text[:1500]
    screenshot(page, "fokus_bedarf")
    assert_no_exception(watched)


def test_area_search_finds_every_area_of_a_bezirk(server: Server, watched: Watched) -> None:
    """Typing the Bezirk's name in "Gebiet hervorheben" lists exactly its Bezirksregionen."""
    _, n_regions, _ = _bezirk("Neukölln")
    page = watched.page
    page.goto(f"{server.url}/sozialraeume?ebene=Bezirksregion")
    wait_rendered(page)
    box = page.get_by_role("combobox", name="Gebiet hervorheben (oder auf die Karte klicken)")
    box.click()
    box.fill("Neukölln")
    page.wait_for_timeout(1000)
    options = page.get_by_role("option").all_inner_texts()
    assert len(options) == n_regions == 12, options
    assert all("Neukölln" in o for o in options)
    assert_no_exception(watched)
