"""Service-type parameters: the shipped YAML parses, its figures match the shipped data."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from indicators.access.service_types import parse_detour_factor, parse_service_types

ROOT = Path(__file__).resolve().parents[2]
YAML_PATH = ROOT / "data" / "parameters" / "service_types.yaml"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(YAML_PATH.read_text(encoding="utf-8"))
    return loaded


def test_shipped_file_parses(raw: dict[str, Any]) -> None:
    services = {s.id: s for s in parse_service_types(raw)}
    assert list(services) == ["kita_u3", "kita_ue3", "pflege_stationaer", "jugendfreizeit"]
    bands = {k: (s.age_from, s.age_to, s.service_type) for k, s in services.items()}
    assert bands == {
        "kita_u3": (0.0, 3.0, "Kita"),
        "kita_ue3": (3.0, 6.0, "Kita"),
        "pflege_stationaer": (80.0, None, "Pflegeheim"),
        "jugendfreizeit": (6.0, 18.0, "Jugendfreizeiteinrichtung"),
    }
    assert services["kita_u3"].decay.zone_weights == (1.0, 0.68, 0.22)
    assert services["kita_u3"].capacity_share is not None
    assert services["pflege_stationaer"].capacity_share is None
    assert parse_detour_factor(raw).value == 1.3


def test_kita_quotas_are_latest_inkar_berlin_values(raw: dict[str, Any]) -> None:
    inkar = pd.read_csv(
        RAW / "germany_admin/tables/inkar_kreise_1995-2022_via_gerda.csv",
        dtype={"county_code": str},
    )
    berlin = inkar[inkar["county_code"] == "11000"].dropna(subset=["childcare_under3"])
    latest = berlin.loc[berlin["year"].idxmax()]
    services = {s.id: s for s in parse_service_types(raw)}
    assert int(latest["year"]) == services["kita_u3"].quota_source.year == 2020
    assert services["kita_u3"].quota == pytest.approx(latest["childcare_under3"] / 100)
    assert services["kita_ue3"].quota == pytest.approx(latest["childcare_3to6"] / 100)


def _ewr() -> pd.DataFrame:
    return pd.read_csv(
        RAW / "berlin_lor/population/EWR_L21_202412E_Matrix.csv", sep=";", dtype={"RAUMID": str}
    )


def _places(name: str, column: str) -> float:
    data = json.loads((RAW / "berlin_lor/facilities" / name).read_text(encoding="utf-8"))
    return float(sum(f["properties"][column] for f in data["features"]))


def test_assumed_quotas_equal_the_documented_computation(raw: dict[str, Any]) -> None:
    """Pflege / JFE defaults are Berlin's status quo: places / residents, rounded to 4 d."""
    ewr = _ewr()
    pop80 = ewr["E_E80U110"].sum()
    pop6_18 = ewr[
        ["E_E06_07", "E_E07_08", "E_E08_10", "E_E10_12", "E_E12_14", "E_E14_15", "E_E15_18"]
    ]
    care = _places("berlin_pflegeeinrichtungen_wfs_2023-07.geojson", "platzzahl")
    youth = _places("berlin_jugendfreizeiteinrichtungen_wfs_2022-12.geojson", "e_platz")
    assert (care, pop80, youth, pop6_18.sum().sum()) == (31154, 255052, 46449, 424902)
    services = {s.id: s for s in parse_service_types(raw)}
    assert services["pflege_stationaer"].quota == round(care / pop80, 4) == 0.1221
    assert services["jugendfreizeit"].quota == round(youth / pop6_18.sum().sum(), 4) == 0.1093


def test_every_assumption_is_labelled(raw: dict[str, Any]) -> None:
    for s in parse_service_types(raw):
        if s.quota_status == "Annahme":
            assert "Annahme (Planungsrichtwert), bitte örtlich festlegen" in s.quota_note
        if s.catchment_status == "Annahme":
            assert "Annahme (Planungsrichtwert), bitte örtlich festlegen" in s.catchment_rationale
        assert "Luo" in s.decay.source and "2009" in s.decay.source
    assert parse_detour_factor(raw).status == "Annahme"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("quota",), 1.5, "Leistungsart 'kita_u3', Feld 'quota': muss zwischen 0 und 1 liegen"),
        (("quota",), "viel", "Leistungsart 'kita_u3', Feld 'quota': muss eine Zahl sein"),
        (("age_to",), 0, "Leistungsart 'kita_u3', Feld 'age_to': muss größer als age_from"),
        (("capacity_mode",), "Betten", "Feld 'capacity_mode': 'Betten' ist nicht erlaubt"),
        (("quota_source", "year"), None, "Feld 'quota_source.year': muss eine Zahl sein"),
        (
            ("quota_slider", "max"),
            0.3,
            "Feld 'quota_slider': Bereich 0.2–0.3 enthält die Quote nicht",
        ),
        (("catchment", "radius_m"), -5, "Feld 'catchment.radius_m': muss zwischen 1 und 200000"),
        (
            ("decay", "zone_weights"),
            [1.0, 0.5],
            "Feld 'decay.zone_weights': braucht genau ein Gewicht",
        ),
        (
            ("decay", "zone_upper_fractions"),
            [0.5, 0.4, 1.0],
            "muss streng steigen und mit 1.0 enden",
        ),
        (("decay", "kind"), "linear", "Feld 'decay.kind': 'linear' ist nicht erlaubt"),
        (("name",), "", "Leistungsart 'kita_u3', Feld 'name': muss ein nicht leerer Text sein"),
    ],
)
def test_invalid_entries_name_entry_and_field(
    raw: dict[str, Any], path: tuple[str, ...], value: object, message: str
) -> None:
    bad = copy.deepcopy(raw)
    target = bad["service_types"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_service_types(bad)


def test_missing_field_and_duplicates(raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    del bad["service_types"][1]["quota_note"]
    with pytest.raises(ValueError, match="Leistungsart 'kita_ue3', Feld 'quota_note': fehlt"):
        parse_service_types(bad)
    dup = copy.deepcopy(raw)
    dup["service_types"][1]["id"] = "kita_u3"
    with pytest.raises(ValueError, match="mehrfach vor: kita_u3"):
        parse_service_types(dup)
    with pytest.raises(ValueError, match="detour_factor.value"):
        parse_detour_factor(
            {"detour_factor": {"value": 0.8, "status": "Annahme", "rationale": "x"}}
        )
