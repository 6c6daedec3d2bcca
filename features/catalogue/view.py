"""What the catalogue shows: filters and the chosen indicator, from the URL and the widgets.

Widget keys ``kat.bereich``, ``kat.suche``, ``kat.indikator``, ``kat.csv``; URL parameters
``bereich``, ``suche``, ``indikator``. Every value is seeded once from the URL (validated by
:mod:`components.url_state`), then owned by its widget; :meth:`CatalogueView.write_url` puts
the view back into the URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from components.url_state import StateKeys, seed, seed_choice, set_params, text_param

KEYS = StateKeys("kat")
#: Longest search text (the text box takes no more).
MAX_SEARCH = 80


@dataclass(frozen=True)
class CatalogueFilter:
    """The catalogue's filters: a domain (``None``: all) and a search text (``None``: none)."""

    domain: str | None
    search: str | None


@dataclass(frozen=True)
class CatalogueView:
    """The whole view: filters plus the indicator shown in detail (``None``: none found)."""

    filter: CatalogueFilter
    indicator: str | None

    def write_url(self) -> None:
        """Put the view into the URL (empty parts removed)."""
        set_params(
            bereich=self.filter.domain,
            suche=self.filter.search,
            indikator=self.indicator,
        )


def filter_widgets(domains: Sequence[str]) -> CatalogueFilter:
    """Domain box and search field (seeded from ``bereich`` and ``suche``); the chosen filter."""
    seed_choice(KEYS("bereich"), ["", *domains], "bereich", "")
    if KEYS("suche") not in st.session_state:
        seed(KEYS("suche"), text_param("suche")[:MAX_SEARCH])
    c1, c2 = st.columns([1, 2])
    domain = c1.selectbox(
        "Themenfeld",
        ["", *domains],
        format_func=lambda d: d or "alle Themenfelder",
        key=KEYS("bereich"),
    )
    text = c2.text_input("Suche in Name und Definition", key=KEYS("suche"), max_chars=MAX_SEARCH)
    return CatalogueFilter(domain=domain or None, search=text.strip() or None)


def seed_indicator(ids: Sequence[str]) -> None:
    """Seed the detail box from ``indikator`` (else the first of ``ids``); nothing if empty."""
    if ids:
        seed_choice(KEYS("indikator"), list(ids), "indikator", ids[0])


def indicator_widget(ids: Sequence[str], names: Mapping[str, str]) -> str:
    """The detail box over ``ids`` (seeded by :func:`seed_indicator`); the chosen id."""
    chosen: str = st.selectbox(
        "Indikator im Detail",
        list(ids),
        format_func=lambda i: names.get(i, i),
        key=KEYS("indikator"),
    )
    return chosen
