"""Every main page on a phone (390×844) and a projector (1280×720).

The sidebar starts collapsed on the phone and leaves the page readable; the mouse wheel over a
map scrolls the page (the map does not capture it); no chart's title overlaps its legend.
Screenshots are kept in tests/e2e/screenshots/ (git-ignored), one per page and size.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import Server, screenshot, wait_rendered

pytestmark = pytest.mark.e2e

#: (name, URL, the page's own heading, has a map)
PAGES = [
    ("start", "/", "Planungsatlas", False),
    ("sozialraeume", "/sozialraeume", "Sozialräume vergleichen", True),
    ("bedarf", "/bedarf_angebot", "Bedarf und Angebot", True),
    ("kommunen", "/benchmarking", "Kommunen vergleichen", False),
    ("kommunen_karte", "/benchmarking?teil=karte", "Kommunen vergleichen", True),
    # a Gemeinde among Gemeinden: longer names, population in the change chart
    (
        "lingen",
        "/benchmarking?ebene=Gemeinde&ags=03454032&teil=entwicklung",
        "Kommunen vergleichen",
        False,
    ),
    ("prognose", "/projektion", "Bevölkerungsprognose", False),
    (
        "gebietsprofil",
        "/sozialraeume?bereich=profil&ebene=Bezirk&gebiet=lor2021:08",
        "Sozialräume vergleichen",
        False,
    ),
    ("katalog", "/indikatoren", "Indikatorenkatalog", False),
    ("ziele", "/ziele", "Ziele und Maßnahmen", False),
]
SIZES = [(390, 844), (1280, 720)]
#: pages whose opening view draws at least one plotly chart
WITH_CHARTS = {"prognose", "gebietsprofil"}
#: pages whose opening view draws a ranking as a table with bars (``components.bar_list``)
WITH_BAR_LISTS = {"bedarf"}
#: narrowest chart on a phone (px): narrower, plotly squeezes the plot beside its legend
PHONE_CHART_WIDTH = 600

#: per plotly chart: the boxes of its title and legend (null when it has none)
BOXES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => {
  const box = sel => { const e = p.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect(); return r.width && r.height ?
      {x: r.x, y: r.y, w: r.width, h: r.height} : null; };
  const t = p.querySelector('.gtitle');
  const svg = box('.main-svg');
  const notes = [...p.querySelectorAll('.annotation')].map(a => a.getBoundingClientRect())
    .map(r => ({x: r.x, y: r.y, w: r.width, h: r.height}));
  const ticks = [...p.querySelectorAll('.ytick text')].map(e => e.textContent);
  const named = ticks.some(x => /[A-Za-zÄÖÜäöüß]/.test(x));  // category labels, not numbers
  const bars = p.querySelectorAll('.barlayer .point').length;
  return {title: t ? t.textContent : '', t: box('.gtitle'), l: box('.legend'), svg, notes,
          labels: named ? ticks.length : null, bars};
})"""

#: position of the page's scroll container (Streamlit scrolls the window or its main section)
SCROLL_JS = """() => window.scrollY + [...document.querySelectorAll(
  '[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stAppScrollToBottomContainer]'
)].reduce((s, e) => s + e.scrollTop, 0)"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Area (px²) where two boxes intersect."""
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(w, 0.0) * max(h, 0.0)


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=90_000)
    wait_rendered(page)


def _wheel_scrolls_the_page(page: Page) -> None:
    chart = page.locator("[data-testid='stDeckGlJsonChart']").first
    chart.wait_for(state="attached", timeout=90_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 200))
    before = float(page.evaluate(SCROLL_JS))
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(800)
    after = float(page.evaluate(SCROLL_JS))
    if after == before:  # already at the bottom: wheel up instead
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(800)
        after = float(page.evaluate(SCROLL_JS))
    assert after != before, "Mausrad über der Karte bewegt die Seite nicht"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["telefon", "beamer"])
@pytest.mark.parametrize(("name", "path", "heading", "has_map"), PAGES, ids=[p[0] for p in PAGES])
def test_page_reads_well_on_phone_and_projector(
    server: Server,
    browser: Browser,
    name: str,
    path: str,
    heading: str,
    has_map: bool,
    width: int,
    height: int,
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = ctx.new_page()
    try:
        _open(page, f"{server.url}{path}", heading)
        if name in WITH_CHARTS or page.locator(".js-plotly-plot").count():
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
            page.wait_for_timeout(1500)
        main = page.locator("[data-testid='stMain']")
        assert main.locator("[data-testid='stException']").count() == 0, "Fehlerkasten"
        assert "konnte nicht angezeigt werden" not in main.inner_text(), "Fehlermeldung"
        shot = screenshot(page, f"groesse_{name}_{width}x{height}")
        print(f"Bildschirmfoto: {shot}")

        sidebar = page.locator("[data-testid='stSidebar']").bounding_box()
        right = 0.0 if sidebar is None else max(0.0, sidebar["x"] + sidebar["width"])
        h1 = page.get_by_role("heading", name=heading).first.bounding_box()
        assert h1 is not None
        if width < 640:  # phone: the sidebar starts collapsed and covers nothing
            assert right < 5, f"Seitenleiste verdeckt die Seite ({right:.0f} px)"
            assert h1["x"] >= 0 and h1["x"] + min(h1["width"], 100) <= width
        else:  # projector: sidebar open beside the page, not over it
            assert right > 200 and h1["x"] >= right - 1, (right, h1)

        problems = []
        charts = page.evaluate(BOXES_JS)
        print(f"{name} {width}x{height}: {len(charts)} Grafiken", [c["title"][:40] for c in charts])
        for n, plot in enumerate(page.locator(".js-plotly-plot").all()[:3], start=1):
            plot.scroll_into_view_if_needed()  # the page scrolls inside Streamlit's main section
            page.wait_for_timeout(300)
            screenshot(page, f"groesse_{name}_{width}x{height}_grafik{n}")
        if name in WITH_CHARTS:
            assert charts, "keine Grafik gezeichnet"
        for chart in charts:
            svg = chart["svg"]
            assert svg is not None
            if width < 640:  # a readable width, scrolled sideways inside its box
                assert svg["w"] >= PHONE_CHART_WIDTH, f"„{chart['title']}“: {svg['w']:.0f} px breit"
            for part in [chart["t"], *chart["notes"]]:  # title and source line not cut off
                if part:
                    assert part["x"] + part["w"] <= svg["x"] + svg["w"] + 1, (
                        f"„{chart['title']}“: Text ragt aus der Grafik"
                    )
            if chart["labels"] is not None and chart["bars"]:  # a bar per named row
                assert chart["labels"] == chart["bars"], (
                    f"„{chart['title']}“: {chart['labels']} Beschriftungen für {chart['bars']} Balken"
                )
            if chart["t"] and chart["l"]:
                area = _overlap(chart["t"], chart["l"])
                if area > 4:
                    problems.append(
                        f"„{chart['title']}“: Titel und Legende überlappen ({area:.0f} px²)"
                    )
        assert not problems, problems
        if name in WITH_BAR_LISTS:  # every bar and value inside the screen's width
            boxes = page.locator("figure.pa-bars .pa-bar-value").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().right)"
            )
            assert boxes, "keine Rangfolge gezeichnet"
            assert max(boxes) <= width, f"Werte ragen über den Rand: {max(boxes):.0f} px"

        if has_map:
            page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
            _wheel_scrolls_the_page(page)
    finally:
        ctx.close()
