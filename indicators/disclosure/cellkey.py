"""The cell-key method (stochastic perturbation of counts), as an alternative to suppression.

Pure functions. Every count cell gets a *cell key*, a number in [0, 1) derived from the cell's
identity; a published *perturbation table* (ptable) maps (original count, cell key) to a noise
in −D … D. The published value is original + noise. Because the key belongs to the cell, the
same cell gets the same noise wherever it appears (every table, map and export read the one
perturbed value, and a rebuild with the same secret gives the same noise, so comparing store
versions averages nothing away).

The ptable follows the construction of the ABS/Destatis cell-key method (maximum-entropy noise
distribution per original count with mean 0, variance V and maximal deviation D; zeros stay
zero; a small positive count may be published as 0, so a published 0 does not prove that
nothing is there). Its parameters live in ``disclosure.yaml``; the table itself is a data file
built by :func:`make_ptable` from them.

Cell keys: ``HMAC-SHA256(secret, identity)`` mapped to [0, 1). A secret-free hash of the public
identity would let anyone compute every key and, with the published ptable, list the original
counts that give the published value with that very key – often a single one, which undoes the
noise. With the secret (kept outside the public file) the key is unknown to the attacker, who
then only knows that the original lies within D of the published value.

>>> pt = make_ptable(2, 1.0)
>>> sorted(set(pt["i"]))
[0, 1, 2]
>>> pt[pt["i"] == 0][["noise", "p"]].values.tolist()
[[0.0, 1.0]]
>>> float(perturb(np.array([0.0, 4.0]), np.array([0.7, 0.0]), pt)[0])
0.0
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import minimize

#: Digits of the stored probabilities.
_DIGITS = 6


def _max_entropy(support: npt.NDArray[np.float64], variance: float) -> npt.NDArray[np.float64]:
    """Probabilities on ``support`` (noise values) with mean 0 and the given variance."""
    n = len(support)
    if n == 1:
        return np.ones(1)

    def neg_entropy(p: npt.NDArray[np.float64]) -> float:
        q = np.clip(p, 1e-12, None)
        return float(np.sum(q * np.log(q)))

    cons = [
        {"type": "eq", "fun": lambda p: np.sum(p) - 1.0},
        {"type": "eq", "fun": lambda p: np.dot(p, support)},
        {"type": "eq", "fun": lambda p: np.dot(p, support**2) - variance},
    ]
    res = minimize(
        neg_entropy,
        np.full(n, 1.0 / n),
        method="SLSQP",
        bounds=[(0.0, 1.0)] * n,
        constraints=cons,
        options={"ftol": 1e-12, "maxiter": 500},
    )
    if not res.success:
        raise ValueError(f"Störtabelle: keine Verteilung für {support.tolist()} ({res.message}).")
    return np.asarray(res.x, dtype="float64")


def make_ptable(max_noise: int, variance: float) -> pd.DataFrame:
    """The perturbation table: one row per (original count ``i``, ``noise``).

    Rows for ``i`` = 0 … D; the last ``i`` (the first with the full noise range) applies to
    every larger count. Zero keeps zero;
    for ``i`` ≥ 1 the noise ranges over −min(i, D) … D (the result is never negative), with
    the maximum-entropy distribution of mean 0 and variance ``variance``. ``lower``/``upper``
    are the cell-key interval that selects the row's noise. Probabilities are rounded to six
    digits (the last one of each ``i`` takes the rest).
    """
    if max_noise < 1 or variance <= 0:
        raise ValueError("Störtabelle: D ≥ 1 und V > 0 erforderlich.")
    rows = [(0, 0.0, 1.0)]
    for i in range(1, max_noise + 1):
        support = np.arange(-min(i, max_noise), max_noise + 1, dtype="float64")
        p = np.round(_max_entropy(support, variance), _DIGITS)
        p[-1] = round(1.0 - float(p[:-1].sum()), _DIGITS)
        rows += [(i, float(e), float(q)) for e, q in zip(support, p, strict=True) if q > 0]
    out = pd.DataFrame(rows, columns=["i", "noise", "p"])
    upper = out.groupby("i")["p"].cumsum().round(_DIGITS)
    out["lower"] = (upper - out["p"]).round(_DIGITS)
    out["upper"] = upper
    out.loc[out.groupby("i")["upper"].idxmax(), "upper"] = 1.0
    return out


def check_ptable(table: pd.DataFrame, max_noise: int) -> list[str]:
    """Problems of a stored ptable (empty list = fine)."""
    problems = []
    for col in ("i", "noise", "p", "lower", "upper"):
        if col not in table.columns:
            return [f"Spalte „{col}“ fehlt"]
    for key, grp in table.groupby("i"):
        i = float(str(key))
        if abs(grp["p"].sum() - 1.0) > 1e-6:
            problems.append(f"i = {i}: Wahrscheinlichkeiten ergeben nicht 1")
        if (grp["noise"].abs() > max_noise).any():
            problems.append(f"i = {i}: Störung größer als D = {max_noise}")
        if ((grp["noise"] + i) < 0).any():
            problems.append(f"i = {i}: Ergebnis negativ")
    zero = table[table["i"] == 0]
    if zero["noise"].tolist() != [0.0]:
        problems.append("i = 0: Null muss Null bleiben")
    return problems


def cell_keys(identities: Iterable[str], secret: bytes) -> npt.NDArray[np.float64]:
    """Cell key in [0, 1) per identity: the first 8 bytes of HMAC-SHA256(secret, identity).

    >>> k = cell_keys(["P|a|2024", "P|a|2024", "P|b|2024"], b"s")
    >>> bool(k[0] == k[1]), bool(k[0] != k[2]), bool(((k >= 0) & (k < 1)).all())
    (True, True, True)
    """
    out = [
        int.from_bytes(hmac.new(secret, s.encode(), hashlib.sha256).digest()[:8], "big")
        for s in identities
    ]
    return np.asarray(out, dtype="float64") / 2.0**64


def perturb(
    values: npt.NDArray[np.float64], keys: npt.NDArray[np.float64], table: pd.DataFrame
) -> npt.NDArray[np.float64]:
    """Published values: value + noise(row of round(value), key); 0 and missing stay.

    A non-integer count (e.g. a numerator computed as share × residents) uses the row of its
    rounded value (at least 1) and is never published below 0.
    """
    v = np.asarray(values, dtype="float64")
    out = v.copy()
    pos = np.flatnonzero(np.nan_to_num(v, nan=0.0) > 0)
    if pos.size == 0:
        return out
    imax = int(table["i"].max())
    i = np.clip(np.maximum(np.rint(v[pos]), 1), 1, imax).astype(np.int64)
    t = table.sort_values(["i", "upper"]).reset_index(drop=True)
    noise = np.zeros(pos.size)
    k = np.asarray(keys, dtype="float64")[pos]
    for row_i, grp in t.groupby("i"):
        sel = i == int(str(row_i))
        if not sel.any():
            continue
        idx = np.searchsorted(grp["upper"].to_numpy(), k[sel], side="right")
        idx = np.minimum(idx, len(grp) - 1)
        noise[sel] = grp["noise"].to_numpy()[idx]
    out[pos] = np.maximum(v[pos] + noise, 0.0)
    return out


def original_bounds(
    published: npt.NDArray[np.float64], table: pd.DataFrame, integer: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """What the attacker knows of the original from a published value and the ptable.

    Integer cells: the smallest and largest original count whose ptable row can produce the
    published value (with some key). Other cells: within D of the published value, ≥ 0.

    >>> pt = make_ptable(2, 1.0)
    >>> lo, hi = original_bounds(np.array([0.0, 1.0, 7.0]), pt, np.array([True, True, True]))
    >>> lo.tolist(), hi.tolist()
    ([0.0, 1.0, 5.0], [2.0, 3.0, 9.0])
    """
    p = np.asarray(published, dtype="float64")
    d = float(table["noise"].abs().max())
    lo = np.maximum(p - d, 0.0)
    hi = p + d
    imax = int(table["i"].max())
    pos = table["p"].astype("float64") > 0
    can = set(
        zip(
            table.loc[pos, "i"].astype(int).tolist(),
            table.loc[pos, "noise"].astype("float64").tolist(),
            strict=True,
        )
    )
    for n in np.flatnonzero(integer & ~np.isnan(p)):
        cands = [
            x
            for x in range(int(max(p[n] - d, 0)), int(p[n] + d) + 1)
            if (min(x, imax), float(p[n] - x)) in can
        ]
        lo[n], hi[n] = min(cands), max(cands)
    return lo, hi
