"""Duplicate facility numbers in a source: reported and resolved by a fixed rule (issue #15h)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from data_layer.build.adapters import berlin_facilities as bf

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "berlin_lor"


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "e_nr": ["1", "2", "2", "3", "3"],
            "plr_id": ["01000001", "02500727", "03601453", "04000001", "05000001"],
            "e_bez_nr": ["01", "03", "03", "05", "05"],
        }
    )


def test_rule_prefers_the_later_snapshots_area_then_own_bezirk(
    caplog: pytest.LogCaptureFixture,
) -> None:
    later = pd.Series({"2": "02500727"})  # the 2026 list puts Kita 2 in 02500727
    with caplog.at_level(logging.WARNING):
        kept = bf.resolve_duplicates(_rows(), later)
    assert dict(zip(kept["e_nr"], kept["plr_id"], strict=True)) == {
        "1": "01000001", "2": "02500727", "3": "05000001",  # 3: own Bezirk 05
    }  # fmt: skip
    assert "Einrichtung 2 steht 2-mal" in caplog.text
    assert "Einrichtung 3 steht 2-mal" in caplog.text
    assert "Einrichtung 1 " not in caplog.text


@pytest.mark.skipif(not (RAW / bf.KITA_WFS_FILE).is_file(), reason="Rohdaten fehlen")
def test_kita_03041650_is_in_the_same_area_in_2022_and_2026() -> None:
    k22 = bf.kitas_2022(RAW).set_index("facility_id")
    k26 = bf.kitas_2026(RAW).set_index("facility_id")
    assert k22.loc["kita2022:03041650", "area_id"] == "02500727"
    assert k26.loc["kita2026:03041650", "area_id"] == "02500727"
    assert len(k22) == 2880 and k22["capacity"].sum() == 194_979
