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
