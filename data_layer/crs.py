"""Coordinate reference systems shared by the build and the app."""

from __future__ import annotations

#: Geographic coordinates (longitude, latitude) of every stored geometry.
WGS84 = "EPSG:4326"
#: Metric CRS for areas and distances in Germany (ETRS89 / LAEA Europe).
EQUAL_AREA = "EPSG:3035"
