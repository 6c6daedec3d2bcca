"""PDFs that take seconds (Steckbrief, Zielbericht, handout) are made with visible steps.

One click on "Steckbrief (PDF)" builds the file while a status box lists the steps as they
happen ("Schritt 2: Karte zeichnen …"); then "Steckbrief (PDF) speichern" offers the file.
The file is kept for the view it was made for (``identity``): a changed view offers the
"make" button again instead of a stale file.

The builders report their steps with :func:`components.steps.step` (pictures in ``image_export``, maps, the
typesetting in ``pdf``); outside a running job it does nothing, so the same
builders serve tests and scripts unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from components.formatting import fmt_number
from components.steps import run_with_steps


def pdf_download(
    label: str,
    make: Callable[[], bytes],
    file_name: str,
    key: str,
    *,
    identity: str = "",
    help: str = "",  # noqa: A002 - Streamlit's name for the tooltip
) -> None:
    """The "make" button, the steps while making, then the download of the made file."""
    store = f"{key}_fertig"
    made = st.session_state.get(store)
    wanted = identity or file_name
    if made is not None and made[0] == wanted:
        st.download_button(
            f"{label} speichern",
            made[1],
            file_name=file_name,
            mime="application/pdf",
            key=key,
            on_click="ignore",
            icon=":material/download:",
            type="primary",
        )
        st.caption(f"Erstellt in {fmt_number(made[2], 1)} s · {len(made[1]) // 1024} KB")
        return
    if not st.button(label, key=f"{key}_erstellen", help=help, icon=":material/picture_as_pdf:"):
        return
    start = time.perf_counter()
    with st.status(f"{label} wird erstellt …", expanded=True) as status:
        count = 0

        def report(text: str) -> None:
            nonlocal count
            count += 1
            line = f"Schritt {count}: {text} … ({fmt_number(time.perf_counter() - start, 1)} s)"
            status.write(line)
            status.update(label=f"{label}: {text} …")

        data = run_with_steps(make, report)
        seconds = time.perf_counter() - start
        status.update(
            label=f"{label} fertig: {count} Schritte in {fmt_number(seconds, 1)} s",
            state="complete",
            expanded=False,
        )
    st.session_state[store] = (wanted, data, seconds)
    st.rerun()  # shows the download button in the button's place
