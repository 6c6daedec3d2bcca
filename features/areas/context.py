"""What the page "Sozialräume vergleichen" shows: its typed view, parsed once, passed down.

:class:`AreaView` is the view every section draws (area system, level, Land filter,
indicator, period and the reference area); :class:`IndicatorInfo` is the typed record of
the chosen indicator. The widgets that build them are in :mod:`features.areas.choose`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from components.focus import Focus
from components.url_state import StateKeys
from indicators.social.palette import POLARITIES, Polarity

#: session-state keys of this page: ``KEYS("system")`` → ``"soz.system"``
KEYS = StateKeys("soz")

Section = Literal["karte", "profil", "index", "typen", "hotspots"]
SECTIONS: dict[Section, str] = {
    "karte": "Karte & Rangfolge",
    "profil": "Gebietsprofil",
    "index": "Sozialindex",
    "typen": "Typisierung",
    "hotspots": "Hotspots",
}
DEFAULT_SECTION: Section = "karte"

#: URL parameters a section writes back (None or "" = remove)
Params = dict[str, str | None]
#: (system, level, within): the areas a map shows
AreaSet = tuple[str, str, str | None]
#: (indicator, period, system, level, within): the values a map shows
ValuesKey = tuple[str, str, str, str, str | None]


@dataclass(frozen=True)
class IndicatorInfo:
    """The catalogue record of one indicator, typed (``record``: the raw row, read-only)."""

    indicator_id: str
    name: str
    short_name: str
    unit: str
    decimals: int
    polarity: Polarity
    domain: str | None
    record: Mapping[str, Any] = field(compare=False, repr=False)
    aggregation: str = ""

    @property
    def is_count(self) -> bool:
        """A count (summed up the levels): the Kommune total is no yardstick for one area."""
        return self.aggregation == "sum"

    @classmethod
    def of(cls, indicator_id: str, record: Mapping[str, Any] | None) -> IndicatorInfo:
        """Typed view of ``data.indicator(indicator_id)`` (None: an unknown indicator)."""
        rec = dict(record or {})
        polarity: Polarity = "neutral"
        for known in POLARITIES:
            if known == rec.get("polarity"):
                polarity = known
        domain = rec.get("domain")
        decimals = rec.get("decimals")
        return cls(
            indicator_id=indicator_id,
            name=str(rec.get("name") or indicator_id),
            short_name=str(rec.get("short_name") or rec.get("name") or indicator_id),
            unit=str(rec.get("unit") or ""),
            decimals=1 if decimals is None or pd.isna(decimals) else int(decimals),
            polarity=polarity,
            domain=None if domain is None else str(domain),
            record=MappingProxyType(rec),
            aggregation=str(rec.get("aggregation") or ""),
        )

    def source(self) -> dict[str, Any]:
        """The record as ``charts.source_line`` and the exports read it (a copy)."""
        return dict(self.record)


@dataclass(frozen=True)
class AreaView:
    """The view of the page: built once per run by :func:`features.areas.choose.choose_view`.

    ``within``: the one area of the level above whose areas are shown (very large levels,
    e.g. the Gemeinden of one Land), else None. ``ref_id``/``ref_name``: the area the values
    are compared with (``within`` or the whole Kommune). ``catalogue``: the indicators that
    have values on this system and level.
    """

    system: str
    level: str
    within: str | None
    indicator: str
    period: str
    info: IndicatorInfo
    ref_id: str
    ref_name: str
    catalogue: pd.DataFrame = field(compare=False, repr=False)
    #: the part of the Kommune the page is narrowed to (sidebar "Fokus"), else None
    focus: Focus | None = None

    @property
    def area_set(self) -> AreaSet:
        return (self.system, self.level, self.within)

    @property
    def values_key(self) -> ValuesKey:
        return (self.indicator, self.period, self.system, self.level, self.within)

    def url_params(self) -> Params:
        """The view's part of the URL."""
        return {
            "system": self.system,
            "ebene": self.level,
            "land": None if self.focus else self.within,
            "fokus": self.focus.area_id if self.focus else None,
            "indikator": self.indicator,
            "zeit": self.period,
        }
