"""Housing projects of the page Bevölkerungsprognose as URL text (no streamlit).

The list lives in the URL parameter ``neubau`` and in ``proj.neubau`` as
``"01100101:2027:200:2.0;…"``: local key of the area, year of completion, dwellings,
persons per dwelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from indicators.projection.inputs import HousingProject

MAX_HOUSING = 8
_HOUSING_ITEM = re.compile(r"^(\d{1,12}):(20\d\d):(\d{1,5}):(\d(?:\.\d{1,2})?)$")


def parse_housing(text: str, local_to_area: Mapping[str, str]) -> tuple[HousingProject, ...]:
    """``"01100101:2027:200:2.0;…"`` (local key, year, dwellings, persons per dwelling) → projects.

    ``local_to_area``: local key → store area id of the areas that may get a project.
    Unknown areas and malformed items are skipped; at most :data:`MAX_HOUSING`.

    >>> parse_housing("01:2027:200:2.0;x;02:2030:10:1.5", {"01": "lor:01"})
    (HousingProject(area_id='lor:01', year=2027, dwellings=200.0, occupancy=2.0),)
    """
    out: list[HousingProject] = []
    for item in text.split(";")[: MAX_HOUSING * 2]:
        m = _HOUSING_ITEM.match(item.strip())
        if m and m.group(1) in local_to_area and len(out) < MAX_HOUSING:
            out.append(
                HousingProject(
                    local_to_area[m.group(1)], int(m.group(2)), float(m.group(3)), float(m.group(4))
                )
            )
    return tuple(out)


def housing_item_ok(item: str) -> bool:
    """Is one ``"PLR:year:dwellings:occupancy"`` item well formed (area not checked)?

    >>> housing_item_ok("01100101:2027:200:2.0"), housing_item_ok("gibt_es_nicht")
    (True, False)
    """
    return _HOUSING_ITEM.match(item.strip()) is not None


def clean_housing(text: str) -> tuple[str, bool]:
    """The well-formed items of ``text`` (at most :data:`MAX_HOUSING`) and whether any was dropped.

    >>> clean_housing("01:2027:200:2.0; x ;02:2030:10:1.5")
    ('01:2027:200:2.0;02:2030:10:1.5', True)
    >>> clean_housing("")
    ('', False)
    """
    items = [i for i in text.split(";") if i.strip()]
    kept = [i.strip() for i in items if housing_item_ok(i)][:MAX_HOUSING]
    return ";".join(kept), len(kept) != len(items)


def format_housing(projects: Sequence[tuple[str, int, int, float]]) -> str:
    """Inverse of :func:`parse_housing` on (local key, year, dwellings, occupancy) tuples.

    >>> format_housing([("01", 2027, 200, 2.0), ("02", 2030, 10, 1.25)])
    '01:2027:200:2;02:2030:10:1.25'
    """
    return ";".join(
        f"{loc}:{y}:{int(d)}:{o:.2f}".rstrip("0").rstrip(".") for loc, y, d, o in projects
    )
