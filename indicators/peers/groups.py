"""Peer groups (Vergleichsgruppen) for inter-municipal benchmarking.

The ``areas`` frame used here has the columns ``area_id`` (str), ``name``,
``land`` (2-digit Länderschlüssel as str), ``type`` and ``population``
(persons); the mode ``"kreis"`` also needs ``parent_id`` (the Kreis of a Gemeinde). ``type`` is the Kreis type ("Kreisfreie Stadt", "Landkreis", …)
for Kreise and the DEGURBA degree of urbanisation ("dicht besiedelt",
"mittlere Besiedlungsdichte", "gering besiedelt") for Gemeinden.

A peer group never contains the own area. Selections that depend on a
*features* frame (``mode "similar"``) are computed in
:mod:`indicators.peers.distance`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np
import pandas as pd

from indicators.frame_memo import remember
from indicators.peers.distance import nearest_peers


class PeerMode(StrEnum):
    """How a peer group is selected; several modes combine (intersection).

    A member equals its text (``PeerMode.LAND == "land"``), so plain strings
    work wherever a mode is expected.
    """

    LAND = "land"  #: same Land
    TYPE = "type"  #: same Kreis type / degree of urbanisation (:func:`type_group`)
    SIZE = "size"  #: same size band (:func:`size_band`)
    SIMILAR = "similar"  #: the k structurally most similar areas
    KREIS = "kreis"  #: same parent area: the Gemeinden of one Kreis (:func:`same_parent`)
    POPULATION = "population"  #: similar number of residents (:func:`population_band`)


#: Peer selection modes; several can be combined (intersection).
PEER_MODES: tuple[str, ...] = tuple(m.value for m in PeerMode)

#: Which size bands apply: Gemeinden or Kreise.
SizeScale = Literal["gemeinde", "kreis"]

#: Scales for which size bands are defined.
SIZE_SCALES: tuple[SizeScale, ...] = ("gemeinde", "kreis")

#: Lower bounds (persons) and German labels of the size bands. Gemeinden:
#: 5,000 / 20,000 / 100,000 are the population thresholds of the BBSR
#: Stadt- und Gemeindetypen (Landgemeinde / Kleinstadt / Mittelstadt /
#: Großstadt; without BBSR's additional centrality criterion); the split at
#: 500,000 is a Planungsatlas choice (Annahme). Kreise: Annahme of the
#: Planungsatlas, chosen so that each band holds at least ~20 of the 400
#: Kreise (Gebietsstand 2021: 90 / 105 / 112 / 73 / 20).
SIZE_BANDS: dict[str, tuple[tuple[float, str], ...]] = {
    "gemeinde": (
        (0, "unter 5.000"),
        (5_000, "5.000 bis unter 20.000"),
        (20_000, "20.000 bis unter 100.000"),
        (100_000, "100.000 bis unter 500.000"),
        (500_000, "500.000 und mehr"),
    ),
    "kreis": (
        (0, "unter 100.000"),
        (100_000, "100.000 bis unter 150.000"),
        (150_000, "150.000 bis unter 250.000"),
        (250_000, "250.000 bis unter 500.000"),
        (500_000, "500.000 und mehr"),
    ),
}

#: Label for a missing population.
NO_SIZE = "keine Angabe"

#: Kreis types that are the same kind of unit under another Land's name.
TYPE_GROUPS: dict[str, str] = {
    "Stadtkreis": "Kreisfreie Stadt",  # Baden-Württemberg
    "Kreis": "Landkreis",  # Nordrhein-Westfalen, Schleswig-Holstein
    "Regionalverband": "Landkreis",  # Regionalverband Saarbrücken
}

AREA_COLUMNS: tuple[str, ...] = ("area_id", "name", "land", "type", "population")

#: Factors of the population band of mode ``"population"``, tried in this order: the peers
#: have between 1/f and f times the residents of the own Kommune, for the smallest f that
#: leaves enough candidates (k for ``"similar"``, else one). Annahme des Planungsatlas:
#: "ähnlich groß" as at most half or twice the size; the wider bands only for the largest
#: and smallest Kommunen, which have too few neighbours in size (the largest city: only one
#: within a factor of 2).
POPULATION_FACTORS: tuple[float, ...] = (2.0, 3.0, 5.0, 10.0)


@dataclass(frozen=True)
class PeerDefinition:
    """How a peer group is built.

    Attributes
    ----------
    modes : tuple of str
        Any combination of :data:`PEER_MODES`. ``"land"``, ``"type"`` and
        ``"size"`` filter (all must hold); ``"similar"`` then keeps the ``k``
        nearest of the remaining areas on ``columns``. No mode = only the
        areas in ``added`` (a purely manual group).
    k : int
        Number of nearest areas for ``"similar"``.
    columns : tuple of str
        Feature columns for ``"similar"`` (at least one when it is used).
    added : tuple of str
        Area ids always included (even outside the filters).
    removed : tuple of str
        Area ids taken out after selection; the group then simply has fewer
        members (the gap is not refilled).
    size_scale : str
        ``"gemeinde"`` or ``"kreis"``: which size bands ``"size"`` uses.
    """

    modes: tuple[str, ...] = ("similar",)
    k: int = 10
    columns: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    size_scale: SizeScale = "gemeinde"

    def __post_init__(self) -> None:
        unknown = set(self.modes) - set(PEER_MODES)
        if unknown:
            raise ValueError(f"Unbekannte Vergleichsart: {', '.join(sorted(unknown))}")
        if self.k < 1:
            raise ValueError("k muss mindestens 1 sein.")
        if PeerMode.SIMILAR in self.modes and not self.columns:
            raise ValueError("Für 'ähnliche Kommunen' mindestens ein Merkmal wählen.")
        if self.size_scale not in SIZE_SCALES:
            raise ValueError(f"size_scale muss eines von {SIZE_SCALES} sein.")


def _check_areas(areas: pd.DataFrame, area_id: str) -> None:
    missing = [c for c in AREA_COLUMNS if c not in areas.columns]
    if missing:
        raise ValueError(f"Spalten fehlen in den Gebieten: {', '.join(missing)}")
    if remember(areas, "duplicated area_id", lambda: bool(areas["area_id"].duplicated().any())):
        raise ValueError("area_id ist in den Gebieten nicht eindeutig.")
    if not (areas["area_id"] == area_id).any():
        raise ValueError(f"Gebiet {area_id!r} ist nicht bekannt.")


def _own_row(areas: pd.DataFrame, area_id: str) -> pd.Series:
    _check_areas(areas, area_id)
    return areas.loc[areas["area_id"] == area_id].iloc[0]


def same_land(areas: pd.DataFrame, area_id: str) -> pd.Series:
    """Return a mask (aligned to ``areas``): other areas in the same Land.

    Examples
    --------
    >>> a = pd.DataFrame({"area_id": ["x", "y", "z"], "name": ["X", "Y", "Z"],
    ...     "land": ["09", "09", "05"], "type": ["t"] * 3, "population": [1, 2, 3]})
    >>> same_land(a, "x").tolist()
    [False, True, False]
    """
    own = _own_row(areas, area_id)
    mask: pd.Series = (areas["land"] == own["land"]) & (areas["area_id"] != area_id)
    return mask


def type_group(area_type: str) -> str:
    """Return the comparable type ("Stadtkreis" → "Kreisfreie Stadt", "Kreis" → "Landkreis").

    >>> type_group("Stadtkreis"), type_group("gering besiedelt")
    ('Kreisfreie Stadt', 'gering besiedelt')
    """
    return TYPE_GROUPS.get(area_type, area_type)


def same_type(areas: pd.DataFrame, area_id: str) -> pd.Series:
    """Return a mask (aligned to ``areas``): other areas of the same :func:`type_group`."""
    own = _own_row(areas, area_id)
    groups = areas["type"].map(lambda t: type_group(t) if isinstance(t, str) else None)
    return (groups == type_group(own["type"])) & (areas["area_id"] != area_id)


def size_band(population: float, scale: str = "gemeinde") -> str:
    """Return the German size band label for a population (persons).

    Parameters
    ----------
    population : float
        Residents (persons); NaN gives ``"keine Angabe"``.
    scale : str
        ``"gemeinde"`` or ``"kreis"`` (see :data:`SIZE_BANDS`).

    Examples
    --------
    >>> size_band(4_999), size_band(5_000), size_band(1_510_378)
    ('unter 5.000', '5.000 bis unter 20.000', '500.000 und mehr')
    >>> size_band(156_000, "kreis")
    '150.000 bis unter 250.000'
    """
    if scale not in SIZE_BANDS:
        raise ValueError(f"Unbekannte Größenskala: {scale!r}")
    if pd.isna(population):
        return NO_SIZE
    if population < 0:
        raise ValueError("Einwohnerzahl darf nicht negativ sein.")
    label = SIZE_BANDS[scale][0][1]
    for lower, band in SIZE_BANDS[scale]:
        if population >= lower:
            label = band
    return label


def size_bands(population: pd.Series, scale: str = "gemeinde") -> pd.Series:
    """Vectorised :func:`size_band`: one label per element, same index."""
    if scale not in SIZE_BANDS:
        raise ValueError(f"Unbekannte Größenskala: {scale!r}")
    values = pd.to_numeric(population, errors="coerce").to_numpy(dtype=float)
    if (values < 0).any():
        raise ValueError("Einwohnerzahl darf nicht negativ sein.")
    lowers = np.array([lower for lower, _ in SIZE_BANDS[scale]], dtype=float)
    labels = np.array([band for _, band in SIZE_BANDS[scale]] + [NO_SIZE], dtype=object)
    idx = np.searchsorted(lowers, values, side="right") - 1
    idx = np.where(np.isnan(values), len(lowers), idx)
    return pd.Series(labels[idx], index=population.index, dtype=object)


def same_size(areas: pd.DataFrame, area_id: str, scale: str = "gemeinde") -> pd.Series:
    """Return a mask (aligned to ``areas``): other areas in the same size band."""
    own = _own_row(areas, area_id)
    bands = size_bands(areas["population"], scale)
    own_band = size_band(own["population"], scale)
    if own_band == NO_SIZE:
        return pd.Series(False, index=areas.index)
    return (bands == own_band) & (areas["area_id"] != area_id)


def same_parent(areas: pd.DataFrame, area_id: str) -> pd.Series:
    """Return a mask (aligned to ``areas``): other areas with the same ``parent_id``.

    For Gemeinden the parent is their Kreis: "Gemeinden im selben Kreis".

    Examples
    --------
    >>> a = pd.DataFrame({"area_id": ["x", "y", "z"], "name": ["X", "Y", "Z"],
    ...     "land": ["06"] * 3, "type": ["t"] * 3, "population": [1, 2, 3],
    ...     "parent_id": ["k1", "k1", "k2"]})
    >>> same_parent(a, "x").tolist()
    [False, True, False]
    """
    own = _own_row(areas, area_id)
    if "parent_id" not in areas.columns:
        raise ValueError("Spalte parent_id fehlt in den Gebieten (Vergleichsart Kreis).")
    if pd.isna(own["parent_id"]):
        return pd.Series(False, index=areas.index)
    mask: pd.Series = (areas["parent_id"] == own["parent_id"]) & (areas["area_id"] != area_id)
    return mask


def population_band(
    areas: pd.DataFrame, area_id: str, pool: pd.Series, need: int = 1
) -> tuple[pd.Series, float | None]:
    """Mask of the areas whose population is within a factor of the own area's, and the factor.

    The factor is the smallest of :data:`POPULATION_FACTORS` for which at least ``need``
    areas of ``pool`` (a mask aligned to ``areas``) lie in the band; if none suffices, the
    largest. Bounds included. Without the own population: no area, factor ``None``.

    Examples
    --------
    >>> a = pd.DataFrame({"area_id": list("abcde"), "name": list("ABCDE"), "land": ["01"] * 5,
    ...     "type": ["t"] * 5, "population": [50_000, 25_000, 90_000, 120_000, 400_000]})
    >>> pool = a["area_id"] != "a"
    >>> mask, f = population_band(a, "a", pool)
    >>> a.loc[mask & pool, "area_id"].tolist(), f
    (['b', 'c'], 2.0)
    >>> mask, f = population_band(a, "a", pool, need=3)
    >>> a.loc[mask & pool, "area_id"].tolist(), f
    (['b', 'c', 'd'], 3.0)
    """
    own = float(_own_row(areas, area_id)["population"])
    pop = pd.to_numeric(areas["population"], errors="coerce")
    if not own > 0:
        return pd.Series(False, index=areas.index), None
    mask = pd.Series(False, index=areas.index)
    for factor in POPULATION_FACTORS:
        mask = (pop >= own / factor) & (pop <= own * factor)
        if int((mask & pool).sum()) >= need:
            return mask, factor
    return mask, POPULATION_FACTORS[-1]


def population_filter(
    areas: pd.DataFrame, area_id: str, definition: PeerDefinition
) -> tuple[pd.Series, float | None]:
    """The population band of ``definition`` (mode ``"population"``) after its other filters.

    Returns the mask of the candidates (other filters and band) and the factor used
    (``None`` when the mode is not chosen).
    """
    mask = _filter_mask(areas, area_id, definition)
    if PeerMode.POPULATION not in definition.modes:
        return mask, None
    need = definition.k if PeerMode.SIMILAR in definition.modes else 1
    band, factor = population_band(areas, area_id, mask, need)
    return mask & band, factor


def _filter_mask(areas: pd.DataFrame, area_id: str, definition: PeerDefinition) -> pd.Series:
    mask = areas["area_id"] != area_id
    if PeerMode.LAND in definition.modes:
        mask &= same_land(areas, area_id)
    if PeerMode.TYPE in definition.modes:
        mask &= same_type(areas, area_id)
    if PeerMode.SIZE in definition.modes:
        mask &= same_size(areas, area_id, definition.size_scale)
    if PeerMode.KREIS in definition.modes:
        mask &= same_parent(areas, area_id)
    return mask


def resolve_peers(
    areas: pd.DataFrame,
    features: pd.DataFrame | None,
    area_id: str,
    definition: PeerDefinition,
) -> list[str]:
    """Return the area ids of the peer group of ``area_id``.

    Order: with ``"similar"`` by distance (nearest first), otherwise in the
    order of ``areas``; ids from ``added`` follow at the end. ``removed`` ids
    are dropped last; the own area is never part of the result.

    Parameters
    ----------
    areas : pandas.DataFrame
        Columns :data:`AREA_COLUMNS`.
    features : pandas.DataFrame or None
        Wide table ``area_id`` + feature columns; required for ``"similar"``.
    area_id : str
        The own area.
    definition : PeerDefinition
        Selection rules.

    Examples
    --------
    >>> a = pd.DataFrame({"area_id": ["x", "y", "z", "w"], "name": list("XYZW"),
    ...     "land": ["09", "09", "05", "09"], "type": ["t"] * 4,
    ...     "population": [1_000, 30_000, 2_000, 3_000]})
    >>> d = PeerDefinition(modes=("land", "size"), added=("z",), removed=("w",))
    >>> resolve_peers(a, None, "x", d)
    ['z']
    """
    _check_areas(areas, area_id)
    unknown = sorted(set(definition.added) - set(areas["area_id"].tolist()))
    if unknown:
        raise ValueError(f"Unbekannte Vergleichsgebiete: {', '.join(unknown)}")
    chosen: list[str] = []
    if definition.modes:
        pool = areas.loc[population_filter(areas, area_id, definition)[0], "area_id"]
        if PeerMode.SIMILAR in definition.modes:
            if features is None:
                raise ValueError("Für 'ähnliche Kommunen' fehlen die Merkmale.")
            near = nearest_peers(
                features, area_id, definition.k, definition.columns, candidates=pool.tolist()
            )
            chosen = near["area_id"].tolist()
        else:
            chosen = pool.tolist()
    return apply_manual(chosen, area_id, definition.added, definition.removed)


def apply_manual(
    chosen: Sequence[str], area_id: str, added: Sequence[str], removed: Sequence[str]
) -> list[str]:
    """Return ``chosen`` + ``added`` (no duplicates) without ``removed`` and the own area.

    Examples
    --------
    >>> apply_manual(["b", "c"], "a", added=["c", "d", "a"], removed=["b"])
    ['c', 'd']
    """
    out = list(chosen)
    seen = set(out)
    for extra in added:
        if extra not in seen:
            out.append(extra)
            seen.add(extra)
    drop = set(removed) | {area_id}
    return [a for a in out if a not in drop]
