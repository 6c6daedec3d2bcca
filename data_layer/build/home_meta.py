"""The ``home.*`` rows of ``meta``: which Kommune a store belongs to (read by data_layer.read.home).

The *home package* is the first package of the build that names its Kommune in ``paket.yaml``
(``kommune``, ``start_level``, ``start_indicator``, ``place``), else the first package of the
build (a Kommune's own packages come before the Germany-wide base). Its ``system_code`` is
written as ``home.system_code``; every field it gives is written too, nothing is made up –
what is missing, :func:`data_layer.read.home.home` derives from the tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from data_layer.build.package import Package, PackageHome
from data_layer.errors import ImportValidationError
from data_layer.read.home import META_KEYS


def home_package(packages: Sequence[Package]) -> Package | None:
    """The package whose Kommune the store serves (see the module docstring)."""
    for pkg in packages:
        if pkg.home != PackageHome():
            return pkg
    return packages[0] if packages else None


def home_rows(conn: duckdb.DuckDBPyConnection, packages: Sequence[Package]) -> pd.DataFrame:
    """``meta`` rows (``key``, ``value``) of the home package; checks ``start_indicator``.

    Called once every catalogue (package, derived) is in the store, so that a start indicator
    of either kind is accepted.
    """
    pkg = home_package(packages)
    if pkg is None:
        return pd.DataFrame({"key": [], "value": []}, dtype=str)
    h = pkg.home
    if h.start_indicator is not None:
        cur = conn.cursor()
        try:
            known = cur.execute(
                "SELECT 1 FROM indicators WHERE indicator_id = ?", [h.start_indicator]
            ).fetchone()
        finally:
            cur.close()
        if known is None:
            raise ImportValidationError(
                "paket.yaml",
                None,
                "start_indicator",
                f"„{h.start_indicator}“ steht weder im Indikatorenkatalog des Pakets "
                f"({pkg.file_names.get('indicators', 'indicators.yaml')}) noch unter den "
                "abgeleiteten Indikatoren (data/catalogue/derived_indicators.yaml).",
            )
    values = (pkg.system_code, h.start_level, h.start_indicator, h.kommune, h.place)
    rows = [(k, v) for k, v in zip(META_KEYS, values, strict=True) if v is not None]
    return pd.DataFrame(rows, columns=["key", "value"])


def home_parts(packages: Sequence[Package]) -> list[str]:
    """Data-version parts of the home (another start indicator is another data version)."""
    pkg = home_package(packages)
    if pkg is None:
        return []
    h = pkg.home
    return [f"home:{pkg.system_code}|{h.start_level}|{h.start_indicator}|{h.kommune}|{h.place}"]
