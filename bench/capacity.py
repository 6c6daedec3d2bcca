"""Public capacity of one instance: the load test of :mod:`bench.load` at 20 and 50 sessions.

One public store, one server (public settings), then one load run per session count on the same
warm server. Figures per count: ``capacity_<n>_p50_s``, ``_p95_s`` (all requests),
``_interaction_p95_s``, ``_errors``, ``_cpu_per_request_s``, ``_rss_per_session_mb``,
``_requests_per_s``. Goals of issue #17: 20 sessions p95 ≤ 2 s and 0 errors, 50 sessions 0
errors, CPU per request ≤ 0.1 s. Traffic only to 127.0.0.1, every run bounded in time.

``python -m bench.capacity [--quick] [--sessions 20,50]``
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import load
from bench.common import run_coroutine
from bench.load_server import build_public, public_settings

COUNTS = (20, 50)


def figures_of(n: int, raw: dict[str, Any]) -> dict[str, Any]:
    """The few figures the issue asks for, under ``capacity_<n>_…`` keys.

    >>> figures_of(20, {"public_load_p50_s": 0.5, "public_load_p95_s": 1.5,
    ...     "public_load_errors": 0, "server_cpu_per_request_s": 0.08})["capacity_20_p95_s"]
    1.5
    """
    keys = {
        "p50_s": "public_load_p50_s",
        "p95_s": "public_load_p95_s",
        "open_p95_s": "public_load_open_p95_s",
        "interaction_p50_s": "public_load_interaction_p50_s",
        "interaction_p95_s": "public_load_interaction_p95_s",
        "errors": "public_load_errors",
        "no_effect": "public_load_no_effect",
        "requests": "public_load_requests",
        "requests_per_s": "public_load_requests_per_s",
        "cpu_per_request_s": "server_cpu_per_request_s",
        "rss_per_session_mb": "server_rss_per_session_mb",
        "rss_per_open_session_mb": "server_rss_per_open_session_mb",
        "rss_peak_mb": "server_rss_peak_mb",
        "error_samples": "public_load_error_samples",
    }
    return {f"capacity_{n}_{k}": raw.get(v) for k, v in keys.items()}


def capacity(
    quick: bool, counts: tuple[int, ...] = COUNTS, duration_s: float | None = None
) -> dict[str, Any]:
    from tests.e2e.conftest import start_server, stop_server

    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    public = tmp / f"bench_capacity_{os.getpid()}.duckdb"
    source = os.environ.get("PLANUNGSATLAS_BENCH_SOURCE")  # an internal store (default: the demo's)
    if source:
        subprocess.run(
            [sys.executable, "-m", "data_layer.build", "--public", "--source", source]
            + ["--out", str(public)],
            check=True,
            capture_output=True,
        )
    else:
        build_public(public)
    out: dict[str, Any] = {}
    try:
        with public_settings():
            srv = start_server(public, mode="public")
        try:
            ws_url = srv.url.replace("http://", "ws://") + "/_stcore/stream"
            duration = duration_s or (20.0 if quick else load.DURATION_S)
            for n in counts:
                sessions = min(n, 5) if quick else n
                raw = run_coroutine(
                    lambda s=sessions: load._run(ws_url, srv.proc.pid, s, duration)  # type: ignore[misc]
                )
                out.update(figures_of(n, raw))
        finally:
            stop_server(srv)
    finally:
        public.unlink(missing_ok=True)
    return out


if __name__ == "__main__":
    import json
    import sys

    counts, duration = COUNTS, None
    for i, arg in enumerate(sys.argv):
        if arg == "--sessions":
            counts = tuple(int(x) for x in sys.argv[i + 1].split(","))
        if arg == "--duration":
            duration = float(sys.argv[i + 1])
    print(json.dumps(capacity("--quick" in sys.argv, counts, duration), ensure_ascii=False))
