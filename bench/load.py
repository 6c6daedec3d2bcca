"""Load test of the public deployment on loopback: N concurrent websocket sessions, bounded in time.

Builds the public store into a scratch file and starts ``PLANUNGSATLAS_MODE=public streamlit run
app.py`` on 127.0.0.1 with the settings of ``deploy/public/.streamlit/config.toml``. Then N
clients speaking Streamlit's own browser protocol (:mod:`bench.ws_client`) each keep one session
open for ``DURATION_S`` and walk through :data:`SCENARIO`: open a page with typical URL
parameters, then change one widget after another, with a think time between steps like a
reader. Each session starts at another page, sessions start ``RAMP_S`` apart. Measured:

* ``open``: from the rerun request for a page until ``script_finished``;
* ``interaction``: from a widget change until ``script_finished``;
* errors: an exception element, an ``st.error`` box, a page not found, a timeout or a lost
  connection; also interactions that did not change the URL (``no_effect``, a sign that the
  widget state did not arrive);
* server memory (RSS, sampled every 0.5 s) and CPU before and during the run, and the growth
  per session when as many further sessions open a page with cached data and stay connected.

This measures the server, not browser rendering: the clients parse every message but draw
nothing (the cost of drawing is in ``bench.load_browser``, a small real-browser check).
Traffic goes only to 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import percentile, run_coroutine
from bench.load_server import build_public, cpu_s, public_settings, rss_mb, sample_rss
from bench.ws_client import Run, StreamlitClient

SESSIONS = 20
DURATION_S = 120.0
RAMP_S = 0.5
THINK_S = (2.0, 6.0)
STEP_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Change:
    """A widget change: ``key`` (or key prefix ending in "."), values to cycle through.

    Without ``values`` the session picks another option of the widget.
    """

    key: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Visit:
    path: str
    query: str
    changes: tuple[Change, ...] = ()


#: Typical use of the public site: every page with URL parameters a shared link would carry.
SCENARIO: tuple[Visit, ...] = (
    Visit(
        "sozialraeume",
        "indikator=share_u6&ebene=Planungsraum",
        (Change("soz.klassen", ("4", "6", "7")), Change("soz.methode"), Change("soz.ind")),
    ),
    Visit(
        "bedarf_angebot",
        "leistung=kita_u3&ebene=Bezirksregion",
        (Change("ba.radius.", (600, 1000, 1200)), Change("ba.ansicht")),
    ),
    Visit(
        "benchmarking",
        "ebene=Kreis&teil=entwicklung",
        (Change("bench.bereich"), Change("bench.indikator")),
    ),
    Visit("projektion", "ebene=Bezirk", (Change("proj.tfr", (1.4, 1.6, 1.8)), Change("proj.ende"))),
    Visit("indikatoren", "bereich=Demografie", (Change("kat.indikator"),)),
    Visit("", ""),
)


@dataclass
class Sample:
    kind: str  # "open" | "interaction"
    page: str
    seconds: float
    nbytes: int
    errors: list[str]
    no_effect: bool = False


@dataclass
class Record:
    samples: list[Sample] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # timeouts, lost connections

    @property
    def errors(self) -> list[str]:
        return [e for s in self.samples for e in s.errors] + self.failures


def _value(client: StreamlitClient, change: Change, n: int) -> tuple[str, Any]:
    """Widget key and the value session ``n`` sets for ``change``."""
    widgets = client.last.widgets
    key = change.key
    if key.endswith("."):
        key = next((k for k in widgets if k.startswith(key)), key)
    if key not in widgets:
        raise KeyError(f"kein Widget {change.key!r} auf {client.page!r}")
    w = widgets[key]
    if change.values:
        return key, change.values[n % len(change.values)]
    current = w.current[0] if isinstance(w.current, list) and w.current else w.current
    others = [o for o in w.options if o != current]
    if not others:
        raise KeyError(f"Widget {key!r} hat keine andere Auswahl")
    return key, others[(7 * n) % len(others)]


def _sample(kind: str, page: str, run: Run, before: str | None = None) -> Sample:
    return Sample(
        kind, page or "start", run.seconds, run.nbytes, run.errors, before == run.query_string
    )


async def visit(
    client: StreamlitClient, v: Visit, n: int, rec: Record, think: Any, deadline: float | None
) -> None:
    """Open one page and make its changes (``think()`` waits between steps) until ``deadline``."""
    rec.samples.append(_sample("open", v.path, await client.open_page(v.path, v.query)))
    for change in v.changes:
        await think()
        if deadline is not None and time.monotonic() >= deadline:
            return
        key, value = _value(client, change, n)
        before = client.last.query_string
        rec.samples.append(_sample("interaction", v.path, await client.change(key, value), before))


async def session(
    ws_url: str,
    n: int,
    rec: Record,
    *,
    scenario: tuple[Visit, ...] = SCENARIO,
    deadline: float | None = None,
    visits: int | None = None,
    think_s: tuple[float, float] = THINK_S,
) -> None:
    """One visitor: ``visits`` page visits, or visits until ``deadline`` (time.monotonic)."""
    rng = random.Random(n)

    async def think() -> None:
        await asyncio.sleep(rng.uniform(*think_s))

    client = StreamlitClient(ws_url, STEP_TIMEOUT_S)
    done = 0
    try:
        await client.connect()
        while (visits is None or done < visits) and (
            deadline is None or time.monotonic() < deadline
        ):
            await visit(
                client, scenario[(n + done) % len(scenario)], n + done, rec, think, deadline
            )
            done += 1
            await think()
    except Exception as exc:  # counted, reported
        rec.failures.append(f"{type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await client.close()


def summary(rec: Record, prefix: str = "public_load") -> dict[str, Any]:
    """p50/p95 over all steps, per kind and per page; errors with up to three samples."""
    every = [s.seconds for s in rec.samples]
    out: dict[str, Any] = {
        f"{prefix}_p50_s": round(percentile(every, 50), 3),
        f"{prefix}_p95_s": round(percentile(every, 95), 3),
        f"{prefix}_requests": len(every),
        f"{prefix}_errors": len(rec.errors),
        f"{prefix}_error_samples": sorted(set(rec.errors))[:3],
    }
    for kind in ("open", "interaction"):
        times = [s.seconds for s in rec.samples if s.kind == kind]
        out[f"{prefix}_{kind}_p50_s"] = round(percentile(times, 50), 3)
        out[f"{prefix}_{kind}_p95_s"] = round(percentile(times, 95), 3)
    pages = sorted({s.page for s in rec.samples})
    out[f"{prefix}_by_page_p50_p95_s"] = {
        p: [
            round(percentile([s.seconds for s in rec.samples if s.page == p], q), 3)
            for q in (50, 95)
        ]
        for p in pages
    }
    out[f"{prefix}_no_effect"] = sum(s.no_effect for s in rec.samples)
    out[f"{prefix}_mb_received"] = round(sum(s.nbytes for s in rec.samples) / 2**20, 1)
    return out


async def _run(ws_url: str, pid: int, sessions: int, duration_s: float) -> dict[str, Any]:
    # warm-up: one visitor opens every page once (modules, data caches, geometry; the cold
    # start is measured separately in bench.measures.cold_start)
    warm = Record()
    t0 = time.perf_counter()
    await session(ws_url, 0, warm, visits=len(SCENARIO), think_s=(0.0, 0.0))
    warm_s = time.perf_counter() - t0
    await asyncio.sleep(2)
    rss_idle, cpu_before, client_cpu = rss_mb(pid), cpu_s(pid), time.process_time()
    peak = [rss_idle]
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, peak, stop))
    rec = Record()
    t0 = time.perf_counter()
    deadline = time.monotonic() + duration_s
    clients = [
        _delayed(n * RAMP_S, session(ws_url, n, rec, deadline=deadline)) for n in range(sessions)
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*clients), timeout=duration_s + 4 * STEP_TIMEOUT_S)
    finally:
        wall = time.perf_counter() - t0
        stop.set()
        await sampler
    cpu = cpu_s(pid) - cpu_before
    n_req = len(rec.samples)
    extra_mb = await _memory_per_session(ws_url, pid, sessions)
    return {
        **summary(rec),
        "public_load_sessions": sessions,
        "public_load_duration_s": duration_s,
        "public_load_think_s": list(THINK_S),
        "public_load_wall_s": round(wall, 1),
        "public_load_requests_per_s": round(n_req / wall, 2),
        "public_load_warmup_s": round(warm_s, 2),
        "public_load_warmup_errors": len(warm.errors),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_per_request_s": round(cpu / n_req, 3) if n_req else None,
        "load_client_cpu_s": round(time.process_time() - client_cpu, 1),
        "server_rss_idle_mb": round(rss_idle, 1),
        "server_rss_peak_mb": round(peak[0], 1),
        "server_rss_per_session_mb": round((peak[0] - rss_idle) / sessions, 2),
        "server_rss_per_open_session_mb": round(extra_mb, 2),
    }


async def _memory_per_session(ws_url: str, pid: int, sessions: int) -> float:
    """RSS growth per session for ``sessions`` more sessions that stay open on a page whose
    data is cached already (the load run's peak also holds cache growth and run buffers)."""
    await asyncio.sleep(5)  # let the load run's buffers go
    before = rss_mb(pid)
    clients = [StreamlitClient(ws_url, STEP_TIMEOUT_S) for _ in range(sessions)]
    try:
        for c in clients:
            await c.connect()
            await c.open_page(SCENARIO[0].path, SCENARIO[0].query)
        await asyncio.sleep(2)
        return (rss_mb(pid) - before) / sessions
    finally:
        for c in clients:
            await c.close()


async def _delayed(delay: float, coro: Any) -> None:
    await asyncio.sleep(delay)
    await coro


def public_load(quick: bool, port: int | None = None) -> dict[str, Any]:
    """Figures of the load test (``quick``: 5 sessions for 20 s, no browser check)."""
    from bench.load_browser import browser_check
    from tests.e2e.conftest import start_server, stop_server

    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    public = tmp / f"bench_public_{os.getpid()}.duckdb"
    build_public(public)
    try:
        with public_settings():
            srv = start_server(public, mode="public", port=port)
        try:
            sessions, duration = (5, 20.0) if quick else (SESSIONS, DURATION_S)
            ws_url = srv.url.replace("http://", "ws://") + "/_stcore/stream"
            figures = run_coroutine(lambda: _run(ws_url, srv.proc.pid, sessions, duration))
            if not quick:
                figures.update(run_coroutine(lambda: browser_check(srv.url)))
            return figures
        finally:
            stop_server(srv)
    finally:
        public.unlink(missing_ok=True)


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(public_load("--quick" in sys.argv), ensure_ascii=False))
