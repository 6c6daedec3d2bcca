"""Load test of the public deployment on loopback: N concurrent browser sessions, bounded in time.

Builds the public store into a scratch file, starts ``PLANUNGSATLAS_MODE=public streamlit run app.py``
on 127.0.0.1, and lets N headless Chromium contexts (one browser) each open the Sozialräume page
(map) and move a slider, recording

* ``open``: from navigation until the map element is on the page (script run + first render);
* ``interaction``: from the key press until the URL shows the new value and the map is back.

Sessions start staggered (``RAMP_S`` apart) like real visitors, not all in the same millisecond.
The server's resident memory is sampled every 0.5 s; the report gives the peak and the increase
per session. Client and server share the machine: on 2 cores the 20 Chromium renderers (software
WebGL) dominate the CPU, so the figures are an upper bound for the server's response time.
Traffic goes only to 127.0.0.1; every wait is bounded.
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
RAMP_S = 0.5
STEP_TIMEOUT_MS = 180_000
DEADLINE_S = 600.0
MAP = "[data-testid='stDeckGlJsonChart']"


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


async def _session(
    browser: Any, url: str, n: int, rounds: int, times: dict[str, list[float]], errors: list[str]
) -> None:
    await asyncio.sleep(n * RAMP_S)
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    page = await ctx.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        for r in range(rounds):
            t0 = time.perf_counter()
            await page.goto(f"{url}/sozialraeume?klassen={4 + r}", wait_until="commit")
            await page.wait_for_selector(MAP)
            times["open"].append(time.perf_counter() - t0)
            slider = page.get_by_role("slider", name="Klassen").first
            await slider.focus()
            t0 = time.perf_counter()
            await page.keyboard.press("ArrowRight")
            await page.wait_for_function(f"() => location.search.includes('klassen={5 + r}')")
            await page.wait_for_selector(MAP)
            times["interaction"].append(time.perf_counter() - t0)
            if await page.locator("[data-testid='stException']").count():
                errors.append("Fehlerkasten")
    except Exception as exc:  # counted, reported
        errors.append(f"{type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await ctx.close()


async def _sample_rss(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], _rss_mb(pid))
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except TimeoutError:
            pass


def _summary(times: dict[str, list[float]]) -> dict[str, Any]:
    both = times["open"] + times["interaction"]
    out: dict[str, Any] = {
        "public_load_p50_s": round(percentile(both, 50), 3),
        "public_load_p95_s": round(percentile(both, 95), 3),
        "public_load_requests": len(both),
    }
    for kind in ("open", "interaction"):
        out[f"public_load_{kind}_p50_s"] = round(percentile(times[kind], 50), 3)
        out[f"public_load_{kind}_p95_s"] = round(percentile(times[kind], 95), 3)
    return out


async def _run(url: str, pid: int, sessions: int, rounds: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    times: dict[str, list[float]] = {"open": [], "interaction": []}
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        # warm-up: one visit loads modules, data caches and geometry (the cold start is
        # measured separately in bench.measures.cold_start)
        warm: dict[str, list[float]] = {"open": [], "interaction": []}
        await _session(browser, url, 0, 1, warm, errors)
        await asyncio.sleep(2)
        rss_before, cpu_before = _rss_mb(pid), _cpu_s(pid)
        peak = [rss_before]
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(pid, peak, stop))
        t0 = time.perf_counter()
        try:
            tasks = [_session(browser, url, n, rounds, times, errors) for n in range(sessions)]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=DEADLINE_S)
        finally:
            await browser.close()
            stop.set()
            await sampler
    cpu = _cpu_s(pid) - cpu_before
    n_req = len(times["open"]) + len(times["interaction"])
    return {
        **_summary(times),
        "public_load_errors": len(errors),
        "public_load_error_samples": errors[:3],
        "public_load_sessions": sessions,
        "public_load_warmup_open_s": round(warm["open"][0], 2) if warm["open"] else None,
        "public_load_wall_s": round(time.perf_counter() - t0, 1),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_per_request_s": round(cpu / n_req, 3) if n_req else None,
        "server_rss_idle_mb": round(rss_before, 1),
        "server_rss_peak_mb": round(peak[0], 1),
        "server_rss_per_session_mb": round((peak[0] - rss_before) / sessions, 2),
    }


def public_load(quick: bool) -> dict[str, Any]:
    """Figures of the load test (``quick``: 5 sessions, one round)."""
    from tests.e2e.conftest import start_server, stop_server

    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    public = tmp / f"bench_public_{os.getpid()}.duckdb"
    subprocess.run(
        [sys.executable, "-m", "data_layer.build", "--public", "--out", str(public)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    srv = start_server(public, mode="public")
    try:
        sessions, rounds = (5, 1) if quick else (SESSIONS, ROUNDS)
        return asyncio.run(_run(srv.url, srv.proc.pid, sessions, rounds))
    finally:
        stop_server(srv)
        public.unlink(missing_ok=True)
