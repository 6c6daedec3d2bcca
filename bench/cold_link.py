"""A cold shared link: server start, then the first visitor opens a deep link.

Usage: ``python -m bench.cold_link [--runs N] [--path /bedarf_angebot]``. Per run a fresh
server is started (the clock starts when its health endpoint answers, as a load balancer
would route the first visitor then) and headless Chromium opens the link. Reported: seconds
until the page's own heading is visible, and every sidebar navigation text seen while
polling the DOM every 50 ms from the first byte on (``raw_names_seen`` lists texts
that are not page titles of the app, e.g. Streamlit's file-name navigation "app",
"bedarf angebot"). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "data" / "planungsatlas.duckdb"

#: path → heading the page shows (its title in app.PAGES)
HEADINGS = {
    "/bedarf_angebot?leistung=kita_u3": "Bedarf und Angebot",
    "/sozialraeume": "Sozialräume vergleichen",
    "/benchmarking": "Kommunen vergleichen",
    "/projektion": "Bevölkerungsprognose",
    "/": "Planungsatlas",
}

#: JavaScript run in the page: the label of every sidebar navigation link (its last line of
#: text: a link's text begins with the name of its Material icon, e.g. "balance")
NAV_TEXTS = """() => Array.from(document.querySelectorAll(
  "[data-testid='stSidebarNav'] a, [data-testid='stSidebarNavItems'] a, [data-testid='stSidebarNavLink']"
)).map(a => a.innerText.trim().split("\\n").filter(t => t.trim()).pop() || "").filter(t => t)"""


def app_titles() -> set[str]:
    """The page titles of ``app.PAGES`` (read from the file: importing app.py needs Streamlit)."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets
        ):
            return {str(row[1]) for row in ast.literal_eval(node.value)}
    raise RuntimeError("app.py: PAGES nicht gefunden")


#: JavaScript: true while Streamlit still runs the script or shows stale elements
BUSY = """() => !!document.querySelector("[data-testid='stStatusWidget'], [data-stale='true']")"""


def one_run(browser: Any, path: str, heading: str, titles: set[str], probe: bool) -> dict[str, Any]:
    """A fresh server, then one visitor on ``path``; seconds to heading and to a finished run.

    ``probe``: the server runs with ``server.scriptHealthCheckEnabled`` and the clock starts
    after ``/_stcore/script-health-check`` answered (a readiness probe on that address, as in
    deploy/k8s), else right after ``/_stcore/health``.
    """
    import os
    import urllib.request

    from tests.e2e.conftest import start_server, stop_server

    key = "STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED"
    before = os.environ.get(key)
    os.environ[key] = "true" if probe else "false"
    try:
        srv = start_server(DB)
    finally:  # later servers of the same process (``python -m bench``) start as before
        if before is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = before
    try:
        ready = 0.0
        if probe:
            t_probe = time.perf_counter()
            with urllib.request.urlopen(f"{srv.url}/_stcore/script-health-check", timeout=90) as r:  # noqa: S310 - loopback
                r.read()
            ready = time.perf_counter() - t_probe
        page = browser.new_page()
        t0 = time.perf_counter()
        page.goto(srv.url + path, wait_until="commit")
        seen: set[str] = set()
        shown = done = None
        while time.perf_counter() - t0 < 90:
            seen.update(page.evaluate(NAV_TEXTS))
            if shown is None and page.get_by_role("heading", name=heading).count():
                shown = time.perf_counter() - t0
            if shown is not None and not page.evaluate(BUSY):
                page.wait_for_timeout(300)  # finished only if still quiet a moment later
                if not page.evaluate(BUSY):
                    done = time.perf_counter() - t0 - 0.3
                    break
            page.wait_for_timeout(50)
        for _ in range(5):  # a moment after the end, too
            seen.update(page.evaluate(NAV_TEXTS))
            page.wait_for_timeout(100)
        page.close()
    finally:
        stop_server(srv)
    return {
        "ready_s": ready,
        "heading_s": shown,
        "done_s": done,
        "raw_names_seen": sorted(t for t in seen if t not in titles),
    }


def _median(results: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in results if r[key] is not None]
    return round(statistics.median(values), 2) if values else None


def cold_link(
    runs: int = 3, path: str = "/bedarf_angebot?leistung=kita_u3", probe: bool = False
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    titles = app_titles()
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                results.append(one_run(browser, path, HEADINGS[path], titles, probe))
        finally:
            browser.close()
    rnd = [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in results]
    return {
        "path": path,
        "probe": probe,
        "cold_link_heading_s": _median(results, "heading_s"),
        "cold_link_done_s": _median(results, "done_s"),
        "cold_link_ready_s": _median(results, "ready_s"),
        "cold_link_runs": [{k: v for k, v in r.items() if k != "raw_names_seen"} for r in rnd],
        "cold_link_raw_names_seen": sorted({n for r in results for n in r["raw_names_seen"]}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--path", default="/bedarf_angebot?leistung=kita_u3", choices=sorted(HEADINGS))
    ap.add_argument(
        "--probe", action="store_true", help="start the clock after the script health check"
    )
    args = ap.parse_args()
    print(json.dumps(cold_link(args.runs, args.path, args.probe), ensure_ascii=False))


if __name__ == "__main__":
    main()
