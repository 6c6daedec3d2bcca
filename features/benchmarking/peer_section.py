"""The section "Vergleichsgruppe": the peer-group editor, the resolved group and its members."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.exports import csv_bytes
from components.focus import Focus, choose_focus, url_of
from components.focus import caption as focus_caption
from components.formatting import fmt_int, fmt_number
from components.layout import data_stamp
from components.url_state import set_params
from features.benchmarking import cache as data_bench
from features.benchmarking import national
from features.benchmarking.controls import peer_controls, removal_control
from features.benchmarking.model import (
    KEYS,
    Kommune,
    PeerChoice,
    PeerToken,
    kommune_ags,
)
from indicators.peers.groups import (
    POPULATION_FACTORS,
    apply_manual,
    population_filter,
    resolve_peers,
    size_bands,
)


def _latest_year(kommune: Kommune) -> int:
    return max(data_bench.years(kommune.level))


def automatic_peers(
    kommune: Kommune, choice: PeerChoice, focus: Focus | None = None
) -> tuple[list[str], list[str]]:
    """Automatic peer group (area ids, nearest first) and notes on the similarity features.

    With a focus (sidebar "Fokus", e.g. one Land) the peers come only from the Kommunen in it.
    """
    definition = choice.definition(kommune.level)
    if not definition.modes:
        return [], []
    year = _latest_year(kommune)
    features = data_bench.feature_matrix(kommune.level, year)
    areas = data_bench.areas(kommune.level)
    if focus is not None:
        keep = focus.ids_at(kommune.level) | {kommune.area_id}
        areas = areas[areas["area_id"].isin(keep)]
    auto = resolve_peers(areas, features, kommune.area_id, definition)
    notes: list[str] = []
    if choice.similar:
        notes = list(data_bench.distances(kommune.level, year, kommune.area_id, choice.features)[1])
    if PeerToken.EINWOHNER in choice.modes:
        factor = population_filter(areas, kommune.area_id, definition)[1]
        notes.append(_band_note(areas, kommune, factor))
    return auto, notes


def _band_note(areas: pd.DataFrame, kommune: Kommune, factor: float | None) -> str:
    """ "Ähnliche Einwohnerzahl: 28.600 bis 114.400 (Hälfte bis Doppeltes von 57.200)"."""
    own = areas.loc[areas["area_id"] == kommune.area_id, "population"]
    if factor is None or own.empty or not own.iloc[0] > 0:
        return "Ähnliche Einwohnerzahl: für diese Kommune ist keine Einwohnerzahl gespeichert."
    pop = float(own.iloc[0])
    share = (
        "Hälfte bis Doppeltes" if factor == 2 else f"1/{fmt_int(factor)} bis {fmt_int(factor)}-fach"
    )
    wider = (
        " (im Bereich „Hälfte bis Doppeltes“ gibt es zu wenige Kommunen)"
        if factor > POPULATION_FACTORS[0]
        else ""
    )
    return (
        f"Ähnliche Einwohnerzahl: {fmt_int(pop / factor)} bis {fmt_int(pop * factor)} "
        f"Einwohner/innen ({share} von {fmt_int(pop)}){wider}."
    )


def size_caption(kommune: Kommune, peers: list[str]) -> str:
    """ "Einwohner/innen: eigene Kommune 57.000, Median der Vergleichsgruppe 61.000"."""
    by_id = data_bench.areas_by_id(kommune.level)["population"]
    own = by_id.get(kommune.area_id)
    median = pd.to_numeric(by_id.reindex(peers), errors="coerce").median()
    return (
        f"Einwohner/innen: eigene Kommune {fmt_int(own)}, Median der Vergleichsgruppe "
        f"{fmt_int(median)}."
    )


def peer_table(kommune: Kommune, peers: list[str], choice: PeerChoice) -> pd.DataFrame:
    """Members of the group: name, key, Land, type, residents, size band (and distance)."""
    level = kommune.level
    sel = data_bench.areas_by_id(level).loc[peers]
    names = national.kommune_names(level)  # unique: "Osnabrück (Landkreis)"
    table = pd.DataFrame(
        {
            "Kommune": [names.get(a, a) for a in peers],
            "Schlüssel": sel["local_id"],
            "Land": sel["land_name"],
            "Typ": sel["type"],
            "Einwohner/innen": sel["population"].map(fmt_int),
            "Größenklasse": size_bands(sel["population"], level.lower()),
        }
    )
    if choice.similar and choice.features:
        year = _latest_year(kommune)
        dist = data_bench.distances(level, year, kommune.area_id, choice.features)[0]
        by_area = dict(zip(dist["area_id"].tolist(), dist["distance"].tolist(), strict=True))
        table["Abstand"] = [fmt_number(by_area.get(a), 2) for a in peers]
    return table.reset_index(drop=True)


def _members(
    kommune: Kommune, peers: list[str], choice: PeerChoice, focus: Focus | None = None
) -> None:
    table = peer_table(kommune, peers, choice)
    with st.expander("Mitglieder der Vergleichsgruppe"):
        st.dataframe(table, hide_index=True, width="stretch")
        source = f"Planungsatlas, {data_bench.gebietsstand_note()}" + focus_caption(focus)
        st.download_button(
            "Liste als CSV",
            lambda: csv_bytes(table, source=source, stamp=data_stamp()),
            file_name=f"vergleichsgruppe_{kommune.ags}.csv",
            mime="text/csv",
            key=KEYS("peers_csv"),
            on_click="ignore",
        )


def peer_section(kommune: Kommune, feature_names: dict[str, str]) -> tuple[PeerChoice, list[str]]:
    """Editor and members of the peer group; returns the choice and the peers (area ids)."""
    choice = peer_controls(kommune, feature_names)
    if choice.similar and not choice.features:
        st.warning("Für „strukturell ähnlich“ bitte mindestens ein Merkmal wählen.")
        choice = replace(choice, modes=tuple(m for m in choice.modes if m != PeerToken.AEHNLICH))
    focus = choose_focus(kommune.system)
    set_params(**url_of(focus))
    if focus is not None:
        st.caption(f"Fokus: {focus.label} – die Vergleichsgruppe kommt nur aus den Kommunen darin.")
    auto, notes = automatic_peers(kommune, choice, focus)
    removed = removal_control(kommune, [kommune_ags(a) for a in auto])
    choice = replace(choice, removed=tuple(removed))
    added = [kommune.id_of(a) for a in choice.added]
    peers = apply_manual(auto, kommune.area_id, added, [kommune.id_of(r) for r in removed])
    for note in notes:
        st.caption(note)
    st.markdown(f"**Vergleichsgruppe: {fmt_int(len(peers))} Kommunen**")
    if peers:
        st.caption(size_caption(kommune, peers))
    if not peers:
        st.info(
            "Die Vergleichsgruppe ist leer. Bitte eine Vergleichsart wählen oder Kommunen hinzufügen."
        )
    else:
        _members(kommune, peers, choice, focus)
    return choice, peers
