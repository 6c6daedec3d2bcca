"""What-if scenario in the URL: compact encoding, strict validation.

Numbers (``quote``, ``radius``, ``umweg``) are read by ``components.url_state.number_param``.

``plan=lon,lat,places,t;…`` (t = Trägerart: o öffentlich, f frei-gemeinnützig,
p privat, u unbekannt; may be left out = unbekannt) and ``zu=id,id`` (facility
ids to close). At most :data:`MAX_ENTRIES` entries each; anything malformed is
dropped with a German note, never passed on. No Streamlit import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ENTRIES = 20
MAX_RAW = 1200
CAPACITY_RANGE = (1, 2000)
OPERATOR_CODES = {"o": "öffentlich", "f": "frei-gemeinnützig", "p": "privat", "u": "unbekannt"}
CODE_OF = {v: k for k, v in OPERATOR_CODES.items()}
_ENTRY = re.compile(
    r"^(-?\d{1,3}(?:\.\d{1,7})?),(-?\d{1,2}(?:\.\d{1,7})?),(\d{1,4})(?:,([ofpu]))?$"
)
_ID = re.compile(r"^[A-Za-z0-9_:.\-]{1,60}$")


@dataclass(frozen=True)
class PlanEntry:
    """A planned facility as read from the URL (area not yet assigned)."""

    lon: float
    lat: float
    capacity: int
    operator_type: str


def parse_plan(raw: str | None) -> tuple[list[PlanEntry], list[str]]:
    """Planned facilities and German notes on what was dropped.

    >>> parse_plan("13.4,52.5,100,o;x;13.41,52.51,0")
    ([PlanEntry(lon=13.4, lat=52.5, capacity=100, operator_type='öffentlich')], \
['Eintrag 2 ist ungültig', 'Eintrag 3: Platzzahl muss zwischen 1 und 2000 liegen'])
    """
    if not raw:
        return [], []
    if len(raw) > MAX_RAW:
        return [], ["der Planungs-Eintrag ist zu lang"]
    entries: list[PlanEntry] = []
    notes: list[str] = []
    parts = [p for p in raw.split(";") if p]
    for no, part in enumerate(parts, start=1):
        if len(entries) == MAX_ENTRIES:
            notes.append(
                f"höchstens {MAX_ENTRIES} geplante Einrichtungen; der Rest wurde ignoriert"
            )
            break
        m = _ENTRY.match(part)
        if m is None:
            notes.append(f"Eintrag {no} ist ungültig")
            continue
        lon, lat, cap = float(m[1]), float(m[2]), int(m[3])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            notes.append(f"Eintrag {no}: Koordinaten außerhalb des gültigen Bereichs")
        elif not CAPACITY_RANGE[0] <= cap <= CAPACITY_RANGE[1]:
            notes.append(f"Eintrag {no}: Platzzahl muss zwischen 1 und 2000 liegen")
        else:
            entries.append(PlanEntry(lon, lat, cap, OPERATOR_CODES[m[4] or "u"]))
    return entries, notes


def format_plan(entries: list[PlanEntry]) -> str:
    """Inverse of :func:`parse_plan` (coordinates to 5 decimals, about 1 m).

    >>> format_plan([PlanEntry(13.4, 52.5, 100, "öffentlich")])
    '13.40000,52.50000,100,o'
    """
    return ";".join(
        f"{e.lon:.5f},{e.lat:.5f},{e.capacity},{CODE_OF.get(e.operator_type, 'u')}" for e in entries
    )


def parse_closures(raw: str | None) -> tuple[list[str], list[str]]:
    """Facility ids to close (well-formed, unique, at most 20) and notes.

    >>> parse_closures("kita:1,kita:1,'; DROP TABLE x")
    (['kita:1'], ['Kennung 3 ist ungültig'])
    """
    if not raw:
        return [], []
    if len(raw) > MAX_RAW:
        return [], ["die Liste der geschlossenen Einrichtungen ist zu lang"]
    ids: list[str] = []
    notes: list[str] = []
    for no, part in enumerate(raw.split(","), start=1):
        if not _ID.match(part):
            notes.append(f"Kennung {no} ist ungültig")
        elif part not in ids:
            if len(ids) == MAX_ENTRIES:
                notes.append(f"höchstens {MAX_ENTRIES} Schließungen; der Rest wurde ignoriert")
                break
            ids.append(part)
    return ids, notes
