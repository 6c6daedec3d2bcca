"""Berlin demo adapter: raw LOR data (``data/raw/berlin_lor``) → two Datenpakete.

* ``lor2021`` – LOR 2021 (Land, 12 Bezirke, 58 Prognoseräume, 143 Bezirksregionen,
  542 Planungsräume): population 2021–2024 (observed) and 2015–2020 moved from
  the old PLR (estimated), fine age bands of 31.12.2024, counts of foreigners /
  migration background, MSS 2021, five facility snapshots.
* ``lor2006`` – the old LOR (Land, Bezirke, 448 Planungsräume): population
  2015–2020, counts, MSS 2013–2019 and the areal crosswalk to ``lor2021``.

The adapter only builds :class:`~data_layer.build.package.Package` objects; checking
and loading them is the job of :mod:`data_layer.build.validate` and the loader.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from data_layer.build.adapters import berlin_areas as areas_mod
from data_layer.build.adapters import berlin_facilities as fac_mod
from data_layer.build.adapters import berlin_population as pop_mod
from data_layer.build.adapters import berlin_social as mss_mod
from data_layer.build.adapters.berlin_sources import source_refs
from data_layer.build.catalogue import read_catalogue
from data_layer.build.goals import read_goal_files
from data_layer.build.package import Package, PackageHome
from data_layer.paths import PROJECT_ROOT

CATALOGUE_PATH = PROJECT_ROOT / "data" / "catalogue" / "berlin_indicators.yaml"
LOR2021 = "lor2021"
LOR2006 = "lor2006"
#: the Kommune of the demo store: where every page opens (written into meta as home.*)
BERLIN_HOME = PackageHome(
    kommune="11000000", start_level="Planungsraum", start_indicator="share_u6", place="Berlin"
)


def _catalogue_for(values: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Catalogue rows of the indicators present in ``values``; refuses uncatalogued ids."""
    used = set(values["indicator_id"])
    unknown = sorted(used - set(catalogue["indicator_id"]))
    if unknown:
        raise ValueError(
            f"Indikatoren fehlen im Katalog berlin_indicators.yaml: {', '.join(unknown)}"
        )
    return catalogue[catalogue["indicator_id"].isin(used)].reset_index(drop=True)


def _origin(files: Iterable[str]) -> str:
    """Readable origin of a table for error messages."""
    return "Berlin-Adapter: " + ", ".join(Path(f).name for f in files)


def _plr_ids(areas: pd.DataFrame) -> list[str]:
    return sorted(areas.loc[areas["level"] == "Planungsraum", "area_id"])


def _lor2021_tables(
    raw_dir: Path, plr: list[str], crosswalk: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population and indicator values of the LOR 2021 package.

    Population: half-year tables 2021–2024 first, then the fine matrix of
    31.12.2024 (keys already given by the half-year table are dropped – both
    agree), then the old PLR moved with the crosswalk (2015–2020, estimated).
    """
    new = pop_mod.read_half_year(raw_dir / pop_mod.HALF_YEAR_2021_FILE)
    old = pop_mod.read_half_year(raw_dir / pop_mod.HALF_YEAR_2006_FILE)
    fine, _blank = pop_mod.matrix_population(raw_dir / pop_mod.MATRIX_FILE)
    moved = pop_mod.move_population(pop_mod.half_year_population(old, "observed"), crosswalk)
    population = pop_mod.combine_without_duplicates(
        pop_mod.half_year_population(new, "observed"), fine, moved
    )
    mss = mss_mod.read_mss(raw_dir / mss_mod.MSS2021_FILE)
    values = pd.concat(
        [
            pop_mod.count_values(new, "observed"),
            pop_mod.move_values(pop_mod.count_values(old, "observed"), crosswalk),
            mss_mod.mss_values(mss, lambda _period: plr),
        ],
        ignore_index=True,
    )
    return population, values


def build_lor2021_package(
    raw_dir: Path, catalogue: pd.DataFrame, crosswalk: pd.DataFrame
) -> Package:
    """The LOR 2021 package (see module docstring)."""
    areas = areas_mod.build_lor2021_areas(raw_dir)
    population, values = _lor2021_tables(raw_dir, _plr_ids(areas), crosswalk)
    geo = [areas_mod.BEZIRKE_FILE, areas_mod.PGR_FILE, areas_mod.BZR_FILE, areas_mod.PLR_FILE]
    pop_files = [pop_mod.HALF_YEAR_2021_FILE, pop_mod.MATRIX_FILE, pop_mod.HALF_YEAR_2006_FILE]
    fac_files = [
        fac_mod.KITALISTE_FILE,
        fac_mod.KITA_WFS_FILE,
        fac_mod.PFLEGE_FILE,
        fac_mod.JFE_FILE,
        fac_mod.SCHULEN_FILE,
    ]
    return Package(
        name="Berlin – LOR 2021 (Demodaten)",
        system_code=LOR2021,
        area_system="LOR 2021",
        gebietsstand=areas_mod.LOR2021_FROM,
        levels=list(areas_mod.LOR2021_LEVELS),
        areas=areas,
        population=population,
        indicators=_catalogue_for(values, catalogue),
        indicator_values=values,
        facilities=fac_mod.build_facilities(raw_dir),
        sources=source_refs(
            [*geo, areas_mod.CROSSWALK_FILE, *pop_files, mss_mod.MSS2021_FILE, *fac_files]
        ),
        file_names={
            "areas": _origin(geo),
            "population": _origin([*pop_files, areas_mod.CROSSWALK_FILE]),
            "indicators": "Berlin-Adapter: data/catalogue/berlin_indicators.yaml",
            "indicator_values": _origin(
                [pop_mod.HALF_YEAR_2021_FILE, pop_mod.HALF_YEAR_2006_FILE, mss_mod.MSS2021_FILE]
            ),
            "facilities": _origin(fac_files),
        },
        home=BERLIN_HOME,
    )


def _first_data_dates(old_population: pd.DataFrame, mss: pd.DataFrame) -> pd.Series:
    """Earliest date at which each old PLR id carries data (population or MSS)."""
    dates = pd.concat(
        [
            old_population[["area_id", "period"]],
            mss[["plr_id", "data_stichtag"]].set_axis(["area_id", "period"], axis=1),
        ],
        ignore_index=True,
    )
    return dates.groupby("area_id")["period"].min()


def build_lor2006_package(
    raw_dir: Path, catalogue: pd.DataFrame, crosswalk: pd.DataFrame
) -> Package:
    """The old-LOR package (448 PLR, valid until 31.12.2020) with its crosswalk to LOR 2021."""
    old = pop_mod.read_half_year(raw_dir / pop_mod.HALF_YEAR_2006_FILE)
    mss = mss_mod.read_mss(raw_dir / mss_mod.MSS_OLD_FILE)
    areas = areas_mod.build_lor2006_areas(raw_dir, _first_data_dates(old, mss))
    plr = areas[areas["level"] == "Planungsraum"]

    def ids_at(period: str) -> list[str]:
        return sorted(plr.loc[plr["valid_from"] <= period, "area_id"])

    values = pd.concat(
        [pop_mod.count_values(old, "observed"), mss_mod.mss_values(mss, ids_at)], ignore_index=True
    )
    geo = [areas_mod.BEZIRKE_FILE, areas_mod.PLR2006_FILE]
    return Package(
        name="Berlin – LOR 2006 bis 2020 (Demodaten)",
        system_code=LOR2006,
        area_system="LOR 2006 (bis 2020)",
        gebietsstand="2006-01-01",
        levels=list(areas_mod.LOR2006_LEVELS),
        areas=areas,
        population=pop_mod.half_year_population(old, "observed"),
        indicators=_catalogue_for(values, catalogue),
        indicator_values=values,
        crosswalk=areas_mod.crosswalk_rows(crosswalk, LOR2021),
        sources=source_refs(
            [*geo, areas_mod.CROSSWALK_FILE, pop_mod.HALF_YEAR_2006_FILE, mss_mod.MSS_OLD_FILE]
        ),
        file_names={
            "areas": _origin(geo),
            "population": _origin([pop_mod.HALF_YEAR_2006_FILE]),
            "indicators": "Berlin-Adapter: data/catalogue/berlin_indicators.yaml",
            "indicator_values": _origin([pop_mod.HALF_YEAR_2006_FILE, mss_mod.MSS_OLD_FILE]),
            "crosswalk": _origin([areas_mod.CROSSWALK_FILE]),
        },
    )


def build_berlin_packages(raw_dir: Path, catalogue_path: Path = CATALOGUE_PATH) -> list[Package]:
    """Build the ``lor2021`` and ``lor2006`` packages from ``data/raw/berlin_lor``.

    Parameters
    ----------
    raw_dir
        The folder ``data/raw/berlin_lor`` (layout as in its ``SOURCES.md``).
    catalogue_path
        Indicator catalogue (YAML) covering every indicator id emitted.
    """
    catalogue = read_catalogue(catalogue_path)
    crosswalk = areas_mod.read_crosswalk(raw_dir)
    lor2021 = build_lor2021_package(raw_dir, catalogue, crosswalk)
    lor2021.goals = read_goal_files(raw_dir / "ziele")  # demo goals with their sources
    return [lor2021, build_lor2006_package(raw_dir, catalogue, crosswalk)]
