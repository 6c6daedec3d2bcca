"""Population of the Germany package on the Gebietsstand 31.12.2024.

* 31.12.2023: the 2024 Gemeindeverzeichnis already publishes the population
  of 31.12.2023 on the Gebietsstand 31.12.2024 (Destatis) – taken as observed.
* 31.12.2021: carried with the change keys (BBSR 2021→2022, 2022→2023,
  Destatis 2024) weighted by ``w_pop``.
* 31.12.2013 and 31.12.2017: no Gemeinde change keys for these years – an
  old Gemeinde whose AGS still exists maps by key, every other one by its
  geographic centre ("Zuordnung über den Gemeindemittelpunkt").
* Kreise 1994–2009: BBSR Kreis keys (→ 31.12.2021) followed by a Kreis step
  2021→2024 derived from the Gemeinde changes, weighted by the 2021
  Gemeinde population.

A target row is "estimated" when it received population of another unit or
only a share of its own; otherwise "observed". Units with 0 inhabitants
(gemeindefreie Gebiete) get no population rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from data_layer.build.adapters.germany_harmonise import (
    LINK_COLUMNS,
    apply_links,
    chain,
    compose,
    key_or_centroid_links,
)
from data_layer.build.package import POPULATION_COLUMNS

POP_COLUMNS = {"pop_total": "all", "pop_male": "m", "pop_female": "f"}
EARLY_KREIS_YEARS = (1994, 1997, 2002, 2005, 2009)


def _counts(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Inhabited units: index = key, the three population columns as float."""
    out = frame.set_index(key)[list(POP_COLUMNS)].astype(float)
    return out[out["pop_total"] > 0]


def long_population(wide: pd.DataFrame, period: str) -> pd.DataFrame:
    """Turn a wide frame (index area, pop columns, ``estimated``) into population rows.

    Counts are rounded to whole persons.
    """
    flag = np.where(wide["estimated"].to_numpy(dtype=bool), "estimated", "observed")
    parts = [
        pd.DataFrame(
            {
                "area_id": wide.index.to_numpy(),
                "period": period,
                "sex": sex,
                "age_from": 0,
                "age_to": np.nan,
                "count": np.rint(wide[col].to_numpy(dtype=float)).astype("int64"),
                "flag": flag,
            }
        )
        for col, sex in POP_COLUMNS.items()
    ]
    return pd.concat(parts, ignore_index=True)[POPULATION_COLUMNS]


def gemeinde_population(
    gv: pd.DataFrame,
    gem24: pd.DataFrame,
    steps_2021: Sequence[pd.DataFrame],
    polygons: gpd.GeoDataFrame,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Gemeinde population rows for 2013, 2017, 2021, 2023 and check figures.

    ``steps_2021`` carries keys of 31.12.2021 to 31.12.2024; ``polygons`` are
    the 2024 Gemeinden (``ags``, geometry) used for centre points.
    """
    official = _counts(gem24, "ags")
    official["estimated"] = False
    frames = [long_population(official, "2023-12-31")]
    report: dict[str, object] = {}
    g21 = gv[gv["stichtag"] == "2021-12-31"]
    links21 = chain(g21["ags"], steps_2021)
    frames.append(long_population(apply_links(_counts(g21, "ags"), links21), "2021-12-31"))
    for year in ("2013", "2017"):
        old = gv[(gv["stichtag"] == f"{year}-12-31") & (gv["pop_total"].astype(float) > 0)]
        links = key_or_centroid_links(old, polygons)
        report[f"methods_{year}"] = links["method"].value_counts().to_dict()
        wide = apply_links(_counts(old, "ags"), links[LINK_COLUMNS])
        frames.append(long_population(wide, f"{year}-12-31"))
    report["centroid_check_2021"] = _centroid_check(g21, links21, polygons)
    out = pd.concat(frames, ignore_index=True)
    report["targets_without_area"] = sorted(set(out["area_id"]) - set(polygons["ags"]))
    return out, report


def check_2023_against_official(
    gv: pd.DataFrame, gem24: pd.DataFrame, step_2024: pd.DataFrame
) -> dict[str, int]:
    """Carry 31.12.2023 (own Gebietsstand) with the 2024 key and compare with Destatis.

    Returns the number of compared Gemeinden, exact matches and the largest
    absolute difference in persons.
    """
    g23 = gv[gv["stichtag"] == "2023-12-31"]
    carried = apply_links(_counts(g23, "ags"), chain(g23["ags"], [step_2024]))["pop_total"]
    official = _counts(gem24, "ags")["pop_total"]
    both = pd.concat([np.rint(carried), official], axis=1, keys=["carried", "official"]).fillna(0.0)
    diff = (both["carried"] - both["official"]).abs()
    return {
        "compared": int(len(both)),
        "exact": int((diff == 0).sum()),
        "max_abs_diff": int(diff.max()),
    }


def _centroid_check(
    g21: pd.DataFrame, key_links: pd.DataFrame, polygons: gpd.GeoDataFrame
) -> dict[str, int]:
    """How often the centre-point rule agrees with the change keys (2021 data)."""
    inhabited = g21[g21["pop_total"].astype(float) > 0]
    by_point = key_or_centroid_links(inhabited, polygons).set_index("from_ags")["to_ags"]
    main = key_links.sort_values("w_pop", ascending=False).drop_duplicates("from_ags")
    by_key = main.set_index("from_ags")["to_ags"].reindex(by_point.index)
    changed = by_point.index[by_point.index != by_key.to_numpy()]
    return {
        "changed_units": int(len(changed)),
        "centroid_agrees": int((by_point[changed] == by_key[changed]).sum()),
    }


def kreis_step_2021_2024(gem_links_2021: pd.DataFrame, g21: pd.DataFrame) -> pd.DataFrame:
    """Kreis-level links 31.12.2021 → 31.12.2024 derived from Gemeinde links.

    The weight of (old Kreis → new Kreis) is the 2021 population moved along
    the Gemeinde links divided by the old Kreis' population.
    """
    pop = g21.set_index("ags")["pop_total"].astype(float)
    moved = gem_links_2021.assign(
        pop=gem_links_2021["from_ags"].map(pop).fillna(0.0) * gem_links_2021["w_pop"],
        from_k=gem_links_2021["from_ags"].str[:5],
        to_k=gem_links_2021["to_ags"].str[:5],
    )
    sums = moved.groupby(["from_k", "to_k"], as_index=False)["pop"].sum()
    total = sums.groupby("from_k")["pop"].transform("sum")
    sums["w"] = np.where(total > 0, sums["pop"] / total.where(total > 0, 1.0), 1.0)
    sums = sums[sums["w"] > 0]
    return pd.DataFrame(
        {
            "from_ags": sums["from_k"],
            "to_ags": sums["to_k"],
            "w_area": sums["w"],
            "w_pop": sums["w"],
        }
    ).reset_index(drop=True)


def early_kreis_population(
    kreise_gv: pd.DataFrame, bbsr_kreis: pd.DataFrame, kreis_step: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, object]]:
    """Kreis population rows 1994–2009 on the Kreis boundaries of 31.12.2024."""
    frames = []
    unmatched: dict[str, list[str]] = {}
    for year in EARLY_KREIS_YEARS:
        data = _counts(kreise_gv[kreise_gv["stichtag"] == f"{year}-12-31"], "kreis_ags")
        key = bbsr_kreis[bbsr_kreis["jahr_alt"] == str(year)]
        links = pd.DataFrame(
            {
                "from_ags": key["kreis_alt"],
                "to_ags": key["kreis_2021"],
                "w_area": key["w_area"].astype(float),
                "w_pop": key["w_pop"].astype(float),
            }
        )
        unmatched[str(year)] = sorted(set(data.index) - set(links["from_ags"]))
        wide = apply_links(data, compose(links, kreis_step))
        frames.append(long_population(wide, f"{year}-12-31"))
    return pd.concat(frames, ignore_index=True), {"unmatched_kreise": unmatched}
