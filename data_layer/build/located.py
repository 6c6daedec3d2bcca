"""Where in a file an import problem is: a line of a table or YAML file, or a feature of a
geometry file.

A GeoJSON or GeoPackage file has no meaningful lines: its rows are counted as features,
"Objekt 1" being the first feature – the same way in every message about such a file.
"""

from __future__ import annotations

from pathlib import PurePath

from data_layer.errors import DataError, ImportValidationError

#: suffixes of geometry files, whose rows are features ("Objekt n"), not lines
FEATURE_SUFFIXES = frozenset({".geojson", ".json", ".gpkg"})


def is_feature_file(file_name: str) -> bool:
    """True for a geometry file whose rows are counted as features.

    >>> is_feature_file("areas.geojson"), is_feature_file("facilities.csv")
    (True, False)
    """
    return PurePath(file_name).suffix.lower() in FEATURE_SUFFIXES


class FeatureValidationError(ImportValidationError):
    """An invalid feature of a geometry file; ``row`` is the feature number (1 = first)."""

    def __init__(self, file: str, row: int | None, field: str | None, message: str) -> None:
        super().__init__(file, row, field, message)
        where = f"Datei {file}"
        if row is not None:
            where += f", Objekt {row}"
        if field is not None:
            where += f", Feld „{field}“"
        DataError.__init__(self, f"{where}: {message}")


def located_error(
    file: str, row: int | None, field: str | None, message: str
) -> ImportValidationError:
    """The error for ``row`` of ``file``: a line of a table, a feature of a geometry file.

    >>> located_error("areas.geojson", 1, "area_id", "fehlt.").message
    'Datei areas.geojson, Objekt 1, Feld „area_id“: fehlt.'
    >>> located_error("population.csv", 2, "count", "fehlt.").message
    'Datei population.csv, Zeile 2, Feld „count“: fehlt.'
    """
    if is_feature_file(file):
        return FeatureValidationError(file, row, field, message)
    return ImportValidationError(file, row, field, message)


def first_row(file_name: str) -> int:
    """Number of the first data row when a frame kept no line numbers: feature 1 of a
    geometry file, line 2 (after the header) of a table."""
    return 1 if is_feature_file(file_name) else 2
