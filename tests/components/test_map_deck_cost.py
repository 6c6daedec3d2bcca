"""Building a map's deck does not search the import path again for each deck (#17)."""

from __future__ import annotations

import builtins
from typing import Any

import pytest


def test_a_deck_asks_for_the_jupyter_widget_once_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from components.maps import layers

    layers.CompactDeck(layers=[], map_style=None)  # the one ask of this process
    asked: list[str] = []
    real_import = builtins.__import__

    def counting_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "widget" or name.endswith(".widget"):
            asked.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", counting_import)
    decks = [layers.CompactDeck(layers=[], map_style=None) for _ in range(5)]
    assert asked == []
    assert all(d.map_style is None for d in decks)  # still a complete deck
