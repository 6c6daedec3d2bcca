"""Search by name or AGS (indicators/search.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.search import (
    add_search_keys,
    display_name,
    normalize_name,
    pick_labels,
    search_areas,
)

GV_2024 = (
    Path(__file__).resolve().parents[2]
    / "data/raw/germany_admin/tables/destatis_gv_gemeinden_gebietsstand_2024-12-31.csv"
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("München", "munchen"),
        ("Muenchen", "munchen"),
        ("munchen", "munchen"),
        ("MÜNCHEN", "munchen"),
        ("Straße", "strasse"),
        ("Strasse", "strasse"),
        ("Düsseldorf", "dusseldorf"),
        ("Duesseldorf", "dusseldorf"),
        ("Köln", "koln"),
        ("Koeln", "koln"),
        ("Bad Oeynhausen", "bad oynhausen"),
        ("Frankfurt (Oder), Stadt", "frankfurt oder stadt"),
        ("Halle (Saale)", "halle saale"),
        ("Halle/Saale", "halle saale"),
        ("Garching b.München, St", "garching b munchen st"),
        ("Stadt / Běła Woda", "stadt bela woda"),
        ("  Wenningstedt-Braderup (Sylt) ", "wenningstedt braderup sylt"),
        ("", ""),
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


def test_normalize_name_rejects_non_text() -> None:
    with pytest.raises(ValueError):
        normalize_name(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("München, Landeshauptstadt", "München"),
        ("Flensburg, Stadt", "Flensburg"),
        ("Frankfurt (Oder), Stadt", "Frankfurt (Oder)"),
        ("Lübeck, Hansestadt", "Lübeck"),
        ("Grafing b.München, St", "Grafing b.München"),
        ("Au i.d.Hallertau, M", "Au i.d.Hallertau"),
        ("Glücksburg (Ostsee), Stadt", "Glücksburg (Ostsee)"),
        ("Sachsenwald (Forstgutsbez.),gemfr.Geb.", "Sachsenwald (Forstgutsbez.)"),
        ("Landeshauptstadt Düsseldorf", "Düsseldorf"),
        ("Stadtallendorf, Stadt", "Stadtallendorf"),  # "Stadt" prefix only as a separate word
        ("Neuenkirchen", "Neuenkirchen"),
    ],
)
def test_display_name(name: str, shown: str) -> None:
    assert display_name(name) == shown


@pytest.fixture
def places() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": ["m", "mb", "gar", "f_main", "f_oder", "neu1", "neun", "hs", "hw"],
            "name": [
                "München, Landeshauptstadt",
                "Münchenbernsdorf, Stadt",
                "Garching b.München, St",
                "Frankfurt am Main, Stadt",
                "Frankfurt (Oder), Stadt",
                "Neuenkirchen",
                "Neunkirchen",
                "Halle (Saale), Stadt",
                "Halle (Westf.), Stadt",
            ],
            "ags": [
                "09162000",
                "16076049",
                "09184119",
                "06412000",
                "12053000",
                "01051075",
                "05970036",
                "15002000",
                "05754012",
            ],
        }
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Muenchen", [("m", "exact"), ("mb", "prefix"), ("gar", "word")]),
        ("münchen", [("m", "exact"), ("mb", "prefix"), ("gar", "word")]),
        ("09162000", [("m", "ags")]),
        ("09 162 000", [("m", "ags")]),
        ("0916", [("m", "prefix")]),
        ("Oder", [("f_oder", "word")]),
        ("furt", [("f_oder", "substring"), ("f_main", "substring")]),
        ("Halle", [("hs", "prefix"), ("hw", "prefix")]),
        ("Saale", [("hs", "word")]),
        ("xyz", []),
        ("", []),
        ("   ", []),
    ],
)
def test_search_ranking(places: pd.DataFrame, query: str, expected: list[tuple[str, str]]) -> None:
    result = search_areas(places, query)
    assert list(zip(result["area_id"], result["match"], strict=True)) == expected


def test_frankfurt_finds_both(places: pd.DataFrame) -> None:
    result = search_areas(places, "Frankfurt")
    assert set(result["area_id"]) == {"f_main", "f_oder"}
    assert set(result["match"]) == {"prefix"}


def test_population_breaks_ties(places: pd.DataFrame) -> None:
    with_pop = places.assign(
        population=[1_510_378, 2_902, 17_577, 775_790, 58_818, 1_013, 12_909, 242_172, 22_198]
    )
    assert search_areas(with_pop, "Frankfurt")["area_id"].tolist() == ["f_main", "f_oder"]
    assert search_areas(with_pop, "Halle")["area_id"].tolist() == ["hs", "hw"]


def test_neuenkirchen_and_neunkirchen_both_found(places: pd.DataFrame) -> None:
    # the ae/oe/ue folding makes both spellings share a key; both must be offered
    assert set(search_areas(places, "Neuenkirchen")["area_id"]) == {"neu1", "neun"}


def test_limit_and_columns(places: pd.DataFrame) -> None:
    result = search_areas(places, "a", limit=2)
    assert len(result) == 2
    assert list(result.columns) == ["area_id", "name", "ags", "match"]


def test_precomputed_keys_give_same_result(places: pd.DataFrame) -> None:
    keyed = add_search_keys(places)
    assert {"_key", "_plain", "_display_key"} <= set(keyed.columns)
    pd.testing.assert_frame_equal(search_areas(keyed, "Muenchen"), search_areas(places, "Muenchen"))
    assert "_key" not in search_areas(keyed, "Muenchen").columns


def test_inputs_not_mutated(places: pd.DataFrame) -> None:
    before = places.copy()
    search_areas(places, "Halle")
    add_search_keys(places)
    pd.testing.assert_frame_equal(places, before)


def test_invalid_input(places: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="Spalten fehlen"):
        search_areas(places.drop(columns="ags"), "x")
    with pytest.raises(ValueError, match="limit"):
        search_areas(places, "x", limit=0)


def test_real_gemeindeverzeichnis() -> None:
    gv = pd.read_csv(GV_2024, dtype=str, usecols=["ags", "name", "pop_total"])
    candidates = add_search_keys(
        gv.assign(area_id=gv["ags"], population=gv["pop_total"].astype(float))[
            ["area_id", "name", "ags", "population"]
        ]
    )
    assert len(candidates) == 10_959
    first = search_areas(candidates, "Muenchen").iloc[0]
    assert (first["name"], first["match"]) == ("München, Landeshauptstadt", "exact")
    assert search_areas(candidates, "09162000")["name"].tolist() == ["München, Landeshauptstadt"]
    top2 = search_areas(candidates, "Frankfurt")["name"].head(2).tolist()
    assert top2 == ["Frankfurt am Main, Stadt", "Frankfurt (Oder), Stadt"]
    assert search_areas(candidates, "Düsseldorf")["name"].iloc[0] == "Düsseldorf, Stadt"


def test_object_dtype_columns_work(places: pd.DataFrame) -> None:
    as_object = places.astype(object)
    expected = search_areas(places, "Muenchen")
    pd.testing.assert_frame_equal(search_areas(as_object, "Muenchen"), expected, check_dtype=False)
    keyed = add_search_keys(places).astype(object)
    pd.testing.assert_frame_equal(search_areas(keyed, "Muenchen"), expected, check_dtype=False)
    assert search_areas(as_object, "09162000")["area_id"].tolist() == ["m"]


def test_pick_labels_tell_equal_names_apart_by_kreis() -> None:
    """Neuenkirchen exists 11 times in Germany: the picker adds the Kreis to each of them."""
    labels = pick_labels(
        ["03357037", "05566060", "01057057"],
        ["Neuenkirchen", "Neuenkirchen", "Jahnatal"],
        ["Niedersachsen", "Nordrhein-Westfalen", "Sachsen"],
        ["Landkreis Rotenburg (Wümme)", "Kreis Steinfurt", "Landkreis Mittelsachsen"],
    )
    assert labels == {
        "03357037": "Neuenkirchen (03357037, Niedersachsen) – Landkreis Rotenburg (Wümme)",
        "05566060": "Neuenkirchen (05566060, Nordrhein-Westfalen) – Kreis Steinfurt",
        "01057057": "Jahnatal (01057057, Sachsen)",  # unique name: no detail
    }
    # display names decide: "Rosenheim" twice (Stadt and Landkreis), the detail is the type
    kreise = pick_labels(
        ["09163", "09187"],
        ["Rosenheim", "Rosenheim"],
        ["Bayern", "Bayern"],
        ["Kreisfreie Stadt", None],
    )
    assert kreise == {
        "09163": "Rosenheim (09163, Bayern) – Kreisfreie Stadt",
        "09187": "Rosenheim (09187, Bayern)",  # no detail known: left as it is
    }
