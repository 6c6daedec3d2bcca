"""What other features may use of "Sozialräume vergleichen": cached area reads."""

from features.areas.cache import (
    geo_frame,
    indicators_for,
    latest_matrix,
    level_areas,
    root_area,
    series,
)

__all__ = [
    "geo_frame",
    "indicators_for",
    "latest_matrix",
    "level_areas",
    "root_area",
    "series",
]
