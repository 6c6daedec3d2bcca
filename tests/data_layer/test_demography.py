"""Readers of the shipped Destatis demography files."""

from __future__ import annotations

from pathlib import Path

import pytest

from data_layer.build.demography import (
    SOURCE_COLUMNS,
    read_asfr,
    read_laender_tfr,
    read_life_table,
    read_sex_ratio,
    read_tfr,
)

DEMO = Path(__file__).resolve().parents[2] / "data" / "raw" / "demography"


def test_read_life_table_values_and_source() -> None:
    lt = read_life_table(DEMO / "de_life_table_destatis_12621-0001.csv", "2022/24")
    assert len(lt) == 202
    assert lt["sex"].iloc[0] == "m" and lt["age"].iloc[0] == 0
    first = lt.iloc[0]
    assert (first["qx"], first["ex"]) == (0.00338118, 78.47)
    female100 = lt.loc[(lt["sex"] == "f") & (lt["age"] == 100)].iloc[0]
    assert (female100["qx"], female100["ex"]) == (0.37225504, 2.0)
    assert set(SOURCE_COLUMNS) <= set(lt.columns)
    assert (
        lt["attribution"].iloc[0] == "Statistisches Bundesamt (Destatis), 2025, Tabelle 12621-0001"
    )
    assert lt["licence"].iloc[0].endswith("(dl-de/by-2-0)")


def test_read_life_table_unknown_period() -> None:
    with pytest.raises(ValueError, match="2021/23 nicht vorhanden"):
        read_life_table(DEMO / "de_life_table_destatis_12621-0001.csv", "2021/23")


@pytest.mark.parametrize(("age", "asfr"), [(15, 0.0005), (31, None), (49, 0.0003)])
def test_read_asfr_2023(age: int, asfr: float | None) -> None:
    frame = read_asfr(DEMO / "de_asfr_single_age_destatis_12612-0008.csv", 2023)
    assert frame["age"].tolist() == list(range(15, 50))
    assert frame["asfr"].sum() == pytest.approx(1.385, abs=0.0006)
    if asfr is not None:
        assert frame.loc[frame["age"] == age, "asfr"].item() == asfr
    assert frame["source_table"].iloc[0].startswith("12612-0008")


def test_read_asfr_missing_year() -> None:
    with pytest.raises(ValueError, match="1960"):
        read_asfr(DEMO / "de_asfr_single_age_destatis_12612-0008.csv", 1960)


def test_read_tfr() -> None:
    frame = read_tfr(DEMO / "de_tfr_destatis_12612-0009.csv", [2021, 2023, 2024])
    assert frame["tfr_15_49"].tolist() == [1.576, 1.385, 1.352]
    assert len(read_tfr(DEMO / "de_tfr_destatis_12612-0009.csv")) == 53


def test_read_laender_tfr_berlin() -> None:
    frame = read_laender_tfr(DEMO / "laender_tfr_destatis_1990-2023.csv", "11", 2023)
    assert frame[["land", "tfr"]].iloc[0].tolist() == ["Berlin", 1.17]
    with pytest.raises(ValueError, match="Land 99"):
        read_laender_tfr(DEMO / "laender_tfr_destatis_1990-2023.csv", "99", 2023)


def test_read_sex_ratio() -> None:
    frame = read_sex_ratio(DEMO / "de_live_births_destatis_12612-0001.csv", [2021, 2023])
    assert frame["sex_ratio_m_per_f"].tolist() == pytest.approx([408474 / 387018, 355299 / 337690])
    assert frame["publisher"].iloc[0] == "Statistisches Bundesamt (Destatis)"
    with pytest.raises(ValueError, match="Geburten nach Geschlecht"):
        read_sex_ratio(DEMO / "de_live_births_destatis_12612-0001.csv", [1949, 2021])
