"""A fresh server: the readiness probe waits for the warm-up, and a cold shared link never shows
Streamlit's own page list (raw file names such as "app", "bedarf angebot") or its English
"Page not found" dialog – not even for a moment before the app's navigation is there."""

from __future__ import annotations

import time
import urllib.request

import pytest

from bench.cold_link import BUSY, NAV_TEXTS, app_titles
from tests.e2e.conftest import ROOT, Watched, assert_no_exception, start_server, stop_server

pytestmark = pytest.mark.e2e

DB = ROOT / "data" / "planungsatlas.duckdb"


def test_the_script_health_check_answers_after_the_warm_up() -> None:
    """`/_stcore/script-health-check` (the deploy's readiness probe) answers only once every
    page's caches are warm: the warm-up's closing log line is written before the answer."""
    srv = start_server(DB)
    try:
        with urllib.request.urlopen(f"{srv.url}/_stcore/script-health-check", timeout=120) as r:  # noqa: S310 - loopback
            answer = r.read().decode()
        log = srv.log.read_text(encoding="utf-8", errors="replace")
    finally:
        stop_server(srv)
    assert answer == "ok"
    assert "Vorwärmen fertig" in log
    assert "Vorwärmen: " not in log  # no step of the warm-up failed


def test_a_cold_link_never_shows_raw_page_names(watched: Watched) -> None:
    """The first visitor of a fresh server (no probe, no warm caches) opens a deep link; the
    sidebar navigation is polled every 50 ms from the first response on."""
    titles = app_titles()
    srv = start_server(DB)
    try:
        page = watched.page
        page.goto(f"{srv.url}/bedarf_angebot?leistung=kita_u3", wait_until="commit")
        seen: set[str] = set()
        bodies: list[str] = []
        heading = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            seen.update(page.evaluate(NAV_TEXTS))
            bodies.append(page.evaluate("() => document.body ? document.body.innerText : ''"))
            heading = heading or page.get_by_role("heading", name="Bedarf und Angebot").count() > 0
            if heading and not page.evaluate(BUSY):
                break
            page.wait_for_timeout(50)
        for _ in range(10):  # and a second after the page has finished
            seen.update(page.evaluate(NAV_TEXTS))
            page.wait_for_timeout(100)
        assert heading
        assert "Sozialräume vergleichen" in seen  # the app's own navigation was there
        assert seen <= titles, f"fremde Einträge in der Navigation: {sorted(seen - titles)}"
        assert not any("Page not found" in b for b in bodies)
        assert_no_exception(watched)
    finally:
        stop_server(srv)
