"""Every catalogue entry that counts persons, or is a share of persons, has a disclosure rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from data_layer.build.public_build import load_settings

CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "catalogue"
#: a denominator naming persons makes a share a share of persons
_PERSONS = re.compile(r"einwohner|personen|bevölkerung|kinder|jugendliche|menschen", re.I)


def _entries() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CATALOGUE.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in content.get("indicators") or []:
            out.append((path.name, entry))
    return out


def needs_rule(entry: dict, person_units: set[str]) -> bool:
    """A count of persons, or a share (unit %) whose denominator is persons."""
    unit = str(entry.get("unit", "")).strip().casefold()
    if unit in person_units:
        return True
    return unit == "%" and bool(_PERSONS.search(str(entry.get("denominator", ""))))


def has_rule(entry: dict) -> bool:
    return (
        float(entry.get("count_threshold") or 0) > 0 or float(entry.get("min_denominator") or 0) > 0
    )


def test_rule_check_recognises_a_share_of_persons_without_rule() -> None:
    units = {"personen"}
    share = {"unit": "%", "denominator": "Einwohner (Zensus 2022)", "count_threshold": 0}
    assert needs_rule(share, units) and not has_rule(share)
    assert has_rule({**share, "count_threshold": 3})
    assert not needs_rule({"unit": "€ je Einwohner", "denominator": "Einwohner"}, units)


@pytest.mark.parametrize(
    "name, entry", _entries(), ids=lambda x: x if isinstance(x, str) else x.get("indicator_id")
)
def test_person_entries_have_a_disclosure_rule(name: str, entry: dict) -> None:
    units = {u.strip().casefold() for u in load_settings().person_units}
    if (
        entry.get("public") is False
        or entry.get("aggregation") == "sum"
        and not needs_rule(entry, units)
    ):
        pytest.skip("kein Personenbezug")
    if needs_rule(entry, units):
        assert has_rule(entry), (
            f"{name}: {entry.get('indicator_id')} zählt Personen, hat aber keine Geheimhaltungsregel"
        )
