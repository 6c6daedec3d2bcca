"""What "Bedarf und Angebot" shows when a Datenpaket lacks something: notes naming the file and
columns to add, and what can still be computed (demand without facilities, facilities without
fitting age groups), and the note on estimated age groups.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.exports import csv_bytes
from components.formatting import fmt_int
from components.layout import data_stamp
from components.number_columns import fmt_ints
from features.demand_supply import basis as b
from features.demand_supply import cache as d
from features.demand_supply.context import KEYS, DemandView
from features.demand_supply.results import Areas
from indicators.access.model import demand_only
from indicators.access.service_types import AgeBand

ESTIMATED = ", geschätzt"


def band_text(band: AgeBand) -> str:
    """German text of an age band.

    >>> band_text((0.0, 3.0)), band_text((80.0, None))
    ('0 bis unter 3 Jahre', '80 Jahre und älter')
    """
    lo, hi = band
    return f"{lo:g} Jahre und älter" if hi is None else f"{lo:g} bis unter {hi:g} Jahre"


def _bands(view: DemandView) -> str:
    return ", ".join(band_text(band) for band in view.bands)


def facilities_note(view: DemandView) -> None:
    """No facilities of the service type: which file and columns a package must add."""
    kind = view.service.service_type
    st.info(
        f"Für „{view.service.name}“ enthält die Datenbasis keine Einrichtungen (Einrichtungsart "
        f"„{kind}“). "
        + ("Die Seite zeigt deshalb nur den Bedarf – ohne " if view.has_population else "Es gibt ")
        + "Angebot, Versorgungsquote und Erreichbarkeit"
        + ("" if view.has_population else " deshalb nicht")
        + ". Dafür ins Datenpaket die Datei `facilities.csv` (oder "
        "`facilities.geojson`) legen, mit den Spalten `facility_id`, `service_type` (hier "
        f"„{kind}“), `name`, `capacity` (Plätze; leer = unbekannt), `operator`, `operator_type`, "
        "`lon`, `lat` und `data_date` (Stand) – siehe docs/datenpaket.md, Abschnitt "
        "„facilities.csv“."
    )


def population_note(view: DemandView) -> None:
    """No Stichtag with the target age groups (not even coarser ones to estimate from)."""
    st.warning(
        f"Für „{view.service.name}“ fehlen Einwohnerzahlen der Altersgruppe(n) {_bands(view)}: "
        "Die Datenbasis enthält keinen Stichtag mit diesen oder gröberen Altersgruppen, "
        "die sie enthalten (aus der Gesamtzahl allein wird nicht geschätzt). Deshalb gibt es "
        "keinen Bedarf. Dafür in `population.csv` je Stichtag (`period`) Zeilen mit `age_from`, "
        f"`age_to` und `count` für die Altersgruppe(n) {_bands(view)} ergänzen (oder gröbere "
        "Gruppen wie „unter 18“ bzw. „65 und älter“, aus denen geschätzt wird) – siehe "
        "docs/datenpaket.md, Abschnitt „population.csv“."
    )


def estimate_note(view: DemandView) -> None:
    """How the residents of the target bands were estimated (only when they were)."""
    if not view.estimated:
        return
    ref = d.reference_profile()
    method = ref.label if ref is not None else "einem Referenz-Altersaufbau"
    st.info(
        f"**Geschätzt:** Die Datenbasis enthält die Altersgruppe(n) {_bands(view)} nicht "
        "genau, nur gröbere Altersgruppen, die sie enthalten. Die Einwohner/innen der Zielgruppe sind "
        "daraus geschätzt: Jede veröffentlichte Gruppe wird nach dem "
        f"{method} auf die einzelnen Altersjahre verteilt; jede Gruppe behält ihre Summe. "
        "Alle Zahlen zu Zielgruppe und Bedarf sind deshalb geschätzt. Genauer wird es mit den "
        f"Altersgruppen {_bands(view)} in `population.csv`."
    )


def show(view: DemandView, areas: Areas) -> None:
    """The page when facilities or fitting age groups are missing: notes and what is left."""
    if not view.has_population:
        population_note(view)
    if not view.has_facilities:
        facilities_note(view)
    estimate_note(view)
    if view.has_population:
        demand_section(view, areas)
    elif view.has_facilities:
        facilities_section(view, areas)


def demand_section(view: DemandView, areas: Areas) -> None:
    """Residents of the service's band and demand (× quota) per area, without supply."""
    s = view.service
    pop = b.population(view.system, view.bands, view.basis.key)
    table = demand_only(pop, areas.leaf_map, (s.age_from, s.age_to), view.quota_pct / 100)
    est = ESTIMATED if view.estimated else ""
    c1, c2 = st.columns(2)
    c1.metric(f"Zielgruppe (Personen{est})", fmt_int(table["population"].sum()))
    c2.metric(f"Bedarf (Plätze{est})", fmt_int(table["demand"].sum()))
    st.subheader(f"Bedarf je {view.level}")
    names = table["area_id"].map(areas.names).fillna(table["area_id"])
    shown = pd.DataFrame(
        {
            "Gebiet": names,
            f"Zielgruppe (Personen{est})": fmt_ints(table["population"]),
            f"Bedarf (Plätze{est})": fmt_ints(table["demand"]),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key=KEYS("tabelle"))
    source = view.source()
    st.caption(f"Quelle: {source}")
    info = areas.hierarchy.set_index("area_id")
    export = pd.DataFrame(
        {
            "Gebietsschlüssel": table["area_id"].map(info["local_id"]),
            "Gebiet": names,
            f"Einwohner Zielgruppe{' (geschätzt)' if est else ''}": table["population"],
            f"Bedarf (Plätze{est})": table["demand"],
            "Leistungsart": s.name,
            "Bedarfsquote (%)": view.quota_pct,
            "Bevölkerung": view.basis.label(),
        }
    )
    st.download_button(
        "Tabelle als CSV",
        lambda: csv_bytes(export, source=source, stamp=data_stamp()),
        file_name=f"bedarf_{s.id}_{view.level.lower()}.csv",
        mime="text/csv",
        key=KEYS("csv"),
    )


def facilities_section(view: DemandView, areas: Areas) -> None:
    """Number of facilities (and known places) per area, without demand."""
    fac = d.system_facilities(view.system, view.service.service_type, view.snapshot)
    target = fac["area_id"].map(areas.leaf_map)
    grouped = fac.assign(target=target).dropna(subset=["target"]).groupby("target")
    counts = grouped.size()
    places = grouped["capacity"].sum(min_count=1)
    ids = areas.at_level["area_id"]
    st.subheader(f"Einrichtungen je {view.level}")
    shown = pd.DataFrame(
        {
            "Gebiet": ids.map(areas.names).fillna(ids).to_numpy(),
            "Anzahl Einrichtungen": fmt_ints(ids.map(counts).fillna(0)),
            "Plätze (soweit bekannt)": fmt_ints(ids.map(places)),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key=KEYS("tabelle"))
    st.caption(f"Quelle: {view.source()}")
