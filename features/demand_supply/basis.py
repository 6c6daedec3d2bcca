"""Population basis of "Bedarf und Angebot": Einwohnerregister or the projection page's scenario.

Demand for a future year comes from the same projection the page
"Bevölkerungsprognose" shows: :func:`features.projection.cache.projected_age_bands`
is asked for exactly the age bands of the chosen service (and of the services
sharing its places), so both pages count the same residents. A user who comes from the
projection page with its link "Bedarf und Angebot mit diesem Szenario" brings the scenario
along (``variante=szenario`` and the page's own parameters, :mod:`features.projection.carry`);
the demand then comes from that scenario's run, the very run the projection page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import streamlit as st

from components.formatting import fmt_date
from data_layer.errors import DataError
from features.demand_supply import cache as d
from features.projection import api as dp
from indicators.access.model import Outcome, Settings, compute
from indicators.access.service_groups import group_bands, group_services, service_by_id
from indicators.access.service_types import AgeBand, CapacityMode

BasisKind = Literal["register", "prognose"]
REGISTER: BasisKind = "register"
PROJECTION: BasisKind = "prognose"
#: plain, hashable form of a :class:`Basis` for cached functions:
#: (kind, period, year, variant, carried scenario or None)
BasisKey = tuple[BasisKind, str, int | None, str | None, "dp.CarriedScenario | None"]
#: Bedarf's ``variante`` value (and the variant key) of the scenario carried from the projection page
SCENARIO = dp.SCENARIO
SCENARIO_LABEL = "Ihr Szenario"  # as in the projection page's charts


@dataclass(frozen=True)
class Basis:
    """Where the residents come from: a register Stichtag or a projection year and variant.

    ``variant`` is the projection's key (``"middle"``, …); ``period`` the register Stichtag
    (kept for a projection as well: it is the widget's value when switching back).
    """

    kind: BasisKind
    period: str
    year: int | None = None
    variant: str | None = None
    #: register residents of the target bands estimated from coarser published bands
    estimated: bool = False
    #: the projection page's scenario (``variant`` is then :data:`SCENARIO`)
    scenario: dp.CarriedScenario | None = None

    @property
    def key(self) -> BasisKey:
        """Plain, hashable form for cached functions."""
        return (self.kind, self.period, self.year, self.variant, self.scenario)

    def label(self) -> str:
        """German description for captions and sources."""
        if self.kind == PROJECTION and self.scenario is not None:
            return (
                f"Bevölkerungsprognose {self.year} (31.12.), {SCENARIO_LABEL} "
                f"({self.scenario.label()}), Basis Einwohnerregister {fmt_date(dp.periods()[0])}"
            )
        if self.kind == PROJECTION:
            return (
                f"Bevölkerungsprognose {self.year} (31.12.), Variante "
                f"{dp.VARIANT_DE.get(str(self.variant), self.variant)}, Basis Einwohnerregister "
                f"{fmt_date(dp.periods()[0])}"
            )
        label = f"Einwohnerregister, Stichtag {fmt_date(self.period)}"
        return label + (
            ", Zielgruppe geschätzt (aus gröberen Altersgruppen)" if self.estimated else ""
        )


def projection_available(system_code: str) -> bool:
    """Whether the projection covers ``system_code`` (its ``scope`` in the parameters) on the
    level the demand is computed on, with a base Stichtag."""
    try:
        scope = dp.scope()
        if system_code != scope.area_system or scope.level != d.base_level(system_code):
            return False
        dp.periods()
        return bool(projection_years())
    except (DataError, KeyError, TypeError, ValueError):
        return False


def checked(basis: Basis, bands: tuple[AgeBand, ...]) -> Basis:
    """``basis``, or the register Stichtag with a note if the projection cannot be run here."""
    if basis.kind != PROJECTION or basis.year is None or basis.variant is None:
        return basis
    try:
        projected_population(basis.year, basis.variant, bands, basis.scenario)
    except (DataError, KeyError, TypeError, ValueError) as err:
        detail = str(err) if isinstance(err, DataError) else type(err).__name__
        st.warning(
            "Die Bevölkerungsprognose lässt sich für diese Datenbasis nicht rechnen "
            f"({detail}); der Bedarf kommt aus dem Einwohnerregister."
        )
        return Basis(REGISTER, basis.period)
    return basis


def projection_years() -> list[int]:
    """Years after the projection's base Stichtag up to the last projected year."""
    base = int(dp.periods()[0][:4])
    last = int(dp.parameters()["defaults"]["max_end_year"])
    return list(range(base + 1, last + 1))


def whole_bands(bands: tuple[AgeBand, ...]) -> tuple[tuple[int, int | None], ...]:
    """Service age bands as whole years, as the projection expects them.

    >>> whole_bands(((0.0, 3.0), (80.0, None)))
    ((0, 3), (80, None))
    """
    out = []
    for lo, hi in bands:
        if float(lo) != int(lo) or (hi is not None and float(hi) != int(hi)):
            raise ValueError(f"Altersgruppe {lo}–{hi} ist nicht in ganzen Jahren abgegrenzt.")
        out.append((int(lo), None if hi is None else int(hi)))
    return tuple(out)


def carried_scenario() -> dp.CarriedScenario | None:
    """The scenario brought from the projection page, if any (kept for the session).

    Read from the URL whenever it asks for it (``variante=szenario``: the link of the
    projection page, also a second time with another scenario), validated as there.
    """
    from features.demand_supply.context import KEYS  # context imports this module

    if dp.scenario_requested():
        st.session_state[KEYS("szenario")] = dp.scenario_from_url()
    found = st.session_state.get(KEYS("szenario"))
    return found if isinstance(found, dp.CarriedScenario) else None


def variant_options() -> tuple[list[str], str]:
    """Bedarf's variants as in the URL (``niedrig, mittel, hoch`` and, with a carried scenario,
    ``szenario``) and the default (the scenario when the link asks for it)."""
    options = list(dp.VARIANT_DE.values())
    carried = carried_scenario()
    if carried is None:
        return options, "mittel"
    return [*options, SCENARIO], SCENARIO if dp.scenario_requested() else "mittel"


def variant_label(value: str) -> str:
    """How a variant option is shown.

    >>> variant_label("szenario"), variant_label("hoch")
    ('Ihr Szenario', 'hoch')
    """
    return SCENARIO_LABEL if value == SCENARIO else value


def years_of(variant: str, years: list[int]) -> list[int]:
    """Projection years offered for ``variant``: the scenario's run ends in its end year."""
    carried = carried_scenario() if variant == SCENARIO else None
    if carried is None:
        return years
    return [y for y in years if y <= carried.end_year] or years[:1]


def projection_basis(period: str, year: int, variant: str) -> Basis:
    """The projection basis for a year and a variant option (see :func:`variant_options`)."""
    if variant == SCENARIO and (carried := carried_scenario()) is not None:
        return Basis(PROJECTION, period, year, SCENARIO, scenario=carried)
    key = next((k for k, de in dp.VARIANT_DE.items() if de == variant), "middle")
    return Basis(PROJECTION, period, year, key)


@st.cache_data(show_spinner=False, max_entries=32)
def projected_population(
    year: int,
    variant: str,
    bands: tuple[AgeBand, ...],
    scenario: dp.CarriedScenario | None = None,
) -> pd.DataFrame:
    """Projected residents per area of the projection's level in each band: ``area_id, age_from, age_to, count``.

    Same shape as :func:`features.demand_supply.cache.group_population` (``age_to``
    NaN = open). One projection run per variant (to the last year) serves
    every year; a carried ``scenario`` is the projection page's own run (to its end year).
    """
    last = projection_years()[-1]
    if scenario is not None:
        frame = dp.scenario_age_bands(scenario, whole_bands(bands))
    else:
        frame = dp.projected_age_bands(
            level=dp.scope().level, end_year=last, variant=variant, bands=whole_bands(bands)
        )
    frame = frame[frame["year"] == year]
    return pd.DataFrame(
        {
            "area_id": frame["area_id"].to_numpy(),
            "age_from": frame["age_from"].to_numpy(float),
            "age_to": frame["age_to"].to_numpy(dtype=float, na_value=np.nan),
            "count": frame["count"].to_numpy(float),
        }
    )


def population(system_code: str, bands: tuple[AgeBand, ...], basis: BasisKey) -> pd.DataFrame:
    """Residents per lowest-level area and band for the basis (see :class:`Basis`.key)."""
    kind, period, year, variant, scenario = basis
    if kind == PROJECTION and year is not None and variant is not None:
        return projected_population(year, variant, bands, scenario)
    return d.group_population(system_code, period, bands)


@st.cache_resource(show_spinner=False, max_entries=24)
def outcome(
    system_code: str,
    level: str,
    service_id: str,
    snapshot: str,
    basis: BasisKey,
    numbers: tuple[float, float, float],
    mode: CapacityMode,
) -> Outcome:
    """Balance and E2SFCA of the stored facilities (no scenario), cached per setting.

    One shared, read-only object per setting (every session with the same view): the page
    derives its tables and charts from it once (``indicators.frame_memo``; #17), so nothing
    may change it in place.

    ``numbers`` = (quota as a fraction, catchment radius in m, detour factor).
    """
    services, _ = d.service_types()
    service = service_by_id(services, service_id)
    settings = Settings(service, group_services(service, services), *numbers, mode)
    pop = population(system_code, group_bands(service, services), basis)
    share = capacity_share(system_code, basis, service_id, numbers[0], mode)
    return compute(
        pop,
        d.system_facilities(system_code, service.service_type, snapshot),
        d.centroids(system_code),
        d.leaf_to_level(system_code, level),
        settings,
        d.straight_distances(system_code, service.service_type, snapshot),
        share,
    )


def capacity_share(
    system_code: str,
    basis: BasisKey,
    service_id: str,
    quota: float,
    mode: CapacityMode,
) -> float:
    """Share of shared places for the quota (0–1), always from the register Stichtag.

    Today's supply is one figure on every demand basis: the places of today's facilities
    are split by today's residents (the register Stichtag ``basis[1]``), also when the
    demand comes from a projection year. Only the demand changes with the basis.
    """
    period = basis[1]
    return float(d.register_share(system_code, period, service_id, quota, mode))
