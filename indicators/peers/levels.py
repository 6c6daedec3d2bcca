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
