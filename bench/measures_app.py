"""Page-level figures: map bytes sent, projection, peers, backtest, public load."""

from __future__ import annotations

import json
import time
from typing import Any

import geopandas as gpd

from bench.common import timed
from bench.reruns import open_page

#: München at Gemeinde level; "karte=Deutschland": the map of all 10 956 Gemeinden
GEMEINDE_VIEW = {"ebene": "Gemeinde", "ags": "09162000", "karte": "Deutschland", "teil": "karte"}
#: the same Kommune with the Land map (Bayern, the largest Land: 2 056 Gemeinden)
LAND_VIEW = {"ebene": "Gemeinde", "ags": "09162000", "karte": "Land", "teil": "karte"}


def _deck_json(page: str, params: dict[str, str]) -> str:
    """The deck JSON Streamlit sends (``deck_gl_json_chart`` proto ``json``) of the first map."""
    at = open_page(page, params)
    decks = at.get("deck_gl_json_chart")
    if not decks:
        raise RuntimeError(f"{page}: keine Karte gefunden")
    return str(decks[0].proto.json)


def _naive_bytes(deck_json: str) -> int:
    """A plain ``GeoDataFrame.to_json()`` of the geometries the deck ships, same properties.

    GeoJSON layers contribute their features, the compact polygon rows of the national map
    one feature per polygon with its tooltip, the Land borders one line each.
    """
    from features.benchmarking.national import shipped_geometries

    feats = [
        {"type": "Feature", "geometry": g, "properties": p}
        for g, p in shipped_geometries(deck_json)
    ]
    gdf = gpd.GeoDataFrame.from_features(feats, crs=4326)
    return len(gdf.to_json().encode())


def _served_bytes(deck_json: str) -> int:
    """Bytes of the layer data files the deck names (``components.maps.served``): loaded once."""
    import json

    from components.maps import served

    total = 0
    for layer in json.loads(deck_json).get("layers", []):
        data = layer.get("data")
        if isinstance(data, str) and data.startswith(served.URL_PREFIX):
            total += (served.STATIC_DIR / data.removeprefix(served.URL_PREFIX)).stat().st_size
    return total


def map_bytes(quick: bool) -> dict[str, Any]:
    from bench.reruns import BENCH_DEUTSCHLAND, measure

    plr = _deck_json("features/areas/page.py", {})
    gem = _deck_json("features/benchmarking/page.py", GEMEINDE_VIEW)
    land = _deck_json("features/benchmarking/page.py", LAND_VIEW)
    sent, naive = len(gem.encode()), _naive_bytes(gem)
    return {
        "map_bytes_plr": len(plr.encode()),
        "map_bytes_gemeinden": sent,
        "map_bytes_gemeinden_naive": naive,
        "map_bytes_gemeinden_ratio": round(naive / sent, 2),
        "map_bytes_gemeinden_land": len(land.encode()),
        "map_bytes_gemeinden_land_served": _served_bytes(land),
        "map_bytes_note": (
            "Gemeinde-Ebene, Kartenausschnitt „Deutschland“: alle 10 956 Gemeinden "
            "(Übersichtsgeometrie, Abdeckung vereinfacht ≈ 1,7 km, Raster 0,001°) als kompakte "
            "Polygonzeilen; naive = GeoDataFrame.to_json() derselben Geometrien mit demselben "
            "Tooltip; _land = Ausschnitt „Land“ (Bayern, genaue Grenzen): je Rerun gesendet (eigene "
            "Kommune und Vergleichsgruppe); _land_served = die grauen Gemeinden darunter als "
            "Datei, die der Browser einmal lädt (components/maps/served.py)"
        ),
        BENCH_DEUTSCHLAND.name: round(measure(BENCH_DEUTSCHLAND, 5 if quick else 11), 4),
    }


def projection(quick: bool) -> dict[str, Any]:
    from features.projection import cache as dp
    from indicators.projection.cohort import project
    from indicators.projection.inputs import Scenario
    from indicators.projection.reference import project_reference

    inputs = dp.inputs()
    base = int(dp.periods()[0][:4])
    volume = float(dp.volumes().middle)  # the app's path: rates scaled to the Berlin volume
    scenario = Scenario(tfr=1.55, e0_m=79.0, e0_f=83.5, end_year=base + 20, migration_volume=volume)
    vec, _ = timed(lambda: project(inputs, scenario), repeat=5 if quick else 15)
    t0 = time.perf_counter()
    project_reference(inputs, scenario)
    ref = time.perf_counter() - t0
    return {
        "projection_542_s": round(vec, 4),
        "projection_reference_s": round(ref, 3),
        "projection_speedup": round(ref / vec, 1),
        "projection_shape": [len(inputs.area_ids), 2, 101, 20],
        "projection_migration_volume": volume,
    }


def backtest(quick: bool) -> dict[str, Any]:
    from features.projection import cache as dp

    table = dp.backtest()
    return {"backtest_mape": json.loads(table.to_json(orient="records", force_ascii=False))}


def peers(quick: bool) -> dict[str, Any]:
    from components import cache as core
    from features.benchmarking import cache as db
    from indicators.peers.distance import nearest_peers
    from indicators.peers.stats import position

    year = max(db.years("Gemeinde"))
    features = db.feature_matrix("Gemeinde", year)
    snap = db.snapshot("Gemeinde", year)
    cols = [c for c in features.columns if c != "area_id"][:6]
    cat = core.catalogue()
    polarity = dict(zip(cat["indicator_id"], cat["polarity"], strict=True))
    area = "de2024:09162000"

    def run() -> Any:
        peer_ids = nearest_peers(features, area, 10, cols)["area_id"].tolist()
        return position(snap, area, peer_ids, polarity)

    median, _ = timed(run, repeat=5 if quick else 21)
    return {
        "peers_gemeinden_s": round(median, 4),
        "peers_features": cols,
        "peers_n_areas": len(features),
    }
