"""Lookups among the service types: one by its id, the group that shares its places.

Several service types may share one place count (Kita places for children under and over
three): they form a capacity-share group, and demand for the group needs the target age band
of every member. No Streamlit, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

from indicators.access.service_types import (
    AgeBand,
    CapacityShare,
    DecayConfig,
    ServiceType,
    SourceRef,
)


def service_by_id(services: Sequence[ServiceType], service_id: str) -> ServiceType:
    """The service type with id ``service_id``.

    Raises
    ------
    KeyError
        With a German message if no service type has that id.

    Examples
    --------
    >>> a, b = example_service("kita_u3"), example_service("kita_ue3")
    >>> service_by_id((a, b), "kita_ue3").id
    'kita_ue3'
    """
    for s in services:
        if s.id == service_id:
            return s
    raise KeyError(f"Unbekannte Leistungsart '{service_id}'.")


def group_services(
    service: ServiceType, services: Sequence[ServiceType]
) -> tuple[ServiceType, ...]:
    """``service`` and every service sharing its places (same capacity-share group).

    Examples
    --------
    >>> shared = CapacityShare("demand_share", "kita", "x")
    >>> u3, ue3 = example_service("u3", shared), example_service("ue3", shared)
    >>> [s.id for s in group_services(u3, (u3, ue3, example_service("pflege")))]
    ['u3', 'ue3']
    >>> [s.id for s in group_services(example_service("pflege"), (u3, ue3))]
    ['pflege']
    """
    if service.capacity_share is None:
        return (service,)
    name = service.capacity_share.group
    return tuple(s for s in services if s.capacity_share and s.capacity_share.group == name)


def group_bands(service: ServiceType, services: Sequence[ServiceType]) -> tuple[AgeBand, ...]:
    """The target age bands of ``service`` and of every service sharing its places.

    Examples
    --------
    >>> shared = CapacityShare("demand_share", "kita", "x")
    >>> u3, ue3 = example_service("u3", shared, (0.0, 3.0)), example_service("ue3", shared, (3.0, 6.0))
    >>> group_bands(ue3, (u3, ue3))
    ((0.0, 3.0), (3.0, 6.0))
    """
    return tuple((s.age_from, s.age_to) for s in group_services(service, services))


def example_service(
    service_id: str, share: CapacityShare | None = None, band: AgeBand = (0.0, 3.0)
) -> ServiceType:
    """A minimal service type (quota 50 %, Kita places, 500 m) for examples and tests."""
    return ServiceType(
        service_id, service_id, band[0], band[1], "", 0.5, "Annahme", SourceRef("", "", 2024),
        "", (0.0, 1.0, 0.01), "Kita", "places", share, 500.0, "Annahme", "", DecayConfig(),
    )  # fmt: skip
