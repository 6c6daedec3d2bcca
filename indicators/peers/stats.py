"""Where does a Kommune stand among its peers? Medians, quartiles, percentile ranks.

Definitions (used in every function of this module):

* **Quartiles and median** of the peers: linear interpolation between order
  statistics (Hyndman–Fan type 7, the default of pandas/numpy/Excel
  ``QUARTILE.INKL``), over peers *with* a value.
* **Percentile rank** of the own value ``x`` within a comparison set ``V``
  (the peers, or all other areas; the own area never counts):
  ``100 × (#{v < x} + 0.5 × #{v = x}) / |V|``, in % (0 = lowest, 100 =
  highest; ties count half). It is not polarity-adjusted.
* **Bewertung** (assessment) against the peer interquartile range, strict
  inequalities (a value equal to Q1 or Q3 is "im Mittelfeld"):

  ================  ======================  ======================
  polarity          value > Q3              value < Q1
  ================  ======================  ======================
  higher_better     besser als …            schlechter als …
  higher_worse      schlechter als …        besser als …
  neutral           höher als …             niedriger als …
  ================  ======================  ======================

  (… = "Vergleichsgruppe"); otherwise "im Mittelfeld". "keine Angabe" when
  the own value is missing or no peer has a value. Neutral indicators get
  a direction without a judgement.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.frame_memo import remember

POLARITIES: tuple[str, ...] = ("higher_better", "higher_worse", "neutral")

BETTER = "besser als Vergleichsgruppe"
WORSE = "schlechter als Vergleichsgruppe"
MIDDLE = "im Mittelfeld"
NO_DATA = "keine Angabe"
HIGHER = "höher als Vergleichsgruppe"
LOWER = "niedriger als Vergleichsgruppe"
#: All values of the ``bewertung`` column.
BEWERTUNGEN: tuple[str, ...] = (BETTER, WORSE, MIDDLE, NO_DATA, HIGHER, LOWER)

_ABOVE = {"higher_better": BETTER, "higher_worse": WORSE, "neutral": HIGHER}
_BELOW = {"higher_better": WORSE, "higher_worse": BETTER, "neutral": LOWER}

POSITION_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "value",
    "n_peers",
    "peer_median",
    "peer_q1",
    "peer_q3",
    "rank_peers",
    "n_all",
    "rank_all",
    "bewertung",
)


def percentile_rank(x: float, others: np.ndarray) -> float:
    """Return the mid-rank percentile of ``x`` among ``others`` (NaNs ignored), in %.

    Examples
    --------
    >>> percentile_rank(3.0, np.array([1.0, 3.0, 5.0, 7.0]))
    37.5
    >>> percentile_rank(9.0, np.array([1.0, np.nan])), percentile_rank(np.nan, np.array([1.0]))
    (100.0, nan)
    """
    vals = others[~np.isnan(others)]
    if np.isnan(x) or vals.size == 0:
        return float("nan")
    below = np.count_nonzero(vals < x)
    ties = np.count_nonzero(vals == x)
    return float(100.0 * (below + 0.5 * ties) / vals.size)


def assess(value: float, q1: float, q3: float, polarity: str) -> str:
    """Return the German ``bewertung`` of ``value`` against the peer quartiles.

    >>> assess(12.0, 5.0, 10.0, "higher_worse"), assess(10.0, 5.0, 10.0, "higher_better")
    ('schlechter als Vergleichsgruppe', 'im Mittelfeld')
    """
    if polarity not in POLARITIES:
        raise ValueError(f"Unbekannte Polarität: {polarity!r}")
    if np.isnan(value) or np.isnan(q1) or np.isnan(q3):
        return NO_DATA
    if value > q3:
        return _ABOVE[polarity]
    if value < q1:
        return _BELOW[polarity]
    return MIDDLE


def _summary(
    own: float, peer_vals: np.ndarray, all_vals: np.ndarray, polarity: str
) -> dict[str, object]:
    """Statistics of one indicator; ``peer_vals``/``all_vals`` exclude the own area."""
    peers_ok = peer_vals[~np.isnan(peer_vals)]
    if peers_ok.size:
        q1, med, q3 = (float(q) for q in np.quantile(peers_ok, [0.25, 0.5, 0.75]))
    else:
        q1 = med = q3 = float("nan")
    return {
        "value": own,
        "n_peers": int(peers_ok.size),
        "peer_median": med,
        "peer_q1": q1,
        "peer_q3": q3,
        "rank_peers": percentile_rank(own, peers_ok),
        "n_all": int(np.count_nonzero(~np.isnan(all_vals))),
        "rank_all": percentile_rank(own, all_vals),
        "bewertung": assess(own, q1, q3, polarity),
    }


def _check_long(values: pd.DataFrame, keys: list[str]) -> None:
    missing = [c for c in [*keys, "value"] if c not in values.columns]
    if missing:
        raise ValueError(f"Spalten fehlen: {', '.join(missing)}")
    if remember(values, ("duplicated", *keys), lambda: bool(values.duplicated(keys).any())):
        raise ValueError(f"Mehrere Werte je {' und '.join(keys)}.")


def position(
    values: pd.DataFrame,
    area_id: str,
    peers: Collection[str],
    polarity: Mapping[str, str],
) -> pd.DataFrame:
    """Return the position of ``area_id`` among its peers and all areas, per indicator.

    Parameters
    ----------
    values : pandas.DataFrame
        Long table ``area_id``, ``indicator_id``, ``value`` (one period;
        NaN = missing). Units are those of each indicator.
    area_id : str
        The own area; it may have no rows (then everything is "keine Angabe").
    peers : collection of str
        Peer area ids; the own area is ignored if listed.
    polarity : mapping
        ``indicator_id`` → one of :data:`POLARITIES`, for every indicator.

    Returns
    -------
    pandas.DataFrame
        One row per indicator (sorted by ``indicator_id``), columns
        :data:`POSITION_COLUMNS`; ``value``/median/quartiles in indicator
        units, ``rank_*`` in % (see module docstring), ``n_*`` = areas with a
        value in the comparison set.

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["me", "p1", "p2", "p3", "x"],
    ...     "indicator_id": ["alo"] * 5, "value": [9.0, 4.0, 6.0, 8.0, 2.0]})
    >>> r = position(v, "me", ["p1", "p2", "p3"], {"alo": "higher_worse"})
    >>> r[["peer_median", "peer_q3", "rank_peers", "rank_all", "bewertung"]].to_numpy().tolist()
    [[6.0, 7.0, 100.0, 100.0, 'schlechter als Vergleichsgruppe']]
    """
    _check_long(values, ["area_id", "indicator_id"])
    return _position(_LongArrays.of(values), None, area_id, peers, polarity)


@dataclass(frozen=True)
class _LongArrays:
    """A long table as arrays: values, area codes and (sorted) indicator codes."""

    nums: np.ndarray
    area_codes: np.ndarray
    areas: list[str]
    ind_codes: np.ndarray
    indicators: list[str]

    @classmethod
    def of(cls, values: pd.DataFrame) -> _LongArrays:
        area_codes, areas = pd.factorize(values["area_id"])
        ind_codes, inds = pd.factorize(values["indicator_id"], sort=True)
        nums = pd.to_numeric(values["value"], errors="coerce").to_numpy(dtype=float)
        return cls(nums, area_codes, areas.tolist(), ind_codes, inds.tolist())


def _position(
    arr: _LongArrays,
    wanted: Collection[str] | None,
    area_id: str,
    peers: Collection[str],
    polarity: Mapping[str, str],
) -> pd.DataFrame:
    """:func:`position` on the arrays of a checked table, for the indicators ``wanted`` (all
    with ``None``)."""
    chosen = [j for j, ind in enumerate(arr.indicators) if wanted is None or ind in wanted]
    unknown = [arr.indicators[j] for j in chosen if arr.indicators[j] not in polarity]
    if unknown:
        raise ValueError(f"Polarität fehlt für: {', '.join(map(str, unknown))}")
    peer_set = set(peers) - {area_id}
    hit = np.fromiter((a in peer_set for a in arr.areas), dtype=bool, count=len(arr.areas))
    is_peer = np.append(hit, False)[arr.area_codes]  # code -1 (missing id) → False
    own_code = arr.areas.index(area_id) if area_id in arr.areas else -2
    is_own = arr.area_codes == own_code
    rows = []
    for j in chosen:
        sel = arr.ind_codes == j
        own_vals = arr.nums[sel & is_own]
        own = float(own_vals[0]) if own_vals.size else float("nan")
        ind = arr.indicators[j]
        stats = _summary(own, arr.nums[sel & is_peer], arr.nums[sel & ~is_own], polarity[ind])
        rows.append({"indicator_id": ind, **stats})
    return pd.DataFrame(rows, columns=list(POSITION_COLUMNS))


@dataclass(frozen=True)
class PositionRow:
    """One row of :func:`position`, typed (see :data:`POSITION_COLUMNS`)."""

    indicator_id: str
    value: float
    n_peers: int
    peer_median: float
    peer_q1: float
    peer_q3: float
    rank_peers: float
    n_all: int
    rank_all: float
    bewertung: str


def position_rows(table: pd.DataFrame) -> list[PositionRow]:
    """The rows of a :func:`position` table as :class:`PositionRow` objects, in order.

    >>> v = pd.DataFrame({"area_id": ["me", "p"], "indicator_id": ["alo"] * 2, "value": [9.0, 4.0]})
    >>> row = position_rows(position(v, "me", ["p"], {"alo": "neutral"}))[0]
    >>> row.peer_median, row.n_all, row.bewertung
    (4.0, 1, 'höher als Vergleichsgruppe')
    """
    return [
        PositionRow(
            indicator_id=str(r["indicator_id"]),
            value=float(r["value"]),
            n_peers=int(r["n_peers"]),
            peer_median=float(r["peer_median"]),
            peer_q1=float(r["peer_q1"]),
            peer_q3=float(r["peer_q3"]),
            rank_peers=float(r["rank_peers"]),
            n_all=int(r["n_all"]),
            rank_all=float(r["rank_all"]),
            bewertung=str(r["bewertung"]),
        )
        for r in table.to_dict("records")
    ]


def position_overview(
    snapshot: pd.DataFrame,
    catalogue: pd.DataFrame,
    area_id: str,
    peers: Collection[str],
    indicator_ids: Collection[str],
) -> pd.DataFrame:
    """:func:`position` for ``indicator_ids``, rows in catalogue order (Themenfeld, name).

    Parameters
    ----------
    snapshot : pandas.DataFrame
        Long table ``area_id``, ``indicator_id``, ``value`` (one value per pair).
    catalogue : pandas.DataFrame
        Indexed by ``indicator_id``; columns ``domain``, ``name``, ``polarity``.
    area_id, peers
        The own area and its peer group (as in :func:`position`).
    indicator_ids : collection of str
        The indicators to show (e.g. those of one Themenfeld).

    Examples
    --------
    >>> snap = pd.DataFrame({"area_id": ["me", "p"] * 2, "indicator_id": ["b", "b", "a", "a"],
    ...     "value": [1.0, 2.0, 3.0, 4.0]})
    >>> cat = pd.DataFrame({"domain": ["X", "X"], "name": ["Zeta", "Alpha"],
    ...     "polarity": ["neutral", "neutral"]}, index=pd.Index(["a", "b"], name="indicator_id"))
    >>> position_overview(snap, cat, "me", ["p"], ["a", "b"])["indicator_id"].tolist()
    ['b', 'a']
    """
    _check_long(snapshot, ["area_id", "indicator_id"])
    arrays = remember(snapshot, "position arrays", lambda: _LongArrays.of(snapshot))
    polarity = {str(k): str(v) for k, v in catalogue["polarity"].items()}
    table = _position(arrays, set(indicator_ids), area_id, peers, polarity)
    ordered = catalogue.sort_values(["domain", "name"]).index
    order = {str(i): n for n, i in enumerate(ordered)}
    table = table.sort_values("indicator_id", key=lambda s: s.map(order))
    return table.reset_index(drop=True)
