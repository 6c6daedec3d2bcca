"""Validation of a Datenpaket: every table is checked before anything is written.

Errors name file, line and field in German (``ImportValidationError``). The
functions return normalised copies (typed columns, store-wide area ids are
added later by the loader); inputs are never modified. The checks of each table live in
``validate_places`` (areas, crosswalk, facilities), ``validate_population`` and
``validate_indicators`` (catalogue, values); shared column checks in ``validate_columns``.
"""

from __future__ import annotations

import re

from data_layer.build.package import Package, PackageHome
from data_layer.build.validate_indicators import validate_catalogue, validate_values
from data_layer.build.validate_places import (
    OUTSIDE_POLICIES,
    validate_areas,
    validate_crosswalk,
    validate_facilities,
)
from data_layer.build.validate_population import validate_population
from data_layer.errors import ImportValidationError

_SYSTEM_CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
#: amtlicher Gemeindeschlüssel (8 digits) or Kreisschlüssel (5 digits)
_AGS = re.compile(r"^(\d{5}|\d{8})$")

__all__ = [
    "OUTSIDE_POLICIES",
    "validate_areas",
    "validate_catalogue",
    "validate_crosswalk",
    "validate_facilities",
    "validate_home",
    "validate_meta",
    "validate_package",
    "validate_population",
    "validate_values",
]


def validate_meta(pkg: Package) -> None:
    """Check the package's own fields."""
    if not _SYSTEM_CODE.match(pkg.system_code):
        raise ImportValidationError(
            "paket.yaml",
            pkg.manifest_lines.get("system_code"),
            "system_code",
            f"„{pkg.system_code}“: nur Kleinbuchstaben, Ziffern und _ (2–31 Zeichen), beginnend mit einem Buchstaben.",
        )
    if not pkg.levels or len(set(pkg.levels)) != len(pkg.levels):
        raise ImportValidationError(
            "paket.yaml",
            pkg.manifest_lines.get("levels"),
            "levels",
            "Ebenen fehlen oder kommen doppelt vor.",
        )
    validate_home(pkg.home, pkg.levels, pkg.manifest_lines)


def validate_home(
    home: PackageHome, levels: list[str], lines: dict[str, int] | None = None
) -> None:
    """Check the optional Kommune fields of ``paket.yaml`` (key format, known level).

    Whether ``start_indicator`` exists is checked once the store holds every catalogue
    (derived indicators included): :func:`data_layer.build.home_meta.home_rows`. ``lines``
    gives the line of each key of ``paket.yaml`` for the message.
    """
    at = (lines or {}).get
    if home.kommune is not None and not _AGS.match(home.kommune):
        raise ImportValidationError(
            "paket.yaml",
            at("kommune"),
            "kommune",
            f"„{home.kommune}“ ist kein amtlicher Gemeindeschlüssel: 8 Ziffern für eine Gemeinde "
            '(z. B. "01001000") oder 5 Ziffern für einen Kreis (z. B. "06631"), in '
            "Anführungszeichen, damit führende Nullen erhalten bleiben.",
        )
    if home.start_level is not None and home.start_level not in levels:
        raise ImportValidationError(
            "paket.yaml",
            at("start_level"),
            "start_level",
            f"„{home.start_level}“ ist keine der Ebenen ({', '.join(levels)}).",
        )
    if home.place is not None and not home.place.strip():
        raise ImportValidationError(
            "paket.yaml", at("place"), "place", "Name der Kommune ist leer."
        )


def validate_package(pkg: Package, *, outside_facilities: str = "ohne-gebiet") -> Package:
    """Validate every table and return a normalised copy of the package.

    ``outside_facilities`` (:data:`OUTSIDE_POLICIES`): a facility outside every area is
    imported without an area (``"ohne-gebiet"``) or refused (``"ablehnen"``). Problems that do
    not stop the import are German texts in the copy's ``warnings``.
    """
    validate_meta(pkg)
    warnings: list[str] = []
    areas = validate_areas(pkg)
    area_ids = set(areas["area_id"])
    catalogue = validate_catalogue(pkg)
    indicator_ids = set(catalogue["indicator_id"]) if not catalogue.empty else set()
    return Package(
        name=pkg.name,
        system_code=pkg.system_code,
        area_system=pkg.area_system,
        gebietsstand=pkg.gebietsstand,
        levels=list(pkg.levels),
        areas=areas,
        population=validate_population(pkg, area_ids),
        indicators=catalogue,
        indicator_values=validate_values(pkg, area_ids, indicator_ids),
        facilities=validate_facilities(
            pkg, area_ids, areas, outside=outside_facilities, warnings=warnings
        ),
        crosswalk=validate_crosswalk(pkg, area_ids),
        attributes=pkg.attributes.copy(),
        sources=list(pkg.sources),
        file_names=dict(pkg.file_names),
        home=pkg.home,
        manifest_lines=dict(pkg.manifest_lines),
        warnings=[*pkg.warnings, *warnings],
    )
