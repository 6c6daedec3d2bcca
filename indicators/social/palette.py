"""Map palettes for classified choropleths (ColorBrewer, colour-blind safe) and text contrast.

Colours are RGB tuples of ints 0-255; class ``0`` is the lowest value class.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = [
    "MAX_K",
    "NO_DATA_COLOR",
    "POLARITIES",
    "RGB",
    "Polarity",
    "palette",
    "text_color_for",
]

#: largest number of classes a palette offers (same as :data:`classify.MAX_K`)
MAX_K = 9

RGB = tuple[int, int, int]

#: Grey for "keine Angabe" – achromatic, so it cannot be mistaken for a class colour.
NO_DATA_COLOR: RGB = (204, 204, 204)

# ColorBrewer 9-class sequential schemes (Cynthia Brewer, colorbrewer2.org, "YlOrRd"
# and "Blues"; both flagged colour-blind safe).  For k < 9, evenly spaced entries are used.
_YLORRD_9: tuple[RGB, ...] = (
    (255, 255, 204), (255, 237, 160), (254, 217, 118), (254, 178, 76), (253, 141, 60),
    (252, 78, 42), (227, 26, 28), (189, 0, 38), (128, 0, 38),
)  # fmt: skip
_BLUES_9: tuple[RGB, ...] = (
    (247, 251, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225), (107, 174, 214),
    (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107),
)  # fmt: skip
#: What a high value of an indicator means.
Polarity = Literal["higher_worse", "higher_better", "neutral"]
POLARITIES: tuple[Polarity, ...] = ("higher_worse", "higher_better", "neutral")


def palette(k: int, polarity: str) -> list[RGB]:
    """Colours for classes ``0 .. k-1`` (ascending values), as RGB tuples.

    ``"higher_worse"``: yellow→dark red, dark = high (bad).  ``"higher_better"``: the same
    colours reversed, so the *bad* (low) values are always the strong colour.
    ``"neutral"``: light→dark blue.

    >>> palette(3, "higher_worse")
    [(255, 255, 204), (253, 141, 60), (128, 0, 38)]
    >>> palette(3, "higher_better")[0]
    (128, 0, 38)
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ValueError(f"Die Klassenzahl muss eine ganze Zahl von 1 bis {MAX_K} sein.")
    if polarity not in POLARITIES:
        raise ValueError(f"Unbekannte Polarität {polarity!r}; erlaubt: {list(POLARITIES)}.")
    base = _BLUES_9 if polarity == "neutral" else _YLORRD_9
    if k == 1:
        picks = [4]
    else:
        picks = [round(i * 8 / (k - 1)) for i in range(k)]
    colours = [base[i] for i in picks]
    return colours[::-1] if polarity == "higher_better" else colours


def _relative_luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255.0
        return s / 12.92 if s <= 0.04045 else float(((s + 0.055) / 1.055) ** 2.4)

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_color_for(rgb: RGB) -> RGB:
    """Black or white text colour, whichever has the higher WCAG 2 contrast on ``rgb``.

    The better of the two always reaches at least 4.58:1 (> 4.5:1, WCAG AA).

    >>> text_color_for((128, 0, 38)), text_color_for((255, 255, 204))
    ((255, 255, 255), (0, 0, 0))
    """
    if len(rgb) != 3 or any(not isinstance(c, int | np.integer) or not 0 <= c <= 255 for c in rgb):
        raise ValueError("Farbe muss ein RGB-Tupel aus drei ganzen Zahlen 0-255 sein.")
    lum = _relative_luminance(rgb)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return (0, 0, 0) if on_black >= on_white else (255, 255, 255)
