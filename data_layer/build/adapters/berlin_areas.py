"""Areas of the Berlin demo packages: LOR 2021 and the old LOR (2006–2020).

Local ids are the official LOR keys (8-digit PLR, 6-digit BZR, 4-digit PGR,
2-digit Bezirk). The Land Berlin gets the 8-digit AGS ``11000000`` rather than
``"11"`` because ``"11"`` is already the key of the Bezirk Lichtenberg.

All geometries are EPSG:4326 as delivered (see ``data/raw/berlin_lor/SOURCES.md``)
and are repaired with :func:`shapely.make_valid` where needed.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from data_layer.build.package import AREA_COLUMNS, CROSSWALK_COLUMNS
from data_layer.keys import store_area_id

#: Local id of the Land Berlin (AGS); ``"11"`` would collide with Bezirk Lichtenberg.
BERLIN_ID = "11000000"
LOR2021_LEVELS = ["Land", "Bezirk", "Prognoseraum", "Bezirksregion", "Planungsraum"]
LOR2006_LEVELS = ["Land", "Bezirk", "Planungsraum"]
LOR2021_FROM = "2021-01-01"
#: The old LOR ended when LOR 2021 took over on 01.01.2021.
LOR2006_TO = "2020-12-31"
#: Date of the original LOR as recorded in the old PLR layer (``valid_from`` 14.06.2006).
LOR2006_FROM = "2006-06-14"

GEO = "geo"
BEZIRKE_FILE = f"{GEO}/berlin_bezirke.geojson"
PGR_FILE = f"{GEO}/berlin_pgr_2021.geojson"
BZR_FILE = f"{GEO}/berlin_bzr_2021.geojson"
PLR_FILE = f"{GEO}/berlin_plr_2021.geojson"
PLR2006_FILE = f"{GEO}/berlin_plr_2006_447.geojson"
CROSSWALK_FILE = f"{GEO}/crosswalk_plr2006_to_plr2021_areal.csv"


def read_geo(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON of this folder, check EPSG:4326 and repair invalid geometries."""
    gdf = gpd.read_file(path)
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise ValueError(f"{path.name}: erwartet EPSG:4326, gefunden {gdf.crs}.")
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf.loc[invalid, "geometry"] = shapely.make_valid(gdf.geometry[invalid].to_numpy())
    return gdf


def _level(
    ids: pd.Series,
    names: pd.Series,
    level: str,
    parents: pd.Series | str | None,
    geometry: gpd.GeoSeries,
) -> gpd.GeoDataFrame:
    """One level of the hierarchy with ``AREA_COLUMNS`` + geometry (validity dates set later)."""
    frame = pd.DataFrame(
        {
            "area_id": ids.to_numpy(),
            "name": names.to_numpy(),
            "level": level,
            "parent_id": parents.to_numpy() if isinstance(parents, pd.Series) else parents,
        }
    )
    return gpd.GeoDataFrame(frame, geometry=list(geometry.to_numpy()), crs="EPSG:4326")


def _berlin_and_bezirke(raw_dir: Path) -> list[gpd.GeoDataFrame]:
    """Land Berlin (union of the Bezirke) and the 12 Bezirke."""
    bez = read_geo(raw_dir / BEZIRKE_FILE).sort_values("bez_id")
    union = shapely.make_valid(shapely.union_all(bez.geometry.to_numpy()))
    land = _level(
        pd.Series([BERLIN_ID]),
        pd.Series(["Berlin"]),
        "Land",
        None,
        gpd.GeoSeries([union], crs="EPSG:4326"),
    )
    bezirke = _level(bez["bez_id"], bez["bez_name"], "Bezirk", BERLIN_ID, bez.geometry)
    return [land, bezirke]


def _finish(parts: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Concatenate the levels and put the columns in contract order."""
    out = pd.concat(parts, ignore_index=True)
    gdf = gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")
    gdf["parent_id"] = gdf["parent_id"].astype(object).where(gdf["parent_id"].notna(), None)
    gdf["valid_from"] = None  # set by the caller
    gdf["valid_to"] = None
    return gdf[[*AREA_COLUMNS, "geometry"]]


def build_lor2021_areas(raw_dir: Path) -> gpd.GeoDataFrame:
    """Berlin, 12 Bezirke, 58 Prognoseräume, 143 Bezirksregionen and 542 Planungsräume.

    Parents follow the key structure: PLR → first 6 digits (BZR) → first
    4 digits (PGR) → first 2 digits (Bezirk) → Berlin.
    """
    pgr = read_geo(raw_dir / PGR_FILE).sort_values("pgr_id")
    bzr = read_geo(raw_dir / BZR_FILE).sort_values("bzr_id")
    plr = read_geo(raw_dir / PLR_FILE).sort_values("plr_id")
    parts = _berlin_and_bezirke(raw_dir)
    parts.append(
        _level(pgr["pgr_id"], pgr["pgr_name"], "Prognoseraum", pgr["pgr_id"].str[:2], pgr.geometry)
    )
    parts.append(
        _level(bzr["bzr_id"], bzr["bzr_name"], "Bezirksregion", bzr["bzr_id"].str[:4], bzr.geometry)
    )
    parts.append(
        _level(plr["plr_id"], plr["plr_name"], "Planungsraum", plr["plr_id"].str[:6], plr.geometry)
    )
    areas = _finish(parts)
    areas["valid_from"] = LOR2021_FROM
    areas["valid_to"] = None
    return areas


def _iso(date_de: str) -> str:
    """``"14.06.2006"`` → ``"2006-06-14"``.

    >>> _iso("01.01.2019")
    '2019-01-01'
    """
    day, month, year = date_de.split(".")
    return f"{year}-{month}-{day}"


def build_lor2006_areas(raw_dir: Path, first_data: pd.Series) -> gpd.GeoDataFrame:
    """Berlin, 12 Bezirke (geometries of today) and the 448 old Planungsräume.

    ``valid_from`` of a PLR is the date in the layer (date of its current
    geometry). Four PLR around Allende (09041301, 09041401, 09041402,
    09041501) were reshaped on 01.01.2019 but keep ids that carry data since
    2012; an id whose earliest data date (``first_data``: id → ISO date) lies
    before its geometry date is dated from the original LOR (14.06.2006),
    although only its 2019 geometry is available.
    """
    plr = read_geo(raw_dir / PLR2006_FILE).sort_values("plr_id")
    parts = _berlin_and_bezirke(raw_dir)
    parts.append(
        _level(plr["plr_id"], plr["plr_name"], "Planungsraum", plr["plr_id"].str[:2], plr.geometry)
    )
    areas = _finish(parts)
    start = pd.Series(plr["valid_from"].map(_iso).to_numpy(), index=plr["plr_id"].to_numpy())
    earliest = first_data.reindex(start.index)
    start = start.where(~(earliest < start), LOR2006_FROM)
    areas["valid_from"] = areas["area_id"].map(start).fillna(LOR2006_FROM)
    areas["valid_to"] = LOR2006_TO
    return areas


def read_crosswalk(raw_dir: Path) -> pd.DataFrame:
    """Old PLR → new PLR area weights, renormalised to sum exactly 1 per old PLR.

    The file rounds ``w_area_of_old`` to 6 decimals (sums 0.999998–1.000002);
    renormalising makes moved counts add up to the old totals exactly.
    Returns columns ``old``, ``new``, ``weight``.
    """
    raw = pd.read_csv(raw_dir / CROSSWALK_FILE, dtype={"plr_id_2006": str, "plr_id_2021": str})
    out = pd.DataFrame(
        {
            "old": raw["plr_id_2006"],
            "new": raw["plr_id_2021"],
            "weight": raw["w_area_of_old"].astype(float),
        }
    )
    out["weight"] = out["weight"] / out.groupby("old")["weight"].transform("sum")
    return out


def crosswalk_rows(crosswalk: pd.DataFrame, target_system: str) -> pd.DataFrame:
    """Crosswalk table of the old package (``CROSSWALK_COLUMNS``; targets as store ids)."""
    return pd.DataFrame(
        {
            "from_area": crosswalk["old"].to_numpy(),
            "to_area": [store_area_id(target_system, n) for n in crosswalk["new"]],
            "weight": crosswalk["weight"].to_numpy(),
            "method": "areal",
        },
        columns=CROSSWALK_COLUMNS,
    )
