"""No English placeholder ("Choose options", "Choose an option") in any selection field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages.conftest import open_page

ENGLISH = {"Choose options", "Choose an option", "Select...", "Choose an option..."}
VIEWS = [
    ("pages/sozialraeume.py", {}),
    ("pages/sozialraeume.py", {"bereich": "profil"}),
    ("pages/sozialraeume.py", {"bereich": "index"}),
    ("pages/sozialraeume.py", {"bereich": "typen"}),
    ("pages/bedarf_angebot.py", {}),
    ("pages/benchmarking.py", {"ebene": "Gemeinde", "ags": "09162000", "dazu": "09184119"}),
    ("pages/projektion.py", {}),
    ("pages/indikatoren.py", {}),
]


@pytest.mark.parametrize(("page", "params"), VIEWS, ids=[f"{p}-{q}" for p, q in VIEWS])
def test_selection_fields_have_german_placeholders(
    demo_env: Path, page: str, params: dict[str, str]
) -> None:
    at = open_page(page, params)
    fields = [*at.get("multiselect"), *at.get("selectbox")]
    assert fields, "keine Auswahlfelder gefunden"
    english = [
        (f.proto.label, f.proto.placeholder) for f in fields if f.proto.placeholder in ENGLISH
    ]
    assert english == []
    multis = at.get("multiselect")
    assert all(m.proto.placeholder for m in multis), [m.proto.label for m in multis]
