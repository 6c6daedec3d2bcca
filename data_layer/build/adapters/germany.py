"""Germany demo adapter: Bund, Länder, Kreise, Gemeinden on the Gebietsstand 31.12.2024.

Entry point :func:`build_germany_package`. The pieces live in
``germany_harmonise`` (change keys), ``germany_areas`` (geometries,
attributes), ``germany_population`` and ``germany_indicators``. All raw files
and their caveats are described in ``data/raw/germany_admin/SOURCES.md``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data_layer.build.adapters.germany_areas import (
    build_areas,
    build_attributes,
    carry_gemeinde_geometries,
    official_areas,
    read_vg5000,
)
from data_layer.build.adapters.germany_harmonise import (
    chain,
    read_bbsr_gemeinde_steps,
    read_destatis_step,
)
from data_layer.build.adapters.germany_indicators import inkar_values, zensus_values
from data_layer.build.adapters.germany_population import (
    early_kreis_population,
    gemeinde_population,
    kreis_step_2021_2024,
)
from data_layer.build.catalogue import read_catalogue
from data_layer.build.package import Package, SourceRef
from data_layer.errors import DataError
from data_layer.paths import PROJECT_ROOT

SYSTEM_CODE = "de2024"
GEBIETSSTAND = "2024-12-31"
LEVELS = ["Bund", "Land", "Kreis", "Gemeinde"]

CATALOGUE_PATH = PROJECT_ROOT / "data" / "catalogue" / "germany_indicators.yaml"
RAW_PREFIX = "data/raw/germany_admin/"

_LIC = "dl-de/by-2-0"
#: Sub-folder of the raw folder with the tables (CSV).
_T = "tables"
_BKG = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
_GV = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys"
_BBSR = "© BBSR Bonn"
_INKAR = "INKAR, BBSR Bonn"
_ZENSUS = "Zensus 2022, Statistische Ämter des Bundes und der Länder"

#: (file below the raw folder, publisher, attribution, Stand)
SOURCE_FILES: tuple[tuple[str, str, str, str], ...] = (
    ("geo/vg5000_gemeinden_2021-01-01.geojson", "BKG", _BKG, "01.01.2021"),
    ("tables/destatis_gv_gemeinden_gebietsstand_2024-12-31.csv", "Destatis", _GV, "31.12.2024"),
    ("tables/destatis_gv_gemeinden_2013-2023.csv", "Destatis", _GV, "31.12.2013–31.12.2023"),
    ("tables/destatis_gv_kreise_1994-2023.csv", "Destatis", _GV, "31.12.1994–31.12.2023"),
    ("tables/destatis_kreise_2021-12-31.csv", "Destatis", _GV, "31.12.2021"),
    (
        "tables/bbsr_umsteigeschluessel_gemeinden_2020-2022_nur_aenderungen.csv",
        "BBSR",
        _BBSR,
        "2020–2023",
    ),
    ("tables/bbsr_umsteigeschluessel_kreise_1990-2020_auf_2021.csv", "BBSR", _BBSR, "31.12.2021"),
    ("tables/destatis_gebietsaenderungen_2023-2025.csv", "Destatis", _GV, "01.01.2023–28.02.2025"),
    (
        "tables/inkar_kreise_1995-2022_via_gerda.csv",
        "BBSR (INKAR), über die Datensammlung GERDA",
        _INKAR,
        "1995–2022",
    ),
    (
        "tables/zensus2022_gemeinden_via_gerda.csv",
        "Statistische Ämter des Bundes und der Länder, über die Datensammlung GERDA",
        _ZENSUS,
        "15.05.2022",
    ),
)


def _read(raw_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(raw_dir / "tables" / name, dtype=str)


def build_germany_package(raw_dir: Path) -> Package:
    """Build the Germany Datenpaket from ``data/raw/germany_admin``.

    Returns a :class:`Package` with system code ``de2024`` whose Gemeinden are
    those of the Gebietsstand 31.12.2024 that have a geometry (10 956 of
    10 959; the three uninhabited pseudo units 07000999, 10042999, 13000999 –
    Luxembourg condominium and coastal waters – have none in VG5000).
    """
    package, _ = build_germany_package_with_report(raw_dir)
    return package


def build_germany_package_with_report(raw_dir: Path) -> tuple[Package, dict[str, object]]:
    """Like :func:`build_germany_package`, plus the harmonisation check figures."""
    bbsr = read_bbsr_gemeinde_steps(
        raw_dir / _T / "bbsr_umsteigeschluessel_gemeinden_2020-2022_nur_aenderungen.csv"
    )
    step24 = read_destatis_step(raw_dir / _T / "destatis_gebietsaenderungen_2023-2025.csv", "2024")
    gem24 = _read(raw_dir, "destatis_gv_gemeinden_gebietsstand_2024-12-31.csv")
    vg_gem = read_vg5000(raw_dir / "geo", "gemeinden")
    gem_geo, report = _gemeinde_geometries(
        vg_gem, gem24, [bbsr[2020], bbsr[2021], bbsr[2022], step24]
    )

    kreise21 = _read(raw_dir, "destatis_kreise_2021-12-31.csv").set_index("kreis_ags")
    vg_lan = read_vg5000(raw_dir / "geo", "laender").set_index("ags")
    areas = build_areas(
        gem_geo, gem24.set_index("ags")["name"], kreise21["name"], vg_lan["gen"], GEBIETSSTAND
    )
    # official areas (Destatis): densities must not divide by the generalised 1:5 Mio shapes
    areas["area_km2"] = official_areas(areas, pd.to_numeric(gem24.set_index("ags")["area_km2"]))
    gem_ids = pd.Index(gem_geo["ags"])
    kreis_ids = pd.Index(areas.loc[areas["level"] == "Kreis", "area_id"])
    attributes = build_attributes(
        gem24, kreise21["typ"], vg_gem.set_index("ags")["bez"], gem_ids, kreis_ids
    )
    population = _population(raw_dir, gem24, [bbsr[2021], bbsr[2022], step24], gem_geo, report)
    values = _values(raw_dir, [bbsr[2022], step24], kreis_ids, report)
    package = Package(
        name="Deutschland – Gemeinden, Kreise, Länder (Gebietsstand 31.12.2024)",
        system_code=SYSTEM_CODE,
        area_system="Deutschland, Gebietsstand 31.12.2024",
        gebietsstand=GEBIETSSTAND,
        levels=list(LEVELS),
        areas=areas,
        population=population,
        indicators=_catalogue(set(values["indicator_id"])),
        indicator_values=values,
        attributes=attributes,
        sources=[SourceRef(RAW_PREFIX + f, p, _LIC, a, s) for f, p, a, s in SOURCE_FILES],
        file_names=_file_names(),
    )
    return package, report


def _gemeinde_geometries(
    vg_gem: pd.DataFrame, gem24: pd.DataFrame, steps: list[pd.DataFrame]
) -> tuple[pd.DataFrame, dict[str, object]]:
    """VG5000 Gemeinde geometries carried to the Gebietsstand 2024, and the check figures."""
    gem_geo = carry_gemeinde_geometries(vg_gem, chain(vg_gem["ags"], steps))
    report: dict[str, object] = {
        "target_gemeinden": len(gem24),
        "with_geometry": int(gem_geo["ags"].isin(gem24["ags"]).sum()),
        "without_geometry": sorted(set(gem24["ags"]) - set(gem_geo["ags"])),
        "geometry_not_in_target": sorted(set(gem_geo["ags"]) - set(gem24["ags"])),
        "dissolved_targets": int((gem_geo["n_sources"] > 1).sum()),
    }
    if report["geometry_not_in_target"]:
        raise DataError(
            f"Gemeinden ohne Entsprechung im Gebietsstand 2024: {report['geometry_not_in_target']}"
        )
    return gem_geo, report


def _population(
    raw_dir: Path,
    gem24: pd.DataFrame,
    steps_2021: list[pd.DataFrame],
    gem_geo: pd.DataFrame,
    report: dict[str, object],
) -> pd.DataFrame:
    """Gemeinde and early Kreis population on the Gebietsstand 2024 (figures into ``report``)."""
    gv = _read(raw_dir, "destatis_gv_gemeinden_2013-2023.csv")
    pop_gem, pop_report = gemeinde_population(gv, gem24, steps_2021, gem_geo)
    g21 = gv[gv["stichtag"] == "2021-12-31"]
    kreis_step = kreis_step_2021_2024(chain(g21["ags"], steps_2021), g21)
    pop_kreis, kreis_report = early_kreis_population(
        _read(raw_dir, "destatis_gv_kreise_1994-2023.csv"),
        _read(raw_dir, "bbsr_umsteigeschluessel_kreise_1990-2020_auf_2021.csv"),
        kreis_step,
    )
    report.update(pop_report)
    report.update(kreis_report)
    return pd.concat([pop_gem, pop_kreis], ignore_index=True)


def _values(
    raw_dir: Path, steps_2022: list[pd.DataFrame], kreis_ids: pd.Index, report: dict[str, object]
) -> pd.DataFrame:
    """INKAR (Kreise) and Zensus 2022 (Gemeinden) values (figures into ``report``)."""
    inkar = inkar_values(raw_dir / _T / "inkar_kreise_1995-2022_via_gerda.csv")
    report["inkar_keys_unmatched"] = sorted(set(inkar["area_id"]) ^ set(kreis_ids))
    zensus_file = raw_dir / _T / "zensus2022_gemeinden_via_gerda.csv"
    zensus_keys = pd.read_csv(zensus_file, usecols=["ags"], dtype=str)["ags"]
    zensus, z_report = zensus_values(zensus_file, chain(zensus_keys, steps_2022))
    report.update(z_report)
    return pd.concat([inkar, zensus], ignore_index=True)


def _catalogue(emitted: set[str]) -> pd.DataFrame:
    """The Germany catalogue; every emitted indicator must be described."""
    frame = read_catalogue(CATALOGUE_PATH)
    lacking = sorted(emitted - set(frame["indicator_id"]))
    if lacking:
        raise DataError(
            f"Indikatoren ohne Katalogeintrag in germany_indicators.yaml: {', '.join(lacking)}"
        )
    return frame[frame["indicator_id"].isin(emitted)].reset_index(drop=True)


def _file_names() -> dict[str, str]:
    """Readable origin of each table (shown in error messages)."""
    raw = RAW_PREFIX
    return {
        "areas": f"{raw}geo/vg5000_gemeinden_2021-01-01.geojson (fortgeschrieben auf 31.12.2024)",
        "population": f"{raw}tables/destatis_gv_gemeinden_2013-2023.csv, "
        "destatis_gv_gemeinden_gebietsstand_2024-12-31.csv, destatis_gv_kreise_1994-2023.csv",
        "indicators": "data/catalogue/germany_indicators.yaml",
        "indicator_values": f"{raw}tables/inkar_kreise_1995-2022_via_gerda.csv, zensus2022_gemeinden_via_gerda.csv",
        "attributes": f"{raw}tables/destatis_kreise_2021-12-31.csv, "
        "destatis_gv_gemeinden_gebietsstand_2024-12-31.csv, VG5000",
        "crosswalk": "(keine)",
        "facilities": "(keine)",
    }
