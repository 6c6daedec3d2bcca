"""The catalogue's tables in German: the list, one indicator's metadata, its availability."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from components.formatting import fmt_int, fmt_period
from indicators.availability import availability

POLARITY_TEXT = {
    "higher_better": "höherer Wert ist günstiger",
    "higher_worse": "höherer Wert ist ungünstiger",
    "neutral": "keine Wertung",
}
AGGREGATION_TEXT = {
    "sum": "Summe der Teilgebiete",
    "ratio": "Zähler und Nenner der Teilgebiete summiert, dann geteilt",
    "none": "nur auf der veröffentlichten Ebene",
}
FIELDS = [
    ("Kennung", "indicator_id"),
    ("Kurzname", "short_name"),
    ("Themenfeld", "domain"),
    ("Definition", "definition"),
    ("Berechnung", "formula"),
    ("Zähler", "numerator"),
    ("Nenner", "denominator"),
    ("Einheit", "unit"),
    ("Quelle", "source"),
    ("Lizenz", "licence"),
    ("Namensnennung", "attribution"),
    ("Stand", "data_date"),
    ("Geliefert von", "delivered_by"),
]
LIST_COLUMNS = {
    "name": "Indikator",
    "domain": "Themenfeld",
    "unit": "Einheit",
    "data_date": "Stand",
    "source": "Quelle",
}


def list_table(cat: pd.DataFrame) -> pd.DataFrame:
    """The catalogue list: name, domain, unit, Stand, source."""
    return cat.rename(columns=LIST_COLUMNS)[list(LIST_COLUMNS.values())]


def metadata_table(meta: Mapping[str, Any]) -> pd.DataFrame:
    """One indicator's metadata as rows ``Merkmal`` – ``Angabe``."""
    rows = [(label, str(meta.get(key) or "–")) for label, key in FIELDS]
    rows.append(("Wertung", POLARITY_TEXT.get(str(meta["polarity"]), "–")))
    rows.append(
        ("Zusammenfassung auf gröbere Ebenen", AGGREGATION_TEXT.get(str(meta["aggregation"]), "–"))
    )
    rows.append(("Mindestnenner für die Anzeige", fmt_int(meta["min_denominator"])))
    origin = "vom Planungsatlas berechnet" if meta.get("derived") else "aus der Quelle übernommen"
    rows.append(("Herkunft", origin))
    rows.append(("Veröffentlichung", "öffentlich" if meta.get("public") else "nur intern"))
    return pd.DataFrame(rows, columns=["Merkmal", "Angabe"])


def availability_table(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per area system and level: von, bis, number of periods and of areas (German text)."""
    summary = availability(coverage)
    return pd.DataFrame(
        {
            "Gebietssystem": summary["area_system"],
            "Ebene": summary["level"],
            "von": summary["first_period"].map(fmt_period),
            "bis": summary["last_period"].map(fmt_period),
            "Zeitpunkte": summary["n_periods"].map(fmt_int),
            "Gebiete": summary["max_areas"].map(fmt_int),
        }
    )
