"""Scale-out on loopback: two public app processes behind nginx (Debian's package) with sticky
sessions, the public load test of :mod:`bench.load` through the balancer.

nginx uses ``ip_hash`` like ``deploy/nginx.conf``; the simulated visitors connect from
different loopback addresses (127.0.1.1, 127.0.2.1, …: ``ip_hash`` keys on the first three
octets), so the balancer sees them as different visitors. Its access log records, per
websocket, the visitor's address and the replica (``$upstream_addr``). Figures:
``scaleout_errors``, ``scaleout_p50_s``/``_p95_s``, ``scaleout_requests_by_replica`` (websocket
sessions per replica), ``scaleout_sticky`` (every visitor address stayed on one replica),
``scaleout_health_ok``. Traffic only to 127.0.0.0/8; every run bounded in time.

``python -m bench.scaleout [--quick] [--sessions 20] [--duration 60]``
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from itertools import count
from pathlib import Path
from typing import Any

from bench import load, ws_client
from bench.common import run_coroutine
from bench.load_server import build_public, cpu_s, public_settings

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ADDRESSES = tuple(f"127.0.{k}.1" for k in range(1, 9))

CONF = """
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format route '$remote_addr $upstream_addr $status $request_uri';
    access_log {prefix}/access.log route;
    client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp; uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream planungsatlas {{
        ip_hash;
        server 127.0.0.1:{p1};
        server 127.0.0.1:{p2};
    }}
    server {{
        listen 127.0.0.1:{port};
        add_header X-Upstream $upstream_addr always;
        location /_stcore/stream {{
            proxy_pass http://planungsatlas;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 3600s;
        }}
        location / {{ proxy_pass http://planungsatlas; proxy_http_version 1.1; }}
    }}
}}
"""


def routes(log: str) -> tuple[dict[str, int], bool]:
    """Websocket sessions per replica and whether every visitor address stayed on one replica.

    >>> routes("127.0.1.1 127.0.0.1:1 101 /_stcore/stream\\n"
    ...        "127.0.1.1 127.0.0.1:1 101 /_stcore/stream\\n"
    ...        "127.0.2.1 127.0.0.1:2 101 /_stcore/stream\\n")
    ({'127.0.0.1:1': 2, '127.0.0.1:2': 1}, True)
    """
    per_replica: Counter[str] = Counter()
    seen: dict[str, set[str]] = defaultdict(set)
    for line in log.splitlines():
        parts = line.split()
        if len(parts) < 4 or not parts[3].startswith("/_stcore/stream"):
            continue
        per_replica[parts[1]] += 1
        seen[parts[0]].add(parts[1])
    return dict(sorted(per_replica.items())), all(len(v) == 1 for v in seen.values())


def _bind_visitors() -> None:
    """Each new websocket connects from the next loopback address (round robin)."""
    plain = getattr(ws_client, "connect")  # noqa: B009 - websockets' connect as imported there
    n = count()

    def connect(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("local_addr", (ADDRESSES[next(n) % len(ADDRESSES)], 0))
        return plain(*args, **kwargs)

    setattr(ws_client, "connect", connect)  # noqa: B010


def scaleout(quick: bool, sessions: int = 20, duration_s: float | None = None) -> dict[str, Any]:
    from tests.e2e.conftest import free_port, start_server, stop_server

    tmp = Path(tempfile.mkdtemp(prefix="scaleout_"))
    public = tmp / "public.duckdb"
    source = os.environ.get("PLANUNGSATLAS_BENCH_SOURCE")
    if source:
        subprocess.run(
            [sys.executable, "-m", "data_layer.build", "--public", "--source", source]
            + ["--out", str(public)],
            check=True,
            capture_output=True,
        )
    else:
        build_public(public)
    (tmp / "tmp").mkdir()
    port = free_port()
    servers = []
    nginx = None
    try:
        with public_settings():
            servers = [start_server(public, mode="public") for _ in range(2)]
        p1, p2 = (s.url.rsplit(":", 1)[1] for s in servers)
        (tmp / "nginx.conf").write_text(CONF.format(prefix=tmp, p1=p1, p2=p2, port=port))
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stderr=subprocess.PIPE
        )
        url = f"http://127.0.0.1:{port}"
        health_ok = False
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310
                    health_ok = r.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        if not health_ok:
            raise RuntimeError("nginx antwortet nicht: " + (tmp / "error.log").read_text()[-500:])
        _bind_visitors()
        n = min(sessions, 5) if quick else sessions
        duration = duration_s or (20.0 if quick else load.DURATION_S)
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        t0 = [cpu_s(s.proc.pid) for s in servers]
        raw = run_coroutine(lambda: load._run(ws_url, servers[0].proc.pid, n, duration))
        cpu = [round(cpu_s(s.proc.pid) - c, 1) for s, c in zip(servers, t0, strict=True)]
        time.sleep(1)
        by_replica, sticky = routes((tmp / "access.log").read_text())
        return {
            "scaleout_sessions": n,
            "scaleout_duration_s": duration,
            "scaleout_health_ok": health_ok,
            "scaleout_errors": raw["public_load_errors"],
            "scaleout_error_samples": raw.get("public_load_error_samples"),
            "scaleout_p50_s": raw["public_load_p50_s"],
            "scaleout_p95_s": raw["public_load_p95_s"],
            "scaleout_interaction_p95_s": raw["public_load_interaction_p95_s"],
            "scaleout_requests": raw["public_load_requests"],
            "scaleout_requests_per_s": raw["public_load_requests_per_s"],
            "scaleout_websockets_by_replica": by_replica,
            "scaleout_server_cpu_s_by_replica": cpu,
            "scaleout_sticky": sticky,
        }
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        for s in servers:
            stop_server(s)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import json

    sessions, duration = 20, None
    for i, arg in enumerate(sys.argv):
        if arg == "--sessions":
            sessions = int(sys.argv[i + 1])
        if arg == "--duration":
            duration = float(sys.argv[i + 1])
    print(json.dumps(scaleout("--quick" in sys.argv, sessions, duration), ensure_ascii=False))
