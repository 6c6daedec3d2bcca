"""What one view of "Bedarf und Angebot" consists of: typed, parsed once, passed down.

:class:`DemandView` holds the settings (system, service type, level, facility snapshot,
population basis, quota, catchment, detour factor, counting mode), :class:`MapView` how the
maps are laid out. ``features.demand_supply.controls`` builds both from the URL and the widgets;
everything below only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from components.formatting import fmt_date, fmt_percent
from components.url_state import StateKeys
from features.demand_supply.basis import REGISTER, SCENARIO, Basis
from features.projection.api import SCENARIO_PARAMS, VARIANT_DE
from indicators.access.model import Settings
from indicators.access.service_types import AgeBand, CapacityMode, ServiceType

#: Widget keys of the page: ``ba.<name>`` (kept exactly: tests, bench/ and saved slides use them)
KEYS = StateKeys("ba")

#: Counting mode as in the URL (``modus``) and the radio widget
ModeKey = Literal["plaetze", "anzahl"]
MODES: dict[ModeKey, str] = {"plaetze": "Plätze", "anzahl": "Anzahl Einrichtungen"}
CAPACITY_MODES: dict[ModeKey, CapacityMode] = {"plaetze": "places", "anzahl": "count"}

#: Map layout (URL ``karten``) and the view that drives ranking, table and single map
#: (URL ``ansicht``)
Layout = Literal["zwei", "eine"]
LAYOUTS: dict[Layout, str] = {
    "eine": "eine große Karte",
    "zwei": "zwei nebeneinander (im Gebiet | mit Einzugsbereich)",
}
#: one large map opens the page: readable on a projector, and the browser draws one map per
#: rerun instead of two (Bedarf rerun ≈ 0.60 → 0.42 s in the headless benchmark, #17)
DEFAULT_LAYOUT: Layout = "eine"
ViewKey = Literal["gebiet", "einzug"]
VIEWS: dict[ViewKey, str] = {
    "gebiet": "Versorgung im Gebiet",
    "einzug": "Erreichbarkeit mit Einzugsbereich",
}
#: variant as shown and in the URL → key of the projection
VARIANT_OF = {de: key for key, de in VARIANT_DE.items()}


@dataclass(frozen=True)
class DemandView:
    """The settings of one rerun: what is counted, where, against which residents."""

    system: str
    systems: tuple[str, ...]
    service: ServiceType
    group: tuple[ServiceType, ...]
    level: str
    snapshot: str
    basis: Basis
    quota_pct: float
    radius_m: float
    detour: float
    mode_key: ModeKey
    #: whether any stored facility has a place count (else only counting is possible)
    places_known: bool = True

    @property
    def has_facilities(self) -> bool:
        """Whether the store holds facilities of the service type (a snapshot is chosen)."""
        return bool(self.snapshot)

    @property
    def has_population(self) -> bool:
        """Whether residents of the target bands are available (register or projection)."""
        return bool(self.basis.period) or self.basis.kind != REGISTER

    @property
    def estimated(self) -> bool:
        """Whether the residents of the target bands are estimated from coarser bands."""
        return self.basis.estimated

    @property
    def count_mode(self) -> bool:
        return self.mode_key == "anzahl"

    @property
    def mode(self) -> CapacityMode:
        return CAPACITY_MODES[self.mode_key]

    @property
    def unit(self) -> str:
        return "Einrichtungen" if self.count_mode else "Plätze"

    @property
    def settings(self) -> Settings:
        """The model's settings (quota as a fraction)."""
        return Settings(
            self.service, self.group, self.quota_pct / 100, self.radius_m, self.detour, self.mode
        )

    @property
    def numbers(self) -> tuple[float, float, float]:
        """(quota as a fraction, catchment radius in m, detour factor) for cached functions."""
        return (self.quota_pct / 100, self.radius_m, self.detour)

    @property
    def bands(self) -> tuple[AgeBand, ...]:
        """Target bands of the service and of every service sharing its places."""
        return tuple((s.age_from, s.age_to) for s in self.group)

    def source(self) -> str:
        """Source line of figures, maps and exports."""
        s = self.service
        from features.demand_supply.cache import delivered_by  # the delivering Träger/Amt

        facilities = (
            f"Einrichtungen: {s.service_type}, Stand {fmt_date(self.snapshot)}"
            f"{delivered_by(s.service_type, self.snapshot)}; "
            if self.has_facilities
            else ""
        )
        return (
            f"Bevölkerung: {self.basis.label()}; {facilities}Bedarfsquote "
            f"{fmt_percent(self.quota_pct, 2)} "
            f"({s.quota_status}: {s.quota_source.publisher}, {s.quota_source.year})"
        )

    def url(self) -> dict[str, str | None]:
        """URL parameters of this view (``system`` only when there is a choice)."""
        return {
            "leistung": self.service.id,
            "ebene": self.level,
            "stand": self.snapshot or None,
            "modus": self.mode_key,
            "quote": f"{self.quota_pct:g}",
            "radius": f"{self.radius_m:g}",
            "umweg": f"{self.detour:g}",
            "system": self.system if len(self.systems) > 1 else None,
            **basis_url(self.basis),
        }


def basis_url(basis: Basis) -> dict[str, str | None]:
    """URL parameters of the population basis (``grundlage, stichtag, jahr, variante``; with the
    projection page's scenario also its parameters, see :mod:`features.projection.carry`)."""
    scenario: dict[str, str | None] = dict.fromkeys(SCENARIO_PARAMS)
    if basis.kind == REGISTER:
        return {
            "grundlage": None,
            "stichtag": basis.period or None,
            "jahr": None,
            "variante": None,
            **scenario,
        }
    if basis.scenario is not None:
        scenario |= basis.scenario.url()
    de = {v: k for k, v in VARIANT_OF.items()}
    return {
        "grundlage": basis.kind,
        "stichtag": None,
        "jahr": str(basis.year),
        "variante": SCENARIO if basis.scenario is not None else de.get(str(basis.variant)),
        **scenario,
    }


@dataclass(frozen=True)
class MapView:
    """How the maps are shown: layout, the view of ranking/table/single map, basemap."""

    layout: Layout
    view_key: ViewKey
    basemap: bool

    def url(self) -> dict[str, str | None]:
        return {"karten": self.layout, "ansicht": self.view_key}
