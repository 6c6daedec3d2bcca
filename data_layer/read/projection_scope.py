"""Which areas the projection covers: the ``scope`` block of data/parameters/projection.yaml.

The demo projects Berlin's 542 Planungsräume (LOR 2021). Another Kommune names its own area
system (the ``system_code`` of its Datenpaket), the finest level with population by age, the
name shown in the app ("Kreis Beispiel insgesamt") and the backtests its register data allow.
Without the block (a Kommune's own parameters, a store built before the block existed) the scope
is derived from the store's home (:func:`data_layer.read.home.home`: area system, start level,
place name) with no backtests (:func:`home_scope`); nothing of the demo is assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from data_layer.errors import DataError
from data_layer.read.home import Home


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


def home_scope(h: Home) -> dict[str, Any]:
    """The ``scope`` block of a Kommune whose parameters have none: its home, no backtests.

    >>> h = Home("stadt", "Stadt 2024", "Beispielstadt", ("Stadt", "Stadtteil"), "Stadtteil",
    ...          None, None, None, None)
    >>> home_scope(h)["area_system"], home_scope(h)["level"], home_scope(h)["place"]
    ('stadt', 'Stadtteil', 'Beispielstadt')
    """
    return {
        "area_system": h.system_code,
        "level": h.level,
        "place": h.place,
        "population_source": "Einwohnerregister",
        "backtests": [],
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


def projection_scope(params: Mapping[str, Any], home: Home | None = None) -> ProjectionScope:
    """The checked ``scope`` block of the projection parameters.

    Without the block the scope is the store's ``home`` (:func:`home_scope`); without both,
    a :class:`DataError` names the missing block.

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
    block = params.get("scope")
    if block is None:
        if home is None or not home.system_code or not home.level:
            raise DataError(
                "Prognoseannahmen: der Block „scope“ fehlt und die Datenbasis nennt kein "
                "Gebietssystem mit Einwohnern (paket.yaml: system_code)."
            )
        block = home_scope(home)
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
