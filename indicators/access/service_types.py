"""Service types (Leistungsarten) of the Bedarf–Angebot analysis, as data.

The parameters live in ``data/parameters/service_types.yaml``; this module
only turns the loaded YAML mapping into frozen dataclasses and checks it.
Loading the file is the caller's job (``indicators/`` does no I/O)::

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    services = parse_service_types(raw)
    detour = parse_detour_factor(raw)

Every error names the entry and the field in German, e.g.
``Leistungsart 'kita_u3', Feld 'quota': ...``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

DecayKind = Literal["step", "gaussian", "none"]
#: How supply is counted: places, or the number of facilities (data without place counts).
CapacityMode = Literal["places", "count"]
#: An age band in years: ``(age_from, age_to)``, ``age_to`` exclusive, ``None`` = open-ended.
AgeBand = tuple[float, float | None]
DECAY_KINDS: tuple[str, ...] = ("step", "gaussian", "none")
CAPACITY_MODES: tuple[str, ...] = ("places", "count")
STATUSES: tuple[str, ...] = ("Quelle", "Annahme")
SHARE_RULES: tuple[str, ...] = ("demand_share",)
#: German labels of the capacity modes (shown in the ``mode`` column of results).
MODE_LABELS: dict[CapacityMode, str] = {"places": "Plätze", "count": "Anzahl Einrichtungen"}


@dataclass(frozen=True)
class SourceRef:
    """Where an outside figure comes from (publisher, exact publication, year)."""

    publisher: str
    publication: str
    year: int


@dataclass(frozen=True)
class DecayConfig:
    """Distance-decay function of the E2SFCA.

    ``kind="step"``: zone ``k`` covers route distances up to
    ``zone_upper_fractions[k] × radius`` and has weight ``zone_weights[k]``
    (Luo & Qi 2009 use 1.00 / 0.68 / 0.22). ``kind="gaussian"``: Gaussian
    weight that falls to 0 at the radius (Dai 2010). ``kind="none"``:
    weight 1 inside the radius (classic 2SFCA).
    """

    kind: DecayKind = "step"
    zone_upper_fractions: tuple[float, ...] = (1 / 3, 2 / 3, 1.0)
    zone_weights: tuple[float, ...] = (1.0, 0.68, 0.22)
    source: str = ""


@dataclass(frozen=True)
class CapacityShare:
    """How one place count is split between service types of a group.

    ``rule="demand_share"``: a facility's places go to each service type of
    ``group`` in proportion to that type's total demand in the study region.
    """

    rule: str
    group: str
    note: str


@dataclass(frozen=True)
class ServiceType:
    """One service type: target group, demand quota and catchment settings.

    Ages are in years; ``age_to`` is exclusive (``None`` = open-ended).
    ``quota`` is a fraction (0.4584 = 45.84 % of the age group need a place).
    ``service_type`` is the value of the facility column that supplies it.
    ``catchment_radius_m`` is a route distance in metres (straight line ×
    detour factor, or a network distance if a matrix is given).
    """

    id: str
    name: str
    age_from: float
    age_to: float | None
    target_note: str
    quota: float
    quota_status: str
    quota_source: SourceRef
    quota_note: str
    quota_slider: tuple[float, float, float]
    service_type: str
    capacity_mode: CapacityMode
    capacity_share: CapacityShare | None
    catchment_radius_m: float
    catchment_status: str
    catchment_rationale: str
    decay: DecayConfig


@dataclass(frozen=True)
class DetourFactor:
    """Umwegfaktor: route distance / straight-line distance (dimensionless)."""

    value: float
    status: str
    rationale: str


def _fail(entry: str, field: str, msg: str) -> ValueError:
    """``entry`` is the label of the section, e.g. ``Leistungsart 'kita_u3'``."""
    return ValueError(f"{entry}, Feld '{field}': {msg}")


def _get(raw: Mapping[str, object], entry: str, field: str) -> object:
    if field not in raw:
        raise _fail(entry, field, "fehlt")
    return raw[field]


def _text(raw: Mapping[str, object], entry: str, field: str) -> str:
    value = _get(raw, entry, field)
    if not isinstance(value, str) or not value.strip():
        raise _fail(entry, field, "muss ein nicht leerer Text sein")
    return value.strip()


def _choice(raw: Mapping[str, object], entry: str, field: str, allowed: Sequence[str]) -> str:
    value = _text(raw, entry, field)
    if value not in allowed:
        raise _fail(entry, field, f"'{value}' ist nicht erlaubt (erlaubt: {', '.join(allowed)})")
    return value


def _number(
    raw: Mapping[str, object], entry: str, field: str, lo: float, hi: float = math.inf
) -> float:
    value = _get(raw, entry, field)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(entry, field, f"muss eine Zahl sein (ist {value!r})")
    if not lo <= value <= hi:
        raise _fail(entry, field, f"muss zwischen {lo:g} und {hi:g} liegen (ist {value:g})")
    return float(value)


def _mapping(raw: Mapping[str, object], entry: str, field: str) -> Mapping[str, object]:
    value = _get(raw, entry, field)
    if not isinstance(value, Mapping):
        raise _fail(entry, field, "muss ein Abschnitt (Mapping) sein")
    return cast(Mapping[str, object], value)


def _numbers(raw: Mapping[str, object], entry: str, field: str) -> tuple[float, ...]:
    value = _get(raw, entry, field)
    if not isinstance(value, list) or not value:
        raise _fail(entry, field, "muss eine nicht leere Liste von Zahlen sein")
    out = tuple(_number({field: v}, entry, field, 0.0, 1.0) for v in value)
    return out


def _parse_decay(raw: Mapping[str, object], entry: str) -> DecayConfig:
    kind = cast(DecayKind, _choice(raw, entry, "decay.kind", DECAY_KINDS))
    source = _text(raw, entry, "decay.source")
    if kind != "step":
        return DecayConfig(kind=kind, source=source)
    uppers = _numbers(raw, entry, "decay.zone_upper_fractions")
    weights = _numbers(raw, entry, "decay.zone_weights")
    if len(uppers) != len(weights):
        raise _fail(entry, "decay.zone_weights", "braucht genau ein Gewicht je Zone")
    if any(b <= a for a, b in zip((0.0, *uppers), uppers, strict=False)) or uppers[-1] != 1.0:
        raise _fail(entry, "decay.zone_upper_fractions", "muss streng steigen und mit 1.0 enden")
    return DecayConfig(kind, uppers, weights, source)


def _prefixed(raw: Mapping[str, object], prefix: str) -> dict[str, object]:
    return {f"{prefix}.{k}": v for k, v in raw.items()}


def _parse_age(raw: Mapping[str, object], entry: str) -> tuple[float, float | None]:
    age_from = _number(raw, entry, "age_from", 0.0, 130.0)
    if _get(raw, entry, "age_to") is None:
        return age_from, None
    age_to = _number(raw, entry, "age_to", 0.0, 130.0)
    if age_to <= age_from:
        raise _fail(entry, "age_to", f"muss größer als age_from ({age_from:g}) sein")
    return age_from, age_to


def _parse_one(raw: Mapping[str, object], service_id: str) -> ServiceType:
    entry = f"Leistungsart '{service_id}'"
    age_from, age_to = _parse_age(raw, entry)
    src = _prefixed(_mapping(raw, entry, "quota_source"), "quota_source")
    year = _number(src, entry, "quota_source.year", 1900, 2100)
    slider = _prefixed(_mapping(raw, entry, "quota_slider"), "quota_slider")
    lo, hi = (_number(slider, entry, f"quota_slider.{k}", 0.0, 1.0) for k in ("min", "max"))
    step = _number(slider, entry, "quota_slider.step", 1e-6, 1.0)
    quota = _number(raw, entry, "quota", 0.0, 1.0)
    if not lo <= quota <= hi:
        raise _fail(entry, "quota_slider", f"Bereich {lo:g}–{hi:g} enthält die Quote nicht")
    share_raw = _get(raw, entry, "capacity_share")
    share = None
    if share_raw is not None:
        sh = _prefixed(_mapping(raw, entry, "capacity_share"), "capacity_share")
        share = CapacityShare(
            _choice(sh, entry, "capacity_share.rule", SHARE_RULES),
            _text(sh, entry, "capacity_share.group"),
            _text(sh, entry, "capacity_share.note"),
        )
    catch = _prefixed(_mapping(raw, entry, "catchment"), "catchment")
    return ServiceType(
        id=service_id,
        name=_text(raw, entry, "name"),
        age_from=age_from,
        age_to=age_to,
        target_note=_text(raw, entry, "target_note"),
        quota=quota,
        quota_status=_choice(raw, entry, "quota_status", STATUSES),
        quota_source=SourceRef(
            _text(src, entry, "quota_source.publisher"),
            _text(src, entry, "quota_source.publication"),
            int(year),
        ),
        quota_note=_text(raw, entry, "quota_note"),
        quota_slider=(lo, hi, step),
        service_type=_text(raw, entry, "service_type"),
        capacity_mode=cast(CapacityMode, _choice(raw, entry, "capacity_mode", CAPACITY_MODES)),
        capacity_share=share,
        catchment_radius_m=_number(catch, entry, "catchment.radius_m", 1.0, 200_000.0),
        catchment_status=_choice(catch, entry, "catchment.status", STATUSES),
        catchment_rationale=_text(catch, entry, "catchment.rationale"),
        decay=_parse_decay(_prefixed(_mapping(raw, entry, "decay"), "decay"), entry),
    )


def parse_service_types(raw: Mapping[str, object]) -> tuple[ServiceType, ...]:
    """Validate the loaded ``service_types.yaml`` and return its service types.

    Parameters
    ----------
    raw : Mapping
        The YAML document as loaded by ``yaml.safe_load``; needs a list
        ``service_types`` whose entries each carry an ``id``.

    Returns
    -------
    tuple of ServiceType
        In file order.

    Raises
    ------
    ValueError
        With a German message naming the entry and the field.

    Examples
    --------
    >>> parse_service_types({"service_types": []})
    Traceback (most recent call last):
    ...
    ValueError: Die Parameterdatei enthält keine Leistungsarten ('service_types' ist leer).
    """
    entries = raw.get("service_types")
    if not isinstance(entries, list):
        raise ValueError("Die Parameterdatei braucht eine Liste 'service_types'.")
    if not entries:
        raise ValueError(
            "Die Parameterdatei enthält keine Leistungsarten ('service_types' ist leer)."
        )
    out: list[ServiceType] = []
    for pos, item in enumerate(entries, start=1):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise ValueError(f"Leistungsart Nr. {pos}: Feld 'id' fehlt oder ist kein Text.")
        entry = cast(Mapping[str, object], item)
        out.append(_parse_one(entry, str(entry["id"])))
    ids = [s.id for s in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"Leistungsart-ids kommen mehrfach vor: {', '.join(dupes)}")
    return tuple(out)


def parse_detour_factor(raw: Mapping[str, object]) -> DetourFactor:
    """Read the ``detour_factor`` section (Umwegfaktor, dimensionless, 1.0–3.0).

    Examples
    --------
    >>> parse_detour_factor(
    ...     {"detour_factor": {"value": 1.3, "status": "Annahme", "rationale": "x"}}
    ... ).value
    1.3
    """
    if not isinstance(raw.get("detour_factor"), Mapping):
        raise ValueError("Die Parameterdatei braucht einen Abschnitt 'detour_factor'.")
    sec = _prefixed(cast(Mapping[str, object], raw["detour_factor"]), "detour_factor")
    return DetourFactor(
        value=_number(sec, "Umwegfaktor", "detour_factor.value", 1.0, 3.0),
        status=_choice(sec, "Umwegfaktor", "detour_factor.status", STATUSES),
        rationale=_text(sec, "Umwegfaktor", "detour_factor.rationale"),
    )
