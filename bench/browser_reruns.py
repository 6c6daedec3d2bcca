"""Rerun time after a slider change, end to end in a real browser (headless Chromium).

For each page: open it, focus its slider, press an arrow key and time until the rerun has
finished in the browser – the URL changed (the page writes its view into the URL; the trivial
page has no URL state, there its output text changes), Streamlit's running indicator
``[data-testid=stStatusWidget]`` is gone and no element is ``[data-stale=true]`` (polled every
20 ms, confirmed by one more poll). The median over several changes is reported, and the same
for ``bench/trivial_page.py`` in a second server as the framework floor. The figure includes
everything a user waits for: the slider's own debounce in the frontend, the websocket round
trip, the script run and the drawing of the new elements. The app server is measured once its
readiness probe answers (start-up warm-up done), as in a deployment.

Usage: ``python -m bench.browser_reruns [--quick] [--port=N] [page …]`` prints the figures as
JSON (``--port``: the app on N, the trivial page on N + 1; default: free ports).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    start_server,
    stop_server,
    wait_rendered,
)

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "data" / "planungsatlas.duckdb"
TRIVIAL = "bench/trivial_page.py"
POLL_MS = 20
TIMEOUT_S = 120.0


@dataclass(frozen=True)
class BrowserCase:
    """A page (URL path with query) and the accessible name of the slider moved."""

    name: str
    path: str
    slider: str


CASES = [
    BrowserCase("sozialraeume", "sozialraeume", "Klassen"),
    BrowserCase("bedarf_angebot", "bedarf_angebot", "Bedarfsquote (%)"),
    BrowserCase(
        "benchmarking",
        "benchmarking?ebene=Gemeinde&ags=09162000",
        "Anzahl ähnlichster Kommunen (k)",
    ),
    BrowserCase("projektion", "projektion", "Geburten (Kinder je Frau)"),
]
FLOOR_CASE = BrowserCase("framework_floor", "", "Wert")

#: One poll: URL, a fingerprint of the visible output, running indicator, stale elements.
_STATE_JS = """() => {
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  const md = main ? main.querySelectorAll("[data-testid='stMarkdown']") : [];
  return {
    url: location.href,
    text: Array.from(md).slice(0, 3).map(e => e.textContent).join("|"),
    busy: document.querySelector("[data-testid='stStatusWidget']") !== null
      || document.querySelector("[data-stale='true']") !== null,
  };
}"""


#: resolves after two animation frames: what arrived before has been drawn
_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def start_script_server(script: str, db: Path = DB, *, port: int | None = None) -> Server:
    """The e2e server starter, for any Streamlit script (path below ROOT)."""
    return start_server(db, port=port, script=script)


def wait_ready(server: Server) -> None:
    """Wait for the readiness probe of the deployment (``/_stcore/script-health-check``: the
    start-up warm-up is done), so the figures are reruns of a warm server, as visitors of a
    deployment see them – not reruns racing the warm-up (that is ``cold_start_s``)."""
    with urllib.request.urlopen(  # noqa: S310 - loopback
        f"{server.url}/_stcore/script-health-check", timeout=TIMEOUT_S
    ) as answer:
        answer.read()


def _state(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(_STATE_JS))


class ServedFetches:
    """Requests of served map data (``app/static/deck/``) of one page, so a step counts until
    the map has its new data: deck.gl fetches a served file after the rerun's elements arrived."""

    def __init__(self, page: Page) -> None:
        self.pending = 0
        self.last_end = 0.0
        self._page = page
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def close(self) -> None:
        self._page.remove_listener("request", self._start)
        self._page.remove_listener("requestfinished", self._end)
        self._page.remove_listener("requestfailed", self._end)

    @staticmethod
    def _served(request: Any) -> bool:
        return "/static/deck/" in str(request.url)

    def _start(self, request: Any) -> None:
        if self._served(request):
            self.pending += 1

    def _end(self, request: Any) -> None:
        if self._served(request):
            self.pending -= 1
            self.last_end = time.perf_counter()


def _one_change(page: Page, key: str, use_url: bool, fetches: ServedFetches | None = None) -> float:
    """Press ``key`` on the focused slider; seconds until the rerun has finished in the browser
    (and the map data it fetched has arrived and been drawn: two animation frames later)."""
    before = _state(page)
    t0 = time.perf_counter()
    page.keyboard.press(key)
    done_at: float | None = None
    while time.perf_counter() - t0 < TIMEOUT_S:
        page.wait_for_timeout(POLL_MS)
        now = _state(page)
        changed = now["url"] != before["url"] if use_url else now["text"] != before["text"]
        if changed and not now["busy"] and not (fetches and fetches.pending):
            if done_at is not None:  # quiet on two polls in a row
                if fetches and fetches.last_end > t0:  # new map data: until it is drawn
                    page.evaluate(_FRAMES_JS)
                    return max(done_at, time.perf_counter()) - t0
                return done_at - t0
            done_at = time.perf_counter()
        else:
            done_at = None
    raise RuntimeError("Der Rerun wurde im Browser nicht fertig.")


def _direction(slider: Any, current: str) -> str:
    """Arrow key that moves the slider (an ``input type=range``) away from an end it reached."""
    value, low, high = slider.evaluate("e => [Number(e.value), Number(e.min), Number(e.max)]")
    if value >= high:
        return "ArrowLeft"
    if value <= low:
        return "ArrowRight"
    return current


def measure_case(page: Page, url: str, case: BrowserCase, changes: int) -> float:
    """Median seconds of ``changes`` slider steps (after one warm-up step) on one page."""
    page.goto(url)
    wait_rendered(page, timeout_ms=int(TIMEOUT_S * 1000))
    slider = page.get_by_role("slider", name=case.slider).first
    slider.wait_for(timeout=int(TIMEOUT_S * 1000))
    wait_rendered(page)
    slider.scroll_into_view_if_needed()
    use_url = case is not FLOOR_CASE
    fetches = ServedFetches(page)
    key, times = "ArrowRight", []
    for i in range(changes + 1):
        slider.focus()
        key = _direction(slider, key)
        dt = _one_change(page, key, use_url, fetches)
        if i > 0:
            times.append(dt)
    fetches.close()
    return statistics.median(times)


def browser_reruns(
    quick: bool, only: tuple[str, ...] = (), port: int | None = None
) -> dict[str, Any]:
    """Figures ``browser_rerun_<page>_s``, ``browser_framework_floor_s`` and the ratios.

    ``only`` restricts the pages (names of :data:`CASES`); the floor is always measured.
    """
    changes = 5 if quick else 9
    cases = [c for c in CASES if not only or c.name in only]
    out: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        app = start_server(DB, port=port)
        trivial = start_script_server(TRIVIAL, port=port + 1 if port else None)
        try:
            wait_ready(app)
            ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="de-DE")
            page = ctx.new_page()
            floor = measure_case(page, trivial.url + "/", FLOOR_CASE, changes)
            out["browser_framework_floor_s"] = round(floor, 3)
            for case in cases:
                value = measure_case(page, f"{app.url}/{case.path}", case, changes)
                out[f"browser_rerun_{case.name}_s"] = round(value, 3)
            ctx.close()
        finally:
            stop_server(app)
            stop_server(trivial)
            browser.close()
    out["browser_rerun_ratio_to_floor"] = {
        c.name: round(out[f"browser_rerun_{c.name}_s"] / out["browser_framework_floor_s"], 1)
        for c in cases
    }
    return out


if __name__ == "__main__":
    names = tuple(a for a in sys.argv[1:] if not a.startswith("--"))
    ports = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--port=")]
    figures = browser_reruns("--quick" in sys.argv, names, ports[0] if ports else None)
    print(json.dumps(figures, ensure_ascii=False))
