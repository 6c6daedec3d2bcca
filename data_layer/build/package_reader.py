"""Read a Datenpaket folder (format: docs/datenpaket.md) into a :class:`Package`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer

from data_layer.build.catalogue import read_catalogue
from data_layer.build.geo import looks_geographic, parse_crs, read_geometries
from data_layer.build.goals import read_goal_files
from data_layer.build.package import Package, PackageHome, SourceRef
from data_layer.build.readers import numeric_column, read_table
from data_layer.build.yaml_lines import LinedDict, line_of, load_yaml
from data_layer.crs import WGS84
from data_layer.errors import ImportValidationError

MANIFEST = "paket.yaml"
_REQUIRED_META = ("name", "system_code", "area_system", "gebietsstand", "levels")


def _first_existing(folder: Path, names: tuple[str, ...]) -> Path | None:
    for n in names:
        if (folder / n).is_file():
            return folder / n
    return None


#: every key ``paket.yaml`` may hold (docs/datenpaket.md); another key is refused as a typo
MANIFEST_KEYS = (
    *_REQUIRED_META,
    "crs",
    "sources",
    "kommune",
    "place",
    "start_level",
    "start_indicator",
)


def read_manifest(folder: Path) -> dict[str, Any]:
    """Read and check ``paket.yaml``; messages name the line of the field concerned."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ImportValidationError(MANIFEST, None, None, f"fehlt im Ordner {folder}.")
    meta = load_yaml(path, MANIFEST)
    if not isinstance(meta, dict):
        raise ImportValidationError(
            MANIFEST, line_of(meta), None, "erwartet Schlüssel: Wert-Paare."
        )
    for key in meta:
        if key not in MANIFEST_KEYS:
            raise ImportValidationError(
                MANIFEST,
                line_of(meta, key),
                str(key),
                f"unbekannter Schlüssel (erlaubt: {', '.join(MANIFEST_KEYS)}).",
            )
    for key in _REQUIRED_META:
        if not meta.get(key):
            raise ImportValidationError(MANIFEST, line_of(meta, key), key, "Pflichtangabe fehlt.")
    if not isinstance(meta["levels"], list):
        raise ImportValidationError(
            MANIFEST,
            line_of(meta, "levels"),
            "levels",
            "erwartet eine Liste der Ebenen (grob → fein).",
        )
    return meta


def manifest_lines(meta: dict[str, Any]) -> dict[str, int]:
    """Line of each key of ``paket.yaml`` (empty for a manifest not read from a file)."""
    return {str(k): v for k, v in meta.key_lines.items()} if isinstance(meta, LinedDict) else {}


#: optional Kommune fields of paket.yaml → :class:`PackageHome` attribute
_HOME_FIELDS = {
    "kommune": "kommune",
    "start_level": "start_level",
    "start_indicator": "start_indicator",
    "place": "place",
}


def _home(meta: dict[str, Any]) -> PackageHome:
    """The optional Kommune fields (``kommune``, ``start_level``, ``start_indicator``, ``place``).

    A key written without quotes is read by YAML as a number: ``11000000`` keeps its digits,
    ``01001000`` does not (leading zero → octal); such a number fails the key check in
    :func:`data_layer.build.validate.validate_home`, whose message asks for quotes.
    """
    found: dict[str, str] = {}
    for key, attr in _HOME_FIELDS.items():
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ImportValidationError(
                MANIFEST, line_of(meta, key), key, "erwartet einen einzelnen Text."
            )
        found[attr] = str(value).strip()
    return PackageHome(**found)


def _sources(meta: dict[str, Any], folder: Path) -> list[SourceRef]:
    out = []
    entries = meta.get("sources") or []
    if not isinstance(entries, list):
        raise ImportValidationError(
            MANIFEST, line_of(meta, "sources"), "sources", "erwartet eine Liste von Quellen."
        )
    for i, s in enumerate(entries, start=1):
        if not isinstance(s, dict):
            raise ImportValidationError(
                MANIFEST,
                line_of(meta, "sources"),
                f"sources[{i}]",
                "erwartet Schlüssel: Wert-Paare.",
            )
        missing = [
            k for k in ("file", "publisher", "licence", "attribution", "stand") if not s.get(k)
        ]
        if missing:
            raise ImportValidationError(
                MANIFEST,
                line_of(s, missing[0]),
                f"sources[{i}].{missing[0]}",
                "Pflichtangabe fehlt.",
            )
        out.append(
            SourceRef(
                str(folder / s["file"]),
                s["publisher"],
                s["licence"],
                s["attribution"],
                str(s["stand"]),
            )
        )
    if not out:
        raise ImportValidationError(
            MANIFEST,
            line_of(meta, "sources"),
            "sources",
            "mindestens eine Quelle mit Lizenz und Namensnennung angeben.",
        )
    return out


def _areas(folder: Path, crs: str | None) -> tuple[gpd.GeoDataFrame, str]:
    path = _first_existing(folder, ("areas.geojson", "areas.gpkg", "areas.json"))
    if path is None:
        raise ImportValidationError(
            "areas.geojson", None, None, "Gebietsdatei fehlt (areas.geojson oder areas.gpkg)."
        )
    gdf = read_geometries(path, crs)
    for col in ("area_id", "parent_id"):
        if col in gdf.columns:
            gdf[col] = gdf[col].map(
                lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
            )
    return gdf, path.name


def _facilities(folder: Path, crs: str | None) -> tuple[pd.DataFrame, str] | None:
    geo = _first_existing(folder, ("facilities.geojson", "facilities.gpkg"))
    if geo is not None:
        gdf = read_geometries(geo, crs)
        frame = pd.DataFrame(gdf.drop(columns="geometry"))
        frame["lon"], frame["lat"] = gdf.geometry.x, gdf.geometry.y
        return frame, geo.name
    path = _first_existing(folder, ("facilities.csv",))
    if path is None:
        return None
    frame = read_table(path)
    if "lon" not in frame.columns or "lat" not in frame.columns:
        raise ImportValidationError(
            path.name, 1, "lon", "Spalten „lon“ und „lat“ (bzw. Rechts-/Hochwert) fehlen."
        )
    xs = numeric_column(frame, "lon")[0].to_numpy()
    ys = numeric_column(frame, "lat")[0].to_numpy()
    if crs is None and not looks_geographic(xs, ys):
        bad = int(np.argmax((np.abs(xs) > 180) | (np.abs(ys) > 90)))
        raise ImportValidationError(
            path.name,
            int(frame["_line"].iloc[bad]),
            "lon",
            "Koordinaten sind keine Längen-/Breitengrade (vermutlich EPSG:25832/25833). "
            "Bitte „crs“ in paket.yaml angeben; dann wird umprojiziert.",
        )
    if crs is not None:
        tr = Transformer.from_crs(parse_crs(crs, MANIFEST), WGS84, always_xy=True)
        xs, ys = tr.transform(xs, ys)
    frame["lon"], frame["lat"] = xs, ys
    return frame, path.name


def read_package(folder: Path) -> Package:
    """Read a Datenpaket folder; validation happens in :func:`validate_package`."""
    meta = read_manifest(folder)
    crs = meta.get("crs")
    areas, areas_name = _areas(folder, crs)
    files = {"areas": areas_name}
    pkg = Package(
        name=str(meta["name"]),
        system_code=str(meta["system_code"]),
        area_system=str(meta["area_system"]),
        gebietsstand=str(meta["gebietsstand"]),
        levels=[str(x) for x in meta["levels"]],
        areas=areas,
        sources=_sources(meta, folder),
        file_names=files,
        home=_home(meta),
        manifest_lines=manifest_lines(meta),
    )
    for table, names in (
        ("population", ("population.csv",)),
        ("indicator_values", ("indicator_values.csv",)),
        ("crosswalk", ("crosswalk.csv",)),
        ("attributes", ("attributes.csv",)),
    ):
        path = _first_existing(folder, names)
        if path is not None:
            setattr(pkg, table, read_table(path))
            files[table] = path.name
    cat = _first_existing(folder, ("indicators.yaml", "indicators.yml", "indicators.csv"))
    if cat is not None:
        pkg.indicators = read_catalogue(cat)
        files["indicators"] = cat.name
    fac = _facilities(folder, crs)
    if fac is not None:
        pkg.facilities, files["facilities"] = fac
    pkg.goals = read_goal_files(folder)
    return pkg
