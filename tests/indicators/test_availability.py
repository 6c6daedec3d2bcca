"""The catalogue's availability summary (indicators.availability) on a hand-worked coverage."""

from __future__ import annotations

import pandas as pd

from indicators.availability import availability


def test_availability_per_system_and_level() -> None:
    # rows in no particular order; two systems, three levels
    cov = pd.DataFrame(
        {
            "area_system": ["LOR", "LOR", "LOR", "DE", "LOR", "DE"],
            "level": ["PLR", "BZR", "PLR", "Kreis", "PLR", "Kreis"],
            "level_rank": [2, 1, 2, 2, 2, 2],
            "period": ["2024-12-31", "2024-12-31", "2022-12-31", "2022", "2023-12-31", "2011"],
            "n_with_value": [540, 143, 538, 400, 542, 401],
        }
    )
    out = availability(cov)
    assert out.to_dict("list") == {
        "area_system": ["DE", "LOR", "LOR"],
        "level": ["Kreis", "BZR", "PLR"],
        "level_rank": [2, 1, 2],
        # PLR: periods 2022, 2023, 2024 → first 2022, last 2024, 3 periods, at most 542 areas
        "first_period": ["2011", "2024-12-31", "2022-12-31"],
        "last_period": ["2022", "2024-12-31", "2024-12-31"],
        "n_periods": [2, 1, 3],
        "max_areas": [401, 143, 542],
    }


def test_availability_of_nothing_is_empty() -> None:
    cov = pd.DataFrame(
        {"area_system": [], "level": [], "level_rank": [], "period": [], "n_with_value": []}
    )
    out = availability(cov)
    assert out.empty
    assert {"first_period", "last_period", "n_periods", "max_areas"} <= set(out.columns)
