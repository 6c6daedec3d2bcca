"""Territorial change keys for German Gemeinden and how values are carried along them.

A *links* frame (``LINK_COLUMNS``) says which share of an old unit ``from_ags``
ends up in a new unit ``to_ags``: ``w_area`` (share of its area) and ``w_pop``
(share of its population). Keys not listed in a step stay as they are.

Sources of the steps (see ``data/raw/germany_admin/SOURCES.md``):

* BBSR Umsteigeschlüssel Gemeinden 2020→2021, 2021→2022, 2022→2023 (only the
  changing rows are stored; every other key is an identity).
* Destatis "Gebietsänderungen" for the report year 2024 (all effective up to
  and including 31.12.2024). Auflösung (1) moves the whole unit (population
  split by the listed ``einwohner`` when several receivers exist);
  Teilausgliederung (2) moves the listed small parts by their inhabitants
  (population) and area (geometry); Schlüsseländerung (3) renames the key.
  Namensänderung (4) does not affect keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

LINK_COLUMNS = ["from_ags", "to_ags", "w_area", "w_pop"]

#: Destatis ``aenderungsart`` codes that move territory or change a key.
_DESTATIS_KEY_CHANGES = ("1", "2", "3")


def read_bbsr_gemeinde_steps(path: Path) -> dict[int, pd.DataFrame]:
    """Return the BBSR Gemeinde change keys by old year (2020, 2021, 2022).

    Each frame has ``LINK_COLUMNS``; weights sum to 1 per ``from_ags``.
    """
    raw = pd.read_csv(path, dtype={"gem_alt": str, "gem_neu": str})
    steps: dict[int, pd.DataFrame] = {}
    for year, part in raw.groupby("jahr_alt"):
        links = pd.DataFrame(
            {
                "from_ags": part["gem_alt"].to_numpy(),
                "to_ags": part["gem_neu"].to_numpy(),
                "w_area": part["w_area"].astype(float).to_numpy(),
                "w_pop": part["w_pop"].astype(float).to_numpy(),
            }
        )
        steps[int(str(year))] = _normalise(links)
    return steps


def read_destatis_step(path: Path, report_year: str) -> pd.DataFrame:
    """Return the Destatis Gemeinde changes of one report year as links.

    Weights are the listed area (``flaeche_qm``) and inhabitants
    (``einwohner``) of each part divided by the unit's total; when the moved
    parts have no inhabitants the area share is used for ``w_pop`` too.
    """
    raw = pd.read_csv(path, dtype=str)
    rows = raw[
        (raw["berichtszeitraum"] == report_year)
        & (raw["regionaleinheit"] == "Gemeinde")
        & raw["aenderungsart"].isin(_DESTATIS_KEY_CHANGES)
    ]
    rows = rows[
        ~((rows["aenderungsart"] == "3") & (rows["ags_abgebend"] == rows["ags_aufnehmend"]))
    ]
    area = pd.to_numeric(rows["flaeche_qm"], errors="coerce").fillna(0.0)
    pop = pd.to_numeric(rows["einwohner"], errors="coerce").fillna(0.0)
    links = pd.DataFrame(
        {
            "from_ags": rows["ags_abgebend"].to_numpy(),
            "to_ags": rows["ags_aufnehmend"].to_numpy(),
            "area": area.to_numpy(),
            "pop": pop.to_numpy(),
        }
    )
    grouped = links.groupby("from_ags")
    area_sum = grouped["area"].transform("sum")
    pop_sum = grouped["pop"].transform("sum")
    n_parts = grouped["area"].transform("size")
    w_area = np.where(
        area_sum > 0, links["area"] / area_sum.where(area_sum > 0, 1.0), 1.0 / n_parts
    )
    w_pop = np.where(pop_sum > 0, links["pop"] / pop_sum.where(pop_sum > 0, 1.0), w_area)
    out = pd.DataFrame(
        {"from_ags": links["from_ags"], "to_ags": links["to_ags"], "w_area": w_area, "w_pop": w_pop}
    )
    return _normalise(out)


def _normalise(links: pd.DataFrame) -> pd.DataFrame:
    """Merge duplicate (from, to) pairs and return ``LINK_COLUMNS`` with float weights."""
    out = links.groupby(["from_ags", "to_ags"], as_index=False)[["w_area", "w_pop"]].sum()
    return out[LINK_COLUMNS].astype({"w_area": float, "w_pop": float})


def identity_links(keys: Iterable[str]) -> pd.DataFrame:
    """Links that map every key onto itself with weight 1."""
    arr = np.asarray(sorted(set(keys)), dtype=object)
    return pd.DataFrame({"from_ags": arr, "to_ags": arr, "w_area": 1.0, "w_pop": 1.0})


def compose(links: pd.DataFrame, step: pd.DataFrame) -> pd.DataFrame:
    """Apply one change step after ``links`` (keys absent from ``step`` stay).

    >>> first = pd.DataFrame({"from_ags": ["a", "b"], "to_ags": ["a", "b"],
    ...                       "w_area": [1.0, 1.0], "w_pop": [1.0, 1.0]})
    >>> step = pd.DataFrame({"from_ags": ["b", "b"], "to_ags": ["a", "c"],
    ...                      "w_area": [0.25, 0.75], "w_pop": [0.5, 0.5]})
    >>> compose(first, step).to_dict("records")[1:]
    [{'from_ags': 'b', 'to_ags': 'a', 'w_area': 0.25, 'w_pop': 0.5}, {'from_ags': 'b', 'to_ags': 'c', 'w_area': 0.75, 'w_pop': 0.5}]
    """
    moved = links["to_ags"].isin(step["from_ags"])
    stay = links[~moved]
    joined = links[moved].merge(step, left_on="to_ags", right_on="from_ags", suffixes=("", "_s"))
    joined = pd.DataFrame(
        {
            "from_ags": joined["from_ags"],
            "to_ags": joined["to_ags_s"],
            "w_area": joined["w_area"] * joined["w_area_s"],
            "w_pop": joined["w_pop"] * joined["w_pop_s"],
        }
    )
    return _normalise(pd.concat([stay, joined], ignore_index=True))


def chain(keys: Iterable[str], steps: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Links from ``keys`` through all ``steps`` in order."""
    links = identity_links(keys)
    for step in steps:
        links = compose(links, step)
    return links


def apply_links(values: pd.DataFrame, links: pd.DataFrame, weight: str = "w_pop") -> pd.DataFrame:
    """Carry additive ``values`` (index = old AGS) along ``links``.

    Returns a frame indexed by new AGS with the weighted sums and a boolean
    column ``estimated``: True when the target received a share of another
    unit or only a share (< 1) of its own unit. Links with weight 0 are ignored.
    Old keys without a link are carried unchanged (identity).
    """
    used = links[links[weight] > 0]
    missing = values.index.difference(pd.Index(used["from_ags"]))
    used = pd.concat([used, identity_links(missing)], ignore_index=True)
    used = used[used["from_ags"].isin(values.index)]
    weights = used[weight].to_numpy()
    moved = values.loc[used["from_ags"]].to_numpy(dtype=float) * weights[:, None]
    frame = pd.DataFrame(moved, columns=values.columns)
    frame["to_ags"] = used["to_ags"].to_numpy()
    sums = frame.groupby("to_ags").sum()
    touched = (used["from_ags"] != used["to_ags"]).to_numpy() | (weights < 1.0 - 1e-9)
    est = pd.Series(touched, index=used["to_ags"].to_numpy()).groupby(level=0).any()
    sums["estimated"] = est.reindex(sums.index).fillna(False).astype(bool)
    return sums


def key_or_centroid_links(
    old: pd.DataFrame, polygons: gpd.GeoDataFrame, method_col: str = "method"
) -> pd.DataFrame:
    """Links for an old Gebietsstand without change keys.

    ``old`` has ``ags``, ``lon``, ``lat`` (geographic centre). An old AGS that
    still exists among ``polygons.ags`` maps onto itself; every other one maps
    onto the polygon containing its centre ("Zuordnung über den
    Gemeindemittelpunkt"), or the nearest polygon when the centre falls outside
    all of them (coast, generalised boundaries). Rows without coordinates are
    dropped. The result has ``LINK_COLUMNS`` plus ``method_col``
    (``"key"``, ``"centroid"``, ``"nearest"``).
    """
    same = old["ags"].isin(polygons["ags"])
    by_key = pd.DataFrame({"from_ags": old.loc[same, "ags"], "to_ags": old.loc[same, "ags"]})
    by_key[method_col] = "key"
    rest = old[~same & old["lon"].notna() & old["lat"].notna()]
    points = gpd.GeoDataFrame(
        {"from_ags": rest["ags"].to_numpy()},
        geometry=gpd.points_from_xy(rest["lon"].astype(float), rest["lat"].astype(float)),
        crs="EPSG:4326",
    )
    target = polygons[["ags", "geometry"]].rename(columns={"ags": "to_ags"})
    inside = gpd.sjoin(points, target, how="left", predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")]
    found = inside["to_ags"].notna()
    by_point = pd.DataFrame(
        {"from_ags": inside.loc[found, "from_ags"], "to_ags": inside.loc[found, "to_ags"]}
    )
    by_point[method_col] = "centroid"
    frames = [by_key, by_point]
    if (~found).any():
        lost = points.loc[~found.to_numpy()].to_crs(3035)
        near = gpd.sjoin_nearest(lost, target.to_crs(3035), how="left")
        near = near[~near.index.duplicated(keep="first")]
        by_near = pd.DataFrame({"from_ags": near["from_ags"], "to_ags": near["to_ags"]})
        by_near[method_col] = "nearest"
        frames.append(by_near)
    out = pd.concat(frames, ignore_index=True)
    out["w_area"] = 1.0
    out["w_pop"] = 1.0
    return out[[*LINK_COLUMNS, method_col]]
