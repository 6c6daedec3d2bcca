"""The start page's tables in German: area levels, periods, source files."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components.formatting import fmt_date, fmt_int
from data_layer.read.readiness import PageReadiness

SOURCE_COLUMNS = {
    "package": "Datenpaket",
    "file": "Datei",
    "publisher": "Herausgeber",
    "licence": "Lizenz",
    "stand": "Stand",
}


def levels_table(systems: pd.DataFrame) -> pd.DataFrame:
    """Area system, Gebietsstand, level and number of areas (one row per level)."""
    return pd.DataFrame(
        {
            "Gebietssystem": systems["area_system"],
            "Gebietsstand": systems["gebietsstand"].map(fmt_date),
            "Ebene": systems["level"],
            "Anzahl": systems["n_areas"].map(fmt_int),
        }
    )


def domains_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Number of indicators per domain."""
    return counts.rename(columns={"domain": "Themenfeld", "n": "Indikatoren"})


def periods_table(ranges: pd.DataFrame) -> pd.DataFrame:
    """First and last period and number of periods per area system."""
    return pd.DataFrame(
        {
            "Gebietssystem": ranges["area_system"],
            "von": ranges["first"].astype(str).map(fmt_date),
            "bis": ranges["last"].astype(str).map(fmt_date),
            "Zeitpunkte": ranges["n_periods"],
        }
    )


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Every source file with package, publisher, licence and Stand."""
    return sources.rename(columns=SOURCE_COLUMNS)[list(SOURCE_COLUMNS.values())]


def readiness_table(rows: Sequence[PageReadiness]) -> pd.DataFrame:
    """Page, status and what a Datenpaket must add (the build's readiness report)."""
    return pd.DataFrame(
        {
            "Seite": [r.page for r in rows],
            "Stand": [r.status for r in rows],
            "Hinweis": [r.note for r in rows],
        }
    )


def contributions_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per contribution: publisher, kind, Stand and what it covers, in German."""

    def coverage(r: pd.Series) -> str:
        parts = [
            (int(r["n_facilities"]), "Einrichtung", "Einrichtungen"),
            (int(r["n_values"]), "Wert", "Werte"),
            (int(r["n_offers"]), "Angebot", "Angebote"),
        ]
        text = [f"{fmt_int(n)} {one if n == 1 else many}" for n, one, many in parts if n]
        n_areas = int(r["n_areas"])
        text.append(f"{fmt_int(n_areas)} {'Gebiet' if n_areas == 1 else 'Gebiete'}")
        return ", ".join(text)

    return pd.DataFrame(
        {
            "Geliefert von": rows["publisher"],
            "Art": rows["kind"],
            "Stand": rows["stand"].astype(str).map(fmt_date),
            "Umfang": [coverage(r) for _, r in rows.iterrows()],
            "Lizenz": rows["licence"],
        }
    )
