"""Search for a Kommune by name or Amtlicher Gemeindeschlüssel (AGS).

Name matching works on a *folded key* (:func:`normalize_name`): case,
umlauts (``ä``/``ae``), ``ß``/``ss``, accents and punctuation do not matter,
so "München", "Muenchen" and "munchen" all find "München, Landeshauptstadt".

Ranking (:func:`search_areas`), best first:

0. ``"ags"`` – the query is exactly the AGS (spaces ignored);
1. ``"exact"`` – the folded query equals the folded name or display name;
2. ``"prefix"`` – the name starts with the query (or the AGS starts with a
   query of at least two digits);
3. ``"word"`` – a later word of the name starts with the query
   ("Oder" finds "Frankfurt (Oder)");
4. ``"substring"`` – the query occurs anywhere in the name.

Within a tier larger places come first when a ``population`` column is given,
then shorter display names, then alphabetical order (by key).

For typing-speed search over ~11,000 names compute the keys once with
:func:`add_search_keys` and pass the result to :func:`search_areas`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Match tiers in ranking order.
MATCH_TIERS: tuple[str, ...] = ("ags", "exact", "prefix", "word", "substring")

_DIGRAPHS = re.compile(r"(?<=[aou])e")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_KEY_COLUMNS = ("_key", "_plain", "_display_key")
#: Letters that Unicode decomposition does not reduce to a base letter (Sorbian/Danish names).
_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe"})


def _plain_key(s: str) -> str:
    """Lower case, ``ß`` → ``ss``, accents and umlaut dots removed, punctuation → space."""
    text = unicodedata.normalize("NFKD", s.casefold().replace("ß", "ss").translate(_EXTRA))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()


def normalize_name(s: str) -> str:
    """Return the folded search key of a place name.

    Folds case, accents and umlauts in both spellings (``ä``/``ae`` → ``a``,
    ``ö``/``oe`` → ``o``, ``ü``/``ue`` → ``u``), ``ß`` → ``ss``, and turns any
    punctuation into a single space. The ``ae/oe/ue`` rule also folds names
    that really contain these letters ("Neuenkirchen" → "neunkirchen"); this
    is harmless for search because query and names are folded the same way.

    Examples
    --------
    >>> normalize_name("München"), normalize_name("Muenchen"), normalize_name("munchen")
    ('munchen', 'munchen', 'munchen')
    >>> normalize_name("Straße") == normalize_name("Strasse") == "strasse"
    True
    >>> normalize_name("Frankfurt (Oder), Stadt")
    'frankfurt oder stadt'
    """
    if not isinstance(s, str):
        raise ValueError(f"Name muss ein Text sein, nicht {type(s).__name__}.")
    return _DIGRAPHS.sub("", _plain_key(s))


def display_name(name: str) -> str:
    """Return the name without the official designation after the comma.

    The Gemeindeverzeichnis appends designations such as ", Stadt",
    ", Landeshauptstadt", ", Hansestadt", ", M" (Markt), ", St" (Stadt),
    ", GKSt" (Große Kreisstadt); everything from the first comma is dropped.
    A leading "Landeshauptstadt " / "Stadt " is dropped as well.

    Examples
    --------
    >>> display_name("München, Landeshauptstadt")
    'München'
    >>> display_name("Frankfurt (Oder), Stadt")
    'Frankfurt (Oder)'
    >>> display_name("Landeshauptstadt Düsseldorf")
    'Düsseldorf'
    >>> display_name("Sachsenwald (Forstgutsbez.),gemfr.Geb.")
    'Sachsenwald (Forstgutsbez.)'
    """
    if not isinstance(name, str):
        raise ValueError(f"Name muss ein Text sein, nicht {type(name).__name__}.")
    base = name.split(",", 1)[0].strip()
    base = re.sub(r"^(Landeshauptstadt|Stadt)\s+", "", base)
    return base or name.strip()


def pick_labels(
    keys: Sequence[str], names: Sequence[str], lands: Sequence[object], details: Sequence[object]
) -> dict[str, str]:
    """Key → picker label "München (09162, Bayern)"; a name that occurs more than once is
    told apart by its detail (the Kreis of a Gemeinde, the type of a Kreis) after a dash.

    Parameters
    ----------
    keys, names, lands, details : list
        One entry per Kommune: AGS, official name, Land name (may be missing) and the
        disambiguating detail (may be missing).

    Examples
    --------
    >>> pick_labels(["09162", "09184", "01001"],
    ...     ["München, Landeshauptstadt", "München", "Flensburg, Stadt"],
    ...     ["Bayern", "Bayern", None], ["Kreisfreie Stadt", "Landkreis", "Kreisfreie Stadt"])
    ... # doctest: +NORMALIZE_WHITESPACE
    {'09162': 'München (09162, Bayern) – Kreisfreie Stadt',
     '09184': 'München (09184, Bayern) – Landkreis', '01001': 'Flensburg (01001)'}
    """
    shown = [display_name(str(n)) for n in names]
    counts: dict[str, int] = {}
    for name in shown:
        counts[name] = counts.get(name, 0) + 1
    labels: dict[str, str] = {}
    for key, name, land, detail in zip(keys, shown, lands, details, strict=True):
        where = f"{key}, {land}" if isinstance(land, str) and land else key
        label = f"{name} ({where})"
        if counts[name] > 1 and isinstance(detail, str) and detail:
            label += f" – {detail}"
        labels[key] = label
    return labels


def _check_candidates(candidates: pd.DataFrame) -> None:
    missing = {"area_id", "name", "ags"} - set(candidates.columns)
    if missing:
        raise ValueError(f"Spalten fehlen für die Suche: {', '.join(sorted(missing))}")


def add_search_keys(candidates: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``candidates`` with precomputed search keys.

    Parameters
    ----------
    candidates : pandas.DataFrame
        Columns ``area_id``, ``name``, ``ags`` (string, may be empty).

    Returns
    -------
    pandas.DataFrame
        The same rows plus the hidden helper columns ``_key`` (folded name),
        ``_plain`` (name without the ``ae/oe/ue`` folding) and
        ``_display_key`` (folded :func:`display_name`).
    """
    _check_candidates(candidates)
    out = candidates.copy()
    names = out["name"].fillna("").astype(str)
    out["_plain"] = [_plain_key(n) for n in names]
    out["_key"] = [_DIGRAPHS.sub("", p) for p in out["_plain"]]
    out["_display_key"] = [normalize_name(display_name(n)) if n else "" for n in names]
    return out


def _bools(mask: pd.Series) -> np.ndarray:
    """Boolean numpy array of a Series mask (missing → False)."""
    return mask.fillna(False).to_numpy(dtype=bool)


def _tiers(keyed: pd.DataFrame, query: str) -> np.ndarray:
    """Return the match tier index per row (len(MATCH_TIERS) = no match).

    Uses pandas string methods, which run vectorised on Arrow-backed strings.
    """
    tier = np.full(len(keyed), len(MATCH_TIERS), dtype=np.int64)
    compact = re.sub(r"\s+", "", query)
    q_key, q_plain = normalize_name(query), _plain_key(query)
    rules: list[tuple[int, np.ndarray]] = []
    if compact.isdigit():
        ags = keyed["ags"].fillna("").astype(str)
        rules.append((0, _bools(ags == compact)))
        if len(compact) >= 2:
            rules.append((2, _bools(ags.str.startswith(compact))))
    if q_key:
        key, plain = keyed["_key"], keyed["_plain"]
        rules += [
            (1, _bools((key == q_key) | (keyed["_display_key"] == q_key))),
            (2, _bools(key.str.startswith(q_key))),
            (2, _bools(plain.str.startswith(q_plain))),
            (3, _bools(key.str.contains(f" {q_key}", regex=False))),
            (4, _bools(key.str.contains(q_key, regex=False))),
            (4, _bools(plain.str.contains(q_plain, regex=False))),
        ]
    for level, mask in rules:
        tier = np.where(mask & (tier > level), level, tier)
    return tier


def search_areas(candidates: pd.DataFrame, query: str, limit: int = 20) -> pd.DataFrame:
    """Find areas by name or AGS, best matches first.

    Parameters
    ----------
    candidates : pandas.DataFrame
        Columns ``area_id``, ``name``, ``ags`` and optionally ``population``
        (persons; used to rank larger places first within a tier); ideally already passed through
        :func:`add_search_keys` (otherwise keys are computed on each call).
    query : str
        What the user typed; an empty query returns no rows.
    limit : int
        Maximum number of rows returned (≥ 1).

    Returns
    -------
    pandas.DataFrame
        The matching rows of ``candidates`` (original columns only) plus
        ``match`` (one of :data:`MATCH_TIERS`), ordered by tier, then – if
        ``candidates`` has a ``population`` column – larger places first, then
        by length of the display name, then alphabetically; fresh index.

    Examples
    --------
    >>> areas = pd.DataFrame({
    ...     "area_id": ["a", "b", "c"],
    ...     "name": ["Münchenbernsdorf, Stadt", "München, Landeshauptstadt", "Garching b.München, St"],
    ...     "ags": ["16076049", "09162000", "09184119"]})
    >>> search_areas(areas, "Muenchen")[["area_id", "match"]].to_numpy().tolist()
    [['b', 'exact'], ['a', 'prefix'], ['c', 'word']]
    >>> search_areas(areas, "09162000")["area_id"].tolist()
    ['b']
    """
    if not isinstance(query, str):
        raise ValueError("Suchbegriff muss ein Text sein.")
    if limit < 1:
        raise ValueError("limit muss mindestens 1 sein.")
    keyed = (
        candidates if set(_KEY_COLUMNS) <= set(candidates.columns) else add_search_keys(candidates)
    )
    original = [c for c in candidates.columns if c not in _KEY_COLUMNS]
    tier = _tiers(keyed, query.strip()) if query.strip() else np.full(len(keyed), len(MATCH_TIERS))
    hit = np.flatnonzero(tier < len(MATCH_TIERS))
    found = keyed.iloc[hit]
    if "population" in found.columns:
        pop = pd.to_numeric(found["population"], errors="coerce").to_numpy(dtype=float)
        bigger_first = np.where(np.isnan(pop), np.inf, -pop)
    else:
        bigger_first = np.zeros(hit.size)
    keys = np.array(found["_key"].tolist(), dtype=str)
    lengths = found["_display_key"].str.len().to_numpy(dtype=np.int64)
    order = np.lexsort((keys, lengths, bigger_first, tier[hit]))[:limit]
    out = found.iloc[order][original].reset_index(drop=True)
    out["match"] = pd.Series([MATCH_TIERS[t] for t in tier[hit][order]], dtype=object)
    return out
