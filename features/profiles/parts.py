"""Steckbrief sections that reuse other pages' cached functions: projection and Bedarf–Angebot.

Each returns a :class:`components.pdf.Section`; when the data do not allow the section (other
area system, no facilities) the section says so in plain words instead of failing.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import pandas as pd

from components.formatting import MISSING, fmt_date, fmt_int, fmt_percent, fmt_signed
from components.pdf import Section
from features.demand_supply import api as demand_supply_api
from features.projection import api as projection_api
from indicators.peers.profile import age_band_table

log = logging.getLogger("planungsatlas")
PROJECTION_YEARS = (2030, 2035)


class Service(Protocol):
    """What the Bedarf–Angebot section reads of a service type (``ServiceType``)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def service_type(self) -> str: ...
    @property
    def quota(self) -> float: ...
    @property
    def quota_status(self) -> str: ...
    @property
    def capacity_mode(self) -> Any: ...


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
    table = age_band_table(bands, area_id, years)
    shown = [c for c in table.columns if isinstance(c, int)]
    rows = []
    for rec in table.to_dict("records"):
        hi = rec["age_to"]
        row = {"Altersgruppe": band_label(rec["age_from"], None if pd.isna(hi) else hi)}
        for year in shown:
            row[f"31.12.{year}"] = fmt_int(rec[year])
        change = rec["change_pct"]
        row[f"Veränderung bis {shown[-1]}"] = (
            MISSING if pd.isna(change) else fmt_signed(change, 1, "%")
        )
        rows.append(row)
    return pd.DataFrame(rows)


def projection_section(system: str, level: str, area_id: str) -> Section:
    heading = "Bevölkerungsprognose der Planungsaltersgruppen"
    tree = projection_api.tree()
    if system != projection_api.scope().area_system or area_id not in set(tree["area_id"]):
        return Section(heading, "Für dieses Gebiet liegt keine kleinräumige Prognose vor.")
    bands = projection_api.projected_age_bands(level=level, end_year=max(PROJECTION_YEARS))
    base, _ = projection_api.periods()
    return Section(
        heading,
        f"Planungsatlas-Vorausberechnung (Kohorten-Komponenten-Methode), mittlere Variante, "
        f"Basis {fmt_date(base)}; Personen am 31.12. Eine Prognose beschreibt eine mögliche "
        "Entwicklung unter Annahmen, keine sichere Zahl.",
        projection_table(bands, area_id, PROJECTION_YEARS),
    )


def _balance_row(system: str, level: str, area_id: str, service: Service) -> dict[str, str] | None:
    snaps = demand_supply_api.snapshots(service.service_type)
    if not snaps or level not in demand_supply_api.levels(system):
        return None
    latest = snaps[-1]
    comp = demand_supply_api.snapshot_comparison(
        system, level, service.id, service.quota, service.capacity_mode, (latest,)
    )
    rows = comp[comp["area_id"] == area_id].to_dict("records")
    if not rows:
        return None
    r = rows[0]
    unit = "Plätze" if service.capacity_mode == "places" else "Einrichtungen"
    return {
        "Angebot": service.name,
        "Stand": fmt_date(latest),
        "Bedarfsquote": f"{fmt_percent(service.quota * 100)} ({service.quota_status})",
        "Bedarf": fmt_int(r[f"demand_{latest}"]),
        f"Angebot ({unit})": fmt_int(r[f"supply_{latest}"]),
        "Saldo": fmt_signed(r[f"gap_{latest}"], 0),
        "Versorgung": fmt_percent(r[f"coverage_{latest}"], 0),
    }


def balance_section(system: str, level: str, area_id: str) -> Section:
    heading = "Bedarf und Angebot"
    try:
        services, _ = demand_supply_api.service_types()
        rows = []
        for service in services:
            if system not in demand_supply_api.systems_with_facilities(service.service_type):
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
