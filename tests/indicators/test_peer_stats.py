"""Position among peers: hand-worked tables with ties, gaps and a Kommune without value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.peers.change import change_over_period, change_position, peer_band_series
from indicators.peers.stats import (
    BETTER,
    HIGHER,
    LOWER,
    MIDDLE,
    NO_DATA,
    POSITION_COLUMNS,
    WORSE,
    assess,
    percentile_rank,
    position,
)

NAN = np.nan
PEERS = ["p1", "p2", "p3", "p4", "p5"]


def _long(table: dict[str, dict[str, float]]) -> pd.DataFrame:
    rows = [
        {"area_id": area, "indicator_id": ind, "value": value}
        for ind, per_area in table.items()
        for area, value in per_area.items()
    ]
    return pd.DataFrame(rows)


# me = own Kommune; p1–p5 peers; x1, x2 other areas (count only for "all areas")
VALUES = _long(
    {
        # peers with value 2,4,6,8 (p5 missing); own 6 ties with p3 and x1
        "alo": {"me": 6, "p1": 2, "p2": 4, "p3": 6, "p4": 8, "p5": NAN, "x1": 6, "x2": 10},
        # peers 40,30,45,20 (p4 missing); own 50 above all peers, ties x1
        "kita": {"me": 50, "p1": 40, "p2": 30, "p3": 45, "p4": NAN, "p5": 20, "x1": 50, "x2": 60},
        # own value missing
        "age65": {"me": NAN, "p1": 20, "p2": 22, "p3": 24, "p4": 26, "p5": 28, "x1": 30, "x2": NAN},
        # no peer has a value
        "debt": {"me": 100, "p1": NAN, "p2": NAN, "x1": 50},
    }
)
POLARITY = {
    "alo": "higher_worse",
    "kita": "higher_better",
    "age65": "neutral",
    "debt": "higher_worse",
}

# indicator, value, n_peers, median, q1, q3, rank_peers, n_all, rank_all, bewertung
EXPECTED = [
    # ties: below 2 of 4 peers, 1 tie → (2 + 0.5) / 4 = 62.5 %; all: 2 below, 2 ties of 6 → 50 %
    ("age65", NAN, 5, 24.0, 22.0, 26.0, NAN, 6, NAN, NO_DATA),
    ("alo", 6.0, 4, 5.0, 3.5, 6.5, 62.5, 6, 50.0, MIDDLE),
    ("debt", 100.0, 0, NAN, NAN, NAN, NAN, 1, 100.0, NO_DATA),
    # 50 > Q3 41.25 → besser; all: 4 below, 1 tie of 6 → 75 %
    ("kita", 50.0, 4, 35.0, 27.5, 41.25, 100.0, 6, 75.0, BETTER),
]


def test_position_hand_worked() -> None:
    result = position(VALUES, "me", PEERS, POLARITY)
    assert list(result.columns) == list(POSITION_COLUMNS)
    expected = pd.DataFrame(EXPECTED, columns=list(POSITION_COLUMNS))
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_own_area_in_peer_list_is_ignored() -> None:
    with_own = position(VALUES, "me", [*PEERS, "me"], POLARITY)
    pd.testing.assert_frame_equal(with_own, position(VALUES, "me", PEERS, POLARITY))


def test_kommune_without_any_row() -> None:
    values = VALUES[VALUES["area_id"] != "me"]
    result = position(values, "me", PEERS, POLARITY).set_index("indicator_id")
    assert result["bewertung"].tolist() == [NO_DATA] * 4
    assert result["value"].isna().all()
    assert [result.at["alo", c] for c in ("peer_median", "n_peers", "n_all")] == [5.0, 4, 6]


def test_empty_peer_group() -> None:
    result = position(VALUES, "me", [], POLARITY).set_index("indicator_id")
    assert result["n_peers"].tolist() == [0, 0, 0, 0]
    assert result["bewertung"].tolist() == [NO_DATA] * 4
    assert result.loc["kita", "rank_all"] == 75.0


def test_values_not_mutated() -> None:
    before = VALUES.copy()
    position(VALUES, "me", PEERS, POLARITY)
    pd.testing.assert_frame_equal(VALUES, before)


@pytest.mark.parametrize(
    ("values", "polarity", "message"),
    [
        (VALUES, {"alo": "higher_worse"}, "Polarität fehlt"),
        (VALUES, {**POLARITY, "kita": "higher_is_better"}, "Unbekannte Polarität"),
        (pd.concat([VALUES, VALUES.head(1)]), POLARITY, "Mehrere Werte"),
        (VALUES.drop(columns="value"), POLARITY, "Spalten fehlen"),
    ],
)
def test_position_invalid(values: pd.DataFrame, polarity: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        position(values, "me", PEERS, polarity)


@pytest.mark.parametrize(
    ("x", "others", "expected"),
    [
        (3.0, [1.0, 3.0, 5.0, 7.0], 37.5),
        (0.0, [1.0, 2.0], 0.0),
        (9.0, [1.0, 2.0], 100.0),
        (2.0, [2.0, 2.0, 2.0], 50.0),
        (2.0, [1.0, NAN, 3.0], 50.0),
        (NAN, [1.0], NAN),
        (1.0, [NAN], NAN),
        (1.0, [], NAN),
    ],
)
def test_percentile_rank(x: float, others: list[float], expected: float) -> None:
    result = percentile_rank(x, np.array(others, dtype=float))
    if np.isnan(expected):
        assert np.isnan(result)
    else:
        assert result == expected


@pytest.mark.parametrize(
    ("value", "polarity", "expected"),
    [
        (11.0, "higher_better", BETTER),
        (4.0, "higher_better", WORSE),
        (11.0, "higher_worse", WORSE),
        (4.0, "higher_worse", BETTER),
        (11.0, "neutral", HIGHER),
        (4.0, "neutral", LOWER),
        (10.0, "higher_better", MIDDLE),  # equal to Q3: still im Mittelfeld
        (5.0, "higher_worse", MIDDLE),  # equal to Q1
        (7.0, "neutral", MIDDLE),
        (NAN, "higher_better", NO_DATA),
    ],
)
def test_assess(value: float, polarity: str, expected: str) -> None:
    assert assess(value, 5.0, 10.0, polarity) == expected


# --- time series band ------------------------------------------------------------------

SERIES = pd.DataFrame(
    {
        "area_id": ["me", "p1", "p2", "p3", "p4"] * 3,
        "period": ["2019"] * 5 + ["2020"] * 5 + ["2021"] * 5,
        "value": [9, 1, 2, 3, 4, 9, 10, NAN, 30, NAN, 9, NAN, NAN, NAN, NAN],
    }
)


def test_peer_band_series_hand_worked() -> None:
    band = peer_band_series(SERIES, ["p1", "p2", "p3", "p4"])
    expected = pd.DataFrame(
        {
            "period": ["2019", "2020", "2021"],
            # 1,2,3,4 → Q1 1.75, median 2.5, Q3 3.25; 10,30 → 15, 20, 25; none → NaN
            "median": [2.5, 20.0, NAN],
            "q1": [1.75, 15.0, NAN],
            "q3": [3.25, 25.0, NAN],
            "n": [4, 2, 0],
        }
    )
    pd.testing.assert_frame_equal(band, expected, check_dtype=False)


def test_peer_band_series_duplicates_raise() -> None:
    with pytest.raises(ValueError, match="Mehrere Werte"):
        peer_band_series(pd.concat([SERIES, SERIES.head(1)]), ["p1"])


# --- change over a period ----------------------------------------------------------------

CHANGES = pd.DataFrame(
    {
        "area_id": ["me", "me", "p1", "p1", "p2", "p2", "p3", "p3", "p4", "p5", "p5"],
        "period": ["2015", "2020"] * 3 + ["2015", "2020"] + ["2020"] + ["2015", "2020"],
        "value": [10.0, 8.0, 10.0, 10.0, 10.0, 11.0, 20.0, 23.0, 5.0, 0.0, 2.0],
    }
)


def test_change_over_period_percent_and_absolute() -> None:
    pct = change_over_period(CHANGES, "2015", "2020")
    assert pct["area_id"].tolist() == ["me", "p1", "p2", "p3", "p4", "p5"]
    assert pct["start_value"].tolist()[:4] == [10.0, 10.0, 10.0, 20.0]
    np.testing.assert_allclose(pct["change"], [-20.0, 0.0, 10.0, 15.0, NAN, NAN])  # p5 starts at 0
    absolute = change_over_period(CHANGES, "2015", "2020", "absolute")
    np.testing.assert_allclose(absolute["change"], [-2.0, 0.0, 1.0, 3.0, NAN, 2.0])


def test_change_position_gains_ground() -> None:
    # peer changes in %: 0, 10, 15 (p4, p5 undefined) → Q1 5, median 10, Q3 12.5
    result = change_position(
        CHANGES, "me", ["p1", "p2", "p3", "p4", "p5"], "2015", "2020", "higher_worse"
    )
    assert result[["value", "n_peers", "peer_q1", "peer_median", "peer_q3"]].tolist() == [
        -20.0,
        3,
        5.0,
        10.0,
        12.5,
    ]
    assert result["rank_peers"] == 0.0
    assert result["bewertung"] == BETTER  # falling unemployment while peers rise
    rising_is_good = change_position(
        CHANGES, "me", ["p1", "p2", "p3"], "2015", "2020", "higher_better"
    )
    assert rising_is_good["bewertung"] == WORSE


def test_change_position_absolute_own_missing() -> None:
    values = CHANGES[~((CHANGES["area_id"] == "me") & (CHANGES["period"] == "2015"))]
    result = change_position(values, "me", ["p1", "p2"], "2015", "2020", "neutral", kind="absolute")
    assert np.isnan(result["value"])
    assert result["bewertung"] == NO_DATA


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2015", "end": "2020", "kind": "ratio"}, "kind"),
        ({"start": "2015", "end": "2015"}, "verschieden"),
    ],
)
def test_change_over_period_invalid(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        change_over_period(CHANGES, **kwargs)


def test_real_inkar_unemployment_berlin() -> None:
    path = (
        Path(__file__).resolve().parents[2]
        / "data/raw/germany_admin/tables/inkar_kreise_1995-2022_via_gerda.csv"
    )
    inkar = pd.read_csv(
        path, dtype={"county_code": str}, usecols=["county_code", "year", "unemployment_rate"]
    )
    values = pd.DataFrame(
        {
            "area_id": inkar["county_code"],
            "period": inkar["year"].astype(str),
            "value": inkar["unemployment_rate"],
        }
    )
    big_cities = [
        "02000",
        "09162",
        "05315",
        "06412",
        "08111",
    ]  # Hamburg, München, Köln, Frankfurt, Stuttgart
    y2015 = values[values["period"] == "2015"].assign(indicator_id="unemployment_rate")
    result = position(y2015, "11000", big_cities, {"unemployment_rate": "higher_worse"}).iloc[0]
    assert result["value"] == 10.66  # Berlin 2015 (SOURCES.md spot check)
    assert result["n_peers"] == 5
    assert result["n_all"] == 399
    assert result["bewertung"] == WORSE
    band = peer_band_series(values, big_cities)
    assert band["n"].max() == 5
    assert len(band) == 28


def test_change_position_without_any_data() -> None:
    result = change_position(CHANGES.iloc[0:0], "me", ["p1"], "2015", "2020", "neutral")
    assert result["bewertung"] == NO_DATA
    assert (result["n_peers"], result["n_all"]) == (0, 0)
    assert np.isnan(result["value"])
