"""Which areas the projection covers: the ``scope`` block of data/parameters/projection.yaml.

The demo projects Berlin's 542 Planungsräume (LOR 2021). Another Kommune names its own area
system (the ``system_code`` of its Datenpaket), the finest level with population by age, the
name shown in the app ("Kreis Beispiel insgesamt") and the backtests its register data allow.
A store built before the block existed gets :data:`FALLBACK_SCOPE` (the demo's values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from data_layer.errors import DataError


@dataclass(frozen=True)
class Backtest:
    """One backtest: project from ``base`` (31.12.) and compare with the register at ``end``."""

    label: str
    area_system: str
    base: str
    end: str


@dataclass(frozen=True)
class ProjectionScope:
    """Area system, level and name of the projected Kommune, and its backtests."""

    area_system: str
    level: str
    place: str
    backtests: tuple[Backtest, ...] = ()
    population_source: str = "Einwohnerregister"


FALLBACK_SCOPE: dict[str, Any] = {
    "area_system": "lor2021",
    "level": "Planungsraum",
    "place": "Berlin",
    "population_source": "Einwohnerregister AfS Berlin-Brandenburg",
    "backtests": [
        {
            "label": "LOR 2021: 31.12.2021 → 31.12.2024",
            "area_system": "lor2021",
            "base": "2021-12-31",
            "end": "2024-12-31",
        }
    ],
}


def _text(block: Mapping[str, Any], key: str, where: str) -> str:
    value = block.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"Prognoseannahmen, {where}: „{key}“ fehlt oder ist leer.")
    return value.strip()


def _date(block: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(block, key, where)
    try:
        dt.date.fromisoformat(value)
    except ValueError as err:
        raise DataError(
            f"Prognoseannahmen, {where}: „{key}“ = „{value}“ ist kein Datum (JJJJ-MM-TT)."
        ) from err
    return value


def projection_scope(params: Mapping[str, Any]) -> ProjectionScope:
    """The checked ``scope`` block of the projection parameters.

    Examples
    --------
    >>> s = projection_scope({"scope": {"area_system": "kreis", "level": "Gemeinde",
    ...     "place": "Kreis Beispiel", "backtests": [{"label": "2019 → 2022",
    ...     "area_system": "kreis", "base": "2019-12-31", "end": "2022-12-31"}]}})
    >>> s.place, s.backtests[0].end
    ('Kreis Beispiel', '2022-12-31')
    >>> projection_scope({"scope": {"area_system": "kreis", "level": "", "place": "X"}})
    Traceback (most recent call last):
    ...
    data_layer.errors.DataError: Prognoseannahmen, scope: „level“ fehlt oder ist leer.
    """
    block = params.get("scope", FALLBACK_SCOPE)
    if not isinstance(block, Mapping):
        raise DataError("Prognoseannahmen: „scope“ muss ein Block mit Schlüsseln sein.")
    tests = block.get("backtests", [])
    if not isinstance(tests, list):
        raise DataError("Prognoseannahmen, scope: „backtests“ muss eine Liste sein.")
    backtests = []
    for i, item in enumerate(tests, start=1):
        where = f"scope.backtests Nr. {i}"
        if not isinstance(item, Mapping):
            raise DataError(f"Prognoseannahmen, {where}: Eintrag muss ein Block sein.")
        base, end = _date(item, "base", where), _date(item, "end", where)
        if end <= base:
            raise DataError(f"Prognoseannahmen, {where}: „end“ muss nach „base“ liegen.")
        backtests.append(
            Backtest(_text(item, "label", where), _text(item, "area_system", where), base, end)
        )
    return ProjectionScope(
        _text(block, "area_system", "scope"),
        _text(block, "level", "scope"),
        _text(block, "place", "scope"),
        tuple(backtests),
        _text(block, "population_source", "scope")
        if "population_source" in block
        else "Einwohnerregister",
    )


#: Keys of the rates block: current name → name in parameter files written for the demo
#: before the projection served other Kommunen (still read).
_LEGACY_RATE_KEYS = {"tfr": "tfr_berlin", "tfr_by_year": "tfr_berlin_by_year", "e0": "e0_berlin"}


def rates_block(params: Mapping[str, Any]) -> dict[str, Any]:
    """The Kommune's base rates (block ``base_rates``), also from the older names ``*_berlin``.

    >>> old = {"base_rates_berlin": {"tfr_berlin": {"value": 1.2}, "e0_berlin": {"male": 78.0}}}
    >>> sorted(rates_block(old)), rates_block(old)["tfr"]["value"]
    (['e0', 'tfr'], 1.2)
    """
    block = params.get("base_rates", params.get("base_rates_berlin"))
    if not isinstance(block, Mapping):
        raise DataError("Prognoseannahmen: der Block „base_rates“ fehlt.")
    out = {k: v for k, v in block.items() if k not in _LEGACY_RATE_KEYS.values()}
    for key, legacy in _LEGACY_RATE_KEYS.items():
        if key not in out and legacy in block:
            out[key] = block[legacy]
    return out


def natural_balance(volume_block: Mapping[str, Any]) -> Mapping[Any, Any]:
    """Births and deaths by year of the Kommune (``natural_balance``, formerly ``…_berlin``).

    >>> natural_balance({"natural_balance_berlin": {"values": {"2015": {"births": 1}}}})
    {'2015': {'births': 1}}
    """
    block = volume_block.get("natural_balance", volume_block.get("natural_balance_berlin", {}))
    values = block.get("values", {}) if isinstance(block, Mapping) else {}
    return values if isinstance(values, Mapping) else {}
