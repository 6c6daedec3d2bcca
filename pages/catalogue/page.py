"""Indicator catalogue: search, filter by domain, full metadata, coverage, CSV download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import cache as data
from components.errors import run_guarded
from components.exports import csv_bytes
from components.formatting import fmt_int, fmt_period
from components.layout import data_stamp, page_header, sources_footer
from components.url_state import choice_param, set_params, show_url_notes, text_param

POLARITY_TEXT = {
    "higher_better": "höherer Wert ist günstiger",
    "higher_worse": "höherer Wert ist ungünstiger",
    "neutral": "keine Wertung",
}
AGGREGATION_TEXT = {
    "sum": "Summe der Teilgebiete",
    "ratio": "Zähler und Nenner der Teilgebiete summiert, dann geteilt",
    "none": "nur auf der veröffentlichten Ebene",
}
FIELDS = [
    ("Kennung", "indicator_id"),
    ("Kurzname", "short_name"),
    ("Themenfeld", "domain"),
    ("Definition", "definition"),
    ("Berechnung", "formula"),
    ("Zähler", "numerator"),
    ("Nenner", "denominator"),
    ("Einheit", "unit"),
    ("Quelle", "source"),
    ("Lizenz", "licence"),
    ("Namensnennung", "attribution"),
    ("Stand", "data_date"),
]


def metadata_table(meta: dict[str, object]) -> pd.DataFrame:
    rows = [(label, str(meta.get(key) or "–")) for label, key in FIELDS]
    rows.append(("Wertung", POLARITY_TEXT.get(str(meta["polarity"]), "–")))
    rows.append(
        ("Zusammenfassung auf gröbere Ebenen", AGGREGATION_TEXT.get(str(meta["aggregation"]), "–"))
    )
    rows.append(("Mindestnenner für die Anzeige", fmt_int(meta["min_denominator"])))
    rows.append(
        (
            "Herkunft",
            "vom Planungsatlas berechnet" if meta.get("derived") else "aus der Quelle übernommen",
        )
    )
    rows.append(("Veröffentlichung", "öffentlich" if meta.get("public") else "nur intern"))
    return pd.DataFrame(rows, columns=["Merkmal", "Angabe"])


def body() -> None:
    page_header(
        "Indikatorenkatalog", "Alle Kennzahlen mit Definition, Quelle, Stand und Verfügbarkeit."
    )
    full = data.catalogue()
    domains = sorted(full["domain"].unique().tolist())
    domain = choice_param("bereich", domains, "")
    text = text_param("suche")
    c1, c2 = st.columns([1, 2])
    domain = c1.selectbox(
        "Themenfeld",
        ["", *domains],
        index=([""] + domains).index(domain),
        format_func=lambda d: d or "alle Themenfelder",
        key="kat.bereich",
    )
    text = c2.text_input("Suche in Name und Definition", value=text, key="kat.suche", max_chars=80)
    cat = data.catalogue(domain or None, text.strip() or None)
    st.caption(f"{fmt_int(len(cat))} von {fmt_int(len(full))} Indikatoren")
    shown = cat.rename(
        columns={
            "name": "Indikator",
            "domain": "Themenfeld",
            "unit": "Einheit",
            "data_date": "Stand",
            "source": "Quelle",
        }
    )
    st.dataframe(
        shown[["Indikator", "Themenfeld", "Einheit", "Stand", "Quelle"]],
        hide_index=True,
        width="stretch",
    )
    export = cat.drop(columns=["derived"]).copy()
    st.download_button(
        "Katalog als CSV herunterladen",
        csv_bytes(export, source="Planungsatlas-Indikatorenkatalog", stamp=data_stamp()),
        file_name="indikatorenkatalog.csv",
        mime="text/csv",
        key="kat.csv",
    )
    ids = cat["indicator_id"].tolist()
    names = dict(zip(cat["indicator_id"], cat["name"], strict=True))
    chosen = choice_param("indikator", ids, ids[0] if ids else "")
    show_url_notes()
    if not ids:
        st.info("Keine Indikatoren gefunden. Bitte Suchbegriff oder Themenfeld ändern.")
        set_params(bereich=domain, suche=text.strip(), indikator=None)
        return
    chosen = st.selectbox(
        "Indikator im Detail",
        ids,
        index=ids.index(chosen),
        format_func=names.get,
        key="kat.indikator",
    )
    set_params(bereich=domain, suche=text.strip(), indikator=chosen)
    meta = data.indicator(chosen)
    if meta is None:
        st.warning("Dieser Indikator ist nicht verfügbar.")
        return
    st.subheader(str(meta["name"]))
    st.table(metadata_table(meta))
    cov = data.indicator_coverage(chosen)
    st.markdown("**Verfügbarkeit** (Gebietssystem, Ebene, Zeitpunkte)")
    if cov.empty:
        st.info("Für diesen Indikator liegen keine Werte vor.")
    else:
        summary = (
            cov.groupby(["area_system", "level", "level_rank"], sort=False)
            .agg(
                first=("period", "first"),
                last=("period", "last"),
                n=("period", "nunique"),
                areas=("n_with_value", "max"),
            )
            .reset_index()
            .sort_values(["area_system", "level_rank"])
        )
        summary = summary.assign(
            von=summary["first"].map(fmt_period),
            bis=summary["last"].map(fmt_period),
            Zeitpunkte=summary["n"].map(fmt_int),
            Gebiete=summary["areas"].map(fmt_int),
        )
        summary = summary.rename(columns={"area_system": "Gebietssystem", "level": "Ebene"})
        st.dataframe(
            summary[["Gebietssystem", "Ebene", "von", "bis", "Zeitpunkte", "Gebiete"]],
            hide_index=True,
            width="stretch",
        )
    sources_footer()


run_guarded(body)
