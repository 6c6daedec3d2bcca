"""Real-browser tests: `streamlit run app.py` on a free port, driven by Playwright + system Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
#: Console noise Streamlit produces by design (404s for optional assets, source maps, favicon variants)
HARMLESS = (
    "favicon",
    ".map",
    "Failed to load resource: the server responded with a status of 404",
    "_stcore/host-config",
    "manifest.json",
    "WebGL",
    "GPU stall",
    "Automatic fallback to software WebGL",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path
    log_handle: IO[bytes]


def start_server(
    db: Path, *, mode: str = "internal", port: int | None = None, script: str = "app.py"
) -> Server:
    """Start Streamlit on loopback and wait until its health endpoint answers."""
    port = port or free_port()
    env = {**os.environ, "PLANUNGSATLAS_DB": str(db)}
    env.pop("PLANUNGSATLAS_MODE", None)
    if mode == "public":
        env["PLANUNGSATLAS_MODE"] = "public"
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"streamlit-{port}.log"
    handle = log.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310 - loopback
                if r.status == 200:
                    return Server(url, proc, log, handle)
        except OSError:  # not listening yet: ask again soon (the bench times the first page)
            time.sleep(0.05)
    proc.kill()
    handle.close()
    raise RuntimeError(f"Streamlit startete nicht: {log.read_text(errors='replace')[-2000:]}")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(timeout=10)
    server.log_handle.close()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    db = ROOT / "data" / "planungsatlas.duckdb"
    assert db.is_file(), "Demo-Datenbasis fehlt: python -m data_layer.build"
    srv = start_server(db)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture()
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page (1600×1000, German locale) that records console errors and page errors."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="de-DE")
    page = ctx.new_page()
    w = Watched(page)

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error" and not any(h in msg.text for h in HARMLESS):
            w.errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: w.errors.append(f"pageerror: {exc}"))
    yield w
    ctx.close()


def wait_rendered(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished the script run: app visible, no running indicator twice in a row."""
    page.wait_for_selector("[data-testid='stMainBlockContainer']", timeout=timeout_ms)
    page.wait_for_timeout(800)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        stale = page.locator("[data-stale='true']").count() > 0
        quiet = 0 if (running or stale) else quiet + 1
        page.wait_for_timeout(300)
    page.wait_for_timeout(500)


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(w: Watched) -> None:
    assert w.page.locator("[data-testid='stException']").count() == 0, "Fehlerkasten auf der Seite"
    assert not w.errors, f"Konsolenfehler: {w.errors}"
