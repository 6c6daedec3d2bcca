"""Overlong and malformed links get a German answer through nginx (deploy/nginx.conf).

The real deploy/nginx.conf runs in front of one Streamlit process on loopback; only what
cannot run here is replaced (the replicas' addresses, the listen port, file paths). Measured
limits and the behaviour without nginx: docs/betrieb.md, "Lange Links".
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import ROOT, Server, free_port, wait_rendered

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GERMAN = "Dieser Link lässt sich nicht öffnen"


def _config(deploy_conf: str, tmp: Path, upstream_port: int, port: int) -> str:
    """deploy/nginx.conf with loopback addresses and paths in ``tmp`` (nothing else changed)."""
    conf = deploy_conf.replace(
        "worker_processes auto;",
        f"worker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;",
    )
    if os.geteuid() == 0:  # workers would run as "nobody" and not read the pytest temp folder
        conf = "user root;\n" + conf
    conf, n = re.subn(
        r"server app1:8501[^;]*;\s*server app2:8501[^;]*;",
        f"server 127.0.0.1:{upstream_port};",
        conf,
    )
    assert n == 1
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    temp = " ".join(
        f"{kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = conf.replace("http {", f"http {{\n    access_log off; {temp}", 1)
    # the compose file mounts deploy/fehlerseiten at this path
    (tmp / "html").mkdir()
    (tmp / "html" / "_fehler").symlink_to(ROOT / "deploy" / "fehlerseiten")
    assert "/usr/share/nginx/planungsatlas" in conf
    return conf.replace("/usr/share/nginx/planungsatlas", str(tmp / "html"))


@pytest.fixture(scope="module")
def nginx(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if not Path(NGINX).is_file():
        pytest.skip("nginx ist nicht installiert (Debian-Paket nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    upstream = int(server.url.rsplit(":", 1)[1])
    conf = _config((ROOT / "deploy" / "nginx.conf").read_text(), tmp, upstream, port)
    (tmp / "nginx.conf").write_text(conf)
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(port: int, target: str, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read().decode()
    finally:
        conn.close()


def test_a_100000_character_value_gets_the_german_page_through_nginx(nginx: int) -> None:
    status, content_type, body = _get(nginx, "/?indikator=" + "x" * 100_000)
    assert status == 414
    assert content_type == "text/html; charset=utf-8"
    assert GERMAN in body and 'lang="de"' in body
    assert "Request-URI" not in body and "Bad Request" not in body and "nginx" not in body


def test_an_overlong_header_gets_the_german_page_too(nginx: int) -> None:
    status, _, body = _get(nginx, "/", {"X-Lang": "y" * 20_000})
    assert status == 400
    assert GERMAN in body and "Bad Request" not in body


def test_a_link_of_ordinary_length_reaches_the_app(nginx: int) -> None:
    # 10 000 characters: the longest value a page reads (a comma list)
    status, content_type, body = _get(nginx, "/?indikator=" + "x" * 10_000)
    assert status == 200 and content_type.startswith("text/html")
    assert GERMAN not in body and '<div id="root">' in body


def test_the_browser_shows_the_german_page_for_an_overlong_link(
    nginx: int, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{nginx}/?gebiet=" + "9" * 100_000)
        assert page.locator("h1").inner_text() == GERMAN
        page.get_by_role("link", name="Startseite des Planungsatlas").click()
        page.get_by_role("heading", name="Planungsatlas").first.wait_for(timeout=60_000)
    finally:
        page.close()


def test_direct_streamlit_names_a_100000_character_value_in_the_german_note(
    server: Server, browser: Browser
) -> None:
    # without nginx a request arriving in one piece (loopback) passes up to about 128 KB;
    # the app then caps the value and says so (components/url_state.py)
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/?indikator=" + "x" * 100_000)
        wait_rendered(page)
        note = page.get_by_text("Der Link enthielt ungültige Angaben („indikator“)")
        assert note.count() == 1
        assert "x" * 50 not in page.locator("[data-testid='stMain']").inner_text()
        assert "indikator=" not in page.url
    finally:
        page.close()
