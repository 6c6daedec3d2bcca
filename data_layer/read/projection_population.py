"""Register population as the projection reads it: age bands, Stichtage, the area tree.

Only the store's ``population`` and ``areas`` tables; every query binds its values. The finest
gap-free set of age bands per Stichtag (:func:`band_matrix`) is what the projection splits into
single ages (:func:`data_layer.read.projection_inputs.single_age_population`); the migration base period
is the longest one with *observed* register data (:func:`migration_start`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from data_layer.errors import DataError
from data_layer.read.common import _df
from data_layer.read.db import Conn
from indicators.projection.age_split import Band
from indicators.projection.inputs import FloatArray
from indicators.projection.lifetable import N_AGES

#: The note when a package gives its population without age groups (issue #14).
NO_AGE_BANDS = (
    "Für die Bevölkerungsprognose braucht population.csv die Einwohner je Gebiet der Ebene "
    "„{level}“ nach Altersgruppen (Spalten age_from, age_to; sex = all), am {period} gibt es nur "
    "Gesamtzahlen. Am besten lückenlos 0–3, 3–6, 6–10, 10–16, 16–19, 19–65, 65–80 und 80 Jahre "
    "und älter; auch gröbere Gruppen (etwa unter 18, 18–65, 65 und älter) gehen."
)


def _de(period: str) -> str:
    """``"2024-12-31"`` → ``"31.12.2024"``."""
    return dt.date.fromisoformat(period).strftime("%d.%m.%Y")


def band_table(conn: Conn, system_code: str, level: str, period: str) -> pd.DataFrame:
    """Population of both sexes by age band (``age_to`` NULL = open) for one Stichtag."""
    return _df(
        conn,
        """SELECT p.area_id, p.age_from, p.age_to, p.count FROM population p
           JOIN areas a USING (area_id)
           WHERE a.system_code = ? AND a.level = ? AND p.period = ? AND p.sex = 'all'
           ORDER BY p.area_id, p.age_from""",
        [system_code, level, period],
    )


def female_totals(conn: Conn, system_code: str, level: str, period: str) -> pd.Series:
    """Female residents per area (all ages) for one Stichtag."""
    df = _df(
        conn,
        """SELECT p.area_id, SUM(p.count) AS count FROM population p JOIN areas a USING (area_id)
           WHERE a.system_code = ? AND a.level = ? AND p.period = ? AND p.sex = 'f'
             AND p.age_from = 0 AND p.age_to IS NULL GROUP BY p.area_id""",
        [system_code, level, period],
    )
    return df.set_index("area_id")["count"].astype(float)


def finest_partition(pairs: pd.DataFrame) -> tuple[Band, ...]:
    """The finest gap-free band set 0 … open among ``age_from``/``age_to`` pairs.

    Starting at age 0, always take the band with the nearest upper bound; an
    open band (``age_to`` missing) becomes ``(lo, 101)``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"age_from": [0, 0, 0, 6], "age_to": [None, 6, 3, None]})
    >>> pairs = pairs.assign(age_to=pairs["age_to"].astype("Int64"))
    >>> finest_partition(pairs)
    Traceback (most recent call last):
    ...
    data_layer.errors.DataError: Die Altersgruppen lassen keine lückenlose Einteilung zu.
    >>> finest_partition(pairs.iloc[[0, 1, 3]])
    ((0, 6), (6, 101))
    """
    uppers: dict[int, list[int]] = {}
    for lo, hi in zip(pairs["age_from"], pairs["age_to"], strict=True):
        top = N_AGES if pd.isna(hi) else min(int(hi), N_AGES)
        uppers.setdefault(int(lo), []).append(top)
    bands: list[Band] = []
    age = 0
    while age < N_AGES:
        if age not in uppers:
            raise DataError("Die Altersgruppen lassen keine lückenlose Einteilung zu.")
        top = min(uppers[age])
        bands.append((age, top))
        age = top
    return tuple(bands)


def partition_with_gap(pairs: pd.DataFrame) -> tuple[tuple[Band, ...], Band | None]:
    """The finest band set 0 … open, allowing one gap that the total fills; and that gap.

    Many Kommunen publish only a few age groups and the total (e.g. under 6,
    65 and older, all ages). The one missing middle band is then the total
    minus the others (computed by :func:`band_matrix`). Two or more gaps stay
    an error: the split between them would be a guess.

    Examples
    --------
    >>> pairs = pd.DataFrame({"age_from": [0, 65], "age_to": [6, None]})
    >>> partition_with_gap(pairs.assign(age_to=pairs["age_to"].astype("Int64")))
    (((0, 6), (6, 65), (65, 101)), (6, 65))
    >>> pairs = pd.DataFrame({"age_from": [0, 10], "age_to": [3, 15]})
    >>> partition_with_gap(pairs.assign(age_to=pairs["age_to"].astype("Int64")))
    Traceback (most recent call last):
    ...
    data_layer.errors.DataError: Die Altersgruppen lassen keine lückenlose Einteilung zu.
    """
    try:
        return finest_partition(pairs), None
    except DataError:
        pass
    starts = sorted({int(v) for v in pairs["age_from"]})
    uppers = [N_AGES if pd.isna(v) else min(int(v), N_AGES) for v in pairs["age_to"]]
    ends = sorted({0, *uppers})
    missing = [a for a in ends if a < N_AGES and a not in starts]
    if len(missing) != 1:
        raise DataError("Die Altersgruppen lassen keine lückenlose Einteilung zu.")
    lo = missing[0]
    later = [a for a in starts if a > lo]
    hi = later[0] if later else N_AGES
    gap = pd.DataFrame({"age_from": [lo], "age_to": pd.array([hi], dtype="Int64")})
    filled = pd.concat([pairs, gap], ignore_index=True)
    return finest_partition(filled), (lo, hi)


def band_matrix(
    conn: Conn, system_code: str, level: str, period: str
) -> tuple[tuple[str, ...], tuple[Band, ...], FloatArray, FloatArray]:
    """(area ids, bands, persons per area and band ``(A, n)``, female totals ``(A,)``).

    A female total the package does not give is NaN (the caller estimates it, see
    :func:`data_layer.read.projection_inputs.single_age_population`).

    Uses the finest band set; an area without those bands counts 0 only if its
    published total is 0, otherwise a :class:`DataError` is raised. One missing
    middle band is computed as the total minus the other bands
    (:func:`partition_with_gap`); every area then needs its total.
    """
    df = band_table(conn, system_code, level, period)
    if df.empty:
        raise DataError(f"Keine Bevölkerungsdaten für {system_code} am {period}.")
    closed = df["age_to"].notna() | (df["age_from"] > 0)
    if not closed.any():
        raise DataError(NO_AGE_BANDS.format(level=level, period=_de(period)))
    bands, gap = partition_with_gap(df.loc[closed, ["age_from", "age_to"]].drop_duplicates())
    ids = tuple(sorted(df["area_id"].unique()))
    top = df["age_to"].astype("float64").fillna(float(N_AGES)).clip(upper=N_AGES)
    key = pd.Series(list(zip(df["age_from"].astype(int), top.astype(int), strict=True)))
    wide = (
        df.assign(band=key.to_numpy())
        .loc[lambda d: d["band"].isin(bands)]
        .pivot_table(index="area_id", columns="band", values="count", aggfunc="sum")
        .reindex(index=list(ids), columns=list(bands))
        .fillna(0.0)
    )
    counts = np.array(wide.to_numpy(dtype=float), copy=True)  # writable (the gap is filled in)
    totals = df.loc[~closed].groupby("area_id")["count"].max().reindex(list(ids))
    if gap is not None:
        counts[:, bands.index(gap)] = _gap_counts(counts, totals, period, gap)
    mismatch = totals.notna() & (np.abs(totals.to_numpy() - counts.sum(axis=1)) > 0.5)
    if mismatch.any():
        raise DataError(f"Altersgruppen und Summe passen am {period} nicht zusammen.")
    female = female_totals(conn, system_code, level, period).reindex(list(ids))
    return ids, bands, counts, female.to_numpy(dtype=float)


def _gap_counts(counts: FloatArray, totals: pd.Series, period: str, gap: Band) -> FloatArray:
    """Persons of the missing band: total minus the published bands, per area."""
    if totals.isna().any():
        raise DataError(
            f"Am {period} fehlt die Altersgruppe {gap[0]}–{gap[1] - 1}, und nicht jedes Gebiet hat "
            "eine Gesamtzahl, aus der sie sich ergäbe."
        )
    rest = totals.to_numpy(dtype=float) - counts.sum(axis=1)
    if np.any(rest < 0):
        raise DataError(
            f"Am {period} sind die Altersgruppen größer als die Gesamtzahl; die fehlende Gruppe "
            f"{gap[0]}–{gap[1] - 1} lässt sich nicht berechnen."
        )
    return np.asarray(rest)


def years_between(start: str, end: str) -> float:
    """Length of the period between two Stichtage in (twelfths of) years.

    >>> years_between("2021-06-30", "2021-12-31"), years_between("2021-12-31", "2024-12-31")
    (0.5, 3.0)
    """
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if months <= 0:
        raise DataError("Der Basiszeitraum der Wanderung muss vor dem Basisjahr beginnen.")
    return months / 12.0


def observed_periods(conn: Conn, system_code: str, level: str) -> list[str]:
    """Stichtage whose population on ``level`` has no estimated rows, in date order."""
    df = _df(
        conn,
        """SELECT p.period FROM population p JOIN areas a USING (area_id)
           WHERE a.system_code = ? AND a.level = ?
           GROUP BY p.period, p.period_date HAVING bool_and(p.flag <> 'estimated')
           ORDER BY p.period_date""",
        [system_code, level],
    )
    return [str(v) for v in df["period"]]


def migration_start(conn: Conn, system_code: str, level: str, base_period: str) -> str:
    """Start of the migration base period: the earliest observed Stichtag before the base.

    Estimated populations (e.g. old areas redistributed onto new ones) are left
    out: their changes mix true moves with redistribution error.
    """
    base = dt.date.fromisoformat(base_period)
    earlier = [
        p for p in observed_periods(conn, system_code, level) if dt.date.fromisoformat(p) < base
    ]
    if not earlier:
        raise DataError(f"Vor dem {base_period} gibt es keine gemeldeten Einwohnerdaten.")
    return earlier[0]


def area_tree(conn: Conn, system_code: str) -> pd.DataFrame:
    """Every area of a system: ``area_id, local_id, name, level, level_rank, parent_id``."""
    return _df(
        conn,
        """SELECT area_id, local_id, name, level, level_rank, parent_id FROM areas
           WHERE system_code = ? ORDER BY level_rank, area_id""",
        [system_code],
    )
