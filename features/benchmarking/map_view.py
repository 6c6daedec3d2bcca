"""The map section of "Kommunen vergleichen": extent choice, legend, map with text alternative.

Kreis level: all 400 Kreise (:mod:`features.benchmarking.map`). Gemeinde level: the extent "Land"
(the own Land with its display geometry) or "Deutschland" (all 10 956 Gemeinden with the
overview geometry, :mod:`features.benchmarking.national`); the choice is the URL parameter
``karte``.
"""

from __future__ import annotations

import shapely
import streamlit as st

from components import charts
from components.formatting import fmt_int
from components.maps import deck as maps
from components.maps import export as map_export
from components.maps import legend as map_legend
from components.url_state import choice_param, seed_choice
from features.benchmarking import cache as data_bench
from features.benchmarking import map as bench_map
from features.benchmarking import national as bench_national
from features.benchmarking.model import KEYS, MAP_EXTENTS, Kommune, Level, MapExtent, as_extent

#: Source of the peer maps (geometry attribution required by dl-de/by-2-0).
MAP_SOURCE = (
    "Verwaltungsgrenzen © GeoBasis-DE / BKG 2021 (Daten verändert); "
    "Vergleichsgruppe: Auswahl im Planungsatlas"
)


def map_source() -> dict[str, str]:
    """Source and Stand of the peer maps; the Gebietsstand comes from the store."""
    return {"source": MAP_SOURCE, "data_date": data_bench.gebietsstand_text()}


#: Legend classes of the peer maps, in legend order.
ROLES = {bench_map.ROLE_OWN: 0, bench_map.ROLE_PEER: 1, bench_map.ROLE_OTHER: 2}


def extent_param(kommune: Kommune) -> MapExtent | None:
    """The map extent of the link while the map is not shown (kept, checked)."""
    if kommune.level != "Gemeinde":
        return None
    return as_extent(choice_param("karte", MAP_EXTENTS, MAP_EXTENTS[0]))


def map_section(kommune: Kommune, peers: list[str], own_name: str) -> MapExtent | None:
    """The map section; returns the chosen extent at Gemeinde level (for the URL)."""
    extent: MapExtent | None = None
    if kommune.level == "Gemeinde":
        seed_choice(KEYS("karte"), MAP_EXTENTS, "karte", MAP_EXTENTS[0])
        picked = st.radio(
            "Kartenausschnitt",
            MAP_EXTENTS,
            key=KEYS("karte"),
            horizontal=True,
            help="„Land“: die Gemeinden des eigenen Landes mit genauen Grenzen. "
            "„Deutschland“: alle Gemeinden mit vereinfachten Grenzen (für den Überblick).",
        )
        extent = as_extent(picked)
    basemap = st.checkbox("Hintergrundkarte", value=False, key=KEYS("basemap"))
    if extent == "Deutschland":
        _national_map(kommune.area_id, peers, own_name, basemap)
    else:
        _land_map(kommune.level, kommune.area_id, peers, own_name, basemap)
    return extent


@st.cache_resource(show_spinner=False, max_entries=2)
def national_features(level: str) -> tuple[map_export.Feature, ...]:
    """(area_id, local_id, name, GeoJSON) of the overview geometry, for the static map export."""
    frame = data_bench.overview(level)
    shapes = shapely.from_wkb(frame["wkb"].map(bytes).to_numpy())
    return tuple(
        (str(a), str(lid), str(n), shapely.geometry.mapping(g))
        for a, lid, n, g in zip(
            frame["area_id"], frame["local_id"], frame["name"], shapes, strict=True
        )
    )


def _national_map(own: str, peers: list[str], own_name: str, basemap: bool) -> None:
    areas = data_bench.areas_by_id("Gemeinde")
    deck = bench_national.national_deck("Gemeinde", own, peers, areas, basemap=basemap)
    scope = "Deutschland, alle Gemeinden (vereinfachte Grenzen)"
    colors = [bench_map.OWN_RGB, bench_map.PEER_RGB, bench_national.REST_RGB]
    maps.legend(list(ROLES), colors, title="Kommunen", unit=scope, no_data=False)
    maps.show_map(
        deck,
        key=KEYS("map_de"),
        alt=f"Karte {scope}: {own_name} und {fmt_int(len(peers))} Vergleichskommunen "
        "hervorgehoben; Landesgrenzen als dunkle Linien.",
    )
    if len(peers) > bench_national.MAX_POINTS:
        st.caption("Bei mehr als 200 Vergleichskommunen sind sie nur als Flächen eingezeichnet.")
    feats = national_features("Gemeinde")
    # only the highlighted Gemeinden; the other ~10 900 get the default class (#17: a role per
    # Gemeinde was built on every rerun)
    roles = {p: ROLES[bench_map.ROLE_PEER] for p in peers} | {own: ROLES[bench_map.ROLE_OWN]}
    _export(
        KEYS("map_de.bild"), ("bench", "Deutschland"), feats, roles, colors, own, own_name, scope,
        default=ROLES[bench_map.ROLE_OTHER],
    )  # fmt: skip


def _land_map(level: Level, own: str, peers: list[str], own_name: str, basemap: bool) -> None:
    areas = data_bench.areas_by_id(level)
    if level == "Kreis":
        feats, key = bench_map.level_features("Kreis"), "Kreis"
        scope = "Deutschland, Kreise"
    else:
        key = str(areas.loc[own, "land"])
        feats = bench_map.land_features(key)
        land_name = str(areas.loc[own, "land_name"])
        scope = f"{land_name}, Gemeinden"
    styled = bench_map.role_styles([f[0] for f in feats], [f[2] for f in feats], own, peers)
    on_map = set(styled["area_id"])  # once, not once per peer (was ≈ 10 ms per rerun)
    outside = [p for p in peers if p not in on_map]
    points = bench_map.outside_points(areas, own, outside) if outside else None
    if outside:
        st.caption(
            f"{fmt_int(len(outside))} Vergleichskommunen liegen außerhalb von {scope} und sind "
            "als Punkte eingezeichnet."
        )
    deck = bench_map.peer_deck(key, feats, styled, points=points, basemap=basemap)
    colors = [bench_map.OWN_RGB, bench_map.PEER_RGB, bench_map.OTHER_RGB]
    maps.legend(list(ROLES), colors, title="Kommunen", unit=scope, no_data=False)
    maps.show_map(
        deck,
        key=KEYS("map"),
        alt=f"Karte {scope}: {own_name} und {fmt_int(len(peers))} Vergleichskommunen hervorgehoben.",
    )
    roles = dict(zip(styled["area_id"].tolist(), styled["role"].map(ROLES).tolist(), strict=True))
    _export(KEYS("map.bild"), ("bench", key), feats, roles, colors, own, own_name, scope)


def _export(
    key: str,
    area_key: tuple[str, str],
    feats: tuple[map_export.Feature, ...],
    roles: dict[str, int],
    colors: list[tuple[int, int, int]],
    own: str,
    own_name: str,
    scope: str,
    default: int = -1,
) -> None:
    """PNG/SVG/CSV/XLSX of a peer map: one class per role, the own Kommune outlined; areas not
    in ``roles`` get the class ``default``."""
    map_export.export_menu(
        key,
        area_key,
        feats,
        roles,
        map_legend.legend_of(list(ROLES), colors, "Kommunen"),
        title=f"{own_name} und Vergleichskommunen ({scope})",
        source=charts.source_line(map_source()),
        selected=[own],
        default=default,
    )
