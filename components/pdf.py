"""A4 PDF documents (fpdf2) with a Unicode font: umlauts, ß, €, en dash and minus sign print.

Generic: a :class:`Document` of a title, an optional image and sections with tables;
:func:`render` lays it out with "Seite n von N", data version and permalink on every page.
No streamlit import; fpdf2 is loaded with the first PDF (``components.pdf_layout``). Fonts: DejaVu Sans shipped in ``assets/fonts`` (licence file there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONT = "DejaVu"
MARGIN = 15.0
TEXT = (0, 0, 0)
GREY = (90, 90, 90)
RULE = (0, 114, 178)


@dataclass(frozen=True)
class Section:
    """A heading, a plain-language note and an optional table (all cells already formatted)."""

    heading: str
    note: str = ""
    table: pd.DataFrame | None = None
    image_png: bytes | None = None  # e.g. one map per section (Zielbericht)
    image_caption: str = ""
    new_page: bool = False  # start the section on a new page (one slide per page in a handout)


@dataclass(frozen=True)
class Document:
    """Everything a profile PDF shows; ``footer`` is printed on every page."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer: str
    image_png: bytes | None = None
    image_caption: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)
    permalink: str = ""


def render(doc: Document) -> bytes:
    """The document as PDF bytes (A4 portrait)."""
    from components import pdf_layout  # fpdf2 only when a PDF is made

    return pdf_layout.render(doc)
