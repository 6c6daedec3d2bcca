"""Kommune keys across the two benchmarking levels (Gemeinde ↔ Kreis).

An AGS (Amtlicher Gemeindeschlüssel) of a Gemeinde has 8 digits, its first 5 digits are the
key of its Kreis. Switching the level keeps the Kommune as close as possible: a Gemeinde maps
to its Kreis, a Kreis to its Gemeinde with the most residents.
"""

from __future__ import annotations

import pandas as pd

#: digits of a Kreis key and of a Gemeinde key (AGS)
KREIS_DIGITS = 5
GEMEINDE_DIGITS = 8


def ags_for_level(raw: str | None, areas: pd.DataFrame) -> str | None:
    """Return the key of ``raw`` on the level of ``areas`` (else ``raw`` unchanged).

    Parameters
    ----------
    raw : str or None
        An AGS of either level (or anything else, e.g. from a URL).
    areas : pandas.DataFrame
        The Kommunen of the target level: ``local_id`` (str), ``population``.

    Returns
    -------
    str or None
        ``raw`` if it is a key of ``areas``; for a Gemeinde key its Kreis; for a
        Kreis key its Gemeinde with the largest population; otherwise ``raw``
        itself (the caller decides what an unknown key means).

    Examples
    --------
    >>> kreise = pd.DataFrame({"local_id": ["09162", "09161"], "population": [1.5e6, 1.4e5]})
    >>> ags_for_level("09162000", kreise), ags_for_level("09161", kreise)
    ('09162', '09161')
    >>> gemeinden = pd.DataFrame({"local_id": ["09161000", "09162000", "09162999"],
    ...     "population": [140_000, 1_500_000, 10]})
    >>> ags_for_level("09162", gemeinden), ags_for_level("x", gemeinden)
    ('09162000', 'x')
    """
    if raw is None or not raw.isdigit():
        return raw
    ids = areas["local_id"]
    if (ids == raw).any():
        return raw
    if len(raw) == GEMEINDE_DIGITS and (ids == raw[:KREIS_DIGITS]).any():
        return raw[:KREIS_DIGITS]
    if len(raw) == KREIS_DIGITS:
        inside = areas[ids.str.startswith(raw)]
        if not inside.empty:
            largest = inside.sort_values("population", ascending=False)
            return str(largest["local_id"].iloc[0])
    return raw


#: the two levels a Germany-wide Kommunen system must have
KOMMUNE_LEVELS = ("Kreis", "Gemeinde")


def kommunen_system(systems: pd.DataFrame) -> str | None:
    """The Germany-wide Kommunen system of a store: levels Kreis and Gemeinde, most Kreise.

    A Kommune's own package may also name its levels "Kreis" and "Gemeinde" (a Landkreis with
    its Gemeinden), but it holds a single Kreis; a comparison needs at least two Kreise.

    Parameters
    ----------
    systems : pandas.DataFrame
        One row per area system and level: ``system_code``, ``level``, ``n_areas``
        (``data_layer.read.common.area_systems``).

    Returns
    -------
    str or None
        The system code, ``None`` if no system has two or more Kreise and Gemeinden.

    Examples
    --------
    >>> s = pd.DataFrame({"system_code": ["de", "de", "de", "lk", "lk"],
    ...     "level": ["Land", "Kreis", "Gemeinde", "Kreis", "Gemeinde"],
    ...     "n_areas": [16, 400, 10956, 1, 23]})
    >>> kommunen_system(s), kommunen_system(s[s["system_code"] == "lk"])
    ('de', None)
    """
    counts = systems[systems["level"].isin(KOMMUNE_LEVELS)]
    wide = counts.pivot_table(
        index="system_code", columns="level", values="n_areas", aggfunc="sum", fill_value=0
    )
    if not set(KOMMUNE_LEVELS) <= set(wide.columns):
        return None
    wide = wide[(wide["Kreis"] >= 2) & (wide["Gemeinde"] >= 2)]  # noqa: PLR2004
    if wide.empty:
        return None
    return str(wide.sort_values(["Kreis", "Gemeinde"], ascending=False).index[0])


def largest(areas: pd.DataFrame) -> str | None:
    """Key (``local_id``) of the Kommune with the most residents (``None``: no areas).

    >>> largest(pd.DataFrame({"local_id": ["a", "b", "c"], "population": [5, None, 9]}))
    'c'
    """
    if areas.empty:
        return None
    order = areas.sort_values(["population", "local_id"], ascending=[False, True])
    return str(order["local_id"].iloc[0])


def opening_level(ags: str | None, gemeinden: pd.DataFrame) -> str:
    """The level a Kommune opens on: ``"Gemeinde"`` for a kreisangehörige Gemeinde, else
    ``"Kreis"`` (a Kreis, a kreisfreie Stadt, no or an unknown key).

    ``gemeinden``: the Gemeinden (``local_id``). A Gemeinde is kreisangehörig when its Kreis
    (first five digits) has more than one Gemeinde.

    >>> g = pd.DataFrame({"local_id": ["05315000", "06631001", "06631002"]})
    >>> opening_level("05315000", g), opening_level("06631002", g), opening_level("06631", g)
    ('Kreis', 'Gemeinde', 'Kreis')
    """
    if ags is None or len(ags) != GEMEINDE_DIGITS or not ags.isdigit():
        return "Kreis"
    ids = gemeinden["local_id"]
    if not (ids == ags).any():
        return "Kreis"
    return "Gemeinde" if int(ids.str.startswith(ags[:KREIS_DIGITS]).sum()) > 1 else "Kreis"
