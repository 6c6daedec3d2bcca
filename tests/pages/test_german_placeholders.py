"""No English placeholder ("Choose options", "Choose an option") in any selection field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages.conftest import open_page

ENGLISH = {"Choose options", "Choose an option", "Select...", "Choose an option..."}
VIEWS = [
    ("features/areas/page.py", {}),
    ("features/areas/page.py", {"bereich": "profil"}),
    ("features/areas/page.py", {"bereich": "index"}),
    ("features/areas/page.py", {"bereich": "typen"}),
    ("features/demand_supply/page.py", {}),
    ("features/benchmarking/page.py", {"ebene": "Gemeinde", "ags": "09162000", "dazu": "09184119"}),
    ("features/projection/page.py", {}),
    ("features/catalogue/page.py", {}),
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
