"""Net migration volume of the whole Kommune for the projection (stored parameters + register).

The rule (block ``net_migration_volume`` of data/parameters/projection.yaml):
the observed yearly net migration of Berlin (Wanderungsstatistik) of the years
up to the base year gives low = minimum, middle = median, high = mean
(:func:`indicators.projection.volume.volume_variants`). When no observed year
is known at the base date, one value is estimated from the register: the
change of the summed area populations over the migration base period minus
the natural balance of the base year, per year
(:func:`indicators.projection.volume.register_net_migration`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from data_layer.errors import DataError
from data_layer.read.common import _df
from data_layer.read.db import Conn
from data_layer.read.projection_inputs import BaseRates, register_volume
from data_layer.read.projection_scope import natural_balance
from indicators.projection.volume import register_net_migration, volume_variants


@dataclass(frozen=True)
class VolumeAssumption:
    """Net migrants per year of all areas for the variants, with how they were obtained.

    Attributes
    ----------
    low, middle, high
        Persons per year.
    years
        Observed years used (empty when estimated from the register).
    basis
        German one-line description of the derivation (shown in the app).
    """

    low: float
    middle: float
    high: float
    years: tuple[int, ...]
    basis: str

    def as_dict(self) -> dict[str, float]:
        """``{"low": …, "middle": …, "high": …}``."""
        return {"low": self.low, "middle": self.middle, "high": self.high}


#: The ``net_migration_volume`` block of parameters without one: no observed values of the
#: Kommune, so the volume is estimated from its register, or 0 (no migration) with one
#: Stichtag (:func:`volume_assumption`); rounding of the app's slider only.
ESTIMATED_BLOCK: dict[str, Any] = {
    "estimated": True,
    "unit": "Personen je Jahr",
    "rule": {"rounding": 100, "status": "Annahme", "note": "Schrittweite des Schiebereglers"},
}


def with_volume_block(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with ``net_migration_volume`` and each variant's ``migration_volume``.

    Parameters without that block (a Kommune's own file, a store built before the block
    existed) get :data:`ESTIMATED_BLOCK` – no observed values, the volume is estimated from
    the register or, with one Stichtag, zero (said in the app's "Geschätzte Eingaben") – and
    ``migration_volume`` = the variant's name.
    """
    if "net_migration_volume" in params:
        return params
    variants = {
        k: {**v, "migration_volume": v.get("migration_volume", k)}
        for k, v in params.get("variants", {}).items()
    }
    return {**params, "net_migration_volume": ESTIMATED_BLOCK, "variants": variants}


def observed_net_migration(params: dict[str, Any]) -> dict[int, float]:
    """Year → observed net migration of the Kommune (persons) from the stored parameters."""
    block = with_volume_block(params)["net_migration_volume"].get("observed", {})
    rows = block.get("values", [])
    if not rows:
        raise DataError("Beobachtete Wanderungssalden fehlen in den Prognoseannahmen.")
    return {int(r["year"]): float(r["value"]) for r in rows}


def register_total(conn: Conn, system_code: str, level: str, period: str) -> float:
    """Sum of the published area totals (both sexes, all ages) on one Stichtag (persons)."""
    df = _df(
        conn,
        """SELECT SUM(p.count) AS n FROM population p JOIN areas a USING (area_id)
           WHERE a.system_code = ? AND a.level = ? AND p.period = ? AND p.sex = 'all'
             AND p.age_from = 0 AND p.age_to IS NULL""",
        [system_code, level, period],
    )
    values = df["n"].dropna().to_numpy(dtype=float)
    if len(values) == 0:
        raise DataError(f"Keine Einwohnersumme für {system_code} am {period}.")
    return float(values[0])


def _de(period: str) -> str:
    """``"2015-06-30"`` → ``"30.06.2015"``."""
    return dt.date.fromisoformat(period).strftime("%d.%m.%Y")


def _years(start: str, end: str) -> float:
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return ((b.year - a.year) * 12 + (b.month - a.month)) / 12.0


def volume_assumption(
    conn: Conn,
    params: dict[str, Any],
    system_code: str,
    level: str,
    base_period: str,
    start_period: str,
    rates: BaseRates | None = None,
) -> VolumeAssumption:
    """The variants of the net migration volume known on ``base_period`` (31.12.).

    A block marked ``estimated`` (no observed value of the Kommune, see
    :func:`data_layer.read.projection_inputs.kommune_parameters`) gives one value estimated
    from the register with ``rates`` (:func:`~data_layer.read.projection_inputs.register_volume`),
    or 0 when the store has one Stichtag only (``start_period == base_period``).
    """
    base_year = dt.date.fromisoformat(base_period).year
    block = with_volume_block(params)["net_migration_volume"]
    if block.get("estimated"):
        return _estimated(conn, system_code, level, base_period, start_period, rates)
    observed = observed_net_migration(params)
    known = sorted(y for y in observed if y <= base_year)
    if known:
        v = volume_variants(observed, base_year)
        listed = ", ".join(str(y) for y in known)
        basis = (
            f"Wanderungsstatistik {listed}: niedrig = Minimum, mittel = Median, hoch = Mittelwert"
        )
        return VolumeAssumption(v["low"], v["middle"], v["high"], tuple(known), basis)
    natural = natural_balance(with_volume_block(params)["net_migration_volume"])
    row = natural.get(str(base_year)) or natural.get(base_year)  # JSON keys are strings
    if row is None:
        raise DataError(
            f"Für {base_year} sind weder Wanderungssaldo noch Geburten/Sterbefälle hinterlegt."
        )
    years = _years(start_period, base_period)
    change = register_total(conn, system_code, level, base_period) - register_total(
        conn, system_code, level, start_period
    )
    value = register_net_migration(change, years, float(row["births"]), float(row["deaths"]))
    basis = (
        f"kein Jahreswert bekannt: Einwohnerregister {_de(start_period)} bis {_de(base_period)} "
        f"minus Geburten und Sterbefälle {base_year}, auf ein Jahr umgerechnet"
    )
    return VolumeAssumption(value, value, value, (), basis)


#: Basis text of a volume estimated from the register (marked "geschätzt" everywhere).
ESTIMATED_BASIS = (
    "geschätzt: kein gemeldeter Wanderungssaldo hinterlegt; Veränderung im Einwohnerregister "
    "{start} bis {base} minus der im Modell berechneten Geburten und Sterbefälle, je Jahr"
)
#: Basis text with one Stichtag only.
NO_MIGRATION_BASIS = (
    "ohne Wanderung: nur ein Stichtag ({base}), daraus lässt sich kein Wanderungssaldo ablesen "
    "und kein gemeldeter ist hinterlegt"
)


def _estimated(
    conn: Conn,
    system_code: str,
    level: str,
    base_period: str,
    start_period: str,
    rates: BaseRates | None,
) -> VolumeAssumption:
    if start_period == base_period:
        return VolumeAssumption(0.0, 0.0, 0.0, (), NO_MIGRATION_BASIS.format(base=_de(base_period)))
    if rates is None:
        raise DataError("Für die Schätzung des Wanderungssaldos fehlen Geburten- und Sterberaten.")
    value = register_volume(conn, system_code, level, base_period, start_period, rates)
    basis = ESTIMATED_BASIS.format(start=_de(start_period), base=_de(base_period))
    return VolumeAssumption(value, value, value, (), basis)
