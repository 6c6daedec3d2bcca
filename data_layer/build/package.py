"""The Datenpaket: the one validated shape in which any data enters the store.

A Datenpaket is either a folder on disk (see ``docs/datenpaket.md``; read by
:func:`data_layer.build.package_reader.read_package`) or built in memory by an adapter
(``data_layer/build/adapters/berlin.py``, ``germany.py``). Both end in
:func:`data_layer.build.validate.validate_package` and then in the same loader.

Area ids inside a package are *local* (e.g. an AGS or a LOR key). The store
prefixes them with the package's ``system_code`` (``"lor2021:01100101"``) so
that keys of different area systems never collide; see :func:`store_area_id`.
Crosswalk rows and facility/indicator rows may reference areas of *another*
system by writing the full store id (containing ``":"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

#: Sex codes used in ``population.sex``: all persons, male, female.
SEX_CODES: tuple[str, ...] = ("all", "m", "f")

#: Flags for values (``indicator_values.flag`` and ``population.flag``).
FLAGS: tuple[str, ...] = (
    "observed",  # as published
    "derived",  # computed by code from observed values (sums, ratios)
    "estimated",  # harmonised / moved between area systems or Gebietsstände
    "missing",  # no value; ``flag_reason`` says why (e.g. GENESIS symbol)
    "suppressed",  # hidden by disclosure control (public build only)
)

#: Operator types of facilities.
OPERATOR_TYPES: tuple[str, ...] = ("öffentlich", "frei-gemeinnützig", "privat", "unbekannt")

#: Polarity of an indicator: is a higher value better, worse, or neither?
POLARITIES: tuple[str, ...] = ("higher_better", "higher_worse", "neutral")

#: How an indicator is carried to a coarser level of the hierarchy.
AGGREGATIONS: tuple[str, ...] = (
    "sum",  # counts: sum the values
    "ratio",  # sum numerators and denominators, then divide (× scale)
    "none",  # only at the level where it is published (e.g. MSS indices)
)

#: Columns of each table of a package, in order. ``area_id`` values are local ids.
AREA_COLUMNS = ["area_id", "name", "level", "parent_id", "valid_from", "valid_to"]
POPULATION_COLUMNS = ["area_id", "period", "sex", "age_from", "age_to", "count", "flag"]
VALUE_COLUMNS = [
    "indicator_id",
    "area_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "flag",
    "flag_reason",
]
FACILITY_COLUMNS = [
    "facility_id",
    "service_type",
    "name",
    "capacity",
    "operator",
    "operator_type",
    "lon",
    "lat",
    "area_id",
    "data_date",
]
CROSSWALK_COLUMNS = ["from_area", "to_area", "weight", "method"]
ATTRIBUTE_COLUMNS = ["area_id", "key", "value"]

#: The indicator catalogue: every column a user may need (see docs/schema.md).
INDICATOR_COLUMNS = [
    "indicator_id",
    "name",
    "short_name",
    "definition",
    "formula",
    "numerator",
    "denominator",
    "unit",
    "scale",  # value = numerator / denominator × scale (1 for counts, 100 for percent)
    "decimals",
    "polarity",
    "domain",
    "aggregation",
    "source",
    "licence",
    "attribution",
    "data_date",  # Stand, ISO date or free text such as "31.12.2024"
    "min_denominator",  # smallest denominator for which a rate is shown
    "count_threshold",  # counts below this are suppressed in public mode (0 = none)
    "public",  # bool: may appear in the public build
]

#: Domains offered in the catalogue.
DOMAINS: tuple[str, ...] = (
    "Demografie",
    "Jugendhilfe",
    "Bildung",
    "Pflege",
    "Gesundheit",
    "Arbeit",
    "Soziales",
    "Wohnen",
    "Wirtschaft",
    "Finanzen",
    "Sozialmonitoring",
)


@dataclass(frozen=True)
class SourceRef:
    """One input file and the credit its licence requires."""

    file: str  # path relative to the project root (data/raw/...) or the package folder
    publisher: str
    licence: str
    attribution: str
    stand: str
    sha256: str = ""  # filled by the loader when empty


@dataclass(frozen=True)
class PackageHome:
    """What ``paket.yaml`` says about the Kommune the package belongs to (all optional).

    ``kommune`` is the official key (AGS): 8 digits for a Gemeinde, 5 for a Kreis;
    ``start_level`` / ``start_indicator`` are where the pages open; ``place`` names the
    Kommune in the app. The build writes them into ``meta`` as ``home.*`` keys
    (read by :mod:`data_layer.read.home`).
    """

    kommune: str | None = None
    start_level: str | None = None
    start_indicator: str | None = None
    place: str | None = None


@dataclass
class Package:
    """A Datenpaket in memory. Frames use the column lists above.

    ``areas`` is a GeoDataFrame in EPSG:4326 with ``AREA_COLUMNS`` + geometry.
    ``levels`` lists the hierarchy from top (coarsest) to bottom (finest).
    ``periods`` are strings: ``"YYYY-MM-DD"`` (Stichtag) or ``"YYYY"`` (year).
    """

    name: str
    system_code: str  # short id, lower case, no ":"; prefixes area ids in the store
    area_system: str  # human name incl. Gebietsstand, e.g. "LOR 2021"
    gebietsstand: str  # date of the boundaries, e.g. "2021-01-01"
    levels: list[str]
    areas: gpd.GeoDataFrame
    population: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=POPULATION_COLUMNS)
    )
    indicators: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=INDICATOR_COLUMNS)
    )
    indicator_values: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=VALUE_COLUMNS)
    )
    facilities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FACILITY_COLUMNS))
    crosswalk: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CROSSWALK_COLUMNS))
    attributes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=ATTRIBUTE_COLUMNS)
    )
    sources: list[SourceRef] = field(default_factory=list)
    #: file name shown in error messages for each table (folder packages use real names)
    file_names: dict[str, str] = field(default_factory=dict)
    #: the Kommune this package belongs to (``paket.yaml``: kommune, start_level, …)
    home: PackageHome = field(default_factory=PackageHome)
    #: line of each key of ``paket.yaml`` (for messages naming the line of a field)
    manifest_lines: dict[str, int] = field(default_factory=dict)
    #: German warnings of the validation (data imported, but worth a look), printed by the build
    warnings: list[str] = field(default_factory=list)
    #: goals and measures (``ziele.yaml``, ``massnahmen.yaml``): a
    #: :class:`data_layer.build.goals.GoalFiles` or None; written by ``goals.write_goals``
    goals: Any = None


def period_date(period: str) -> str:
    """Return the ISO date a period ends on.

    >>> period_date("2022")
    '2022-12-31'
    >>> period_date("2024-06-30")
    '2024-06-30'
    """
    return f"{period}-12-31" if len(period) == 4 else period
