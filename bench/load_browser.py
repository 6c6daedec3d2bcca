"""Small real-browser check next to the websocket load test: a few Chromium sessions at once.

Each of ``SESSIONS`` headless Chromium contexts (one browser) opens the Sozialräume page and
moves the "Klassen" slider once, measuring

* ``open``: from navigation until the map element is on the page (script run + first render);
* ``interaction``: from the key press until the URL shows the new value and the map is back.

Browser and server share the machine; without a GPU the renderers (software WebGL) dominate,
so these figures show what a reader's browser adds, not what the server can carry (that is
``bench.load``). Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.common import percentile

SESSIONS = 4
RAMP_S = 0.5
STEP_TIMEOUT_MS = 120_000
DEADLINE_S = 300.0
MAP = "[data-testid='stDeckGlJsonChart']"


async def _session(
    browser: Any, url: str, n: int, times: dict[str, list[float]], errors: list[str]
) -> None:
    await asyncio.sleep(n * RAMP_S)
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    page = await ctx.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        t0 = time.perf_counter()
        await page.goto(f"{url}/sozialraeume?klassen=4", wait_until="commit")
        await page.wait_for_selector(MAP)
        times["open"].append(time.perf_counter() - t0)
        slider = page.get_by_role("slider", name="Klassen").first
        await slider.focus()
        t0 = time.perf_counter()
        await page.keyboard.press("ArrowRight")
        await page.wait_for_function("() => location.search.includes('klassen=5')")
        await page.wait_for_selector(MAP)
        times["interaction"].append(time.perf_counter() - t0)
        if await page.locator("[data-testid='stException']").count():
            errors.append("Fehlerkasten")
    except Exception as exc:  # counted, reported
        errors.append(f"{type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await ctx.close()


async def browser_check(url: str, sessions: int = SESSIONS) -> dict[str, Any]:
    """p50/p95 of ``sessions`` concurrent Chromium sessions (after one warm-up visit)."""
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    times: dict[str, list[float]] = {"open": [], "interaction": []}
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            await _session(browser, url, 0, {"open": [], "interaction": []}, errors)
            tasks = [_session(browser, url, n, times, errors) for n in range(sessions)]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=DEADLINE_S)
        finally:
            await browser.close()
    out: dict[str, Any] = {
        "public_load_browser_sessions": sessions,
        "public_load_browser_errors": len(errors),
    }
    for kind in ("open", "interaction"):
        out[f"public_load_browser_{kind}_p50_s"] = round(percentile(times[kind], 50), 2)
        out[f"public_load_browser_{kind}_p95_s"] = round(percentile(times[kind], 95), 2)
    return out
