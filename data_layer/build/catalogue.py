"""Reading indicator catalogues (YAML or CSV) into the ``INDICATOR_COLUMNS`` frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from data_layer.build.package import INDICATOR_COLUMNS
from data_layer.errors import ImportValidationError

#: Defaults for catalogue fields a package may leave out.
CATALOGUE_DEFAULTS: dict[str, Any] = {
    "formula": "",
    "numerator": "",
    "denominator": "",
    "scale": 1.0,
    "decimals": 1,
    "aggregation": "none",
    "min_denominator": 0.0,
    "count_threshold": 0,
    "public": True,
}


def catalogue_frame(entries: list[dict[str, Any]], file_name: str) -> pd.DataFrame:
    """Turn catalogue entries (dicts) into a frame with every catalogue column.

    Unknown keys are refused so that a typo does not silently drop metadata.
    """
    rows = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ImportValidationError(
                file_name, i, None, "Eintrag ist keine Zuordnung (Schlüssel: Wert)."
            )
        unknown = sorted(set(entry) - set(INDICATOR_COLUMNS))
        if unknown:
            raise ImportValidationError(
                file_name, i, unknown[0], "unbekanntes Feld im Indikatorenkatalog."
            )
        row = {**CATALOGUE_DEFAULTS, **entry}
        rows.append({col: row.get(col) for col in INDICATOR_COLUMNS})
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def read_catalogue(path: Path) -> pd.DataFrame:
    """Read ``indicators.yaml`` (key ``indicators:`` holding a list) or ``indicators.csv``."""
    name = path.name
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ImportValidationError(name, None, None, f"kein gültiges YAML ({exc}).") from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
            raise ImportValidationError(
                name, None, "indicators", "erwartet eine Liste unter dem Schlüssel „indicators“."
            )
        return catalogue_frame(raw["indicators"], name)
    from data_layer.build.readers import (
        read_table,  # local import: readers imports this module's errors
    )

    frame = read_table(path)
    entries = [
        {str(k): v for k, v in rec.items() if not (isinstance(v, float) and pd.isna(v))}
        for rec in frame.to_dict(orient="records")
    ]
    return catalogue_frame(entries, name)
