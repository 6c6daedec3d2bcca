"""Source references (publisher, licence, Stand) of every raw Berlin file, from its SOURCES.md."""

from __future__ import annotations

from collections.abc import Iterable

from data_layer.build.package import SourceRef

#: Folder of the raw files relative to the project root.
RAW_PREFIX = "data/raw/berlin_lor"

#: Attribution line required for everything in ``data/raw/berlin_lor`` (SOURCES.md).
ATTRIBUTION = (
    "Datenquellen: Amt für Statistik Berlin-Brandenburg (Einwohnerregisterstatistik, LOR), "
    "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen (Monitoring Soziale Stadtentwicklung), "
    "Senatsverwaltung für Bildung, Jugend und Familie (Kitas, Schulen, Jugendfreizeiteinrichtungen), "
    "Geoportal Berlin / FIS-Broker; bearbeitet."
)

_ASBB = "Amt für Statistik Berlin-Brandenburg"
_LOR = (f"{_ASBB} / SenSBW (über ODIS, Geoportal Berlin)", "CC BY 3.0 DE")
_EWR = (f"{_ASBB} (über open-lifeworlds, Aufbereitung CC BY 4.0)", "CC BY 3.0 DE")
_MSS = (
    "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen (über open-lifeworlds)",
    "CC BY 3.0 DE bzw. dl-de/by-2-0",
)
_WFS_SENBJF = (
    "Senatsverwaltung für Bildung, Jugend und Familie (Geoportal Berlin, WFS)",
    "Datenlizenz Deutschland (Geoportal Berlin)",
)
_WFS_PFLEGE = (
    "Geoportal Berlin (WFS pflegeeinrichtungen)",
    "Datenlizenz Deutschland (Geoportal Berlin)",
)

#: File (relative to ``data/raw/berlin_lor``) → (publisher, licence, Stand).
FILES: dict[str, tuple[str, str, str]] = {
    "geo/berlin_bezirke.geojson": (
        f"{_ASBB} / Geoportal Berlin (ALKIS Bezirke)",
        "Datenlizenz Deutschland (Geoportal Berlin)",
        "ohne Datumsangabe (ALKIS-Bezirksgrenzen)",
    ),
    "geo/berlin_pgr_2021.geojson": (*_LOR, "01.01.2021"),
    "geo/berlin_bzr_2021.geojson": (*_LOR, "01.01.2021"),
    "geo/berlin_plr_2021.geojson": (*_LOR, "01.01.2021"),
    "geo/berlin_plr_2006_447.geojson": (*_LOR, "LOR 2006–2020 (448 PLR, Stand 01.01.2019)"),
    "geo/crosswalk_plr2006_to_plr2021_areal.csv": (
        "Planungsatlas (abgeleitet aus den LOR-Geometrien)",
        "CC BY 3.0 DE (abgeleitet)",
        "LOR 2006 (448 PLR) → LOR 2021",
    ),
    "population/EWR_L21_202412E_Matrix.csv": (_ASBB, "CC BY 3.0 DE", "31.12.2024"),
    "population/berlin_plr2021_population_2021h1-2024h2.csv": (*_EWR, "30.06.2021–31.12.2024"),
    "population/berlin_plr447_population_2015h1-2020h2.csv": (*_EWR, "30.06.2015–31.12.2020"),
    "social/berlin_mss2021_plr2021.csv": (*_MSS, "MSS 2021, Daten 31.12.2020"),
    "social/berlin_mss2013-2019_plr447.csv": (*_MSS, "MSS 2013–2019, Daten 31.12.2012–31.12.2018"),
    "facilities/berlin_kitaliste_2026-01.csv": (
        "Senatsverwaltung für Bildung, Jugend und Familie (Kitaliste, aufbereitet vom Projekt open-data-product)",
        "CC BY 3.0 DE",
        "Januar 2026",
    ),
    "facilities/berlin_kitas_wfs_2022-12.geojson": (*_WFS_SENBJF, "Dezember 2022"),
    "facilities/berlin_pflegeeinrichtungen_wfs_2023-07.geojson": (*_WFS_PFLEGE, "Juli 2023"),
    "facilities/berlin_jugendfreizeiteinrichtungen_wfs_2022-12.geojson": (
        *_WFS_SENBJF,
        "Dezember 2022",
    ),
    "facilities/berlin_schulen_wfs_2023-10.geojson": (*_WFS_SENBJF, "Oktober 2023"),
}


def source_refs(files: Iterable[str]) -> list[SourceRef]:
    """One :class:`SourceRef` per raw file (paths relative to the project root), in given order."""
    refs = []
    for rel in files:
        publisher, licence, stand = FILES[rel]
        refs.append(SourceRef(f"{RAW_PREFIX}/{rel}", publisher, licence, ATTRIBUTION, stand))
    return refs
