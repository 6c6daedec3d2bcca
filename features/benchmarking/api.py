"""What other features may use of "Kommunen vergleichen": cached Kommune reads and area ids."""

from features.benchmarking.cache import (
    areas,
    gebietsstand,
    indicators,
    series,
    snapshot,
    system,
    system_code,
    years,
)
from features.benchmarking.model import kommune_ags, kommune_id

__all__ = [
    "areas",
    "gebietsstand",
    "indicators",
    "kommune_ags",
    "kommune_id",
    "series",
    "snapshot",
    "system",
    "system_code",
    "years",
]
