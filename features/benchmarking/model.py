"""What a view of "Kommunen vergleichen" consists of: typed, parsed once, passed down.

:class:`Kommune` (level and AGS), :class:`PeerChoice` (how the peer group is built) and
:class:`PeerView` (everything the URL holds). Widget keys come from :data:`KEYS` (``bench.…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import pandas as pd

from components.url_state import StateKeys, list_value
from data_layer.keys import local_id, store_area_id
from indicators.peers.groups import PeerDefinition, PeerMode

#: session-state keys of the page: ``KEYS("ags")`` → ``"bench.ags"``
KEYS = StateKeys("bench")

Level = Literal["Kreis", "Gemeinde"]
LEVELS: tuple[Level, ...] = ("Kreis", "Gemeinde")
LEVEL_LABEL: dict[Level, str] = {"Kreis": "Kreise und kreisfreie Städte", "Gemeinde": "Gemeinden"}

MapExtent = Literal["Land", "Deutschland"]
#: map extents at Gemeinde level (URL parameter ``karte``)
MAP_EXTENTS: tuple[MapExtent, ...] = ("Land", "Deutschland")


PartKey = Literal["lage", "entwicklung", "karte"]
#: the parts of the page below the peer group, one tab each (URL parameter ``teil``); only the
#: open one is computed and drawn, so a change of the peer group redraws one part, not three
PARTS: dict[PartKey, str] = {
    "lage": "Lage im Vergleich",
    "entwicklung": "Zeitreihe und Entwicklung",
    "karte": "Karte",
}


def as_part(value: object) -> PartKey:
    """The part named by a URL token or a tab label (anything else: ``"lage"``)."""
    for key, label in PARTS.items():
        if value in (key, label):
            return key
    return "lage"


def as_level(value: object) -> Level:
    """The level named by a widget value (anything else: ``"Kreis"``)."""
    return "Gemeinde" if value == "Gemeinde" else "Kreis"


def as_extent(value: object) -> MapExtent:
    """The map extent named by a widget value (anything else: ``"Land"``)."""
    return "Deutschland" if value == "Deutschland" else "Land"


class PeerToken(StrEnum):
    """A peer mode as written in the URL (``gruppe=land,typ``) and kept in ``bench.gruppe``."""

    LAND = "land"
    TYP = "typ"
    GROESSE = "groesse"
    EINWOHNER = "einwohner"
    AEHNLICH = "aehnlich"
    KREIS = "kreis"

    @property
    def mode(self) -> PeerMode:
        """The mode of :mod:`indicators.peers.groups`."""
        return _MODE[self]

    @property
    def label(self) -> str:
        """German label of the multiselect."""
        return _LABEL[self]


_MODE = {
    PeerToken.LAND: PeerMode.LAND,
    PeerToken.TYP: PeerMode.TYPE,
    PeerToken.GROESSE: PeerMode.SIZE,
    PeerToken.EINWOHNER: PeerMode.POPULATION,
    PeerToken.AEHNLICH: PeerMode.SIMILAR,
    PeerToken.KREIS: PeerMode.KREIS,
}
_LABEL = {
    PeerToken.LAND: "gleiches Land",
    PeerToken.TYP: "gleicher Typ",
    PeerToken.GROESSE: "ähnliche Größe",
    PeerToken.EINWOHNER: "ähnliche Einwohnerzahl (halb bis doppelt so viele)",
    PeerToken.AEHNLICH: "strukturell ähnlich",
    PeerToken.KREIS: "gleicher Kreis (Gemeinden im Kreis)",
}
#: URL tokens in the order of the multiselect
PEER_TOKENS: tuple[str, ...] = tuple(t.value for t in PeerToken)


def level_tokens(level: Level) -> tuple[str, ...]:
    """Peer tokens offered on a level ("gleicher Kreis" only for Gemeinden)."""
    if level == "Gemeinde":
        return PEER_TOKENS
    return tuple(t for t in PEER_TOKENS if t != PeerToken.KREIS)


def token_label(token: str) -> str:
    """German label of a URL token (format function of the multiselect)."""
    return PeerToken(token).label


def kommune_id(system: str, ags: str) -> str:
    """Store area id of a Kommune in the Kommunen system: ``"09162"`` → ``"<system>:09162"``."""
    return store_area_id(system, ags)


def kommune_ags(area_id: str) -> str:
    """AGS of a Kommune's store area id: ``"<system>:09162"`` → ``"09162"``."""
    return local_id(area_id)


@dataclass(frozen=True)
class Indicator:
    """The catalogue entry of one indicator, as the page uses it."""

    indicator_id: str
    name: str
    short_name: str
    unit: str
    decimals: int
    polarity: str
    source: str
    data_date: str

    @classmethod
    def of(cls, catalogue: pd.DataFrame, indicator_id: str) -> Indicator:
        """The entry of ``indicator_id`` in a catalogue indexed by ``indicator_id``."""
        found = catalogue.loc[indicator_id]  # one row as a Series (fast; called per option)
        row = found.iloc[0] if isinstance(found, pd.DataFrame) else found
        return cls(
            indicator_id=indicator_id,
            name=str(row["name"]),
            short_name=str(row["short_name"]),
            unit=str(row["unit"]),
            decimals=int(row["decimals"]),
            polarity=str(row["polarity"]),
            source=str(row["source"]),
            data_date=str(row["data_date"]),
        )

    @property
    def label(self) -> str:
        """ "Arbeitslosenquote (%)" – short name with unit."""
        return f"{self.short_name} ({self.unit})"

    @property
    def source_meta(self) -> dict[str, str]:
        """Source and data date (for ``components.charts.source_line``)."""
        return {"source": self.source, "data_date": self.data_date}


@dataclass(frozen=True)
class Kommune:
    """The own Kommune: level, AGS (``local_id``) and the Kommunen system it belongs to."""

    level: Level
    ags: str
    system: str

    @property
    def area_id(self) -> str:
        """Its store area id (``<system>:<AGS>``)."""
        return kommune_id(self.system, self.ags)

    def id_of(self, ags: str) -> str:
        """Store area id of another Kommune of the same system."""
        return kommune_id(self.system, ags)


@dataclass(frozen=True)
class PeerChoice:
    """What the user chose for the peer group (AGS lists)."""

    modes: tuple[PeerToken, ...]
    k: int
    features: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...] = ()

    @property
    def similar(self) -> bool:
        """Whether "strukturell ähnlich" is part of the choice."""
        return PeerToken.AEHNLICH in self.modes

    def definition(self, level: Level) -> PeerDefinition:
        """The automatic part of the group (without added and removed Kommunen)."""
        return PeerDefinition(
            modes=tuple(m.mode for m in self.modes),
            k=self.k,
            columns=self.features,
            size_scale="kreis" if level == "Kreis" else "gemeinde",
        )


@dataclass(frozen=True)
class PeerView:
    """Everything the URL of the page holds."""

    kommune: Kommune
    choice: PeerChoice
    domain: str
    year: int
    indicator: str | None
    #: (von, bis) when the indicator has at least two periods
    period: tuple[str, str] | None
    #: map extent at Gemeinde level (Kreise: always all of Germany)
    extent: MapExtent | None
    #: the open part (tab) of the page
    part: PartKey = "lage"

    def params(self) -> dict[str, str | None]:
        """URL parameters of the view (``None``: removed from the URL)."""
        choice = self.choice
        params: dict[str, str | None] = {}
        if self.period is not None:  # written first, as the section draws before the map
            params |= {"von": self.period[0], "bis": self.period[1]}
        return params | {
            "ebene": self.kommune.level,
            "ags": self.kommune.ags,
            "gruppe": list_value(choice.modes),
            "k": str(choice.k) if choice.similar else None,
            "merkmale": ",".join(choice.features) if choice.similar else None,
            "dazu": ",".join(choice.added),
            "weg": ",".join(choice.removed),
            "bereich": self.domain or "alle",  # position.ALL_DOMAINS
            "jahr": str(self.year),
            "indikator": self.indicator,
            "karte": self.extent,
            "teil": self.part,
        }
