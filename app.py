"""Planungsatlas – entry point: page config, navigation and the shared sidebar only."""

from __future__ import annotations

import logging

import streamlit as st

from components import cache, meeting
from components.navigation import navigate
from components.sidebar import shared_sidebar

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


def run() -> None:
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
    nav.run()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    run()
