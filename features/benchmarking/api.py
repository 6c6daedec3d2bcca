"""What other features may use of "Kommunen vergleichen": cached Kommune reads and area ids."""

from features.benchmarking.cache import (
    GEBIETSSTAND,
    areas,
    indicators,
    series,
    snapshot,
    years,
)
from features.benchmarking.model import SYSTEM, kommune_ags, kommune_id

__all__ = [
    "GEBIETSSTAND",
    "SYSTEM",
    "areas",
    "indicators",
    "kommune_ags",
    "kommune_id",
    "series",
    "snapshot",
    "years",
]
