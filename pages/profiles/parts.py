"""Steckbrief sections that reuse other pages' cached functions: projection and Bedarf–Angebot.

Each returns a :class:`components.pdf.Section`; when the data do not allow the section (other
area system, no facilities) the section says so in plain words instead of failing.
"""

from __future__ import annotations

import logging

import pandas as pd

from components.formatting import MISSING, fmt_date, fmt_int, fmt_percent, fmt_signed
from components.pdf import Section
from pages.demand_supply import api as data_bedarf
from pages.projection import api as data_projektion

log = logging.getLogger("planungsatlas")
PROJECTION_YEARS = (2030, 2035)


def band_label(age_from: float, age_to: float | None) -> str:
    """ "3 bis unter 6 Jahre" / "80 Jahre und älter".

    >>> band_label(3, 6), band_label(80, None)
    ('3 bis unter 6 Jahre', '80 Jahre und älter')
    """
    if age_to is None or pd.isna(age_to):
        return f"{int(age_from)} Jahre und älter"
    return f"{int(age_from)} bis unter {int(age_to)} Jahre"


def projection_table(bands: pd.DataFrame, area_id: str, years: tuple[int, ...]) -> pd.DataFrame:
    """Persons per planning age band at the base year and ``years`` (German formats)."""
    sel = bands[bands["area_id"] == area_id]
    base = int(sel["year"].min())
    upper = sel["age_to"].astype("Float64").fillna(-1.0)  # -1 marks the open band
    wide = (
        sel.assign(age_to=upper, age_from=sel["age_from"].astype(float))
        .pivot_table(index=["age_from", "age_to"], columns="year", values="count", aggfunc="sum")
        .sort_index()
    )
    shown = [base, *[y for y in years if y in wide.columns]]
    rows = []
    for (lo, hi), values in wide.iterrows():
        rec = {"Altersgruppe": band_label(lo, None if hi < 0 else hi)}
        for year in shown:
            rec[f"31.12.{year}"] = fmt_int(values[year])
        start, end = values[base], values[shown[-1]]
        rec[f"Veränderung bis {shown[-1]}"] = (
            fmt_signed((end / start - 1) * 100, 1, "%") if start else MISSING
        )
        rows.append(rec)
    return pd.DataFrame(rows)


def projection_section(system: str, level: str, area_id: str) -> Section:
    heading = "Bevölkerungsprognose der Planungsaltersgruppen"
    tree = data_projektion.tree()
    if system != data_projektion.scope().area_system or area_id not in set(tree["area_id"]):
        return Section(heading, "Für dieses Gebiet liegt keine kleinräumige Prognose vor.")
    bands = data_projektion.projected_age_bands(level=level, end_year=max(PROJECTION_YEARS))
    base, _ = data_projektion.periods()
    return Section(
        heading,
        f"Planungsatlas-Vorausberechnung (Kohorten-Komponenten-Methode), mittlere Variante, "
        f"Basis {fmt_date(base)}; Personen am 31.12. Eine Prognose beschreibt eine mögliche "
        "Entwicklung unter Annahmen, keine sichere Zahl.",
        projection_table(bands, area_id, PROJECTION_YEARS),
    )


def _balance_row(system: str, level: str, area_id: str, service: object) -> dict[str, str] | None:
    snaps = data_bedarf.snapshots(service.service_type)  # type: ignore[attr-defined]
    if not snaps or level not in data_bedarf.levels(system):
        return None
    latest = snaps[-1]
    comp = data_bedarf.snapshot_comparison(
        system,
        level,
        service.id,
        service.quota,
        service.capacity_mode,
        (latest,),  # type: ignore[attr-defined]
    ).set_index("area_id")
    if area_id not in comp.index:
        return None
    r = comp.loc[area_id]
    unit = "Plätze" if service.capacity_mode == "places" else "Einrichtungen"  # type: ignore[attr-defined]
    return {
        "Angebot": service.name,  # type: ignore[attr-defined]
        "Stand": fmt_date(latest),
        "Bedarfsquote": f"{fmt_percent(service.quota * 100)} ({service.quota_status})",  # type: ignore[attr-defined]
        "Bedarf": fmt_int(r[f"demand_{latest}"]),
        f"Angebot ({unit})": fmt_int(r[f"supply_{latest}"]),
        "Saldo": fmt_signed(r[f"gap_{latest}"], 0),
        "Versorgung": fmt_percent(r[f"coverage_{latest}"], 0),
    }


def balance_section(system: str, level: str, area_id: str) -> Section:
    heading = "Bedarf und Angebot"
    try:
        services, _ = data_bedarf.service_types()
        rows = []
        for service in services:
            if system not in data_bedarf.systems_with_facilities(service.service_type):
                continue
            row = _balance_row(system, level, area_id, service)
            if row:
                rows.append(row)
    except Exception:  # noqa: BLE001 - the profile stays useful without this section
        log.exception("Steckbrief: Bedarf–Angebot nicht berechenbar")
        rows = []
    if not rows:
        return Section(heading, "Für dieses Gebiet liegen keine Einrichtungsdaten vor.")
    return Section(
        heading,
        "Bedarf = Einwohner/innen der Zielgruppe × Bedarfsquote (Quelle oder Annahme, siehe Seite "
        "„Bedarf und Angebot“); Angebot = Plätze der Einrichtungen im Gebiet, ohne "
        "Einzugsbereiche über die Gebietsgrenze. Saldo = Angebot − Bedarf.",
        pd.DataFrame(rows),
    )
