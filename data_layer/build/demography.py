"""Readers for the shipped Destatis demography files in ``data/raw/demography/``.

The one place that reads these CSVs: the build stores what :func:`read_life_tables` and
:func:`read_asfr_table` return (:mod:`data_layer.build.demography_store`); the tests of the
projection use the one-period readers. Pure pandas readers (file I/O only, no Streamlit,
no DuckDB). Every reader
returns a tidy :class:`pandas.DataFrame` with the values plus four source
columns that travel with the data into the store:

``publisher``, ``source_table``, ``licence``, ``attribution``.

The files and their caveats are described in ``data/raw/demography/SOURCES.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

PUBLISHER = "Statistisches Bundesamt (Destatis)"
LICENCE = "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)"

#: Source columns appended by every reader, in this order.
SOURCE_COLUMNS: tuple[str, ...] = ("publisher", "source_table", "licence", "attribution")


def _with_source(frame: pd.DataFrame, table: str, attribution: str) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    out["publisher"] = PUBLISHER
    out["source_table"] = table
    out["licence"] = LICENCE
    out["attribution"] = attribution
    return out


def _read_csv(path: str | Path, required: Sequence[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"period": str, "sex": str, "ags_land": str})
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"Datei {Path(path).name}: Spalten fehlen: {', '.join(missing)}")
    return frame


def read_life_tables(path: str | Path) -> pd.DataFrame:
    """Read every period of the Destatis period life table 12621-0001 (what the build stores).

    Returns
    -------
    pandas.DataFrame
        Columns ``period, sex, age, qx, lx, Lx, Tx, ex`` (see :func:`read_life_table`) and
        the source columns, in file order.
    """
    cols = ["period", "sex", "age", "qx", "lx", "Lx", "Tx", "ex"]
    return _with_source(
        _read_csv(path, cols)[cols],
        "12621-0001 Sterbetafel (Periodensterbetafel)",
        "Statistisches Bundesamt (Destatis), 2025, Tabelle 12621-0001",
    )


def read_life_table(path: str | Path, period: str = "2022/24") -> pd.DataFrame:
    """Read the Destatis period life table 12621-0001 for one period.

    Parameters
    ----------
    path
        ``de_life_table_destatis_12621-0001.csv``.
    period
        ``"2016/18"``, ``"2020/22"`` or ``"2022/24"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``period, sex ('m'|'f'), age (0–100, completed years), qx
        (probability of dying between ages x and x+1), lx (survivors of
        100 000 births), Lx, Tx (person-years), ex (years)`` and the source
        columns; 202 rows sorted by sex ('m' first) and age.
    """
    tables = read_life_tables(path)
    sel = tables.loc[tables["period"] == period]
    if sel.empty:
        periods = ", ".join(sorted(tables["period"].unique()))
        raise ValueError(f"Sterbetafel-Zeitraum {period} nicht vorhanden (vorhanden: {periods}).")
    sel = sel.assign(sex_order=sel["sex"].map({"m": 0, "f": 1}))
    sel = sel.sort_values(["sex_order", "age"]).drop(columns="sex_order")
    if len(sel) != 202 or sorted(sel["age"].unique()) != list(range(101)):
        raise ValueError(f"Sterbetafel {period}: erwartet Alter 0–100 für m und f.")
    return sel.reset_index(drop=True)


def read_asfr_table(path: str | Path) -> pd.DataFrame:
    """Read every year of the Destatis age-specific fertility rates 12612-0008 (what the build stores).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, age, births_per_1000_women, asfr`` (see :func:`read_asfr`) and the
        source columns, in file order.
    """
    cols = ["year", "age", "births_per_1000_women", "asfr"]
    return _with_source(
        _read_csv(path, cols)[cols],
        "12612-0008 Lebendgeborene je 1000 Frauen nach Alter",
        "Statistisches Bundesamt (Destatis), Tabelle 12612-0008",
    )


def read_asfr(path: str | Path, year: int) -> pd.DataFrame:
    """Read Destatis age-specific fertility rates (12612-0008) for one year.

    Parameters
    ----------
    path
        ``de_asfr_single_age_destatis_12612-0008.csv``.
    year
        Calendar year (1972–2024).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, age`` (15–49, mother's age by the year-of-birth method),
        ``births_per_1000_women``, ``asfr`` (live births per woman and year)
        and the source columns; 35 rows sorted by age.
    """
    table = read_asfr_table(path)
    sel = table.loc[table["year"] == year].sort_values("age")
    if sel.empty:
        raise ValueError(f"Keine Geburtenziffern für das Jahr {year} vorhanden.")
    return sel.reset_index(drop=True)


def read_tfr(path: str | Path, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Read the Destatis total fertility rate for Germany (12612-0009).

    Parameters
    ----------
    path
        ``de_tfr_destatis_12612-0009.csv``.
    years
        Years to keep; ``None`` keeps all (1972–2024).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, tfr_15_44, tfr_15_49`` (children per woman) and the
        source columns.
    """
    cols = ["year", "tfr_15_44", "tfr_15_49"]
    frame = _read_csv(path, cols)[cols]
    if years is not None:
        frame = frame.loc[frame["year"].isin(list(years))]
        if frame.empty:
            raise ValueError("Keine zusammengefasste Geburtenziffer für die gewählten Jahre.")
    return _with_source(
        frame.sort_values("year"),
        "12612-0009 Zusammengefasste Geburtenziffer",
        "Statistisches Bundesamt (Destatis), Tabelle 12612-0009",
    )


def read_laender_tfr(path: str | Path, ags_land: str, year: int) -> pd.DataFrame:
    """Read the total fertility rate of one Land (Statistischer Bericht Geburten 2023).

    Parameters
    ----------
    path
        ``laender_tfr_destatis_1990-2023.csv``.
    ags_land
        Two-digit Land key as string, e.g. ``"11"`` for Berlin.
    year
        1990–2023.

    Returns
    -------
    pandas.DataFrame
        One row: ``year, ags_land, land, tfr`` (children per woman) and the
        source columns.
    """
    cols = ["year", "ags_land", "land", "tfr"]
    frame = _read_csv(path, cols)
    sel = frame.loc[(frame["ags_land"] == ags_land) & (frame["year"] == year), cols]
    if len(sel) != 1:
        raise ValueError(f"Keine Geburtenziffer für Land {ags_land} im Jahr {year}.")
    return _with_source(
        sel,
        "Statistischer Bericht Geburten 2023, Tabelle 12612-09",
        "Statistisches Bundesamt (Destatis), Statistischer Bericht Geburten 2023",
    )


def read_sex_ratio(path: str | Path, years: Sequence[int]) -> pd.DataFrame:
    """Read live births by sex (12612-0001) and compute the sex ratio at birth.

    Parameters
    ----------
    path
        ``de_live_births_destatis_12612-0001.csv``.
    years
        Years to keep (1950–2024).

    Returns
    -------
    pandas.DataFrame
        Columns ``year, live_births_male, live_births_female,
        sex_ratio_m_per_f`` (male live births per female live birth, derived)
        and the source columns.
    """
    cols = ["year", "live_births_male", "live_births_female"]
    frame = _read_csv(path, cols)
    sel = frame.loc[frame["year"].isin(list(years)), cols].sort_values("year")
    if len(sel) != len(set(years)):
        raise ValueError("Nicht für alle gewählten Jahre liegen Geburten nach Geschlecht vor.")
    sel = sel.assign(sex_ratio_m_per_f=sel["live_births_male"] / sel["live_births_female"])
    return _with_source(
        sel,
        "12612-0001 Lebendgeborene nach Geschlecht",
        "Statistisches Bundesamt (Destatis), Tabelle 12612-0001",
    )
