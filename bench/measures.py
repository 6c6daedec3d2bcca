"""The individual measurements; each returns a dict of figures."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.browser_reruns import browser_reruns
from bench.common import timed
from bench.reruns import FLOOR, Scenario, measure

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "data" / "planungsatlas.duckdb"


def build(quick: bool) -> dict[str, Any]:
    """Full demo build from data/raw into a scratch file (the real store is untouched)."""
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_build.duckdb"
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "data_layer.build.pipeline", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    dt = time.perf_counter() - t0
    out.unlink(missing_ok=True)
    return {"build_s": round(dt, 2)}


def cold_start(quick: bool) -> dict[str, Any]:
    """Server start → first page rendered in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server, wait_rendered

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        t0 = time.perf_counter()
        srv = start_server(DB)
        try:
            page = browser.new_page()
            page.goto(srv.url + "/")
            page.wait_for_selector("text=Gebietssysteme", timeout=120_000)
            dt = time.perf_counter() - t0
            wait_rendered(page)
        finally:
            stop_server(srv)
            browser.close()
    return {"cold_start_s": round(dt, 2)}


def cold_links(quick: bool) -> dict[str, Any]:
    """A shared link opened right after server start (no readiness probe, as when the first
    visitor comes before the warm-up): seconds until each page's own heading shows, and any
    raw file name seen in the navigation meanwhile (``bench.cold_link``)."""
    from bench.cold_link import HEADINGS, cold_link

    out: dict[str, Any] = {}
    seen: set[str] = set()
    for path in HEADINGS:
        if path == "/":  # the start page: ``cold_start_s``
            continue
        result = cold_link(1 if quick else 3, path)
        out[f"cold_link_heading_{path.strip('/').split('?')[0]}_s"] = result["cold_link_heading_s"]
        seen |= set(result["cold_link_raw_names_seen"])
    out["cold_link_raw_names_seen"] = sorted(seen)
    return out


def reruns(quick: bool) -> dict[str, Any]:
    repeats = 5 if quick else 11
    out: dict[str, Any] = {FLOOR.name: round(measure(FLOOR, repeats), 4)}
    for s in PAGE_SCENARIOS:
        out[s.name] = round(measure(s, repeats), 4)
    floor = out[FLOOR.name]
    out["rerun_ratio_to_floor"] = {s.name: round(out[s.name] / floor, 1) for s in PAGE_SCENARIOS}
    return out


def e2sfca_kitas(quick: bool) -> dict[str, Any]:
    """E2SFCA for all Berlin Kitas (2026) against the 542 Planungsräume."""
    import duckdb

    from indicators.access.catchment import e2sfca
    from indicators.access.service_types import DecayConfig

    conn = duckdb.connect(str(DB), read_only=True)
    demand = conn.execute("""SELECT a.area_id, a.centroid_lon AS lon, a.centroid_lat AS lat, SUM(p.count) AS demand
        FROM areas a JOIN population p USING (area_id) WHERE a.system_code='lor2021' AND a.level='Planungsraum'
        AND p.period='2024-12-31' AND p.sex='all' AND p.age_from >= 0 AND p.age_to <= 3 GROUP BY ALL""").df()
    supply = conn.execute("""SELECT facility_id, lon, lat, capacity FROM facilities
        WHERE service_type='Kita' AND data_date='2026-01-01'""").df()
    conn.close()
    dem = (
        demand["area_id"].to_numpy(),
        demand["lon"].to_numpy(),
        demand["lat"].to_numpy(),
        demand["demand"].to_numpy(),
    )
    sup = (
        supply["facility_id"].to_numpy(),
        supply["lon"].to_numpy(),
        supply["lat"].to_numpy(),
        supply["capacity"].to_numpy(),
    )
    median, _ = timed(
        lambda: e2sfca(dem, sup, 800.0, DecayConfig(), 1.3), repeat=5 if quick else 21
    )
    return {"e2sfca_berlin_kitas_s": round(median, 4), "e2sfca_sizes": [len(supply), len(demand)]}


PAGE_SCENARIOS: list[Scenario] = [
    Scenario(
        "rerun_sozialraeume_s", "features/areas/page.py", "select_slider", "soz.klassen", (4, 6)
    ),
    Scenario(
        "rerun_bedarf_s",
        "features/demand_supply/page.py",
        "select_slider",
        "ba.quote.kita_u3",
        (40.0, 50.0),
    ),
    Scenario(
        "rerun_benchmarking_s",
        "features/benchmarking/page.py",
        "slider",
        "bench.k",
        (8, 12),
        (("ebene", "Gemeinde"), ("ags", "09162000")),
    ),
    Scenario(
        "rerun_projektion_s", "features/projection/page.py", "select_slider", "proj.tfr", (1.3, 1.6)
    ),
]


def _app_steps() -> list[tuple[str, Callable[[bool], dict[str, Any]]]]:
    from bench import disclosure, load, measures_app

    return [
        ("disclosure", disclosure.disclosure),
        ("map_bytes", measures_app.map_bytes),
        ("projection", measures_app.projection),
        ("backtest", measures_app.backtest),
        ("peers", measures_app.peers),
        ("public_load", load.public_load),
    ]


STEPS: list[tuple[str, Callable[[bool], dict[str, Any]]]] = [
    ("build", build),
    ("cold_start", cold_start),
    ("cold_links", cold_links),
    ("reruns", reruns),
    ("browser_reruns", browser_reruns),
    ("e2sfca", e2sfca_kitas),
    *_app_steps(),
]
