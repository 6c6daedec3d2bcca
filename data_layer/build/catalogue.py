"""Reading indicator catalogues (YAML or CSV) into the ``INDICATOR_COLUMNS`` frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from data_layer.build.package import INDICATOR_COLUMNS
from data_layer.build.yaml_lines import LinedDict, line_of, load_yaml
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

    Unknown keys are refused so that a typo does not silently drop metadata. The line of each
    entry and field (YAML: from the parser; CSV: ``_line``) is kept in ``attrs["lines"]``
    so that the checks of :mod:`data_layer.build.validate_indicators` name the real line.
    """
    rows = []
    lines: list[dict[str, int]] = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ImportValidationError(
                file_name, None, None, f"Eintrag {i} ist keine Zuordnung (Schlüssel: Wert)."
            )
        if isinstance(entry, LinedDict):
            entry_line = entry.line or i
            field_lines = {"": entry_line} | {str(k): v for k, v in entry.key_lines.items()}
        else:  # a CSV row: its file line, kept by the reader as ``_line``
            entry = dict(entry)
            entry_line = int(entry.pop("_line", i + 1))
            field_lines = {"": entry_line}
        unknown = sorted(str(k) for k in set(entry) - set(INDICATOR_COLUMNS))
        if unknown:
            raise ImportValidationError(
                file_name,
                field_lines.get(unknown[0], entry_line),
                unknown[0],
                "unbekanntes Feld im Indikatorenkatalog.",
            )
        row = {**CATALOGUE_DEFAULTS, **entry}
        rows.append({col: row.get(col) for col in INDICATOR_COLUMNS})
        lines.append(field_lines)
    frame = pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
    frame.attrs["lines"] = lines
    return frame


def read_catalogue(path: Path) -> pd.DataFrame:
    """Read ``indicators.yaml`` (key ``indicators:`` holding a list) or ``indicators.csv``."""
    name = path.name
    if path.suffix.lower() in {".yaml", ".yml"}:
        raw = load_yaml(path, name)
        if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
            raise ImportValidationError(
                name,
                line_of(raw, "indicators"),
                "indicators",
                "erwartet eine Liste unter dem Schlüssel „indicators“.",
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
    out = catalogue_frame(entries, name)
    # the separator decides the number format (";" → German "1.000" = 1000), as for every table
    out.attrs["separator"] = frame.attrs["separator"]
    return out
