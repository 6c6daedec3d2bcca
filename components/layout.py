"""Shared page furniture: header, sources footer with attribution and data version."""

from __future__ import annotations

import streamlit as st

from components import cache as data
from components.formatting import fmt_date


def page_header(title: str, lead: str) -> None:
    """Title and one plain-language sentence on what the page answers."""
    st.title(title)
    st.markdown(lead)


def data_stamp() -> str:
    """ "Datenversion abc123 vom 25.11.2026" for captions and exports."""
    m = data.meta()
    built = m.get("built_at", "")[:10]
    return f"Datenversion {m.get('data_version', '?')} vom {fmt_date(built) if built else '?'}"


def sources_footer() -> None:
    """Attribution lines required by the licences, plus the data version."""
    with st.expander("Quellen und Lizenzen", expanded=False):
        for line in data.attribution_lines():
            st.markdown(f"- {line}")
        st.caption(data_stamp())
