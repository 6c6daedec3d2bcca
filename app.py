"""Planungsatlas – entry point: page config, navigation and the shared sidebar only."""

from __future__ import annotations

import logging

import streamlit as st

from components import meeting
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
            "pages/start.py",
            title="Start",
            icon=":material/home:",
            default=True,
            url_path="startseite",
        ),
        st.Page(
            "pages/sozialraeume.py",
            title="Sozialräume vergleichen",
            icon=":material/map:",
            url_path="sozialraeume",
        ),
        st.Page(
            "pages/bedarf_angebot.py",
            title="Bedarf und Angebot",
            icon=":material/balance:",
            url_path="bedarf_angebot",
        ),
        st.Page(
            "pages/benchmarking.py",
            title="Kommunen vergleichen",
            icon=":material/leaderboard:",
            url_path="benchmarking",
        ),
        st.Page(
            "pages/projektion.py",
            title="Bevölkerungsprognose",
            icon=":material/trending_up:",
            url_path="projektion",
        ),
        st.Page(
            "pages/indikatoren.py",
            title="Indikatorenkatalog",
            icon=":material/menu_book:",
            url_path="indikatoren",
        ),
    ]
    # "/start" (the name a reader would guess) leads to the start page at "/" instead of
    # Streamlit's English "Page not found" dialog; hidden, so it is not listed twice
    alias = st.Page(_to_start, title="Start", url_path="start", visibility="hidden")
    nav = st.navigation([*pages, alias])
    if nav.url_path == alias.url_path:
        st.switch_page(pages[0], query_params=st.query_params.to_dict())
    by_path = {p.url_path: p for p in pages}
    meeting.start(by_path)
    shared_sidebar(nav.url_path, list(by_path))
    nav.run()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run()
