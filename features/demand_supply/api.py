"""What other features may use of "Bedarf und Angebot": cached supply reads."""

from features.demand_supply.cache import (
    levels,
    service_types,
    snapshot_comparison,
    snapshots,
    systems_with_facilities,
)

__all__ = [
    "levels",
    "service_types",
    "snapshot_comparison",
    "snapshots",
    "systems_with_facilities",
]
