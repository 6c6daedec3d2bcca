"""Area keys: the one place that turns a local key (AGS, LOR number) into a store area id.

Used by the build (packages, adapters) and by the app (a Kommune picked by its AGS).
"""

from __future__ import annotations


def store_area_id(system_code: str, local_id: str) -> str:
    """Return the store-wide area id of ``local_id`` in area system ``system_code``.

    >>> store_area_id("lor2021", "01100101")
    'lor2021:01100101'
    >>> store_area_id("de2024", "11000")
    'de2024:11000'
    >>> store_area_id("lor2021", "vg2024:11000000")
    'vg2024:11000000'
    """
    return local_id if ":" in local_id else f"{system_code}:{local_id}"


def local_id(area_id: str) -> str:
    """The local key of a store area id (the part after the system code).

    >>> local_id("de2024:11000")
    '11000'
    """
    return area_id.split(":", 1)[1] if ":" in area_id else area_id
