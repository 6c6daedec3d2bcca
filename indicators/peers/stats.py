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

import numpy as np
import pandas as pd

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


def _member(ids: pd.Series, wanted: set[str]) -> np.ndarray:
    """Boolean mask ``ids ∈ wanted`` (a set lookup; faster than ``isin`` on Arrow strings)."""
    codes, uniques = pd.factorize(ids)
    hit = np.fromiter((u in wanted for u in uniques.tolist()), dtype=bool, count=len(uniques))
    return np.append(hit, False)[codes]  # code -1 (missing id) → False


def _check_long(values: pd.DataFrame, keys: list[str]) -> None:
    missing = [c for c in [*keys, "value"] if c not in values.columns]
    if missing:
        raise ValueError(f"Spalten fehlen: {', '.join(missing)}")
    if values.duplicated(keys).any():
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
    indicators = sorted(values["indicator_id"].unique().tolist())
    unknown = [i for i in indicators if i not in polarity]
    if unknown:
        raise ValueError(f"Polarität fehlt für: {', '.join(map(str, unknown))}")
    peer_set = set(peers) - {area_id}
    nums = pd.to_numeric(values["value"], errors="coerce").to_numpy(dtype=float)
    is_own = (values["area_id"] == area_id).to_numpy()
    is_peer = _member(values["area_id"], peer_set)
    codes, uniques = pd.factorize(values["indicator_id"], sort=True)
    rows = []
    for j, ind in enumerate(uniques):
        sel = codes == j
        own_vals = nums[sel & is_own]
        own = float(own_vals[0]) if own_vals.size else float("nan")
        stats = _summary(own, nums[sel & is_peer], nums[sel & ~is_own], polarity[ind])
        rows.append({"indicator_id": ind, **stats})
    return pd.DataFrame(rows, columns=list(POSITION_COLUMNS))


def peer_band_series(values_over_time: pd.DataFrame, peers: Collection[str]) -> pd.DataFrame:
    """Return the peer band per period: median, Q1, Q3 and number of peers with a value.

    Parameters
    ----------
    values_over_time : pandas.DataFrame
        Long table ``area_id``, ``period`` (str), ``value`` for one indicator.
    peers : collection of str
        Area ids forming the band (exactly these; pass the own area only if
        it should count).

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, ``median``, ``q1``, ``q3`` (indicator units,
        type-7 quartiles) and ``n``; one row per period present in the input
        (sorted); NaN with ``n = 0`` where no peer has a value.

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["a", "b", "c", "a", "b"],
    ...     "period": ["2020", "2020", "2020", "2021", "2021"], "value": [1.0, 2.0, 4.0, 3.0, None]})
    >>> peer_band_series(v, ["a", "b", "c"]).to_numpy().tolist()
    [['2020', 2.0, 1.5, 3.0, 3], ['2021', 3.0, 3.0, 3.0, 1]]
    """
    _check_long(values_over_time, ["area_id", "period"])
    periods = sorted(values_over_time["period"].astype(str).unique().tolist())
    sel = values_over_time[_member(values_over_time["area_id"], set(peers))]
    nums = pd.to_numeric(sel["value"], errors="coerce")
    ok = sel.loc[nums.notna(), ["period"]].assign(value=nums[nums.notna()].astype(float))
    ok["period"] = ok["period"].astype(str)
    grouped = ok.groupby("period")["value"]
    band = pd.DataFrame(
        {
            "median": grouped.median(),
            "q1": grouped.quantile(0.25),
            "q3": grouped.quantile(0.75),
            "n": grouped.size(),
        }
    ).reindex(periods)
    band["n"] = band["n"].fillna(0).astype(int)
    return band.rename_axis("period").reset_index()


def change_over_period(
    values: pd.DataFrame, start: str, end: str, kind: str = "percent"
) -> pd.DataFrame:
    """Return each area's change of one indicator between two periods.

    Parameters
    ----------
    values : pandas.DataFrame
        Long table ``area_id``, ``period`` (str), ``value``.
    start, end : str
        Periods as stored (``"2015"``, ``"2024-06-30"``).
    kind : {"percent", "absolute"}
        ``"absolute"``: ``end − start`` in indicator units (for a rate in %
        this is percentage points). ``"percent"``: ``(end − start) / start
        × 100`` in %, only defined for ``start > 0`` (else NaN).

    Returns
    -------
    pandas.DataFrame
        Columns ``area_id``, ``start_value``, ``end_value``, ``change`` for
        every area present in either period (NaN where a value is missing).

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["a", "a", "b", "b", "c"],
    ...     "period": ["2015", "2020", "2015", "2020", "2020"], "value": [200.0, 150.0, 0.0, 5.0, 1.0]})
    >>> change_over_period(v, "2015", "2020")["change"].tolist()
    [-25.0, nan, nan]
    >>> change_over_period(v, "2015", "2020", "absolute")["change"].tolist()
    [-50.0, 5.0, nan]
    """
    if kind not in ("percent", "absolute"):
        raise ValueError("kind muss 'percent' oder 'absolute' sein.")
    if start == end:
        raise ValueError("Anfangs- und Endzeitraum müssen verschieden sein.")
    _check_long(values, ["area_id", "period"])
    periods = values["period"].astype(str)
    nums = pd.to_numeric(values["value"], errors="coerce")
    first = pd.Series(
        nums[periods == start].to_numpy(), index=values.loc[periods == start, "area_id"]
    )
    last = pd.Series(nums[periods == end].to_numpy(), index=values.loc[periods == end, "area_id"])
    ids = pd.Index(values.loc[periods.isin([start, end]), "area_id"].unique(), name="area_id")
    s = first.reindex(ids).astype(float).to_numpy()
    e = last.reindex(ids).astype(float).to_numpy()
    if kind == "absolute":
        change = e - s
    else:
        positive = np.where(s > 0, s, np.nan)
        change = (e - s) / positive * 100.0
    return pd.DataFrame({"area_id": ids, "start_value": s, "end_value": e, "change": change})


def change_position(
    values: pd.DataFrame,
    area_id: str,
    peers: Collection[str],
    start: str,
    end: str,
    polarity: str,
    kind: str = "percent",
) -> pd.Series:
    """Does the Kommune gain or lose ground? Position of its change among the peers' changes.

    The change of every area (:func:`change_over_period`) is compared like a
    value in :func:`position`: with ``polarity="higher_better"`` a change
    above the peers' Q3 is "besser als Vergleichsgruppe" (the Kommune gains
    ground), below Q1 "schlechter …" (it loses ground).

    Returns
    -------
    pandas.Series
        Index :data:`POSITION_COLUMNS` (``indicator_id`` = ``"change"``);
        ``value`` is the own change (in % or indicator units, see ``kind``).

    Examples
    --------
    >>> v = pd.DataFrame({"area_id": ["me", "me", "p", "p", "q", "q"],
    ...     "period": ["2015", "2020"] * 3, "value": [10.0, 8.0, 10.0, 10.0, 10.0, 11.0]})
    >>> r = change_position(v, "me", ["p", "q"], "2015", "2020", "higher_worse")
    >>> r[["value", "peer_median", "bewertung"]].to_dict()
    {'value': -20.0, 'peer_median': 5.0, 'bewertung': 'besser als Vergleichsgruppe'}
    """
    if polarity not in POLARITIES:
        raise ValueError(f"Unbekannte Polarität: {polarity!r}")
    changes = change_over_period(values, start, end, kind)
    long = changes.assign(indicator_id="change", value=changes["change"])
    table = position(
        long[["area_id", "indicator_id", "value"]], area_id, peers, {"change": polarity}
    )
    if table.empty:
        empty = {c: np.nan for c in POSITION_COLUMNS} | {"n_peers": 0, "n_all": 0}
        return pd.Series(empty | {"indicator_id": "change", "bewertung": NO_DATA}, dtype=object)
    return table.iloc[0]
