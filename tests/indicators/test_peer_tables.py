"""Peer helpers moved out of the pages (#13): level keys, wide tables, overview order, profile
numbers. Hand-worked tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.peers.groups import (
    PEER_MODES,
    PeerDefinition,
    PeerMode,
    apply_manual,
    resolve_peers,
)
from indicators.peers.levels import ags_for_level, kommunen_system, largest, opening_level
from indicators.peers.profile import age_band_table, first_last_changes, key_figures, medians
from indicators.peers.stats import MIDDLE, WORSE, position_overview, position_rows
from indicators.peers.tables import calendar_years, feature_matrix

NAN = np.nan

KREISE = pd.DataFrame(
    {"local_id": ["09162", "09161", "11000"], "population": [1_510_378, 141_000, 3_782_202]}
)
GEMEINDEN = pd.DataFrame(
    {
        "local_id": ["09162000", "09161000", "09161999", "11000000"],
        "population": [1_510_378, 141_000, 500_000, 3_782_202],
    }
)


@pytest.mark.parametrize(
    ("raw", "areas", "expected"),
    [
        ("09162", KREISE, "09162"),  # already a key of the level
        ("09162000", KREISE, "09162"),  # Gemeinde → its Kreis
        ("09161", GEMEINDEN, "09161999"),  # Kreis → its largest Gemeinde (500 000 > 141 000)
        ("11000", GEMEINDEN, "11000000"),
        ("99999", GEMEINDEN, "99999"),  # no Gemeinde inside: unchanged
        ("99999999", KREISE, "99999999"),  # no such Kreis: unchanged
        ("0916", KREISE, "0916"),  # neither 5 nor 8 digits
        ("<b>", KREISE, "<b>"),
        (None, KREISE, None),
    ],
)
def test_ags_for_level(raw: str | None, areas: pd.DataFrame, expected: str | None) -> None:
    assert ags_for_level(raw, areas) == expected


def test_calendar_years() -> None:
    assert calendar_years(["2023-12-31", "2013", "2023-06-30", "2017"]) == [2013, 2017, 2023]
    assert calendar_years([]) == []


def test_feature_matrix_rows_in_given_order_with_gaps() -> None:
    snap = pd.DataFrame(
        {
            "area_id": ["a", "a", "b", "c"],
            "indicator_id": ["x", "y", "y", "x"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    wide = feature_matrix(snap, ["c", "b", "a", "d"])
    assert list(wide.columns) == ["area_id", "x", "y"]
    assert wide["area_id"].tolist() == ["c", "b", "a", "d"]
    assert wide["x"].tolist()[:1] == [4.0] and math.isnan(wide["x"].iloc[1])
    assert wide["y"].tolist()[1:3] == [3.0, 2.0]
    assert wide.iloc[3, 1:].isna().all()


def test_apply_manual_and_modes() -> None:
    assert apply_manual(["b", "c"], "a", ["c", "d", "a", "d"], ["b"]) == ["c", "d"]
    assert apply_manual([], "a", [], []) == []
    assert PEER_MODES == ("land", "type", "size", "similar", "kreis", "population")
    assert PeerMode.SIMILAR == "similar"
    definition = PeerDefinition(modes=(PeerMode.LAND, PeerMode.SIZE))
    assert definition == PeerDefinition(modes=("land", "size"))


def test_same_kreis_peers_are_the_other_gemeinden_of_the_kreis() -> None:
    # LK Fulda (06631) with three Gemeinden, Kassel (06611) kreisfrei
    areas = pd.DataFrame(
        {
            "area_id": ["g:06631009", "g:06631001", "g:06631002", "g:06611000"],
            "name": ["Fulda", "Bad Salzschlirf", "Burghaun", "Kassel"],
            "land": ["06"] * 4,
            "type": ["dicht besiedelt", "gering besiedelt", "gering besiedelt", "dicht"],
            "population": [69_000, 3_300, 6_300, 204_000],
            "parent_id": ["k:06631", "k:06631", "k:06631", "k:06611"],
        }
    )
    kreis = PeerDefinition(modes=("kreis",))
    assert resolve_peers(areas, None, "g:06631009", kreis) == ["g:06631001", "g:06631002"]
    assert resolve_peers(areas, None, "g:06611000", kreis) == []
    both = PeerDefinition(modes=("kreis", "type"))
    assert resolve_peers(areas, None, "g:06631001", both) == ["g:06631002"]
    with pytest.raises(ValueError, match="parent_id"):
        resolve_peers(areas.drop(columns="parent_id"), None, "g:06631009", kreis)


def test_kommunen_system_is_the_one_with_most_kreise_and_gemeinden() -> None:
    systems = pd.DataFrame(
        {
            "system_code": ["de", "de", "de", "lk", "lk", "lor", "lor"],
            "level": ["Land", "Kreis", "Gemeinde", "Kreis", "Gemeinde", "Bezirk", "PLR"],
            "n_areas": [16, 400, 10_956, 1, 23, 12, 542],
        }
    )
    assert kommunen_system(systems) == "de"
    assert kommunen_system(systems[systems["system_code"] != "de"]) is None  # one Kreis only
    assert kommunen_system(systems[systems["system_code"] == "lor"]) is None
    assert kommunen_system(systems.iloc[0:0]) is None


def test_largest_and_opening_level() -> None:
    gemeinden = pd.DataFrame(
        {
            "local_id": ["11000000", "06631009", "06631001", "01001000"],
            "population": [3_782_202, 69_000, float("nan"), 92_000],
        }
    )
    assert largest(gemeinden) == "11000000"
    assert largest(gemeinden.iloc[0:0]) is None
    assert largest(gemeinden.iloc[[2]]) == "06631001"  # no population: still a Kommune
    assert opening_level("11000000", gemeinden) == "Kreis"  # kreisfrei: Kreis = Gemeinde
    assert opening_level("01001000", gemeinden) == "Kreis"
    assert opening_level("06631009", gemeinden) == "Gemeinde"  # kreisangehörig
    assert opening_level("06631", gemeinden) == "Kreis"
    assert opening_level("06631999", gemeinden) == "Kreis"  # unknown key
    assert opening_level(None, gemeinden) == "Kreis"


def test_position_overview_in_catalogue_order_and_rows() -> None:
    # own 9 among peers 4, 6, 8 → Q1 5, median 6, Q3 7; 9 > Q3 with higher_worse → worse
    snap = pd.DataFrame(
        {
            "area_id": ["me", "p1", "p2", "p3"] * 2 + ["me"],
            "indicator_id": ["alo"] * 4 + ["age"] * 4 + ["debt"],
            "value": [9.0, 4.0, 6.0, 8.0, 40.0, 30.0, 40.0, 50.0, 1.0],
        }
    )
    cat = pd.DataFrame(
        {
            "domain": ["Arbeit", "Demografie", "Finanzen"],
            "name": ["Arbeitslosenquote", "Medianalter", "Schulden"],
            "polarity": ["higher_worse", "neutral", "higher_worse"],
        },
        index=pd.Index(["alo", "age", "debt"], name="indicator_id"),
    )
    table = position_overview(snap, cat, "me", ["p1", "p2", "p3"], ["age", "alo"])
    assert table["indicator_id"].tolist() == ["alo", "age"]  # Arbeit before Demografie
    alo, age = position_rows(table)
    assert (alo.peer_q1, alo.peer_median, alo.peer_q3) == (5.0, 6.0, 7.0)
    assert (alo.value, alo.n_peers, alo.rank_peers, alo.bewertung) == (9.0, 3, 100.0, WORSE)
    assert (age.peer_median, age.rank_peers, age.bewertung) == (40.0, 50.0, MIDDLE)


def test_medians_and_key_figures() -> None:
    wide = pd.DataFrame({"x": [1.0, 2.0, 10.0, NAN]}, index=["a", "b", "c", "d"])
    assert medians(wide, ["a", "c", "d", "zz"])["x"] == 5.5  # (1 + 10) / 2, NaN and zz skipped
    assert medians(wide)["x"] == 2.0
    snap = pd.DataFrame(
        {
            "area_id": ["me", "p", "q", "x", "p"],
            "indicator_id": ["alo", "alo", "alo", "alo", "kita"],
            "value": [9.0, 4.0, 7.0, 1.0, 50.0],
            "period": ["2021", "2021", "2021", "2021", "2024-03-01"],
        }
    )
    figures = key_figures(snap, "me", ["p", "q"], ["kita", "alo", "none"])
    assert figures.index.tolist() == ["kita", "alo", "none"]
    alo = figures.loc["alo"]
    # peers 4, 7 → 5.5; all four areas 1, 4, 7, 9 → (4 + 7) / 2 = 5.5
    assert (alo["value"], alo["peer_median"], alo["all_median"], alo["period"]) == (
        9.0,
        5.5,
        5.5,
        "2021",
    )
    kita = figures.loc["kita"]
    assert math.isnan(kita["value"]) and kita["peer_median"] == 50.0 and pd.isna(kita["period"])
    assert figures.loc["none"].drop("period").isna().all()


def test_key_figures_without_own_rows() -> None:
    snap = pd.DataFrame(
        {"area_id": ["p"], "indicator_id": ["alo"], "value": [3.0], "period": ["2020"]}
    )
    figures = key_figures(snap, "me", ["p"], ["alo"])
    assert math.isnan(figures.loc["alo", "value"]) and figures.loc["alo", "peer_median"] == 3.0


def test_first_last_changes() -> None:
    series = pd.DataFrame(
        {
            "indicator_id": ["u6"] * 6 + ["alo"] * 2,
            "area_id": ["me", "me", "me", "ref", "ref", "ref", "me", "ref"],
            "period": ["2024", "2019", "2021", "2019", "2021", "2024", "2020", "2020"],
            "value": [6.5, 5.0, NAN, 4.0, 9.0, 4.5, 7.0, 8.0],
        }
    )
    series["period_date"] = pd.to_datetime(series["period"] + "-12-31")
    table = first_last_changes(series, ["alo", "u6"], "me", "ref")
    assert table["indicator_id"].tolist() == ["u6"]  # alo: only one own value
    row = table.iloc[0]
    assert (row["start_period"], row["end_period"]) == ("2019", "2024")
    assert (row["start_value"], row["end_value"], row["change"]) == (5.0, 6.5, 1.5)
    assert row["ref_change"] == 0.5  # 4.5 − 4.0 over the same two periods
    no_ref = first_last_changes(series, ["u6"], "me", "")
    assert math.isnan(no_ref["ref_change"].iloc[0])


def test_age_band_table() -> None:
    bands = pd.DataFrame(
        {
            "area_id": ["a"] * 6 + ["b"],
            "year": [2024, 2030, 2035, 2024, 2030, 2024, 2024],
            "age_from": [0, 0, 0, 80, 80, 80, 0],
            "age_to": [6, 6, 6, None, None, None, 6],
            "count": [200.0, 150.0, 100.0, 30.0, 60.0, 10.0, 999.0],
        }
    )
    table = age_band_table(bands, "a", (2030, 2035, 2040))
    assert list(table.columns) == ["age_from", "age_to", 2024, 2030, 2035, "change_pct"]
    assert table["age_from"].tolist() == [0.0, 80.0]
    assert table["age_to"].iloc[0] == 6.0 and math.isnan(table["age_to"].iloc[1])
    assert table[2024].tolist() == [200.0, 40.0]  # two rows of the open band summed
    assert table["change_pct"].iloc[0] == -50.0  # 100 / 200 − 1
    assert math.isnan(table[2035].iloc[1]) and math.isnan(table["change_pct"].iloc[1])
    zero = bands.assign(count=[0.0, 5.0, 5.0, 0.0, 0.0, 0.0, 1.0])
    assert age_band_table(zero, "a", (2030,))["change_pct"].isna().all()
