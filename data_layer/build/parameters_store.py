"""Outside parameters (data/parameters/*.yaml) stored in the store with their sources.

Each YAML file is one parameter set (e.g. ``service_types``, ``projection``); it
is kept verbatim as JSON so the public store is self-contained.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from data_layer.build.store import file_sha256, insert_frame
from data_layer.paths import PROJECT_ROOT

PARAMETER_DIR = PROJECT_ROOT / "data" / "parameters"


def parameter_files(directory: Path = PARAMETER_DIR) -> list[Path]:
    """Every parameter file, sorted for a deterministic data version."""
    return sorted(directory.glob("*.yaml"))


PARAMETER_FILES = parameter_files


def _source_text(content: object) -> str:
    if isinstance(content, dict):
        src = content.get("source") or content.get("sources") or content.get("quellen")
        if src:
            return json.dumps(src, ensure_ascii=False) if not isinstance(src, str) else src
    return "siehe Inhalt (Quellenangaben je Eintrag)"


def write_parameters(conn: duckdb.DuckDBPyConnection, directory: Path = PARAMETER_DIR) -> list[str]:
    """Store every parameter file; return hash parts for the data version."""
    rows, parts = [], []
    for path in parameter_files(directory):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows.append(
            {
                "name": path.stem,
                "content": json.dumps(content, ensure_ascii=False, default=str),
                "source": _source_text(content),
            }
        )
        parts.append(f"param:{path.name}:{file_sha256(path)}")
    insert_frame(conn, "parameters", pd.DataFrame(rows, columns=["name", "content", "source"]))
    return parts
