"""Each main chart draws marks (#15 point 2): in a real browser, the chart of every main page
is found by its title and its drawn bars/points/lines are counted inside plotly's SVG – an
empty axis frame with a title would pass a test that only asks whether the element exists.
The Bedarf ranking is a table with bars (``components.bar_list``), drawn bars counted in
tests/e2e/test_bedarf_scenario_browser.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.e2e.conftest import Server, Watched, assert_no_exception, screenshot, wait_rendered

pytestmark = pytest.mark.e2e

#: bars: one path per drawn bar; points: one per drawn marker; lines: one per drawn line
SELECTORS = {
    "bars": ".barlayer .point path",
    "points": ".scatterlayer .point",
    "lines": ".scatterlayer .js-line",
}


@dataclass(frozen=True)
class ChartCase:
    name: str
    path: str
    title: str  # start of the chart title
    marks: dict[str, int]  # selector kind -> at least this many drawn


CASES = [
    ChartCase("sozialraeume", "sozialraeume", "Anteil unter 6 J.: höchste und niedrigste 10",
              {"bars": 20}),
    ChartCase("gebietsprofil",
              "sozialraeume?bereich=profil&themenfeld=Sozialmonitoring&gebiet=lor2021%3A10300734",
              "Biesdorf Süd im Vergleich zu", {"bars": 10}),
    ChartCase("kommunen", "benchmarking?ebene=Gemeinde&ags=03454032", "Wo steht Lingen (Ems)?",
              {"points": 10, "lines": 5}),
    ChartCase("prognose", "projektion", "Einwohnerinnen und Einwohner",
              {"points": 10, "lines": 2}),
]  # fmt: skip

COUNT = """([title, selectors]) => {
  const charts = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(c => ((c.querySelector('.gtitle') || {}).textContent || '').startsWith(title));
  if (!charts.length) return null;
  return Object.fromEntries(Object.entries(selectors)
    .map(([k, s]) => [k, charts[0].querySelectorAll(s).length]));
}"""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_main_chart_draws_marks(case: ChartCase, server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/{case.path}")
    wait_rendered(page)
    page.wait_for_selector(".js-plotly-plot .gtitle", timeout=90_000)
    wait_rendered(page)
    chart = page.locator(".js-plotly-plot", has_text=case.title).first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    counts = page.evaluate(COUNT, [case.title, SELECTORS])
    screenshot(page, f"marks_{case.name}")
    assert counts is not None, f"kein Diagramm mit dem Titel „{case.title}…“"
    for kind, least in case.marks.items():
        assert counts[kind] >= least, (kind, counts)
    assert_no_exception(watched)
