"""What other features may use of "Kommunen vergleichen": cached Kommune reads."""

from pages.benchmarking.cache import (
    GEBIETSSTAND,
    SYSTEM,
    areas,
    indicators,
    series,
    snapshot,
    years,
)

__all__ = [
    "GEBIETSSTAND",
    "SYSTEM",
    "areas",
    "indicators",
    "series",
    "snapshot",
    "years",
]
