"""Planungsatlas – entry point: page config, navigation and the shared sidebar only."""

from __future__ import annotations

import logging

import streamlit as st

from components import meeting
from components.navigation import UNKNOWN_PAGE_KEY, unknown_path
from components.sidebar import shared_sidebar


def _to_start() -> None:
    """Body of the "/start" alias; never reached, ``run`` switches to the start page first."""


def run() -> None:
    """Configure the app and route to the chosen page."""
    st.set_page_config(
        page_title="Planungsatlas",
        page_icon="assets/favicon.png",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    pages = [
        # served at "/"; the internal url_path must differ from the alias "start" below
        st.Page(
            "pages/start/page.py",
            title="Start",
            icon=":material/home:",
            default=True,
            url_path="startseite",
        ),
        st.Page(
            "pages/areas/page.py",
            title="Sozialräume vergleichen",
            icon=":material/map:",
            url_path="sozialraeume",
        ),
        st.Page(
            "pages/demand_supply/page.py",
            title="Bedarf und Angebot",
            icon=":material/balance:",
            url_path="bedarf_angebot",
        ),
        st.Page(
            "pages/benchmarking/page.py",
            title="Kommunen vergleichen",
            icon=":material/leaderboard:",
            url_path="benchmarking",
        ),
        st.Page(
            "pages/projection/page.py",
            title="Bevölkerungsprognose",
            icon=":material/trending_up:",
            url_path="projektion",
        ),
        st.Page(
            "pages/catalogue/page.py",
            title="Indikatorenkatalog",
            icon=":material/menu_book:",
            url_path="indikatoren",
        ),
    ]
    # "/start" (the name a reader would guess) and any other unknown address lead to the start
    # page at "/" instead of Streamlit's English "Page not found" dialog: a hidden alias page
    # for the requested path switches over, the start page then says so in German
    by_path = {p.url_path: p for p in pages}
    unknown = unknown_path(st.context.url, [*by_path, "start"])
    aliases = [
        st.Page(_to_start, title="Start", url_path=u, visibility="hidden")
        for u in {"start", unknown}
        if u
    ]
    nav = st.navigation([*pages, *aliases])
    if nav.url_path in {a.url_path for a in aliases}:
        if nav.url_path != "start":
            st.session_state[UNKNOWN_PAGE_KEY] = nav.url_path
        st.switch_page(pages[0], query_params=st.query_params.to_dict())
    meeting.start(by_path)
    shared_sidebar(nav.url_path, list(by_path))
    nav.run()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run()
