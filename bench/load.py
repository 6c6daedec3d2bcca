"""Load test of the public deployment on loopback: N concurrent browser sessions, bounded in time.

Builds the public store into a scratch file, starts ``PLANUNGSATLAS_MODE=public streamlit run app.py``
on 127.0.0.1, and lets N headless Chromium contexts each open the Sozialräume page (map) and move a
slider, recording the time until the page has rendered. Reports p50/p95, errors and the server's
memory per session. Traffic goes only to 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import percentile

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 20
ROUNDS = 2
DEADLINE_S = 240.0


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def _session(browser: Any, url: str, times: list[float], errors: list[str]) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    page = await ctx.new_page()
    try:
        for r in range(ROUNDS):
            t0 = time.perf_counter()
            await page.goto(f"{url}/sozialraeume?klassen={4 + r}")
            await page.wait_for_selector("[data-testid='stDeckGlJsonChart']", timeout=120_000)
            times.append(time.perf_counter() - t0)
            slider = page.get_by_role("slider", name="Klassen").first
            t0 = time.perf_counter()
            await slider.focus()
            await page.keyboard.press("ArrowRight")
            await page.wait_for_function(
                f"() => location.search.includes('klassen={5 + r}')", timeout=120_000
            )
            await page.wait_for_selector("[data-testid='stDeckGlJsonChart']", timeout=120_000)
            times.append(time.perf_counter() - t0)
            if await page.locator("[data-testid='stException']").count():
                errors.append("Fehlerkasten")
    except Exception as exc:  # counted, reported
        errors.append(f"{type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await ctx.close()


async def _run(url: str, pid: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    times: list[float] = []
    errors: list[str] = []
    rss_before = _rss_mb(pid)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        tasks = [_session(browser, url, times, errors) for _ in range(SESSIONS)]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=DEADLINE_S)
        rss_after = _rss_mb(pid)
        await browser.close()
    return {
        "public_load_p50_s": round(percentile(times, 50), 3),
        "public_load_p95_s": round(percentile(times, 95), 3),
        "public_load_requests": len(times),
        "public_load_errors": len(errors),
        "public_load_error_samples": errors[:3],
        "public_load_sessions": SESSIONS,
        "server_rss_mb": round(rss_after, 1),
        "server_rss_per_session_mb": round((rss_after - rss_before) / SESSIONS, 2),
    }


def public_load(quick: bool) -> dict[str, Any]:
    from tests.e2e.conftest import start_server, stop_server

    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    public = tmp / "bench_public.duckdb"
    subprocess.run(
        [sys.executable, "-m", "data_layer.build", "--public", "--out", str(public)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    srv = start_server(public, mode="public")
    try:
        return asyncio.run(_run(srv.url, srv.proc.pid))
    finally:
        stop_server(srv)
        public.unlink(missing_ok=True)
