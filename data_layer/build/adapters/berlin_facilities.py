"""Facilities (Angebot) of the Berlin demo package, located in LOR 2021 Planungsräume.

Snapshots (``data_date`` uses the first day of the month given as Stand):

=============  ===========================  ==========================  ==========
prefix         service_type                 file                        data_date
=============  ===========================  ==========================  ==========
kita2026       Kita                         Kitaliste SenBJF (CSV)      2026-01-01
kita2022       Kita                         WFS kita                    2022-12-01
pflege2023     Pflegeheim                   WFS pflegeeinrichtungen     2023-07-01
jfe2022        Jugendfreizeiteinrichtung    WFS jfe                     2022-12-01
schule2023     Schule                       WFS schulen                 2023-10-01
=============  ===========================  ==========================  ==========

``facility_id`` = prefix + ":" + the source's own number, so both Kita
snapshots can live in one package. ``area_id`` is the PLR of the source
(point-in-polygon join of the source project). Operator types: see
:mod:`data_layer.build.adapters.berlin_operators`.

The Kita WFS layer lists Einrichtung 03041650 twice (same point on the border of
two PLR, 30 places each). Rule for a facility number listed more than once
(:func:`resolve_duplicates`): keep the row whose PLR equals the PLR the Kitaliste
2026 gives for the same Einrichtung (so both snapshots put it in the same area);
if none matches, the row whose PLR lies in the Kita's own Bezirk (``e_bez_nr``);
then the first in file order. Every duplicate is reported in the build output
(logger warning). 03041650 stays in PLR 02500727 as in 2026, leaving 2 880 Kitas
with 194 979 places.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from data_layer.build.adapters.berlin_operators import (
    JFE_T_ART,
    KITA_T_ART,
    PFLEGE_VERBAND,
    SCHULE_TRAEGER,
    classify_operators,
)
from data_layer.build.package import FACILITY_COLUMNS

FAC_DIR = "facilities"
KITALISTE_FILE = f"{FAC_DIR}/berlin_kitaliste_2026-01.csv"
KITA_WFS_FILE = f"{FAC_DIR}/berlin_kitas_wfs_2022-12.geojson"
PFLEGE_FILE = f"{FAC_DIR}/berlin_pflegeeinrichtungen_wfs_2023-07.geojson"
JFE_FILE = f"{FAC_DIR}/berlin_jugendfreizeiteinrichtungen_wfs_2022-12.geojson"
SCHULEN_FILE = f"{FAC_DIR}/berlin_schulen_wfs_2023-10.geojson"

LOG = logging.getLogger(__name__)


def _frame(
    prefix: str, service_type: str, data_date: str, columns: dict[str, object]
) -> pd.DataFrame:
    """Assemble ``FACILITY_COLUMNS`` from column arrays; checks unique ids."""
    out = pd.DataFrame(columns)
    out["facility_id"] = prefix + ":" + out["facility_id"].astype(str)
    out["service_type"] = service_type
    out["data_date"] = data_date
    out["capacity"] = pd.to_numeric(out["capacity"], errors="raise").astype(float)
    out["operator"] = out["operator"].astype(object).where(out["operator"].notna(), None)
    if out["facility_id"].duplicated().any():
        raise ValueError(f"{prefix}: Einrichtungsnummern nicht eindeutig.")
    return out[FACILITY_COLUMNS]


def _points(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of point geometries (EPSG:4326)."""
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise ValueError("Einrichtungen: erwartet EPSG:4326.")
    return gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()


def resolve_duplicates(gdf: pd.DataFrame, later_area: pd.Series) -> pd.DataFrame:
    """One row per ``e_nr``: the row in the area of the later snapshot (``later_area``:
    e_nr → plr_id), else in the own Bezirk (``e_bez_nr``), else the first; duplicates logged.
    """
    dup = gdf["e_nr"].duplicated(keep=False)
    for nr, rows in gdf[dup].groupby("e_nr", sort=True):
        LOG.warning(
            "Kita-WFS: Einrichtung %s steht %d-mal in der Quelle (PLR %s); behalten wird eine "
            "Zeile (Regel: PLR wie in der Kitaliste 2026, sonst eigener Bezirk, sonst erste).",
            nr, len(rows), ", ".join(rows["plr_id"].astype(str)),
        )  # fmt: skip
    ranked = gdf.assign(
        _later=gdf["plr_id"] == gdf["e_nr"].map(later_area),
        _own=gdf["plr_id"].str[:2] == gdf["e_bez_nr"],
        _pos=np.arange(len(gdf)),
    ).sort_values(["e_nr", "_later", "_own", "_pos"], ascending=[True, False, False, True])
    kept = ranked.drop_duplicates("e_nr", keep="first").sort_values("_pos")
    return kept.drop(columns=["_later", "_own", "_pos"])


def kitas_2022(raw_dir: Path) -> pd.DataFrame:
    """Kitas of the WFS layer, Stand December 2022 (capacity = approved places)."""
    gdf = gpd.read_file(raw_dir / KITA_WFS_FILE)
    later = pd.read_csv(raw_dir / KITALISTE_FILE, dtype=str, usecols=["id", "plr_id"])
    gdf = resolve_duplicates(gdf, later.drop_duplicates("id").set_index("id")["plr_id"])
    lon, lat = _points(gdf)
    columns: dict[str, object] = {
        "facility_id": gdf["e_nr"].to_numpy(),
        "name": gdf["e_name"].to_numpy(),
        "capacity": gdf["e_platz"].to_numpy(),
        "operator": gdf["t_name"].to_numpy(),
        "operator_type": classify_operators(gdf["t_art"], gdf["t_name"], KITA_T_ART).to_numpy(),
        "lon": lon,
        "lat": lat,
        "area_id": gdf["plr_id"].to_numpy(),
    }
    return _frame("kita2022", "Kita", "2022-12-01", columns)


def kitas_2026(raw_dir: Path) -> pd.DataFrame:
    """Kitas of the Kitaliste, Stand January 2026 (capacity = places).

    The provider category is taken from the 2022 WFS layer through the provider
    number (``sponsor_id`` = ``t_nr``); new providers are classified by name.
    """
    frame = pd.read_csv(raw_dir / KITALISTE_FILE, dtype=str)
    wfs = gpd.read_file(raw_dir / KITA_WFS_FILE, columns=["t_nr", "t_art"], ignore_geometry=True)
    category = frame["sponsor_id"].map(wfs.drop_duplicates("t_nr").set_index("t_nr")["t_art"])
    columns: dict[str, object] = {
        "facility_id": frame["id"].to_numpy(),
        "name": frame["name"].to_numpy(),
        "capacity": frame["places"].to_numpy(),
        "operator": frame["sponsor_name"].to_numpy(),
        "operator_type": classify_operators(category, frame["sponsor_name"], KITA_T_ART).to_numpy(),
        "lon": pd.to_numeric(frame["lon"], errors="raise").to_numpy(),
        "lat": pd.to_numeric(frame["lat"], errors="raise").to_numpy(),
        "area_id": frame["plr_id"].to_numpy(),
    }
    return _frame("kita2026", "Kita", "2026-01-01", columns)


def nursing_homes(raw_dir: Path) -> pd.DataFrame:
    """Stationäre Pflegeeinrichtungen, Stand July 2023 (capacity = Platzzahl)."""
    gdf = gpd.read_file(raw_dir / PFLEGE_FILE)
    lon, lat = _points(gdf)
    columns: dict[str, object] = {
        "facility_id": gdf["ik_nummer"].to_numpy(),
        "name": gdf["einrichtung_name"].to_numpy(),
        "capacity": gdf["platzzahl"].to_numpy(),
        "operator": gdf["traegername"].to_numpy(),
        "operator_type": classify_operators(
            gdf["traegerverbandkurz"], gdf["traegername"], PFLEGE_VERBAND
        ).to_numpy(),
        "lon": lon,
        "lat": lat,
        "area_id": gdf["plr_id"].to_numpy(),
    }
    return _frame("pflege2023", "Pflegeheim", "2023-07-01", columns)


def youth_centres(raw_dir: Path) -> pd.DataFrame:
    """Jugendfreizeiteinrichtungen (incl. Abenteuerspielplätze/Kinderfarmen), Stand Dec 2022."""
    gdf = gpd.read_file(raw_dir / JFE_FILE)
    lon, lat = _points(gdf)
    columns: dict[str, object] = {
        "facility_id": gdf["e_nr"].to_numpy(),
        "name": gdf["e_name"].to_numpy(),
        "capacity": gdf["e_platz"].to_numpy(),
        "operator": gdf["t_name"].to_numpy(),
        "operator_type": classify_operators(gdf["t_art"], gdf["t_name"], JFE_T_ART).to_numpy(),
        "lon": lon,
        "lat": lat,
        "area_id": gdf["plr_id"].to_numpy(),
    }
    return _frame("jfe2022", "Jugendfreizeiteinrichtung", "2022-12-01", columns)


def schools(raw_dir: Path) -> pd.DataFrame:
    """Schools, Stand October 2023 (no capacity published; operator name not published)."""
    gdf = gpd.read_file(raw_dir / SCHULEN_FILE)
    lon, lat = _points(gdf)
    no_name = pd.Series([None] * len(gdf), index=gdf.index, dtype=object)
    columns: dict[str, object] = {
        "facility_id": gdf["bsn"].to_numpy(),
        "name": gdf["name"].to_numpy(),
        "capacity": np.full(len(gdf), np.nan),
        "operator": no_name.to_numpy(),
        "operator_type": classify_operators(gdf["traeger"], no_name, SCHULE_TRAEGER).to_numpy(),
        "lon": lon,
        "lat": lat,
        "area_id": gdf["plr_id"].to_numpy(),
    }
    return _frame("schule2023", "Schule", "2023-10-01", columns)


def build_facilities(raw_dir: Path) -> pd.DataFrame:
    """All five snapshots in one ``FACILITY_COLUMNS`` frame."""
    parts = [
        kitas_2026(raw_dir),
        kitas_2022(raw_dir),
        nursing_homes(raw_dir),
        youth_centres(raw_dir),
        schools(raw_dir),
    ]
    return pd.concat(parts, ignore_index=True)
