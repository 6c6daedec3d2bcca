"""Planungsatlas – entry point: page config, navigation and the shared sidebar only."""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import pkgutil
import threading
import time

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import cache, meeting, url_state
from components.navigation import navigate
from components.sidebar import shared_sidebar
from components.visitor_runs import VISITORS

#: (page file, title, icon, URL path): the paths are what users bookmark, keep them stable
PAGES = (
    ("features/start/page.py", "Start", ":material/home:", "startseite"),
    ("features/areas/page.py", "Sozialräume vergleichen", ":material/map:", "sozialraeume"),
    (
        "features/demand_supply/page.py",
        "Bedarf und Angebot",
        ":material/balance:",
        "bedarf_angebot",
    ),
    (
        "features/benchmarking/page.py",
        "Kommunen vergleichen",
        ":material/leaderboard:",
        "benchmarking",
    ),
    ("features/projection/page.py", "Bevölkerungsprognose", ":material/trending_up:", "projektion"),
    ("features/goals/page.py", "Ziele und Maßnahmen", ":material/flag:", "ziele"),
    ("features/catalogue/page.py", "Indikatorenkatalog", ":material/menu_book:", "indikatoren"),
)


def skip_repl_check() -> None:
    """Streamlit asks once per process, at the first element of the first page, whether it runs
    in a Python REPL (to print a hint): ``env_util.is_repl`` calls ``inspect.stack()``, which
    reads the source of every frame and resolves the path of every loaded module – 64 ms of the
    first visitor's page on the demo (#17). A served app never runs in a REPL: the hint counts
    as given. Streamlit's flag is private (pinned 1.67): without it nothing changes.
    """
    import streamlit.delta_generator as dg

    if hasattr(dg, "_use_warning_has_been_displayed"):
        dg._use_warning_has_been_displayed = True


skip_repl_check()

#: feature packages whose ``cache.warm()`` fills the caches of their opening view at start-up
WARM_FEATURES = ("areas", "demand_supply", "benchmarking", "projection")
#: modules the pages load only when needed (slow imports kept off a cold link's first run);
#: the warm-up loads them, so the first PDF, hot-spot analysis or typology does not wait either
LAZY_MODULES = ("components.pdf_layout", "esda.moran", "libpysal.weights", "sklearn.cluster")
log = logging.getLogger("planungsatlas.warmup")


def warm_all() -> None:
    """Import every page's modules and fill the caches of each page's opening view.

    Runs once per process in a background thread (:func:`start_warm_up`); a failure is logged
    and leaves the page to fill its caches on its first visit, as without a warm-up.
    """
    VISITORS.wait_until_idle()  # the first visitor's page first: it opens as fast as it can
    t0 = time.perf_counter()
    import features

    for info in pkgutil.walk_packages(features.__path__, "features."):
        if info.name.rsplit(".", 1)[-1] == "page":  # a page file runs its body when executed
            continue
        try:
            importlib.import_module(info.name)
        except Exception:
            log.exception("Vorwärmen: Import %s fehlgeschlagen", info.name)
    for name in LAZY_MODULES:
        try:
            importlib.import_module(name)
        except Exception:
            log.exception("Vorwärmen: Import %s fehlgeschlagen", name)
    t_import = time.perf_counter() - t0
    for name in WARM_FEATURES:
        try:
            importlib.import_module(f"features.{name}.cache").warm()
        except Exception:
            log.exception("Vorwärmen: %s fehlgeschlagen", name)
    # the warm caches hold millions of small objects (geometry as nested lists): moved out of
    # the garbage collector's reach, later collections do not walk them on every request
    gc.collect()
    gc.freeze()
    log.info(
        "Vorwärmen fertig: Importe %.1f s, Caches %.1f s",
        t_import,
        time.perf_counter() - t0 - t_import,
    )


@st.cache_resource(show_spinner=False)
def _warm_up_thread() -> threading.Thread:
    """The warm-up thread, started once per process (Streamlit keeps the resource)."""
    thread = threading.Thread(target=warm_all, name="planungsatlas-warmup", daemon=True)
    thread.start()
    return thread


def _run_kind() -> str:
    """``"visitor"``, ``"health"`` (Streamlit's script health check in a session of its own) or
    ``"off"`` (no warm-up: AppTest has no real runtime; ``PLANUNGSATLAS_WARMUP=0``)."""
    if os.environ.get("PLANUNGSATLAS_WARMUP", "1") == "0" or not Runtime.exists():
        return "off"
    runtime = Runtime.instance()
    if type(runtime) is not Runtime:  # AppTest: a mock with Runtime's spec (isinstance is True)
        return "off"
    ctx = get_script_run_ctx()
    if ctx is not None and not runtime.is_active_session(ctx.session_id):
        return "health"
    return "visitor"


def start_warm_up(kind: str) -> None:
    """Start the warm-up on the first script run of a server process.

    Streamlit's script health check (``/_stcore/script-health-check``, enabled by
    ``server.scriptHealthCheckEnabled``) runs the script once in a session of its own: that
    run waits for the warm-up, so a readiness probe on that address reports the instance
    ready only with warm caches. A visitor's run never waits; the warm-up begins once the
    first visitor's page is out (:class:`components.visitor_runs.VisitorRuns`).
    """
    if kind == "off":
        return
    thread = _warm_up_thread()
    if kind == "health":
        thread.join(timeout=50)


def run() -> None:
    """One script run. A visitor's run counts as running before the warm-up may start, so the
    warm-up never takes the interpreter from the first visitor's page."""
    kind = _run_kind()
    with VISITORS.running() if kind == "visitor" else contextlib.nullcontext():
        start_warm_up(kind)
        _page()


def _page() -> None:
    """Configure the app and route to the chosen page."""
    cache.refresh_if_store_changed()  # a data update reaches the running app (one stat per 2 s)
    st.set_page_config(
        page_title="Planungsatlas",
        page_icon="assets/favicon.png",
        layout="wide",
        initial_sidebar_state="auto",  # collapsed on phone-sized screens
    )
    # the start page is served at "/"; its internal url_path differs from the alias "start"
    pages = [
        st.Page(file, title=title, icon=icon, url_path=path, default=(i == 0))
        for i, (file, title, icon, path) in enumerate(PAGES)
    ]
    nav = navigate(pages)
    by_path = {p.url_path: p for p in pages}
    meeting.start(by_path)
    shared_sidebar(nav.url_path, list(by_path))
    url_state.start_page_run()  # a fragment rerun of the page rewrites the whole view
    nav.run()
    meeting.after_page(by_path)  # picture walk for the handout: on to the next slide


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run()
