"""Datenpakete of different shapes, each written from real open data in ``data/raw/``.

Issue #14 ("Every Kommune, every page"): the app must work for any Kommune that loads a
Datenpaket (docs/datenpaket.md), not only for the Berlin demo.  Every function below writes
one package into ``folder`` and returns the package folder; every figure is copied (or summed
from published bands, as each source note says) from ``data/raw/*`` – nothing is invented.
Some packages deliberately leave data out (one Stichtag only, no places, no indicators):
that *is* the shape under test, and the source note says so.

=======================  ===================================  ==========================================
shape                    levels                               population / indicators / facilities
=======================  ===================================  ==========================================
flensburg                Stadt → Stadtteil → Statist. Bezirk  <18, 18–65, 65+ and total (annual, 8 years,
                                                              on the middle level), 5 Sozialatlas
                                                              indicators with gaps, 70 Kitas with places
landkreis                Kreis → Gemeinde (LK Fulda)          total/m/f only (GV 2017, 2021, 2023),
                                                              6 Zensus-2022 indicators, no facilities
one_date_coarse          Bezirk → Bezirksregion → PLR         31.12.2024 only: total, <18, 65+;
                         (Berlin-Reinickendorf)               MSS 2021 S1/S3/S4, no facilities
facilities_without_      Bezirk → Bezirksregion → PLR         fine bands 31.12.2024 + 8 bands 31.12.2023,
places                   (Berlin-Friedrichshain-Kreuzberg)    MSS 2021, Kitas with an empty capacity
two_levels_no_values     Bezirk → Planungsraum                8 age bands, 4 year-ends 2021–2024;
                         (Berlin-Spandau)                     no indicator values, no facilities
=======================  ===================================  ==========================================

Run ``python tests/shapes/make_packages.py OUT_DIR`` to write all of them for a look.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
BERLIN = RAW / "berlin_lor"
FLENSBURG = RAW / "flensburg_stadtteile"
GERMANY = RAW / "germany_admin"

POPULATION_COLUMNS = ["area_id", "period", "sex", "age_from", "age_to", "count", "flag"]

# ----------------------------------------------------------------------------------------
# writing helpers


def _write(
    folder: Path,
    manifest: dict[str, Any],
    areas: gpd.GeoDataFrame,
    population: pd.DataFrame,
    catalogue: list[dict[str, Any]] | None = None,
    values: pd.DataFrame | None = None,
    facilities: pd.DataFrame | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    areas.to_file(folder / "areas.geojson", driver="GeoJSON", COORDINATE_PRECISION=6)
    population[POPULATION_COLUMNS].to_csv(folder / "population.csv", index=False)
    if catalogue:
        (folder / "indicators.yaml").write_text(
            yaml.safe_dump({"indicators": catalogue}, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    if values is not None:
        values.to_csv(folder / "indicator_values.csv", index=False)
    if facilities is not None:
        facilities.to_csv(folder / "facilities.csv", index=False)
    (folder / "paket.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return folder


def _level(
    ids: pd.Series, names: pd.Series, level: str, parents: Any, geometry: Any
) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "area_id": ids.to_numpy(),
            "name": names.to_numpy(),
            "level": level,
            "parent_id": parents.to_numpy() if isinstance(parents, pd.Series) else parents,
        },
        geometry=list(geometry),
        crs=4326,
    )


def _areas(*levels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(pd.concat(levels, ignore_index=True), geometry="geometry", crs=4326)


def _source(file: str, publisher: str, licence: str, attribution: str, stand: str) -> dict:
    return {
        "file": file,
        "publisher": publisher,
        "licence": licence,
        "attribution": attribution,
        "stand": stand,
    }


def _indicator(
    iid: str,
    name: str,
    short: str,
    definition: str,
    unit: str,
    *,
    polarity: str,
    domain: str,
    aggregation: str,
    source: str,
    licence: str,
    attribution: str,
    data_date: str,
    decimals: int = 1,
    min_denominator: float = 0,
) -> dict[str, Any]:
    return {
        "indicator_id": iid,
        "name": name,
        "short_name": short,
        "definition": definition,
        "unit": unit,
        "scale": 1,
        "decimals": decimals,
        "polarity": polarity,
        "domain": domain,
        "aggregation": aggregation,
        "source": source,
        "licence": licence,
        "attribution": attribution,
        "data_date": data_date,
        "min_denominator": min_denominator,
        "count_threshold": 0,
        "public": True,
    }


def _pop_rows(area: str, period: str, bands: list[tuple[str, int, int | None, Any]]) -> list:
    """Rows (area, period, sex, age_from, age_to, count, flag); ``count`` None = not published."""
    return [
        (area, period, sex, lo, "" if hi is None else hi, *_count(n)) for sex, lo, hi, n in bands
    ]


def _number(v: float) -> int | float:
    """Whole numbers without ".0" (as published)."""
    return int(v) if float(v).is_integer() else float(v)


def _count(n: Any) -> tuple[Any, str]:
    if n is None or pd.isna(n):
        return ".", "missing"
    return int(n), "observed"


# ----------------------------------------------------------------------------------------
# (a) Flensburg: Stadt → Stadtteil → Statistischer Bezirk

FL_ATTR = (
    "Datenquellen: Stadt Flensburg (Sozialatlas; Kleinräumige Gliederung der Stabsstelle "
    "Statistik; Liste der Kindertagesstätten), Bundesagentur für Arbeit (über den Sozialatlas); "
    "aufbereitet von OK Lab Flensburg (CC0 1.0); bearbeitet."
)
FL_LICENCE = "CC0 1.0 (Aufbereitung OK Lab Flensburg); Lizenz der Stadt Flensburg nicht angegeben"
FL_AGS = "01001000"
FL_NO_DATE = (
    "Der Sozialatlas nennt keinen Stichtag; das Berichtsjahr wird als 31.12. des Jahres geführt."
)

#: Sozialatlas code → (id, name, short name, unit, polarity, domain, period day, decimals)
FL_INDICATORS = {
    "t12_unemployed": (
        "fl_arbeitslose",
        "Arbeitslose (Sozialatlas Tab. 12)",
        "Arbeitslose",
        "Personen",
        "higher_worse",
        "Arbeit",
        "06-30",
        0,
    ),
    "t11_employment_rate": (
        "fl_beschaeftigungsquote",
        "Beschäftigungsquote (Sozialatlas Tab. 11)",
        "Beschäftigungsquote",
        "%",
        "higher_better",
        "Arbeit",
        "12-31",
        1,
    ),
    "t14_housing_benefit_recipients": (
        "fl_wohngeld",
        "Wohngeldempfänger/-innen (Sozialatlas Tab. 14)",
        "Wohngeld",
        "Personen",
        "higher_worse",
        "Wohnen",
        "12-31",
        0,
    ),
    "t16_households_threatened_homelessness": (
        "fl_wohnungslosigkeit_bedroht",
        "Von Wohnungslosigkeit bedrohte Haushalte (Sozialatlas Tab. 16)",
        "Wohnungslosigkeit bedroht",
        "Haushalte",
        "higher_worse",
        "Wohnen",
        "12-31",
        0,
    ),
    "t18_sgb2_recipients": (
        "fl_sgb2",
        "Regelleistungsberechtigte SGB II (Sozialatlas Tab. 18)",
        "SGB II",
        "Personen",
        "higher_worse",
        "Soziales",
        "12-31",
        0,
    ),
}


def flensburg(folder: Path) -> Path:
    """Flensburg (kreisfreie Stadt): 3 levels, coarse annual bands on the Stadtteil level."""
    geo = FLENSBURG / "geo"
    st = gpd.read_file(geo / "flensburg_stadtteile_2018.geojson").sort_values("stadtteil_id")
    bz = gpd.read_file(geo / "flensburg_statistische_bezirke_2018.geojson").sort_values("bezirk_id")
    city = st.dissolve()
    areas = _areas(
        _level(pd.Series([FL_AGS]), pd.Series(["Flensburg"]), "Stadt", None, city.geometry),
        _level(st["stadtteil_id"], st["stadtteil_name"], "Stadtteil", FL_AGS, st.geometry),
        _level(
            bz["bezirk_id"],
            bz["bezirk_name"],
            "Statistischer Bezirk",
            bz["stadtteil_id"],
            bz.geometry,
        ),
    )

    pop = pd.read_csv(
        FLENSBURG / "population" / "flensburg_stadtteile_bevoelkerung_2011-2022.csv",
        dtype={"stadtteil_id": str},
    )
    rows: list = []
    for r in pop.to_dict(orient="records"):
        rows += _pop_rows(
            r["stadtteil_id"],
            f"{r['year']}-12-31",
            [
                ("all", 0, None, r["residents"]),  # blank in 2012 (Tab. 1 has no 2012 column)
                ("all", 0, 18, r["age_under_18"]),
                ("all", 18, 65, r["age_18_to_under_65"]),
                ("all", 65, None, r["age_65_and_above"]),
            ],
        )
    population = pd.DataFrame(rows, columns=POPULATION_COLUMNS)

    social = pd.read_csv(
        FLENSBURG / "social" / "flensburg_sozialatlas_stadtteile_long.csv",
        dtype={"stadtteil_id": str},
    )
    social = social[(social["area_level"] == "stadtteil") & social["indicator"].isin(FL_INDICATORS)]
    catalogue, values = [], []
    for code, (iid, name, short, unit, pol, domain, day, dec) in FL_INDICATORS.items():
        part = social[social["indicator"] == code]
        reference = part["reference"].iloc[0]
        years = sorted(part["year"].unique())
        catalogue.append(
            _indicator(
                iid,
                name,
                short,
                f"{part['label_de'].iloc[0]} je Stadtteil laut Sozialatlas der Stadt Flensburg, "
                f"Tab. {part['table_no'].iloc[0]} (Bezug: {reference}). "
                + (FL_NO_DATE if day == "12-31" else "Stichtag 30.06. des Berichtsjahres."),
                unit,
                polarity=pol,
                domain=domain,
                aggregation="none" if unit == "%" else "sum",
                source=f"Stadt Flensburg, Sozialatlas Tab. {part['table_no'].iloc[0]}",
                licence=FL_LICENCE,
                attribution=FL_ATTR,
                data_date=f"Berichtsjahre {years[0]}–{years[-1]}",
                decimals=dec,
            )
        )
        for r in part.to_dict(orient="records"):
            blank = pd.isna(r["value"])
            values.append(
                {
                    "indicator_id": iid,
                    "area_id": r["stadtteil_id"],
                    "period": f"{r['year']}-{day}",
                    "value": "." if blank else _number(r["value"]),
                    "flag": "",
                    "flag_reason": (
                        "im Sozialatlas maskiert (Wert unter 4) oder nicht berichtet"
                        if blank
                        else ""
                    ),
                }
            )

    kitas = gpd.read_file(FLENSBURG / "facilities" / "flensburg_kitas_2024.geojson")
    facilities = pd.DataFrame(
        {
            "facility_id": "kita:" + kitas["slug"],
            "service_type": "Kita",
            "name": kitas["facility"],
            "capacity": kitas["childcare_places"],
            "operator": kitas["institution"],
            "operator_type": "",
            "lon": kitas.geometry.x.round(6),
            "lat": kitas.geometry.y.round(6),
            "area_id": kitas["bezirk_id"],
            "data_date": "2024-01-17",
        }
    )

    manifest = {
        "name": "Flensburg – Stadtteile und Statistische Bezirke",
        "system_code": "flensburg",
        "area_system": "Kleinräumige Gliederung Flensburg (ab 01.01.2018)",
        "gebietsstand": "2018-01-01",
        "levels": ["Stadt", "Stadtteil", "Statistischer Bezirk"],
        "sources": [
            _source(
                "areas.geojson",
                "Stadt Flensburg, Stabsstelle Statistik (über OK Lab Flensburg)",
                FL_LICENCE,
                FL_ATTR + " Die Fläche der Stadt ist die Vereinigung der 13 Stadtteile "
                "(ohne Wasserfläche der Förde).",
                "01.01.2018",
            ),
            _source(
                "population.csv",
                "Stadt Flensburg, Sozialatlas Tab. 1, 6–8 (Einwohnermelderegister)",
                FL_LICENCE,
                FL_ATTR + " Einwohner/innen mit Haupt- oder alleiniger Wohnung je Stadtteil; "
                "Stichtag in der Quelle nicht angegeben, als 31.12. des Berichtsjahres geführt; "
                "2012 ohne Gesamtzahl (Tab. 1 hat keine Spalte 2012).",
                "Berichtsjahre 2011, 2012, 2017–2022 (Stichtag nicht angegeben)",
            ),
            _source(
                "indicator_values.csv",
                "Stadt Flensburg, Sozialatlas (Statistikstelle, Bundesagentur für Arbeit, "
                "Fachbereich Soziales und Gesundheit)",
                FL_LICENCE,
                FL_ATTR,
                "Berichtsjahre 2011–2022",
            ),
            _source(
                "facilities.csv",
                "Stadt Flensburg (Liste der Kindertagesstätten), Open-Data-Portal "
                "Schleswig-Holstein; Koordinaten geokodiert von OK Lab Flensburg",
                "CC0 1.0 (Aufbereitung OK Lab Flensburg)",
                FL_ATTR,
                "17.01.2024",
            ),
        ],
    }
    return _write(
        folder / "flensburg",
        manifest,
        areas,
        population,
        catalogue,
        pd.DataFrame(values),
        facilities,
    )


# ----------------------------------------------------------------------------------------
# (b) Landkreis Fulda: Kreis → Gemeinde

LK_AGS = "06631"
GEO_ATTR = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
GV_ATTR = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys"
ZENSUS_ATTR = "Zensus 2022, Statistische Ämter des Bundes und der Länder"
DLDE = "dl-de/by-2-0"

#: Zensus column → (id, name, short name, unit, polarity, domain, aggregation, decimals)
ZENSUS = {
    "share_foreign_census22": (
        "z22_auslaender",
        "Anteil Ausländer/innen (Zensus 2022)",
        "Ausländer/innen",
        "%",
        "neutral",
        "Demografie",
        "none",
        1,
    ),
    "share_migration_bg_census22": (
        "z22_migrationshintergrund",
        "Anteil mit Migrationshintergrund (Zensus 2022)",
        "Migrationshintergrund",
        "%",
        "neutral",
        "Demografie",
        "none",
        1,
    ),
    "avg_household_size_census22": (
        "z22_haushaltsgroesse",
        "Durchschnittliche Haushaltsgröße (Zensus 2022)",
        "Haushaltsgröße",
        "Personen",
        "neutral",
        "Wohnen",
        "none",
        2,
    ),
    "total_dwellings_census22": (
        "z22_wohnungen",
        "Wohnungen insgesamt (Zensus 2022)",
        "Wohnungen",
        "Wohnungen",
        "neutral",
        "Wohnen",
        "sum",
        0,
    ),
    "vacancy_rate_census22": (
        "z22_leerstand",
        "Leerstandsquote (Zensus 2022)",
        "Leerstand",
        "%",
        "neutral",
        "Wohnen",
        "none",
        1,
    ),
    "avg_rent_per_m2_census22": (
        "z22_miete",
        "Durchschnittliche Miete je m² (Zensus 2022)",
        "Miete je m²",
        "€/m²",
        "higher_worse",
        "Wohnen",
        "none",
        2,
    ),
}


def landkreis(folder: Path) -> Path:
    """Landkreis Fulda: its 23 Gemeinden are the Sozialräume; population without ages."""
    geo = GERMANY / "geo"
    kreis = gpd.read_file(geo / "vg5000_kreise_2021-01-01.geojson")
    kreis = kreis[kreis["ags"] == LK_AGS]
    gem = gpd.read_file(geo / "vg5000_gemeinden_2021-01-01.geojson")
    gem = gem[gem["ags"].str.startswith(LK_AGS)].sort_values("ags")
    areas = _areas(
        _level(kreis["ags"], "Landkreis " + kreis["gen"], "Kreis", None, kreis.geometry),
        _level(gem["ags"], gem["gen"], "Gemeinde", LK_AGS, gem.geometry),
    )

    gv = pd.read_csv(GERMANY / "tables" / "destatis_gv_gemeinden_2013-2023.csv", dtype={"ags": str})
    gv = gv[
        gv["ags"].isin(set(gem["ags"]))
        & gv["stichtag"].isin(["2017-12-31", "2021-12-31", "2023-12-31"])
    ]
    rows: list = []
    for r in gv.to_dict(orient="records"):
        rows += _pop_rows(
            r["ags"],
            r["stichtag"],
            [
                ("all", 0, None, r["pop_total"]),
                ("m", 0, None, r["pop_male"]),
                ("f", 0, None, r["pop_female"]),
            ],
        )
    population = pd.DataFrame(rows, columns=POPULATION_COLUMNS)

    z = pd.read_csv(GERMANY / "tables" / "zensus2022_gemeinden_via_gerda.csv", dtype={"ags": str})
    z = z[z["ags"].isin(set(gem["ags"]))]
    catalogue, values = [], []
    for col, (iid, name, short, unit, pol, domain, agg, dec) in ZENSUS.items():
        catalogue.append(
            _indicator(
                iid,
                name,
                short,
                f"{name} je Gemeinde, Stichtag 15.05.2022 (Zensus 2022, über das R-Paket GERDA).",
                unit,
                polarity=pol,
                domain=domain,
                aggregation=agg,
                source="Zensus 2022 (Statistische Ämter des Bundes und der Länder)",
                licence=DLDE,
                attribution=ZENSUS_ATTR,
                data_date="15.05.2022",
                decimals=dec,
            )
        )
        values += [
            {"indicator_id": iid, "area_id": a, "period": "2022-05-15", "value": v}
            for a, v in zip(z["ags"], z[col], strict=True)
        ]

    manifest = {
        "name": "Landkreis Fulda – Gemeinden",
        "system_code": "lkfulda",
        "area_system": "Gemeinden Landkreis Fulda (VG5000)",
        "gebietsstand": "2021-01-01",
        "levels": ["Kreis", "Gemeinde"],
        "sources": [
            _source(
                "areas.geojson",
                "Bundesamt für Kartographie und Geodäsie (VG5000)",
                DLDE,
                GEO_ATTR,
                "01.01.2021",
            ),
            _source(
                "population.csv",
                "Statistisches Bundesamt (Gemeindeverzeichnis, Bevölkerungsfortschreibung)",
                DLDE,
                GV_ATTR + " – Einwohner/innen insgesamt, männlich, weiblich; keine Altersgruppen.",
                "31.12.2017, 31.12.2021, 31.12.2023",
            ),
            _source(
                "indicator_values.csv",
                "Statistische Ämter des Bundes und der Länder",
                DLDE,
                ZENSUS_ATTR,
                "15.05.2022",
            ),
        ],
    }
    return _write(
        folder / "landkreis", manifest, areas, population, catalogue, pd.DataFrame(values)
    )


# ----------------------------------------------------------------------------------------
# Berlin Bezirke (LOR 2021)

BERLIN_ATTR = (
    "Amt für Statistik Berlin-Brandenburg (Einwohnerregisterstatistik, LOR), Senatsverwaltung "
    "für Stadtentwicklung, Bauen und Wohnen (Monitoring Soziale Stadtentwicklung), "
    "Senatsverwaltung für Bildung, Jugend und Familie (Kitas); bearbeitet"
)
AFS = "Amt für Statistik Berlin-Brandenburg"
CCBY = "CC BY 3.0 DE"
HALF = ["below_6", "6_15", "15_18", "18_27", "27_45", "45_55", "55_65", "above_65"]
HALF_AGES = [(0, 6), (6, 15), (15, 18), (18, 27), (27, 45), (45, 55), (55, 65), (65, None)]

MSS = {
    "s1_percentage_unemployed": ("mss_s1", "Arbeitslosigkeit (MSS S1)", "Arbeitslose"),
    "s3_percentage_transfer_payments_recipients": (
        "mss_s3",
        "Transferbezug (MSS S3)",
        "Transferbezug",
    ),
    "s4_percentage_transfer_payments_recipients_below_15_years": (
        "mss_s4",
        "Kinderarmut (MSS S4)",
        "Kinderarmut",
    ),
}


def _berlin_areas(bez: str, levels: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Bezirk ``bez`` with the LOR levels ``levels`` below it (Bezirksregion, Planungsraum)."""
    geo = BERLIN / "geo"
    b = gpd.read_file(geo / "berlin_bezirke.geojson")
    b = b[b["bez_id"] == bez]
    plr = gpd.read_file(geo / "berlin_plr_2021.geojson")
    plr = plr[plr["bez_id"] == bez].sort_values("plr_id")
    parts = [_level(b["bez_id"], b["bez_name"], "Bezirk", None, b.geometry)]
    if "Bezirksregion" in levels:
        bzr = gpd.read_file(geo / "berlin_bzr_2021.geojson")
        bzr = bzr[bzr["bez_id"] == bez].sort_values("bzr_id")
        parts.append(_level(bzr["bzr_id"], bzr["bzr_name"], "Bezirksregion", bez, bzr.geometry))
        parent: Any = plr["bzr_id"]
    else:
        parent = bez
    parts.append(_level(plr["plr_id"], plr["plr_name"], "Planungsraum", parent, plr.geometry))
    return _areas(*parts)


def _half_years(plr_ids: set[str], days: list[str], coarse: bool) -> pd.DataFrame:
    """Population from the half-year tables: 8 bands + total + female, or total, <18, 65+."""
    half = pd.read_csv(
        BERLIN / "population" / "berlin_plr2021_population_2021h1-2024h2.csv",
        dtype={"plr_id": str},
    )
    half = half[half["plr_id"].isin(plr_ids) & half["stichtag"].isin(days)]
    rows: list = []
    for r in half.to_dict(orient="records"):
        band = {n: r[f"inhabitants_age_{n}"] for n in HALF}
        if coarse:
            under_18 = band["below_6"] + band["6_15"] + band["15_18"]
            bands = [("all", 0, 18, under_18), ("all", 65, None, band["above_65"])]
        else:
            bands = [("all", lo, hi, band[n]) for n, (lo, hi) in zip(HALF, HALF_AGES, strict=True)]
            bands.append(("f", 0, None, r["inhabitants_female"]))
        rows += _pop_rows(r["plr_id"], r["stichtag"], [("all", 0, None, r["inhabitants"]), *bands])
    return pd.DataFrame(rows, columns=POPULATION_COLUMNS)


def _ewr_2024(plr_ids: set[str]) -> pd.DataFrame:
    """31.12.2024: the fine bands of the EWR matrix, total, male, female."""
    ewr = pd.read_csv(
        BERLIN / "population" / "EWR_L21_202412E_Matrix.csv", sep=";", dtype={"RAUMID": str}
    )
    ewr = ewr[ewr["RAUMID"].isin(plr_ids)]
    fine = [c for c in ewr.columns if c.startswith("E_E") and c[3:5].isdigit() and "_" in c[3:]]
    rows: list = []
    for r in ewr.to_dict(orient="records"):
        bands = []
        for col in fine:
            lo, hi = (int(x) for x in col[3:].split("_"))
            bands.append(("all", lo, hi if hi < 110 else None, r[col]))
        bands += [("all", 0, None, r["E_E"]), ("m", 0, None, r["E_EM"]), ("f", 0, None, r["E_EW"])]
        rows += _pop_rows(r["RAUMID"], "2024-12-31", bands)
    return pd.DataFrame(rows, columns=POPULATION_COLUMNS)


def _mss(plr_ids: set[str]) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    mss = pd.read_csv(BERLIN / "social" / "berlin_mss2021_plr2021.csv", dtype={"plr_id": str})
    cat, vals = [], []
    for col, (iid, name, short) in MSS.items():
        cat.append(
            _indicator(
                iid,
                name,
                short,
                f"Anteil laut Monitoring Soziale Stadtentwicklung 2021 ({name}), Stand 31.12.2020; "
                "Planungsräume unter 300 Einwohner/innen werden nicht berichtet.",
                "%",
                polarity="higher_worse",
                domain="Sozialmonitoring",
                aggregation="none",
                source="Monitoring Soziale Stadtentwicklung 2021 (SenSBW)",
                licence="CC BY 3.0 DE / dl-de/by-2-0",
                attribution=BERLIN_ATTR,
                data_date="31.12.2020",
                decimals=2,
                min_denominator=300,
            )
        )
        # PLR missing from the MSS table (< 300 inhabitants) get no row: a real gap
        part = mss[mss["plr_id"].isin(plr_ids)]
        vals += [
            {"indicator_id": iid, "area_id": a, "period": "2020-12-31", "value": v}
            for a, v in zip(part["plr_id"], part[col], strict=True)
        ]
    return cat, pd.DataFrame(vals)


def _berlin_manifest(name: str, code: str, levels: list[str], sources: list[dict]) -> dict:
    return {
        "name": name,
        "system_code": code,
        "area_system": f"LOR 2021 ({name})",
        "gebietsstand": "2021-01-01",
        "levels": levels,
        "sources": [
            _source("areas.geojson", AFS, CCBY, BERLIN_ATTR, "01.01.2021"),
            *sources,
        ],
    }


MSS_SOURCE = _source(
    "indicator_values.csv",
    "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen",
    "CC BY 3.0 DE / dl-de/by-2-0",
    BERLIN_ATTR,
    "31.12.2020",
)


def one_date_coarse(folder: Path) -> Path:
    """Berlin-Reinickendorf: ONE Stichtag (31.12.2024), population as total, <18 and 65+."""
    levels = ("Bezirk", "Bezirksregion", "Planungsraum")
    areas = _berlin_areas("12", levels)
    plr = set(areas.loc[areas["level"] == "Planungsraum", "area_id"])
    population = _half_years(plr, ["2024-12-31"], coarse=True)
    cat, vals = _mss(plr)
    manifest = _berlin_manifest(
        "Berlin-Reinickendorf (ein Stichtag, grobe Altersgruppen)",
        "reinickendorf",
        list(levels),
        [
            _source(
                "population.csv",
                AFS,
                CCBY,
                BERLIN_ATTR + " – Einwohnerregister 31.12.2024; nur insgesamt, unter 18 "
                "(Summe der veröffentlichten Gruppen 0–6, 6–15, 15–18) und 65 und älter.",
                "31.12.2024",
            ),
            MSS_SOURCE,
        ],
    )
    return _write(folder / "one_date_coarse", manifest, areas, population, cat, vals)


def facilities_without_places(folder: Path) -> Path:
    """Berlin-Friedrichshain-Kreuzberg with Kitas whose capacity is left empty."""
    levels = ("Bezirk", "Bezirksregion", "Planungsraum")
    areas = _berlin_areas("02", levels)
    plr = set(areas.loc[areas["level"] == "Planungsraum", "area_id"])
    population = pd.concat(
        [_half_years(plr, ["2023-12-31"], coarse=False), _ewr_2024(plr)], ignore_index=True
    )
    cat, vals = _mss(plr)
    kitas = pd.read_csv(
        BERLIN / "facilities" / "berlin_kitaliste_2026-01.csv", dtype={"id": str, "plr_id": str}
    )
    kitas = kitas[kitas["plr_id"].isin(plr)]
    facilities = pd.DataFrame(
        {
            "facility_id": "kita:" + kitas["id"],
            "service_type": "Kita",
            "name": kitas["name"],
            "capacity": "",  # the shape under test: the Kommune has no place numbers
            "operator": kitas["sponsor_name"],
            "operator_type": "",
            "lon": kitas["lon"].round(6),
            "lat": kitas["lat"].round(6),
            "area_id": kitas["plr_id"],
            "data_date": "2026-01-01",
        }
    )
    manifest = _berlin_manifest(
        "Berlin-Friedrichshain-Kreuzberg (Kitas ohne Platzzahlen)",
        "fhxb",
        list(levels),
        [
            _source("population.csv", AFS, CCBY, BERLIN_ATTR, "31.12.2023, 31.12.2024"),
            MSS_SOURCE,
            _source(
                "facilities.csv",
                "Senatsverwaltung für Bildung, Jugend und Familie (Kitaliste)",
                CCBY,
                BERLIN_ATTR + " – Platzzahlen für diesen Test bewusst nicht übernommen.",
                "01.2026",
            ),
        ],
    )
    return _write(
        folder / "facilities_without_places", manifest, areas, population, cat, vals, facilities
    )


def two_levels_no_values(folder: Path) -> Path:
    """Berlin-Spandau as Bezirk → Planungsraum; population only, no indicator values."""
    levels = ("Bezirk", "Planungsraum")
    areas = _berlin_areas("05", levels)
    plr = set(areas.loc[areas["level"] == "Planungsraum", "area_id"])
    days = ["2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31"]
    population = _half_years(plr, days, coarse=False)
    manifest = _berlin_manifest(
        "Berlin-Spandau (zwei Ebenen, nur Einwohner)",
        "spandau",
        list(levels),
        [_source("population.csv", AFS, CCBY, BERLIN_ATTR, "31.12.2021–31.12.2024")],
    )
    return _write(folder / "two_levels_no_values", manifest, areas, population)


#: shape name → writer; the scope of the projection: (finest level with population, place)
SHAPES: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "flensburg": (flensburg, "Stadtteil", "Flensburg"),
    "landkreis": (landkreis, "Gemeinde", "Landkreis Fulda"),
    "one_date_coarse": (one_date_coarse, "Planungsraum", "Berlin-Reinickendorf"),
    "facilities_without_places": (
        facilities_without_places,
        "Planungsraum",
        "Berlin-Friedrichshain-Kreuzberg",
    ),
    "two_levels_no_values": (two_levels_no_values, "Planungsraum", "Berlin-Spandau"),
}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shape_packages")
    for shape, (write, _, _) in SHAPES.items():
        print(shape, write(out))
