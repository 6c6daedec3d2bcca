"""Peer groups: filters, size bands, nearest neighbours, manual changes."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.peers.distance import nearest_peers, z_distances
from indicators.peers.groups import (
    PeerDefinition,
    resolve_peers,
    same_land,
    same_size,
    same_type,
    size_band,
    size_bands,
    type_group,
)

TABLES = Path(__file__).resolve().parents[2] / "data/raw/germany_admin/tables"


@pytest.fixture
def kreise() -> pd.DataFrame:
    """Six Kreise; bands on the Kreis scale noted per row."""
    return pd.DataFrame(
        {
            "area_id": ["a", "b", "c", "d", "e", "f"],
            "name": ["A-Stadt", "B-Stadt", "C-Kreis", "D-Stadtkreis", "E-Kreis", "F-Stadt"],
            "land": ["09", "09", "09", "08", "05", "09"],
            "type": [
                "Kreisfreie Stadt",
                "Kreisfreie Stadt",
                "Landkreis",
                "Stadtkreis",
                "Kreis",
                "Kreisfreie Stadt",
            ],
            # bands: 150–250k, 100–150k, 100–150k, 150–250k, <100k, ≥500k
            "population": [150_000, 120_000, 130_000, 160_000, 90_000, 600_000],
        }
    )


@pytest.fixture
def kreis_features() -> pd.DataFrame:
    return pd.DataFrame(
        {"area_id": ["a", "b", "c", "d", "e", "f"], "x": [0.0, 1.0, 5.0, 2.0, 3.0, 10.0]}
    )


# --- filters -------------------------------------------------------------------------


def test_same_land(kreise: pd.DataFrame) -> None:
    assert kreise.loc[same_land(kreise, "a"), "area_id"].tolist() == ["b", "c", "f"]
    assert kreise.loc[same_land(kreise, "e"), "area_id"].tolist() == []


def test_same_type_groups_equivalent_kreis_types(kreise: pd.DataFrame) -> None:
    # Stadtkreis (BW) counts as Kreisfreie Stadt, Kreis (NRW) as Landkreis
    assert kreise.loc[same_type(kreise, "a"), "area_id"].tolist() == ["b", "d", "f"]
    assert kreise.loc[same_type(kreise, "e"), "area_id"].tolist() == ["c"]


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("Stadtkreis", "Kreisfreie Stadt"),
        ("Kreis", "Landkreis"),
        ("Regionalverband", "Landkreis"),
        ("Landkreis", "Landkreis"),
        ("dicht besiedelt", "dicht besiedelt"),
    ],
)
def test_type_group(raw: str, group: str) -> None:
    assert type_group(raw) == group


@pytest.mark.parametrize(
    ("population", "scale", "band"),
    [
        (0, "gemeinde", "unter 5.000"),
        (4_999, "gemeinde", "unter 5.000"),
        (5_000, "gemeinde", "5.000 bis unter 20.000"),
        (19_999.5, "gemeinde", "5.000 bis unter 20.000"),
        (20_000, "gemeinde", "20.000 bis unter 100.000"),
        (99_999, "gemeinde", "20.000 bis unter 100.000"),
        (100_000, "gemeinde", "100.000 bis unter 500.000"),
        (499_999, "gemeinde", "100.000 bis unter 500.000"),
        (500_000, "gemeinde", "500.000 und mehr"),
        (3_782_202, "gemeinde", "500.000 und mehr"),
        (float("nan"), "gemeinde", "keine Angabe"),
        (34_091, "kreis", "unter 100.000"),
        (100_000, "kreis", "100.000 bis unter 150.000"),
        (149_999, "kreis", "100.000 bis unter 150.000"),
        (150_000, "kreis", "150.000 bis unter 250.000"),
        (250_000, "kreis", "250.000 bis unter 500.000"),
        (500_000, "kreis", "500.000 und mehr"),
    ],
)
def test_size_band(population: float, scale: str, band: str) -> None:
    assert size_band(population, scale) == band
    vectorised = size_bands(pd.Series([population], index=[7]), scale)
    assert vectorised.tolist() == [band]
    assert vectorised.index.tolist() == [7]


@pytest.mark.parametrize("bad", [lambda: size_band(-1), lambda: size_bands(pd.Series([5.0, -1.0]))])
def test_negative_population_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="negativ"):
        bad()  # type: ignore[operator]


def test_unknown_scale_raises() -> None:
    with pytest.raises(ValueError):
        size_band(100, "land")


def test_same_size(kreise: pd.DataFrame) -> None:
    assert kreise.loc[same_size(kreise, "b", "kreis"), "area_id"].tolist() == ["c"]
    # on the Gemeinde scale all six fall into "100.000 bis unter 500.000" except e and f
    assert kreise.loc[same_size(kreise, "a", "gemeinde"), "area_id"].tolist() == ["b", "c", "d"]


def test_unknown_own_area_raises(kreise: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="nicht bekannt"):
        same_land(kreise, "zz")


# --- nearest peers: hand-worked distances ---------------------------------------------

FEATURES = pd.DataFrame(
    {
        "area_id": ["a", "b", "c", "d", "e", "f"],
        "x": [0.0, 2.0, 4.0, 6.0, np.nan, 8.0],
        "y": [10.0, 10.0, 20.0, 20.0, 30.0, np.nan],
        "const": [5.0] * 6,
    }
)


def test_nearest_peers_hand_worked() -> None:
    # complete rows a–d. x: mean 3, sd √5 → one unit of x = 1/√5 z; y: mean 15, sd 5
    # a→b: √((2/√5)²) = 0.894; a→c: √(16/5 + 4) = √7.2; a→d: √(36/5 + 4) = √11.2
    result = nearest_peers(FEATURES, "a", 3, ["x", "y"])
    assert result["area_id"].tolist() == ["b", "c", "d"]
    assert result["rank"].tolist() == [1, 2, 3]
    expected = [2 / math.sqrt(5), math.sqrt(7.2), math.sqrt(11.2)]
    assert result["distance"].tolist() == pytest.approx(expected, abs=1e-12)
    assert result.attrs["notes"] == [
        "2 Gebiete ohne vollständige Merkmale wurden nicht verglichen."
    ]


def test_own_missing_feature_is_left_out_and_ties_sorted_by_id() -> None:
    # own area e has no x → only y; y over a–e: mean 18, sd √56. c and d tie.
    result = nearest_peers(FEATURES, "e", 3, ["x", "y"])
    assert result["area_id"].tolist() == ["c", "d", "a"]
    assert result["distance"].tolist() == pytest.approx(
        [10 / math.sqrt(56), 10 / math.sqrt(56), 20 / math.sqrt(56)]
    )
    assert result.attrs["notes"] == [
        "Merkmal 'x' fehlt für das eigene Gebiet und bleibt unberücksichtigt.",
        "1 Gebiet ohne vollständige Merkmale wurde nicht verglichen.",
    ]


def test_constant_feature_is_ignored() -> None:
    with_const = nearest_peers(FEATURES, "a", 3, ["x", "y", "const"])
    without = nearest_peers(FEATURES, "a", 3, ["x", "y"])
    assert with_const["distance"].tolist() == pytest.approx(without["distance"].tolist())
    assert (
        "Merkmal 'const' ist überall gleich und bleibt unberücksichtigt."
        in with_const.attrs["notes"]
    )


def test_only_constant_features_give_distance_zero() -> None:
    result = nearest_peers(FEATURES, "a", 3, ["const"])
    assert result["area_id"].tolist() == ["b", "c", "d"]  # ties broken by id
    assert result["distance"].tolist() == [0.0, 0.0, 0.0]
    assert result.attrs["notes"] == [
        "Merkmal 'const' ist überall gleich und bleibt unberücksichtigt."
    ]


def test_no_other_complete_area_gives_empty_result() -> None:
    features = pd.DataFrame(
        {"area_id": ["a", "b", "c"], "x": [1.0, np.nan, 3.0], "y": [1.0, 2.0, np.nan]}
    )
    result = nearest_peers(features, "a", 2, ["x", "y"])
    assert result.empty
    assert list(result.columns) == ["area_id", "distance", "rank"]
    assert result.attrs["notes"] == [
        "2 Gebiete ohne vollständige Merkmale wurden nicht verglichen.",
        "Kein anderes Gebiet hat vollständige Merkmale.",
    ]


def test_k_larger_than_available_and_candidates() -> None:
    assert nearest_peers(FEATURES, "a", 50, ["x", "y"])["area_id"].tolist() == ["b", "c", "d"]
    restricted = nearest_peers(FEATURES, "a", 2, ["x", "y"], candidates=["d", "c", "zz"])
    assert restricted["area_id"].tolist() == ["c", "d"]
    # standardisation does not depend on the candidates
    assert restricted["distance"].iloc[0] == pytest.approx(math.sqrt(7.2))


def test_z_distances_excludes_own_area() -> None:
    dist = z_distances(FEATURES, "b", ["x", "y"])
    assert sorted(dist["area_id"]) == ["a", "c", "d"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"area_id": "zz", "k": 2, "columns": ["x"]}, "keine Merkmale"),
        ({"area_id": "a", "k": 0, "columns": ["x"]}, "k muss"),
        ({"area_id": "a", "k": 2, "columns": []}, "Mindestens ein Merkmal"),
        ({"area_id": "a", "k": 2, "columns": ["nope"]}, "Merkmale fehlen"),
    ],
)
def test_nearest_peers_invalid(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        nearest_peers(FEATURES, **kwargs)  # type: ignore[arg-type]


def test_own_area_without_any_feature_raises() -> None:
    features = FEATURES.assign(y=[10.0, 10.0, 20.0, 20.0, np.nan, 1.0])
    with pytest.raises(ValueError, match="fehlen alle"):
        nearest_peers(features, "e", 2, ["x", "y"])


def test_duplicate_ids_raise() -> None:
    with pytest.raises(ValueError, match="nicht eindeutig"):
        nearest_peers(pd.concat([FEATURES, FEATURES.head(1)]), "a", 2, ["x"])


def test_features_not_mutated() -> None:
    before = FEATURES.copy()
    nearest_peers(FEATURES, "a", 2, ["x", "y"])
    pd.testing.assert_frame_equal(FEATURES, before)


# --- resolve_peers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (PeerDefinition(modes=("land",)), ["b", "c", "f"]),
        (PeerDefinition(modes=("type",)), ["b", "d", "f"]),
        (PeerDefinition(modes=("size",), size_scale="kreis"), ["d"]),
        (PeerDefinition(modes=("land", "type")), ["b", "f"]),
        (PeerDefinition(modes=("land", "type"), removed=("f",)), ["b"]),
        (PeerDefinition(modes=("land", "type"), added=("e",)), ["b", "f", "e"]),
        (PeerDefinition(modes=("land", "type"), added=("b",)), ["b", "f"]),
        (PeerDefinition(modes=("land", "type"), added=("a",)), ["b", "f"]),  # own area never
        (PeerDefinition(modes=(), added=("c", "e")), ["c", "e"]),
        (PeerDefinition(modes=()), []),
        (PeerDefinition(modes=("similar",), k=2, columns=("x",)), ["b", "d"]),
        (PeerDefinition(modes=("land", "similar"), k=2, columns=("x",)), ["b", "c"]),
        # removing the nearest does not refill the group
        (PeerDefinition(modes=("land", "similar"), k=2, columns=("x",), removed=("b",)), ["c"]),
        (PeerDefinition(modes=("land", "size"), size_scale="kreis"), []),
    ],
)
def test_resolve_peers(
    kreise: pd.DataFrame,
    kreis_features: pd.DataFrame,
    definition: PeerDefinition,
    expected: list[str],
) -> None:
    assert resolve_peers(kreise, kreis_features, "a", definition) == expected


def test_resolve_peers_errors(kreise: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="Unbekannte Vergleichsgebiete"):
        resolve_peers(kreise, None, "a", PeerDefinition(modes=("land",), added=("zz",)))
    with pytest.raises(ValueError, match="fehlen die Merkmale"):
        resolve_peers(kreise, None, "a", PeerDefinition(modes=("similar",), columns=("x",)))
    with pytest.raises(ValueError, match="Spalten fehlen"):
        resolve_peers(kreise.drop(columns="land"), None, "a", PeerDefinition(modes=("land",)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"modes": ("bundesweit",)}, "Unbekannte Vergleichsart"),
        ({"modes": ("land",), "k": 0}, "k muss"),
        ({"modes": ("similar",)}, "Merkmal"),
        ({"modes": ("size",), "size_scale": "land"}, "size_scale"),
    ],
)
def test_peer_definition_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PeerDefinition(**kwargs)  # type: ignore[arg-type]


def test_peer_definition_is_frozen() -> None:
    definition = PeerDefinition(modes=("land",))
    with pytest.raises(AttributeError):
        definition.k = 3  # type: ignore[misc]


# --- real data -------------------------------------------------------------------------


def test_real_gemeinden_muenchen() -> None:
    gv = pd.read_csv(
        TABLES / "destatis_gv_gemeinden_gebietsstand_2024-12-31.csv",
        dtype={"ags": str},
        usecols=["ags", "name", "pop_total", "urbanisation", "area_km2"],
    )
    areas = pd.DataFrame(
        {
            "area_id": gv["ags"],
            "name": gv["name"],
            "land": gv["ags"].str[:2],
            "type": gv["urbanisation"],
            "population": gv["pop_total"].astype(float),
        }
    )
    big = resolve_peers(areas, None, "09162000", PeerDefinition(modes=("type", "size")))
    # Gemeinden with ≥ 500,000 residents on 31.12.2023 besides München (Gebietsstand 2024)
    assert len(big) == 14
    assert {"11000000", "02000000", "05315000", "05112000"} <= set(
        big
    )  # Berlin, HH, Köln, Duisburg
    features = pd.DataFrame(
        {
            "area_id": gv["ags"],
            "log_pop": np.log(gv["pop_total"].where(gv["pop_total"] > 0)),
            "density": gv["pop_total"] / gv["area_km2"].where(gv["area_km2"] > 0),
        }
    )
    similar = nearest_peers(features, "09162000", 5, ["log_pop", "density"])
    assert "09162000" not in set(similar["area_id"])
    assert len(similar) == 5
    assert similar.attrs["notes"][0].endswith("wurden nicht verglichen.")  # uninhabited areas
